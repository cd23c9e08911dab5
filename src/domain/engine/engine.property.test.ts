// Properties over random valid counts: intervals bracket their estimates and stay in range, and a status of
// closing or widening is never given on a change whose interval includes "no change".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessIndicator,
  confidenceAt,
  counts,
  newcombeDifference,
  ratioOfProportions,
  wilsonInterval,
  type IndicatorSpec,
} from './index.ts';

/** A count and its group size, sizes from 1 to 10,000, counts anywhere from 0 to the size. */
const share = fc
  .integer({ min: 1, max: 10_000 })
  .chain((n) => fc.record({ x: fc.integer({ min: 0, max: n }), n: fc.constant(n) }));
const level = fc.constantFrom(0.8, 0.9, 0.95, 0.99);

describe('interval properties', () => {
  it('Wilson brackets the share within [0, 1]', () => {
    fc.assert(
      fc.property(share, level, ({ x, n }, l) => {
        const w = wilsonInterval(x, n, confidenceAt(l).z);
        return 0 <= w.lower && w.lower <= w.estimate && w.estimate <= w.upper && w.upper <= 1;
      }),
      { numRuns: 2000 },
    );
  });

  it('Newcombe brackets the difference within [−1, 1]', () => {
    fc.assert(
      fc.property(share, share, level, (a, b, l) => {
        const d = newcombeDifference(a.x, a.n, b.x, b.n, confidenceAt(l).z);
        expect(d.estimate).toBeCloseTo(a.x / a.n - b.x / b.n, 12);
        return -1 <= d.lower && d.lower <= d.estimate && d.estimate <= d.upper && d.upper <= 1;
      }),
      { numRuns: 5000 },
    );
  });

  it('MOVER-R brackets the ratio and stays non-negative', () => {
    fc.assert(
      fc.property(share, share, level, (a, b, l) => {
        fc.pre(b.x > 0);
        const r = ratioOfProportions(a.x, a.n, b.x, b.n, confidenceAt(l).z);
        const slack = 1e-12 * r.estimate;
        return 0 <= r.lower && r.lower <= r.estimate + slack && r.estimate <= r.upper + slack;
      }),
      { numRuns: 5000 },
    );
  });
});

describe('status properties', () => {
  const indicator = fc.record({
    kind: fc.constant('gap' as const),
    unit: fc.constant('share' as const),
    gapMeasure: fc.constantFrom('difference' as const, 'ratio' as const),
    direction: fc.constantFrom('up' as const, 'down' as const, 'parity' as const),
    baseline: fc.constant('2021'),
  });

  it('is closing or widening only when the change interval excludes no change', () => {
    fc.assert(
      fc.property(indicator, share, share, share, share, level, (spec: IndicatorSpec, t0, c0, t1, c1, l) => {
        const a = assessIndicator(
          spec,
          [
            { period: '2021', target: counts(t0.x, t0.n), comparison: counts(c0.x, c0.n) },
            { period: '2022', target: counts(t1.x, t1.n), comparison: counts(c1.x, c1.n) },
          ],
          { level: l },
        );
        // Ratios with a zero share cannot be assessed; nothing else may stop two valid periods.
        if (a.status === 'not-enough-data')
          return (
            spec.gapMeasure === 'ratio' &&
            ['ratio-zero', 'baseline-missing', 'no-period-after-baseline'].includes(a.reason)
          );
        if (a.status !== 'closing' && a.status !== 'widening' && a.status !== 'no-clear-change') return false;
        const noChange = spec.gapMeasure === 'ratio' ? 1 : 0;
        const includesNoChange = a.change.lower <= noChange && noChange <= a.change.upper;
        const additiveIncludesZero = a.change.additive.lower <= 0 && 0 <= a.change.additive.upper;
        if (includesNoChange || additiveIncludesZero) return a.status === 'no-clear-change';
        return a.change.lower <= a.change.estimate && a.change.estimate <= a.change.upper;
      }),
      { numRuns: 5000 },
    );
  });
});
