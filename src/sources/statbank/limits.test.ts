// The limits on what a JSON-stat dataset declares, checked before any dimension, category or cell is read.
import { describe, expect, it } from 'vitest';
import { sparseJsonStat } from '../../../test/support/jsonstat-sparse.ts';
import { StatbankFormatError } from './errors.ts';
import { readJsonStat } from './jsonstat.ts';
import { DEFAULT_STATBANK_LIMITS } from './limits.ts';

const refusal = (text: string, limits = DEFAULT_STATBANK_LIMITS) => {
  try {
    readJsonStat(text, { limits });
  } catch (e) {
    if (e instanceof StatbankFormatError) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('StatBank limits', () => {
  it('accepts a dataset at the limit and refuses one cell more, with the figure and the setting', () => {
    expect(readJsonStat(sparseJsonStat([100, 100, 100]), { limits: DEFAULT_STATBANK_LIMITS }).cellCount).toBe(
      1_000_000,
    );
    const e = refusal(sparseJsonStat([101, 100, 100]));
    expect(e.reason).toEqual({
      code: 'limit.cells',
      params: { declared: 1_010_000, max: 1_000_000, setting: 'STATBANK_MAX_CELLS' },
    });
    expect(e.message).toMatch(/declares 1010000 cells; at most 1000000 are accepted \(STATBANK_MAX_CELLS\)/);
  });

  it('refuses a size product of billions before reading a dimension (none is described here)', () => {
    const text = JSON.stringify({
      class: 'dataset',
      id: ['A', 'B', 'C'],
      size: [1000, 1000, 1000],
      dimension: {},
    });
    expect(refusal(text).reason.code).toBe('limit.cells');
  });

  it('refuses too many dimensions and too many categories', () => {
    expect(refusal(sparseJsonStat(Array.from({ length: 13 }, () => 1))).reason).toMatchObject({
      code: 'limit.dimensions',
      params: { declared: 13, max: 12, setting: 'STATBANK_MAX_DIMENSIONS' },
    });
    expect(
      refusal(sparseJsonStat([30, 20]), { ...DEFAULT_STATBANK_LIMITS, maxCategories: 40 }).reason,
    ).toMatchObject({
      code: 'limit.categories',
      params: { declared: 50, max: 40, setting: 'STATBANK_MAX_CATEGORIES' },
    });
  });

  it('keeps the reader’s own cap when no limits are given', () => {
    expect(() => readJsonStat(sparseJsonStat([10_000, 10_000, 10]))).toThrow(/exceeds the 50000000 cells/);
  });
});
