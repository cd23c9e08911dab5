// Which unknowns of a linear system are pinned down by it: Gauss–Jordan elimination in exact integer arithmetic.

/**
 * `equations` are rows of integer coefficients over `unknowns` unknowns (the known parts are on the other side
 * and do not matter for which unknowns are determined). Unknown k is determined exactly when its unit vector
 * lies in the row space; in reduced row echelon form that means k is a pivot column and its row has no other
 * non-zero entry.
 *
 * Rows are kept as integers by cross-multiplying and dividing each row by the gcd of its entries, so no
 * rounding can make a value look determined or free. For the table equations (a network matrix, totally
 * unimodular) the entries stay in {−1, 0, 1}; the safe-integer check is a guard, not an expected path.
 */
export function determinedUnknowns(equations: readonly (readonly number[])[], unknowns: number): boolean[] {
  const rows = equations.map((e) => Array.from({ length: unknowns }, (_, k) => e[k] ?? 0));
  const pivotRowOf = new Array<number>(unknowns).fill(-1);
  let rank = 0;
  for (let k = 0; k < unknowns && rank < rows.length; k++) {
    const found = rows.findIndex((r, i) => i >= rank && r[k] !== 0);
    if (found === -1) continue;
    const pivot = rows[found] as number[];
    rows[found] = rows[rank] as number[];
    rows[rank] = pivot;
    const p = pivot[k] as number;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as number[];
      const f = row[k] as number;
      if (i === rank || f === 0) continue;
      for (let c = 0; c < unknowns; c++) row[c] = (row[c] as number) * p - (pivot[c] as number) * f;
      normalise(row);
    }
    pivotRowOf[k] = rank;
    rank += 1;
  }
  return pivotRowOf.map((r, k) => r !== -1 && (rows[r] as number[]).every((v, c) => c === k || v === 0));
}

function normalise(row: number[]): void {
  let g = 0;
  for (const v of row) {
    if (!Number.isSafeInteger(v)) throw new RangeError('exact elimination left the safe integer range');
    g = gcd(g, Math.abs(v));
  }
  if (g > 1) for (let c = 0; c < row.length; c++) row[c] = (row[c] as number) / g;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
