// How every error is answered: a Danish (or English) page, or `{"error":{"status","message"}}` under `/api/`,
// always with the security headers — also for the errors Fastify raises before any hook or route runs (a
// malformed %-escape in the path, an id longer than the router takes), which never pass the `onSend` hook.
// No answer echoes the request's path back except the 404 page, which shows it escaped and shortened.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translator, type Language, type MessageKey } from './i18n/messages.ts';
import { renderPage } from './render.ts';
import { requestLanguage, requestPath } from './request-language.ts';
import { securityHeaders } from './security-headers.ts';

/** The router's longest path parameter (Fastify's maxParamLength). */
export const MAX_PARAM_LENGTH = 200;

export function isApi(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

/** The language an error is told in: English for the API (its clients are programs), else the page's. */
export function errorLanguage(req: FastifyRequest): Language {
  return isApi(req) ? 'en' : safeLanguage(req);
}

/** `?lang=` read defensively: an early error's request may have a query Fastify has not parsed. */
function safeLanguage(req: FastifyRequest): Language {
  try {
    return requestLanguage(req);
  } catch {
    return 'da';
  }
}

export function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  ref?: string,
  heading?: string,
  /** False for an address the router refused: the page's links then lead to the front page, not to it. */
  echoPath = true,
): FastifyReply {
  reply.code(status);
  if (isApi(req)) {
    // The API explains client errors; server errors say only that one happened and its reference.
    return reply.send({
      error: { status, message: status >= 500 ? `internal error (reference ${ref})` : message },
    });
  }
  const lang = safeLanguage(req);
  const t = translator(lang);
  const pagePath = echoPath ? requestPath(req) : '/';
  const pathShown = safeDecode(requestPath(req)).slice(0, 200);
  const title =
    heading ??
    (status === 404
      ? t('error.notFound.title')
      : status >= 500
        ? t('error.server.title')
        : t('error.badRequest.title'));
  const body =
    status === 404
      ? t('error.notFound.body', { path: pathShown })
      : status >= 500
        ? t('error.server.body', { ref: ref ?? '' })
        : message;
  return reply
    .type('text/html; charset=utf-8')
    .send(renderPage('error.njk', { lang, path: pagePath }, { title, heading: title, message: body }));
}

/** Fastify's own refusals of a body (size, type, JSON), worded by us; undefined for any other error. */
export function bodyErrorMessage(
  error: unknown,
  lang: Language,
  bodyLimit: number,
  contentType: string | undefined,
): { readonly status: number; readonly message: string } | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('FST_ERR_')) return undefined;
  const t = translator(lang);
  const said = (key: MessageKey, status: number, vars?: Record<string, string | number>) => ({
    status,
    message: t(key, vars),
  });
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return said('error.body.tooLarge', 413, { kb: Math.floor(bodyLimit / 1024) });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return said('error.body.type', 415, { type: shownType(contentType) });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return said('error.body.json', 400);
    default: {
      const status = (error as { statusCode?: unknown }).statusCode;
      return typeof status === 'number' && status >= 400 && status < 500
        ? said('error.body.unreadable', status)
        : undefined;
    }
  }
}

/** The content type that was refused, without its parameters, kept short and plain. */
function shownType(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0] ?? '';
  return type.replace(/[^\w./+-]/g, '').slice(0, 60) || '–';
}

/**
 * Fastify's `frameworkErrors`: a path with a malformed %-escape, or a parameter over the router's limit.
 * These requests skip every hook, so the security headers are set here.
 */
export function frameworkError(error: Error & { code?: string }, req: FastifyRequest, reply: FastifyReply) {
  reply.headers(securityHeaders);
  const lang = errorLanguage(req);
  const t = translator(lang);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const body = t('error.tooLong.body', { max: MAX_PARAM_LENGTH });
    return sendError(req, reply, 414, body, undefined, t('error.tooLong.title'), false);
  }
  if (error.code === 'FST_ERR_BAD_URL')
    return sendError(req, reply, 400, t('error.badUrl'), undefined, undefined, false);
  req.log.error({ err: error }, 'request failed before routing');
  return sendError(req, reply, 500, 'internal error', 'router', undefined, false);
}

/** Shows `/s%C3%B8g` as `/søg`; a malformed escape is shown as it came. Escaping happens in the template. */
function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
