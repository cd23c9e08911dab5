// The threshold setting: 5 by default, 3 at the lowest, whole numbers only.
import { describe, expect, it } from 'vitest';
import { defaultDisclosureConfig, disclosureConfig, isSmallCount, protectionLevel } from './index.ts';

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

describe('protectionLevel', () => {
  it.each([
    [1, {}, 5],
    [4, {}, 5],
    [10, {}, 5],
    [11, {}, 6],
    [300, {}, 150],
    [3, { minCount: 10 }, 10],
    [3, { protectionMinimum: 7 }, 7],
    [100, { protectionShare: 0.1 }, 10],
  ])('%i with %j → %i', (value, over, level) => {
    expect(protectionLevel(value, { minCount: 5, ...over })).toBe(level);
  });

  it('takes the protection settings when given and refuses bad ones', () => {
    expect(disclosureConfig({ protectionMinimum: 8, protectionShare: 0.3 })).toEqual({
      minCount: 5,
      protectionMinimum: 8,
      protectionShare: 0.3,
    });
    expect(() => disclosureConfig({ protectionMinimum: 0 })).toThrow(/invalid protectionMinimum: 0/);
    expect(() => disclosureConfig({ protectionShare: 1.5 })).toThrow(/invalid protectionShare: 1.5/);
    expect(() => disclosureConfig({ protectionShare: Number.NaN })).toThrow(/invalid protectionShare/);
  });
});
