// The threshold setting: 5 by default, 3 at the lowest, whole numbers only.
import { describe, expect, it } from 'vitest';
import { defaultDisclosureConfig, disclosureConfig, isSmallCount } from './index.ts';

describe('disclosureConfig', () => {
  it.each([
    [undefined, 5],
    [3, 3],
    [5, 5],
    [10, 10],
  ])('minCount %s → %i', (minCount, expected) => {
    expect(disclosureConfig(minCount === undefined ? {} : { minCount })).toEqual({ minCount: expected });
  });

  it('defaults to 5', () => {
    expect(defaultDisclosureConfig.minCount).toBe(5);
    expect(disclosureConfig()).toEqual({ minCount: 5 });
  });

  it.each([2, 1, 0, -5, 4.5, Number.NaN, Infinity])('refuses minCount %f with a clear error', (minCount) => {
    expect(() => disclosureConfig({ minCount })).toThrow(/invalid minCount: .* at least 3/);
  });
});

describe('isSmallCount', () => {
  it.each([
    [0, 5, false],
    [1, 5, true],
    [4, 5, true],
    [5, 5, false],
    [2, 3, true],
    [3, 3, false],
    [9, 10, true],
    [49110, 5, false],
  ])('%i with minCount %i → %s', (value, minCount, small) => {
    expect(isSmallCount(value, { minCount })).toBe(small);
  });
});
