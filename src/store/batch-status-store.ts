// The newest import batch of each source table and of each purpose a refresh names (its note), for the data
// status page: when a table was last fetched, whether or not that fetch changed a figure.
import { sql, type Kysely } from 'kysely';
import type { Tables } from './tables.ts';

/** The ids of the newest batch per table among `tables`, and per note among `notes`. */
export async function newestBatchIds(
  db: Kysely<Tables>,
  q: { readonly tables: readonly string[]; readonly notes: readonly string[] },
): Promise<readonly string[]> {
  if (q.tables.length === 0 && q.notes.length === 0) return [];
  const r = await sql<{ id: string }>`
    select id from (
      select distinct on (source_table) id from import_batch
      where source_table = any(${[...q.tables]}::text[])
      order by source_table, imported_at desc, id desc
    ) by_table
    union
    select id from (
      select distinct on (note) id from import_batch
      where note = any(${[...q.notes]}::text[])
      order by note, imported_at desc, id desc
    ) by_note`.execute(db);
  return r.rows.map((row) => String(row.id));
}
