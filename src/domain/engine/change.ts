// The change in the gap from the baseline period to the current one, with a MOVER interval where both have one.
import type { Estimate } from './estimate.ts';
import type { GapScale } from './gap.ts';
import type { UsableGap } from './gap-series.ts';
import { moverDifference } from './mover.ts';
import { notEnoughData, type NotEnoughData } from './reasons.ts';

/** Differences change in their own unit; a ratio changes by a factor (the current ratio over the baseline one). */
export type ChangeScale = Exclude<GapScale, 'ratio'> | 'ratio-of-ratios';

export interface ChangeEstimate extends Estimate {
  readonly kind: 'estimate';
  readonly scale: ChangeScale;
  /**
   * The change where it is a plain difference: the same numbers for a difference, log(current / baseline) for a
   * ratio. "No change" is 0 here on both kinds, which is where the status is decided.
   */
  readonly additive: Estimate;
}

export interface ChangeNoSpread {
  readonly kind: 'no-spread';
  readonly scale: ChangeScale;
  readonly estimate: number;
  readonly additive: number;
}

export type GapChange = ChangeEstimate | ChangeNoSpread;

/**
 * D = g_now − g_base by MOVER (Zou & Donner 2008), treating the two periods' gaps as independent:
 *   L = D − √((g_n − l_n)² + (u_b − g_b)²),  U = D + √((u_n − g_n)² + (g_b − l_b)²).
 * Ratios are moved to the log scale first, where the ratio of ratios is a difference and the interval is
 * MOVER's again; the limits are transformed back. A ratio of 0 has no logarithm, so its change is unknown.
 * Independence is an approximation where the same people are counted in both periods; the overlap would
 * usually make the true interval narrower, so the status errs towards "no clear change".
 */
export function changeInGap(baseline: UsableGap, current: UsableGap): GapChange | NotEnoughData {
  const isRatio = baseline.measure === 'ratio';
  if (isRatio && (baseline.estimate <= 0 || current.estimate <= 0))
    return notEnoughData('ratio-zero', { which: baseline.estimate <= 0 ? 'baseline' : 'current' });
  const scale: ChangeScale = isRatio ? 'ratio-of-ratios' : (baseline.scale as Exclude<GapScale, 'ratio'>);
  if (baseline.kind === 'estimate' && current.kind === 'estimate') {
    const additive = moverDifference(toAdditive(current), toAdditive(baseline));
    const natural = isRatio
      ? {
          estimate: Math.exp(additive.estimate),
          lower: Math.exp(additive.lower),
          upper: Math.exp(additive.upper),
        }
      : additive;
    return { kind: 'estimate', scale, ...natural, additive };
  }
  const additive = additiveGap(current) - additiveGap(baseline);
  return { kind: 'no-spread', scale, estimate: isRatio ? Math.exp(additive) : additive, additive };
}

/** A gap's point on the scale where "no gap" is 0: itself for a difference, its logarithm for a ratio. */
export function additiveGap(gap: UsableGap): number {
  return gap.measure === 'ratio' ? Math.log(gap.estimate) : gap.estimate;
}

function toAdditive(gap: Extract<UsableGap, { kind: 'estimate' }>): Estimate {
  if (gap.measure !== 'ratio') return gap;
  return { estimate: Math.log(gap.estimate), lower: Math.log(gap.lower), upper: Math.log(gap.upper) };
}
