// Queries on follow-up rounds and the areas' status notes in them.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { FollowupRoundTable, RoundNoteTable, Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface RoundRow {
  readonly id: string;
  readonly strategyId: string;
  readonly title: string;
  readonly deadline: string;
  readonly createdAt: Date;
  readonly closedAt: Date | null;
}

export interface RoundNoteRow {
  readonly id: string;
  readonly roundId: string;
  readonly areaId: string;
  readonly status: string;
  readonly body: string;
  readonly createdAt: Date;
  readonly author: string;
  /** The earlier note this one corrects, or null. */
  readonly supersedes: string | null;
}

const roundRow = (r: Selectable<FollowupRoundTable>): RoundRow => ({
  id: r.id,
  strategyId: r.strategy_id,
  title: r.title,
  deadline: r.deadline,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

const noteRow = (r: Selectable<RoundNoteTable>): RoundNoteRow => ({
  id: r.id,
  roundId: r.round_id,
  areaId: r.area_id,
  status: r.status,
  body: r.body,
  createdAt: r.created_at,
  author: r.author,
  supersedes: r.supersedes,
});

export async function insertRound(
  db: Db,
  r: { strategyId: string; title: string; deadline: string; at: Date; by: string },
): Promise<RoundRow> {
  const row = await db
    .insertInto('followup_round')
    .values({
      strategy_id: r.strategyId,
      title: r.title,
      deadline: r.deadline,
      created_at: r.at,
      created_by: r.by,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return roundRow(row);
}

/** Newest first. */
export async function listRounds(db: Db, strategyId: string): Promise<readonly RoundRow[]> {
  const rows = await db
    .selectFrom('followup_round')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(roundRow);
}

export async function findRound(
  db: Db,
  strategyId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RoundRow | undefined> {
  let q = db
    .selectFrom('followup_round')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && roundRow(r);
}

export async function closeRound(db: Db, id: string, at: Date, by: string): Promise<RoundRow | undefined> {
  const r = await db
    .updateTable('followup_round')
    .set({ closed_at: at, closed_by: by })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return r && roundRow(r);
}

/** Sets a round's title and deadline; the caller holds the row (`findRound` with `forUpdate`). */
export async function updateRound(
  db: Db,
  id: string,
  r: { readonly title: string; readonly deadline: string },
): Promise<RoundRow | undefined> {
  const row = await db
    .updateTable('followup_round')
    .set({ title: r.title, deadline: r.deadline })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && roundRow(row);
}

export async function insertRoundNote(
  db: Db,
  n: Omit<RoundNoteRow, 'id'> & { readonly createdBy: string | null },
): Promise<RoundNoteRow> {
  const r = await db
    .insertInto('round_note')
    .values({
      round_id: n.roundId,
      area_id: n.areaId,
      status: n.status,
      body: n.body,
      created_at: n.createdAt,
      created_by: n.createdBy,
      author: n.author,
      supersedes: n.supersedes,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return noteRow(r);
}

/** Every note of a round, newest first (the first per area is its current one). */
export async function listRoundNotes(
  db: Db,
  roundId: string,
  areaId?: string,
): Promise<readonly RoundNoteRow[]> {
  let q = db.selectFrom('round_note').selectAll().where('round_id', '=', roundId);
  if (areaId !== undefined) q = q.where('area_id', '=', areaId);
  const rows = await q.orderBy('id', 'desc').execute();
  return rows.map(noteRow);
}
