// The survey tables on both databases: a questionnaire version is stored once per content and never changed,
// a token's hash is unique, two saves of one recipient's answer at once leave one row holding both pages, a
// submitted answer is not changed, and the delivery log is append-only.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import type { Database } from './database.ts';
import * as store from './survey-store.ts';

const at = new Date('2026-03-01T10:00:00Z');
const hash = (s: string) => createHash('sha256').update(s).digest();

describe.each(testDatabases)('survey store on $name', ({ open }) => {
  let database: Database;
  let roundId: string;
  let recipientIds: string[];

  beforeAll(async () => {
    database = await open();
    const definition = { id: 'demo', pages: [] };
    const first = await store.insertQuestionnaireVersion(database.db, {
      id: 'demo',
      definition,
      contentSha256: 'a'.repeat(64),
      fileName: 'demo.json',
      at,
      by: 'tester',
    });
    expect(first.created).toBe(true);
    const round = await store.insertRound(database.db, {
      questionnaireId: 'demo',
      version: first.row.version,
      name: 'Runde 1',
      opensOn: '2026-03-01',
      closesOn: '2026-03-31',
      period: '2026',
      scopeAreas: ['151'],
      scopeTypes: [],
      at,
      by: 'tester',
    });
    roundId = round.id;
    await store.insertRecipients(
      database.db,
      roundId,
      ['A', 'B'].map((o) => ({
        organisation: o,
        organisationType: 'forening',
        area: '151',
        contactName: 'Kontakt',
        email: `${o.toLowerCase()}@example.dk`,
      })),
      at,
    );
    recipientIds = (await store.listRecipients(database.db, roundId)).map((r) => r.id);
  });
  afterAll(async () => database?.close());

  it('keeps one version per content, numbers the next one, and refuses to change a version', async () => {
    const again = await store.insertQuestionnaireVersion(database.db, {
      id: 'demo',
      definition: { changed: false },
      contentSha256: 'a'.repeat(64),
      fileName: 'demo.json',
      at,
      by: 'tester',
    });
    expect(again).toMatchObject({ created: false, row: { version: 1 } });
    const next = await store.insertQuestionnaireVersion(database.db, {
      id: 'demo',
      definition: { id: 'demo', pages: [1] },
      contentSha256: 'b'.repeat(64),
      fileName: 'demo.json',
      at,
      by: 'tester',
    });
    expect(next).toMatchObject({ created: true, row: { version: 2 } });
    await expect(
      sql`update questionnaire_version set file_name = 'x' where version = 1`.execute(database.db),
    ).rejects.toThrow();
    await expect(sql`delete from questionnaire_version`.execute(database.db)).rejects.toThrow();
    expect((await store.listQuestionnaires(database.db)).map((q) => q.version)).toEqual([2]);
  });

  it('finds a recipient by the hash of its token only, and refuses the same hash twice', async () => {
    const [a, b] = recipientIds as [string, string];
    await store.setRecipientToken(database.db, a, hash('token-a'), at);
    const found = await store.findRecipientByTokenHash(database.db, hash('token-a'));
    expect(found?.recipient).toMatchObject({ id: a, organisation: 'A', hasLink: true });
    expect(found?.storedHash.equals(hash('token-a'))).toBe(true);
    expect(await store.findRecipientByTokenHash(database.db, hash('token-b'))).toBeUndefined();
    await expect(store.setRecipientToken(database.db, b, hash('token-a'), at)).rejects.toThrow();
    const raw = await sql<{ n: number }>`select count(*)::int as n from survey_recipient
      where token_hash is not null and octet_length(token_hash) = 32`.execute(database.db);
    expect(raw.rows[0]?.n).toBe(1);
  });

  it('keeps one answer row when two saves race, holding both pages', async () => {
    const recipientId = recipientIds[1] as string;
    const save = (page: number, answers: Record<string, unknown>) =>
      store.savePage(database.db, {
        roundId,
        recipientId,
        pageQuestions: Object.keys(answers),
        answers,
        currentPage: page,
        at,
      });
    await Promise.all([save(0, { a: 1 }), save(1, { b: 'x' }), save(0, { a: 2 })]);
    const rows = await sql<{ n: number }>`select count(*)::int as n from survey_answer
      where recipient_id = ${recipientId}`.execute(database.db);
    expect(rows.rows[0]?.n).toBe(1);
    const answer = await store.findAnswer(database.db, roundId, recipientId);
    expect(answer?.answers.b).toBe('x');
    expect([1, 2]).toContain(answer?.answers.a);
    // A direct second row for the same recipient is refused by the database itself.
    await expect(
      sql`insert into survey_answer (round_id, recipient_id, answers, updated_at)
        values (${roundId}, ${recipientId}, '{}', now())`.execute(database.db),
    ).rejects.toThrow();

    expect(await store.markSubmitted(database.db, roundId, recipientId, at)).toBeDefined();
    expect(await store.markSubmitted(database.db, roundId, recipientId, at)).toBeUndefined();
    expect(await save(0, { a: 3 })).toBeUndefined();
    expect((await store.findAnswer(database.db, roundId, recipientId))?.answers.a).not.toBe(3);
  });

  it('logs deliveries append-only, a failure with its error', async () => {
    const recipientId = recipientIds[0] as string;
    await store.insertDelivery(database.db, { recipientId, kind: 'invitation', status: 'sent', at });
    await store.insertDelivery(database.db, {
      recipientId,
      kind: 'reminder',
      status: 'failed',
      error: '550 mailbox unavailable',
      at,
    });
    await expect(
      store.insertDelivery(database.db, { recipientId, kind: 'reminder', status: 'failed', at }),
    ).rejects.toThrow();
    expect((await store.listDeliveries(database.db, recipientId)).map((d) => d.status)).toEqual([
      'sent',
      'failed',
    ]);
    await expect(sql`delete from survey_delivery`.execute(database.db)).rejects.toThrow();
  });
});
