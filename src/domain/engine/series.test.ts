// Ordering an input series: one frequency, parsable periods, each once.
import { describe, expect, it } from 'vitest';
import { counts, orderSeries, type InputSeries } from './index.ts';

const point = (period: string) => ({ period, target: counts(1, 10), comparison: counts(2, 10) });

describe('orderSeries', () => {
  it('sorts the periods in time order', () => {
    const ordered = orderSeries([point('2022K1'), point('2021K3'), point('2021K4')]);
    if (ordered.kind !== 'ordered') throw new Error('expected an ordered series');
    expect(ordered.frequency).toBe('quarter');
    expect(ordered.points.map((p) => p.period.label)).toEqual(['2021K3', '2021K4', '2022K1']);
  });

  it('accepts an empty series', () => {
    expect(orderSeries([])).toEqual({ kind: 'ordered', frequency: undefined, points: [] });
  });

  it.each<[string, InputSeries, string, Record<string, string>]>([
    [
      'a year among quarters',
      [point('2021K1'), point('2021'), point('2021K2')],
      'mixed-frequency',
      { first: '2021K1', other: '2021' },
    ],
    [
      'a month among years',
      [point('2021'), point('2022M01')],
      'mixed-frequency',
      { first: '2021', other: '2022M01' },
    ],
    [
      'a period that cannot be read',
      [point('2021'), point('2021/22')],
      'invalid-period',
      { period: '2021/22' },
    ],
    [
      'the same period twice',
      [point('2021K2'), point('2021K3'), point('2021K2')],
      'duplicate-period',
      { period: '2021K2' },
    ],
  ])('refuses %s with a typed value, not an exception', (_name, series, reason, details) => {
    expect(orderSeries(series)).toEqual({ kind: 'invalid', reason, details });
  });
});
