// One period's figure of a level, count or yes/no indicator: with its interval where counts allow, or without.
import type { Confidence } from './confidence.ts';
import type { Estimate } from './estimate.ts';
import { NON_NEGATIVE_UNITS } from './level-spec.ts';
import type { Observation } from './observation.ts';
import { poissonInterval } from './poisson.ts';
import { invalid, notEnoughData, type Invalid, type InvalidReason, type NotEnoughData } from './reasons.ts';
import { wilsonInterval } from './wilson.ts';

/**
 * A figure with an interval: a share from counts (Wilson, on 0–1) or a whole count (Poisson score interval).
 * The method decides how two periods are compared.
 */
export interface FigureEstimate extends Estimate {
  readonly kind: 'estimate';
  readonly method: 'wilson' | 'poisson';
}

/** A figure without counts behind it (a score, weeks, a share given as a value): its spread is unknown. */
export interface FigureNoSpread {
  readonly kind: 'no-spread';
  readonly estimate: number;
}

export type UsableFigure = FigureEstimate | FigureNoSpread;
export type LevelFigure = UsableFigure | NotEnoughData | Invalid;

export interface FigureContext {
  readonly unit: string;
  readonly confidence: Confidence;
  readonly maxDenominator: number;
}

/**
 * The figure, or what is wrong with it. A count that is a whole number is a count of events and gets a
 * Poisson interval; a fractional one (full-time persons, an average) has no known spread. A yes/no figure must
 * be 0 (no) or 1 (yes).
 */
export function levelFigure(obs: Observation, ctx: FigureContext): LevelFigure {
  if (obs.kind === 'missing') return notEnoughData('target-missing', { source: obs.reason });
  const { unit, confidence } = ctx;
  if (obs.kind === 'counts') {
    const { numerator: x, denominator: n } = obs;
    if (unit !== 'share') return invalid('counts-for-non-share-unit', { unit });
    const reason: InvalidReason | undefined =
      !Number.isFinite(x) || !Number.isFinite(n)
        ? 'not-a-number'
        : x < 0 || n < 0
          ? 'negative-count'
          : n === 0
            ? 'zero-denominator'
            : x > n
              ? 'numerator-exceeds-denominator'
              : n > ctx.maxDenominator
                ? 'denominator-too-large'
                : undefined;
    if (reason) return invalid(reason, { numerator: x, denominator: n });
    return { kind: 'estimate', method: 'wilson', ...wilsonInterval(x, n, confidence.z) };
  }
  const v = obs.value;
  const reason: InvalidReason | undefined = !Number.isFinite(v)
    ? 'not-a-number'
    : unit === 'share' && (v < 0 || v > 1)
      ? 'share-out-of-range'
      : unit === 'yes-no' && v !== 0 && v !== 1
        ? 'not-yes-or-no'
        : NON_NEGATIVE_UNITS.has(unit) && v < 0
          ? 'negative-value'
          : undefined;
  if (reason) return invalid(reason, { value: v });
  if (unit === 'count' && Number.isInteger(v))
    return { kind: 'estimate', method: 'poisson', ...poissonInterval(v, confidence.z) };
  return { kind: 'no-spread', estimate: v };
}
