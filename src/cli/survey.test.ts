// The survey commands in-process against a PostgreSQL server: validate names file, path and problem; a round
// opened prints its id alone on the last line; recipients are imported all or nothing with line-numbered
// errors; links are printed once as CSV; status, close and publish say what they did; and an unknown round, bad
// dates, a bad CSV and a file that is not a questionnaire exit 1 (a missing option 2) with a message saying what.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile, repoRoot } from '../../test/support/app.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { exitCodes } from './exit-codes.ts';
import { runMain } from '../../test/support/cli.ts';

let env: NodeJS.ProcessEnv;
let dir: string;

const run = (args: string[]) => runMain(args, env);

beforeAll(async () => {
  env = { DATABASE_URL: await createServerDatabase() };
  dir = await mkdtemp(path.join(tmpdir(), 'survey-cli-'));
  expect((await run(['strategy', 'load', ballerupFile])).code).toBe(exitCodes.ok);
}, 120_000);

describe('survey validate', () => {
  it('passes the bundled questionnaires', async () => {
    const files = ['boligsocial-deltagelse', 'foreningsdemokrati', 'fvu-sprogtilbud'].map((f) =>
      path.join(repoRoot, 'surveys', `${f}.json`),
    );
    const r = await run(['survey', 'validate', ...files]);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.out[2]).toMatch(
      /fvu-sprogtilbud\.json: ok — fvu-sprogtilbud: 1 pages, 4 questions, 2 indicator feeds$/,
    );
  });

  it('names the file, the path and the problem, and refuses a file that is not a questionnaire', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({
        id: 'bad',
        kind: 'survey',
        strategy: 'x',
        title: 'Bad',
        pages: [
          {
            name: 'p',
            elements: [
              { type: 'radiogroup', name: 'a', title: 'A', choices: ['ja', 'nej'] },
              { type: 'slider', name: 'b', title: 'B' },
            ],
          },
          {
            name: 'q',
            elements: [
              { type: 'text', name: 'a', title: 'A igen' },
              { type: 'text', name: 'c', title: 'C', visibleIf: "{mangler} = 'ja'" },
            ],
          },
        ],
        indicatorFeeds: [],
      }),
    );
    const r = await run(['survey', 'validate', bad]);
    expect(r.code).toBe(exitCodes.invalidInput);
    expect(r.err).toContain(`${bad}: pages[0].elements[1].type: unknown question type "slider"`);
    const fixed = path.join(dir, 'dup.json');
    await writeFile(
      fixed,
      JSON.stringify({
        id: 'dup',
        kind: 'survey',
        strategy: 'x',
        title: 'Dup',
        pages: [
          { name: 'p', elements: [{ type: 'radiogroup', name: 'a', title: 'A', choices: ['ja', 'nej'] }] },
          {
            name: 'q',
            elements: [
              { type: 'text', name: 'a', title: 'A igen' },
              { type: 'text', name: 'c', title: 'C', visibleIf: "{mangler} = 'ja'" },
            ],
          },
        ],
        indicatorFeeds: [],
      }),
    );
    const dup = await run(['survey', 'validate', fixed]);
    expect(dup.code).toBe(exitCodes.invalidInput);
    expect(dup.err).toContain(
      `${fixed}: pages[1].elements[0].name: duplicate question name "a" (also pages[0].elements[0])`,
    );
    expect(dup.err).toContain(
      `${fixed}: pages[1].elements[1].visibleIf: names a question that does not exist: "{mangler}"`,
    );
    const notJson = await run(['survey', 'validate', ballerupFile]);
    expect(notJson.code).toBe(exitCodes.invalidInput);
    expect(notJson.err).toContain(`${ballerupFile}: (file): not valid JSON`);
  });
});

describe('a survey round from the command line', () => {
  it('opens, imports, issues links, reports, closes and publishes', async () => {
    const opened = await run([
      'survey',
      'round',
      'open',
      'foreningsdemokrati',
      '--opens',
      '2026-01-01',
      '--closes',
      '2099-12-31',
      '--name',
      'Foreninger 2026',
      '--period',
      '2026',
    ]);
    expect(opened.err).toBe('');
    expect(opened.code).toBe(exitCodes.ok);
    expect(opened.out[0]).toBe('registered foreningsdemokrati as version 1');
    const id = opened.out.at(-1) ?? '';
    expect(id).toMatch(/^\d+$/);

    const badCsv = path.join(dir, 'bad.csv');
    await writeFile(
      badCsv,
      'organisation,type,area,contact,email\nIF Ballerup,idræt,151,Ane,ane@if\nKlub,idræt,,Bo,bo@klub.dk\n',
    );
    const refused = await run(['survey', 'recipients', 'import', id, badCsv]);
    expect(refused.code).toBe(exitCodes.invalidInput);
    expect(refused.err.split('\n')).toEqual([
      `error: ${badCsv}: the recipients were refused; nothing was stored`,
      'line 2: "ane@if" is not an e-mail address',
      'line 3: "area" is missing',
    ]);
    const missing = await run(['survey', 'recipients', 'import', id, path.join(dir, 'none.csv')]);
    expect(missing.code).toBe(exitCodes.invalidInput);
    expect(missing.err).toContain('ENOENT');

    const goodCsv = path.join(dir, 'good.csv');
    await writeFile(
      goodCsv,
      '\uFEFForganisation,type,område,kontaktperson,e-mail\nIF Ballerup,idræt,151,Ane,ane@if.dk\n"Kultur, Syd",kultur,Ballerup,Bo,bo@kultur.dk\n=SUM(A1),social,151,Cai,cai@social.dk\n',
    );
    const imported = await run(['survey', 'recipients', 'import', id, goodCsv]);
    expect(imported.out).toEqual([
      `${goodCsv}: 3 recipients added to survey round ${id} (utf-8, ","-separated)`,
    ]);

    const noAddress = await run(['survey', 'links', id]);
    expect(noAddress.code).toBe(exitCodes.invalidInput);
    expect(noAddress.err).toContain('give --base-url <url> or set PUBLIC_URL');
    const links = await run([
      'survey',
      'links',
      id,
      '--format',
      'csv',
      '--base-url',
      'https://pejlemaerke.ballerup.dk',
    ]);
    expect(links.code).toBe(exitCodes.ok);
    expect(links.out[0]).toBe('recipient,organisation,contact,email,link');
    expect(links.out).toHaveLength(4);
    expect(links.out[2]).toMatch(
      /^\d+,"Kultur, Syd",Bo,bo@kultur\.dk,https:\/\/pejlemaerke\.ballerup\.dk\/svar\/[\w-]{43}$/,
    );
    expect(links.out[3]).toMatch(/^\d+,'=SUM\(A1\),Cai,/);
    expect(links.err).toBe('issued 3 links');
    const again = await run(['survey', 'links', id, '--base-url', 'https://pejlemaerke.ballerup.dk']);
    expect(again.out).toEqual(['issued 0 links; 3 recipients hold a link already (new ones with --reissue)']);
    // PUBLIC_URL gives the address when --base-url is left out.
    const saved = env;
    env = { ...env, PUBLIC_URL: 'https://pejlemaerke.ballerup.dk' };
    const reissued = await run(['survey', 'links', id, '--reissue']);
    env = saved;
    expect(reissued.out[0]).toMatch(/\thttps:\/\/pejlemaerke\.ballerup\.dk\/svar\/[\w-]{43}$/);
    const http = await run(['survey', 'links', id, '--base-url', 'http://example.dk']);
    expect(http.code).toBe(exitCodes.invalidInput);

    const status = await run(['survey', 'status', id]);
    expect(status.out).toContain('in all\t3 recipients\t0 answered\t0 begun\t0 %');
    expect(status.out).toContain('type idræt\t1 recipients\t0 answered\t0 begun\t0 %');
    const json = JSON.parse((await run(['survey', 'status', id, '--json'])).out.join('\n')) as {
      total: { recipients: number };
      byArea: { key: string }[];
    };
    expect(json.total.recipients).toBe(3);
    expect(json.byArea.map((a) => a.key)).toEqual(['151']);

    const early = await run(['survey', 'publish', id]);
    expect(early.code).toBe(exitCodes.invalidInput);
    expect(early.err).toBe(
      `error: survey round ${id} is still open; close it first (pejlemaerke survey close ${id})`,
    );
    expect((await run(['survey', 'close', id])).out).toEqual([`closed survey round ${id} "Foreninger 2026"`]);
    const closedTwice = await run(['survey', 'close', id]);
    expect(closedTwice.code).toBe(exitCodes.invalidInput);
    const published = await run(['survey', 'publish', id]);
    expect(published.err).toBe('');
    expect(published.out[0]).toMatch(
      new RegExp(
        `^published survey round ${id} as import batch \\d+: 3 figures \\(3 suppressed: fewer than 3 organisations\\) from 0 of 3 recipients$`,
      ),
    );
    const twice = await run(['survey', 'publish', id]);
    expect(twice.out[0]).toMatch(/was published already \(import batch \d+\); nothing new stored$/);

    const exported = path.join(dir, 'svar.csv');
    expect((await run(['survey', 'export', id, '--out', exported])).code).toBe(exitCodes.ok);
    expect((await run(['survey', 'export', id, '--out', exported])).err).toContain('exists already');
    const workbook = path.join(dir, 'svar.xlsx');
    expect((await run(['survey', 'export', id, '--format', 'xlsx', '--out', workbook])).out).toEqual([
      `wrote ${workbook}`,
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(workbook);
    expect(book.getWorksheet('svar')?.getRow(1).getCell(1).value).toBe('organisation');
    expect(book.getWorksheet('svar')?.rowCount).toBe(4);
    const badFormat = await run(['survey', 'export', id, '--format', 'pdf', '--out', path.join(dir, 'x')]);
    expect(badFormat.code).toBe(exitCodes.invalidInput);
    expect(badFormat.err).toBe('error: --format: expected csv or xlsx, got "pdf"');

    // Retention: published just now, so nothing is due; a named round is purged at once, after a dry run.
    expect((await run(['survey', 'purge', '--dry-run'])).out).toEqual([
      'no published round is older than 365 days; nothing to delete',
    ]);
    const dry = await run(['survey', 'purge', '--round', id, '--dry-run']);
    expect(dry.out[0]).toMatch(
      new RegExp(
        `^survey round ${id} "Foreninger 2026" \\(published \\d{4}-\\d{2}-\\d{2}\\): would delete 0 answers, the contact data of 3 recipients and 0 delivery log entries$`,
      ),
    );
    expect((await run(['survey', 'purge', '--round', id])).out).toEqual([
      `survey round ${id} "Foreninger 2026": deleted 0 answers, the contact data of 3 recipients and 0 delivery log entries; its published figures are kept`,
    ]);
    const afterPurge = await run(['survey', 'export', id, '--out', path.join(dir, 'igen.csv')]);
    expect(afterPurge.code).toBe(exitCodes.invalidInput);
    expect(afterPurge.err).toMatch(/^error: the raw answers of survey round \d+ were deleted on /);

    const list = await run(['survey', 'list']);
    expect(list.out.find((l) => l.startsWith('foreningsdemokrati\t'))).toMatch(
      /^foreningsdemokrati\tsurvey\tversion 1\t\S/,
    );
    expect(list.out.find((l) => l.startsWith('fvu-sprogtilbud\t'))).toMatch(
      /^fvu-sprogtilbud\tcount-report\tnot registered\t/,
    );
    expect(list.out.some((l) => l.startsWith(`round ${id}\tpublished\t2026-01-01 – 2099-12-31`))).toBe(true);
    const listed = JSON.parse((await run(['survey', 'list', '--json'])).out.join('\n')) as {
      rounds: { id: string }[];
    };
    expect(listed.rounds.map((r) => r.id)).toContain(id);
  }, 120_000);

  it('refuses to purge an unknown round, and a retention or minimum that is not a whole number in range', async () => {
    const unknown = await run(['survey', 'purge', '--round', '9999']);
    expect(unknown.code).toBe(exitCodes.invalidInput);
    expect(unknown.err).toBe('error: survey round "9999" not found');
    const saved = env;
    env = { ...env, SURVEY_RETENTION_DAYS: '0', SURVEY_MIN_RESPONDENTS: '2' };
    const bad = await run(['survey', 'purge', '--dry-run']);
    env = saved;
    expect(bad.code).not.toBe(exitCodes.ok);
    expect(bad.err).toContain('SURVEY_MIN_RESPONDENTS="2": expected a whole number from 3 to 1000');
    expect(bad.err).toContain('SURVEY_RETENTION_DAYS="0": expected a whole number from 1 to 36500');
  });

  it('refuses an unknown round, bad dates, closes before opens and an unknown questionnaire', async () => {
    const unknown = await run(['survey', 'status', '9999']);
    expect(unknown.code).toBe(exitCodes.invalidInput);
    expect(unknown.err).toBe('error: survey round "9999" not found');
    for (const cmd of [
      ['close', 'x'],
      ['publish', '0'],
      ['links', '77', '--base-url', 'https://a.dk'],
    ]) {
      const r = await run(['survey', ...cmd]);
      expect(r.code).toBe(exitCodes.invalidInput);
      expect(r.err).toMatch(/^error: survey round "\w+" not found$/);
    }
    const badDate = await run([
      'survey',
      'round',
      'open',
      'fvu-sprogtilbud',
      '--opens',
      '1. marts',
      '--closes',
      '2026-02-29',
    ]);
    expect(badDate.code).toBe(exitCodes.invalidInput);
    expect(badDate.err.split('\n')).toEqual([
      'error: the survey round was refused; nothing was stored',
      'opens: format (expected a date as YYYY-MM-DD, got "1. marts")',
      'closes: doesNotExist (expected a date as YYYY-MM-DD, got "2026-02-29")',
    ]);
    const backwards = await run([
      'survey',
      'round',
      'open',
      'fvu-sprogtilbud',
      '--opens',
      '2026-03-10',
      '--closes',
      '2026-03-01',
    ]);
    expect(backwards.err).toContain('closes: before opens (2026-03-01 < 2026-03-10)');
    const noSuch = await run([
      'survey',
      'round',
      'open',
      'ukendt',
      '--opens',
      '2026-03-01',
      '--closes',
      '2026-03-31',
    ]);
    expect(noSuch.code).toBe(exitCodes.invalidInput);
    expect(noSuch.err).toBe(
      'error: no questionnaire "ukendt"; bundled: boligsocial-deltagelse, foreningsdemokrati, fvu-sprogtilbud',
    );
    const notQuestionnaire = await run([
      'survey',
      'round',
      'open',
      path.join(dir, 'bad.json'),
      '--opens',
      '2026-03-01',
      '--closes',
      '2026-03-31',
    ]);
    expect(notQuestionnaire.code).toBe(exitCodes.invalidInput);
    expect(notQuestionnaire.err).toContain('not a usable questionnaire; nothing was stored');
    const noOpens = await run(['survey', 'round', 'open', 'fvu-sprogtilbud', '--closes', '2026-03-31']);
    expect(noOpens.code).toBe(exitCodes.usage);
  }, 60_000);
});
