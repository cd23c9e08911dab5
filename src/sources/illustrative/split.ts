// Integer splits that add up: a group's count over its parts (women and men, immigrants and descendants, age
// bands), so that a breakdown always sums exactly to the group's own figure.
import type { Rng } from './prng.ts';

/** n split in proportion to the weights by largest remainder; ties go to the earlier part. */
export function apportion(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0) return [];
  if (total <= 0) return weights.map((_, i) => (i === 0 ? n : 0));
  const exact = weights.map((w) => (n * w) / total);
  const parts = exact.map(Math.floor);
  let left = n - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] as number) + 1;
    left--;
  }
  return parts;
}

/**
 * k of n split over parts of sizes `sizes` (summing to n) whose rates relate as `multipliers`: each part expects
 * k × size × multiplier / Σ(size × multiplier), then varies as a binomial sample would, stays within 0 and its
 * size, and the parts sum to k exactly (the difference is moved one at a time to the parts with room).
 */
export function splitSuccesses(
  k: number,
  sizes: readonly number[],
  multipliers: readonly number[],
  rng: Rng,
): number[] {
  const weight = sizes.reduce((s, n, i) => s + n * (multipliers[i] ?? 1), 0);
  const expected = sizes.map((n, i) => (weight > 0 ? (k * n * (multipliers[i] ?? 1)) / weight : 0));
  const parts = expected.map((e, i) => {
    const n = sizes[i] as number;
    if (n === 0) return 0;
    const p = Math.min(1, e / n);
    return clampInt(Math.round(e + rng.normal() * Math.sqrt(n * p * (1 - p))), 0, n);
  });
  let diff = k - parts.reduce((s, x) => s + x, 0);
  while (diff !== 0) {
    const step = diff > 0 ? 1 : -1;
    let best = -1;
    let bestGap = -Infinity;
    parts.forEach((x, i) => {
      const room = step > 0 ? x < (sizes[i] as number) : x > 0;
      const gap = step * ((expected[i] as number) - x);
      if (room && gap > bestGap) {
        best = i;
        bestGap = gap;
      }
    });
    if (best < 0) throw new RangeError(`cannot split ${k} over parts of sizes ${sizes.join(', ')}`);
    parts[best] = (parts[best] as number) + step;
    diff -= step;
  }
  return parts;
}

function clampInt(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
