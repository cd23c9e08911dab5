// Tables published together as one system of figures: shared figures are one unknown, every table's sums apply.
import { isSmallCount, protectionLevel, type DisclosureConfig } from './config.ts';
import { extendTable, type Entry, type ExtendedTable } from './extended-table.ts';
import { simplexRanges, type LinearSystem, type Range, type RangeSolver } from './lp-ranges.ts';
import type { EntryState } from './primary.ts';
import { floorOf } from './protection.ts';
import type { CountTable } from './table.ts';

/**
 * One table of several published together. Entries are places on the grid with its margins,
 * [row, column] with row = rows the line of column totals and column = columns that of row totals.
 */
export interface JointTable {
  /** The true figures, with the margins the table shows, its `together` groups and its unshown entries. */
  readonly table: CountTable;
  /**
   * Entries that are the same figure as an entry of another table with the same name: a total that two
   * breakdowns share, or a figure unchanged between two releases (a reader can tell: equal values, or the
   * figure's provenance). A reader who sees it in either table knows it in both.
   */
  readonly shared?: readonly (readonly [row: number, column: number, name: string])[];
}

/** One figure of the system: its true value, where it stands in each table, and whether a reader sees it. */
export interface Figure {
  readonly value: number;
  readonly places: readonly { readonly member: number; readonly entry: number }[];
  /** 0 for a cell in any table, 1 for a margin, 2 for a grand total only. */
  readonly rank: number;
}

export interface System {
  readonly grids: readonly ExtendedTable[];
  readonly figures: readonly Figure[];
  /** The figure each table's entry shows, per table in grid order. */
  readonly figureOf: readonly (readonly number[])[];
  /**
   * Figures of a `together` group (a share's numerator and its complement): hidden as a pair, one of them may
   * be 0, so a reader knows of each only that it is not negative.
   */
  readonly paired: ReadonlySet<number>;
}

export function jointSystem(members: readonly JointTable[]): System {
  const grids = members.map((m) => extendTable(m.table));
  const byName = new Map<string, number>();
  const figures: { value: number; places: { member: number; entry: number }[]; rank: number }[] = [];
  const figureOf = grids.map((grid, member) => {
    const names = new Map<number, string>();
    for (const [i, j, name] of members[member]?.shared ?? []) {
      if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i > grid.rows || j > grid.columns)
        throw new RangeError(
          `invalid joint table ${member}: shared entry [${i}][${j}] lies outside the table`,
        );
      names.set(i * (grid.columns + 1) + j, `shared\u0000${name}`);
    }
    return grid.entries.map((e, entry) => {
      const name = names.get(entry) ?? `${member}\u0000${entry}`;
      let f = byName.get(name);
      if (f === undefined) {
        f = figures.length;
        byName.set(name, f);
        figures.push({ value: e.value, places: [], rank: 2 });
      }
      const figure = figures[f] as (typeof figures)[number];
      if (figure.value !== e.value)
        throw new RangeError(
          `invalid joint tables: shared figure ${name.slice(7)} is ${figure.value} in one table and ${e.value} in table ${member}`,
        );
      figure.places.push({ member, entry });
      figure.rank = Math.min(figure.rank, rankOf(e));
      return f;
    });
  });
  const paired = new Set<number>();
  members.forEach((m, member) => {
    const w = (grids[member]?.columns ?? 0) + 1;
    for (const g of m.table.together ?? [])
      if (g.length > 1) for (const [i, j] of g) paired.add(figureOf[member]?.[i * w + j] as number);
  });
  return { grids, figures, figureOf, paired };
}

function rankOf(e: Entry): number {
  return e.role === 'cell' ? 0 : e.role === 'grand-total' ? 2 : 1;
}

/** A figure's state to a reader of every table: published, hidden (with the reason) or left out of all. */
export type FigureState = EntryState;

/**
 * What the reader knows as a linear system: unknowns are the figures not published (hidden: at least 1, zeros
 * being always published; left out of every table: at least 0), and every line of every table is an equation.
 */
export function readerSystem(
  system: System,
  states: readonly FigureState[],
): { readonly linear: LinearSystem; readonly unknownOf: readonly (number | undefined)[] } {
  const unknownOf: (number | undefined)[] = [];
  const lower: number[] = [];
  states.forEach((s, f) => {
    if (s === 'published') unknownOf.push(undefined);
    else {
      unknownOf.push(lower.length);
      lower.push(s === 'absent' || system.paired.has(f) ? 0 : 1);
    }
  });
  const equations: LinearSystem['equations'][number][] = [];
  system.grids.forEach((grid, member) => {
    const figureAt = system.figureOf[member] as readonly number[];
    const line = (entries: readonly (readonly [number, number])[]) => {
      const terms = new Map<number, number>();
      let constant = 0;
      for (const [k, sign] of entries) {
        const f = figureAt[k] as number;
        const u = unknownOf[f];
        if (u === undefined) constant -= sign * (system.figures[f] as Figure).value;
        else terms.set(u, (terms.get(u) ?? 0) + sign);
      }
      const nonZero = [...terms].filter(([, a]) => a !== 0);
      if (nonZero.length > 0 || constant !== 0) equations.push({ terms: nonZero, constant });
    };
    const w = grid.columns + 1;
    for (let i = 0; i <= grid.rows; i++)
      line([...Array(w).keys()].map((j) => [i * w + j, j === grid.columns ? -1 : 1] as const));
    for (let j = 0; j <= grid.columns; j++)
      line([...Array(grid.rows + 1).keys()].map((i) => [i * w + j, i === grid.rows ? -1 : 1] as const));
  });
  return { linear: { lower, equations }, unknownOf };
}

/** Each table's entry states as the figures' states make them. */
export function memberStates(system: System, states: readonly FigureState[], member: number): EntryState[] {
  return (system.figureOf[member] ?? []).map((f) => states[f] as EntryState);
}

/** Figures whose range must be checked: every hidden one, and one left out of every table whose value is small. */
export function watchedFigures(
  system: System,
  states: readonly FigureState[],
  config: DisclosureConfig,
): number[] {
  return system.figures
    .map((_, f) => f)
    .filter((f) => {
      const s = states[f];
      return (
        s === 'primary' ||
        s === 'secondary' ||
        (s === 'absent' && isSmallCount(system.figures[f]?.value ?? 0, config))
      );
    });
}

/**
 * The least a reader could ever think each figure is, whatever were hidden: the minimum of the interval attack
 * when every non-zero figure is hidden (zeros are published whatever else is; what no table shows stays
 * unshown). With one table this is at least `floorOf`'s line sum; with several, the others' sums add to it (two
 * breakdowns of one total: the total is at least the number of the other breakdown's non-zero values).
 */
export function widestLows(
  system: System,
  states: readonly FigureState[],
  config: DisclosureConfig,
  solve: RangeSolver = simplexRanges,
): readonly number[] {
  const widest = system.figures.map((figure, f): FigureState =>
    states[f] === 'absent' ? 'absent' : figure.value > 0 ? 'secondary' : 'published',
  );
  // Only a small figure's floor is ever asked for (`figureShortfall`).
  const which = system.figures
    .map((_, f) => f)
    .filter((f) => widest[f] !== 'published' && isSmallCount(system.figures[f]?.value ?? 0, config));
  const { linear, unknownOf } = readerSystem(system, widest);
  const ranges = solve(
    linear,
    which.map((f) => unknownOf[f] as number),
  );
  const lows = system.figures.map(() => 0);
  which.forEach((f, i) => (lows[f] = ranges?.[i]?.lo ?? 0));
  return lows;
}

/**
 * The least a reader could ever think the figure is, in the table where that is most (see `floorOf`; a reader
 * has them all), or from all tables together (`widestLows`).
 */
export function figureFloor(
  system: System,
  states: readonly FigureState[],
  f: number,
  lows: readonly number[],
): number {
  let floor = Math.max(1, lows[f] ?? 0);
  for (const { member, entry } of system.figures[f]?.places ?? [])
    floor = Math.max(
      floor,
      floorOf(system.grids[member] as ExtendedTable, memberStates(system, states, member), entry),
    );
  return floor;
}

/** What a figure's range needs (as `protection.ts` has it for one table), and how far `range` falls short. */
export function figureShortfall(
  system: System,
  states: readonly FigureState[],
  f: number,
  range: Range,
  config: DisclosureConfig,
  lows: readonly number[],
): { readonly needed: number; readonly narrow: number; readonly above: number } {
  const value = system.figures[f]?.value ?? 0;
  const small = isSmallCount(value, config);
  const needed = small ? protectionLevel(value, config) : protectionLevel(0, config);
  const width = range.hi - range.lo;
  const narrow = width >= needed ? 0 : needed - width;
  const above = small ? Math.max(0, range.lo - figureFloor(system, states, f, lows)) : 0;
  return { needed, narrow, above };
}
