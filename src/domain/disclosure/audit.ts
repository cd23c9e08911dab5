// An independent check of a published table: no small count shown, and no hidden value exactly derivable.
import type { CountCell, ShareCell } from './cell.ts';
import { isSmallCount, type DisclosureConfig } from './config.ts';
import { determinedUnknowns } from './exact-derivation.ts';
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
  | { readonly kind: 'shape-differs' };

export interface AuditResult {
  readonly ok: boolean;
  readonly findings: readonly AuditFinding[];
}

/**
 * Decides derivability by linear algebra, not by the graph rule the suppression uses, so each checks the other.
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
  unknownAt.forEach(([i, j], k) => {
    if (!determined[k]) return;
    const hidden = grid[i]?.[j]?.kind === 'suppressed';
    const leftOutButSmall = grid[i]?.[j] === undefined && isSmallCount(truth?.[i]?.[j] ?? 0, config);
    if (hidden || leftOutButSmall) findings.push({ kind: 'derivable', entry: ref(i, j) });
  });
  return { ok: findings.length === 0, findings };
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
