// The same assessment for each value of a breakdown (sex: women and men; origin: immigrants and descendants).
import { assessIndicator, type Assessment } from './assessment.ts';
import type { EngineOptions, IndicatorSpec } from './gap-series.ts';
import type { InputSeries } from './series.ts';

export interface BreakdownAssessment {
  /** The breakdown value as the source names it, e.g. "women" or "descendants". */
  readonly value: string;
  readonly assessment: Assessment;
}

/**
 * Each value is assessed on its own series with the indicator's baseline and direction, in the order the values
 * are given. The groups get smaller, so "no clear change" is more common here than for the whole group; no
 * correction for assessing several groups is made, as each is read on its own.
 */
export function assessBreakdown(
  indicator: IndicatorSpec,
  seriesByValue: Readonly<Record<string, InputSeries>>,
  options: EngineOptions = {},
): readonly BreakdownAssessment[] {
  return Object.entries(seriesByValue).map(([value, series]) => ({
    value,
    assessment: assessIndicator(indicator, series, options),
  }));
}
