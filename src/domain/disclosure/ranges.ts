// What a reader can work out: each unknown entry's exact range, as a circulation on the table's graph.
import { columnVertex, rowVertex, vertexCount, type Entry, type ExtendedTable } from './extended-table.ts';

/** What a reader knows of one entry before using the table's sums: published (lo = hi) or only bounds. */
export interface Bounds {
  readonly lo: number;
  /** Infinity when nothing bounds it from above. */
  readonly hi: number;
}

/**
 * Every line of the grid with its margins sums to zero (see `extended-table.ts`), which is flow conservation if
 * each entry is an arc: a cell flows from its row to its column, a column total from its column to the totals
 * row, the grand total from the totals row to the totals column, and a row total from there back to its row.
 * Tables published as they are are therefore circulations, and the reader's question "how small, how large can
 * this hidden entry be, given what is shown" is a maximum-flow question: entry e = (u → v) can grow by exactly
 * as much as can flow from v back to u through the others' spare room, and shrink by as much as can flow from
 * u to v. The system is a network matrix (totally unimodular), so the optima are whole numbers and every whole
 * number in between is attainable: the ranges are exact, with no rounding anywhere.
 */
export function arcOf(t: ExtendedTable, e: Entry): { readonly from: number; readonly to: number } {
  const r = rowVertex(e.row);
  const c = columnVertex(t, e.column);
  return e.role === 'cell' || e.role === 'grand-total' ? { from: r, to: c } : { from: c, to: r };
}

/**
 * The exact range of each entry in `which`, given each entry's bounds and one assignment satisfying them and
 * the table's sums (`flow`; the true table when the protector asks). Entries fixed by their bounds come back
 * as they are.
 */
export function entryRanges(
  t: ExtendedTable,
  bounds: readonly Bounds[],
  flow: readonly number[],
  which: readonly number[],
): Bounds[] {
  const n = vertexCount(t);
  const base = residual(t, bounds, flow, n);
  return which.map((k) => {
    const b = bounds[k] as Bounds;
    const f = flow[k] as number;
    if (b.lo === b.hi) return { lo: f, hi: f };
    const { from, to } = arcOf(t, t.entries[k] as Entry);
    const up = maxFlow(without(base, from, to), to, from, b.hi - f);
    const down = maxFlow(without(base, from, to), from, to, f - b.lo);
    return { lo: f - down, hi: f + up };
  });
}

/**
 * One assignment of the entries within their bounds that satisfies every line, or undefined if none does
 * (the published figures contradict each other). The usual reduction of lower bounds to a maximum flow from a
 * source feeding every vertex's surplus of lower bounds to a sink draining every deficit.
 */
export function feasibleFlow(t: ExtendedTable, bounds: readonly Bounds[]): number[] | undefined {
  const n = vertexCount(t);
  const s = n;
  const sink = n + 1;
  const cap = matrix(n + 2);
  const excess = new Array<number>(n).fill(0);
  t.entries.forEach((e, k) => {
    const b = bounds[k] as Bounds;
    const { from, to } = arcOf(t, e);
    (cap[from] as number[])[to] = b.hi - b.lo;
    excess[to] = (excess[to] as number) + b.lo;
    excess[from] = (excess[from] as number) - b.lo;
  });
  let need = 0;
  excess.forEach((x, v) => {
    if (x > 0) {
      (cap[s] as number[])[v] = x;
      need += x;
    } else if (x < 0) (cap[v] as number[])[sink] = -x;
  });
  if (maxFlow(cap, s, sink, Infinity) < need) return undefined;
  // Each pair of vertices carries one entry, so what was pushed along it is the room opened backwards.
  return t.entries.map((e, k) => {
    const { from, to } = arcOf(t, e);
    return (bounds[k] as Bounds).lo + ((cap[to] as number[])[from] as number);
  });
}

function matrix(n: number): number[][] {
  return Array.from({ length: n }, () => new Array<number>(n).fill(0));
}

/** Spare room of every entry around `flow`: forwards up to its upper bound, backwards down to its lower one. */
function residual(
  t: ExtendedTable,
  bounds: readonly Bounds[],
  flow: readonly number[],
  n: number,
): number[][] {
  const cap = matrix(n);
  t.entries.forEach((e, k) => {
    const b = bounds[k] as Bounds;
    const f = flow[k] as number;
    const { from, to } = arcOf(t, e);
    (cap[from] as number[])[to] = b.hi - f;
    (cap[to] as number[])[from] = f - b.lo;
  });
  return cap;
}

/** A copy without the one arc between `a` and `b` (each pair of vertices carries at most one entry). */
function without(cap: readonly (readonly number[])[], a: number, b: number): number[][] {
  const copy = cap.map((row) => [...row]);
  (copy[a] as number[])[b] = 0;
  (copy[b] as number[])[a] = 0;
  return copy;
}

/** Edmonds–Karp on a capacity matrix, changed in place to the residual; stops at `limit` (may be Infinity). */
function maxFlow(cap: number[][], s: number, t: number, limit: number): number {
  const n = cap.length;
  let total = 0;
  const parent = new Array<number>(n);
  while (total < limit) {
    parent.fill(-1);
    parent[s] = s;
    const queue = [s];
    for (let q = 0; q < queue.length && parent[t] === -1; q++) {
      const u = queue[q] as number;
      const row = cap[u] as number[];
      for (let v = 0; v < n; v++)
        if (parent[v] === -1 && (row[v] as number) > 0) {
          parent[v] = u;
          queue.push(v);
        }
    }
    if (parent[t] === -1) break;
    let push = limit - total;
    for (let v = t; v !== s; v = parent[v] as number)
      push = Math.min(push, (cap[parent[v] as number] as number[])[v] as number);
    if (push === Infinity) return Infinity;
    for (let v = t; v !== s; v = parent[v] as number) {
      const u = parent[v] as number;
      (cap[u] as number[])[v] = ((cap[u] as number[])[v] as number) - push;
      (cap[v] as number[])[u] = ((cap[v] as number[])[u] as number) + push;
    }
    total += push;
  }
  return total;
}
