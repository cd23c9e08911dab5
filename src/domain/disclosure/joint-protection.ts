// Tables published together protected as one system: each on its own first, then more hidden until all hold jointly.
import type { CountCell } from './cell.ts';
import { defaultDisclosureConfig, type DisclosureConfig } from './config.ts';
import { publishedEntry } from './joint-audit.ts';
import {
  figureShortfall,
  jointSystem,
  readerSystem,
  watchedFigures,
  widestLows,
  type FigureState,
  type JointTable,
  type System,
} from './joint-system.ts';
import { simplexRanges, type Range } from './lp-ranges.ts';
import { protectTable } from './protect-table.ts';
import { checkTable, resolveMargins, type ProtectedTable } from './table.ts';

export interface JointMember extends JointTable {
  /**
   * What this table has published already (an earlier release): kept exactly as it is, since it is public and
   * cannot change. The other tables adapt to it.
   */
  readonly released?: ProtectedTable;
}

export interface JointProtection {
  /** Per member, what it may publish (a released member's own pattern, unchanged). */
  readonly tables: readonly ProtectedTable[];
  /** Figures hidden beyond what each table's own protection hid, and those published again for a release. */
  readonly added: number;
}

/**
 * 1. Each table not yet released is protected on its own (`protectTable`).
 * 2. The figures are combined: a figure shared by several tables (a total, an unchanged figure) is one
 *    figure; a released table's pattern is fixed — what it published stays known (and is shown in the new
 *    table too, since hiding it there would hide nothing), what it hid stays hidden in every table — and
 *    otherwise a figure hidden in one table is hidden in all that show it.
 * 3. The joint interval attack (`joint-audit.ts`: linear programming over every table's sums at once) gives
 *    each hidden figure's range; while one falls short, one more published figure is hidden: the one that
 *    leaves the shortfall least, inner cells before margins, margins before grand totals, and among those the
 *    least information lost — its value times the number of tables that show it, so the suppression falls in
 *    the table where it costs least and a figure shared by two tables counts twice. This rule rather than each
 *    table's own (`secondary.ts`) because the tables' costs are compared with each other, and only the joint
 *    attack sees what a figure of one table does to another's. A released table's figures are never
 *    candidates. When no single figure helps (a cycle of several is needed), the cheapest on a line of the
 *    failing one, then the next round adds to it. A hidden figure the reader works out exactly even with every
 *    figure that may be hidden hidden (from zeros and a release's published figures) hides nothing: it is
 *    published instead.
 * 4. Every figure hidden beyond its own rule (by step 1 or 3) is offered back, largest first, and published if
 *    every range still holds without it.
 * Each round hides one more figure or publishes one that hides nothing, so it ends. Where a released table has
 * already told a reader something, no pattern of the new table can take it back: the property tests count
 * those systems (checked by hiding everything the new table may hide).
 */
export function protectJointly(
  members: readonly JointMember[],
  config: DisclosureConfig = defaultDisclosureConfig,
): JointProtection {
  for (const m of members) checkTable(m.table);
  const system = jointSystem(members);
  const own = members.map((m) => m.released ?? protectTable(m.table, config));
  const unshownAt = members.map((m, member) => {
    const w = (system.grids[member]?.columns ?? 0) + 1;
    return new Set((m.table.unshown ?? []).map(([i, j]) => i * w + j));
  });
  const stateIn = (member: number, entry: number): FigureState => {
    const grid = system.grids[member];
    if (!grid || unshownAt[member]?.has(entry)) return 'absent';
    const cell = publishedEntry(own[member], grid.rows, grid.columns, entry);
    if (!cell) return 'absent';
    if (cell.kind === 'count') return 'published';
    return cell.reason === 'primary' ? 'primary' : 'secondary';
  };
  const locked = new Set<number>();
  const initial: FigureState[] = system.figures.map((figure, f) => {
    const here = figure.places.map(({ member, entry }) => ({
      state: stateIn(member, entry),
      released: members[member]?.released !== undefined,
    }));
    if (here.some((h) => h.released)) locked.add(f);
    const fixed = here.filter((h) => h.released);
    if (fixed.some((h) => h.state === 'published')) return 'published';
    if (here.some((h) => h.state === 'primary')) return 'primary';
    if (here.some((h) => h.state === 'secondary')) return 'secondary';
    if (fixed.length === 0 && here.some((h) => h.state === 'published')) return 'published';
    return 'absent';
  });
  const ownStates: FigureState[] = system.figures.map((figure) => {
    const s = figure.places.map(({ member, entry }) => stateIn(member, entry));
    return s.includes('primary')
      ? 'primary'
      : s.includes('secondary')
        ? 'secondary'
        : s.includes('published')
          ? 'published'
          : 'absent';
  });
  // Independent tables: nothing hidden is shared and no release decides anything, so each table's own holds.
  const coupled = system.figures.some(
    (figure, f) =>
      (figure.places.length > 1 && initial[f] !== 'published') ||
      figure.places.some(
        ({ member, entry }) => stateIn(member, entry) !== initial[f] && stateIn(member, entry) !== 'absent',
      ),
  );
  if (!coupled) return { tables: own, added: 0 };

  const states = [...initial];
  const lows = widestLows(system, initial, config);
  const groupOf = new Map<number, number[]>();
  const forced = new Set<number>();
  members.forEach((m, member) => {
    const w = (system.grids[member]?.columns ?? 0) + 1;
    for (const g of m.table.together ?? []) {
      const figures = g.map(([i, j]) => system.figureOf[member]?.[i * w + j] as number);
      for (const f of figures) groupOf.set(f, [...new Set([...(groupOf.get(f) ?? []), ...figures])]);
    }
    for (const [i, j] of m.table.hidden ?? []) forced.add(system.figureOf[member]?.[i * w + j] as number);
  });
  const groupAt = (f: number) => groupOf.get(f) ?? [f];
  const hide = (f: number, into: FigureState[]) => {
    for (const g of groupAt(f)) if (into[g] === 'published' && !locked.has(g)) into[g] = 'secondary';
  };
  const rangesOf = (s: readonly FigureState[], which: readonly number[]): Range[] | undefined => {
    const { linear, unknownOf } = readerSystem(system, s);
    return simplexRanges(
      linear,
      which.map((f) => unknownOf[f] as number),
    );
  };
  const shortOf = (s: readonly FigureState[], f: number): number => {
    const [range] = rangesOf(s, [f]) ?? [];
    if (!range) return Infinity;
    const { narrow, above } = figureShortfall(system, s, f, range, config, lows);
    return narrow + above;
  };
  /**
   * The first figure that falls short, and the hidden figures a reader works out exactly from what cannot be
   * hidden (published by a release, zeros): hiding those hides nothing, so they are published instead.
   */
  const check = (s: readonly FigureState[]): { failing?: number; known: number[] } => {
    const watched = watchedFigures(system, s, config);
    const ranges = rangesOf(s, watched);
    if (!ranges) return { failing: watched[0] ?? -1, known: [] };
    const rangeOf = new Map(watched.map((f, i) => [f, ranges[i] as Range]));
    const pinned = (f: number) => {
      const r = rangeOf.get(f);
      return r !== undefined && r.lo === r.hi;
    };
    // Pinned now, and still pinned with every figure that may be hidden hidden: published by a release or 0.
    const pinnedNow = watched.filter(
      (f) => s[f] === 'secondary' && !locked.has(f) && !forced.has(f) && pinned(f),
    );
    let known: number[] = [];
    if (pinnedNow.length > 0) {
      const widest = s.map((state, f): FigureState =>
        state === 'published' && !locked.has(f) && !knownSet.has(f) && (system.figures[f]?.value ?? 0) > 0
          ? 'secondary'
          : state,
      );
      const still = rangesOf(widest, pinnedNow) ?? [];
      const alwaysPinned = new Set(pinnedNow.filter((_, i) => still[i]?.lo === still[i]?.hi));
      known = [...alwaysPinned].filter((f) =>
        groupAt(f).every((g) => s[g] === 'published' || alwaysPinned.has(g)),
      );
    }
    const failing = watched.find((f) => {
      const { narrow, above } = figureShortfall(system, s, f, rangeOf.get(f) as Range, config, lows);
      return narrow + above > 0;
    });
    return failing === undefined ? { known } : { failing, known };
  };
  const cost = (f: number) => (system.figures[f]?.value ?? 0) * (system.figures[f]?.places.length ?? 1);
  const knownSet = new Set<number>();
  for (let round = check(states); round.failing !== undefined; round = check(states)) {
    const publishable = round.known.filter((f) => !knownSet.has(f));
    if (publishable.length > 0) {
      for (const f of publishable)
        for (const g of groupAt(f))
          if (!locked.has(g)) {
            states[g] = 'published';
            knownSet.add(g);
          }
      continue;
    }
    const failing = round.failing;
    const candidates = system.figures
      .map((figure, f) => ({ figure, f }))
      .filter(
        ({ figure, f }) =>
          states[f] === 'published' && !locked.has(f) && !knownSet.has(f) && figure.value > 0,
      )
      .sort((a, b) => a.figure.rank - b.figure.rank || cost(a.f) - cost(b.f) || a.f - b.f);
    if (candidates.length === 0 || failing < 0) break;
    const before = shortOf(states, failing);
    let best: { f: number; left: number; inner: boolean } | undefined;
    for (const { figure, f } of candidates) {
      const inner = figure.rank === 0;
      if (best && best.inner && !inner) break;
      const trial = [...states];
      hide(f, trial);
      const left = shortOf(trial, failing);
      if (left < before && (!best || left < best.left)) best = { f, left, inner };
      if (best?.left === 0) break;
    }
    const chosen =
      best?.f ??
      onALineOf(
        system,
        failing,
        candidates.map((c) => c.f),
      ) ??
      (candidates[0]?.f as number);
    hide(chosen, states);
  }
  // Give back, largest first, what the end state does not need: any figure hidden beyond its own rule.
  const secondaries = states
    .map((s, f) => ({ s, f }))
    .filter(({ s, f }) => s === 'secondary' && !locked.has(f) && !forced.has(f))
    .map(({ f }) => f)
    .sort((a, b) => cost(b) - cost(a) || b - a);
  if (check(states).failing === undefined)
    for (const f of secondaries) {
      if (states[f] !== 'secondary') continue;
      const group = groupAt(f);
      if (group.some((g) => locked.has(g) || forced.has(g) || states[g] === 'primary')) continue;
      const trial = [...states];
      for (const g of group) trial[g] = 'published';
      if (check(trial).failing === undefined) for (const g of group) states[g] = 'published';
    }
  const tables = members.map((m, member) =>
    m.released ? m.released : toTable(system, member, states, unshownAt[member] as Set<number>, m, config),
  );
  const changed = states.filter((s, f) => s !== ownStates[f]).length;
  return { tables, added: changed };
}

/** The cheapest candidate that stands on a row or column with the failing figure in some table. */
function onALineOf(system: System, failing: number, candidates: readonly number[]): number | undefined {
  const lines = new Set<string>();
  for (const { member, entry } of system.figures[failing]?.places ?? []) {
    const w = (system.grids[member]?.columns ?? 0) + 1;
    lines.add(`${member}r${Math.floor(entry / w)}`);
    lines.add(`${member}c${entry % w}`);
  }
  return candidates.find((f) =>
    (system.figures[f]?.places ?? []).some(({ member, entry }) => {
      const w = (system.grids[member]?.columns ?? 0) + 1;
      return lines.has(`${member}r${Math.floor(entry / w)}`) || lines.has(`${member}c${entry % w}`);
    }),
  );
}

const HIDDEN: CountCell = { kind: 'suppressed', reason: 'secondary' };

function toTable(
  system: System,
  member: number,
  states: readonly FigureState[],
  unshown: ReadonlySet<number>,
  m: JointMember,
  config: DisclosureConfig,
): ProtectedTable {
  const grid = system.grids[member];
  if (!grid) return { cells: [] };
  const w = grid.columns + 1;
  const cell = (i: number, j: number): CountCell => {
    const k = i * w + j;
    if (unshown.has(k)) return HIDDEN;
    const f = system.figureOf[member]?.[k] as number;
    const state = states[f];
    if (state === 'primary') return { kind: 'suppressed', reason: 'primary', threshold: config.minCount };
    if (state === 'secondary') return HIDDEN;
    return { kind: 'count', value: system.figures[f]?.value ?? 0 };
  };
  const margins = resolveMargins(m.table.margins);
  const rows = [...Array(grid.rows).keys()];
  const columns = [...Array(grid.columns).keys()];
  return {
    cells: rows.map((i) => columns.map((j) => cell(i, j))),
    ...(margins.rowTotals && { rowTotals: rows.map((i) => cell(i, grid.columns)) }),
    ...(margins.columnTotals && { columnTotals: columns.map((j) => cell(grid.rows, j)) }),
    ...(margins.grandTotal && { grandTotal: cell(grid.rows, grid.columns) }),
  };
}
