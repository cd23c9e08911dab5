// When the gap would close at the pace of its trend since the baseline, with a range of years, or why not.
import type { Estimate } from './estimate.ts';
import { additiveGap } from './change.ts';
import {
  computeGapSeries,
  sinceBaseline,
  type EngineOptions,
  type GapSeries,
  type IndicatorSpec,
  type UsableGap,
} from './gap-series.ts';
import { fitLinearTrend } from './linear-trend.ts';
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

export interface AlreadyClosed {
  readonly kind: 'already-closed';
  readonly from: { readonly period: string; readonly gap: UsableGap };
}

/**
 * moving-away: the slope's interval excludes 0 and points away from zero; no-clear-trend: the slope's interval
 * includes 0, so the data cannot tell a pace at all (a flat series lands here).
 */
export interface NotAtThisPace {
  readonly kind: 'not-at-this-pace';
  readonly reason: 'moving-away' | 'no-clear-trend';
  readonly from: { readonly period: string; readonly gap: UsableGap };
  readonly trend: Trend;
}

export type Projection = ReachesZero | AlreadyClosed | NotAtThisPace | NotEnoughData | Invalid;

export const MIN_PROJECTION_POINTS = 3;

/**
 * Fits a least-squares line to the gap over time from the baseline on (periods placed at their midpoints, see
 * `toDecimalYear`), on the additive scale (ratios as logs, so "no gap" is 0 for both), and asks when the gap
 * would reach 0 starting from the latest observed gap and moving at the fitted slope. The latest observed gap
 * is the anchor, not the fitted line's end, so the projection starts from the number the pages show as today's.
 *
 * "Already closed" is judged from that latest gap, so no clock is needed: for up it is at or above 0, for down
 * at or below 0, for parity exactly 0. The range of years comes from the slope's t interval only (n − 2 df);
 * the uncertainty of the starting gap is not added, so the range is a lower bound on the true uncertainty.
 * Values without counts are projected too: the slope's interval comes from the scatter around the line, not
 * from sampling intervals.
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
  const y = additiveGap(last.gap);
  const closed = { up: y >= 0, down: y <= 0, parity: y === 0 }[indicator.direction];
  if (closed) return { kind: 'already-closed', from };

  const level = gapSeries.confidence.level;
  const fit = fitLinearTrend(
    since.rows.map((r) => ({ x: toDecimalYear(r.period), y: additiveGap(r.gap) })),
    level,
  );
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

  const x = toDecimalYear(last.period);
  const distance = Math.abs(y);
  const at = x + distance / Math.abs(b);
  const earliestAt = x + distance / Math.max(Math.abs(lower), Math.abs(upper));
  const latestAt = x + distance / Math.min(Math.abs(lower), Math.abs(upper));
  return {
    kind: 'reaches-zero',
    from,
    trend,
    at,
    year: Math.floor(at),
    range: { earliestAt, latestAt, earliestYear: Math.floor(earliestAt), latestYear: Math.floor(latestAt) },
  };
}
