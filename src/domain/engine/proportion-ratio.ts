// The ratio of two independent proportions with the MOVER-R Wilson interval.
import type { Estimate } from './estimate.ts';
import { moverRatio } from './mover.ts';
import { wilsonInterval } from './wilson.ts';

/**
 * (x₁/n₁) / (x₂/n₂), needing x₂ > 0. MOVER-R with Wilson limits (Donner & Zou 2012) rather than Katz's log
 * interval (Katz et al. 1978): Katz needs both counts above 0 (log 0) and its coverage is poor for the small
 * counts a target group of a few thousand residents gives, while MOVER-R Wilson is closed-form, gives a lower
 * limit of 0 when x₁ = 0, and performed well in the comparison of Fagerland, Lydersen & Laake (2015).
 */
export function ratioOfProportions(x1: number, n1: number, x2: number, n2: number, z: number): Estimate {
  return moverRatio(wilsonInterval(x1, n1, z), wilsonInterval(x2, n2, z));
}
