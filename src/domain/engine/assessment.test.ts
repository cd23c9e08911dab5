// Assessing an indicator: the status in every direction for small and large groups, and every way it can fail.
import { describe, expect, it } from 'vitest';
import {
  assessIndicator,
  counts,
  missing,
  plainValue,
  type Assessment,
  type Direction,
  type IndicatorSpec,
  type IndicatorStatus,
  type InputSeries,
} from './index.ts';

const spec = (over: Partial<IndicatorSpec> = {}): IndicatorSpec => ({
  kind: 'gap',
  unit: 'share',
  gapMeasure: 'difference',
  direction: 'up',
  baseline: '2021',
  ...over,
});

/** A yearly series from 2021 with both groups of size n and the given shares (in per cent) per year. */
function shares(n: number, ...years: [target: number, comparison: number][]): InputSeries {
  return years.map(([t, c], i) => ({
    period: String(2021 + i),
    target: counts(Math.round((t / 100) * n), n),
    comparison: counts(Math.round((c / 100) * n), n),
  }));
}

function assessed(a: Assessment) {
  if (a.status === 'not-enough-data' || a.status === 'invalid') throw new Error(`not assessed: ${a.reason}`);
  return a;
}

describe('the same change is clear in a large group and unclear in a small one', () => {
  // The gap goes from −20 to −15 percentage points: 5 points closer, with 60 or 6,000 people in each group.
  it.each([
    [60, 'no-clear-change'],
    [600, 'no-clear-change'],
    [6000, 'closing'],
  ] as const)('n = %i → %s', (n, status) => {
    const a = assessed(assessIndicator(spec(), shares(n, [40, 60], [45, 60])));
    expect(a.status).toBe(status);
    expect(a.change.estimate).toBeCloseTo(5, 10);
    expect(a.change.scale).toBe('percentage-points');
  });
});

describe('status in every direction for small (n = 60) and large (n = 6,000) groups', () => {
  const cases: [Direction, [number, number], [number, number], IndicatorStatus, IndicatorStatus][] = [
    // direction, baseline shares (target, comparison), current shares, status at n = 60, at n = 6,000
    ['up', [40, 60], [45, 60], 'no-clear-change', 'closing'],
    ['up', [40, 60], [35, 60], 'no-clear-change', 'widening'],
    ['up', [40, 60], [40, 60], 'no-clear-change', 'no-clear-change'],
    ['up', [40, 60], [50, 60], 'no-clear-change', 'closing'],
    ['down', [60, 40], [55, 40], 'no-clear-change', 'closing'],
    ['down', [60, 40], [65, 40], 'no-clear-change', 'widening'],
    ['down', [60, 40], [60, 40], 'no-clear-change', 'no-clear-change'],
    ['down', [40, 60], [45, 60], 'no-clear-change', 'widening'],
    ['parity', [60, 50], [55, 50], 'no-clear-change', 'closing'],
    ['parity', [40, 50], [45, 50], 'no-clear-change', 'closing'],
    ['parity', [60, 50], [65, 50], 'no-clear-change', 'widening'],
    ['parity', [40, 50], [35, 50], 'no-clear-change', 'widening'],
    ['parity', [55, 50], [35, 50], 'no-clear-change', 'widening'],
    ['parity', [60, 50], [47, 50], 'no-clear-change', 'closing'],
    ['parity', [50, 50], [50, 50], 'no-clear-change', 'no-clear-change'],
    ['up', [20, 60], [60, 60], 'closing', 'closing'],
    ['down', [20, 60], [60, 60], 'widening', 'widening'],
  ];
  it.each(cases)('%s: %j → %j', (direction, base, now, small, large) => {
    expect(assessIndicator(spec({ direction }), shares(60, base, now)).status).toBe(small);
    expect(assessIndicator(spec({ direction }), shares(6000, base, now)).status).toBe(large);
  });
});

describe('ratio indicators', () => {
  const ratio = (direction: Direction) => spec({ gapMeasure: 'ratio', direction });
  it.each<[Direction, [number, number], [number, number], number, IndicatorStatus]>([
    // On public support the target share should fall relative to the others: 30 % vs 20 % → 24 % vs 20 %.
    ['down', [30, 20], [24, 20], 6000, 'closing'],
    ['down', [30, 20], [24, 20], 100, 'no-clear-change'],
    ['down', [30, 20], [36, 20], 6000, 'widening'],
    ['up', [10, 20], [15, 20], 6000, 'closing'],
    ['up', [10, 20], [8, 20], 6000, 'widening'],
    ['parity', [30, 20], [22, 20], 6000, 'closing'],
    ['parity', [20, 20], [30, 20], 6000, 'widening'],
  ])('%s: %j → %j at n = %i → %s', (direction, base, now, n, status) => {
    const a = assessed(assessIndicator(ratio(direction), shares(n, base, now)));
    expect(a.status).toBe(status);
    expect(a.change.scale).toBe('ratio-of-ratios');
    const expected = now[0] / now[1] / (base[0] / base[1]);
    expect(a.change.estimate).toBeCloseTo(expected, 10);
    if (a.status !== 'no-spread') {
      // The interval for the ratio of ratios includes 1 exactly when the status is no clear change.
      const includesOne = a.change.lower <= 1 && 1 <= a.change.upper;
      expect(includesOne).toBe(status === 'no-clear-change');
    }
  });
});

describe('what the assessment reports', () => {
  it("names the baseline and current periods, the level, and keeps every period's gap", () => {
    const series = [
      { period: '2020', target: counts(400, 1000), comparison: counts(600, 1000) },
      ...shares(1000, [40, 60], [42, 60], [44, 60]),
      { period: '2024', target: missing('not-yet-published'), comparison: counts(600, 1000) },
    ];
    const a = assessed(assessIndicator(spec(), series, { level: 0.9 }));
    expect(a.level).toBe(0.9);
    expect(a.baseline.period).toBe('2021');
    expect(a.current.period).toBe('2023');
    expect(a.gaps.map((g) => [g.period, g.gap.kind])).toEqual([
      ['2020', 'estimate'],
      ['2021', 'estimate'],
      ['2022', 'estimate'],
      ['2023', 'estimate'],
      ['2024', 'not-enough-data'],
    ]);
  });

  it('decides more cautiously at a higher confidence level', () => {
    const series = shares(2000, [40, 60], [43.5, 60]);
    expect(assessIndicator(spec(), series, { level: 0.8 }).status).toBe('closing');
    expect(assessIndicator(spec(), series, { level: 0.999 }).status).toBe('no-clear-change');
  });
});

describe('values without counts', () => {
  const weeks = spec({ unit: 'weeks', gapMeasure: 'ratio', direction: 'down', baseline: '2021K2' });
  const series: InputSeries = [
    { period: '2021K2', target: plainValue(30), comparison: plainValue(20) },
    { period: '2021K3', target: plainValue(27), comparison: plainValue(20) },
  ];

  it('reports the change and the way it went, but no closing or widening', () => {
    const a = assessIndicator(weeks, series);
    expect(a).toMatchObject({ status: 'no-spread', observed: 'closing', note: 'no-interval-without-counts' });
    if (a.status !== 'no-spread') throw new Error('expected no-spread');
    expect(a.change.estimate).toBeCloseTo(1.35 / 1.5, 10);
    expect(a.change).not.toHaveProperty('lower');
  });

  it.each<[Direction, number, string]>([
    ['down', 33, 'widening'],
    ['up', 33, 'closing'],
    ['down', 30, 'unchanged'],
  ])('%s with the target at %f weeks is observed as %s', (direction, now, observed) => {
    const s: InputSeries = [
      series[0]!,
      { period: '2021K3', target: plainValue(now), comparison: plainValue(20) },
    ];
    expect(assessIndicator({ ...weeks, direction }, s)).toMatchObject({ status: 'no-spread', observed });
  });

  it('is no-spread when only one of the two periods has counts', () => {
    const s: InputSeries = [
      { period: '2021', target: counts(400, 1000), comparison: counts(600, 1000) },
      { period: '2022', target: plainValue(0.45), comparison: plainValue(0.6) },
    ];
    expect(assessIndicator(spec(), s)).toMatchObject({ status: 'no-spread', observed: 'closing' });
  });
});

describe('what cannot be assessed', () => {
  const base = shares(1000, [40, 60], [45, 60]);
  const cases: [string, IndicatorSpec, InputSeries, IndicatorStatus, string, Record<string, unknown>][] = [
    [
      'no baseline declared',
      spec({ baseline: undefined }),
      base,
      'not-enough-data',
      'baseline-not-declared',
      {},
    ],
    [
      'the baseline period is not in the series',
      spec({ baseline: '2019' }),
      base,
      'not-enough-data',
      'baseline-missing',
      { baseline: '2019' },
    ],
    [
      'the baseline is after the data',
      spec({ baseline: '2025' }),
      base,
      'not-enough-data',
      'baseline-missing',
      {},
    ],
    [
      'the baseline period has no figure, even with other periods around it',
      spec(),
      [
        { period: '2021', target: missing('confidential'), comparison: counts(600, 1000) },
        ...shares(1000, [40, 60], [45, 60]).map((p, i) => ({ ...p, period: String(2022 + i) })),
      ],
      'not-enough-data',
      'baseline-missing',
      { baseline: '2021', cause: 'target-missing' },
    ],
    ['only one period', spec(), shares(1000, [40, 60]), 'not-enough-data', 'no-period-after-baseline', {}],
    ['an empty series', spec(), [], 'not-enough-data', 'baseline-missing', {}],
    [
      'nothing after the baseline but missing figures',
      spec(),
      [
        ...shares(1000, [40, 60]),
        { period: '2022', target: missing('not-available'), comparison: missing('not-available') },
      ],
      'not-enough-data',
      'no-period-after-baseline',
      {},
    ],
    [
      'a level indicator',
      spec({ kind: 'level', gapMeasure: undefined }),
      base,
      'not-enough-data',
      'not-a-gap-indicator',
      { kind: 'level' },
    ],
    [
      'a zero comparison share in a ratio',
      spec({ gapMeasure: 'ratio' }),
      shares(1000, [40, 0], [45, 60]),
      'not-enough-data',
      'baseline-missing',
      { cause: 'ratio-undefined' },
    ],
    [
      'a zero target share in a ratio',
      spec({ gapMeasure: 'ratio' }),
      shares(1000, [40, 60], [0, 60]),
      'not-enough-data',
      'ratio-zero',
      { which: 'current' },
    ],
    [
      'a gap indicator without a gap measure',
      spec({ gapMeasure: undefined }),
      base,
      'invalid',
      'gap-measure-missing',
      {},
    ],
    [
      'a denominator of 0 at the baseline',
      spec(),
      [
        { period: '2021', target: counts(0, 0), comparison: counts(600, 1000) },
        { period: '2022', target: counts(450, 1000), comparison: counts(600, 1000) },
      ],
      'invalid',
      'zero-denominator',
      { period: '2021', group: 'target' },
    ],
    [
      'a negative count after the baseline',
      spec(),
      [...base, { period: '2023', target: counts(-4, 1000), comparison: counts(600, 1000) }],
      'invalid',
      'negative-count',
      { period: '2023', numerator: -4 },
    ],
    [
      'a numerator larger than its denominator',
      spec(),
      [...base, { period: '2023', target: counts(40, 1000), comparison: counts(1200, 1000) }],
      'invalid',
      'numerator-exceeds-denominator',
      { period: '2023', group: 'comparison' },
    ],
    [
      'years and quarters mixed',
      spec(),
      [...base, { ...base[0]!, period: '2022K1' }],
      'invalid',
      'mixed-frequency',
      { first: '2021', other: '2022K1' },
    ],
    [
      'a quarterly baseline for a yearly series',
      spec({ baseline: '2021K2' }),
      base,
      'invalid',
      'baseline-frequency-mismatch',
      { baseline: '2021K2', frequency: 'year' },
    ],
    [
      'a baseline that is not a period',
      spec({ baseline: '21' }),
      base,
      'invalid',
      'invalid-period',
      { period: '21' },
    ],
  ];
  it.each(cases)('%s', (_name, indicator, series, status, reason, details) => {
    expect(assessIndicator(indicator, series)).toMatchObject({ status, reason, details });
  });

  it('ignores a bad figure before the baseline but still shows it', () => {
    const series = [{ period: '2020', target: counts(5, 0), comparison: counts(600, 1000) }, ...base];
    const a = assessIndicator(spec(), series);
    expect(a.status).toBe('no-clear-change');
    expect(a.gaps[0]).toMatchObject({ period: '2020', gap: { kind: 'invalid', reason: 'zero-denominator' } });
  });

  it('refuses a confidence level outside (0, 1) as a programming error', () => {
    expect(() => assessIndicator(spec(), base, { level: 95 })).toThrow(/invalid confidence level/);
  });
});
