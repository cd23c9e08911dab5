// A report's content as it is kept with a frozen round: the report model in its canonical JSON, the text its
// content hash is computed over, with the number of the content format it is written in. A frozen round's
// report is produced from this text, never from a new computation, so newer code (a reworded method, new level
// names) cannot change or block an earlier round's report.
//
// Canonical form, content format 1: `JSON.stringify` of the model with every object's keys sorted by UTF-16
// code unit; a Date written as its ISO string (the only Dates are each indicator view's sources' `importedAt`
// and `provenance.retrievedAt`, made Dates again on reading); a property whose value is undefined left out. Anything JSON
// would silently change or lose — a Map or Set, a class instance, NaN or ±Infinity, undefined inside an
// array, a function, a bigint — is refused with the path it is at, so a model that would not read back as it
// was can never be frozen. Reading format 1 back is `JSON.parse`; a later format adds its own reader here, and
// every format ever written stays readable (`report-content.test.ts` renders a committed format 1 fixture).
import { createHash } from 'node:crypto';
import type { ReportModel } from './evaluation-model.ts';

/** The content format written now. */
export const REPORT_CONTENT_FORMAT = 1;

export class ReportContentError extends Error {}

/** The model's canonical JSON (see above); throws `ReportContentError` naming the path of a value JSON would change. */
export function canonicalReportJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value, '$'));
}

function canonicalValue(value: unknown, at: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ReportContentError(`${at}: ${String(value)} has no JSON form`);
    return Object.is(value, -0) ? 0 : value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value))
    return value.map((v, i) => {
      if (v === undefined) throw new ReportContentError(`${at}[${i}]: undefined in a list`);
      return canonicalValue(v, `${at}[${i}]`);
    });
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null)
      throw new ReportContentError(
        `${at}: a ${(value as object).constructor?.name ?? 'non-plain object'} has no JSON form`,
      );
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonicalValue(v, `${at}.${key}`);
    }
    return out;
  }
  throw new ReportContentError(`${at}: a ${typeof value} has no JSON form`);
}

/** The content kept with a round: its canonical text, its SHA-256 and the format it is written in. */
export interface ReportContent {
  readonly format: number;
  readonly json: string;
  readonly sha256: string;
}

export function reportContentOf(model: ReportModel): ReportContent {
  const json = canonicalReportJson(model);
  return { format: REPORT_CONTENT_FORMAT, json, sha256: sha256Of(json) };
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The model of kept content, in any format ever written. The text must be what its hash says: a changed row
 * is refused rather than printed as the frozen report.
 */
export function readReportContent(content: ReportContent): ReportModel {
  if (sha256Of(content.json) !== content.sha256)
    throw new ReportContentError(
      `the kept report content does not match its SHA-256 (${content.sha256}); it was changed after it was kept`,
    );
  switch (content.format) {
    case 1:
      return reviveFormat1(JSON.parse(content.json) as ReportModel);
    default:
      throw new ReportContentError(
        `report content format ${content.format} is not known to this program (it reads 1 to ${REPORT_CONTENT_FORMAT})`,
      );
  }
}

/** Format 1 holds Dates only in each indicator view's sources; they are read back as Dates. */
function reviveFormat1(model: ReportModel): ReportModel {
  type Source = { importedAt: unknown; provenance: { retrievedAt: unknown } };
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : v);
  for (const area of model.areas)
    for (const indicator of area.indicators)
      for (const s of indicator.view.sources as unknown as Source[]) {
        s.importedAt = date(s.importedAt);
        s.provenance.retrievedAt = date(s.provenance.retrievedAt);
      }
  return model;
}
