// An independent check of a published table: no small count shown, no hidden value derivable or narrowed down.
import type { CountCell, ShareCell } from './cell.ts';
import { isSmallCount, protectionLevel, type DisclosureConfig } from './config.ts';
import { determinedUnknowns } from './exact-derivation.ts';
import type { Entry, EntryRole, ExtendedTable } from './extended-table.ts';
import type { EntryState } from './primary.ts';
import { floorOf, readerBounds } from './protection.ts';
import { entryRanges, feasibleFlow, type Bounds } from './ranges.ts';
import type { ShareCounts } from './share-rule.ts';
import type { CountTable, ProtectedTable } from './table.ts';

export type EntryRef =
  | { readonly part: 'cell'; readonly row: number; readonly column: number }
  | { readonly part: 'row-total'; readonly row: number }
  | { readonly part: 'column-total'; readonly column: number }
  | { readonly part: 'grand-total' };

export type AuditFinding =
  /** A hidden value (or, given the source, a small margin the table leaves out) is fixed by what is shown. */
  | { readonly kind: 'derivable'; readonly entry: EntryRef }
  | { readonly kind: 'small-count-published'; readonly entry: EntryRef; readonly value: number }
  /** Given the source: a published value differs from the true one, or the shapes differ. */
  | {
      readonly kind: 'value-changed';
      readonly entry: EntryRef;
      readonly published: number;
      readonly source: number;
    }
  | { readonly kind: 'shape-differs' }
  /** A reader's range for a hidden value (or a small left-out margin) is narrower than its protection. */
  | {
      readonly kind: 'range-too-narrow';
      readonly entry: EntryRef;
      readonly low: number;
      readonly high: number;
      readonly needed: number;
    }
  /** Given the source: a reader can rule out the lowest values a hidden small count could have. */
  | {
      readonly kind: 'lower-bound-revealed';
      readonly entry: EntryRef;
      readonly low: number;
      readonly floor: number;
    }
  /** The published figures contradict each other (no table of whole numbers fits them). */
  | { readonly kind: 'inconsistent' };

export interface AuditResult {
  readonly ok: boolean;
  readonly findings: readonly AuditFinding[];
}

/**
 * Two independent attacks. Derivability by linear algebra (a rank test, not a graph rule). Then the interval
 * attack: every hidden value's exact range from the published figures, the sums and what the marker reveals
 * (a hidden value is at least 1, a left-out margin at least 0), by maximum flow (`ranges.ts`). Each range must
 * be at least the protection minimum wide; given the source, a hidden small count's at least protectionLevel(v)
 * wide and reaching down to its floor (see `protection.ts`), and a small left-out margin's likewise.
 * The unknowns are the hidden values and the margins the table leaves out; the equations are the table's lines
 * (each row's cells sum to its total, each column's to its total, the totals to the grand total). A hidden value
 * is derivable exactly when those equations fix it (a rank test; see `exact-derivation.ts`).
 *
 * With the source table, margins the table leaves out are checked too when their true value is small, and the
 * published values are compared with the true ones.
 */
export function auditTable(
  published: ProtectedTable,
  config: DisclosureConfig,
  source?: CountTable,
): AuditResult {
  const rows = published.cells.length;
  const columns = published.cells[0]?.length ?? 0;
  const findings: AuditFinding[] = [];
  const grid: (CountCell | undefined)[][] = [];
  for (let i = 0; i <= rows; i++) {
    const line: (CountCell | undefined)[] = [];
    for (let j = 0; j <= columns; j++)
      line.push(
        i < rows && j < columns
          ? published.cells[i]?.[j]
          : i < rows
            ? published.rowTotals?.[i]
            : j < columns
              ? published.columnTotals?.[j]
              : published.grandTotal,
      );
    grid.push(line);
  }
  const ref = (i: number, j: number): EntryRef =>
    i < rows && j < columns
      ? { part: 'cell', row: i, column: j }
      : i < rows
        ? { part: 'row-total', row: i }
        : j < columns
          ? { part: 'column-total', column: j }
          : { part: 'grand-total' };

  const truth = source && sourceGrid(source, rows, columns);
  if (source && !truth) return { ok: false, findings: [{ kind: 'shape-differs' }] };

  // Unknowns: everything not published as a count.
  const unknownIndex = new Map<string, number>();
  const unknownAt: [number, number][] = [];
  grid.forEach((line, i) =>
    line.forEach((c, j) => {
      if (c?.kind === 'count') {
        if (isSmallCount(c.value, config))
          findings.push({ kind: 'small-count-published', entry: ref(i, j), value: c.value });
        const t = truth?.[i]?.[j];
        if (t !== undefined && t !== c.value)
          findings.push({ kind: 'value-changed', entry: ref(i, j), published: c.value, source: t });
        return;
      }
      unknownIndex.set(`${i},${j}`, unknownAt.length);
      unknownAt.push([i, j]);
    }),
  );

  // One equation per line: cells (or column totals) plus, with a minus sign, the line's total.
  const equations: number[][] = [];
  const coefficient = (eq: number[], i: number, j: number, sign: number) => {
    const k = unknownIndex.get(`${i},${j}`);
    if (k !== undefined) eq[k] = (eq[k] ?? 0) + sign;
  };
  for (let i = 0; i <= rows; i++) {
    const eq = new Array<number>(unknownAt.length).fill(0);
    for (let j = 0; j < columns; j++) coefficient(eq, i, j, 1);
    coefficient(eq, i, columns, -1);
    equations.push(eq);
  }
  for (let j = 0; j <= columns; j++) {
    const eq = new Array<number>(unknownAt.length).fill(0);
    for (let i = 0; i < rows; i++) coefficient(eq, i, j, 1);
    coefficient(eq, rows, j, -1);
    equations.push(eq);
  }
  const determined = determinedUnknowns(equations, unknownAt.length);
  const derivable = new Set<string>();
  unknownAt.forEach(([i, j], k) => {
    if (!determined[k]) return;
    derivable.add(`${i},${j}`);
    const hidden = grid[i]?.[j]?.kind === 'suppressed';
    const leftOutButSmall = grid[i]?.[j] === undefined && isSmallCount(truth?.[i]?.[j] ?? 0, config);
    if (hidden || leftOutButSmall) findings.push({ kind: 'derivable', entry: ref(i, j) });
  });
  findings.push(...intervalFindings(grid, truth, config, rows, columns, ref, derivable));
  return { ok: findings.length === 0, findings };
}

function intervalFindings(
  grid: readonly (readonly (CountCell | undefined)[])[],
  truth: readonly (readonly number[])[] | undefined,
  config: DisclosureConfig,
  rows: number,
  columns: number,
  ref: (i: number, j: number) => EntryRef,
  derivable: ReadonlySet<string>,
): AuditFinding[] {
  const roleOf = (i: number, j: number): EntryRole =>
    i < rows && j < columns ? 'cell' : i < rows ? 'row-total' : j < columns ? 'column-total' : 'grand-total';
  const entries: Entry[] = [];
  const states: EntryState[] = [];
  for (let i = 0; i <= rows; i++)
    for (let j = 0; j <= columns; j++) {
      const c = grid[i]?.[j];
      const value = c?.kind === 'count' ? c.value : (truth?.[i]?.[j] ?? 0);
      entries.push({ row: i, column: j, role: roleOf(i, j), value, shown: c !== undefined });
      states.push(c === undefined ? 'absent' : c.kind === 'count' ? 'published' : 'secondary');
    }
  const t: ExtendedTable = { rows, columns, entries };
  const bounds = readerBounds(t, states);
  const flow = truth ? entries.map((e) => e.value) : feasibleFlow(t, bounds);
  if (!flow || (truth && flow.some((f, k) => f < (bounds[k] as Bounds).lo)))
    return [{ kind: 'inconsistent' }];
  const watched = entries
    .map((e, k) => k)
    .filter(
      (k) =>
        states[k] === 'secondary' ||
        (states[k] === 'absent' && truth && isSmallCount(flow[k] as number, config)),
    );
  const ranges = entryRanges(t, bounds, flow, watched);
  const findings: AuditFinding[] = [];
  watched.forEach((k, n) => {
    const range = ranges[n] as Bounds;
    const e = entries[k] as Entry;
    if (derivable.has(`${e.row},${e.column}`)) return; // reported as such
    const small = truth !== undefined && isSmallCount(e.value, config);
    const needed = small ? protectionLevel(e.value, config) : protectionLevel(0, config);
    if (range.hi - range.lo < needed)
      findings.push({
        kind: 'range-too-narrow',
        entry: ref(e.row, e.column),
        low: range.lo,
        high: range.hi,
        needed,
      });
    const floor = floorOf(t, states, k);
    if (small && range.lo > floor)
      findings.push({ kind: 'lower-bound-revealed', entry: ref(e.row, e.column), low: range.lo, floor });
  });
  return findings;
}

/** The source with its margins as one (rows + 1) × (columns + 1) grid, or undefined if the shape differs. */
function sourceGrid(source: CountTable, rows: number, columns: number): number[][] | undefined {
  if (source.cells.length !== rows || source.cells.some((r) => r.length !== columns)) return undefined;
  const grid = source.cells.map((r) => [...r, r.reduce((s, v) => s + v, 0)]);
  const totals = Array.from({ length: columns + 1 }, (_, j) => grid.reduce((s, r) => s + (r[j] ?? 0), 0));
  return [...grid, totals];
}

export type ShareFinding =
  | { readonly kind: 'share-rule-broken'; readonly index: number }
  | { readonly kind: 'value-changed'; readonly index: number };

/** Every published share has at least minCount on each side and is the true share. */
export function auditShares(
  sources: readonly ShareCounts[],
  cells: readonly ShareCell[],
  config: DisclosureConfig,
): readonly ShareFinding[] {
  const findings: ShareFinding[] = [];
  sources.forEach((s, index) => {
    const cell = cells[index];
    if (cell?.kind !== 'share') return;
    if (s.numerator < config.minCount || s.denominator - s.numerator < config.minCount)
      findings.push({ kind: 'share-rule-broken', index });
    if (cell.value !== s.numerator / s.denominator) findings.push({ kind: 'value-changed', index });
  });
  return findings;
}
