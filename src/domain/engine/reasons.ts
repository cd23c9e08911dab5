// Why a value could not be computed: typed values with a reason code the web layer translates, never null.

/** Free-form facts behind a reason (the period, the group, the offending number) for the message and the audit. */
export type Details = Readonly<Record<string, string | number>>;

/**
 * Why a source gave no figure for a period (the observation is `{ kind: 'missing', reason }`). The first three
 * are the observation model's (`domain/observation`: DST's `..`/`x`, `.` and `-`); the last is a period the
 * source has not reached yet.
 */
export const missingReasons = [
  'confidential',
  'not-available',
  'not-applicable',
  'not-yet-published',
] as const;
export type MissingReason = (typeof missingReasons)[number];

/** Data that cannot be right: a bad count, a bad period, a series that mixes frequencies. Fix the data. */
export const invalidReasons = [
  'zero-denominator',
  'negative-count',
  'numerator-exceeds-denominator',
  'denominator-too-large',
  'not-a-number',
  'share-out-of-range',
  'negative-value',
  'counts-for-non-share-unit',
  'invalid-period',
  'mixed-frequency',
  'duplicate-period',
  'baseline-frequency-mismatch',
  'gap-measure-missing',
  'not-yes-or-no',
] as const;
export type InvalidReason = (typeof invalidReasons)[number];

/** Data that is right but too little to say something: wait for more, or declare what is missing. */
export const notEnoughDataReasons = [
  'target-missing',
  'comparison-missing',
  'ratio-undefined',
  'ratio-zero',
  'baseline-not-declared',
  'baseline-missing',
  'no-period-after-baseline',
  'too-few-points',
  'not-a-gap-indicator',
  'no-figures',
] as const;
export type NotEnoughDataReason = (typeof notEnoughDataReasons)[number];

export interface Invalid {
  readonly kind: 'invalid';
  readonly reason: InvalidReason;
  readonly details: Details;
}

export interface NotEnoughData {
  readonly kind: 'not-enough-data';
  readonly reason: NotEnoughDataReason;
  readonly details: Details;
}

export const invalid = (reason: InvalidReason, details: Details = {}): Invalid => ({
  kind: 'invalid',
  reason,
  details,
});

export const notEnoughData = (reason: NotEnoughDataReason, details: Details = {}): NotEnoughData => ({
  kind: 'not-enough-data',
  reason,
  details,
});
