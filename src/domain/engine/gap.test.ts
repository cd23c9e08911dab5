// One period's gap: intervals from counts, points from values, and typed values for everything that cannot be used.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeGap,
  confidenceAt,
  counts,
  DEFAULT_MAX_DENOMINATOR,
  missing,
  newcombeDifference,
  plainValue,
  ratioOfProportions,
  wilsonInterval,
  type GapSpec,
  type Observation,
} from './index.ts';

const ctx = { confidence: confidenceAt(), maxDenominator: DEFAULT_MAX_DENOMINATOR };
const shareDifference: GapSpec = { unit: 'share', measure: 'difference' };
const shareRatio: GapSpec = { unit: 'share', measure: 'ratio' };
const weeksRatio: GapSpec = { unit: 'weeks', measure: 'ratio' };
const scoreDifference: GapSpec = { unit: 'score', measure: 'difference' };

describe('computeGap refuses what cannot be right, with a reason', () => {
  const cases: [string, GapSpec, Observation, Observation, string, Record<string, unknown>][] = [
    [
      'a target denominator of 0',
      shareDifference,
      counts(0, 0),
      counts(5, 10),
      'zero-denominator',
      { group: 'target' },
    ],
    [
      'a comparison denominator of 0',
      shareRatio,
      counts(1, 10),
      counts(0, 0),
      'zero-denominator',
      { group: 'comparison' },
    ],
    [
      'a negative numerator',
      shareDifference,
      counts(-1, 10),
      counts(5, 10),
      'negative-count',
      { numerator: -1 },
    ],
    [
      'a negative denominator',
      shareDifference,
      counts(1, 10),
      counts(5, -10),
      'negative-count',
      { group: 'comparison' },
    ],
    [
      'a numerator above the denominator',
      shareDifference,
      counts(11, 10),
      counts(5, 10),
      'numerator-exceeds-denominator',
      {},
    ],
    [
      'a comparison group larger than any population',
      shareDifference,
      counts(1, 10),
      counts(5, 6e7),
      'denominator-too-large',
      { maxDenominator: 1e7 },
    ],
    [
      'a count that is not a number',
      shareDifference,
      counts(Number.NaN, 10),
      counts(5, 10),
      'not-a-number',
      {},
    ],
    ['an infinite value', scoreDifference, plainValue(Infinity), plainValue(1), 'not-a-number', {}],
    [
      'a share value above 1',
      shareDifference,
      plainValue(35),
      plainValue(0.4),
      'share-out-of-range',
      { value: 35 },
    ],
    ['a negative duration', weeksRatio, plainValue(-3), plainValue(10), 'negative-value', {}],
    [
      'counts for a duration',
      weeksRatio,
      counts(3, 10),
      plainValue(10),
      'counts-for-non-share-unit',
      { unit: 'weeks' },
    ],
    [
      'a bad figure next to a missing one',
      shareDifference,
      missing('confidential'),
      counts(3, 0),
      'zero-denominator',
      {},
    ],
  ];
  it.each(cases)('%s', (_name, spec, target, comparison, reason, details) => {
    const gap = computeGap(spec, target, comparison, ctx);
    expect(gap).toMatchObject({ kind: 'invalid', reason, details });
  });

  it('uses the ceiling it is given', () => {
    const tight = { ...ctx, maxDenominator: 60_000 };
    expect(computeGap(shareDifference, counts(10, 100), counts(30_000, 70_000), tight)).toMatchObject({
      kind: 'invalid',
      reason: 'denominator-too-large',
    });
  });
});

describe('computeGap reports what is missing or undefined', () => {
  it.each([
    [shareDifference, missing('confidential'), counts(5, 10), 'target-missing', { source: 'confidential' }],
    [
      shareDifference,
      counts(5, 10),
      missing('not-yet-published'),
      'comparison-missing',
      { source: 'not-yet-published' },
    ],
    [shareRatio, counts(5, 10), counts(0, 10), 'ratio-undefined', { group: 'comparison' }],
    [weeksRatio, plainValue(12), plainValue(0), 'ratio-undefined', {}],
  ] as const)('%#: %s', (spec, target, comparison, reason, details) => {
    expect(computeGap(spec, target, comparison, ctx)).toMatchObject({
      kind: 'not-enough-data',
      reason,
      details,
    });
  });
});

describe('computeGap from counts', () => {
  it('gives the difference of shares in percentage points with Newcombe limits', () => {
    const gap = computeGap(shareDifference, counts(56, 70), counts(48, 80), ctx);
    expect(gap).toMatchObject({ kind: 'estimate', measure: 'difference', scale: 'percentage-points' });
    if (gap.kind !== 'estimate') throw new Error('expected an estimate');
    expect(gap.estimate).toBeCloseTo(20, 10);
    expect(gap.lower).toBeCloseTo(5.24, 2);
    expect(gap.upper).toBeCloseTo(33.39, 2);
    expect(gap.target.estimate).toBeCloseTo(0.8, 12);
    expect(gap.comparison.estimate).toBeCloseTo(0.6, 12);
  });

  it('gives the ratio of shares with MOVER-R Wilson limits', () => {
    const gap = computeGap(shareRatio, counts(7, 34), counts(1, 34), ctx);
    expect(gap).toMatchObject({ kind: 'estimate', measure: 'ratio', scale: 'ratio' });
    if (gap.kind !== 'estimate') throw new Error('expected an estimate');
    expect(gap.estimate).toBeCloseTo(7, 10);
    expect(gap.lower).toBeCloseTo(1.1537, 4);
    expect(gap.upper).toBeCloseTo(41.9763, 4);
  });

  it('accepts fractional counts (full-time persons from Jobindsats)', () => {
    expect(computeGap(shareRatio, counts(412.6, 3100), counts(1800.2, 30000), ctx).kind).toBe('estimate');
  });

  it('widens with a higher confidence level', () => {
    const at = (level: number) =>
      computeGap(shareDifference, counts(30, 60), counts(20, 60), {
        ...ctx,
        confidence: confidenceAt(level),
      });
    const g95 = at(0.95);
    const g99 = at(0.99);
    if (g95.kind !== 'estimate' || g99.kind !== 'estimate') throw new Error('expected estimates');
    expect(g99.lower).toBeLessThan(g95.lower);
    expect(g99.upper).toBeGreaterThan(g95.upper);
  });
});

describe('computeGap from values without counts', () => {
  it.each([
    ['average weeks as a ratio', weeksRatio, plainValue(30), plainValue(20), 1.5, 'ratio'],
    ['a survey score as a difference', scoreDifference, plainValue(3.1), plainValue(3.6), -0.5, 'score'],
    [
      'a share as a proportion',
      shareDifference,
      plainValue(0.42),
      plainValue(0.58),
      -16,
      'percentage-points',
    ],
    [
      'counts on one side, a value on the other',
      shareDifference,
      counts(21, 50),
      plainValue(0.58),
      -16,
      'percentage-points',
    ],
    [
      'weeks as a difference',
      { unit: 'weeks', measure: 'difference' } as GapSpec,
      plainValue(30),
      plainValue(20),
      10,
      'weeks',
    ],
  ] as const)('%s: a point, no interval', (_name, spec, target, comparison, estimate, scale) => {
    const gap = computeGap(spec, target, comparison, ctx);
    expect(gap).toMatchObject({ kind: 'no-spread', scale });
    if (gap.kind !== 'no-spread') throw new Error('expected no-spread');
    expect(gap.estimate).toBeCloseTo(estimate, 10);
    expect(gap).not.toHaveProperty('lower');
  });
});

describe('computeGap from counts', () => {
  const share = fc
    .integer({ min: 1, max: 100_000 })
    .chain((n) => fc.record({ x: fc.integer({ min: 0, max: n }), n: fc.constant(n) }));

  it('gives exactly the Newcombe and MOVER-R intervals and the two Wilson intervals', () => {
    const z = ctx.confidence.z;
    fc.assert(
      fc.property(share, share, (t, c) => {
        const groups = { target: wilsonInterval(t.x, t.n, z), comparison: wilsonInterval(c.x, c.n, z) };
        const d = newcombeDifference(t.x, t.n, c.x, c.n, z);
        expect(computeGap(shareDifference, counts(t.x, t.n), counts(c.x, c.n), ctx)).toEqual({
          kind: 'estimate',
          measure: 'difference',
          scale: 'percentage-points',
          estimate: d.estimate * 100,
          lower: d.lower * 100,
          upper: d.upper * 100,
          ...groups,
        });
        if (c.x > 0)
          expect(computeGap(shareRatio, counts(t.x, t.n), counts(c.x, c.n), ctx)).toEqual({
            kind: 'estimate',
            measure: 'ratio',
            scale: 'ratio',
            ...ratioOfProportions(t.x, t.n, c.x, c.n, z),
            ...groups,
          });
      }),
      { numRuns: 3000 },
    );
  });
});
