// A breakdown and the total it sums to, protected as one table per period and group, so no sum reveals a count.
import { protectTable, type CountCell, type DisclosureConfig } from '../domain/disclosure/index.ts';
import type { Observation, SeriesPoint } from '../domain/engine/index.ts';

/** What a table protection hides of one group's figures for one period, beyond each figure's own rule. */
export interface HiddenFigures {
  readonly share: boolean;
  readonly size: boolean;
}

export interface BreakdownSeries {
  readonly kind: string;
  readonly values: readonly { readonly value: string; readonly series: readonly SeriesPoint[] }[];
}

/** Answers, for the totals (kind and value undefined) or one breakdown value, what must be hidden. */
export type HiddenLookup = (
  series: { readonly kind: string; readonly value: string } | undefined,
  period: string,
  group: 'target' | 'comparison',
) => HiddenFigures | undefined;

const key = (kind: string, value: string, period: string, group: string) =>
  `${kind}\u0000${value}\u0000${period}\u0000${group}`;

/**
 * For each period and group, each breakdown is one table with the total as its margins: for shares, two rows
 * (those with the trait, those without) by the breakdown's values, so a row total is the total's numerator or
 * complement, a column total a value's group size and the grand total the total's group size; for counts,
 * one row of counts with the total. A value's numerator and complement are hidden together (its share and
 * interval reveal both). When the values do not add up to the total (a category not shown), the difference is
 * a column of its own that is never published. A share is hidden whenever its numerator, complement or group
 * size is; a gap whenever a share is (`publishRows`).
 *
 * Several breakdowns of one total share its figures: what one table hides of the total is hidden in every
 * table, and each is protected again until none hides more.
 */
export function protectBreakdowns(
  totals: readonly SeriesPoint[],
  breakdowns: readonly BreakdownSeries[],
  config: DisclosureConfig,
): HiddenLookup {
  const hidden = new Map<string, HiddenFigures>();
  if (breakdowns.length === 0) return () => undefined;
  const totalAt = new Map(totals.map((p) => [p.period, p]));
  const periods = new Set<string>();
  const pointAt = breakdowns.map((b) =>
    b.values.map((v) => {
      const m = new Map(v.series.map((p) => [p.period, p]));
      for (const p of m.keys()) periods.add(p);
      return m;
    }),
  );
  for (const period of periods)
    for (const group of ['target', 'comparison'] as const) {
      const total = totalAt.get(period)?.[group];
      let forced: HiddenFigures = { share: false, size: false };
      let results: TableResult[] = [];
      for (let round = 0; round < 4; round++) {
        results = breakdowns.map((b, i) =>
          protectOne(
            total,
            b.values.map((_, j) => pointAt[i]?.[j]?.get(period)?.[group]),
            forced,
            config,
          ),
        );
        const next = {
          share: forced.share || results.some((r) => r.total.share),
          size: forced.size || results.some((r) => r.total.size),
        };
        if (next.share === forced.share && next.size === forced.size) break;
        forced = next;
      }
      if (forced.share || forced.size) hidden.set(key('', '', period, group), forced);
      results.forEach((r, i) =>
        r.values.forEach((h, j) => {
          const b = breakdowns[i];
          const v = b?.values[j];
          if (b && v && h && (h.share || h.size)) hidden.set(key(b.kind, v.value, period, group), h);
        }),
      );
    }
  return (series, period, group) => hidden.get(key(series?.kind ?? '', series?.value ?? '', period, group));
}

interface TableResult {
  readonly total: HiddenFigures;
  readonly values: readonly (HiddenFigures | undefined)[];
}

const NONE: HiddenFigures = { share: false, size: false };
const isHidden = (c: CountCell | undefined) => c?.kind === 'suppressed';

function protectOne(
  total: Observation | undefined,
  values: readonly (Observation | undefined)[],
  forced: HiddenFigures,
  config: DisclosureConfig,
): TableResult {
  const withCounts = values.flatMap((o, j) => (o?.kind === 'counts' ? [{ j, o }] : []));
  const withValues = values.flatMap((o, j) => (o?.kind === 'value' ? [{ j, o }] : []));
  if (withCounts.length > 0) return shareTable(total, withCounts, values.length, forced, config);
  if (withValues.length > 0) return countList(total, withValues, values.length, forced, config);
  return { total: NONE, values: values.map(() => undefined) };
}

function shareTable(
  total: Observation | undefined,
  columns: readonly { j: number; o: Extract<Observation, { kind: 'counts' }> }[],
  width: number,
  forced: HiddenFigures,
  config: DisclosureConfig,
): TableResult {
  const num = columns.map(({ o }) => Math.min(Math.round(o.numerator), Math.round(o.denominator)));
  const den = columns.map(({ o }) => Math.round(o.denominator));
  let restNum = 0;
  let restDen = 0;
  let withTotal = total?.kind === 'counts';
  if (total?.kind === 'counts') {
    const n = Math.min(Math.round(total.numerator), Math.round(total.denominator));
    restNum = n - num.reduce((s, v) => s + v, 0);
    restDen = Math.round(total.denominator) - den.reduce((s, v) => s + v, 0);
    // Values that add up to more than the total overlap: no sum a reader could use, so no margins.
    if (restNum < 0 || restDen < restNum) withTotal = false;
  }
  const rest = withTotal && restDen > 0;
  const k = columns.length + (rest ? 1 : 0);
  const cells = [
    [...num, ...(rest ? [restNum] : [])],
    [...num.map((v, i) => (den[i] as number) - v), ...(rest ? [restDen - restNum] : [])],
  ];
  const together: (readonly [number, number])[][] = columns.map((_, i) => [
    [0, i],
    [1, i],
  ]);
  if (withTotal)
    together.push([
      [0, k],
      [1, k],
    ]);
  const hidden: (readonly [number, number])[] = [];
  if (withTotal && forced.share) hidden.push([0, k], [1, k]);
  if (withTotal && forced.size) hidden.push([2, k]);
  const values = new Array<HiddenFigures | undefined>(width).fill(undefined);
  // The common case needs no table: no count is small and nothing is hidden already.
  const small = (v: number) => v > 0 && v < config.minCount;
  if (
    hidden.length === 0 &&
    !cells.some((r) => r.some(small)) &&
    !den.some(small) &&
    !(rest && small(restDen))
  )
    return { total: NONE, values };
  const p = protectTable(
    {
      cells,
      margins: withTotal ? {} : { rowTotals: false, grandTotal: false },
      together,
      hidden,
      ...(rest && { unshown: [[0, k - 1] as const, [1, k - 1] as const, [2, k - 1] as const] }),
    },
    config,
  );
  columns.forEach(({ j }, i) => {
    const size = isHidden(p.columnTotals?.[i]);
    values[j] = { size, share: size || isHidden(p.cells[0]?.[i]) || isHidden(p.cells[1]?.[i]) };
  });
  if (!withTotal) return { total: NONE, values };
  const size = isHidden(p.grandTotal);
  return {
    total: { size, share: size || isHidden(p.rowTotals?.[0]) || isHidden(p.rowTotals?.[1]) },
    values,
  };
}

function countList(
  total: Observation | undefined,
  columns: readonly { j: number; o: Extract<Observation, { kind: 'value' }> }[],
  width: number,
  forced: HiddenFigures,
  config: DisclosureConfig,
): TableResult {
  const counts = columns.map(({ o }) => Math.max(0, Math.round(o.value)));
  let withTotal = total?.kind === 'value';
  let rest = 0;
  if (total?.kind === 'value') {
    rest = Math.round(total.value) - counts.reduce((s, v) => s + v, 0);
    if (rest < 0) withTotal = false;
  }
  const hasRest = withTotal && rest > 0;
  const k = counts.length + (hasRest ? 1 : 0);
  const hidden: (readonly [number, number])[] = [];
  if (withTotal && (forced.share || forced.size)) hidden.push([0, k]);
  const values = new Array<HiddenFigures | undefined>(width).fill(undefined);
  const small = (v: number) => v > 0 && v < config.minCount;
  if (hidden.length === 0 && !counts.some(small) && !(hasRest && small(rest))) return { total: NONE, values };
  const p = protectTable(
    {
      cells: [[...counts, ...(hasRest ? [rest] : [])]],
      margins: { rowTotals: withTotal, columnTotals: false, grandTotal: false },
      hidden,
      ...(hasRest && { unshown: [[0, k - 1] as const] }),
    },
    config,
  );
  columns.forEach(({ j }, i) => {
    const h = isHidden(p.cells[0]?.[i]);
    values[j] = { share: h, size: h };
  });
  if (!withTotal) return { total: NONE, values };
  const h = isHidden(p.rowTotals?.[0]);
  return { total: { share: h, size: h }, values };
}
