// Queries on login sessions. A session is found by the hash of its token; it is ended, never deleted, so
// the rows show when each login began and how it ended.
import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface SessionRow {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly csrfSecret: string;
  readonly origin: string | null;
  readonly endedAt: Date | null;
  readonly endedReason: string | null;
}

const columns = [
  'id',
  'user_id',
  'created_at',
  'last_seen_at',
  'expires_at',
  'csrf_secret',
  'origin',
  'ended_at',
  'ended_reason',
] as const;

function toRow(r: {
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  csrf_secret: string;
  origin: string | null;
  ended_at: Date | null;
  ended_reason: string | null;
}): SessionRow {
  return {
    id: r.id,
    userId: r.user_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    csrfSecret: r.csrf_secret,
    origin: r.origin,
    endedAt: r.ended_at,
    endedReason: r.ended_reason,
  };
}

export async function insertSession(
  db: Db,
  s: Omit<SessionRow, 'endedAt' | 'endedReason' | 'lastSeenAt'>,
): Promise<SessionRow> {
  const r = await db
    .insertInto('app_session')
    .values({
      id: s.id,
      user_id: s.userId,
      created_at: s.createdAt,
      last_seen_at: s.createdAt,
      expires_at: s.expiresAt,
      csrf_secret: s.csrfSecret,
      origin: s.origin,
      ended_at: null,
      ended_reason: null,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toRow(r);
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  const r = await db.selectFrom('app_session').select(columns).where('id', '=', id).executeTakeFirst();
  return r && toRow(r);
}

export async function touchSession(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('app_session')
    .set({ last_seen_at: at })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends one session; true when it was still open. */
export async function endSession(db: Db, id: string, at: Date, reason: string): Promise<boolean> {
  const r = await db
    .updateTable('app_session')
    .set({ ended_at: at, ended_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Ends every open session of a user at once; returns how many were open. */
export async function endUserSessions(db: Db, userId: string, at: Date, reason: string): Promise<number> {
  const r = await db
    .updateTable('app_session')
    .set({ ended_at: at, ended_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
