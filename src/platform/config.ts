// The process environment, validated once at start-up: every setting with its default and a clear error.
import { z } from 'zod';
import { parseMailSettings, type MailSettings } from './mail-settings.ts';
import { parseSurveySettings, type SurveySettings } from './survey-settings.ts';

const port = z.coerce
  .number({ invalid_type_error: 'expected a port number' })
  .int('expected a whole port number')
  .min(1, 'expected a port from 1 to 65535')
  .max(65535, 'expected a port from 1 to 65535');

// Single sign-on (OpenID Connect). Either none of these is set, or the issuer, client and redirect are.
const loopbackOrHttps = (u: string) => {
  if (!URL.canParse(u)) return true; // .url() has already said so
  const url = new URL(u);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
};
const roleTarget = /^(admin|reader|editor:[a-z0-9][a-z0-9-]{0,99})$/;
const oidcEnv = {
  OIDC_ISSUER: z
    .string()
    .url("expected the provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0")
    .refine(loopbackOrHttps, 'expected an https:// URL (http:// only on this machine)')
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z
    .string()
    .url(
      'expected the full URL of /log-ind/oidc/callback, e.g. https://pejlemaerke.example.dk/log-ind/oidc/callback',
    )
    .optional(),
  OIDC_SCOPES: z.string().min(1).default('openid email profile'),
  OIDC_ROLE_CLAIM: z.string().min(1).default('roles'),
  OIDC_ROLE_MAP: z
    .string()
    .transform((text, ctx) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'expected a JSON object such as {"Pejlemaerke.Admin":"admin"}',
        });
        return z.NEVER;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON object of provider role → role' });
        return z.NEVER;
      }
      for (const [k, v] of Object.entries(parsed))
        if (typeof v !== 'string' || !roleTarget.test(v)) {
          ctx.addIssue({
            code: 'custom',
            message: `${JSON.stringify(k)}: expected "admin", "reader" or "editor:<centre id>", got ${JSON.stringify(v)}`,
          });
          return z.NEVER;
        }
      return parsed as Record<string, string>;
    })
    .optional(),
};

/**
 * Uploads stream to a temporary file, never into memory, so the limit bounds disk use and the time one request
 * takes. A filled indicator template is a few megabytes; a saved StatBank CSV of one table for every
 * municipality can reach tens.
 */
export const DEFAULT_UPLOAD_MAX_MB = 50;

/**
 * How much work one StatBank file may ask for (see ARCHITECTURE.md for how the defaults were chosen): the cells a
 * JSON-stat dataset declares, its dimensions, its categories over all dimensions, the rows of a CSV uploaded on
 * the admin page, and the rows of a CSV the command line imports (streamed, so its bound is time, not memory).
 */
export const DEFAULT_STATBANK_BOUNDS = {
  maxCells: 1_000_000,
  maxDimensions: 12,
  maxCategories: 20_000,
  maxRows: 2_000_000,
  cliMaxRows: 100_000_000,
} as const;
const count = (example: number) =>
  z.coerce
    .number({ invalid_type_error: `expected a whole number, e.g. ${example}` })
    .int(`expected a whole number, e.g. ${example}`)
    .min(1, 'expected at least 1')
    .max(1e12, 'expected at most 1000000000000');
const statbankEnv = {
  STATBANK_MAX_CELLS: count(1_000_000).default(DEFAULT_STATBANK_BOUNDS.maxCells),
  STATBANK_MAX_DIMENSIONS: count(12).default(DEFAULT_STATBANK_BOUNDS.maxDimensions),
  STATBANK_MAX_CATEGORIES: count(20_000).default(DEFAULT_STATBANK_BOUNDS.maxCategories),
  STATBANK_MAX_ROWS: count(2_000_000).default(DEFAULT_STATBANK_BOUNDS.maxRows),
  STATBANK_CLI_MAX_ROWS: count(100_000_000).default(DEFAULT_STATBANK_BOUNDS.cliMaxRows),
};

// The keyed statistics connectors. Keys are optional: without one, a refresh from that source says so.
const httpsUrl = (example: string) =>
  z
    .string()
    .url(`expected a URL such as ${example}`)
    .refine(loopbackOrHttps, 'expected an https:// URL (http:// only on this machine)');
const connectorEnv = {
  /** Jobindsats (STAR): the key STAR issues on application, sent as the raw Authorization header. */
  JOBINDSATS_API_KEY: z.string().min(1).optional(),
  JOBINDSATS_BASE_URL: httpsUrl('https://api.jobindsats.dk/v2').default('https://api.jobindsats.dk/v2'),
  /** Børne- og Undervisningsministeriets statistics API: a Bearer key. */
  UDDANNELSESSTATISTIK_API_KEY: z.string().min(1).optional(),
  UDDANNELSESSTATISTIK_BASE_URL: httpsUrl('https://api.uddannelsesstatistik.dk').default(
    'https://api.uddannelsesstatistik.dk',
  ),
};

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Where the embedded database keeps its files when DATABASE_URL is not set. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** A PostgreSQL server, e.g. postgres://user:pass@127.0.0.1:5432/pejlemaerke; unset means the embedded database. */
  DATABASE_URL: z
    .string()
    .url('expected a URL such as postgres://user:password@host:5432/database')
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'expected a postgres:// or postgresql:// URL')
    .optional(),
  /** Load the bundled strategy definitions when the database holds none (0 turns it off). */
  SEED: z.enum(['0', '1']).default('1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Proxies in front of the app whose X-Forwarded-For is believed: `true`, a hop count, or addresses. */
  TRUST_PROXY: z.string().optional(),
  /** The largest file the admin upload page accepts, in megabytes. */
  UPLOAD_MAX_MB: z.coerce
    .number({ invalid_type_error: 'expected a number of megabytes, e.g. 50' })
    .int('expected a whole number of megabytes')
    .min(1, 'expected from 1 to 1024 megabytes')
    .max(1024, 'expected from 1 to 1024 megabytes')
    .default(DEFAULT_UPLOAD_MAX_MB),
  ...oidcEnv,
  ...connectorEnv,
  ...statbankEnv,
});

export type Config = {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly seed: boolean;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly trustProxy?: boolean | number | string;
  /** The largest upload the admin pages accept, in bytes. */
  readonly uploadMaxBytes: number;
  /** Bounds on one StatBank file (upload and import); `cliMaxRows` replaces `maxRows` on the command line. */
  readonly statbank: {
    readonly maxCells: number;
    readonly maxDimensions: number;
    readonly maxCategories: number;
    readonly maxRows: number;
    readonly cliMaxRows: number;
  };
  /** Jobindsats (STAR); `apiKey` undefined when not configured. */
  readonly jobindsats: ConnectorConfig;
  /** The education ministry's statistics API; `apiKey` undefined when not configured. */
  readonly uddannelsesstatistik: ConnectorConfig;
  /** Single sign-on; undefined when not configured (password login only). */
  readonly oidc?: OidcConfig | undefined;
  /** Mail (SMTP_URL, MAIL_FROM, PUBLIC_URL, FOLLOWUP_REMINDER_DAYS); `smtp` undefined when mail is off. */
  readonly mail: MailSettings;
  /** Surveys (SURVEY_MIN_RESPONDENTS, SURVEY_RETENTION_DAYS). */
  readonly survey: SurveySettings;
};

export interface ConnectorConfig {
  readonly apiKey: string | undefined;
  readonly baseUrl: string;
}

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly redirectUri: string;
  readonly scopes: string;
  readonly roleClaim: string;
  readonly roleMap: Readonly<Record<string, string>>;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `${i.path.join('.')}=${JSON.stringify(cleaned[String(i.path[0])])}: ${i.message}`,
    );
    throw new ConfigError(`invalid environment: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const mail = parseMailSettings(cleaned);
  if (!mail.ok) throw new ConfigError(`invalid environment: ${mail.problems.join('; ')}`);
  const survey = parseSurveySettings(cleaned);
  if (!survey.ok) throw new ConfigError(`invalid environment: ${survey.problems.join('; ')}`);
  const oidcSet = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_REDIRECT_URI, e.OIDC_ROLE_MAP];
  if (oidcSet.some((v) => v !== undefined) && oidcSet.some((v) => v === undefined))
    throw new ConfigError(
      'invalid environment: single sign-on needs all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_REDIRECT_URI and OIDC_ROLE_MAP (or none of them)',
    );
  return {
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_REDIRECT_URI && e.OIDC_ROLE_MAP
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            redirectUri: e.OIDC_REDIRECT_URI,
            scopes: e.OIDC_SCOPES,
            roleClaim: e.OIDC_ROLE_CLAIM,
            roleMap: e.OIDC_ROLE_MAP,
          }
        : undefined,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    seed: e.SEED === '1',
    logLevel: e.LOG_LEVEL,
    jobindsats: { apiKey: e.JOBINDSATS_API_KEY, baseUrl: e.JOBINDSATS_BASE_URL },
    uddannelsesstatistik: {
      apiKey: e.UDDANNELSESSTATISTIK_API_KEY,
      baseUrl: e.UDDANNELSESSTATISTIK_BASE_URL,
    },
    uploadMaxBytes: e.UPLOAD_MAX_MB * 1024 * 1024,
    mail: mail.settings,
    survey: survey.settings,
    statbank: {
      maxCells: e.STATBANK_MAX_CELLS,
      maxDimensions: e.STATBANK_MAX_DIMENSIONS,
      maxCategories: e.STATBANK_MAX_CATEGORIES,
      maxRows: e.STATBANK_MAX_ROWS,
      cliMaxRows: e.STATBANK_CLI_MAX_ROWS,
    },
  };
}

function parseTrustProxy(v: string | undefined): boolean | number | string {
  if (v === undefined || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** A database URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
