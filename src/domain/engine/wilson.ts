// The Wilson score interval for one proportion (Wilson 1927; method 3 in Newcombe 1998a).
import type { Estimate } from './estimate.ts';

/**
 * The proportion x/n with its Wilson score limits at normal multiplier z. Chosen over the Wald interval because
 * the target groups are small and shares can be near 0 or 1, where Wald collapses to zero width or leaves
 * [0, 1]; Wilson stays inside [0, 1] and keeps close to nominal coverage (Newcombe 1998a; Brown, Cai &
 * DasGupta 2001). Counts are assumed valid (0 ≤ x ≤ n, n > 0); `observation.ts` checks them first.
 */
export function wilsonInterval(x: number, n: number, z: number): Estimate {
  const p = x / n;
  const z2 = z * z;
  const centre = (2 * x + z2) / (2 * (n + z2));
  const halfWidth = (z * Math.sqrt(z2 + 4 * x * (1 - p))) / (2 * (n + z2));
  return {
    estimate: p,
    // At x = 0 and x = n the limit is exactly 0 or 1; the subtraction would leave rounding noise.
    lower: x === 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: x === n ? 1 : Math.min(1, centre + halfWidth),
  };
}
