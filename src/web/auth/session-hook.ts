// Reads the session cookie on every request and sets `req.auth`: the user and their roles when the session
// is active, the anonymous visitor (with IP) otherwise. An ended session's cookie is cleared, and noted, so
// a form sent after it ended can be shown again instead of lost.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anonymousActor, userActor } from '../../domain/access/index.ts';
import type { LoginResult } from '../../service/accounts.ts';
import { endSession, resumeSession } from '../../service/sessions.ts';
import { runWithRequestContext, setRequestAuth, type RequestAuth } from './context.ts';
import { clearSessionCookie, sessionCookie, setSessionCookie } from './cookies.ts';
import type { AuthDeps } from './deps.ts';

export function registerSessionHook(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('auth', null as unknown as RequestAuth);
  // Everything after this hook (the next hooks, the handler, the error handler) runs in one async context.
  app.addHook('onRequest', (_req, _reply, done) => runWithRequestContext(done));
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.ip;
    req.auth = { actor: anonymousActor(origin), sessionEnded: false };
    // Static files are the same for everyone: no database lookup to read them.
    if (req.url.startsWith('/assets/') && (req.method === 'GET' || req.method === 'HEAD')) return;
    const state = await resumeSession(deps.database, req.cookies[sessionCookie], deps.now(), origin);
    if (state.status === 'active') {
      const u = state.user;
      req.auth = {
        actor: userActor(u, origin),
        sessionId: state.sessionId,
        sessionEnded: false,
        viewer: {
          userId: u.id,
          email: u.email,
          name: u.displayName,
          roles: u.roles,
          centres: u.centres,
          isAdmin: u.roles.includes('admin'),
          csrfToken: state.csrfToken,
        },
      };
      // A page with a user's name and form token must not be kept by a shared cache.
      reply.header('Cache-Control', 'no-store');
    } else if (state.status === 'ended') {
      req.auth.sessionEnded = true;
      clearSessionCookie(reply);
    }
    setRequestAuth(req.auth);
  });
}

/**
 * Gives the browser the session a login opened. Any session it held before is ended first: a new id at
 * every login, so a session id planted before login is worth nothing after it.
 */
export async function startBrowserSession(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthDeps,
  login: Extract<LoginResult, { ok: true }>,
): Promise<void> {
  if (req.auth.sessionId)
    await endSession(
      { database: deps.database, actor: req.auth.actor, now: deps.now },
      req.auth.sessionId,
      'replaced',
    );
  setSessionCookie(reply, login.session.token, login.session.expiresAt);
  const u = login.user;
  req.auth = {
    actor: userActor(u, req.ip),
    sessionId: login.session.id,
    sessionEnded: false,
    form: 'session',
    viewer: {
      userId: u.id,
      email: u.email,
      name: u.displayName,
      roles: u.roles,
      centres: u.centres,
      isAdmin: u.roles.includes('admin'),
      csrfToken: login.session.csrfToken,
    },
  };
  setRequestAuth(req.auth);
  reply.header('Cache-Control', 'no-store');
}
