// Student's t quantiles against tabulated values and closed forms, and the functions beneath them.
import { describe, expect, it } from 'vitest';
import { logGamma, regularizedIncompleteBeta } from './incomplete-beta.ts';
import { tQuantile, tUpperTail } from './index.ts';

describe('tQuantile against the t table (two-sided 95 %, p = 0.975)', () => {
  it.each([
    [1, 12.706205],
    [2, 4.302653],
    [3, 3.182446],
    [5, 2.570582],
    [10, 2.228139],
    [30, 2.042272],
    [120, 1.97993],
  ])('df %i → %f', (df, t) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(t, 5);
  });

  it.each([
    [0.995, 1, 63.656741],
    [0.995, 10, 3.169273],
    [0.95, 4, 2.131847],
    [0.9, 20, 1.325341],
  ])('p %f, df %i → %f', (p, df, t) => {
    expect(tQuantile(p, df)).toBeCloseTo(t, 5);
  });

  it('agrees with the closed forms for 1 and 2 degrees of freedom', () => {
    for (const p of [0.6, 0.75, 0.9, 0.975, 0.999]) {
      expect(tQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      expect(tQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 8);
    }
  });

  it('is antisymmetric and tends to the normal for many degrees of freedom', () => {
    expect(tQuantile(0.025, 7)).toBeCloseTo(-tQuantile(0.975, 7), 10);
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 5);
  });

  it('inverts the upper tail', () => {
    for (const df of [1, 3, 8, 25]) expect(tUpperTail(tQuantile(0.9, df), df)).toBeCloseTo(0.1, 10);
  });

  it.each([
    [0, 5],
    [1, 5],
    [0.5, 0],
    [0.5, -1],
  ])('refuses p %f, df %f', (p, df) => {
    expect(() => tQuantile(p, df)).toThrow(/invalid/);
  });
});

describe('logGamma and the incomplete beta function', () => {
  it.each([
    [1, 0],
    [2, 0],
    [5, Math.log(24)],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [10.5, 13.940625219403763],
    [0.1, 2.252712651734206],
  ])('ln Γ(%f) = %f', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 10);
  });

  it.each([
    [0.3, 1, 1, 0.3],
    [0.3, 2, 1, 0.09],
    [0.3, 1, 2, 1 - 0.49],
    [0, 2, 3, 0],
    [1, 2, 3, 1],
    [0.5, 4, 4, 0.5],
    // I_x(a, 1/2) for the t distribution with 1 df: P(T > 1) = 1/4.
    [0.5, 0.5, 0.5, 0.5],
  ])('I_%f(%f, %f) = %f', (x, a, b, expected) => {
    expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(expected, 12);
  });
});
