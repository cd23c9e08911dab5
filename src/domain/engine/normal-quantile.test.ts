// The inverse normal against tabulated quantiles, and the confidence level's multiplier.
import { describe, expect, it } from 'vitest';
import { confidenceAt, normalQuantile } from './index.ts';

describe('normalQuantile (Acklam) against tabulated values', () => {
  // Reference values of Φ⁻¹(p) to 7 decimals (standard normal tables; R's qnorm).
  it.each([
    [0.5, 0],
    [0.975, 1.959964],
    [0.025, -1.959964],
    [0.95, 1.6448536],
    [0.9, 1.2815516],
    [0.995, 2.5758293],
    [0.999, 3.0902323],
    [0.8413447, 1.0],
    [0.01, -2.3263479],
    [0.02, -2.0537489],
    [0.03, -1.8807936],
    [1e-10, -6.3613409],
  ])('Φ⁻¹(%f) = %f', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 6);
  });

  it('is antisymmetric around 1/2', () => {
    for (const p of [0.001, 0.02, 0.0243, 0.0243, 0.1, 0.3])
      expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 9);
  });

  it.each([0, 1, -0.1, 1.5, Number.NaN])('refuses p = %f', (p) => {
    expect(() => normalQuantile(p)).toThrow(/invalid probability/);
  });
});

describe('confidenceAt', () => {
  it.each([
    [undefined, 0.95, 1.959964],
    [0.9, 0.9, 1.6448536],
    [0.99, 0.99, 2.5758293],
  ])('level %s gives z %f', (given, level, z) => {
    const c = confidenceAt(given);
    expect(c.level).toBe(level);
    expect(c.z).toBeCloseTo(z, 6);
  });

  it.each([0, 1, 95, -0.5])('refuses level %f', (level) => {
    expect(() => confidenceAt(level)).toThrow(/invalid confidence level/);
  });
});
