// Logins for the web app in one call: cookies and form bodies, the session hook, CSRF protection for every
// state-changing request, and the pages for logging in, users, the audit log and area notes.
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../service/database.ts';
import { createOidcClient, type OidcSettings } from '../../service/oidc.ts';
import { registerAdminLog } from '../routes/admin-log.ts';
import { registerAdminUsers } from '../routes/admin-users.ts';
import { registerAreaNotes } from '../routes/area-notes.ts';
import { registerFollowup } from '../routes/followup.ts';
import { registerInterventions } from '../routes/interventions.ts';
import { registerLogin } from '../routes/login.ts';
import type { AuthDeps } from './deps.ts';
import { registerFormProtection } from './form-protection.ts';
import { RateLimiter } from './rate-limit.ts';
import { registerSessionHook } from './session-hook.ts';

export interface AuthOptions {
  readonly database: Database;
  readonly now?: (() => Date) | undefined;
  readonly oidc?: OidcSettings | undefined;
  /** Login tries per IP address; default 10 a minute. */
  readonly loginRateLimit?: { readonly max: number; readonly windowMs: number } | undefined;
}

/** The largest form body (URL-encoded) taken; a note is at most 5,000 characters. */
export const FORM_BODY_LIMIT = 64 * 1024;

export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<AuthDeps> {
  const limit = options.loginRateLimit ?? { max: 10, windowMs: 60_000 };
  const deps: AuthDeps = {
    database: options.database,
    now: options.now ?? (() => new Date()),
    loginLimiter: new RateLimiter(limit.max, limit.windowMs),
    oidc: options.oidc && createOidcClient(options.oidc),
  };
  await app.register(fastifyCookie);
  // Forms are small; 64 KB leaves room and refuses the absurd.
  await app.register(fastifyFormbody, { bodyLimit: FORM_BODY_LIMIT });
  registerSessionHook(app, deps);
  registerFormProtection(app, deps);
  registerLogin(app, deps);
  registerAdminUsers(app, deps);
  registerAdminLog(app, deps);
  registerAreaNotes(app, deps);
  registerInterventions(app, deps);
  registerFollowup(app, deps);
  return deps;
}
