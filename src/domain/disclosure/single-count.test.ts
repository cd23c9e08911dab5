// A count on its own is protected exactly as the general table protection protects a one-cell list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protectCount, protectList } from './index.ts';

describe('protectCount', () => {
  it('gives the one-cell list’s cell for every count and threshold', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 10_000_000 })),
        fc.integer({ min: 3, max: 30 }),
        (count, minCount) => {
          const config = { minCount };
          expect(protectCount(count, config)).toEqual(
            protectList([count], config, { total: false }).items[0],
          );
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('hides 1–4 and publishes 0 and 5 at the default threshold', () => {
    expect(protectCount(0)).toEqual({ kind: 'count', value: 0 });
    expect(protectCount(4)).toEqual({ kind: 'suppressed', reason: 'primary', threshold: 5 });
    expect(protectCount(5)).toEqual({ kind: 'count', value: 5 });
  });

  it('refuses what is not a count as the table does', () => {
    for (const bad of [-1, 2.5, Number.NaN])
      expect(() => protectCount(bad)).toThrow(/invalid table: cell \[0\]\[0\]/);
  });
});
