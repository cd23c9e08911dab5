// Builds the web application: security headers, static assets, pages, the JSON API, and one error handler
// that answers in Danish (or English) on pages and in JSON on the API, leaking no internals.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULT_UPLOAD_MAX_MB } from '../platform/config.ts';
import { paths } from '../platform/paths.ts';
import type { Database } from '../service/database.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../service/errors.ts';
import { refusalSentence } from './audit-words.ts';
import type { OidcSettings } from '../service/oidc.ts';
import { getStrategy, listStrategies } from '../service/strategies.ts';
import { FORM_BODY_LIMIT, registerAuth } from './auth/index.ts';
import { registerControlCharacterGuard } from './control-characters.ts';
import {
  bodyErrorMessage,
  errorLanguage,
  frameworkError,
  isApi,
  MAX_PARAM_LENGTH,
  sendError,
} from './error-response.ts';
import { HttpError } from './http-error.ts';
import { translator } from './i18n/messages.ts';
import { registerKeptPages } from './kept-pages.ts';
import { loggedRequest } from './link-redaction.ts';
import { registerAdminImport } from './routes/admin-import.ts';
import type { StatbankLimits } from '../service/statbank-limits.ts';
import { registerApi } from './routes/api.ts';
import { registerDataStatus } from './routes/data-status.ts';
import { registerEvaluationDownloads } from './routes/evaluation-downloads.ts';
import { registerEvaluationDecision } from './routes/evaluation-decision.ts';
import { registerEvaluations } from './routes/evaluations.ts';
import type { ChromiumSettings } from '../platform/chromium.ts';
import { RefreshJobs } from '../service/refresh-job.ts';
import { defaultRefreshSettings, type RefreshSettings } from '../service/refresh-run.ts';
import { registerPages } from './routes/pages.ts';
import { registerPopulation } from './routes/population.ts';
import { registerIndicatorOutputs } from './routes/indicators.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerSurveyAnswer } from './routes/survey-answer.ts';
import { registerSurveyAdmin } from './routes/surveys-admin.ts';
import type { MailSettings } from '../platform/mail-settings.ts';

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
  /** Where the data status page's refresh reaches each source (default: StatBank's API, no keyed source). */
  readonly refresh?: RefreshSettings | undefined;
  /** The refresh jobs (one at a time); tests pass their own to wait for one. */
  readonly refreshJobs?: RefreshJobs | undefined;
  /** Chromium for the evaluation report's PDF (default: CHROMIUM_PATH and PDF_TIMEOUT_MS, read per request). */
  readonly reportChromium?: (() => ChromiumSettings) | undefined;
  /** The mail settings (SMTP, sender, public address) the survey pages send invitations with; none: mail off. */
  readonly mail?: MailSettings | undefined;
  /** SURVEY_MIN_RESPONDENTS, for publishing a survey round from its page (default and floor: 3). */
  readonly surveyMinRespondents?: number | undefined;
}

// dkfds exports only its script; its dist/ folder (CSS, fonts, icons) is found from there.
const dkfdsDist = path.resolve(path.dirname(createRequire(import.meta.url).resolve('dkfds')), '..');

const bodyLimit = 1024 * 1024;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logLevel && options.logLevel !== 'silent'
        ? { level: options.logLevel, serializers: { req: loggedRequest } }
        : false,
    // Ids in URLs are short; a long one is an attack or a mistake.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    bodyLimit,
    // A malformed %-escape or a too-long id is answered by our error page, with the security headers.
    frameworkErrors: frameworkError,
    // A union does not pick one of Fastify's overloads; each member is a valid trustProxy on its own.
    trustProxy: (options.trustProxy ?? false) as boolean,
  });
  const onRoute = options.onRoute;
  if (onRoute)
    app.addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) onRoute({ method, url: r.url });
    });
  registerSecurityHeaders(app);
  registerControlCharacterGuard(app);
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
  registerPages(app, options.database, kept, deps.now);
  registerApi(app, options.database);
  registerPopulation(app, options.database, kept, () => defaultArea(options.database));
  registerIndicatorOutputs(app, options.database);
  registerDataStatus(
    app,
    options.database,
    deps,
    options.refreshJobs ??
      new RefreshJobs(options.refresh ?? defaultRefreshSettings, (job, e) =>
        app.log.warn({ err: e, job: job.id }, 'refresh failed'),
      ),
  );

  const evaluationPages = registerEvaluations(app, deps);
  registerEvaluationDownloads(app, deps, { chromium: options.reportChromium });

  app.setNotFoundHandler((req, reply) => sendError(req, reply, 404, 'not found'));
  app.setErrorHandler((error: unknown, req, reply) => {
    if (error instanceof HttpError) return sendError(req, reply, error.status, error.message);
    const known = serviceErrorStatus(error);
    // A refusal of the policy reaches a page in the reader's words; the API keeps the policy's sentence.
    if (known === 403 && !isApi(req))
      return sendError(
        req,
        reply,
        403,
        refusalSentence((error as Error).message, translator(errorLanguage(req))),
      );
    if (known) return sendError(req, reply, known, (error as Error).message);
    const type = req.headers['content-type'];
    const limit = type?.startsWith('application/x-www-form-urlencoded') ? FORM_BODY_LIMIT : bodyLimit;
    const body = bodyErrorMessage(error, errorLanguage(req), limit, type);
    if (body) return sendError(req, reply, body.status, body.message);
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return sendError(req, reply, status, (error as Error).message);
    const ref = randomUUID().slice(0, 8);
    req.log.error({ err: error, ref }, 'request failed');
    return sendError(req, reply, 500, 'internal error', ref);
  });
  registerSurveyAnswer(app, deps);
  // File uploads only where a page takes one: multipart bodies are parsed nowhere else. Registered
  // after the handlers above, so the scope inherits them.
  await app.register(async (uploads) => {
    await uploads.register(fastifyMultipart);
    registerAdminImport(uploads, deps, {
      maxBytes: options.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX_MB * 1024 * 1024,
      statbankLimits: options.statbankLimits,
    });
    registerEvaluationDecision(uploads, deps, evaluationPages);
    registerSurveyAdmin(uploads, deps, {
      mail: options.mail,
      minRespondents: options.surveyMinRespondents,
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
