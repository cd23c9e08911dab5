// Queries on the notes of a focus area: appended, listed newest first.
import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface AreaNoteRow {
  readonly id: string;
  readonly strategyId: string;
  readonly areaId: string;
  readonly body: string;
  readonly createdAt: Date;
  readonly author: string;
}

export async function insertAreaNote(
  db: Db,
  n: Omit<AreaNoteRow, 'id'> & { readonly createdBy: string | null },
): Promise<AreaNoteRow> {
  const r = await db
    .insertInto('area_note')
    .values({
      strategy_id: n.strategyId,
      area_id: n.areaId,
      body: n.body,
      created_at: n.createdAt,
      created_by: n.createdBy,
      author: n.author,
    })
    .returning(['id', 'strategy_id', 'area_id', 'body', 'created_at', 'author'])
    .executeTakeFirstOrThrow();
  return {
    id: r.id,
    strategyId: r.strategy_id,
    areaId: r.area_id,
    body: r.body,
    createdAt: r.created_at,
    author: r.author,
  };
}

export async function listAreaNotes(
  db: Db,
  strategyId: string,
  areaId: string,
  limit = 100,
): Promise<readonly AreaNoteRow[]> {
  const rows = await db
    .selectFrom('area_note')
    .select(['id', 'strategy_id', 'area_id', 'body', 'created_at', 'author'])
    .where('strategy_id', '=', strategyId)
    .where('area_id', '=', areaId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    strategyId: r.strategy_id,
    areaId: r.area_id,
    body: r.body,
    createdAt: r.created_at,
    author: r.author,
  }));
}
