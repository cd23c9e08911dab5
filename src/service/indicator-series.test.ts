// Figures sorted into the engine's series: totals and breakdown values, periods in label order, odd dims left out.
import { describe, expect, it } from 'vitest';
import { counts, missing, plainValue } from '../domain/engine/index.ts';
import type { CurrentFigure } from '../store/observation-store.ts';
import { sortIntoSeries } from './indicator-series.ts';

const figure = (
  period: string,
  dims: Record<string, string>,
  over: Partial<CurrentFigure> = {},
): CurrentFigure => ({
  period,
  dims,
  value: 0.5,
  missingReason: null,
  numerator: 50,
  denominator: 100,
  batchId: '1',
  illustrative: false,
  ...over,
});

describe('sortIntoSeries', () => {
  it('pairs target and comparison per period, in label order whatever order the figures come in', () => {
    const s = sortIntoSeries([
      figure('2022', { group: 'comparison' }),
      figure('2021', { group: 'target' }, { numerator: 10, denominator: 40 }),
      figure('2022', { group: 'target' }, { value: 0.3, numerator: null, denominator: null }),
      figure('2021', { group: 'comparison' }, { value: null, missingReason: 'confidential' }),
    ]);
    expect(s.totals).toEqual([
      { period: '2021', target: counts(10, 40), comparison: missing('confidential') },
      { period: '2022', target: plainValue(0.3), comparison: counts(50, 100) },
    ]);
  });

  it('keeps one point per period however late a period repeats', () => {
    const periods = ['2019', '2021', '2020', '2021', '2023', '2019', '2022'];
    const s = sortIntoSeries(periods.map((p, i) => figure(p, { group: i % 2 ? 'comparison' : 'target' })));
    expect(s.totals.map((p) => p.period)).toEqual(['2019', '2020', '2021', '2022', '2023']);
    expect(s.totals[0]).toEqual({ period: '2019', target: counts(50, 100), comparison: counts(50, 100) });
    expect(s.totals[2]).toEqual({
      period: '2021',
      target: missing('not-available'),
      comparison: counts(50, 100),
    });
  });

  it('marks a group without a figure as not available', () => {
    const s = sortIntoSeries([figure('2021', { group: 'target' })]);
    expect(s.totals).toEqual([
      { period: '2021', target: counts(50, 100), comparison: missing('not-available') },
    ]);
  });

  it('gives each breakdown value its own series and lists the values sorted', () => {
    const women = { group: 'target', sex: 'women' };
    const men = { group: 'target', sex: 'men' };
    const s = sortIntoSeries([
      figure('2021', women, { numerator: 20 }),
      figure('2021', men, { numerator: 30 }),
      figure('2021', { group: 'comparison', sex: 'men' }, { numerator: 40 }),
      figure('2021', { group: 'target' }),
    ]);
    expect(s.values('sex')).toEqual(['men', 'women']);
    expect(s.series('sex', 'men')).toEqual([
      { period: '2021', target: counts(30, 100), comparison: counts(40, 100) },
    ]);
    expect(s.series('sex', 'women')).toEqual([
      { period: '2021', target: counts(20, 100), comparison: missing('not-available') },
    ]);
    expect(s.values('ageBand')).toEqual([]);
    expect(s.series('ageBand', '18-29')).toEqual([]);
  });

  it('leaves figures with several dimensions or another group out of every series, but lists their values', () => {
    const s = sortIntoSeries([
      figure('2021', { group: 'target', sex: 'women', ageBand: '18-29' }),
      figure('2021', { group: 'all', sex: 'men' }),
    ]);
    expect(s.totals).toEqual([]);
    expect(s.values('sex')).toEqual(['men', 'women']);
    expect(s.series('sex', 'women')).toEqual([]);
    expect(s.series('sex', 'men')).toEqual([]);
  });
});
