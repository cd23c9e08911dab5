// Student's t distribution: its upper tail and quantile, for the slope interval of the projection (n − 2 df).
import { regularizedIncompleteBeta } from './incomplete-beta.ts';
import { normalQuantile } from './normal-quantile.ts';

/** P(T > t) for t ≥ 0 and df > 0 degrees of freedom. */
export function tUpperTail(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`invalid degrees of freedom: ${df}`);
  if (t < 0) return 1 - tUpperTail(-t, df);
  return 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * The p-quantile of t with df degrees of freedom. Found by bisection on the upper tail, which has no closed form
 * for general df; bisection is slow next to Hill's (1970) series but cannot fail, and the engine calls it once
 * per projection. Working on the upper tail (1 − p) keeps precision for p near 1.
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`invalid probability: ${p} (expected 0 < p < 1)`);
  if (!(df > 0)) throw new RangeError(`invalid degrees of freedom: ${df}`);
  const key = `${p} ${df}`;
  let q = quantiles.get(key);
  if (q === undefined) {
    if (quantiles.size >= MAX_QUANTILES) quantiles.clear();
    q = bisect(p, df);
    quantiles.set(key, q);
  }
  return q;
}

/**
 * Quantiles found so far. Every projection asks for one, and a national recomputation asks for the same few
 * (one level, a few dozen series lengths) over a thousand times; each takes a few hundred tail evaluations.
 */
const quantiles = new Map<string, number>();
const MAX_QUANTILES = 10_000;

function bisect(p: number, df: number): number {
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  const tail = 1 - p;
  let lo = 0;
  let hi = Math.max(1, normalQuantile(p));
  while (tUpperTail(hi, df) > tail) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tUpperTail(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
