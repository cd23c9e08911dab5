// A least-squares straight line through points, with a t interval for its slope.
import type { Estimate } from './estimate.ts';
import { normalQuantile } from './normal-quantile.ts';
import { tQuantile } from './t-distribution.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LinearTrend {
  readonly intercept: number;
  /** The slope with its interval b ± t(n−2) · SE(b), SE(b) = √(SSE / (n − 2) / Σ(x − x̄)²). */
  readonly slope: Estimate;
  readonly n: number;
}

/**
 * Ordinary least squares of y on x. Needs at least 3 points with at least two distinct x (with 2 points the line
 * fits exactly and the slope has no degrees of freedom left for its uncertainty).
 */
export function fitLinearTrend(points: readonly Point[], level: number): LinearTrend {
  const n = points.length;
  if (n < 3) throw new RangeError(`a trend needs at least 3 points, got ${n}`);
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - meanX) ** 2;
    sxy += (p.x - meanX) * (p.y - meanY);
  }
  if (sxx === 0) throw new RangeError('a trend needs at least two different x values');
  const b = sxy / sxx;
  const intercept = meanY - b * meanX;
  const sse = points.reduce((s, p) => s + (p.y - intercept - b * p.x) ** 2, 0);
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const half = tQuantile((1 + level) / 2, n - 2) * se;
  return { intercept, slope: { estimate: b, lower: b - half, upper: b + half }, n };
}

export interface PointWithInterval extends Point {
  /** The point's own confidence limits, at the level the fit is asked for. */
  readonly lower: number;
  readonly upper: number;
}

export interface WeightedTrend extends LinearTrend {
  /** Σ w·r² / (n − 2): about 1 when the points scatter as much as their intervals say, more when they scatter more. */
  readonly dispersion: number;
}

/**
 * Weighted least squares of y on x, each point weighted by 1 / its variance, the variance read off its own
 * interval as ((upper − lower) / 2z)². The slope's variance is 1 / Σ w(x − x̄)² — what the points' sampling errors
 * alone allow — scaled up by the dispersion when the points scatter around the line more than their intervals
 * explain (the multiplicative-dispersion model of meta-regression), with a t quantile (n − 2 df) then and a normal
 * one otherwise. So an exactly straight series of uncertain points keeps the uncertainty of its points, and a
 * series whose points are precise but scattered keeps the uncertainty of its scatter. Asymmetric intervals
 * (Wilson, Newcombe) are treated as symmetric here: the width is what matters for the weight.
 */
export function fitWeightedTrend(points: readonly PointWithInterval[], level: number): WeightedTrend {
  const n = points.length;
  if (n < 3) throw new RangeError(`a trend needs at least 3 points, got ${n}`);
  const z = normalQuantile((1 + level) / 2);
  const variances = points.map((p) => ((p.upper - p.lower) / (2 * z)) ** 2);
  // A point with no width (both groups' shares known exactly) would take all the weight; it gets the smallest
  // width another point has instead, or, when none has any, every point weighs the same.
  const positive = variances.filter((v) => v > 0 && Number.isFinite(v));
  const floor = positive.length > 0 ? Math.min(...positive) : 1;
  const w = variances.map((v) => 1 / (v > 0 && Number.isFinite(v) ? v : floor));
  const sw = w.reduce((s, x) => s + x, 0);
  const meanX = points.reduce((s, p, i) => s + (w[i] ?? 0) * p.x, 0) / sw;
  const meanY = points.reduce((s, p, i) => s + (w[i] ?? 0) * p.y, 0) / sw;
  let sxx = 0;
  let sxy = 0;
  points.forEach((p, i) => {
    const wi = w[i] ?? 0;
    sxx += wi * (p.x - meanX) ** 2;
    sxy += wi * (p.x - meanX) * (p.y - meanY);
  });
  if (sxx === 0) throw new RangeError('a trend needs at least two different x values');
  const b = sxy / sxx;
  const intercept = meanY - b * meanX;
  const weightedSse = points.reduce((s, p, i) => s + (w[i] ?? 0) * (p.y - intercept - b * p.x) ** 2, 0);
  const dispersion = weightedSse / (n - 2);
  const overdispersed = positive.length === 0 || dispersion > 1;
  const se = Math.sqrt((overdispersed ? dispersion : 1) / sxx);
  const quantile = overdispersed ? tQuantile((1 + level) / 2, n - 2) : z;
  const half = quantile * se;
  return { intercept, slope: { estimate: b, lower: b - half, upper: b + half }, n, dispersion };
}
