// The batch row of an import written before its counts are known: completed once, in its own transaction, and
// never committed without its counts; every other change to a batch is refused by the database itself.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import type { Database } from './database.ts';
import { beginBatch, completeBatch, findBatches, insertBatch } from './observation-store.ts';

const provenance = {
  source: 'statbank' as const,
  table: 'FOLK1E',
  query: 'saved StatBank response (csv) for table FOLK1E',
  fileName: 'folk1e.csv',
  sha256: '',
  retrievedAt: new Date('2026-03-01T08:00:00Z'),
};
const begun = { provenance, importedAt: new Date('2026-03-02T08:00:00Z'), importedBy: 'cli:tester' };
const counts = { sha256: 'ab'.repeat(32), illustrative: false, received: 12, stored: 10 };

describe.each(testDatabases)('import batches on $name', ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database.close());

  it('are completed once, with their counts and hash, in the transaction that begins them', async () => {
    const id = await database.db.transaction().execute(async (trx) => {
      const id = await beginBatch(trx, begun);
      await completeBatch(trx, id, counts);
      return id;
    });
    const [batch] = await findBatches(database.db, [id]);
    expect(batch).toMatchObject({
      id,
      rowsReceived: 12,
      rowsStored: 10,
      rowsUnchanged: 2,
      provenance: { sha256: counts.sha256 },
    });
    // Complete, it can never change again, not even by the way it was completed.
    await expect(
      database.db.transaction().execute((trx) => completeBatch(trx, id, { ...counts, stored: 11 })),
    ).rejects.toThrow(/append-only/);
  });

  it('cannot be committed without their counts, and nothing of the transaction stays', async () => {
    const before = await sql<{ n: string }>`select count(*) as n from import_batch`.execute(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await beginBatch(trx, begun);
      }),
    ).rejects.toThrow(/was not completed/);
    const after = await sql<{ n: string }>`select count(*) as n from import_batch`.execute(database.db);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('refuse a completion that changes the provenance, a second completion, or one without its setting', async () => {
    const attempts: ((trx: Parameters<typeof completeBatch>[0], id: string) => Promise<unknown>)[] = [
      (trx, id) =>
        sql`select set_config('pejlemaerke.completing_batch', ${id}, true)`
          .execute(trx)
          .then(() =>
            sql`update import_batch set rows_received = 1, source = 'file' where id = ${id}`.execute(trx),
          ),
      (trx, id) =>
        sql`update import_batch set rows_received = 1, rows_stored = 1, rows_unchanged = 0 where id = ${id}`.execute(
          trx,
        ),
      async (trx, id) => {
        await completeBatch(trx, id, counts);
        await completeBatch(trx, id, counts);
      },
      (trx, id) => sql`delete from import_batch where id = ${id}`.execute(trx),
    ];
    for (const attempt of attempts)
      await expect(
        database.db.transaction().execute(async (trx) => attempt(trx, await beginBatch(trx, begun))),
      ).rejects.toThrow(/append-only/);
  });

  it('refuse any change to a batch stored whole, and a truncate', async () => {
    const id = await database.db
      .transaction()
      .execute((trx) => insertBatch(trx, { ...begun, illustrative: false, received: 3, stored: 3 }));
    await expect(
      sql`update import_batch set note = 'x' where id = ${id}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from import_batch where id = ${id}`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`truncate import_batch cascade`.execute(database.db)).rejects.toThrow(/append-only/);
  });
});
