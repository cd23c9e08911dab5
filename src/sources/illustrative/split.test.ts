// Integer splits: parts always add up to the whole and stay within their bounds, whatever the input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rngFor } from './prng.ts';
import { apportion, splitSuccesses } from './split.ts';

describe('apportion', () => {
  it('splits by largest remainder, ties to the earlier part', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0.5, 0.5])).toEqual([4, 3]);
    expect(apportion(5, [0, 0])).toEqual([5, 0]);
    expect(apportion(5, [])).toEqual([]);
  });

  it('always sums to n with each part within one of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (n, weights) => {
          const parts = apportion(n, weights);
          const total = weights.reduce((a, b) => a + b, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(n);
          parts.forEach((p, i) => expect(Math.abs(p - (n * (weights[i] as number)) / total)).toBeLessThan(1));
        },
      ),
    );
  });
});

describe('splitSuccesses', () => {
  it('sums to k with every part within 0 and its size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.string(),
        (sizes, p, multipliers, seed) => {
          const n = sizes.reduce((a, b) => a + b, 0);
          const k = Math.round(n * p);
          const parts = splitSuccesses(k, sizes, multipliers, rngFor(seed));
          expect(parts.reduce((a, b) => a + b, 0)).toBe(k);
          parts.forEach((x, i) => {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(sizes[i] as number);
          });
        },
      ),
    );
  });

  it('follows the multipliers on average', () => {
    const parts = splitSuccesses(3000, [5000, 5000], [1.5, 0.5], rngFor('avg'));
    expect(parts[0]).toBeGreaterThan(2100);
    expect(parts[1]).toBeLessThan(900);
  });
});
