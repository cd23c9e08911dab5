// Secondary suppression: hide more values until no hidden small value can be worked back from the published ones.
import { findBridges, type Edge } from './bridges.ts';
import { isSmallCount, type DisclosureConfig } from './config.ts';
import { columnVertex, rowVertex, vertexCount, type Entry, type ExtendedTable } from './extended-table.ts';
import type { EntryState } from './primary.ts';

/**
 * The greedy heuristic, on the grid with margins (see `extended-table.ts`), where a hidden value is derivable
 * exactly when its edge is a bridge of the graph of hidden values:
 *
 * 1. Find the derivable values that must stay hidden: primary and secondary suppressions, and margins the
 *    table leaves out whose value is itself small (a row total of 3 worked out from the grand total would
 *    publish the 3). Take the first in row-major order.
 * 2. Close a cycle through it at the least cost: the cheapest path from its row to its column that does not use
 *    it, where hidden values cost nothing and a published value costs (1 if it is a margin, its value, 1). The
 *    costs compare in that order, so totals are hidden only when no choice of inner cells will do, then the
 *    least is hidden, then the fewest cells. A path of one published value is the classic partner cell in the
 *    same row or column; a longer path is needed when no single cell closes a cycle.
 * 3. Hide the published values on that path and repeat. A value on a cycle is never a bridge, and hiding more
 *    never breaks a cycle, so each round removes one derivable value for good and the loop ends.
 *
 * A path always exists: for a cell with value v > 0 its row total, the grand total and its column total are all
 * at least v, so row → totals column → totals row → column is a path of non-zero values (and likewise for a
 * margin), each either hidden already or publishable as a partner.
 *
 * Zeros are never hidden, and never chosen as partners. A zero is often known without the table (an empty
 * category, a structural zero), so hiding it protects nothing; and because every hidden value is then at
 * least 1, a cycle can be shifted by ±1 without making any value negative, so a value that is not a bridge is
 * not pinned down by the non-negativity of counts either: the linear test is the whole test.
 */
export function addSecondarySuppressions(
  t: ExtendedTable,
  initial: readonly EntryState[],
  config: DisclosureConfig,
): EntryState[] {
  const states = [...initial];
  const mustStayHidden = (k: number): boolean => {
    const state = states[k];
    const entry = t.entries[k];
    if (state === 'primary' || state === 'secondary') return true;
    return state === 'absent' && entry !== undefined && isSmallCount(entry.value, config);
  };
  for (;;) {
    const hidden = t.entries.map((_, k) => k).filter((k) => states[k] !== 'published');
    const bridges = findBridges(
      vertexCount(t),
      hidden.map((k) => edgeOf(t, k)),
    );
    const derivable = hidden.find((k, i) => bridges.has(i) && mustStayHidden(k));
    if (derivable === undefined) return states;
    const path = cheapestCycle(t, states, derivable);
    if (path.length === 0) throw new Error(`secondary suppression found no partner for entry ${derivable}`);
    for (const k of path) states[k] = 'secondary';
  }
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

/** The published entries to hide so that `target` lies on a cycle of hidden values (Dijkstra on the grid). */
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
