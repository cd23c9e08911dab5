// The Poisson score interval and the conditional comparison of two counts, against values computed by hand.
import { describe, expect, it } from 'vitest';
import { comparePoissonCounts, confidenceAt, poissonInterval, wilsonInterval } from './index.ts';

const z = confidenceAt(0.95).z;

describe('poissonInterval', () => {
  it.each([
    // x + z²/2 ± z·√(x + z²/4) with z = 1.959964
    [100, 82.2272, 121.6143],
    [10, 5.432, 18.4095],
    [1, 0.1765, 5.6649],
  ])('puts %i between %f and %f', (x, lower, upper) => {
    const e = poissonInterval(x, z);
    expect(e.estimate).toBe(x);
    expect(e.lower).toBeCloseTo(lower, 3);
    expect(e.upper).toBeCloseTo(upper, 3);
  });

  it('starts at exactly 0 for a count of 0', () => {
    const e = poissonInterval(0, z);
    expect(e.lower).toBe(0);
    expect(e.upper).toBeCloseTo(z * z, 10);
  });
});

describe('comparePoissonCounts', () => {
  it('gives the ratio from the Wilson interval of the current count among both', () => {
    const c = comparePoissonCounts(100, 150, z);
    const w = wilsonInterval(150, 250, z);
    expect(c.share).toEqual(w);
    expect(c.ratio?.estimate).toBeCloseTo(1.5, 12);
    expect(c.ratio?.lower).toBeCloseTo(w.lower / (1 - w.lower), 12);
    expect(c.ratio?.upper).toBeCloseTo(w.upper / (1 - w.upper), 12);
    // Close to the exact conditional interval for 150 against 100 (about 1.16 to 1.94).
    expect(c.ratio?.lower).toBeCloseTo(1.165, 2);
    expect(c.ratio?.upper).toBeCloseTo(1.931, 2);
  });

  it('has no ratio when the first count is 0, and tells nothing when both are', () => {
    expect(comparePoissonCounts(0, 12, z).ratio).toBeUndefined();
    expect(comparePoissonCounts(0, 12, z).share.lower).toBeGreaterThan(0.5);
    expect(comparePoissonCounts(0, 0, z).share).toEqual({ estimate: 0.5, lower: 0, upper: 1 });
  });

  it('gives a lower limit of 0 when the second count is 0', () => {
    const c = comparePoissonCounts(20, 0, z);
    expect(c.ratio?.estimate).toBe(0);
    expect(c.ratio?.lower).toBe(0);
    expect(c.share.upper).toBeLessThan(0.5);
  });
});
