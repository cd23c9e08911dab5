// One group's figure for one period, as it comes from a source: counts, a plain value, or typed missing.
import { unitKey, type Indicator } from '../strategy/schema.ts';
import { invalid, type Invalid, type InvalidReason, type MissingReason } from './reasons.ts';

/** A share's counts: `numerator` of `denominator` people (or full-time persons, which may be fractional). */
export interface Counts {
  readonly kind: 'counts';
  readonly numerator: number;
  readonly denominator: number;
}

/**
 * A figure the source gives without the counts behind it (an average duration in weeks, a survey score, a share
 * as a proportion 0–1). It has no known spread, so no interval can be put on it.
 */
export interface PlainValue {
  readonly kind: 'value';
  readonly value: number;
}

export interface Missing {
  readonly kind: 'missing';
  readonly reason: MissingReason;
}

export type Observation = Counts | PlainValue | Missing;

export const counts = (numerator: number, denominator: number): Counts => ({
  kind: 'counts',
  numerator,
  denominator,
});
export const plainValue = (value: number): PlainValue => ({ kind: 'value', value });
export const missing = (reason: MissingReason): Missing => ({ kind: 'missing', reason });

export type Group = 'target' | 'comparison';

/**
 * Above this a denominator is not a group of residents but a unit or summing error (Denmark has about 6 million
 * inhabitants). Callers that know the population, e.g. a municipality's, pass a tighter ceiling.
 */
export const DEFAULT_MAX_DENOMINATOR = 10_000_000;

/** The first thing wrong with a present observation for this unit, or undefined when it can be used. */
export function checkObservation(
  obs: Counts | PlainValue,
  unit: Indicator['unit'],
  group: Group,
  maxDenominator: number,
): Invalid | undefined {
  // This runs for every figure of every series: a usable figure returns before any details are built.
  if (obs.kind === 'counts') {
    const { numerator, denominator } = obs;
    if (unit !== 'share') return invalid('counts-for-non-share-unit', { group, unit: unitKey(unit) });
    const reason: InvalidReason | undefined =
      !Number.isFinite(numerator) || !Number.isFinite(denominator)
        ? 'not-a-number'
        : numerator < 0 || denominator < 0
          ? 'negative-count'
          : denominator === 0
            ? 'zero-denominator'
            : numerator > denominator
              ? 'numerator-exceeds-denominator'
              : denominator > maxDenominator
                ? 'denominator-too-large'
                : undefined;
    if (reason === undefined) return undefined;
    const details = { group, numerator, denominator };
    return invalid(reason, reason === 'denominator-too-large' ? { ...details, maxDenominator } : details);
  }
  const value = obs.value;
  const reason: InvalidReason | undefined = !Number.isFinite(value)
    ? 'not-a-number'
    : unit === 'share' && (value < 0 || value > 1)
      ? 'share-out-of-range'
      : (unit === 'weeks' || unit === 'count') && value < 0
        ? 'negative-value'
        : undefined;
  return reason === undefined ? undefined : invalid(reason, { group, value });
}
