// What the login machinery of the web app needs, built once in app.ts and handed to the routes.
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../service/database.ts';
import type { OidcClient } from '../../service/oidc.ts';
import type { WriteContext } from '../../service/write-gate.ts';
import type { RateLimiter } from './rate-limit.ts';

export interface AuthDeps {
  readonly database: Database;
  /** The clock; tests move it to expire sessions. */
  readonly now: () => Date;
  /** Counts login tries per IP address. */
  readonly loginLimiter: RateLimiter;
  /** Single sign-on, when configured. */
  readonly oidc?: OidcClient | undefined;
}

/** The context a service call runs in for this request: its actor (with IP) and the clock. */
export function writeContext(req: FastifyRequest, deps: AuthDeps): WriteContext {
  return { database: deps.database, actor: req.auth.actor, now: deps.now };
}
