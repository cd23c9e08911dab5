// `survey round use-version` against a PostgreSQL server: a round whose answers chose a value the new version
// drops is refused (exit 1) naming the question and the value and keeps its version; a version that keeps every
// answered question moves it; a version that is not a number and an unknown round say so.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile, repoRoot } from '../../test/support/app.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { openRoundWithLinks } from '../../test/support/survey-round.ts';
import { cliActor } from '../domain/access/index.ts';
import { saveQuestionnaireVersion } from '../service/questionnaire-editor.ts';
import { getSurveyRound, saveAnswerPage } from '../service/surveys.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { exitCodes } from './exit-codes.ts';
import { runMainText } from '../../test/support/cli.ts';

let env: NodeJS.ProcessEnv;
let database: Database;

const run = (args: string[]) => runMainText(args, env);

beforeAll(async () => {
  const url = await createServerDatabase();
  env = { DATABASE_URL: url };
  expect((await run(['strategy', 'load', ballerupFile])).code).toBe(exitCodes.ok);
  database = await openDatabase({ url });
}, 120_000);
afterAll(async () => database?.close());

describe('survey round use-version', () => {
  it('moves a round only when its answers fit the new version', async () => {
    const now = new Date('2026-03-02T09:00:00Z');
    const ctx = { database, actor: cliActor('tester'), now: () => now };
    const opened = await openRoundWithLinks(database, 'fvu-sprogtilbud', 1, { now });
    await saveAnswerPage(
      { database, actor: { kind: 'anonymous', id: 'anonymous', origin: '192.0.2.7' }, now: () => now },
      opened.tokens[0] ?? '',
      0,
      { tilbudstype: 'fvu-dansk' },
      { draft: true },
    );
    const source = JSON.parse(await readFile(path.join(repoRoot, 'surveys', 'fvu-sprogtilbud.json'), 'utf8'));
    const dropped = structuredClone(source);
    dropped.pages[0].elements[0].choices = ['frivilligt-sprogtilbud', 'andet'];
    await saveQuestionnaireVersion(ctx, 'fvu-sprogtilbud', JSON.stringify(dropped));
    const refused = await run(['survey', 'round', 'use-version', opened.roundId, '2']);
    expect(refused.code).toBe(exitCodes.invalidInput);
    expect(refused.err.split('\n')).toEqual([
      `error: survey round ${opened.roundId} keeps version 1; new rounds use version 2`,
      '"tilbudstype" has the answer "fvu-dansk", which is not a choice in version 2',
    ]);
    expect((await getSurveyRound(database, opened.roundId)).questionnaireVersion).toBe(1);

    await saveQuestionnaireVersion(
      ctx,
      'fvu-sprogtilbud',
      JSON.stringify({ ...source, title: 'Sprogtilbud' }),
    );
    const moved = await run(['survey', 'round', 'use-version', opened.roundId, '3']);
    expect(moved.code).toBe(exitCodes.ok);
    expect(moved.out).toMatch(/now uses fvu-sprogtilbud version 3 \(it was on version 1\)$/);
    expect((await getSurveyRound(database, opened.roundId)).questionnaireVersion).toBe(3);

    const bad = await run(['survey', 'round', 'use-version', opened.roundId, 'ny']);
    expect(bad.code).toBe(exitCodes.invalidInput);
    expect(bad.err).toContain('version: expected a version number such as 2, got "ny"');
    const unknown = await run(['survey', 'round', 'use-version', '999999', '3']);
    expect(unknown.code).not.toBe(exitCodes.ok);
    expect(unknown.err).toContain('survey round "999999" not found');
  });
});
