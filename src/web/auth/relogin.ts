// Logging in again from inside a form. When a session ends while someone is writing, the form is shown
// again with their text and two extra fields, e-mail and password; sending it logs them in (a new session)
// and then does what the form was for. The same limits as on the login page apply.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, type LoginResult } from '../../service/accounts.ts';
import type { MessageKey, Translate } from '../i18n/messages.ts';
import { field } from './access.ts';
import { writeContext, type AuthDeps } from './deps.ts';
import { startBrowserSession } from './session-hook.ts';

export type Relogin =
  | { readonly status: 'none' }
  | { readonly status: 'ok' }
  | { readonly status: 'failed'; readonly httpStatus: 400 | 401 | 429; readonly error: MessageKey };

type Failed = Extract<Relogin, { status: 'failed' }>;
type Attempt =
  Failed | { readonly status: 'authenticated'; readonly login: Extract<LoginResult, { ok: true }> };

/** Logins tried before the body was read to its end (a multipart form's fields come before its file). */
const attempts = new WeakMap<FastifyRequest, Attempt>();

async function attemptLogin(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthDeps,
  email: string | undefined,
  password: string | undefined,
): Promise<Attempt> {
  if (!email?.trim() || !password) return { status: 'failed', httpStatus: 400, error: 'auth.login.missing' };
  const limit = deps.loginLimiter.hit(req.ip, deps.now().getTime());
  if (!limit.allowed) {
    reply.header('Retry-After', String(limit.retryAfterSeconds));
    return { status: 'failed', httpStatus: 429, error: 'auth.rateLimited.short' };
  }
  const result = await authenticate(writeContext(req, deps), email, password);
  if (!result.ok) return { status: 'failed', httpStatus: 401, error: 'auth.login.failed' };
  return { status: 'authenticated', login: result };
}

/**
 * Checks the log-in-again fields of a form whose pre-session token the caller has verified, before the rest
 * of the body is read: a multipart form's file is kept only for a user who may have it. The session is
 * started later, by `reloginFromForm`, which uses this answer instead of trying again.
 */
export async function reloginBeforeBody(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthDeps,
  email: string | undefined,
  password: string | undefined,
): Promise<Extract<LoginResult, { ok: true }> | undefined> {
  const attempt = attempts.get(req) ?? (await attemptLogin(req, reply, deps, email, password));
  attempts.set(req, attempt);
  return attempt.status === 'authenticated' ? attempt.login : undefined;
}

export async function reloginFromForm(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthDeps,
): Promise<Relogin> {
  if (req.auth.viewer) return { status: 'none' };
  const email = field(req.body, 'relogin_email');
  const password = field(req.body, 'relogin_password');
  if (email === undefined && password === undefined) return { status: 'none' };
  if (req.auth.form !== 'pre-session')
    return { status: 'failed', httpStatus: 401, error: 'auth.relogin.again' };
  const attempt = attempts.get(req) ?? (await attemptLogin(req, reply, deps, email, password));
  attempts.delete(req);
  if (attempt.status === 'failed') return attempt;
  await startBrowserSession(req, reply, deps, attempt.login);
  return { status: 'ok' };
}

/** The log-in-again fields a form shows after its session ended (undefined while the user is logged in). */
export function reloginView(req: FastifyRequest, t: Translate, relogin: Relogin | undefined) {
  if (!relogin || req.auth.viewer) return undefined;
  return {
    legend: t('auth.relogin.legend'),
    emailLabel: t('auth.email'),
    passwordLabel: t('auth.password'),
    errorPrefix: t('auth.errorPrefix'),
    email: field(req.body, 'relogin_email') ?? '',
    emailError: relogin.status === 'failed' ? t(relogin.error) : undefined,
  };
}
