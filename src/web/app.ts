// Builds the web application: security headers, static assets, pages, the JSON API, and one error handler
// that answers in Danish (or English) on pages and in JSON on the API, leaking no internals.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DEFAULT_UPLOAD_MAX_MB } from '../platform/config.ts';
import { paths } from '../platform/paths.ts';
import type { Database } from '../service/database.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../service/errors.ts';
import type { OidcSettings } from '../service/oidc.ts';
import { getStrategy, listStrategies } from '../service/strategies.ts';
import { registerAuth } from './auth/index.ts';
import { HttpError } from './http-error.ts';
import { translator } from './i18n/messages.ts';
import { registerKeptPages } from './kept-pages.ts';
import { renderPage } from './render.ts';
import { requestLanguage, requestPath } from './request-language.ts';
import { registerAdminImport } from './routes/admin-import.ts';
import type { StatbankLimits } from '../service/statbank-limits.ts';
import { registerApi } from './routes/api.ts';
import { registerPages } from './routes/pages.ts';
import { registerPopulation } from './routes/population.ts';
import { registerIndicatorOutputs } from './routes/indicators.ts';
import { registerSecurityHeaders } from './security-headers.ts';

export interface AppOptions {
  readonly database: Database;
  readonly logLevel?: string;
  /** Single sign-on (OpenID Connect); password login only when absent. */
  readonly oidc?: OidcSettings | undefined;
  /** Fastify's trustProxy: which proxies' X-Forwarded-For gives the client IP (for the audit log and limits). */
  readonly trustProxy?: boolean | number | string | undefined;
  /** The clock for sessions and limits; tests move it. */
  readonly now?: () => Date;
  readonly loginRateLimit?: { readonly max: number; readonly windowMs: number };
  /** Told of every route as it is registered (the route × role matrix test lists them this way). */
  readonly onRoute?: (route: { readonly method: string; readonly url: string }) => void;
  /** The largest file the upload page accepts, in bytes (config UPLOAD_MAX_MB; default 50 MB). */
  readonly uploadMaxBytes?: number | undefined;
  /** What one uploaded StatBank file may ask for (config STATBANK_MAX_*; default DEFAULT_STATBANK_LIMITS). */
  readonly statbankLimits?: StatbankLimits | undefined;
}

// dkfds exports only its script; its dist/ folder (CSS, fonts, icons) is found from there.
const dkfdsDist = path.resolve(path.dirname(createRequire(import.meta.url).resolve('dkfds')), '..');

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel } : false,
    // Ids in URLs are short; a long one is an attack or a mistake.
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 1024 * 1024,
    // A union does not pick one of Fastify's overloads; each member is a valid trustProxy on its own.
    trustProxy: (options.trustProxy ?? false) as boolean,
  });
  const onRoute = options.onRoute;
  if (onRoute)
    app.addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) onRoute({ method, url: r.url });
    });
  registerSecurityHeaders(app);
  // Before the session hook, so a kept public page is sent without a session lookup.
  const kept = registerKeptPages(app, options.database);
  await app.register(fastifyStatic, {
    root: dkfdsDist,
    prefix: '/assets/dkfds/',
    maxAge: '1d',
    index: false,
  });
  await app.register(fastifyStatic, {
    root: paths.assets,
    prefix: '/assets/app/',
    decorateReply: false,
    maxAge: '1h',
    index: false,
  });

  const deps = await registerAuth(app, options);
  registerPages(app, options.database, kept);
  registerApi(app, options.database);
  registerPopulation(app, options.database, kept, () => defaultArea(options.database));
  registerIndicatorOutputs(app, options.database);

  app.setNotFoundHandler((req, reply) => sendError(req, reply, 404, 'not found'));
  app.setErrorHandler((error: unknown, req, reply) => {
    if (error instanceof HttpError) return sendError(req, reply, error.status, error.message);
    const known = serviceErrorStatus(error);
    if (known) return sendError(req, reply, known, (error as Error).message);
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return sendError(req, reply, status, (error as Error).message);
    const ref = randomUUID().slice(0, 8);
    req.log.error({ err: error, ref }, 'request failed');
    return sendError(req, reply, 500, 'internal error', ref);
  });
  // File uploads only where a page takes one: multipart bodies are parsed nowhere else. Registered
  // after the handlers above, so the scope inherits them.
  await app.register(async (uploads) => {
    await uploads.register(fastifyMultipart);
    registerAdminImport(uploads, deps, {
      maxBytes: options.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX_MB * 1024 * 1024,
      statbankLimits: options.statbankLimits,
    });
  });
  return app;
}

/** The area a page shows first: the municipality of the only strategy, else the whole country. */
async function defaultArea(database: Database): Promise<string> {
  const list = await listStrategies(database);
  if (list.length !== 1 || !list[0]) return '000';
  return (await getStrategy(database, list[0].strategyId))?.definition.organisation.areaCode ?? '000';
}

/** The service's deliberate refusals that reach here unhandled by a route. */
function serviceErrorStatus(error: unknown): 400 | 403 | 404 | 409 | undefined {
  if (error instanceof InvalidInputError) return 400;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  return undefined;
}

function isApi(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

function sendError(req: FastifyRequest, reply: FastifyReply, status: number, message: string, ref?: string) {
  reply.code(status);
  if (isApi(req)) {
    // The API explains client errors; server errors say only that one happened and its reference.
    return reply.send({
      error: { status, message: status >= 500 ? `internal error (reference ${ref})` : message },
    });
  }
  const lang = requestLanguage(req);
  const t = translator(lang);
  const pathShown = safeDecode(requestPath(req)).slice(0, 200);
  const heading =
    status === 404
      ? t('error.notFound.title')
      : status >= 500
        ? t('error.server.title')
        : t('error.badRequest.title');
  const body =
    status === 404
      ? t('error.notFound.body', { path: pathShown })
      : status >= 500
        ? t('error.server.body', { ref: ref ?? '' })
        : message;
  return reply
    .type('text/html')
    .send(
      renderPage('error.njk', { lang, path: requestPath(req) }, { title: heading, heading, message: body }),
    );
}

/** Shows `/s%C3%B8g` as `/søg`; a malformed escape is shown as it came. Escaping happens in the template. */
function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
