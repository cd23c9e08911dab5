// Disclosure of a view's table: the share rule, small group sizes and counts, gaps only beside published shares.
import { describe, expect, it } from 'vitest';
import { disclosureConfig } from '../domain/disclosure/index.ts';
import {
  computeGapSeries,
  confidenceAt,
  counts,
  missing,
  periodGaps,
  plainValue,
  wilsonInterval,
  type SeriesPoint,
} from '../domain/engine/index.ts';
import type { Indicator } from '../domain/strategy/index.ts';
import { publishRows } from './indicator-publish.ts';

const indicator = (over: Partial<Indicator> = {}): Indicator =>
  ({
    id: 'x',
    kind: 'gap',
    unit: 'share',
    gapMeasure: 'difference',
    direction: 'up',
    baseline: '2021',
    breakdowns: [],
    ...over,
  }) as Indicator;

const gapsOf = (ind: Indicator, series: readonly SeriesPoint[]) => {
  const g = computeGapSeries(ind, series);
  return g.kind === 'gap-series' ? periodGaps(g.rows) : [];
};

const config = disclosureConfig();
const z = confidenceAt().z;

describe('publishRows', () => {
  it('publishes shares with their Wilson intervals and the gap with its interval', () => {
    const ind = indicator();
    const series: SeriesPoint[] = [{ period: '2021', target: counts(30, 100), comparison: counts(60, 100) }];
    const [row] = publishRows(ind, series, gapsOf(ind, series), config, 'da');
    const t = wilsonInterval(30, 100, z);
    const c = wilsonInterval(60, 100, z);
    expect(row?.target).toEqual({
      share: { kind: 'value', value: 0.3, low: t.lower, high: t.upper },
      size: { kind: 'value', value: 100 },
    });
    expect(row?.comparison?.share).toEqual({ kind: 'value', value: 0.6, low: c.lower, high: c.upper });
    expect(row?.gap).toMatchObject({ kind: 'value' });
    expect(row?.gap.kind === 'value' && row.gap.value).toBeCloseTo(-30, 10);
  });

  it('gives the same intervals without the engine’s gaps (a period the engine could not use)', () => {
    const ind = indicator();
    const series: SeriesPoint[] = [{ period: '2021', target: counts(30, 100), comparison: counts(60, 100) }];
    expect(publishRows(ind, series, [], config, 'da')[0]?.target).toEqual(
      publishRows(ind, series, gapsOf(ind, series), config, 'da')[0]?.target,
    );
  });

  it('hides a share under the share rule, a small group size as "..", and then the gap', () => {
    const ind = indicator();
    const series: SeriesPoint[] = [
      { period: '2021', target: counts(2, 40), comparison: counts(60, 100) },
      { period: '2022', target: counts(1, 3), comparison: counts(60, 100) },
    ];
    const [first, second] = publishRows(ind, series, gapsOf(ind, series), config, 'da');
    expect(first?.target.share).toEqual({ kind: 'suppressed', display: '..' });
    expect(first?.target.size).toEqual({ kind: 'value', value: 40 });
    expect(first?.gap).toEqual({ kind: 'suppressed', display: '..' });
    expect(second?.target.size).toEqual({ kind: 'suppressed', display: '..' });
  });

  it('publishes a count of at least 5 and hides 1–4; a level indicator has no comparison', () => {
    const ind = indicator({ kind: 'level', unit: 'count', gapMeasure: undefined });
    const series: SeriesPoint[] = [
      { period: '2021', target: plainValue(12), comparison: missing('not-available') },
      { period: '2022', target: plainValue(3), comparison: missing('not-available') },
      { period: '2023', target: missing('confidential'), comparison: missing('not-available') },
    ];
    const rows = publishRows(ind, series, [], config, 'en');
    expect(rows.map((r) => r.target.share)).toEqual([
      { kind: 'value', value: 12 },
      { kind: 'suppressed', display: '..' },
      { kind: 'missing' },
    ]);
    expect(rows.every((r) => r.comparison === undefined && r.gap.kind === 'missing')).toBe(true);
  });

  it('finds each period’s gap when the engine lists the periods in another order', () => {
    const ind = indicator();
    const series: SeriesPoint[] = [
      { period: '2021', target: counts(30, 100), comparison: counts(60, 100) },
      { period: '2022', target: counts(40, 100), comparison: counts(60, 100) },
    ];
    const gaps = gapsOf(ind, series);
    expect(publishRows(ind, series, [...gaps].reverse(), config, 'da')).toEqual(
      publishRows(ind, series, gaps, config, 'da'),
    );
  });
});
