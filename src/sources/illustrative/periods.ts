// Periods as Danmarks Statistik writes them (2021, 2021K2, 2021M09), as numbers that can be interpolated.

/** Quarters since year 0: 2021K2 → 2021 × 4 + 1. */
export function quarterIndex(period: string): number {
  const m = /^(\d{4})K([1-4])$/.exec(period);
  if (!m) throw new RangeError(`not a quarter: ${period}`);
  return Number(m[1]) * 4 + Number(m[2]) - 1;
}

export function quarterOf(index: number): string {
  return `${Math.floor(index / 4)}K${(index % 4) + 1}`;
}

export function quarterRange(from: string, to: string): readonly string[] {
  const out: string[] = [];
  for (let q = quarterIndex(from); q <= quarterIndex(to); q++) out.push(quarterOf(q));
  return out;
}

/**
 * The quarter a month starts, if it does: population on the first day of January, April, July or October (FOLK1AM)
 * is population on the first day of a quarter (FOLK1E). Other months give undefined.
 */
export function quarterStartingIn(month: string): string | undefined {
  const m = /^(\d{4})M(01|04|07|10)$/.exec(month);
  return m ? `${m[1]}K${(Number(m[2]) - 1) / 3 + 1}` : undefined;
}

/** The quarter a year, quarter or month falls in (a year by its first quarter). */
export function quarterContaining(period: string): string {
  const y = /^(\d{4})$/.exec(period);
  if (y) return `${y[1]}K1`;
  const m = /^(\d{4})M(\d{2})$/.exec(period);
  if (m) return `${m[1]}K${Math.floor((Number(m[2]) - 1) / 3) + 1}`;
  quarterIndex(period);
  return period;
}

/** Decimal years: 2021 → 2021, 2021K2 → 2021.25, 2021M09 → 2021.667. */
export function decimalYear(period: string): number {
  const y = /^(\d{4})$/.exec(period);
  if (y) return Number(y[1]);
  const q = /^(\d{4})K([1-4])$/.exec(period);
  if (q) return Number(q[1]) + (Number(q[2]) - 1) / 4;
  const m = /^(\d{4})M(0[1-9]|1[0-2])$/.exec(period);
  if (m) return Number(m[1]) + (Number(m[2]) - 1) / 12;
  throw new RangeError(`not a period: ${period}`);
}

export interface Anchor {
  readonly at: number;
  readonly value: number;
}

/**
 * Linear interpolation between anchors (sorted by `at`); flat before the first and after the last, because a
 * trend carried beyond the measured figures would be invented twice.
 */
export function interpolate(anchors: readonly Anchor[], at: number): number {
  const first = anchors[0];
  const last = anchors[anchors.length - 1];
  if (!first || !last) throw new RangeError('no anchors to interpolate');
  if (at <= first.at) return first.value;
  if (at >= last.at) return last.value;
  for (let i = 1; i < anchors.length; i++) {
    const b = anchors[i] as Anchor;
    if (at <= b.at) {
      const a = anchors[i - 1] as Anchor;
      return a.value + ((b.value - a.value) * (at - a.at)) / (b.at - a.at);
    }
  }
  return last.value;
}
