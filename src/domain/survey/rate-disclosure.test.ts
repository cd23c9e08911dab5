// Which response-rate groups are hidden from those who may not see each organisation's answer state.
import { describe, expect, it } from 'vitest';
import { hiddenRateGroups, totalHidden } from './rate-disclosure.ts';

const groups = (...n: number[]) => n.map((recipients) => ({ recipients }));

describe('hiding small response-rate groups', () => {
  it('shows groups of three or more', () => {
    expect(hiddenRateGroups(groups(3, 5, 10), 18)).toEqual([false, false, false]);
  });

  it('hides a group of one or two, and the smallest other group when it would be the only one hidden', () => {
    expect(hiddenRateGroups(groups(1, 5, 4), 10)).toEqual([true, false, true]);
    expect(hiddenRateGroups(groups(2, 7), 9)).toEqual([true, true]);
  });

  it('needs no other group hidden when two small groups hide each other', () => {
    expect(hiddenRateGroups(groups(1, 2, 6), 9)).toEqual([true, true, false]);
  });

  it('hides everything in a round of fewer than three recipients, and nothing is hidden in an empty one', () => {
    expect(hiddenRateGroups(groups(2), 2)).toEqual([true]);
    expect(totalHidden(2)).toBe(true);
    expect(totalHidden(0)).toBe(false);
    expect(totalHidden(3)).toBe(false);
    expect(hiddenRateGroups(groups(1), 1)).toEqual([true]);
  });

  it('leaves a lone group hidden when there is nothing to hide it with', () => {
    // One group holding every recipient equals the total, which is shown from three.
    expect(hiddenRateGroups(groups(4), 4)).toEqual([false]);
  });
});
