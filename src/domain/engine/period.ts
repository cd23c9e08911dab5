// Statistical periods as Danmarks Statistik writes them (2021, 2021K2, 2021M09): parse, order, place on a time axis.

export type Frequency = 'year' | 'quarter' | 'month';

export type Period =
  | { readonly frequency: 'year'; readonly year: number; readonly label: string }
  | { readonly frequency: 'quarter'; readonly year: number; readonly quarter: number; readonly label: string }
  | { readonly frequency: 'month'; readonly year: number; readonly month: number; readonly label: string };

/** A period string that is not one of the three forms; kept as a value so a bad row can be reported, not thrown. */
export interface PeriodError {
  readonly kind: 'invalid-period';
  readonly input: string;
}

const pattern = /^(\d{4})(?:K([1-4])|M(0[1-9]|1[0-2]))?$/;

/**
 * Periods already parsed. A national recomputation parses the same few dozen labels for every series and
 * breakdown; the results are immutable, so one object per label is shared. Bounded, since labels come from data.
 */
const parsed = new Map<string, Period | PeriodError>();
const MAX_PARSED = 10_000;

export function parsePeriod(input: string): Period | PeriodError {
  let p = parsed.get(input);
  if (p === undefined) {
    if (parsed.size >= MAX_PARSED) parsed.clear();
    p = parseOnce(input);
    parsed.set(input, p);
  }
  return p;
}

function parseOnce(input: string): Period | PeriodError {
  const m = pattern.exec(input);
  if (!m) return { kind: 'invalid-period', input };
  const year = Number(m[1]);
  if (m[2] !== undefined) return { frequency: 'quarter', year, quarter: Number(m[2]), label: input };
  if (m[3] !== undefined) return { frequency: 'month', year, month: Number(m[3]), label: input };
  return { frequency: 'year', year, label: input };
}

export function isPeriodError(p: Period | PeriodError): p is PeriodError {
  return 'kind' in p;
}

/** Consecutive whole numbers within one frequency, so neighbouring periods differ by exactly 1. */
export function periodIndex(p: Period): number {
  switch (p.frequency) {
    case 'year':
      return p.year;
    case 'quarter':
      return p.year * 4 + p.quarter - 1;
    case 'month':
      return p.year * 12 + p.month - 1;
  }
}

/**
 * Orders two periods of the same frequency. Mixing frequencies has no order (is 2021 before or after 2021K3?),
 * so it is a programming error here; series reject it earlier as the typed value `mixed-frequency`.
 */
export function comparePeriods(a: Period, b: Period): number {
  if (a.frequency !== b.frequency)
    throw new RangeError(`cannot compare periods of different frequency: ${a.label} and ${b.label}`);
  return periodIndex(a) - periodIndex(b);
}

/**
 * The middle of the period in fractional years: 2021 → 2021.5, 2021K2 → 2021.375, 2021M01 → 2021 + 1/24.
 * The midpoint is used for every frequency so an annual figure (an average or a status over the year) sits
 * where its quarters' average would, and a trend fitted to quarters and one fitted to years agree in time.
 */
export function toDecimalYear(p: Period): number {
  switch (p.frequency) {
    case 'year':
      return p.year + 0.5;
    case 'quarter':
      return p.year + (p.quarter - 0.5) / 4;
    case 'month':
      return p.year + (p.month - 0.5) / 12;
  }
}
