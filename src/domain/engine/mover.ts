// MOVER, the method of variance estimates recovery (Zou & Donner 2008): intervals for a difference or a ratio
// built from the separate intervals of the two parts, so each part keeps its own asymmetric interval.
import type { Estimate } from './estimate.ts';

/**
 * θ₁ − θ₂ for independent estimates. With Wilson intervals for two proportions this is exactly Newcombe's hybrid
 * score interval (method 10, Newcombe 1998b); with two gap intervals it is the change in the gap.
 *   L = d − √((θ₁ − l₁)² + (u₂ − θ₂)²),  U = d + √((u₁ − θ₁)² + (θ₂ − l₂)²)
 */
export function moverDifference(a: Estimate, b: Estimate): Estimate {
  const d = a.estimate - b.estimate;
  return {
    estimate: d,
    lower: d - Math.hypot(a.estimate - a.lower, b.upper - b.estimate),
    upper: d + Math.hypot(a.upper - a.estimate, b.estimate - b.lower),
  };
}

/**
 * θ₁ / θ₂ for independent positive estimates, by MOVER-R (Donner & Zou 2012; Newcombe 2013, ch. 7). The limits
 * are the roots of a quadratic; they are written in the rationalised form c / (B + √(B² − Ac)) so that the lower
 * limit stays finite and exact when the quadratic's leading coefficient is 0 or negative (a comparison share so
 * small that its upper limit is more than twice the estimate), where the textbook form divides by zero.
 * Requires θ₂ > 0 and l₂ > 0 (a Wilson interval has l₂ > 0 whenever the count is above 0).
 */
export function moverRatio(a: Estimate, b: Estimate): Estimate {
  const { estimate: p1, lower: l1, upper: u1 } = a;
  const { estimate: p2, lower: l2, upper: u2 } = b;
  if (!(p2 > 0 && l2 > 0))
    throw new RangeError('moverRatio needs a denominator estimate and lower limit above 0');
  const product = p1 * p2;
  const cLower = l1 * (2 * p1 - l1);
  const aLower = u2 * (2 * p2 - u2);
  const lower =
    cLower <= 0 ? 0 : cLower / (product + Math.sqrt(Math.max(0, product * product - aLower * cLower)));
  const cUpper = u1 * (2 * p1 - u1);
  const aUpper = l2 * (2 * p2 - l2);
  const upper = (product + Math.sqrt(Math.max(0, product * product - aUpper * cUpper))) / aUpper;
  return { estimate: p1 / p2, lower, upper };
}
