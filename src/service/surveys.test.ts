// Surveys on both databases, through the service's entry points: the bundled questionnaires registered once per
// content, a round opened with checked dates, recipients imported all or nothing with every bad line named,
// links issued once and re-issued on request (the old one then unknown), answers checked and saved a page at a
// time — two saves at once leave one row — submitted, counted in the response rates, and published once as an
// import batch whose figure from fewer than three organisations is suppressed. A reader is refused and logged.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile, repoRoot } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from './errors.ts';
import { loadDefinitionFile } from './strategies.ts';
import {
  AnswerRefusedError,
  closeSurveyRound,
  exportAnswers,
  importRecipients,
  issueLinks,
  listQuestionnaires,
  lookupLink,
  openSurveyRound,
  publishSurveyRound,
  registerQuestionnaireFile,
  responseRates,
  saveAnswerPage,
  submitAnswer,
} from './surveys.ts';

const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const reader: Actor = { kind: 'user', id: 'oeu@ballerup.dk', roles: ['reader'], origin: '10.0.0.2' };
const visitor: Actor = { kind: 'anonymous', id: 'anonymous', origin: '192.0.2.7' };
const base = 'https://pejlemaerke.ballerup.dk';

const csv = (lines: readonly string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);
const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

describe.each(testDatabases)('surveys on $name', ({ open }) => {
  let database: Database;
  let dir: string;
  let clock = new Date('2026-03-02T09:00:00Z');
  const ctx = (actor: Actor = admin) => ({ database, actor, now: () => clock });

  beforeAll(async () => {
    database = await open();
    dir = await mkdtemp(path.join(tmpdir(), 'surveys-'));
    await cp(path.join(repoRoot, 'surveys'), dir, { recursive: true });
    await loadDefinitionFile(ctx(cliActor('tester')), ballerupFile);
  }, 120_000);
  afterAll(async () => database?.close());

  it('registers a questionnaire once per content, and a changed file as a new version', async () => {
    const file = path.join(dir, 'foreningsdemokrati.json');
    expect((await registerQuestionnaireFile(ctx(), file)).status).toBe('created');
    expect((await registerQuestionnaireFile(ctx(), file)).status).toBe('unchanged');
    // Layout alone does not count; a changed title does.
    const json = JSON.parse(await readFile(file, 'utf8')) as { title: { da: string } };
    await writeFile(file, JSON.stringify(json));
    expect((await registerQuestionnaireFile(ctx(), file)).status).toBe('unchanged');
    json.title.da = 'Foreningsdemokrati, anden udgave';
    await writeFile(file, JSON.stringify(json, null, 2));
    const changed = await registerQuestionnaireFile(ctx(), file);
    expect(changed).toMatchObject({ status: 'created', version: { version: 2 } });
    const listed = await listQuestionnaires(database, dir);
    expect(listed.find((q) => q.id === 'foreningsdemokrati')).toMatchObject({ version: 2, changed: false });
    expect(listed.find((q) => q.id === 'fvu-sprogtilbud')).toMatchObject({ version: undefined });
  });

  it('refuses a round with bad dates, closes before opens, or an unknown questionnaire', async () => {
    await expect(
      openSurveyRound(
        ctx(),
        { questionnaire: 'fvu-sprogtilbud', opens: '2026-02-30', closes: '2026-01-01' },
        { dir },
      ),
    ).rejects.toMatchObject({
      details: ['opens: doesNotExist (expected a date as YYYY-MM-DD, got "2026-02-30")'],
    });
    await expect(
      openSurveyRound(
        ctx(),
        { questionnaire: 'fvu-sprogtilbud', opens: '2026-03-10', closes: '2026-03-01' },
        { dir },
      ),
    ).rejects.toMatchObject({ details: ['closes: before opens (2026-03-01 < 2026-03-10)'] });
    await expect(
      openSurveyRound(ctx(), { questionnaire: 'ukendt', opens: '2026-03-01', closes: '2026-03-31' }, { dir }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      openSurveyRound(
        ctx(reader),
        { questionnaire: 'fvu-sprogtilbud', opens: '2026-03-01', closes: '2026-03-31' },
        { dir },
      ),
    ).rejects.toThrow(ForbiddenError);
    const refused = (await listAudit(database.db, 5)).find((e) => e.outcome === 'refused');
    expect(refused).toMatchObject({ actor: reader.id, action: 'survey.manage' });
  });

  it('runs a round from recipients to published figures', async () => {
    const { round } = await openSurveyRound(
      ctx(),
      { questionnaire: 'fvu-sprogtilbud', opens: '2026-03-03', closes: '2026-03-31', name: 'FVU 2026' },
      { dir },
    );
    expect(round).toMatchObject({ state: 'open', period: '2026', questionnaireVersion: 1, name: 'FVU 2026' });

    // A bad file is refused whole, each problem on its line.
    const bad = csv([
      'organisation;type;område;kontaktperson;e-mail',
      'VUC;udbyder;151;Ane;ane@vuc.dk',
      'AOF;udbyder;Herlev;Bo;bo@aof.dk',
      'Sprogcafé;frivillig;151;;cafe@example',
      'VUC;udbyder;151;Ane;ane@vuc.dk',
    ]);
    const refused = await importRecipients(ctx(), round.id, bad, 'modtagere.csv').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).details).toEqual([
      'line 3: area "Herlev" is not an area of the strategy (151 ballerup kommune)',
      'line 4: "contact" is missing',
      'line 4: "cafe@example" is not an e-mail address',
      'line 5: a duplicate of line 2 (VUC, ane@vuc.dk)',
    ]);
    expect((await responseRates(database, round.id)).total.recipients).toBe(0);

    // Windows-1252 with the Danish header, the area by name and by code.
    const good = Buffer.from(
      [
        'organisation;type;område;kontaktperson;e-mail',
        'VUC Vest;udbyder;151;Ane Ø;ane@vuc.dk',
        'AOF;udbyder;Ballerup;Bo Å;bo@aof.dk',
        '=Sprogcafé;frivillig;Ballerup Kommune;Cæcilie;cafe@example.dk',
        'Lektiecafé;frivillig;151;Dan;dan@example.dk',
      ].join('\r\n'),
      'latin1',
    );
    expect(await importRecipients(ctx(), round.id, good, 'modtagere.csv')).toEqual({
      added: 4,
      encoding: 'windows-1252',
      delimiter: ';',
    });
    const again = await importRecipients(ctx(), round.id, good, 'modtagere.csv').catch((e: unknown) => e);
    expect((again as InvalidInputError).details[0]).toBe(
      'line 2: VUC Vest, ane@vuc.dk is already a recipient of the round',
    );

    const links = await issueLinks(ctx(), round.id, { baseUrl: base });
    expect(links.issued).toHaveLength(4);
    expect(links.issued[0]?.recipient.contactName).toBe('Ane Ø');
    for (const l of links.issued)
      expect(l.link).toMatch(/^https:\/\/pejlemaerke\.ballerup\.dk\/svar\/[A-Za-z0-9_-]{43}$/);
    expect((await issueLinks(ctx(), round.id, { baseUrl: base })).issued).toHaveLength(0);
    const stored = await sql<{ h: string }>`select encode(token_hash, 'hex') as h from survey_recipient
      where round_id = ${round.id}`.execute(database.db);
    for (const l of links.issued) {
      expect(stored.rows.map((r) => r.h).join()).not.toContain(Buffer.from(tokenOf(l.link)).toString('hex'));
    }
    const [vuc, aof, cafe, lektie] = links.issued.map((l) => tokenOf(l.link)) as [
      string,
      string,
      string,
      string,
    ];

    // Before the round opens, and an unknown token.
    expect((await lookupLink(database, vuc, clock)).state).toBe('not-yet-open');
    expect((await lookupLink(database, 'x'.repeat(43), clock)).state).toBe('unknown');
    await expect(saveAnswerPage(ctx(visitor), vuc, 0, {})).rejects.toThrow('the survey opens on 2026-03-03');
    clock = new Date('2026-03-05T09:00:00Z');
    expect((await lookupLink(database, vuc, clock)).state).toBe('open');

    // Re-issuing one link: the earlier one is unknown from then on.
    const reissued = await issueLinks(ctx(), round.id, {
      baseUrl: base,
      reissue: true,
      recipients: [links.issued[3]?.recipient.id ?? ''],
    });
    expect((await lookupLink(database, lektie, clock)).state).toBe('unknown');
    const lektie2 = tokenOf(reissued.issued[0]?.link ?? '');

    // Answers checked against the questionnaire.
    const refusedPage = await saveAnswerPage(ctx(visitor), vuc, 0, {
      tilbudstype: 'fvu-dansk',
      'brugere-i-alt': '-4',
      'registrerer-herkomst': 'true',
    }).catch((e: unknown) => e);
    expect(refusedPage).toBeInstanceOf(AnswerRefusedError);
    expect((refusedPage as AnswerRefusedError).problems.map((p) => [p.question, p.code])).toEqual([
      ['brugere-i-alt', 'too-small'],
      ['brugere-ikke-vestlig', 'required'],
    ]);
    await expect(submitAnswer(ctx(visitor), vuc)).rejects.toThrow(AnswerRefusedError);

    // Two saves of one recipient at once: one row.
    const page = {
      tilbudstype: 'fvu-dansk',
      'brugere-i-alt': '40',
      'registrerer-herkomst': 'true',
      'brugere-ikke-vestlig': '25',
    };
    await Promise.all([
      saveAnswerPage(ctx(visitor), vuc, 0, page),
      saveAnswerPage(ctx(visitor), vuc, 0, page),
    ]);
    const rows = await sql<{
      n: number;
    }>`select count(*)::int as n from survey_answer where round_id = ${round.id}`.execute(database.db);
    expect(rows.rows[0]?.n).toBe(1);
    const first = await submitAnswer(ctx(visitor), vuc);
    // A submitted answer may be changed while the round is open: still complete, it stays submitted, and
    // sending it again updates the same row with the new time.
    const changed = await saveAnswerPage(ctx(visitor), vuc, 0, {
      ...page,
      tilbudstype: 'frivilligt-sprogtilbud',
    });
    expect(changed).toMatchObject({
      answers: { tilbudstype: 'frivilligt-sprogtilbud' },
      submittedAt: first.submittedAt,
    });
    clock = new Date('2026-03-05T09:05:00Z');
    const resent = await submitAnswer(ctx(visitor), vuc);
    expect(resent.submittedAt).toEqual(clock);
    expect((await listAudit(database.db, 1))[0]).toMatchObject({ action: 'survey.submit' });
    const after = await sql<{
      n: number;
    }>`select count(*)::int as n from survey_answer where round_id = ${round.id}`.execute(database.db);
    expect(after.rows[0]?.n).toBe(1);

    const answer = async (token: string, a: Record<string, unknown>) => {
      await saveAnswerPage(ctx(visitor), token, 0, a);
      await submitAnswer(ctx(visitor), token);
    };
    await answer(aof, {
      tilbudstype: 'fvu-dansk',
      'brugere-i-alt': 30,
      'registrerer-herkomst': true,
      'brugere-ikke-vestlig': 10,
    });
    await answer(cafe, {
      tilbudstype: 'frivilligt-sprogtilbud',
      'brugere-i-alt': 12,
      'registrerer-herkomst': false,
    });
    await saveAnswerPage(ctx(visitor), lektie2, 0, {
      tilbudstype: 'frivilligt-sprogtilbud',
      'brugere-i-alt': 8,
      'registrerer-herkomst': false,
    });

    const rates = await responseRates(database, round.id);
    expect(rates.total).toEqual({ key: '*', recipients: 4, answered: 3, started: 1, rate: 0.75 });
    expect(rates.byArea).toEqual([{ key: '151', recipients: 4, answered: 3, started: 1, rate: 0.75 }]);
    expect(rates.byType.map((g) => [g.key, g.answered, g.recipients])).toEqual([
      ['frivillig', 1, 2],
      ['udbyder', 2, 2],
    ]);

    await expect(publishSurveyRound(ctx(), round.id)).rejects.toThrow('is still open; close it first');
    await closeSurveyRound(ctx(), round.id);
    expect((await lookupLink(database, aof, clock)).state).toBe('closed');
    await expect(saveAnswerPage(ctx(visitor), lektie2, 0, {})).rejects.toThrow('the survey is closed');
    await expect(closeSurveyRound(ctx(), round.id)).rejects.toThrow('is closed already');

    const published = await publishSurveyRound(ctx(), round.id);
    expect(published).toMatchObject({
      status: 'published',
      recipients: 4,
      respondents: 3,
      figures: 2,
      suppressed: 1,
    });
    const figures = await sql<{
      dims: Record<string, string>;
      value: number | null;
      missing_marker: string | null;
      area: string;
      period: string;
    }>`
      select dims, value, missing_marker, area, period from observation where batch_id = ${published.batchId}
      order by dims_key`.execute(database.db);
    expect(figures.rows).toEqual([
      // Kept beside the indicator's figure: the users of every provider, origin recorded or not.
      {
        dims: { group: 'all', question: 'brugere-i-alt' },
        value: 82,
        missing_marker: null,
        area: '151',
        period: '2026',
      },
      // The indicator's own figure (its target group); only two organisations record origin: suppressed, not 0.
      {
        dims: { group: 'target' },
        value: null,
        missing_marker: '<3',
        area: '151',
        period: '2026',
      },
    ]);
    const batch = await sql<{ source: string; source_table: string; query: string }>`
      select source, source_table, query from import_batch where id = ${published.batchId}`.execute(
      database.db,
    );
    expect(batch.rows[0]).toMatchObject({ source: 'survey', source_table: 'fvu-sprogtilbud' });
    expect(JSON.parse(batch.rows[0]?.query ?? '{}')).toMatchObject({
      questionnaire: 'fvu-sprogtilbud',
      version: 1,
      round: round.id,
      recipients: 4,
      respondents: 3,
      minimumRespondents: 3,
      areas: [{ area: '151', organisations: 4, responding: 3 }],
      cells: [
        {
          indicator: 'brugere-af-fvu-dansk-og-sprogtilbud',
          area: '151',
          dims: { group: 'target' },
          question: 'brugere-ikke-vestlig',
          respondents: 2,
          suppressed: true,
        },
        {
          indicator: 'brugere-af-fvu-dansk-og-sprogtilbud',
          area: '151',
          dims: { group: 'all', question: 'brugere-i-alt' },
          question: 'brugere-i-alt',
          respondents: 3,
          suppressed: false,
        },
      ],
    });

    const batches = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from import_batch`.execute(database.db)).rows[0]?.n;
    const before = await batches();
    expect(await publishSurveyRound(ctx(), round.id)).toMatchObject({
      status: 'already-published',
      batchId: published.batchId,
    });
    expect(await batches()).toBe(before);

    // The raw answers for an administrator, a formula-like cell made harmless; a reader is refused.
    const exported = await exportAnswers(ctx(), round.id);
    expect(exported.startsWith('\uFEFForganisation;type;omraade;')).toBe(true);
    expect(exported).toContain("\r\n'=Sprogcafé;frivillig;151;Cæcilie;cafe@example.dk;indsendt;");
    await expect(exportAnswers(ctx(reader), round.id)).rejects.toThrow(ForbiddenError);

    const actions = (await listAudit(database.db, 200)).map((e) => e.action);
    for (const a of [
      'survey.open',
      'survey.recipients',
      'survey.links',
      'survey.save',
      'survey.submit',
      'survey.close',
      'survey.publish',
      'survey.export',
    ])
      expect(actions).toContain(a);
  }, 120_000);

  it('names an unknown round', async () => {
    await expect(responseRates(database, '999')).rejects.toThrow('survey round "999" not found');
    await expect(closeSurveyRound(ctx(), 'abc')).rejects.toThrow(NotFoundError);
  });
});
