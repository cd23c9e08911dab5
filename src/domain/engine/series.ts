// The input series: per period the target group's and the comparison group's observation, checked and ordered.
import type { Observation } from './observation.ts';
import { comparePeriods, isPeriodError, parsePeriod, type Frequency, type Period } from './period.ts';
import { invalid, type Invalid } from './reasons.ts';

export interface SeriesPoint {
  /** A period as Danmarks Statistik writes it: 2021, 2021K2 or 2021M09. */
  readonly period: string;
  readonly target: Observation;
  readonly comparison: Observation;
}

export type InputSeries = readonly SeriesPoint[];

export interface OrderedPoint {
  readonly period: Period;
  readonly target: Observation;
  readonly comparison: Observation;
}

/** A series whose periods all parse, share one frequency and occur once, in time order. */
export interface OrderedSeries {
  readonly kind: 'ordered';
  /** The series' frequency; undefined only for an empty series. */
  readonly frequency: Frequency | undefined;
  readonly points: readonly OrderedPoint[];
}

export function orderSeries(series: InputSeries): OrderedSeries | Invalid {
  const points: OrderedPoint[] = [];
  for (const p of series) {
    const period = parsePeriod(p.period);
    if (isPeriodError(period)) return invalid('invalid-period', { period: p.period });
    points.push({ period, target: p.target, comparison: p.comparison });
  }
  const first = points[0];
  // A series with both 2021 and 2021K2 has no single time axis: a year would be compared with a quarter as if
  // they were neighbours. It is refused as a value so a page can show the problem instead of failing.
  const other = points.find((p) => p.period.frequency !== first?.period.frequency);
  if (first && other)
    return invalid('mixed-frequency', {
      first: first.period.label,
      other: other.period.label,
    });
  points.sort((a, b) => comparePeriods(a.period, b.period));
  for (let i = 1; i < points.length; i++) {
    const label = points[i]?.period.label;
    if (label !== undefined && label === points[i - 1]?.period.label)
      return invalid('duplicate-period', { period: label });
  }
  return { kind: 'ordered', frequency: first?.period.frequency, points };
}
