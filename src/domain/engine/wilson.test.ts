// Wilson score intervals against Newcombe's published examples (Stat Med 1998;17:857–872, method 3).
import { describe, expect, it } from 'vitest';
import { confidenceAt, wilsonInterval } from './index.ts';

const z = confidenceAt(0.95).z;

describe('wilsonInterval', () => {
  it.each([
    // Newcombe (1998a), Table II, the four worked examples, 95 % limits to 4 decimals.
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    // Fagerland, Lydersen & Laake (2017), ch. 2, Ligarden (2010): 13 of 16.
    [13, 16, 0.5699, 0.9341],
  ])('%i/%i → %f to %f', (x, n, lower, upper) => {
    const w = wilsonInterval(x, n, z);
    expect(w.estimate).toBeCloseTo(x / n, 12);
    expect(w.lower).toBeCloseTo(lower, 4);
    expect(w.upper).toBeCloseTo(upper, 4);
  });

  it.each([
    [0, 1],
    [1, 1],
    [0, 6000],
    [6000, 6000],
    [3, 7],
  ])('stays within [0, 1] and brackets the estimate at %i/%i', (x, n) => {
    const w = wilsonInterval(x, n, z);
    expect(w.lower).toBeGreaterThanOrEqual(0);
    expect(w.upper).toBeLessThanOrEqual(1);
    expect(w.lower).toBeLessThanOrEqual(w.estimate);
    expect(w.upper).toBeGreaterThanOrEqual(w.estimate);
  });

  it('is exactly 0 or 1 at the edges and narrows with the group size', () => {
    expect(wilsonInterval(0, 50, z).lower).toBe(0);
    expect(wilsonInterval(50, 50, z).upper).toBe(1);
    const small = wilsonInterval(30, 60, z);
    const large = wilsonInterval(3000, 6000, z);
    expect(large.upper - large.lower).toBeLessThan((small.upper - small.lower) / 5);
  });
});
