// The least and greatest value of each unknown of a linear system, by the simplex method: a reader's interval attack.

/**
 * Unknowns x with lower bounds (whole numbers, 0 or more) and no upper bound, and equations
 * Σ coefficient × x = constant. What a reader of tables published together knows: every published figure is
 * moved into the constants, every hidden one is an unknown of at least 1 (zeros are always published), every
 * figure left out an unknown of at least 0.
 */
export interface LinearSystem {
  readonly lower: readonly number[];
  readonly equations: readonly {
    readonly terms: readonly (readonly [unknown: number, coefficient: number])[];
    readonly constant: number;
  }[];
}

export interface Range {
  readonly lo: number;
  /** Infinity when nothing published bounds it from above. */
  readonly hi: number;
}

/** How a range is computed: this module's simplex, or another solver checked against it (HiGHS in the tests). */
export type RangeSolver = (system: LinearSystem, which: readonly number[]) => Range[] | undefined;

const EPS = 1e-9;

/**
 * Each unknown's range in `which`, or undefined when no values satisfy the system (the published figures
 * contradict each other). The linear programming relaxation: the bounds are then rounded inwards to whole
 * numbers (a reader knows counts are whole), which is exact where the system is a network (one table, or
 * breakdowns sharing their total) and a valid inner bound of what a reader could rule out elsewhere.
 *
 * A dense two-phase tableau with Bland's rule (no cycling on these highly degenerate systems of small whole
 * numbers); phase 1 is done once and each objective starts from its feasible basis.
 */
export const simplexRanges: RangeSolver = (system, which) => {
  const n = system.lower.length;
  // y = x − lower ≥ 0; rows with a non-negative right-hand side.
  const rows: number[][] = [];
  for (const eq of system.equations) {
    const row = new Array<number>(n + 1).fill(0);
    let rhs = eq.constant;
    for (const [k, a] of eq.terms) {
      row[k] = (row[k] as number) + a;
      rhs -= a * (system.lower[k] as number);
    }
    row[n] = rhs;
    if (row.slice(0, n).every((a) => Math.abs(a) < EPS)) {
      if (Math.abs(rhs) > EPS) return undefined;
      continue;
    }
    if (rhs < 0) for (let j = 0; j <= n; j++) row[j] = -(row[j] as number);
    rows.push(row);
  }
  const m = rows.length;
  // Phase 1: artificial unknowns n..n+m−1, the right-hand side moved to the last column.
  const width = n + m + 1;
  const tableau = rows.map((r, i) => {
    const t = new Array<number>(width).fill(0);
    for (let j = 0; j < n; j++) t[j] = r[j] as number;
    t[n + i] = 1;
    t[width - 1] = r[n] as number;
    return t;
  });
  const basis = rows.map((_, i) => n + i);
  const phase1 = new Array<number>(width).fill(0);
  for (let i = 0; i < m; i++) phase1[n + i] = 1;
  if (!optimise(tableau, basis, phase1, width - 1, n + m)) return undefined; // cannot be unbounded
  let infeasibility = 0;
  for (let i = 0; i < m; i++) if ((basis[i] as number) >= n) infeasibility += at(tableau, i, width - 1);
  if (infeasibility > 1e-7) return undefined;
  // Drive the artificial unknowns out of the basis; a row where none can leave is redundant.
  const keep: number[] = [];
  for (let i = 0; i < m; i++) {
    if ((basis[i] as number) < n) {
      keep.push(i);
      continue;
    }
    const j = [...Array(n).keys()].find((c) => Math.abs(at(tableau, i, c)) > EPS);
    if (j === undefined) continue;
    pivot(tableau, i, j);
    basis[i] = j;
    keep.push(i);
  }
  const feasible = keep.map((i) => [...(tableau[i] as number[]).slice(0, n), at(tableau, i, width - 1)]);
  const feasibleBasis = keep.map((i) => basis[i] as number);
  const extreme = (k: number, sign: 1 | -1): number => {
    const t = feasible.map((r) => [...r]);
    const b = [...feasibleBasis];
    const cost = new Array<number>(n + 1).fill(0);
    cost[k] = sign; // minimise sign × y_k
    if (!optimise(t, b, cost, n, n)) return Infinity; // only a maximum can be unbounded
    const i = b.indexOf(k);
    return i === -1 ? 0 : at(t, i, n);
  };
  return which.map((k) => {
    const lower = system.lower[k] as number;
    const lo = extreme(k, 1);
    const hi = extreme(k, -1);
    return {
      lo: lower + Math.ceil(lo - 1e-7),
      hi: hi === Infinity ? Infinity : lower + Math.floor(hi + 1e-7),
    };
  });
};

function at(t: readonly (readonly number[])[], i: number, j: number): number {
  return (t[i] as readonly number[])[j] as number;
}

function pivot(t: number[][], r: number, c: number): void {
  const row = t[r] as number[];
  const p = row[c] as number;
  for (let j = 0; j < row.length; j++) row[j] = (row[j] as number) / p;
  for (let i = 0; i < t.length; i++) {
    if (i === r) continue;
    const other = t[i] as number[];
    const f = other[c] as number;
    if (Math.abs(f) < EPS) continue;
    for (let j = 0; j < other.length; j++) {
      const v = (other[j] as number) - f * (row[j] as number);
      other[j] = Math.abs(v) < EPS ? 0 : v;
    }
  }
}

/**
 * Minimise cost · y over the tableau's rows (right-hand side in column `rhs`, entering columns 0..columns−1),
 * in place. False when the objective is unbounded below.
 */
function optimise(
  t: number[][],
  basis: number[],
  cost: readonly number[],
  rhs: number,
  columns: number,
): boolean {
  // Bland's rule ends in exact arithmetic; the cap turns a cycle through rounding into an error, never a hang.
  for (let step = 0; ; step++) {
    if (step > 50 * (t.length + columns))
      throw new Error(`simplex did not end within ${step} pivots (${t.length} rows, ${columns} columns)`);
    // Reduced cost of column j: cost_j − Σ cost_basis(i) × t[i][j].
    let entering = -1;
    for (let j = 0; j < columns && entering === -1; j++) {
      if (basis.includes(j)) continue;
      let reduced = cost[j] as number;
      for (let i = 0; i < t.length; i++) reduced -= (cost[basis[i] as number] as number) * at(t, i, j);
      if (reduced < -EPS) entering = j;
    }
    if (entering === -1) return true;
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < t.length; i++) {
      const a = at(t, i, entering);
      if (a <= EPS) continue;
      const ratio = at(t, i, rhs) / a;
      if (
        ratio < best - EPS ||
        (Math.abs(ratio - best) <= EPS && (basis[i] as number) < (basis[leave] as number))
      ) {
        best = ratio;
        leave = i;
      }
    }
    if (leave === -1) return false;
    pivot(t, leave, entering);
    basis[leave] = entering;
  }
}
