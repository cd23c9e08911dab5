// An indicator's assessment: the change in its gap since the baseline and what that change means.
import { additiveGap, changeInGap, type ChangeEstimate, type ChangeNoSpread } from './change.ts';
import type { GapEstimate, GapNoSpread } from './gap.ts';
import {
  computeGapSeries,
  periodGaps,
  sinceBaseline,
  type EngineOptions,
  type GapSeries,
  type IndicatorSpec,
  type PeriodGap,
} from './gap-series.ts';
import {
  notEnoughData,
  type Details,
  type Invalid,
  type InvalidReason,
  type NotEnoughData,
  type NotEnoughDataReason,
} from './reasons.ts';
import type { InputSeries } from './series.ts';
import { classifyChange, observedDirection, type Movement, type ObservedDirection } from './status.ts';

export type IndicatorStatus = Assessment['status'];

export interface AssessedPeriod<G> {
  readonly period: string;
  readonly gap: G;
}

/** Both periods had counts: the change has an interval and the status is decided on it. */
export interface Assessed {
  readonly status: Movement;
  readonly level: number;
  readonly baseline: AssessedPeriod<GapEstimate>;
  /** The latest period after the baseline with a gap (later periods without data are passed over). */
  readonly current: AssessedPeriod<GapEstimate>;
  readonly change: ChangeEstimate;
  readonly gaps: readonly PeriodGap[];
}

/**
 * At least one of the two periods has values without counts. The change is reported with the way it went, but
 * with no status of closing or widening: without counts there is no interval, and a status from point
 * estimates alone would claim a significance the data does not have. `observed` says which way it went.
 */
export interface AssessedWithoutSpread {
  readonly status: 'no-spread';
  readonly level: number;
  readonly baseline: AssessedPeriod<GapEstimate | GapNoSpread>;
  readonly current: AssessedPeriod<GapEstimate | GapNoSpread>;
  readonly change: ChangeNoSpread;
  readonly observed: ObservedDirection;
  readonly note: 'no-interval-without-counts';
  readonly gaps: readonly PeriodGap[];
}

export interface NotAssessed {
  readonly status: 'not-enough-data';
  readonly reason: NotEnoughDataReason;
  readonly details: Details;
  readonly gaps: readonly PeriodGap[];
}

export interface InvalidAssessment {
  readonly status: 'invalid';
  readonly reason: InvalidReason;
  readonly details: Details;
  readonly gaps: readonly PeriodGap[];
}

export type Assessment = Assessed | AssessedWithoutSpread | NotAssessed | InvalidAssessment;

export function assessIndicator(
  indicator: IndicatorSpec,
  series: InputSeries,
  options: EngineOptions = {},
): Assessment {
  return assessGapSeries(indicator, computeGapSeries(indicator, series, options));
}

/** The assessment from a gap series already computed (the projection reads the same one). */
export function assessGapSeries(
  indicator: IndicatorSpec,
  gapSeries: GapSeries | Invalid | NotEnoughData,
): Assessment {
  if (gapSeries.kind !== 'gap-series') return unassessed(gapSeries, []);
  const gaps = periodGaps(gapSeries.rows);
  const since = sinceBaseline(indicator, gapSeries);
  if (since.kind !== 'since-baseline') return unassessed(since, gaps);

  const [baseline, ...later] = since.rows;
  const current = later.at(-1);
  if (!current) return unassessed(notEnoughData('no-period-after-baseline'), gaps);
  const change = changeInGap(baseline.gap, current.gap);
  if (change.kind === 'not-enough-data') return unassessed(change, gaps);

  const level = gapSeries.confidence.level;
  const baselineGap = additiveGap(baseline.gap);
  const at = <G>(period: string, gap: G): AssessedPeriod<G> => ({ period, gap });
  if (change.kind === 'estimate' && baseline.gap.kind === 'estimate' && current.gap.kind === 'estimate')
    return {
      status: classifyChange(indicator.direction, change.additive, baselineGap),
      level,
      baseline: at(baseline.period.label, baseline.gap),
      current: at(current.period.label, current.gap),
      change,
      gaps,
    };
  const additive = change.kind === 'estimate' ? change.additive.estimate : change.additive;
  return {
    status: 'no-spread',
    level,
    baseline: at(baseline.period.label, baseline.gap),
    current: at(current.period.label, current.gap),
    change:
      change.kind === 'no-spread'
        ? change
        : { kind: 'no-spread', scale: change.scale, estimate: change.estimate, additive },
    observed: observedDirection(indicator.direction, additive, baselineGap),
    note: 'no-interval-without-counts',
    gaps,
  };
}

function unassessed(
  why: Invalid | NotEnoughData,
  gaps: readonly PeriodGap[],
): NotAssessed | InvalidAssessment {
  return why.kind === 'invalid'
    ? { status: 'invalid', reason: why.reason, details: why.details, gaps }
    : { status: 'not-enough-data', reason: why.reason, details: why.details, gaps };
}
