// Login sessions: opened at login with a fresh random token, kept alive by use, ended by logout, by 30
// minutes without use, by 12 hours whatever the use, or at once when the user is disabled. The cookie holds
// the token; the database holds only its SHA-256, so a copy of the table opens no session.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Transaction } from 'kysely';
import { userActor, type Actor } from '../domain/access/index.ts';
import type { Database } from '../store/database.ts';
import * as sessions from '../store/session-store.ts';
import type { Tables } from '../store/tables.ts';
import { findUserById, type UserRow } from '../store/user-store.ts';
import { write } from './write-gate.ts';

export const sessionRules = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 60 * 60_000,
  /** last_seen_at is written at most this often; the idle limit is exact to within it. */
  touchEveryMs: 60_000,
} as const;

/** What a browser gets at login: the cookie's token and the form token bound to the session. */
export interface OpenedSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  /** The stored id (the token's hash). */
  readonly id: string;
  /** The first characters of the stored id, for the audit log: enough to find the row. */
  readonly ref: string;
}

export type SessionState =
  | { readonly status: 'none' }
  | {
      readonly status: 'ended';
      readonly reason: 'idle' | 'absolute' | 'ended' | 'unknown' | 'disabled';
    }
  | {
      readonly status: 'active';
      readonly user: UserRow;
      readonly sessionId: string;
      readonly csrfToken: string;
      readonly expiresAt: Date;
    };

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opens a session inside the caller's transaction (the login that earned it). */
export async function openSession(
  trx: Transaction<Tables>,
  user: UserRow,
  at: Date,
  origin: string,
): Promise<OpenedSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const id = digest(token);
  const expiresAt = new Date(at.getTime() + sessionRules.absoluteMs);
  await sessions.insertSession(trx, {
    id,
    userId: user.id,
    createdAt: at,
    expiresAt,
    csrfSecret: csrfToken,
    origin,
  });
  return { token, csrfToken, expiresAt, id, ref: id.slice(0, 12) };
}

/**
 * Finds the session a cookie names, at `now`. An expired session is ended here (and the end logged), so the
 * rules hold even for a session nobody logs out of.
 */
export async function resumeSession(
  database: Database,
  token: string | undefined,
  now: Date,
  origin: string,
): Promise<SessionState> {
  if (token === undefined || token === '') return { status: 'none' };
  if (!tokenShape.test(token)) return { status: 'ended', reason: 'unknown' };
  const row = await sessions.findSession(database.db, digest(token));
  if (!row) return { status: 'ended', reason: 'unknown' };
  if (row.endedAt) return { status: 'ended', reason: 'ended' };
  const user = await findUserById(database.db, row.userId);
  if (!user) return { status: 'ended', reason: 'unknown' };
  const ctx = { database, actor: userActor(user, origin), now: () => now };
  const reason: 'idle' | 'absolute' | 'disabled' | undefined = user.disabledAt
    ? 'disabled'
    : now.getTime() >= row.expiresAt.getTime()
      ? 'absolute'
      : now.getTime() - row.lastSeenAt.getTime() >= sessionRules.idleMs
        ? 'idle'
        : undefined;
  if (reason) {
    await write(ctx, 'session.use', async (trx, at) => {
      const ended = await sessions.endSession(trx, row.id, at, reason);
      return {
        result: undefined,
        audit: ended
          ? {
              action: 'session.expire',
              subjectType: 'user',
              subjectId: user.email,
              after: { session: row.id.slice(0, 12), reason },
            }
          : undefined,
      };
    });
    return { status: 'ended', reason };
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= sessionRules.touchEveryMs)
    await write(ctx, 'session.use', async (trx, at) => {
      await sessions.touchSession(trx, row.id, at);
      return { result: undefined };
    });
  return { status: 'active', user, sessionId: row.id, csrfToken: row.csrfSecret, expiresAt: row.expiresAt };
}

/** Ends the session the actor holds (logout). */
export async function endSession(
  ctx: { readonly database: Database; readonly actor: Actor; readonly now: () => Date },
  sessionId: string,
  reason: 'logout' | 'replaced' = 'logout',
): Promise<void> {
  await write(ctx, 'session.logout', async (trx, at) => {
    const ended = await sessions.endSession(trx, sessionId, at, reason);
    return {
      result: undefined,
      audit: ended
        ? { subjectType: 'user', subjectId: ctx.actor.id, after: { session: sessionId.slice(0, 12), reason } }
        : undefined,
    };
  });
}

/** Compares a submitted form token with the session's in constant time. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
