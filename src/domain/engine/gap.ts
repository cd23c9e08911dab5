// One period's gap between the target group and the comparison group, with its interval where counts allow.
import { unitKey, type Indicator, type UnitName } from '../strategy/schema.ts';
import type { Confidence } from './confidence.ts';
import type { Estimate } from './estimate.ts';
import { moverRatio } from './mover.ts';
import { newcombeFromWilson } from './newcombe.ts';
import { checkObservation, type Observation } from './observation.ts';
import { notEnoughData, type Invalid, type NotEnoughData } from './reasons.ts';
import { wilsonInterval } from './wilson.ts';

export type GapMeasure = 'difference' | 'ratio';

/** What a gap's number means: percentage points for shares, the unit itself for other differences, a ratio. */
export type GapScale = 'percentage-points' | Exclude<UnitName, 'share'> | 'other' | 'ratio';

export interface GapSpec {
  readonly unit: Indicator['unit'];
  readonly measure: GapMeasure;
}

/** A gap from counts: target − comparison (or target / comparison) with its confidence limits. */
export interface GapEstimate extends Estimate {
  readonly kind: 'estimate';
  readonly measure: GapMeasure;
  readonly scale: GapScale;
  /** Each group's share (0–1) with its Wilson interval. */
  readonly target: Estimate;
  readonly comparison: Estimate;
}

/** A gap from values without counts: the point is known, its uncertainty is not. */
export interface GapNoSpread {
  readonly kind: 'no-spread';
  readonly measure: GapMeasure;
  readonly scale: GapScale;
  readonly estimate: number;
  readonly target: number;
  readonly comparison: number;
}

export type Gap = GapEstimate | GapNoSpread | NotEnoughData | Invalid;

export function gapScale(spec: GapSpec): GapScale {
  if (spec.measure === 'ratio') return 'ratio';
  const unit = unitKey(spec.unit);
  return unit === 'share' ? 'percentage-points' : unit;
}

export interface GapContext {
  readonly confidence: Confidence;
  readonly maxDenominator: number;
}

export function computeGap(
  spec: GapSpec,
  target: Observation,
  comparison: Observation,
  ctx: GapContext,
): Gap {
  // A wrong figure is reported before a missing one: it needs fixing, whatever else is absent. The target
  // group's problem comes first.
  const problem =
    (target.kind === 'missing'
      ? undefined
      : checkObservation(target, spec.unit, 'target', ctx.maxDenominator)) ??
    (comparison.kind === 'missing'
      ? undefined
      : checkObservation(comparison, spec.unit, 'comparison', ctx.maxDenominator));
  if (problem) return problem;
  if (target.kind === 'missing') return notEnoughData('target-missing', { source: target.reason });
  if (comparison.kind === 'missing')
    return notEnoughData('comparison-missing', { source: comparison.reason });

  const scale = gapScale(spec);
  const z = ctx.confidence.z;
  if (target.kind === 'counts' && comparison.kind === 'counts') {
    const { numerator: x1, denominator: n1 } = target;
    const { numerator: x2, denominator: n2 } = comparison;
    const groups = { target: wilsonInterval(x1, n1, z), comparison: wilsonInterval(x2, n2, z) };
    // The ratio's MOVER-R and the difference's Newcombe interval are built from these same two Wilson
    // intervals (`ratioOfProportions`, `newcombeDifference`), so they are not computed again.
    if (spec.measure === 'ratio') {
      if (x2 === 0) return notEnoughData('ratio-undefined', { group: 'comparison' });
      return {
        kind: 'estimate',
        measure: 'ratio',
        scale,
        ...moverRatio(groups.target, groups.comparison),
        ...groups,
      };
    }
    const d = newcombeFromWilson(groups.target, groups.comparison);
    return {
      kind: 'estimate',
      measure: 'difference',
      scale,
      estimate: d.estimate * 100,
      lower: d.lower * 100,
      upper: d.upper * 100,
      ...groups,
    };
  }

  // At least one side is a value without counts (a share given as counts on one side is reduced to its value):
  // the point can be computed, an interval cannot.
  const t = target.kind === 'counts' ? target.numerator / target.denominator : target.value;
  const c = comparison.kind === 'counts' ? comparison.numerator / comparison.denominator : comparison.value;
  if (spec.measure === 'ratio') {
    if (c === 0) return notEnoughData('ratio-undefined', { group: 'comparison' });
    return { kind: 'no-spread', measure: 'ratio', scale, estimate: t / c, target: t, comparison: c };
  }
  const factor = spec.unit === 'share' ? 100 : 1;
  return {
    kind: 'no-spread',
    measure: 'difference',
    scale,
    estimate: (t - c) * factor,
    target: t,
    comparison: c,
  };
}
