// Who is asking, for the length of one request. The session hook fills it in; pages read it through
// `currentViewer()` so that every page — also those whose routes know nothing of logins — shows the
// logged-in user and the log-out button in the header.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor, Role } from '../../domain/access/index.ts';

/** The logged-in user as the pages see them. */
export interface Viewer {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly centres: readonly string[];
  readonly isAdmin: boolean;
  /** The synchronizer token of the session, put in every form. */
  readonly csrfToken: string;
}

export interface RequestAuth {
  actor: Actor;
  viewer?: Viewer | undefined;
  /** The stored id (hash) of the session, when one is active. */
  sessionId?: string | undefined;
  /** The browser sent a session cookie whose session has ended (idle, 12 hours, logout, disabled). */
  sessionEnded: boolean;
  /**
   * For a POST, how its form token was accepted: `session` (matches the session), `pre-session` (matches
   * the form cookie of a visitor not logged in), or `stale` (from a session that has since ended; the
   * request may re-show the form but change nothing).
   */
  form?: 'session' | 'pre-session' | 'stale' | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth;
  }
}

const store = new AsyncLocalStorage<{ auth?: RequestAuth }>();

export function runWithRequestContext(done: () => void): void {
  store.run({}, done);
}

export function setRequestAuth(auth: RequestAuth): void {
  const s = store.getStore();
  if (s) s.auth = auth;
}

export function currentViewer(): Viewer | undefined {
  return store.getStore()?.auth?.viewer;
}
