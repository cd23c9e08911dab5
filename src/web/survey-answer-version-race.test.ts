// An answer page posted while its round moves to another questionnaire version, through HTTP on a PostgreSQL
// server: another transaction holds the round's row (as a move does) and moves it while the save waits for
// that lock; the save then stores nothing and the page comes back, with what was typed and a Danish note.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../../test/support/accounts.ts';
import { repoRoot, startTestApp, type TestApp } from '../../test/support/app.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { textProblems, visibleText } from '../../test/support/page-text.ts';
import { openRoundWithLinks } from '../../test/support/survey-round.ts';
import { cliActor } from '../domain/access/index.ts';
import { saveQuestionnaireVersion } from '../service/questionnaire-editor.ts';
import { openDatabase } from '../store/database.ts';

let t: TestApp;
const now = new Date('2026-03-02T09:00:00Z');

beforeAll(async () => {
  t = await startTestApp(undefined, await openDatabase({ url: await createServerDatabase() }), {
    now: () => now,
  });
}, 120_000);
afterAll(async () => t?.close());

describe('an answer saved while its round moves', () => {
  it('stores nothing and shows the page again with a note', async () => {
    const opened = await openRoundWithLinks(t.database, 'fvu-sprogtilbud', 1, { now });
    const source = JSON.parse(await readFile(path.join(repoRoot, 'surveys', 'fvu-sprogtilbud.json'), 'utf8'));
    const ctx = { database: t.database, actor: cliActor('tester'), now: () => now };
    expect(
      (
        await saveQuestionnaireVersion(
          ctx,
          'fvu-sprogtilbud',
          JSON.stringify({ ...source, title: 'Sprogtilbud' }),
        )
      ).version,
    ).toBe(2);
    const b = new Browser(t.app, '192.0.2.9');
    const url = `/svar/${opened.tokens[0] ?? ''}`;
    expect((await b.get(url)).statusCode).toBe(200);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const mover = t.database.db.transaction().execute(async (trx) => {
      await sql`select id from survey_round where id = ${opened.roundId} for update`.execute(trx);
      locked();
      await held;
      await sql`update survey_round set questionnaire_version = 2 where id = ${opened.roundId}`.execute(trx);
    });
    await isLocked;
    const posting = b.post(url, {
      _csrf: b.token,
      side: '1',
      handling: 'videre',
      'q-tilbudstype': 'fvu-dansk',
      'q-brugere-i-alt': '40',
      'q-registrerer-herkomst': 'false',
    });
    await new Promise((r) => setTimeout(r, 300));
    release();
    await mover;
    const res = await posting;
    expect(res.statusCode).toBe(409);
    const text = visibleText(res.body);
    expect(textProblems(text)).toEqual([]);
    expect(text).toContain('Spørgeskemaet er blevet opdateret, mens du svarede, så siden blev ikke gemt.');
    expect(res.body).toMatch(
      /id="q-tilbudstype" name="q-tilbudstype" value="fvu-dansk" class="form-radio" checked/,
    );
    expect(res.body).toMatch(/id="q-brugere-i-alt" name="q-brugere-i-alt" value="40"/);
    const rows = await sql`select 1 from survey_answer where round_id = ${opened.roundId}`.execute(
      t.database.db,
    );
    expect(rows.rows).toHaveLength(0);
    // Sent again, the page is saved on the round's new version.
    const again = await b.post(url, {
      _csrf: b.token,
      side: '1',
      handling: 'videre',
      'q-tilbudstype': 'fvu-dansk',
      'q-brugere-i-alt': '40',
      'q-registrerer-herkomst': 'false',
    });
    expect(again.statusCode).toBe(303);
  });
});
