// The MOVER-R Wilson interval for a ratio of proportions against a published example and its own equations.
import { describe, expect, it } from 'vitest';
import { confidenceAt, moverRatio, ratioOfProportions, wilsonInterval } from './index.ts';

const z = confidenceAt(0.95).z;

describe('ratioOfProportions', () => {
  it('matches Fagerland, Lydersen & Laake (2017) for Perondi et al. (2004): 7/34 over 1/34', () => {
    const r = ratioOfProportions(7, 34, 1, 34, z);
    expect(r.estimate).toBeCloseTo(7, 12);
    expect(r.lower).toBeCloseTo(1.1537, 4);
    expect(r.upper).toBeCloseTo(41.9763, 4);
  });

  it.each([
    [7, 34, 1, 34],
    [30, 100, 20, 100],
    [3, 60, 1, 100],
    [600, 2000, 9000, 40000],
  ])('its limits solve the MOVER-R equations for %i/%i over %i/%i', (x1, n1, x2, n2) => {
    const a = wilsonInterval(x1, n1, z);
    const b = wilsonInterval(x2, n2, z);
    const r = ratioOfProportions(x1, n1, x2, n2, z);
    // (θ₁ − θθ₂)² = (θ₁ − l₁)² + θ²(u₂ − θ₂)² at the lower limit, and the mirror equation at the upper.
    const lowerEq =
      (a.estimate - r.lower * b.estimate) ** 2 -
      (a.estimate - a.lower) ** 2 -
      r.lower ** 2 * (b.upper - b.estimate) ** 2;
    const upperEq =
      (a.estimate - r.upper * b.estimate) ** 2 -
      (a.upper - a.estimate) ** 2 -
      r.upper ** 2 * (b.estimate - b.lower) ** 2;
    expect(lowerEq).toBeCloseTo(0, 12);
    expect(upperEq).toBeCloseTo(0, 10);
    expect(r.lower).toBeLessThan(r.estimate);
    expect(r.upper).toBeGreaterThan(r.estimate);
  });

  it('mirrors when the groups swap: the limits of b/a are the reciprocals of a/b', () => {
    const ab = ratioOfProportions(12, 80, 30, 90, z);
    const ba = ratioOfProportions(30, 90, 12, 80, z);
    expect(ba.lower).toBeCloseTo(1 / ab.upper, 12);
    expect(ba.upper).toBeCloseTo(1 / ab.lower, 12);
  });

  it('gives a lower limit of 0 when the target count is 0', () => {
    const r = ratioOfProportions(0, 50, 10, 50, z);
    expect(r).toMatchObject({ estimate: 0, lower: 0 });
    expect(r.upper).toBeGreaterThan(0);
  });

  it('stays finite where the textbook form divides by zero (comparison upper limit over twice its estimate)', () => {
    const b = wilsonInterval(1, 100, z);
    expect(b.upper).toBeGreaterThan(2 * b.estimate);
    const r = ratioOfProportions(5, 100, 1, 100, z);
    expect(Number.isFinite(r.lower) && r.lower > 0).toBe(true);
    expect(r.lower).toBeLessThan(5);
  });

  it('refuses a denominator whose estimate or lower limit is 0', () => {
    expect(() => moverRatio(wilsonInterval(1, 10, z), wilsonInterval(0, 10, z))).toThrow(/above 0/);
  });
});
