// Tick selection: period labels that fit the width (a phone gets fewer), always the latest period, quarters a
// year apart; round value ticks.
import { describe, expect, it } from 'vitest';
import { periodTickIndices, valueTicks } from './axis-ticks.ts';
import { periodMonths, periodOverlaps, shortPeriodLabel } from './period-labels.ts';

const quarterLabels = (years: number) =>
  Array.from({ length: years * 4 }, (_, i) => `K${(i % 4) + 1} ${2019 + Math.floor(i / 4)}`);

describe('period ticks', () => {
  it.each([
    // labels, plot width, expected count
    [quarterLabels(6), 1000, 12], // wide: every second quarter
    [quarterLabels(6), 290, 3], // phone: two years apart
    [quarterLabels(2), 290, 4],
    [['2019', '2020', '2021', '2022', '2023', '2024'], 290, 6],
    [['2019'], 290, 1],
    [[], 290, 0],
  ])('%#: %j over %i px gives %i labels', (labels, width, count) => {
    const picked = periodTickIndices(labels, width, 13);
    expect(picked).toHaveLength(count);
    if (labels.length) expect(picked.at(-1)).toBe(labels.length - 1);
  });

  it('never lets two labels overlap', () => {
    for (const width of [200, 290, 360, 600, 1000])
      for (const years of [1, 3, 6, 12]) {
        const labels = quarterLabels(years);
        const picked = periodTickIndices(labels, width, 13);
        const spacing = width / (labels.length - 1);
        for (let k = 1; k < picked.length; k++)
          expect(((picked[k] as number) - (picked[k - 1] as number)) * spacing).toBeGreaterThan(7 * 13 * 0.6);
      }
  });

  it('keeps quarters a year apart on a phone', () => {
    const labels = quarterLabels(6);
    const picked = periodTickIndices(labels, 290, 13).map((i) => labels[i]?.slice(0, 2));
    expect(new Set(picked)).toEqual(new Set(['K4']));
  });

  it('gives round value ticks', () => {
    expect(valueTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]);
    expect(valueTicks(-30, 10, 4)).toEqual([-30, -20, -10, 0, 10]);
  });
});

describe('period labels', () => {
  it.each([
    ['2019K1', 'da', 'K1 2019'],
    ['2019K1', 'en', 'Q1 2019'],
    ['2019', 'da', '2019'],
    ['2021M09', 'da', 'sep. 2021'],
    ['2021M05', 'en', 'May 2021'],
  ] as const)('%s in %s is %s', (period, lang, label) => {
    expect(shortPeriodLabel(period, lang)).toBe(label);
  });

  it('knows the months of a period and whether it meets the strategy period', () => {
    expect(periodMonths('2021K3')).toEqual(['2021-07', '2021-09']);
    expect(periodMonths('x')).toBeUndefined();
    expect(periodOverlaps('2021K3', '2021-09', '2023-12')).toBe(true);
    expect(periodOverlaps('2021K2', '2021-09', '2023-12')).toBe(false);
    expect(periodOverlaps('2021', '2021-09', '2023-12')).toBe(true);
    expect(periodOverlaps('2024M01', '2021-09', '2023-12')).toBe(false);
  });
});
