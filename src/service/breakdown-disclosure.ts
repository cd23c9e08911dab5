// Breakdowns and the total they sum to, protected as one system per period and group, so no sum reveals a count.
import {
  protectJointly,
  type CountCell,
  type DisclosureConfig,
  type JointMember,
  type ProtectedTable,
} from '../domain/disclosure/index.ts';
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
/**
 * A total as an earlier release (a frozen evaluation's report) published it for one period and group: the
 * figures it was computed from and what the release showed of them.
 */
export interface ReleasedTotal {
  readonly observation: Observation;
  /** Whether the release showed the share (or count) and the group size. */
  readonly shown: { readonly share: boolean; readonly size: boolean };
}

/** One earlier release's totals, for each period and group it published. */
export type ReleasedTotals = (period: string, group: 'target' | 'comparison') => ReleasedTotal | undefined;

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
 * Several breakdowns of one total (sex, origin subgroup, age band) are published together and share the
 * total's figures, so they are protected as one system (`protectJointly`): the total's numerator, complement
 * and size are one figure in every table, hidden in all or none, and the reader's ranges are computed from all
 * the tables at once; where they are too narrow, the cheapest further figure of any table is hidden.
 *
 * A reader may also hold earlier releases of the same period's total (`releases`: the reports of frozen
 * evaluation rounds, which publish the totals without their breakdowns). A released figure with the same value
 * as today's is the same figure to that reader: what the release showed is known, so no pattern of today's
 * tables may count on hiding it, and what it hid stays hidden (`protectJointly` with the release as a table
 * whose pattern is fixed). A revised total (another value) shares nothing and adds nothing.
 */
export function protectBreakdowns(
  totals: readonly SeriesPoint[],
  breakdowns: readonly BreakdownSeries[],
  config: DisclosureConfig,
  releases: readonly ReleasedTotals[] = [],
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
      const tables = breakdowns.map((b, i) =>
        prepare(
          total,
          b.values.map((_, j) => pointAt[i]?.[j]?.get(period)?.[group]),
          config,
        ),
      );
      const present = tables.flatMap((t) => (t ? [t] : []));
      const names = new Set(present.flatMap((t) => (t.member.shared ?? []).map(([, , name]) => name)));
      const released = releases.flatMap((r) => {
        const m = releasedMember(r(period, group));
        // A release that shares no figure with today's tables tells a reader nothing about them.
        return m && m.shared?.some(([, , name]) => names.has(name)) ? [m] : [];
      });
      // The common case needs no table: no count is small anywhere, and no release hid a figure of today's.
      if (present.every((t) => t.quiet) && !released.some(hidesAny)) continue;
      const joint = protectJointly([...released, ...present.map((t) => t.member)], config);
      let totalHidden: HiddenFigures = NONE;
      let n = released.length;
      tables.forEach((t, i) => {
        if (!t) return;
        const r = t.read(joint.tables[n++] as ProtectedTable);
        totalHidden = {
          share: totalHidden.share || r.total.share,
          size: totalHidden.size || r.total.size,
        };
        const b = breakdowns[i];
        r.values.forEach((h, j) => {
          const v = b?.values[j];
          if (b && v && h && (h.share || h.size)) hidden.set(key(b.kind, v.value, period, group), h);
        });
      });
      if (totalHidden.share || totalHidden.size) hidden.set(key('', '', period, group), totalHidden);
    }
  return (series, period, group) => hidden.get(key(series?.kind ?? '', series?.value ?? '', period, group));
}

/**
 * A released total as a table of its own, its pattern as published: for a share, the numerator over its
 * complement with the group size as the column total; for a count, the count alone. Its figures carry the
 * names of the total's figures in today's tables, value included, so an unchanged figure is one figure.
 */
function releasedMember(r: ReleasedTotal | undefined): JointMember | undefined {
  if (!r) return undefined;
  const o = r.observation;
  const cell = (value: number, shown: boolean): CountCell =>
    shown ? { kind: 'count', value } : { kind: 'suppressed', reason: 'secondary' };
  if (o.kind === 'counts') {
    const size = Math.round(o.denominator);
    const num = Math.min(Math.round(o.numerator), size);
    if (!(size >= 0 && num >= 0)) return undefined;
    return {
      table: {
        cells: [[num], [size - num]],
        margins: { rowTotals: false, grandTotal: false },
        together: [
          [
            [0, 0],
            [1, 0],
          ],
        ],
      },
      shared: [
        [0, 0, totalName('numerator', num)],
        [1, 0, totalName('complement', size - num)],
        [2, 0, totalName('size', size)],
      ],
      released: {
        cells: [[cell(num, r.shown.share)], [cell(size - num, r.shown.share)]],
        columnTotals: [cell(size, r.shown.size || r.shown.share)],
      },
    };
  }
  if (o.kind === 'value') {
    const count = Math.max(0, Math.round(o.value));
    return {
      table: { cells: [[count]], margins: { rowTotals: false, columnTotals: false, grandTotal: false } },
      shared: [[0, 0, totalName('count', count)]],
      released: { cells: [[cell(count, r.shown.share || r.shown.size)]] },
    };
  }
  return undefined;
}

function hidesAny(m: JointMember): boolean {
  const p = m.released;
  return !!p && [...p.cells.flat(), ...(p.columnTotals ?? [])].some((c) => c.kind === 'suppressed');
}

/** The name of a total's figure in every table that holds it, today's or a release's: same value, same figure. */
const totalName = (figure: string, value: number) => `total:${figure}=${value}`;

interface TableResult {
  readonly total: HiddenFigures;
  readonly values: readonly (HiddenFigures | undefined)[];
}

/** One breakdown's table for one period and group, before protection, and how to read its protection. */
interface Prepared {
  readonly member: JointMember;
  /** Nothing small in it: on its own it would publish everything. */
  readonly quiet: boolean;
  readonly read: (p: ProtectedTable) => TableResult;
}

const NONE: HiddenFigures = { share: false, size: false };
const isHidden = (c: CountCell | undefined) => c?.kind === 'suppressed';

function prepare(
  total: Observation | undefined,
  values: readonly (Observation | undefined)[],
  config: DisclosureConfig,
): Prepared | undefined {
  const withCounts = values.flatMap((o, j) => (o?.kind === 'counts' ? [{ j, o }] : []));
  const withValues = values.flatMap((o, j) => (o?.kind === 'value' ? [{ j, o }] : []));
  if (withCounts.length > 0) return shareTable(total, withCounts, values.length, config);
  if (withValues.length > 0) return countList(total, withValues, values.length, config);
  return undefined;
}

function shareTable(
  total: Observation | undefined,
  columns: readonly { j: number; o: Extract<Observation, { kind: 'counts' }> }[],
  width: number,
  config: DisclosureConfig,
): Prepared {
  const num = columns.map(({ o }) => Math.min(Math.round(o.numerator), Math.round(o.denominator)));
  const den = columns.map(({ o }) => Math.round(o.denominator));
  let restNum = 0;
  let restDen = 0;
  let totalNum = 0;
  let totalDen = 0;
  let withTotal = total?.kind === 'counts';
  if (total?.kind === 'counts') {
    totalDen = Math.round(total.denominator);
    totalNum = Math.min(Math.round(total.numerator), totalDen);
    restNum = totalNum - num.reduce((s, v) => s + v, 0);
    restDen = totalDen - den.reduce((s, v) => s + v, 0);
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
  const small = (v: number) => v > 0 && v < config.minCount;
  const quiet = !cells.some((r) => r.some(small)) && !den.some(small) && !(rest && small(restDen));
  const member: JointMember = {
    table: {
      cells,
      margins: withTotal ? {} : { rowTotals: false, grandTotal: false },
      together,
      ...(rest && { unshown: [[0, k - 1] as const, [1, k - 1] as const, [2, k - 1] as const] }),
    },
    ...(withTotal && {
      shared: [
        [0, k, totalName('numerator', totalNum)],
        [1, k, totalName('complement', totalDen - totalNum)],
        [2, k, totalName('size', totalDen)],
      ] as const,
    }),
  };
  const read = (p: ProtectedTable): TableResult => {
    const values = new Array<HiddenFigures | undefined>(width).fill(undefined);
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
  };
  return { member, quiet, read };
}

function countList(
  total: Observation | undefined,
  columns: readonly { j: number; o: Extract<Observation, { kind: 'value' }> }[],
  width: number,
  config: DisclosureConfig,
): Prepared {
  const counts = columns.map(({ o }) => Math.max(0, Math.round(o.value)));
  let withTotal = total?.kind === 'value';
  let rest = 0;
  const totalCount = total?.kind === 'value' ? Math.round(total.value) : 0;
  if (total?.kind === 'value') {
    rest = totalCount - counts.reduce((s, v) => s + v, 0);
    if (rest < 0) withTotal = false;
  }
  const hasRest = withTotal && rest > 0;
  const k = counts.length + (hasRest ? 1 : 0);
  const small = (v: number) => v > 0 && v < config.minCount;
  const quiet = !counts.some(small) && !(hasRest && small(rest));
  const member: JointMember = {
    table: {
      cells: [[...counts, ...(hasRest ? [rest] : [])]],
      margins: { rowTotals: withTotal, columnTotals: false, grandTotal: false },
      ...(hasRest && { unshown: [[0, k - 1] as const] }),
    },
    ...(withTotal && { shared: [[0, k, totalName('count', totalCount)]] as const }),
  };
  const read = (p: ProtectedTable): TableResult => {
    const values = new Array<HiddenFigures | undefined>(width).fill(undefined);
    columns.forEach(({ j }, i) => {
      const h = isHidden(p.cells[0]?.[i]);
      values[j] = { share: h, size: h };
    });
    if (!withTotal) return { total: NONE, values };
    const h = isHidden(p.rowTotals?.[0]);
    return { total: { share: h, size: h }, values };
  };
  return { member, quiet, read };
}
