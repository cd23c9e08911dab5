// Logging in and out: the login form (e-mail and password), log-out, and single sign-on through the
// municipality's OpenID Connect provider. The login form is limited per IP address; every try is logged.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, loginWithOidc, recordLoginFailure, type LoginResult } from '../../service/accounts.ts';
import { OidcError, type PendingLogin } from '../../service/oidc.ts';
import { endSession } from '../../service/sessions.ts';
import { field, formToken, hrefWith, safeNext, sendStatusPage } from '../auth/access.ts';
import { clearOidcCookie, clearSessionCookie, oidcCookie, setOidcCookie } from '../auth/cookies.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { startBrowserSession } from '../auth/session-hook.ts';
import { HttpError } from '../http-error.ts';
import { translator, type MessageKey } from '../i18n/messages.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

interface LoginForm {
  readonly email?: string;
  readonly next: string;
  readonly errors?: readonly { readonly field: 'email' | 'password'; readonly key: MessageKey }[];
  readonly notice?: MessageKey;
}

const refusals: Record<Exclude<LoginResult, { ok: true }>['reason'], MessageKey> = {
  'no-role': 'auth.oidc.noRole.body',
  'email-taken': 'auth.oidc.emailTaken.body',
  disabled: 'auth.oidc.disabled.body',
  'invalid-claims': 'auth.oidc.invalidClaims.body',
  invalid: 'auth.oidc.refused.body',
  locked: 'auth.oidc.refused.body',
};

export function registerLogin(app: FastifyInstance, deps: AuthDeps): void {
  const showForm = (req: FastifyRequest, reply: FastifyReply, status: number, form: LoginForm) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const errors = (form.errors ?? []).map((e) => ({ id: e.field, message: t(e.key) }));
    const fieldErrors = Object.fromEntries(errors.map((e) => [e.id, e.message]));
    const notice =
      form.notice === 'auth.login.already' && req.auth.viewer
        ? t(form.notice, { name: req.auth.viewer.name })
        : form.notice && t(form.notice);
    return reply
      .code(status)
      .type('text/html')
      .header('Cache-Control', 'no-store')
      .send(
        renderPage(
          'login.njk',
          { lang, path: requestPath(req) },
          {
            title: t('auth.login'),
            breadcrumbs: [{ text: t('nav.home'), href: link('/', lang) }, { text: t('auth.login') }],
            action: link('/log-ind', lang),
            oidcHref: deps.oidc ? hrefWith('/log-ind/oidc', lang, { next: form.next }) : undefined,
            csrfToken: formToken(req, reply),
            email: form.email ?? '',
            next: form.next,
            errors,
            fieldErrors,
            notice,
            noticeVariant: form.notice === 'auth.login.already' ? 'info' : 'warning',
          },
        ),
      );
  };

  app.get('/log-ind', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const notice: MessageKey | undefined =
      q.udloebet === '1' ? 'auth.login.expired' : req.auth.viewer ? 'auth.login.already' : undefined;
    return showForm(req, reply, 200, { next: safeNext(q.next), ...(notice && { notice }) });
  });

  const limitPerIp = async (req: FastifyRequest, reply: FastifyReply) => {
    const answer = deps.loginLimiter.hit(req.ip, deps.now().getTime());
    if (answer.allowed) return;
    reply.header('Retry-After', String(answer.retryAfterSeconds));
    return sendStatusPage(req, reply, 429, 'auth.rateLimited.title', 'auth.rateLimited.body', {
      seconds: answer.retryAfterSeconds,
    });
  };

  app.post('/log-ind', { onRequest: limitPerIp }, async (req, reply) => {
    const email = (field(req.body, 'email') ?? '').trim();
    const password = field(req.body, 'password') ?? '';
    const next = safeNext(field(req.body, 'next'));
    // The form was made for a session or form cookie that is gone: ask again, keep the e-mail.
    if (req.auth.form === 'stale')
      return showForm(req, reply, 400, {
        email,
        next,
        errors: [{ field: 'password', key: 'auth.login.stale' }],
      });
    const errors: { field: 'email' | 'password'; key: MessageKey }[] = [];
    if (email === '') errors.push({ field: 'email', key: 'auth.login.emailRequired' });
    else if (email.length > 254) errors.push({ field: 'email', key: 'field.email.tooLong' });
    if (password === '') errors.push({ field: 'password', key: 'auth.login.passwordRequired' });
    else if (password.length > 1024) errors.push({ field: 'password', key: 'field.password.tooLong' });
    if (errors.length > 0) return showForm(req, reply, 400, { email: email.slice(0, 254), next, errors });
    const result = await authenticate(writeContext(req, deps), email, password);
    if (!result.ok)
      return showForm(req, reply, 401, {
        email,
        next,
        errors: [{ field: 'email', key: 'auth.login.failed' }],
      });
    await startBrowserSession(req, reply, deps, result);
    return reply.redirect(next, 303);
  });

  app.post('/log-ud', async (req, reply) => {
    if (req.auth.sessionId) await endSession(writeContext(req, deps), req.auth.sessionId, 'logout');
    clearSessionCookie(reply);
    return reply.redirect(link('/', requestLanguage(req)), 303);
  });

  app.get('/log-ind/oidc', async (req, reply) => {
    const oidc = deps.oidc;
    if (!oidc) throw new HttpError(404, 'single sign-on is not configured');
    let started: Awaited<ReturnType<typeof oidc.start>>;
    try {
      started = await oidc.start();
    } catch (e) {
      req.log.error({ err: e }, 'single sign-on unavailable');
      return sendStatusPage(req, reply, 503, 'auth.oidc.unavailable.title', 'auth.oidc.unavailable.body');
    }
    const next = safeNext((req.query as Record<string, unknown>).next);
    setOidcCookie(reply, Buffer.from(JSON.stringify({ ...started.pending, next })).toString('base64url'));
    return reply.redirect(started.url.href, 303);
  });

  app.get('/log-ind/oidc/callback', async (req, reply) => {
    const oidc = deps.oidc;
    if (!oidc) throw new HttpError(404, 'single sign-on is not configured');
    const pending = readPending(req.cookies[oidcCookie]);
    clearOidcCookie(reply);
    const ctx = writeContext(req, deps);
    const refuse = async (reason: string, message: MessageKey = 'auth.oidc.refused.body', status = 400) => {
      await recordLoginFailure(ctx, 'oidc', reason.slice(0, 500));
      return sendStatusPage(req, reply, status, 'auth.oidc.refused.title', message);
    };
    if (!pending) return refuse('no login under way (the cookie is missing or has expired)');
    // The provider's answer is checked against the configured redirect URI, not against the Host header.
    const callback = new URL(oidc.redirectUri);
    callback.search = new URL(req.url, 'http://callback.invalid').search;
    let identity: Awaited<ReturnType<typeof oidc.finish>>;
    try {
      identity = await oidc.finish(callback, pending);
    } catch (e) {
      if (!(e instanceof OidcError)) throw e;
      return refuse(e.message);
    }
    const result = await loginWithOidc(ctx, identity, oidc.roleMap);
    if (!result.ok)
      return sendStatusPage(req, reply, 403, 'auth.oidc.refused.title', refusals[result.reason]);
    await startBrowserSession(req, reply, deps, result);
    return reply.redirect(pending.next, 303);
  });
}

function readPending(cookie: string | undefined): (PendingLogin & { next: string }) | undefined {
  if (!cookie) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { state, nonce, codeVerifier } = v;
    if (typeof state !== 'string' || typeof nonce !== 'string' || typeof codeVerifier !== 'string')
      return undefined;
    return { state, nonce, codeVerifier, next: safeNext(v.next) };
  } catch {
    return undefined;
  }
}
