// Whether a level meets its target, or would by the target year at the pace it has kept since the baseline.
import type { Estimate } from './estimate.ts';
import type { UsableFigure } from './level-figure.ts';
import type { LevelTarget } from './level-spec.ts';
import { fitWeightedTrend } from './linear-trend.ts';
import { toDecimalYear, type Frequency, type Period } from './period.ts';
import { MIN_PROJECTION_POINTS } from './projection.ts';
import { notEnoughData, type NotEnoughData } from './reasons.ts';

export type TargetVerdict = 'target-met' | 'target-not-met' | 'target-unclear';
export type PaceVerdict = 'on-track' | 'off-track' | 'no-clear-trend';

/** Judged on the latest figure: it meets the target already, or the target year has come. */
export interface TargetByLatest {
  readonly kind: 'latest';
  readonly status: TargetVerdict;
  readonly period: string;
  readonly figure: UsableFigure;
  /** Why the latest figure decides: it meets the target, or the target year is reached or past. */
  readonly because: 'met' | 'year-reached';
}

/** Judged on the pace since the baseline: a weighted straight line through the figures, with its slope's interval. */
export interface TargetByPace {
  readonly kind: 'pace';
  readonly status: PaceVerdict;
  /** The latest figure, where the projection starts. */
  readonly period: string;
  readonly figure: UsableFigure;
  /** The change per year, in the figures' own scale (a share as a proportion). */
  readonly slope: Estimate;
  readonly points: number;
  /** With a target year: the figure projected to that year's last period, over the slope's interval. */
  readonly projected: { readonly year: number; readonly value: Estimate } | undefined;
}

/**
 * Some figure since the baseline has no counts behind it: with no interval the pace's uncertainty is unknown,
 * so only the way the figures moved is told, never on or off track.
 */
export interface TargetNoSpread {
  readonly kind: 'no-spread';
  readonly status: 'no-spread';
  readonly period: string;
  readonly figure: UsableFigure;
  readonly observed: 'towards' | 'away' | 'unchanged';
}

export type TargetJudgement = TargetByLatest | TargetByPace | TargetNoSpread | NotEnoughData;

export interface TimedFigure {
  readonly period: Period;
  readonly figure: UsableFigure;
}

export interface TargetContext {
  readonly level: number;
  /** A calendar year passed in (the engine reads no clock): a target year before it has passed. */
  readonly currentYear?: number;
  /** The figures' possible range (a share 0–1, a non-negative unit 0–∞): projected values are kept inside. */
  readonly bounds: readonly [number, number];
}

/** The rule in words, for the method page. Keep in step with `judgeTarget`. */
export const targetRule = {
  da:
    'Har en indikator et mål, afgøres status først på det seneste tal: ligger hele dets usikkerhedsinterval på ' +
    'målets side, er målet nået; er målåret nået eller passeret, er målet ikke nået, når hele intervallet ligger ' +
    'på den forkerte side, og uafklaret, når intervallet rummer målet. Ellers fremskrives tallene siden ' +
    'basisperioden med en ret linje (vægtet efter hver periodes usikkerhed, mindst tre perioder) til målårets ' +
    'sidste periode: ligger hele det fremskrevne spænd på målets side, er indikatoren på rette vej, ligger det ' +
    'hele på den forkerte side, er den ikke på rette vej, og rummer det målet, er der ingen klar tendens. Uden ' +
    'målår spørges kun, om hældningen klart peger mod målet. Spændet bygger på hældningens usikkerhed alene, så ' +
    'det er snarere for smalt end for bredt. Tal uden antal får ingen fremskrivning, kun retningen.',
  en:
    'Where an indicator has a target, the latest figure is looked at first: if its whole interval lies on the ' +
    "target's side, the target is met; once the target year is reached or past, the target is not met when the " +
    'whole interval lies on the wrong side and unclear when the interval includes the target. Otherwise the ' +
    "figures since the baseline are projected with a straight line (weighted by each period's uncertainty, at " +
    "least three periods) to the target year's last period: if the whole projected range lies on the target's " +
    'side the indicator is on track, if it lies wholly on the wrong side it is off track, and if it includes the ' +
    'target there is no clear trend. Without a target year the only question is whether the slope clearly points ' +
    "towards the target. The range rests on the slope's uncertainty alone, so it is more likely too narrow than " +
    'too wide. Figures without counts get no projection, only the direction.',
} as const;

/**
 * `rows` are the usable figures since the baseline in time order (the trend is fitted to them); the last is
 * the latest figure. An `equal` target is met when the latest interval includes it (the figure cannot be told
 * apart from it); until then it is approached from the side the figure is on, as `at-least` from below or
 * `at-most` from above.
 */
export function judgeTarget(
  target: LevelTarget,
  rows: readonly TimedFigure[],
  ctx: TargetContext,
): TargetJudgement {
  const latest = rows[rows.length - 1];
  if (!latest) return notEnoughData('no-figures');
  const period = latest.period.label;
  const figure = latest.figure;
  const verdict = verdictOn(target, intervalOf(figure));
  const byLatest = (because: TargetByLatest['because']): TargetByLatest => ({
    kind: 'latest',
    status: verdict,
    period,
    figure,
    because,
  });
  if (verdict === 'target-met') return byLatest('met');
  const year = target.year;
  if (year !== undefined && (latest.period.year >= year || (ctx.currentYear ?? -Infinity) > year))
    return byLatest('year-reached');

  // +1 when the figure must rise to reach the target, −1 when it must fall.
  const needed =
    target.comparison === 'at-least'
      ? 1
      : target.comparison === 'at-most'
        ? -1
        : figure.estimate < target.value
          ? 1
          : -1;
  if (rows.some((r) => r.figure.kind !== 'estimate')) {
    const moved = figure.estimate - (rows[0]?.figure.estimate ?? figure.estimate);
    const observed = moved === 0 ? 'unchanged' : Math.sign(moved) === needed ? 'towards' : 'away';
    return { kind: 'no-spread', status: 'no-spread', period, figure, observed };
  }
  if (rows.length < MIN_PROJECTION_POINTS)
    return notEnoughData('too-few-points', { points: rows.length, needed: MIN_PROJECTION_POINTS });
  const fit = fitWeightedTrend(
    rows.map((r) => ({
      x: toDecimalYear(r.period),
      y: r.figure.estimate,
      lower: intervalOf(r.figure).lower,
      upper: intervalOf(r.figure).upper,
    })),
    ctx.level,
  );
  const slope = fit.slope;
  const pace = { kind: 'pace' as const, period, figure, slope, points: fit.n };
  if (year === undefined) {
    const status: PaceVerdict =
      needed * slope.lower > 0 && needed * slope.upper > 0
        ? 'on-track'
        : needed * slope.lower < 0 && needed * slope.upper < 0
          ? 'off-track'
          : 'no-clear-trend';
    return { ...pace, status, projected: undefined };
  }
  const dt = lastPeriodMidpoint(year, latest.period.frequency) - toDecimalYear(latest.period);
  const [low, high] = ctx.bounds;
  const clamp = (v: number) => Math.min(high, Math.max(low, v));
  const y = figure.estimate;
  const value: Estimate = {
    estimate: clamp(y + slope.estimate * dt),
    lower: clamp(y + Math.min(slope.lower, slope.upper) * dt),
    upper: clamp(y + Math.max(slope.lower, slope.upper) * dt),
  };
  const directed: LevelTarget = { ...target, comparison: needed > 0 ? 'at-least' : 'at-most' };
  const projectedVerdict = verdictOn(directed, value);
  const status: PaceVerdict =
    projectedVerdict === 'target-met'
      ? 'on-track'
      : projectedVerdict === 'target-not-met'
        ? 'off-track'
        : 'no-clear-trend';
  return { ...pace, status, projected: { year, value } };
}

/** A figure's interval; a figure without counts is its own point. */
function intervalOf(f: UsableFigure): Estimate {
  return f.kind === 'estimate' ? f : { estimate: f.estimate, lower: f.estimate, upper: f.estimate };
}

function verdictOn(target: LevelTarget, e: Estimate): TargetVerdict {
  const v = target.value;
  switch (target.comparison) {
    case 'at-least':
      return e.lower >= v ? 'target-met' : e.upper < v ? 'target-not-met' : 'target-unclear';
    case 'at-most':
      return e.upper <= v ? 'target-met' : e.lower > v ? 'target-not-met' : 'target-unclear';
    case 'equal':
      return e.lower <= v && v <= e.upper ? 'target-met' : 'target-not-met';
  }
}

/** Where the target year's last period sits on the time axis: its midpoint, as every figure's (`toDecimalYear`). */
function lastPeriodMidpoint(year: number, frequency: Frequency): number {
  if (frequency === 'quarter') return year + 3.5 / 4;
  if (frequency === 'month') return year + 11.5 / 12;
  return year + 0.5;
}
