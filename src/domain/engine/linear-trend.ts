// A least-squares straight line through points, with a t interval for its slope.
import type { Estimate } from './estimate.ts';
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
