// Control characters refused wherever a request can carry them, in one place for every route: a NUL cannot be
// stored by PostgreSQL (it gave a 500), and the other C0 characters and DEL are never meant in an id, a filter,
// a form field or a file name. The path, its parameters and the query are checked as the request arrives
// (before a kept page is looked up); bodies — forms, JSON, a multipart form's fields and its file's name —
// before the first preHandler, which is the form check. Text fields may hold tab, line feed and carriage
// return; addresses and names may not. The answer is a 400 that says where, in Danish (English on the API).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorLanguage } from './error-response.ts';
import { HttpError } from './http-error.ts';
import { translator, type MessageKey } from './i18n/messages.ts';
import { requestPath } from './request-language.ts';

/** The first control character's code in `s`, or -1. Tab, LF and CR are allowed when `lineBreaks` is. */
export function controlCharacterIn(s: string, lineBreaks: boolean): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x7f) continue;
    if (lineBreaks && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    return c;
  }
  return -1;
}

const code = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
/** A name as a message may show it: short, its own control characters made visible. */
const shownName = (name: string) =>
  Array.from(name.slice(0, 60), (ch) => (controlCharacterIn(ch, false) >= 0 ? '?' : ch)).join('');

function refusal(req: FastifyRequest, key: MessageKey, c: number, name = ''): HttpError {
  const t = translator(errorLanguage(req));
  return new HttpError(400, t(key, { code: code(c), name: shownName(name) }));
}

/** Why the path or query may not be read, or undefined. */
function urlProblem(req: FastifyRequest): HttpError | undefined {
  const inPath = controlCharacterIn(decoded(requestPath(req)), false);
  if (inPath >= 0) return refusal(req, 'error.control.path', inPath);
  for (const [name, value] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    const inName = controlCharacterIn(name, false);
    if (inName >= 0) return refusal(req, 'error.control.query', inName, name);
    for (const v of [value].flat()) {
      const inValue = typeof v === 'string' ? controlCharacterIn(v, false) : -1;
      if (inValue >= 0) return refusal(req, 'error.control.query', inValue, name);
    }
  }
  return undefined;
}

/** Why the body (or an uploaded file's name) may not be read, or undefined. */
function bodyProblem(req: FastifyRequest): HttpError | undefined {
  const own = formsCheckingOwnText[`${req.method} ${req.routeOptions.url ?? ''}`];
  for (const [name, value, isText] of strings(req.body, '')) {
    if (isText && own?.includes(name)) continue;
    const c = controlCharacterIn(value, isText);
    if (c >= 0) return refusal(req, 'error.control.field', c, name);
  }
  for (const name of uploadedNames.get(req) ?? []) {
    const c = controlCharacterIn(name, false);
    if (c >= 0) return refusal(req, 'error.control.fileName', c);
  }
  return undefined;
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Every string of a parsed body with the name of the field it is in; deep or huge bodies are cut short. */
function* strings(value: unknown, name: string, depth = 0): Generator<[string, string, boolean]> {
  if (typeof value === 'string') yield [name, value, true];
  if (depth > 20 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return;
  if (Array.isArray(value)) {
    for (const v of value) yield* strings(v, name, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const inner = name ? `${name}.${k}` : k;
    yield [inner, k, false];
    yield* strings(v, inner, depth + 1);
  }
}

/**
 * Forms that refuse control characters in these fields themselves and show the form again with what was
 * typed (`form.controlCharacters`), by route as Fastify names it. The hook leaves those fields to them; a
 * test checks that every route named here exists.
 */
export const formsCheckingOwnText: Readonly<Record<string, readonly string[]>> = {
  'POST /strategier/:id/omraader/:areaId/noter': ['body'],
  'POST /strategier/:id/opfoelgning/:roundId/omraader/:areaId': ['body'],
  'POST /strategier/:id/indsatser/:interventionId/noter': ['body'],
  'POST /strategier/:id/omraader/:areaId/indsatser/ny': ['title', 'description'],
  'POST /strategier/:id/indsatser/:interventionId/rediger': ['title', 'description'],
  'POST /admin/brugere': ['email', 'displayName', 'password'],
  // A questionnaire's JSON: a control character is a syntax mistake there, named by line and column.
  'POST /undersoegelser/skemaer/:qid/rediger': ['definition'],
};

const uploadedNames = new WeakMap<FastifyRequest, string[]>();

/** A multipart reader tells of each file name it met, so the body check covers it too. */
export function noteUploadedName(req: FastifyRequest, name: string | undefined): void {
  if (name === undefined) return;
  const names = uploadedNames.get(req) ?? [];
  names.push(name);
  uploadedNames.set(req, names);
}

/** Whether a file name may be kept: no control character at all. */
export const isCleanFileName = (name: string | undefined) =>
  name === undefined || controlCharacterIn(name, false) < 0;

export function registerControlCharacterGuard(app: FastifyInstance): void {
  // Callback hooks: they run on every request (kept pages included) and have nothing to wait for.
  app.addHook('onRequest', (req, _reply, done) => done(urlProblem(req)));
  app.addHook('preHandler', (req, _reply, done) => done(bodyProblem(req)));
}
