// Projecting the gap: when it would close at the pace of its trend since the baseline, or why it would not.
import { describe, expect, it } from 'vitest';
import {
  counts,
  fitLinearTrend,
  missing,
  plainValue,
  projectGap,
  type Direction,
  type IndicatorSpec,
  type InputSeries,
} from './index.ts';

const spec = (over: Partial<IndicatorSpec> = {}): IndicatorSpec => ({
  kind: 'gap',
  unit: 'share',
  gapMeasure: 'difference',
  direction: 'up',
  baseline: '2021K2',
  ...over,
});

/** Quarterly gaps in percentage points from 2021K2, given as shares without counts (comparison fixed at 60 %). */
function quarterlyGaps(...gaps: number[]): InputSeries {
  return gaps.map((g, i) => {
    const q = 1 + i; // 2021K2 + i
    const year = 2021 + Math.floor(q / 4);
    return {
      period: `${year}K${(q % 4) + 1}`,
      target: plainValue(0.6 + g / 100),
      comparison: plainValue(0.6),
    };
  });
}

describe('fitLinearTrend', () => {
  it('recovers an exact line with a zero-width slope interval', () => {
    const fit = fitLinearTrend(
      [0, 1, 2, 3].map((x) => ({ x, y: 2 + 3 * x })),
      0.95,
    );
    expect(fit.intercept).toBeCloseTo(2, 12);
    expect(fit.slope).toEqual({ estimate: 3, lower: 3, upper: 3 });
  });

  it('puts a t interval on the slope (n − 2 df)', () => {
    // x = 1..5, y = 1, 3, 2, 5, 4: b = 0.8, SSE = 3.6, Sxx = 10, SE = √(3.6 / 3 / 10), t(0.975, 3) = 3.182446.
    const fit = fitLinearTrend(
      [1, 3, 2, 5, 4].map((y, i) => ({ x: i + 1, y })),
      0.95,
    );
    const half = 3.182446 * Math.sqrt(3.6 / 3 / 10);
    expect(fit.slope.estimate).toBeCloseTo(0.8, 12);
    expect(fit.slope.lower).toBeCloseTo(0.8 - half, 5);
    expect(fit.slope.upper).toBeCloseTo(0.8 + half, 5);
  });

  it('needs three points', () => {
    expect(() =>
      fitLinearTrend(
        [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
        0.95,
      ),
    ).toThrow(/at least 3/);
  });
});

describe('projectGap', () => {
  it('an exact closing trend: 2 points a quarter from −20 reaches 0 at the pace of 8 a year', () => {
    const p = projectGap(spec(), quarterlyGaps(-20, -18, -16, -14, -12));
    expect(p.kind).toBe('reaches-zero');
    if (p.kind !== 'reaches-zero') return;
    // From −12 at 2022K2 (2022.375) at 8 points a year: 1.5 years later.
    expect(p.at).toBeCloseTo(2023.875, 8);
    expect(p.year).toBe(2023);
    expect(p.trend.slope.estimate).toBeCloseTo(8, 8);
    expect(p.trend.scale).toBe('per-year');
    expect(p.from.period).toBe('2022K2');
    expect(p.range.earliestAt).toBeCloseTo(p.at, 8);
    expect(p.range.latestAt).toBeCloseTo(p.at, 8);
  });

  it('a noisy closing trend gives a range of years around the projection', () => {
    const p = projectGap(spec(), quarterlyGaps(-20, -17.5, -16.5, -13.5, -12, -10.5));
    expect(p.kind).toBe('reaches-zero');
    if (p.kind !== 'reaches-zero') return;
    expect(p.range.earliestAt).toBeLessThan(p.at);
    expect(p.range.latestAt).toBeGreaterThan(p.at);
    expect(p.range.earliestYear).toBeLessThanOrEqual(p.year);
    expect(p.range.latestYear).toBeGreaterThanOrEqual(p.year);
    expect(p.trend.points).toBe(6);
  });

  it.each<[string, Direction, number[], string, string | undefined]>([
    ['a widening trend', 'up', [-10, -12, -14, -16.5], 'not-at-this-pace', 'moving-away'],
    ['a flat series', 'up', [-10, -10.5, -9.5, -10, -10.2, -9.8], 'not-at-this-pace', 'no-clear-trend'],
    ['a trend too noisy to tell', 'up', [-20, -10, -22, -8], 'not-at-this-pace', 'no-clear-trend'],
    ['a gap already closed for up', 'up', [-6, -3, 0], 'already-closed', undefined],
    ['a target already above for up', 'up', [-2, 1, 3], 'already-closed', undefined],
    ['a target already below for down', 'down', [4, 1, -1], 'already-closed', undefined],
    ['parity reached exactly', 'parity', [4, 2, 0], 'already-closed', undefined],
    ['a closing trend for down', 'down', [20, 18, 16, 14], 'reaches-zero', undefined],
    ['parity from below', 'parity', [-20, -18, -16, -14], 'reaches-zero', undefined],
    ['parity from above moving away', 'parity', [10, 12, 14, 16], 'not-at-this-pace', 'moving-away'],
  ])('%s', (_name, direction, gaps, kind, reason) => {
    const p = projectGap(spec({ direction }), quarterlyGaps(...gaps));
    expect(p.kind).toBe(kind);
    if (reason !== undefined) expect(p).toMatchObject({ reason });
  });

  it.each<[string, InputSeries, string]>([
    ['two periods', quarterlyGaps(-20, -18), 'too-few-points'],
    ['one period', quarterlyGaps(-20), 'too-few-points'],
    [
      'three periods of which one is missing',
      [
        ...quarterlyGaps(-20, -18),
        { period: '2021K4', target: missing('confidential'), comparison: plainValue(0.6) },
      ],
      'too-few-points',
    ],
    ['no baseline in the data', quarterlyGaps(-20, -18, -16).slice(1), 'baseline-missing'],
  ])('not enough data: %s', (_name, series, reason) => {
    expect(projectGap(spec(), series)).toMatchObject({ kind: 'not-enough-data', reason });
  });

  it('counts only periods from the baseline on', () => {
    const series = quarterlyGaps(-30, -20, -18, -16);
    expect(projectGap(spec({ baseline: '2021K3' }), series)).toMatchObject({ trend: { points: 3 } });
    expect(projectGap(spec({ baseline: '2021K4' }), series)).toMatchObject({ reason: 'too-few-points' });
  });

  it('works on the log scale for ratios: from 1.5 falling towards 1', () => {
    // Ratio r_t = 1.5 · e^{−0.1 t} per year (yearly data), so log r falls by 0.1 a year and reaches 0 when
    // t = ln 1.5 / 0.1 = 4.05 years after the baseline's midpoint.
    const years = [0, 1, 2, 3];
    const series: InputSeries = years.map((t) => ({
      period: String(2021 + t),
      target: plainValue(20 * 1.5 * Math.exp(-0.1 * t)),
      comparison: plainValue(20),
    }));
    const p = projectGap(
      spec({ unit: 'weeks', gapMeasure: 'ratio', direction: 'down', baseline: '2021' }),
      series,
    );
    expect(p.kind).toBe('reaches-zero');
    if (p.kind !== 'reaches-zero') return;
    expect(p.trend.scale).toBe('log-ratio-per-year');
    expect(p.trend.slope.estimate).toBeCloseTo(-0.1, 10);
    expect(p.at).toBeCloseTo(2021.5 + Math.log(1.5) / 0.1, 8);
  });

  it('projects from counts too', () => {
    const series: InputSeries = [30, 27, 24, 21].map((t, i) => ({
      period: String(2021 + i),
      target: counts(t * 100, 10_000),
      comparison: counts(2000, 10_000),
    }));
    const p = projectGap(spec({ direction: 'down', baseline: '2021' }), series);
    // Gaps 10, 7, 4, 1 points: from 1 at 2024.5, falling 3 a year, zero a third of a year later.
    expect(p).toMatchObject({ kind: 'reaches-zero', year: 2024 });
    if (p.kind === 'reaches-zero') expect(p.at).toBeCloseTo(2024.5 + 1 / 3, 8);
  });

  it('passes on a typed error from the series', () => {
    const series = [...quarterlyGaps(-20, -18, -16), { ...quarterlyGaps(-20)[0]!, period: '2022' }];
    expect(projectGap(spec(), series)).toMatchObject({ kind: 'invalid', reason: 'mixed-frequency' });
  });
});
