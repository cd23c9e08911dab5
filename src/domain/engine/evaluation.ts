// An indicator's assessment and projection together, from one computation of the gap series both of them read.
import { assessGapSeries, type Assessment } from './assessment.ts';
import { computeGapSeries, type EngineOptions, type IndicatorSpec } from './gap-series.ts';
import { projectGapSeries, type Projection } from './projection.ts';
import type { InputSeries } from './series.ts';

export interface Evaluation {
  readonly assessment: Assessment;
  readonly projection: Projection;
}

/**
 * The same as `assessIndicator` and `projectGap` called one after the other, with the gaps, intervals and
 * period ordering worked out once instead of twice: a page shows both, and a national recomputation asks for
 * both for every indicator in every municipality.
 */
export function evaluateIndicator(
  indicator: IndicatorSpec,
  series: InputSeries,
  options: EngineOptions = {},
): Evaluation {
  const gapSeries = computeGapSeries(indicator, series, options);
  return {
    assessment: assessGapSeries(indicator, gapSeries),
    projection: projectGapSeries(indicator, gapSeries),
  };
}
