// What the engine needs to judge a level, count or yes/no indicator: kind, unit, direction, target and baseline.
import type { Indicator } from '../strategy/schema.ts';

/** The kinds judged by `assessLevel`; gaps have their own assessment (`assessIndicator`). */
export type LevelKind = 'level' | 'count' | 'yes-no';

/**
 * up/down: the value should rise or fall; stable: it should hold (no clear change is the good outcome);
 * parity: the same as a comparison group, which a level does not have; monitor: figures, no judgement.
 */
export type LevelDirection = 'up' | 'down' | 'parity' | 'stable' | 'monitor';

export type TargetComparison = 'at-least' | 'at-most' | 'equal';

/**
 * A numeric target on the figures' own scale (a share as a proportion 0–1, a count as a number, yes as 1),
 * optionally by a year: by the last period of that year.
 */
export interface LevelTarget {
  readonly value: number;
  readonly year?: number;
  readonly comparison: TargetComparison;
}

/** A baseline given as a value, with the year it is of, or 'unknown' when the strategy does not say. */
export interface BaselineValue {
  readonly value: number;
  readonly year: number | 'unknown';
}

export interface AssessmentSpec {
  readonly kind: LevelKind;
  /**
   * The unit as the definition names it. The engine reads three things from it: `share` (counts give a Wilson
   * interval), `count` (whole numbers give a Poisson interval) and `yes-no` (0 or 1); every other unit (score,
   * weeks, years, days, kr, index, …) is a figure without a known spread. Units listed in
   * `NON_NEGATIVE_UNITS` refuse negative figures.
   */
  readonly unit: string;
  readonly direction: LevelDirection;
  readonly target?: LevelTarget;
  /** A period as Danmarks Statistik writes it (2021, 2021K2, 2021M09), or a value. */
  readonly baseline?: string | BaselineValue;
}

/** Units whose figures cannot be below 0; a negative one is a data error. */
export const NON_NEGATIVE_UNITS: ReadonlySet<string> = new Set([
  'share',
  'count',
  'weeks',
  'days',
  'years',
  'hectares',
  'tonnes-co2',
  'yes-no',
]);

/**
 * The spec of a level, count or yes/no indicator of the definition: its kind, unit (a free unit counts as one
 * without a known spread), direction, target and baseline (a period, or a value with its year).
 */
export function assessmentSpecOf(
  indicator: Pick<Indicator, 'kind' | 'unit' | 'direction' | 'baseline' | 'target'>,
): AssessmentSpec {
  if (indicator.kind === 'gap') throw new RangeError('a gap indicator is assessed by assessIndicator');
  const { target, baseline } = indicator;
  return {
    kind: indicator.kind,
    unit: typeof indicator.unit === 'string' ? indicator.unit : 'other',
    direction: indicator.direction,
    ...(target && {
      target: {
        value: target.value,
        comparison: target.comparison,
        ...(target.year === undefined ? {} : { year: target.year }),
      },
    }),
    ...(baseline === undefined ? {} : { baseline }),
  };
}
