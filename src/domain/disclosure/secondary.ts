// Secondary suppression: hide more values until no reader can narrow a hidden value down from what is published.
import type { Edge } from './bridges.ts';
import type { DisclosureConfig } from './config.ts';
import { columnVertex, rowVertex, vertexCount, type Entry, type ExtendedTable } from './extended-table.ts';
import type { EntryState } from './primary.ts';
import { needsProtection, readerBounds, shortfall } from './protection.ts';
import { entryRanges, type Bounds } from './ranges.ts';

/**
 * Hide more values until every value that must stay hidden keeps a wide enough range for a reader who uses
 * every published figure, every sum and what the markers reveal (see `protection.ts` and `ranges.ts`):
 *
 * 1. Compute the reader's exact range of every hidden value (and of every small margin the table leaves out)
 *    and take the first that falls short.
 * 2. Try hiding each published non-zero value in turn — inner cells before margins, smaller values first — and
 *    hide the one that leaves the failing value's shortfall least (among inner cells if any helps, so totals
 *    are hidden only when no cell will do; ties to the smaller value).
 * 3. If no single value helps (the failing value is worked out exactly and only a path of several published
 *    values would close a cycle through it), hide the cheapest such path (`cheapestCycle`); if even that finds
 *    nothing, the first candidate. Values of a `together` group (a share's numerator and its complement) are
 *    hidden as one.
 * 4. Once all are protected, give back what is not needed: each secondary suppression, largest value first,
 *    is published again if every range still holds without it.
 *
 * Each round of 1–3 hides at least one more value, so the loop ends; with every non-zero value hidden a
 * reader knows only that each is at least 1, and every range reaches from its floor to no upper bound, so the
 * end state is always protected. Zeros are never hidden, and the markers do not tell small from secondary, so
 * a reader knows of a hidden value only that it is at least 1 (`readerBounds`).
 */
export function addSecondarySuppressions(
  t: ExtendedTable,
  initial: readonly EntryState[],
  config: DisclosureConfig,
  together: readonly (readonly number[])[] = [],
): EntryState[] {
  const states = [...initial];
  const groupOf = new Map<number, readonly number[]>();
  for (const g of together) for (const k of g) groupOf.set(k, g);
  const hide = (k: number, into: EntryState[]): void => {
    for (const m of groupOf.get(k) ?? [k]) if (into[m] === 'published') into[m] = 'secondary';
  };
  for (const [k, state] of initial.entries())
    if (state === 'primary' || state === 'secondary') hide(k, states);
  const flow = t.entries.map((e) => e.value);
  const watched = (s: readonly EntryState[]) =>
    t.entries.map((_, k) => k).filter((k) => needsProtection(t, s, k, config));
  const firstFailing = (s: readonly EntryState[]): number | undefined => {
    const which = watched(s);
    if (which.length === 0) return undefined;
    const ranges = entryRanges(t, readerBounds(t, s), flow, which);
    const i = which.findIndex((k, n) => shortfall(t, s, k, ranges[n] as Bounds, config) > 0);
    return i === -1 ? undefined : which[i];
  };
  const shortfallOf = (s: readonly EntryState[], k: number): number => {
    const [range] = entryRanges(t, readerBounds(t, s), flow, [k]);
    return shortfall(t, s, k, range as Bounds, config);
  };
  let hiddenInOrder: number[] = [];
  for (let failing = firstFailing(states); failing !== undefined; failing = firstFailing(states)) {
    const candidates = t.entries
      .map((e, k) => ({ e, k }))
      .filter(({ e, k }) => states[k] === 'published' && e.value > 0)
      .sort((a, b) => rank(a.e) - rank(b.e) || a.e.value - b.e.value || a.k - b.k);
    if (candidates.length === 0) break;
    const before = shortfallOf(states, failing);
    let best: { k: number; left: number; inner: boolean } | undefined;
    for (const { e, k } of candidates) {
      const inner = e.role === 'cell';
      if (best && best.inner && !inner) break;
      const trial = [...states];
      hide(k, trial);
      const left = shortfallOf(trial, failing);
      if (left < before && (!best || left < best.left)) best = { k, left, inner };
      if (best?.left === 0) break;
    }
    const chosen = best ? [best.k] : cheapestCycle(t, states, failing);
    const picked = chosen.length > 0 ? chosen : [(candidates[0] as { k: number }).k];
    const was = [...states];
    for (const k of picked) hide(k, states);
    hiddenInOrder = [...hiddenInOrder, ...states.map((_, k) => k).filter((k) => was[k] !== states[k])];
  }
  // Give back, largest first, what the end state does not need.
  const secondaries = hiddenInOrder
    .filter((k) => states[k] === 'secondary')
    .sort((a, b) => (t.entries[b]?.value ?? 0) - (t.entries[a]?.value ?? 0) || b - a);
  for (const k of secondaries) {
    if (states[k] !== 'secondary') continue;
    const group = groupOf.get(k) ?? [k];
    if (group.some((m) => initial[m] !== 'published')) continue;
    const trial = [...states];
    for (const m of group) if (trial[m] === 'secondary' && initial[m] !== 'absent') trial[m] = 'published';
    if (firstFailing(trial) === undefined) for (const m of group) states[m] = trial[m] as EntryState;
  }
  return states;
}

/** Inner cells are hidden before margins, margins before the grand total. */
function rank(e: Entry): number {
  return e.role === 'cell' ? 0 : e.role === 'grand-total' ? 2 : 1;
}

function edgeOf(t: ExtendedTable, k: number): Edge {
  const e = t.entries[k] as Entry;
  return { a: rowVertex(e.row), b: columnVertex(t, e.column) };
}

type Cost = readonly [margins: number, value: number, count: number];

const zero: Cost = [0, 0, 0];
const add = (a: Cost, b: Cost): Cost => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const less = (a: Cost, b: Cost): boolean =>
  a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2];

/**
 * The published entries to hide so that `target` lies on a cycle of hidden values (Dijkstra on the grid), at
 * the least cost: (1 if it is a margin, its value, 1) per published value, compared in that order; zeros are
 * never used. Empty when the target is on such a cycle already.
 */
function cheapestCycle(t: ExtendedTable, states: readonly EntryState[], target: number): number[] {
  const n = vertexCount(t);
  const links: { to: number; entry: number; cost: Cost }[][] = Array.from({ length: n }, () => []);
  t.entries.forEach((e, k) => {
    if (k === target) return;
    const hidden = states[k] !== 'published';
    if (!hidden && e.value === 0) return;
    const cost: Cost = hidden ? zero : [e.role === 'cell' ? 0 : 1, e.value, 1];
    const a = rowVertex(e.row);
    const b = columnVertex(t, e.column);
    links[a]?.push({ to: b, entry: k, cost });
    links[b]?.push({ to: a, entry: k, cost });
  });
  const goal = edgeOf(t, target);
  const dist: (Cost | undefined)[] = new Array(n).fill(undefined);
  const via: ({ from: number; entry: number } | undefined)[] = new Array(n).fill(undefined);
  const done = new Array<boolean>(n).fill(false);
  dist[goal.a] = zero;
  for (;;) {
    let v = -1;
    for (let u = 0; u < n; u++) {
      const du = dist[u];
      const dv = dist[v];
      if (!done[u] && du && (v === -1 || (dv && less(du, dv)))) v = u;
    }
    if (v === -1) return [];
    if (v === goal.b) break;
    done[v] = true;
    const dv = dist[v] ?? zero;
    for (const link of links[v] ?? []) {
      const candidate = add(dv, link.cost);
      const current = dist[link.to];
      if (!done[link.to] && (!current || less(candidate, current))) {
        dist[link.to] = candidate;
        via[link.to] = { from: v, entry: link.entry };
      }
    }
  }
  const path: number[] = [];
  for (let v = goal.b; v !== goal.a;) {
    const step = via[v];
    if (!step) return [];
    if (states[step.entry] === 'published') path.push(step.entry);
    v = step.from;
  }
  return path;
}
