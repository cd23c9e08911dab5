// Intervals for counts of events or users taken as Poisson: one count, and the ratio of two by conditioning.
import type { Estimate } from './estimate.ts';
import { wilsonInterval } from './wilson.ts';

/**
 * The score interval for a Poisson mean from one count x: the λ with (x − λ)² / λ ≤ z², that is
 * x + z²/2 ± z·√(x + z²/4). It is the Poisson counterpart of Wilson's interval, closed-form, 0 as the lower
 * limit at x = 0 and never below 0. Expects a whole number x ≥ 0 (`level-figure.ts` checks).
 */
export function poissonInterval(x: number, z: number): Estimate {
  const z2 = z * z;
  const centre = x + z2 / 2;
  const half = z * Math.sqrt(x + z2 / 4);
  return { estimate: x, lower: x === 0 ? 0 : Math.max(0, centre - half), upper: centre + half };
}

export interface PoissonComparison {
  /** π = λ₂ / (λ₁ + λ₂), the current count's share of the two, with its Wilson interval; "no change" is ½. */
  readonly share: Estimate;
  /** λ₂ / λ₁ with its interval; undefined when the first count is 0 (the ratio has no finite value). */
  readonly ratio: Estimate | undefined;
}

/**
 * Two counts over periods of equal length, x₁ then x₂. Given their total n = x₁ + x₂, x₂ is binomial with
 * π = λ₂ / (λ₁ + λ₂) whatever the common level — the classical conditional comparison of two Poisson means
 * (Przyborowski & Wileński 1940; Cox 1953). π's Wilson interval, mapped through π / (1 − π), is the interval
 * for the ratio λ₂ / λ₁; the change is clear exactly when π's interval excludes ½, i.e. the ratio's excludes 1.
 * Both counts 0 tell nothing: π is ½ with the interval [0, 1].
 *
 * Poisson assumes independent events at a steady rate. A count of users who come in groups, or one with
 * varying reporting, varies more than that, so this interval is a lower bound on the real uncertainty.
 */
export function comparePoissonCounts(x1: number, x2: number, z: number): PoissonComparison {
  const n = x1 + x2;
  const share: Estimate = n === 0 ? { estimate: 0.5, lower: 0, upper: 1 } : wilsonInterval(x2, n, z);
  const odds = (p: number) => p / (1 - p);
  const ratio =
    x1 === 0
      ? undefined
      : {
          estimate: x2 / x1,
          lower: odds(share.lower),
          upper: share.upper >= 1 ? Number.POSITIVE_INFINITY : odds(share.upper),
        };
  return { share, ratio };
}
