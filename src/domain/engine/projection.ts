// When the gap would close at the pace of its trend since the baseline, with a range of years, or why not.
import type { Estimate } from './estimate.ts';
import {
  computeGapSeries,
  sinceBaseline,
  type EngineOptions,
  type GapSeries,
  type IndicatorSpec,
  type UsableGap,
} from './gap-series.ts';
import { fitWeightedTrend } from './linear-trend.ts';
import { toDecimalYear } from './period.ts';
import { notEnoughData, type Invalid, type NotEnoughData } from './reasons.ts';
import type { InputSeries } from './series.ts';

/** The gap's trend per year: percentage points (or the unit) for a difference, log ratio for a ratio. */
export interface Trend {
  readonly scale: 'per-year' | 'log-ratio-per-year';
  readonly slope: Estimate;
  readonly points: number;
  readonly level: number;
}

export interface ReachesZero {
  readonly kind: 'reaches-zero';
  /** The latest gap the projection starts from. */
  readonly from: { readonly period: string; readonly gap: UsableGap };
  readonly trend: Trend;
  /** The moment (fractional year) and calendar year the gap reaches zero at the trend's pace. */
  readonly at: number;
  readonly year: number;
  /** The same at the two ends of the slope's interval: the fastest and the slowest plausible pace. */
  readonly range: {
    readonly earliestAt: number;
    readonly latestAt: number;
    readonly earliestYear: number;
    readonly latestYear: number;
  };
}

/** The latest gap's interval lies wholly on the side of zero the strategy asks for. */
export interface AlreadyClosed {
  readonly kind: 'already-closed';
  readonly from: { readonly period: string; readonly gap: UsableGap };
}

/**
 * The latest gap's interval includes zero: the data cannot tell the groups apart today, so there is neither a
 * closed gap to report nor a distance to project.
 */
export interface NoClearGap {
  readonly kind: 'no-clear-gap';
  readonly from: { readonly period: string; readonly gap: UsableGap };
}

/**
 * moving-away: the slope's interval excludes 0 and points away from zero; no-clear-trend: the slope's interval
 * includes 0, so the data cannot tell a pace at all (a flat series lands here); beyond-horizon: at the slope's
 * slowest plausible pace the gap would not reach zero before `PROJECTION_HORIZON_YEAR`, a year no trend of a
 * few periods can speak for.
 */
export interface NotAtThisPace {
  readonly kind: 'not-at-this-pace';
  readonly reason: 'moving-away' | 'no-clear-trend' | 'beyond-horizon';
  readonly from: { readonly period: string; readonly gap: UsableGap };
  readonly trend: Trend;
}

/**
 * Some period since the baseline has values without counts (rounded published shares): with no sampling
 * interval the trend's uncertainty cannot be known, so no year is given, as the assessment gives no status.
 */
export interface ProjectionNoSpread {
  readonly kind: 'no-spread';
  readonly from: { readonly period: string; readonly gap: UsableGap };
}

export type Projection =
  ReachesZero | AlreadyClosed | NoClearGap | NotAtThisPace | ProjectionNoSpread | NotEnoughData | Invalid;

/** No projection names a year past this: a trend of a few periods says nothing about the next century. */
export const PROJECTION_HORIZON_YEAR = 2100;

export const MIN_PROJECTION_POINTS = 3;

/**
 * Fits a weighted least-squares line to the gap over time from the baseline on (periods placed at their
 * midpoints, see `toDecimalYear`), on the additive scale (ratios as logs, so "no gap" is 0 for both), and asks
 * when the gap would reach 0 starting from the latest observed gap and moving at the fitted slope. The latest
 * observed gap is the anchor, not the fitted line's end, so the projection starts from the number the pages show
 * as today's.
 *
 * The slope's uncertainty carries each period's own sampling error (see `fitWeightedTrend`): an exactly
 * straight series of uncertain gaps is not a certain trend. "Already closed" needs the latest gap's whole
 * interval on the desired side of 0 (for parity there is no such side: an interval that includes 0 is "no
 * clear gap", as it is for every direction). Values without counts get no projection (`no-spread`). The range
 * of years comes from the slope's interval; the uncertainty of the starting gap is not added, so the range is
 * a lower bound on the true uncertainty. A range reaching past `PROJECTION_HORIZON_YEAR` names no year.
 */
export function projectGap(
  indicator: IndicatorSpec,
  series: InputSeries,
  options: EngineOptions = {},
): Projection {
  return projectGapSeries(indicator, computeGapSeries(indicator, series, options));
}

/** The projection from a gap series already computed (the assessment reads the same one). */
export function projectGapSeries(
  indicator: IndicatorSpec,
  gapSeries: GapSeries | Invalid | NotEnoughData,
): Projection {
  if (gapSeries.kind !== 'gap-series') return gapSeries;
  const since = sinceBaseline(indicator, gapSeries);
  if (since.kind !== 'since-baseline') return since;
  if (since.rows.some((r) => r.gap.measure === 'ratio' && r.gap.estimate <= 0))
    return notEnoughData('ratio-zero');
  if (since.rows.length < MIN_PROJECTION_POINTS)
    return notEnoughData('too-few-points', { points: since.rows.length, needed: MIN_PROJECTION_POINTS });

  const last = since.rows[since.rows.length - 1] ?? since.rows[0];
  const from = { period: last.period.label, gap: last.gap };
  const estimates: { x: number; y: number; lower: number; upper: number }[] = [];
  for (const r of since.rows) {
    if (r.gap.kind !== 'estimate') return { kind: 'no-spread', from };
    const e = additiveEstimate(r.gap);
    estimates.push({ x: toDecimalYear(r.period), y: e.estimate, lower: e.lower, upper: e.upper });
  }
  const latest = estimates[estimates.length - 1] ?? estimates[0];
  if (!latest) return notEnoughData('too-few-points', { points: 0, needed: MIN_PROJECTION_POINTS });
  const y = latest.y;
  if (latest.lower <= 0 && latest.upper >= 0) return { kind: 'no-clear-gap', from };
  const closed = {
    up: latest.lower > 0,
    down: latest.upper < 0,
    parity: false,
    stable: false,
    monitor: false,
  }[indicator.direction];
  if (closed) return { kind: 'already-closed', from };

  const level = gapSeries.confidence.level;
  const fit = fitWeightedTrend(estimates, level);
  const trend: Trend = {
    scale: last.gap.measure === 'ratio' ? 'log-ratio-per-year' : 'per-year',
    slope: fit.slope,
    points: fit.n,
    level,
  };
  const { estimate: b, lower, upper } = fit.slope;
  if (lower <= 0 && upper >= 0) return { kind: 'not-at-this-pace', reason: 'no-clear-trend', from, trend };
  // Towards zero means against the sign of the latest gap, whatever the direction asked for.
  if (Math.sign(b) === Math.sign(y)) return { kind: 'not-at-this-pace', reason: 'moving-away', from, trend };

  const x = latest.x;
  const distance = Math.abs(y);
  const at = x + distance / Math.abs(b);
  const earliestAt = x + distance / Math.max(Math.abs(lower), Math.abs(upper));
  const latestAt = x + distance / Math.min(Math.abs(lower), Math.abs(upper));
  if (Math.floor(latestAt) > PROJECTION_HORIZON_YEAR)
    return { kind: 'not-at-this-pace', reason: 'beyond-horizon', from, trend };
  return {
    kind: 'reaches-zero',
    from,
    trend,
    at,
    year: Math.floor(at),
    range: { earliestAt, latestAt, earliestYear: Math.floor(earliestAt), latestYear: Math.floor(latestAt) },
  };
}

function additiveEstimate(gap: Extract<UsableGap, { kind: 'estimate' }>): Estimate {
  if (gap.measure !== 'ratio') return gap;
  return { estimate: Math.log(gap.estimate), lower: Math.log(gap.lower), upper: Math.log(gap.upper) };
}
