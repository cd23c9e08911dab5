// Projecting the gap: when it would close at the pace of its trend since the baseline, or why it would not.
import { describe, expect, it } from 'vitest';
import {
  counts,
  fitLinearTrend,
  fitWeightedTrend,
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

const quarter = (i: number): string => {
  const q = 1 + i; // 2021K2 + i
  return `${2021 + Math.floor(q / 4)}K${(q % 4) + 1}`;
};

/**
 * Quarterly gaps in percentage points from 2021K2, as counts of 100,000 in each group (comparison fixed at 60 %):
 * each gap then has an interval of about ±0.4 points, narrow enough that the trend, not the sampling, decides.
 */
function quarterlyGaps(...gaps: number[]): InputSeries {
  return gaps.map((g, i) => ({
    period: quarter(i),
    target: counts(Math.round((0.6 + g / 100) * 100_000), 100_000),
    comparison: counts(60_000, 100_000),
  }));
}

/** The same gaps as published shares without counts. */
function roundedGaps(...gaps: number[]): InputSeries {
  return gaps.map((g, i) => ({
    period: quarter(i),
    target: plainValue(0.6 + g / 100),
    comparison: plainValue(0.6),
  }));
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
    // A straight line of uncertain gaps is not a certain trend: the range carries each gap's sampling error.
    expect(p.range.earliestAt).toBeLessThan(p.at);
    expect(p.range.latestAt).toBeGreaterThan(p.at);
    expect(p.range.latestAt - p.range.earliestAt).toBeLessThan(0.5);
  });

  it("keeps each gap's own uncertainty: an exactly straight series of small groups has no clear trend", () => {
    // Gaps of −20, −15, −10, −5 points from 8…11 of 20 against 12 of 20: each about ±28 points wide.
    const series: InputSeries = [8, 9, 10, 11].map((x, i) => ({
      period: String(2021 + i),
      target: counts(x, 20),
      comparison: counts(12, 20),
    }));
    const p = projectGap(spec({ baseline: '2021' }), series);
    expect(p).toMatchObject({ kind: 'no-clear-gap' });
    // Further from zero, the same straight line of small groups still gives no clear pace.
    const far: InputSeries = [2, 3, 4, 5].map((x, i) => ({
      period: String(2021 + i),
      target: counts(x, 20),
      comparison: counts(16, 20),
    }));
    expect(projectGap(spec({ baseline: '2021' }), far)).toMatchObject({
      kind: 'not-at-this-pace',
      reason: 'no-clear-trend',
    });
  });

  it('names no year past the horizon: a slope of 0.01 points a year', () => {
    const series = quarterlyGaps(-20, -20.0025, -19.995, -19.9925, -19.99).map((r, i) => ({
      ...r,
      target: counts(Math.round((0.4 + i * 0.000025) * 10_000_000), 10_000_000),
      comparison: counts(6_000_000, 10_000_000),
    }));
    const p = projectGap(spec(), series);
    expect(p.kind).toBe('not-at-this-pace');
    expect(p).toMatchObject({ reason: expect.stringMatching(/beyond-horizon|no-clear-trend/) });
    expect(p).not.toHaveProperty('year');
  });

  it('names no year past the horizon even when the slow pace is certain', () => {
    // Gaps of −20.0, −19.9, −19.8, −19.7 points a year from groups of ten million: closing, at 0.1 points a year.
    const series: InputSeries = [0, 1, 2, 3].map((i) => ({
      period: String(2021 + i),
      target: counts(4_000_000 + i * 10_000, 10_000_000),
      comparison: counts(6_000_000, 10_000_000),
    }));
    expect(projectGap(spec({ baseline: '2021' }), series)).toMatchObject({
      kind: 'not-at-this-pace',
      reason: 'beyond-horizon',
    });
  });

  it('gives no year from figures without counts, as the assessment gives no status', () => {
    expect(projectGap(spec(), roundedGaps(-20, -18, -16, -14))).toMatchObject({ kind: 'no-spread' });
    expect(projectGap(spec(), roundedGaps(-20.4, -20.2, -20.0))).toMatchObject({ kind: 'no-spread' });
  });

  it('calls a gap closed only when its interval lies on the desired side of zero', () => {
    // 3 of 7 against 400 of 1,000: +2.9 points, interval about −24 to +35.
    const small: InputSeries = [1, 2, 3].map((x, i) => ({
      period: String(2021 + i),
      target: counts(x, 7),
      comparison: counts(400, 1000),
    }));
    expect(projectGap(spec({ baseline: '2021' }), small)).toMatchObject({ kind: 'no-clear-gap' });
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
    ['a gap at zero for up', 'up', [-6, -3, 0], 'no-clear-gap', undefined],
    ['a target clearly above for up', 'up', [-2, 1, 3], 'already-closed', undefined],
    ['a target clearly below for down', 'down', [4, 1, -1], 'already-closed', undefined],
    ['parity reached', 'parity', [4, 2, 0], 'no-clear-gap', undefined],
    ['parity passed, still a clear gap', 'parity', [4, 2, 0, -2], 'not-at-this-pace', 'moving-away'],
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
        { period: '2021K4', target: missing('confidential'), comparison: counts(60_000, 100_000) },
      ],
      'too-few-points',
    ],
    ['no baseline in the data', quarterlyGaps(-20, -18, -16).slice(1), 'baseline-missing'],
  ])('not enough data: %s', (_name, series, reason) => {
    expect(projectGap(spec(), series)).toMatchObject({ kind: 'not-enough-data', reason });
  });

  it('survives a target group of 0 in every period, for a difference and for a ratio', () => {
    const zeros: InputSeries = [0, 1, 2, 3, 4].map((i) => ({
      period: quarter(i),
      target: counts(0, 40 + i),
      comparison: counts(30_000, 50_000),
    }));
    const difference = projectGap(spec(), zeros);
    expect(['not-at-this-pace', 'reaches-zero', 'no-clear-gap', 'not-enough-data']).toContain(
      difference.kind,
    );
    expect(JSON.stringify(difference)).not.toMatch(/NaN|Infinity|null/);
    // A ratio of 0 has no logarithm: the projection says so rather than naming a year.
    const ratio = projectGap(spec({ gapMeasure: 'ratio' }), zeros);
    expect(ratio.kind).not.toBe('reaches-zero');
    expect(JSON.stringify(ratio)).not.toMatch(/NaN|Infinity/);
  });

  it('projects over a series with a period missing in the middle, from the periods it has', () => {
    const series = quarterlyGaps(-20, -18, -16, -14, -12);
    const holed: InputSeries = series.map((p, i) =>
      i === 2 ? { ...p, target: missing('confidential') } : p,
    );
    const whole = projectGap(spec(), series);
    const p = projectGap(spec(), holed);
    expect(whole.kind).toBe('reaches-zero');
    // The same straight line without its middle point closes in the same year.
    expect(p).toMatchObject({ kind: 'reaches-zero', year: (whole as { year: number }).year });
  });

  it('counts only periods from the baseline on', () => {
    const series = quarterlyGaps(-30, -20, -18, -16);
    expect(projectGap(spec({ baseline: '2021K3' }), series)).toMatchObject({ trend: { points: 3 } });
    expect(projectGap(spec({ baseline: '2021K4' }), series)).toMatchObject({ reason: 'too-few-points' });
  });

  it('works on the log scale for ratios: from 1.5 falling towards 1', () => {
    // Ratio r_t = 1.5 · e^{−0.1 t} per year (yearly data) of shares of a million, so log r falls by 0.1 a year
    // and reaches 0 when t = ln 1.5 / 0.1 = 4.05 years after the baseline's midpoint.
    const years = [0, 1, 2, 3];
    const series: InputSeries = years.map((t) => ({
      period: String(2021 + t),
      target: counts(Math.round(300_000 * 1.5 * Math.exp(-0.1 * t)), 1_000_000),
      comparison: counts(300_000, 1_000_000),
    }));
    const p = projectGap(spec({ gapMeasure: 'ratio', direction: 'down', baseline: '2021' }), series);
    expect(p.kind).toBe('reaches-zero');
    if (p.kind !== 'reaches-zero') return;
    expect(p.trend.scale).toBe('log-ratio-per-year');
    expect(p.trend.slope.estimate).toBeCloseTo(-0.1, 4);
    expect(p.at).toBeCloseTo(2021.5 + Math.log(1.5) / 0.1, 2);
  });

  it('projects from counts', () => {
    const series: InputSeries = [32, 29, 26, 23].map((t, i) => ({
      period: String(2021 + i),
      target: counts(t * 1000, 100_000),
      comparison: counts(20_000, 100_000),
    }));
    const p = projectGap(spec({ direction: 'down', baseline: '2021' }), series);
    // Gaps 12, 9, 6, 3 points: from 3 at 2024.5, falling 3 a year, zero a year later.
    expect(p).toMatchObject({ kind: 'reaches-zero', year: 2025 });
    if (p.kind === 'reaches-zero') expect(p.at).toBeCloseTo(2025.5, 8);
  });

  it('passes on a typed error from the series', () => {
    const series = [...quarterlyGaps(-20, -18, -16), { ...quarterlyGaps(-20)[0]!, period: '2022' }];
    expect(projectGap(spec(), series)).toMatchObject({ kind: 'invalid', reason: 'mixed-frequency' });
  });
});

describe('fitWeightedTrend', () => {
  it('keeps the points’ own uncertainty when they lie exactly on a line', () => {
    const fit = fitWeightedTrend(
      [0, 1, 2, 3].map((x) => ({ x, y: 2 + 3 * x, lower: 2 + 3 * x - 1.96, upper: 2 + 3 * x + 1.96 })),
      0.95,
    );
    // Each point has variance 1: Var(b) = 1 / Σ(x − x̄)² = 1 / 5.
    expect(fit.slope.estimate).toBeCloseTo(3, 12);
    expect(fit.slope.upper - fit.slope.estimate).toBeCloseTo(1.959964 * Math.sqrt(1 / 5), 4);
    expect(fit.dispersion).toBeCloseTo(0, 12);
  });

  it('widens to the scatter when the points scatter more than their intervals say', () => {
    const ys = [1, 3, 2, 5, 4];
    const fit = fitWeightedTrend(
      ys.map((y, i) => ({ x: i + 1, y, lower: y - 0.0196, upper: y + 0.0196 })),
      0.95,
    );
    // Equal weights: the same slope and interval as ordinary least squares with a t quantile.
    const ols = fitLinearTrend(
      ys.map((y, i) => ({ x: i + 1, y })),
      0.95,
    );
    expect(fit.slope.estimate).toBeCloseTo(ols.slope.estimate, 10);
    expect(fit.slope.lower).toBeCloseTo(ols.slope.lower, 8);
    expect(fit.dispersion).toBeGreaterThan(1);
  });

  it('weighs a precise point more than a vague one', () => {
    const fit = fitWeightedTrend(
      [
        { x: 0, y: 0, lower: -0.1, upper: 0.1 },
        { x: 1, y: 1, lower: 0.9, upper: 1.1 },
        { x: 2, y: 5, lower: -45, upper: 55 },
      ],
      0.95,
    );
    expect(fit.slope.estimate).toBeCloseTo(1, 2);
  });
});
