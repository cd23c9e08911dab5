// One observation model for every source: a figure for a series (a source table or an indicator), an area,
// a period and a set of group dimensions, with its status and where it came from.
import { z } from 'zod';

/** Danmarks Statistik's area codes: 000 the whole country, 081–085 the regions, 101–860 the municipalities. */
export const areaCodePattern = /^\d{3}$/;

/** A year (2021), a quarter (2021K2) or a month (2021M09), as Danmarks Statistik writes them in Danish. */
export const periodCodePattern = /^\d{4}(K[1-4]|M(0[1-9]|1[0-2]))?$/;

/**
 * Missing values are typed, not null: confidential (DST's `..`/`x`), not available (`.`), not applicable or
 * nil (`-`). The marker the source used is kept so the figure can be traced back.
 */
export type MissingReason = 'confidential' | 'not-available' | 'not-applicable';

export type ObservedValue =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'missing'; readonly reason: MissingReason; readonly marker: string };

export type ObservationStatus = 'final' | 'provisional';

/** Group dimensions by the source's variable ids and codes, e.g. `{ HERKOMST: '25', KØN: 'TOT' }`. */
export type Dimensions = Readonly<Record<string, string>>;

export interface Observation {
  /** The source table (FOLK1E) or the indicator id the figure belongs to. */
  readonly series: string;
  readonly area: string;
  readonly period: string;
  readonly dims: Dimensions;
  readonly value: ObservedValue;
  /** For shares: the counts behind them, when the source gives them. */
  readonly numerator?: number | undefined;
  readonly denominator?: number | undefined;
  readonly unit: string;
  readonly status: ObservationStatus;
  /** Made by the illustrative generator, not measured: shown as such wherever it appears. */
  readonly illustrative: boolean;
}

export const sourceKinds = [
  'statbank',
  'jobindsats',
  'uddannelsesstatistik',
  'integrationsbarometer',
  'file',
  'strategy-document',
  'illustrative',
  /** A published survey round's aggregates (questionnaire, round and counts in the batch's query). */
  'survey',
] as const;
export type SourceKind = (typeof sourceKinds)[number];

/** Where a batch of observations came from; every observation points to one. */
export interface Provenance {
  readonly source: SourceKind;
  /** The table at the source, e.g. FOLK1E. */
  readonly table?: string | undefined;
  /** The exact request (URL and body) or file description that produced the figures. */
  readonly query?: string | undefined;
  readonly fileName?: string | undefined;
  readonly sha256?: string | undefined;
  readonly retrievedAt: Date;
  /** Licence and attribution, e.g. "CC BY 4.0, Kilde: Danmarks Statistik". */
  readonly licence?: string | undefined;
  readonly note?: string | undefined;
}

/** The canonical key of a set of dimensions: sorted, so {a,b} and {b,a} are the same group. */
export function dimsKey(dims: Dimensions): string {
  return Object.keys(dims)
    .sort()
    .map((k) => `${k}=${dims[k]}`)
    .join(';');
}

/** Normalises a period to Danish notation: 2021Q2 (English StatBank) → 2021K2. Returns undefined if it does not parse. */
export function normalisePeriod(raw: string): string | undefined {
  const p = raw.trim().replace(/^(\d{4})Q([1-4])$/, '$1K$2');
  return periodCodePattern.test(p) ? p : undefined;
}

export const observationSchema = z
  .object({
    series: z.string().min(1).max(100),
    area: z.string().regex(areaCodePattern, 'expected a three-digit area code'),
    period: z.string().regex(periodCodePattern, 'expected a period such as 2021, 2021K2 or 2021M09'),
    dims: z.record(z.string().min(1).max(60), z.string().max(100)),
    value: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('number'), value: z.number().finite() }),
      z.object({
        kind: z.literal('missing'),
        reason: z.enum(['confidential', 'not-available', 'not-applicable']),
        marker: z.string().max(10),
      }),
    ]),
    numerator: z.number().finite().nonnegative().optional(),
    denominator: z.number().finite().nonnegative().optional(),
    unit: z.string().min(1).max(40),
    status: z.enum(['final', 'provisional']),
    illustrative: z.boolean(),
  })
  .strict();

/** NUL or a surrogate: a cheap test per field; the exact check for an unpaired surrogate runs only on a hit. */
const SUSPECT = /[\0\uD800-\uDFFF]/;
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text a database cannot store: NUL, or an unpaired UTF-16 surrogate (which has no UTF-8 form). */
export function isUnstorableText(s: string): boolean {
  return SUSPECT.test(s) && (s.includes('\0') || UNPAIRED.test(s));
}

/** Which text field of a schema-valid observation cannot be stored, if any. */
export function unstorableField(o: Observation): string | undefined {
  if (isUnstorableText(o.series)) return 'series';
  if (isUnstorableText(o.unit)) return 'unit';
  if (o.value.kind === 'missing' && isUnstorableText(o.value.marker)) return 'value.marker';
  for (const k in o.dims)
    if (isUnstorableText(k) || isUnstorableText(o.dims[k] as string)) return `dims.${k}`;
  return undefined;
}

/**
 * Why a value is not a storable observation, or undefined when it is one: the schema, then the text rule. The
 * one statement of the rule every import applies (readers that check a whole run of rows at once use it too).
 */
export function observationProblem(o: unknown): string | undefined {
  const r = observationSchema.safeParse(o);
  if (!r.success) return r.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ');
  const field = unstorableField(o as Observation);
  return field === undefined ? undefined : unstorableMessage(field);
}

export function unstorableMessage(field: string): string {
  return `${field}: text holds a NUL character or an unpaired surrogate`;
}
