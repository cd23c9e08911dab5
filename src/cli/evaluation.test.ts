// The evaluation commands in-process against a PostgreSQL server: open prints the round id alone on its last
// line, freeze prints the content hash, the report is written as a tagged PDF and as a Word document (that one
// without Chromium too), and bad input — an unknown round, a bad period, a second freeze, an unknown format —
// exits 1 with a message that says what.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { exitCodes } from './exit-codes.ts';
import { runMain } from '../../test/support/cli.ts';

let env: NodeJS.ProcessEnv;
let dir: string;

const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => runMain(args, { ...env, ...extra });

beforeAll(async () => {
  env = { DATABASE_URL: await createServerDatabase() };
  dir = await mkdtemp(path.join(tmpdir(), 'evaluation-cli-'));
  expect((await run(['strategy', 'load', ballerupFile])).code).toBe(exitCodes.ok);
});

describe('evaluation commands', () => {
  it('opens, freezes and prints a round as PDF and as a Word document', async () => {
    const opened = await run([
      'evaluation',
      'open',
      '--name',
      'Evaluering 2023',
      '--from',
      '2021-01-01',
      '--to',
      '2023-12-31',
    ]);
    expect(opened.code).toBe(exitCodes.ok);
    const id = opened.out.at(-1) ?? '';
    expect(id).toMatch(/^\d+$/);
    const frozen = await run(['evaluation', 'freeze', id]);
    expect(frozen.code).toBe(exitCodes.ok);
    expect(frozen.out.at(-1)).toMatch(/^report content SHA-256 [0-9a-f]{64}$/);
    const again = await run(['evaluation', 'freeze', id]);
    expect(again.code).toBe(exitCodes.invalidInput);
    expect(again.err).toContain(`evaluation round ${id} is frozen; nothing was changed`);

    const out = path.join(dir, 'report.pdf');
    const printed = await run(['report', 'evaluation', '--round', id, '--format', 'pdf', '--out', out]);
    expect(printed.err).toBe('');
    expect(printed.code).toBe(exitCodes.ok);
    const bytes = await readFile(out);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('/StructTreeRoot');
    // The Word document needs no browser: written with Chromium missing, the same bytes twice.
    const docxOut = path.join(dir, 'report.docx');
    const written = await run(['report', 'evaluation', '--round', id, '--format', 'docx', '--out', docxOut], {
      CHROMIUM_PATH: '/nonexistent/chromium',
    });
    expect(written.err).toBe('');
    expect(written.code).toBe(exitCodes.ok);
    const docx = await readFile(docxOut);
    expect(docx.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    const sha = createHash('sha256').update(docx).digest('hex');
    expect(written.out[0]).toMatch(
      new RegExp(`^wrote .*report\\.docx \\(${docx.byteLength} bytes, SHA-256 ${sha}\\) in \\d+\\.\\d\\d s$`),
    );
    const rewritten = await run([
      'report',
      'evaluation',
      '--round',
      id,
      '--format',
      'docx',
      '--out',
      docxOut,
    ]);
    expect(rewritten.code).toBe(exitCodes.ok);
    expect(
      createHash('sha256')
        .update(await readFile(docxOut))
        .digest('hex'),
    ).toBe(sha);
    const listed = await run(['evaluation', 'list']);
    expect(listed.out.join('\n')).toContain(`${id}\tfrozen\t2021-01-01 – 2023-12-31`);
  }, 120_000);

  it('refuses an unknown round, a bad period, a bad format and a missing Chromium, saying what', async () => {
    const unknown = await run([
      'report',
      'evaluation',
      '--round',
      '9999',
      '--format',
      'pdf',
      '--out',
      path.join(dir, 'x.pdf'),
    ]);
    expect(unknown.code).toBe(exitCodes.invalidInput);
    expect(unknown.err).toBe('error: evaluation round "9999" not found');
    const unknownDocx = await run([
      'report',
      'evaluation',
      '--round',
      '9999',
      '--format',
      'docx',
      '--out',
      path.join(dir, 'x.docx'),
    ]);
    expect(unknownDocx.code).toBe(exitCodes.invalidInput);
    expect(unknownDocx.err).toBe('error: evaluation round "9999" not found');
    expect(existsSync(path.join(dir, 'x.docx'))).toBe(false);
    const badPeriod = await run([
      'evaluation',
      'open',
      '--name',
      'X',
      '--from',
      '2023-02-30',
      '--to',
      '2021-01-01',
    ]);
    expect(badPeriod.code).toBe(exitCodes.invalidInput);
    expect(badPeriod.err).toContain('from: doesNotExist (expected a date as YYYY-MM-DD, got "2023-02-30")');
    const format = await run(['report', 'evaluation', '--round', '1', '--format', 'odt', '--out', 'x']);
    expect(format.code).toBe(exitCodes.invalidInput);
    expect(format.err).toBe('error: --format must be pdf, docx or html, not "odt"');
    const noChromium = await run(['report', 'evaluation', '--round', '1', '--out', path.join(dir, 'y.pdf')], {
      CHROMIUM_PATH: '/nonexistent/chromium',
    });
    expect(noChromium.code).toBe(exitCodes.environment);
    expect(noChromium.err).toContain('Chromium not found at /nonexistent/chromium');
  }, 60_000);
});
