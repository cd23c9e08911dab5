// One group's figure for one period, as it comes from a source: counts, a plain value, or typed missing.
import type { Indicator } from '../strategy/schema.ts';
import { invalid, type Invalid, type MissingReason } from './reasons.ts';

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
  if (obs.kind === 'counts') {
    const { numerator, denominator } = obs;
    const details = { group, numerator, denominator };
    if (unit !== 'share') return invalid('counts-for-non-share-unit', { group, unit });
    if (!Number.isFinite(numerator) || !Number.isFinite(denominator)) return invalid('not-a-number', details);
    if (numerator < 0 || denominator < 0) return invalid('negative-count', details);
    if (denominator === 0) return invalid('zero-denominator', details);
    if (numerator > denominator) return invalid('numerator-exceeds-denominator', details);
    if (denominator > maxDenominator) return invalid('denominator-too-large', { ...details, maxDenominator });
    return undefined;
  }
  const details = { group, value: obs.value };
  if (!Number.isFinite(obs.value)) return invalid('not-a-number', details);
  if (unit === 'share' && (obs.value < 0 || obs.value > 1)) return invalid('share-out-of-range', details);
  if ((unit === 'weeks' || unit === 'count') && obs.value < 0) return invalid('negative-value', details);
  return undefined;
}
