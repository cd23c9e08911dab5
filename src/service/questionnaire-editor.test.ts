// Editing a questionnaire on both databases, through the service: the editor starts from the bundled file and
// then the newest version; every kind of bad text is refused with where and what and stores nothing; equal
// content stores nothing; two saves at once end with consecutive versions; and the answered-question rule —
// a round with answers moves only when every answered question, its type and its chosen values are still
// there, a round without answers always moves, the move is audited and publishing then uses the round's version.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile, repoRoot } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { openRoundWithLinks } from '../../test/support/survey-round.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { ForbiddenError } from './errors.ts';
import {
  checkEditedQuestionnaire,
  editorSource,
  moveRoundToVersion,
  QuestionnaireEditRefusedError,
  roundsOnOlderVersions,
  saveQuestionnaireVersion,
  VersionMoveRefusedError,
} from './questionnaire-editor.ts';
import { loadDefinitionFile } from './strategies.ts';
import {
  closeSurveyRound,
  getSurveyRound,
  lookupLink,
  openSurveyRound,
  publishSurveyRound,
  QuestionnaireChangedError,
  registerQuestionnaireFile,
  saveAnswerPage,
} from './surveys.ts';

const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const reader: Actor = { kind: 'user', id: 'oeu@ballerup.dk', roles: ['reader'], origin: '10.0.0.2' };
const respondent: Actor = { kind: 'anonymous', id: 'anonymous', origin: '192.0.2.7' };
const fvuFile = path.join(repoRoot, 'surveys', 'fvu-sprogtilbud.json');

type Json = Record<string, unknown> & {
  pages: { elements: Record<string, unknown>[] }[];
  indicatorFeeds: Record<string, unknown>[];
};
/** The bundled fvu-sprogtilbud questionnaire, changed by `edit`, as text. */
async function fvu(edit: (q: Json) => void = () => undefined): Promise<string> {
  const q = JSON.parse(await readFile(fvuFile, 'utf8')) as Json;
  edit(q);
  return JSON.stringify(q, null, 2);
}
const elements = (q: Json) => q.pages[0]?.elements ?? [];
const question = (q: Json, name: string) => elements(q).find((e) => e.name === name) ?? {};

describe.each(testDatabases)('questionnaire editor on $name', ({ name, open }) => {
  let database: Database;
  const clock = new Date('2026-03-02T09:00:00Z');
  const ctx = (actor: Actor = admin) => ({ database, actor, now: () => clock });
  const versions = async () =>
    (
      await sql<{ version: number }>`
        select version from questionnaire_version where questionnaire_id = 'fvu-sprogtilbud'
        order by version`.execute(database.db)
    ).rows.map((r) => r.version);

  beforeAll(async () => {
    database = await open();
    await loadDefinitionFile(ctx(cliActor('tester')), ballerupFile);
  }, 120_000);
  afterAll(async () => database?.close());

  it('starts from the bundled file, then from the newest version pretty-printed', async () => {
    const first = await editorSource(database, 'fvu-sprogtilbud');
    expect(first.version).toBeUndefined();
    expect(first.text).toBe(await readFile(fvuFile, 'utf8'));
    await registerQuestionnaireFile(ctx(), fvuFile);
    const stored = await editorSource(database, 'fvu-sprogtilbud');
    expect(stored.version).toBe(1);
    expect(stored.text).toMatch(/^\{\n {2}"id": "fvu-sprogtilbud",/);
    await expect(editorSource(database, 'ukendt')).rejects.toThrow(/no questionnaire "ukendt"/);
    await expect(editorSource(database, '../etc')).rejects.toThrow(/no questionnaire/);
  });

  it('refuses every kind of bad text with where and what, and stores nothing', async () => {
    const problems = async (text: string) => {
      const r = await checkEditedQuestionnaire(database, 'fvu-sprogtilbud', text);
      return r.ok ? [] : r.problems;
    };
    expect(await problems('  \n')).toEqual([{ kind: 'empty' }]);
    expect(await problems('{\n  "id": "fvu-sprogtilbud",\n  "kind": }')).toEqual([
      { kind: 'json', problem: 'unexpected-character', line: 3, column: 11, found: '}' },
    ]);
    expect(await problems('{"id": "x"')).toEqual([
      { kind: 'json', problem: 'unexpected-end', line: 1, column: 11 },
    ]);
    const big = `{"id": "fvu-sprogtilbud", "title": "${'x'.repeat(600_000)}"}`;
    expect(await problems(big)).toEqual([{ kind: 'too-large', bytes: big.length, limit: 512 * 1024 }]);
    expect(await problems(await fvu((q) => (q.id = 'andet-skema')))).toContainEqual({
      kind: 'other-id',
      given: 'andet-skema',
      expected: 'fvu-sprogtilbud',
    });
    expect(await problems(await fvu((q) => (question(q, 'brugere-i-alt').type = 'matrix')))).toEqual([
      {
        kind: 'parser',
        at: 'pages[0].elements[1].type',
        message: expect.stringMatching(/^matrix questions are refused/),
      },
    ]);
    expect(
      await problems(await fvu((q) => (question(q, 'brugere-ikke-vestlig').visibleIf = '{findes-ikke} = 1'))),
    ).toEqual([
      {
        kind: 'parser',
        at: 'pages[0].elements[3].visibleIf',
        message: 'names a question that does not exist: "{findes-ikke}"',
      },
    ]);
    expect(await problems(await fvu((q) => (question(q, 'brugere-i-alt').name = 'tilbudstype')))).toEqual(
      expect.arrayContaining([
        {
          kind: 'parser',
          at: 'pages[0].elements[1].name',
          message: 'duplicate question name "tilbudstype" (also pages[0].elements[0])',
        },
      ]),
    );
    expect(await problems(await fvu((q) => ((q.indicatorFeeds[0] ?? {}).question = 'mangler')))).toEqual([
      {
        kind: 'parser',
        at: 'indicatorFeeds[0].question',
        message: 'names a question that does not exist: "mangler"',
      },
    ]);
    expect(
      await problems(await fvu((q) => ((q.indicatorFeeds[0] ?? {}).indicator = 'ingen-indikator'))),
    ).toEqual([
      {
        kind: 'parser',
        at: 'indicatorFeeds[0].indicator',
        message:
          '"ingen-indikator" is not an indicator of strategy "ballerup-integrationsstrategi-2021-2023"',
      },
    ]);
    expect(await problems(await fvu((q) => (q.strategy = 'ingen-strategi')))).toEqual([
      { kind: 'unknown-strategy', strategy: 'ingen-strategi' },
    ]);
    await expect(saveQuestionnaireVersion(ctx(), 'fvu-sprogtilbud', '{')).rejects.toBeInstanceOf(
      QuestionnaireEditRefusedError,
    );
    expect(await versions()).toEqual([1]);
  });

  it('stores a changed questionnaire once, audited; equal content and layout store nothing', async () => {
    const text = await fvu((q) => (q.title = { da: 'FVU og sprogtilbud', en: 'FVU and language offers' }));
    expect(await saveQuestionnaireVersion(ctx(), 'fvu-sprogtilbud', text, { basedOn: 1 })).toEqual({
      status: 'created',
      version: 2,
      savedMeanwhile: 0,
    });
    expect(await saveQuestionnaireVersion(ctx(), 'fvu-sprogtilbud', text)).toEqual({
      status: 'unchanged',
      version: 2,
    });
    const compact = JSON.stringify(JSON.parse(text));
    expect((await saveQuestionnaireVersion(ctx(), 'fvu-sprogtilbud', compact)).status).toBe('unchanged');
    // Back to version 1's content: a content is stored once, so nothing is stored and the page says which.
    expect(await saveQuestionnaireVersion(ctx(), 'fvu-sprogtilbud', await fvu())).toEqual({
      status: 'earlier',
      version: 1,
      newest: 2,
    });
    expect(await versions()).toEqual([1, 2]);
    const audit = (await listAudit(database.db, 50)).filter((e) => e.action === 'survey.edit');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subjectId: 'fvu-sprogtilbud/2', actor: 'admin@ballerup.dk' });
    await expect(saveQuestionnaireVersion(ctx(reader), 'fvu-sprogtilbud', text)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('gives two saves at once consecutive versions', async () => {
    const a = await fvu((q) => (question(q, 'brugere-i-alt').description = 'Tæl hver bruger én gang.'));
    const b = await fvu((q) => (question(q, 'brugere-i-alt').description = 'Tæl alle brugere.'));
    const outcomes = await Promise.all([
      saveQuestionnaireVersion(ctx(), 'fvu-sprogtilbud', a, { basedOn: 2 }),
      saveQuestionnaireVersion(ctx(), 'fvu-sprogtilbud', b, { basedOn: 2 }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'created']);
    expect(outcomes.map((o) => o.version).sort()).toEqual([3, 4]);
    expect(outcomes.map((o) => (o.status === 'created' ? o.savedMeanwhile : -1)).sort()).toEqual([0, 1]);
    expect(await versions()).toEqual([1, 2, 3, 4]);
  });

  it('opens a round by id on the newest version, and by a file path on that file', async () => {
    const dates = { opens: '2026-03-01', closes: '2026-03-31' };
    const byId = await openSurveyRound(ctx(), { questionnaire: 'fvu-sprogtilbud', ...dates });
    expect(byId.round.questionnaireVersion).toBe(4);
    expect(byId.registered.status).toBe('unchanged');
    const byFile = await openSurveyRound(ctx(), { questionnaire: fvuFile, ...dates });
    expect(byFile.round.questionnaireVersion).toBe(1);
    for (const r of [byId, byFile]) await closeSurveyRound(ctx(), r.round.id);
    expect(await versions()).toEqual([1, 2, 3, 4]);
  });

  it('moves a round with answers only when every answered question, type and chosen value remains', async () => {
    const opened = await openRoundWithLinks(database, 'fvu-sprogtilbud', 2, { now: clock });
    const round = await getSurveyRound(database, opened.roundId);
    expect(round.questionnaireVersion).toBe(4);
    const empty = await openRoundWithLinks(database, 'fvu-sprogtilbud', 1, { now: clock });
    await saveAnswerPage(
      ctx(respondent),
      opened.tokens[0] ?? '',
      0,
      {
        tilbudstype: 'fvu-dansk',
        'brugere-i-alt': 40,
        'registrerer-herkomst': true,
        'brugere-ikke-vestlig': 25,
      },
      { nextPage: 0 },
    );
    const tryVersion = async (edit: (q: Json) => void) => {
      const saved = await saveQuestionnaireVersion(ctx(), 'fvu-sprogtilbud', await fvu(edit));
      try {
        await moveRoundToVersion(ctx(), round.id, saved.version);
        return 'moved';
      } catch (e) {
        if (!(e instanceof VersionMoveRefusedError)) throw e;
        expect((await getSurveyRound(database, round.id)).questionnaireVersion).toBe(4);
        return e.problems;
      }
    };
    expect(
      await tryVersion((q) => {
        q.pages[0]?.elements.splice(3, 1);
        q.indicatorFeeds.splice(0, 1);
      }),
    ).toEqual([{ kind: 'removed', question: 'brugere-ikke-vestlig' }]);
    expect(
      await tryVersion((q) => {
        Object.assign(question(q, 'brugere-i-alt'), { type: 'text', inputType: 'number' });
      }),
    ).toEqual([{ kind: 'retyped', question: 'brugere-i-alt', from: 'number', to: 'text-number' }]);
    expect(
      await tryVersion((q) => {
        question(q, 'tilbudstype').choices = ['frivilligt-sprogtilbud', 'andet'];
      }),
    ).toEqual([{ kind: 'choice-dropped', question: 'tilbudstype', value: 'fvu-dansk' }]);
    const listed = await roundsOnOlderVersions(database, 'fvu-sprogtilbud');
    expect(listed.map((r) => [r.round.id, r.answers, r.problems.length])).toEqual([
      [round.id, 1, 1],
      [empty.roundId, 0, 0],
    ]);
    expect(
      await tryVersion((q) => {
        q.title = 'Brugere af sprogtilbud';
        elements(q).push({ type: 'comment', name: 'bemaerkninger', title: 'Bemærkninger' });
      }),
    ).toBe('moved');
    const moved = await getSurveyRound(database, round.id);
    expect(moved.questionnaireVersion).toBe(8);
    const link = await lookupLink(database, opened.tokens[0] ?? '', clock);
    expect(link.state === 'open' && link.questionnaire.pages[0]?.elements.at(-1)?.name).toBe('bemaerkninger');
    // A round without answers moves to any newer version, even one without its questions.
    await moveRoundToVersion(ctx(), empty.roundId, 5);
    expect((await getSurveyRound(database, empty.roundId)).questionnaireVersion).toBe(5);
    await expect(moveRoundToVersion(ctx(), empty.roundId, 5)).rejects.toThrow(/only to a newer one/);
    await expect(moveRoundToVersion(ctx(), empty.roundId, 99)).rejects.toThrow(/has no version 99/);
    await expect(moveRoundToVersion(ctx(reader), empty.roundId, 8)).rejects.toBeInstanceOf(ForbiddenError);
    const audit = (await listAudit(database.db, 100)).filter((e) => e.action === 'survey.version');
    expect(audit.map((e) => [e.subjectId, e.before, e.after])).toEqual(
      expect.arrayContaining([
        [round.id, { version: 4 }, { questionnaire: 'fvu-sprogtilbud', version: 8, answers: 1 }],
        [empty.roundId, { version: 4 }, { questionnaire: 'fvu-sprogtilbud', version: 5, answers: 0 }],
      ]),
    );
    // Publishing reads the version the round is on now.
    await closeSurveyRound(ctx(), round.id);
    const published = await publishSurveyRound(ctx(), round.id);
    const batch = await sql<{ query: string }>`
      select query from import_batch where id = ${published.batchId}`.execute(database.db);
    expect(JSON.parse(batch.rows[0]?.query ?? '{}')).toMatchObject({
      questionnaire: 'fvu-sprogtilbud',
      version: 8,
    });
    await expect(moveRoundToVersion(ctx(), round.id, 9)).rejects.toThrow(/is published; its version is kept/);
  });

  it.runIf(name === 'postgresql')(
    'refuses an answer saved while its round moves to another version',
    async () => {
      const opened = await openRoundWithLinks(database, 'fvu-sprogtilbud', 1, { now: clock });
      const token = opened.tokens[0] ?? '';
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      // Another transaction holds the round's row, as a move does, and moves it while the save waits.
      const mover = database.db.transaction().execute(async (trx) => {
        await sql`select id from survey_round where id = ${opened.roundId} for update`.execute(trx);
        locked();
        await held;
        await sql`update survey_round set questionnaire_version = 5 where id = ${opened.roundId}`.execute(
          trx,
        );
      });
      await isLocked;
      const saving = saveAnswerPage(ctx(respondent), token, 0, { tilbudstype: 'fvu-dansk' }, { draft: true });
      await new Promise((r) => setTimeout(r, 200));
      release();
      await mover;
      await expect(saving).rejects.toBeInstanceOf(QuestionnaireChangedError);
      const rows = await sql`select 1 from survey_answer where round_id = ${opened.roundId}`.execute(
        database.db,
      );
      expect(rows.rows).toHaveLength(0);
    },
  );
});
