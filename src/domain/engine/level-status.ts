// The status of a level, count or yes/no indicator: its change since the baseline, judged as honestly as a gap's.
import { confidenceAt } from './confidence.ts';
import { includes, type Estimate } from './estimate.ts';
import type { EngineOptions } from './gap-series.ts';
import { levelFigure, type FigureEstimate, type LevelFigure, type UsableFigure } from './level-figure.ts';
import { NON_NEGATIVE_UNITS, type AssessmentSpec, type LevelDirection } from './level-spec.ts';
import { newcombeFromWilson } from './newcombe.ts';
import { DEFAULT_MAX_DENOMINATOR, plainValue } from './observation.ts';
import { comparePeriods, isPeriodError, parsePeriod, type Period } from './period.ts';
import { comparePoissonCounts } from './poisson.ts';
import {
  invalid,
  notEnoughData,
  type Details,
  type Invalid,
  type InvalidReason,
  type NotEnoughData,
  type NotEnoughDataReason,
} from './reasons.ts';
import { orderSeries, type InputSeries } from './series.ts';
import { classifyChange } from './status.ts';
import {
  judgeTarget,
  type PaceVerdict,
  type TargetJudgement,
  type TargetVerdict,
  type TimedFigure,
} from './target-status.ts';

/**
 * improving / worsening: the change's whole interval lies on the desired / the other side of no change;
 * steady: the strategy asks for stability and the interval includes no change; changed: it asks for stability
 * and the interval excludes no change, either way.
 */
export type LevelMovement = 'improving' | 'worsening' | 'no-clear-change' | 'steady' | 'changed';

export type LevelStatus =
  | LevelMovement
  | TargetVerdict
  | PaceVerdict
  | 'no-spread'
  | 'monitor'
  | 'not-assessed'
  | 'not-enough-data'
  | 'invalid';

/** Why a level is not judged although its figures may be fine: what the definition asks cannot be answered. */
export type NotAssessedReason = 'parity-without-comparison';

export interface PeriodFigure {
  readonly period: string;
  readonly figure: LevelFigure;
}

export interface DatedFigure<F extends UsableFigure = UsableFigure> {
  /** The period, or the year of a baseline value; undefined for a baseline value of unknown year. */
  readonly period: string | undefined;
  readonly figure: F;
  /** Set on a baseline the definition gives as a value rather than a period of the series. */
  readonly fromDefinition?: true;
}

/** Two shares from counts: the difference in percentage points with Newcombe's interval. */
export interface ShareChange {
  readonly kind: 'estimate';
  readonly method: 'newcombe';
  readonly baseline: DatedFigure<FigureEstimate>;
  readonly current: DatedFigure<FigureEstimate>;
  readonly difference: Estimate;
  readonly movement: LevelMovement;
}

/** Two whole counts: the difference, and the ratio with the conditional binomial interval (`poisson.ts`). */
export interface CountChange {
  readonly kind: 'estimate';
  readonly method: 'poisson';
  readonly baseline: DatedFigure<FigureEstimate>;
  readonly current: DatedFigure<FigureEstimate>;
  readonly difference: number;
  /** current / baseline; undefined when the baseline count is 0. */
  readonly ratio: Estimate | undefined;
  readonly movement: LevelMovement;
}

/** At least one of the two has no counts: the change and the way it went, no interval and no status. */
export interface ChangeWithoutSpread {
  readonly kind: 'no-spread';
  readonly baseline: DatedFigure;
  readonly current: DatedFigure;
  /** Percentage points for a share, the unit otherwise. */
  readonly difference: number;
  readonly observed: 'improving' | 'worsening' | 'unchanged' | 'changed';
}

export type LevelChange = ShareChange | CountChange | ChangeWithoutSpread;

export interface LevelAssessment {
  readonly subject: 'level';
  /** The headline: the target's judgement where there is one that could be made, else the change's. */
  readonly status: LevelStatus;
  readonly level: number;
  readonly direction: LevelDirection;
  readonly figures: readonly PeriodFigure[];
  /** The latest usable figure (since the baseline, where one is declared). */
  readonly latest: DatedFigure | undefined;
  /** Undefined where no change is asked for (monitor, parity, yes/no). */
  readonly change: LevelChange | NotEnoughData | Invalid | undefined;
  readonly target: TargetJudgement | undefined;
  /** Why there is no status, for not-enough-data, invalid and not-assessed. */
  readonly reason: NotEnoughDataReason | InvalidReason | NotAssessedReason | undefined;
  readonly details: Details;
}

export interface LevelOptions extends EngineOptions {
  /** The calendar year now, for a target year that has passed before its figure is published. */
  readonly currentYear?: number;
}

/**
 * Judges the series' own figures (each point's `target`; a level has no comparison group). The declared
 * baseline is never replaced by another period, as for gaps. A wrong figure from the baseline on makes the
 * whole answer invalid rather than being skipped. Intervals treat the two periods as independent samples;
 * where the same people are counted in both, the true interval is usually narrower, so the status errs
 * towards "no clear change".
 */
export function assessLevel(
  spec: AssessmentSpec,
  series: InputSeries,
  options: LevelOptions = {},
): LevelAssessment {
  const confidence = confidenceAt(options.level);
  const base = {
    subject: 'level' as const,
    level: confidence.level,
    direction: spec.direction,
    details: {},
  };
  const none = {
    latest: undefined,
    change: undefined,
    target: undefined,
    reason: undefined,
  };
  const ordered = orderSeries(series);
  if (ordered.kind === 'invalid')
    return {
      ...base,
      ...none,
      status: 'invalid',
      figures: [],
      reason: ordered.reason,
      details: ordered.details,
    };
  const ctx = {
    unit: spec.unit,
    confidence,
    maxDenominator: options.maxDenominator ?? DEFAULT_MAX_DENOMINATOR,
  };
  const rows = ordered.points.map((p) => ({ period: p.period, figure: levelFigure(p.target, ctx) }));
  const figures = rows.map((r) => ({ period: r.period.label, figure: r.figure }));
  const out = { ...base, ...none, figures };
  const stop = (why: Invalid | NotEnoughData): LevelAssessment => ({
    ...out,
    status: why.kind,
    reason: why.reason,
    details: why.details,
  });

  const start = resolveBaseline(spec, rows[0]?.period);
  if (start.kind === 'invalid') return stop(start);
  const since = rows.filter((r) => start.includes(r.period));
  for (const r of since)
    if (r.figure.kind === 'invalid')
      return stop(invalid(r.figure.reason, { ...r.figure.details, period: r.period.label }));
  const usable: TimedFigure[] = since.flatMap((r) =>
    r.figure.kind === 'estimate' || r.figure.kind === 'no-spread'
      ? [{ period: r.period, figure: r.figure }]
      : [],
  );
  const last = usable[usable.length - 1];
  const latest = last ? { period: last.period.label, figure: last.figure } : undefined;
  const withLatest = { ...out, latest };

  if (spec.direction === 'monitor' || (spec.kind === 'yes-no' && !spec.target)) {
    if (!latest) return stop(notEnoughData('no-figures'));
    return { ...withLatest, status: 'monitor' };
  }
  if (spec.direction === 'parity')
    return { ...withLatest, status: 'not-assessed', reason: 'parity-without-comparison' };

  const bounds: readonly [number, number] =
    spec.unit === 'share' || spec.unit === 'yes-no'
      ? [0, 1]
      : [NON_NEGATIVE_UNITS.has(spec.unit) ? 0 : -Infinity, Infinity];
  const target = spec.target
    ? judgeTarget(spec.target, usable, {
        level: confidence.level,
        bounds,
        ...(options.currentYear === undefined ? {} : { currentYear: options.currentYear }),
      })
    : undefined;
  if (spec.kind === 'yes-no') {
    if (!target || target.kind === 'not-enough-data') return stop(target ?? notEnoughData('no-figures'));
    // A yes/no indicator is met or not met; there is no pace between no and yes.
    const status =
      target.kind === 'latest' && target.status === 'target-met' ? 'target-met' : 'target-not-met';
    return { ...withLatest, target, status };
  }

  const change = changeSinceBaseline(spec, start, usable, ctx);
  const judged = { ...withLatest, change, target };
  if (target && target.kind !== 'not-enough-data') return { ...judged, status: target.status };
  if (change.kind === 'invalid' || change.kind === 'not-enough-data')
    return { ...judged, status: change.kind, reason: change.reason, details: change.details };
  return { ...judged, status: change.kind === 'no-spread' ? 'no-spread' : change.movement };
}

type Start =
  | { readonly kind: 'none'; readonly includes: (p: Period) => boolean }
  | { readonly kind: 'period'; readonly period: Period; readonly includes: (p: Period) => boolean }
  | {
      readonly kind: 'value';
      readonly value: number;
      readonly year: number | 'unknown';
      readonly includes: (p: Period) => boolean;
    };

/** Where the follow-up starts, and which periods it reads: from the baseline period on, after a value's year. */
function resolveBaseline(spec: AssessmentSpec, first: Period | undefined): Start | Invalid {
  const b = spec.baseline;
  if (b === undefined) return { kind: 'none', includes: () => true };
  if (typeof b === 'string') {
    const period = parsePeriod(b);
    if (isPeriodError(period)) return invalid('invalid-period', { period: b });
    if (first && first.frequency !== period.frequency)
      return invalid('baseline-frequency-mismatch', { baseline: period.label, frequency: first.frequency });
    return { kind: 'period', period, includes: (p) => comparePeriods(p, period) >= 0 };
  }
  const year = b.year;
  return {
    kind: 'value',
    value: b.value,
    year,
    includes: (p) => year === 'unknown' || p.year > year,
  };
}

function changeSinceBaseline(
  spec: AssessmentSpec,
  start: Start,
  usable: readonly TimedFigure[],
  ctx: Parameters<typeof levelFigure>[1],
): LevelChange | NotEnoughData | Invalid {
  let baseline: DatedFigure;
  let after: readonly TimedFigure[];
  if (start.kind === 'none') return notEnoughData('baseline-not-declared');
  if (start.kind === 'period') {
    const first = usable[0];
    if (!first || first.period.label !== start.period.label)
      return notEnoughData('baseline-missing', { baseline: start.period.label });
    baseline = { period: first.period.label, figure: first.figure };
    after = usable.slice(1);
  } else {
    const figure = levelFigure(plainValue(start.value), ctx);
    if (figure.kind === 'invalid')
      return invalid(figure.reason, { ...figure.details, baseline: start.value });
    if (figure.kind === 'not-enough-data') return figure;
    baseline = {
      period: start.year === 'unknown' ? undefined : String(start.year),
      figure,
      fromDefinition: true,
    };
    after = usable;
  }
  const now = after[after.length - 1];
  if (!now) return notEnoughData('no-period-after-baseline');
  const current = { period: now.period.label, figure: now.figure };
  const scale = spec.unit === 'share' ? 100 : 1;
  const b = baseline.figure;
  const c = current.figure;
  if (b.kind === 'estimate' && c.kind === 'estimate' && b.method === c.method) {
    const dated = { baseline: { ...baseline, figure: b }, current: { ...current, figure: c } };
    if (b.method === 'wilson') {
      const d = newcombeFromWilson(c, b);
      const difference = { estimate: d.estimate * 100, lower: d.lower * 100, upper: d.upper * 100 };
      return {
        kind: 'estimate',
        method: 'newcombe',
        ...dated,
        difference,
        movement: movement(spec.direction, difference),
      };
    }
    const cmp = comparePoissonCounts(b.estimate, c.estimate, ctx.confidence.z);
    const share = cmp.share;
    const centred = { estimate: share.estimate - 0.5, lower: share.lower - 0.5, upper: share.upper - 0.5 };
    return {
      kind: 'estimate',
      method: 'poisson',
      ...dated,
      difference: c.estimate - b.estimate,
      ratio: cmp.ratio,
      movement: movement(spec.direction, centred),
    };
  }
  const difference = (c.estimate - b.estimate) * scale;
  const point = { estimate: difference, lower: difference, upper: difference };
  const moved = movement(spec.direction, point);
  const observed = moved === 'no-clear-change' || moved === 'steady' ? 'unchanged' : moved;
  return { kind: 'no-spread', baseline, current, difference, observed };
}

/** The change's status on a scale where no change is 0 (a difference, or the conditional share less ½). */
function movement(direction: LevelDirection, change: Estimate): LevelMovement {
  if (direction === 'stable') return includes(change, 0) ? 'steady' : 'changed';
  const m = classifyChange(direction === 'down' ? 'down' : 'up', change, 0);
  return m === 'closing' ? 'improving' : m === 'widening' ? 'worsening' : 'no-clear-change';
}
