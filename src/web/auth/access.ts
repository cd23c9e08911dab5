// Small helpers the routes share: ask the policy for a page (and answer 303 to the login page, or a Danish
// 403), render a status page, hand out the form token, and keep `next` on this site.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from '../../domain/access/index.ts';
import { ForbiddenError } from '../../service/errors.ts';
import { authorize, type GateOptions } from '../../service/write-gate.ts';
import { translator, type Language, type MessageKey } from '../i18n/messages.ts';
import { renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';
import { formCookie, setFormCookie } from './cookies.ts';
import { writeContext, type AuthDeps } from './deps.ts';

export function sendStatusPage(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  heading: MessageKey,
  message: MessageKey,
  vars?: Record<string, string | number>,
): FastifyReply {
  const lang = requestLanguage(req);
  const t = translator(lang);
  return reply
    .code(status)
    .type('text/html')
    .send(
      renderPage(
        'error.njk',
        { lang, path: requestPath(req) },
        {
          title: t(heading),
          heading: t(heading),
          message: t(message, vars),
        },
      ),
    );
}

export function sendForbidden(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendStatusPage(req, reply, 403, 'auth.forbidden.title', 'auth.forbidden.body');
}

/** Where the login page sends the user back to: a path on this site, never another site. */
export function safeNext(v: unknown): string {
  if (typeof v !== 'string' || v.length > 2000) return '/';
  // "//evil.example" and "/\evil.example" are read by browsers as other hosts.
  if (!v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\') || /\p{Cc}/u.test(v)) return '/';
  return v;
}

/** A path with query parameters, keeping the language (`lang=en`) the way `link` does. */
export function hrefWith(path: string, lang: Language, params: Record<string, string>): string {
  const q = new URLSearchParams(params);
  if (lang !== 'da') q.set('lang', lang);
  const text = q.toString();
  return text ? `${path}?${text}` : path;
}

export function loginUrl(req: FastifyRequest, extra: Record<string, string> = {}): string {
  return hrefWith('/log-ind', requestLanguage(req), { next: req.url, ...extra });
}

/**
 * For a page: the anonymous visitor is sent to the login page (303, told if their session ran out), a
 * logged-in user without the right gets a Danish 403 and the refusal is logged. True when allowed.
 */
export async function allowPage(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthDeps,
  action: Action,
  options: GateOptions = {},
): Promise<boolean> {
  if (!req.auth.viewer) {
    await reply.redirect(loginUrl(req, req.auth.sessionEnded ? { udloebet: '1' } : {}), 303);
    return false;
  }
  return allowAction(req, reply, deps, action, options);
}

/** For a logged-in user: asks the policy; on refusal logs it and answers 403. */
export async function allowAction(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthDeps,
  action: Action,
  options: GateOptions = {},
): Promise<boolean> {
  try {
    await authorize(writeContext(req, deps), action, options);
    return true;
  } catch (e) {
    if (!(e instanceof ForbiddenError)) throw e;
    await sendForbidden(req, reply);
    return false;
  }
}

/** The token every form carries: the session's, or for a visitor not logged in, the form cookie's. */
export function formToken(req: FastifyRequest, reply: FastifyReply): string {
  if (req.auth.viewer) return req.auth.viewer.csrfToken;
  const existing = req.cookies[formCookie];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setFormCookie(reply, token);
  return token;
}

/** A text field of a urlencoded body; absent, repeated or non-text fields read as undefined. */
export function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const v = (body as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

/** A field that may be repeated (checkboxes): always a list of strings. */
export function fields(body: unknown, name: string): readonly string[] {
  if (typeof body !== 'object' || body === null) return [];
  const v = (body as Record<string, unknown>)[name];
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
