// An attacker on tables published together: every hidden figure's range from all of them at once.
import type { CountCell } from './cell.ts';
import { isSmallCount, type DisclosureConfig } from './config.ts';
import {
  jointSystem,
  readerSystem,
  watchedFigures,
  widestLows,
  figureShortfall,
  type FigureState,
  type JointTable,
  type System,
} from './joint-system.ts';
import { simplexRanges, type Range, type RangeSolver } from './lp-ranges.ts';
import type { ProtectedTable } from './table.ts';

export type JointFinding =
  /** A reader's range for a hidden figure is narrower than its protection (width 0: pinned). */
  | {
      readonly kind: 'range-too-narrow';
      readonly places: readonly JointPlace[];
      readonly low: number;
      readonly high: number;
      readonly needed: number;
    }
  /** A reader can rule out the lowest values a hidden small count could have. */
  | {
      readonly kind: 'lower-bound-revealed';
      readonly places: readonly JointPlace[];
      readonly low: number;
      readonly floor: number;
    }
  | { readonly kind: 'small-count-published'; readonly places: readonly JointPlace[]; readonly value: number }
  /** A published value differs from the true one, or a shared figure is shown with two values. */
  | { readonly kind: 'value-changed'; readonly places: readonly JointPlace[] }
  /** The published figures contradict each other. */
  | { readonly kind: 'inconsistent' };

/** Where a figure stands: the table (its index in the list) and the entry on its grid with margins. */
export interface JointPlace {
  readonly table: number;
  readonly row: number;
  readonly column: number;
}

export interface JointAudit {
  readonly ok: boolean;
  readonly findings: readonly JointFinding[];
  /** Every hidden figure's range as the reader works it out, for the figures of a report. */
  readonly ranges: readonly {
    readonly places: readonly JointPlace[];
    readonly value: number;
    readonly range: Range;
  }[];
}

/**
 * The interval attack on several published tables at once (the EU Handbook on Statistical Disclosure Control):
 * the reader takes every published figure of every table, every table's sums, the figures the tables share (a
 * total, or what is unchanged between two releases) as one, and what the markers reveal (a hidden figure is at
 * least 1, one of a share's hidden pair at least 0; an entry a table leaves out at least 0), and computes each hidden figure's least and greatest value
 * by linear programming. Each range must be as wide as `protection.ts` asks of one table. `members` are the
 * true tables with what they share; `published[i]` is what table i publishes.
 */
export function auditJointly(
  members: readonly JointTable[],
  published: readonly ProtectedTable[],
  config: DisclosureConfig,
  solve: RangeSolver = simplexRanges,
): JointAudit {
  const system = jointSystem(members);
  const findings: JointFinding[] = [];
  const states: FigureState[] = system.figures.map(() => 'absent');
  const placesOf = (f: number) => placesIn(system, f);
  system.figures.forEach((figure, f) => {
    for (const { member, entry } of figure.places) {
      const grid = system.grids[member];
      if (!grid) continue;
      const unshown = (members[member]?.table.unshown ?? []).some(
        ([i, j]) => i * (grid.columns + 1) + j === entry,
      );
      if (unshown) continue;
      const cell = cellAt(published[member], grid.rows, grid.columns, entry);
      if (cell?.kind === 'count') {
        if (cell.value !== figure.value) findings.push({ kind: 'value-changed', places: placesOf(f) });
        if (isSmallCount(cell.value, config))
          findings.push({ kind: 'small-count-published', places: placesOf(f), value: cell.value });
        states[f] = 'published';
      } else if (cell?.kind === 'suppressed' && states[f] !== 'published') states[f] = 'secondary';
    }
  });
  const watched = watchedFigures(system, states, config);
  const lows = widestLows(system, states, config, solve);
  const { linear, unknownOf } = readerSystem(system, states);
  const solved = solve(
    linear,
    watched.map((f) => unknownOf[f] as number),
  );
  if (!solved) return { ok: false, findings: [...findings, { kind: 'inconsistent' }], ranges: [] };
  const ranges = watched.map((f, n) => ({
    places: placesOf(f),
    value: system.figures[f]?.value ?? 0,
    range: solved[n] as Range,
  }));
  watched.forEach((f, n) => {
    const range = solved[n] as Range;
    const { needed, narrow, above } = figureShortfall(system, states, f, range, config, lows);
    if (narrow > 0)
      findings.push({ kind: 'range-too-narrow', places: placesOf(f), low: range.lo, high: range.hi, needed });
    if (above > 0)
      findings.push({
        kind: 'lower-bound-revealed',
        places: placesOf(f),
        low: range.lo,
        floor: range.lo - above,
      });
  });
  return { ok: findings.length === 0, findings, ranges };
}

function placesIn(system: System, f: number): JointPlace[] {
  return (system.figures[f]?.places ?? []).map(({ member, entry }) => {
    const w = (system.grids[member]?.columns ?? 0) + 1;
    return { table: member, row: Math.floor(entry / w), column: entry % w };
  });
}

function cellAt(
  p: ProtectedTable | undefined,
  rows: number,
  columns: number,
  entry: number,
): CountCell | undefined {
  if (!p) return undefined;
  const i = Math.floor(entry / (columns + 1));
  const j = entry % (columns + 1);
  if (i < rows && j < columns) return p.cells[i]?.[j];
  if (i < rows) return p.rowTotals?.[i];
  if (j < columns) return p.columnTotals?.[j];
  return p.grandTotal;
}

export { cellAt as publishedEntry };
