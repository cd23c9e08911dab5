// The same assessment for each breakdown value, each on its own series.
import { describe, expect, it } from 'vitest';
import { assessBreakdown, counts, type IndicatorSpec } from './index.ts';

const indicator: IndicatorSpec = {
  kind: 'gap',
  unit: 'share',
  gapMeasure: 'ratio',
  direction: 'down',
  baseline: '2021K2',
};

const series = (n: number, base: number, now: number) => [
  { period: '2021K2', target: counts(base * n, 100 * n), comparison: counts(20 * n, 100 * n) },
  { period: '2021K3', target: counts(now * n, 100 * n), comparison: counts(20 * n, 100 * n) },
];

describe('assessBreakdown', () => {
  it('assesses each value in the order given', () => {
    const result = assessBreakdown(indicator, {
      women: series(60, 30, 24),
      men: series(1, 30, 24),
      descendants: [{ period: '2021', target: counts(1, 10), comparison: counts(1, 10) }],
    });
    expect(result.map((r) => [r.value, r.assessment.status])).toEqual([
      ['women', 'closing'],
      ['men', 'no-clear-change'],
      ['descendants', 'invalid'],
    ]);
    expect(result[2]?.assessment).toMatchObject({ reason: 'baseline-frequency-mismatch' });
  });

  it('gives nothing for no values', () => {
    expect(assessBreakdown(indicator, {})).toEqual([]);
  });
});
