// Newcombe's hybrid score interval (method 10 of Newcombe 1998b) for the difference of two independent proportions.
import type { Estimate } from './estimate.ts';
import { moverDifference } from './mover.ts';
import { wilsonInterval } from './wilson.ts';

/**
 * x₁/n₁ − x₂/n₂ with its interval on the proportion scale (−1 to 1). It combines the two Wilson intervals, so it
 * inherits their good behaviour for small groups and for shares near 0 or 1, needs no iteration, and is never
 * wider than [−1, 1] (L ≥ l₁ − u₂ ≥ −1); the clamp only removes floating-point noise at the edges.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z: number): Estimate {
  return newcombeFromWilson(wilsonInterval(x1, n1, z), wilsonInterval(x2, n2, z));
}

/** The same from the two Wilson intervals, for a caller that has them already (a gap publishes both). */
export function newcombeFromWilson(a: Estimate, b: Estimate): Estimate {
  const d = moverDifference(a, b);
  return { estimate: d.estimate, lower: Math.max(-1, d.lower), upper: Math.min(1, d.upper) };
}
