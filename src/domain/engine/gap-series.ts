// The stage between input and assessment: every period's gap, and the declared baseline located in the series.
import { baselinePeriod, type Indicator } from '../strategy/schema.ts';
import { confidenceAt, type Confidence } from './confidence.ts';
import { computeGap, type Gap, type GapSpec } from './gap.ts';
import { DEFAULT_MAX_DENOMINATOR } from './observation.ts';
import { comparePeriods, isPeriodError, parsePeriod, type Period } from './period.ts';
import { invalid, notEnoughData, type Invalid, type NotEnoughData } from './reasons.ts';
import { orderSeries, type InputSeries } from './series.ts';

/** The parts of an indicator definition the engine reads; a whole `Indicator` from the strategy fits. */
export type IndicatorSpec = Pick<Indicator, 'kind' | 'unit' | 'gapMeasure' | 'direction' | 'baseline'>;

export interface EngineOptions {
  /** Two-sided confidence level for every interval; default 0.95. */
  readonly level?: number;
  /** Denominators above this are refused as `denominator-too-large`; default 10 million. */
  readonly maxDenominator?: number;
}

export interface PeriodGap {
  readonly period: string;
  readonly gap: Gap;
}

export interface GapRow {
  readonly period: Period;
  readonly gap: Gap;
}

export interface GapSeries {
  readonly kind: 'gap-series';
  readonly spec: GapSpec;
  readonly confidence: Confidence;
  readonly rows: readonly GapRow[];
}

/** The gap series, or why there is none: not a gap indicator, no gap measure, a series that cannot be ordered. */
export function computeGapSeries(
  indicator: IndicatorSpec,
  series: InputSeries,
  options: EngineOptions = {},
): GapSeries | Invalid | NotEnoughData {
  const confidence = confidenceAt(options.level);
  // Level and count indicators have no comparison group; their follow-up is not a gap and not done here.
  if (indicator.kind !== 'gap') return notEnoughData('not-a-gap-indicator', { kind: indicator.kind });
  if (!indicator.gapMeasure) return invalid('gap-measure-missing');
  const ordered = orderSeries(series);
  if (ordered.kind === 'invalid') return ordered;
  const spec: GapSpec = { unit: indicator.unit, measure: indicator.gapMeasure };
  const ctx = { confidence, maxDenominator: options.maxDenominator ?? DEFAULT_MAX_DENOMINATOR };
  const rows = ordered.points.map((p) => ({
    period: p.period,
    gap: computeGap(spec, p.target, p.comparison, ctx),
  }));
  return { kind: 'gap-series', spec, confidence, rows };
}

export function periodGaps(rows: readonly GapRow[]): PeriodGap[] {
  return rows.map((r) => ({ period: r.period.label, gap: r.gap }));
}

export type UsableGap = Extract<Gap, { kind: 'estimate' | 'no-spread' }>;

export interface UsableRow {
  readonly period: Period;
  readonly gap: UsableGap;
}

export interface SinceBaseline {
  readonly kind: 'since-baseline';
  /** The baseline and every later period with a gap, in time order; periods without data are left out. */
  readonly rows: readonly [UsableRow, ...UsableRow[]];
}

/**
 * The declared baseline period and the usable periods after it. The baseline is never replaced by another
 * period: if it has no gap the answer is `baseline-missing`, because comparing with a different starting point
 * would silently change what the strategy measures. A wrong figure at or after the baseline makes the whole
 * answer invalid rather than being skipped, so it gets fixed instead of hidden.
 */
export function sinceBaseline(
  indicator: IndicatorSpec,
  gaps: GapSeries,
): SinceBaseline | Invalid | NotEnoughData {
  // A baseline given as a value with its year is not a period of the series.
  const declared = baselinePeriod(indicator);
  if (declared === undefined) return notEnoughData('baseline-not-declared');
  const baseline = parsePeriod(declared);
  if (isPeriodError(baseline)) return invalid('invalid-period', { period: declared });
  const frequency = gaps.rows[0]?.period.frequency;
  if (frequency !== undefined && frequency !== baseline.frequency)
    return invalid('baseline-frequency-mismatch', { baseline: baseline.label, frequency });
  const later = gaps.rows.filter((r) => comparePeriods(r.period, baseline) >= 0);
  const first = later[0];
  if (!first || first.period.label !== baseline.label)
    return notEnoughData('baseline-missing', { baseline: baseline.label });
  const usable: UsableRow[] = [];
  for (const row of later) {
    const gap = row.gap;
    if (gap.kind === 'invalid') return invalid(gap.reason, { ...gap.details, period: row.period.label });
    if (gap.kind === 'not-enough-data') {
      if (row === first)
        return notEnoughData('baseline-missing', { baseline: baseline.label, cause: gap.reason });
      continue;
    }
    usable.push({ period: row.period, gap });
  }
  const [head, ...rest] = usable;
  if (!head) return notEnoughData('baseline-missing', { baseline: baseline.label });
  return { kind: 'since-baseline', rows: [head, ...rest] };
}
