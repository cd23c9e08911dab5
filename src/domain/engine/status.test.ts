// The status of a change in every direction, including parity's overshoot to the other side.
import { describe, expect, it } from 'vitest';
import { classifyChange, observedDirection, type Direction, type Movement } from './index.ts';

const interval = (lower: number, upper: number) => ({ estimate: (lower + upper) / 2, lower, upper });

describe('classifyChange', () => {
  it.each<[Direction, number, number, number, Movement]>([
    // direction, lower, upper, baseline gap, expected
    ['up', 1, 9, -20, 'closing'],
    ['up', -9, -1, -20, 'widening'],
    ['up', -4, 6, -20, 'no-clear-change'],
    ['up', 0, 6, -20, 'no-clear-change'],
    ['up', 1, 9, 5, 'closing'],
    ['down', -9, -1, 20, 'closing'],
    ['down', 1, 9, 20, 'widening'],
    ['down', -6, 4, 20, 'no-clear-change'],
    ['down', -6, 0, 20, 'no-clear-change'],
    ['parity', -9, -1, 10, 'closing'],
    ['parity', 1, 9, -10, 'closing'],
    ['parity', 1, 9, 10, 'widening'],
    ['parity', -9, -1, -10, 'widening'],
    ['parity', -4, 3, 10, 'no-clear-change'],
    // From +10, a change between −20 and 0 brings the gap closer to 0; beyond −20 it overshoots to a larger gap.
    ['parity', -18, -12, 10, 'closing'],
    ['parity', -30, -22, 10, 'widening'],
    ['parity', -24, -16, 10, 'no-clear-change'],
    ['parity', 22, 30, -10, 'widening'],
    // From no gap at all, any clear change is a widening and nothing can close.
    ['parity', 1, 5, 0, 'widening'],
    ['parity', -5, -1, 0, 'widening'],
    ['parity', -1, 1, 0, 'no-clear-change'],
  ])('%s, change %f to %f from a gap of %f → %s', (direction, lower, upper, baselineGap, expected) => {
    expect(classifyChange(direction, interval(lower, upper), baselineGap)).toBe(expected);
  });

  it('never says closing or widening when the interval includes 0', () => {
    for (const direction of ['up', 'down', 'parity'] as const)
      for (const baselineGap of [-30, -1, 0, 1, 30])
        for (const [lower, upper] of [
          [-5, 5],
          [0, 5],
          [-5, 0],
          [0, 0],
        ] as const)
          expect(classifyChange(direction, interval(lower, upper), baselineGap)).toBe('no-clear-change');
  });
});

describe('observedDirection', () => {
  it.each<[Direction, number, number, string]>([
    ['up', 3, -10, 'closing'],
    ['up', -3, -10, 'widening'],
    ['down', -3, 10, 'closing'],
    ['down', 0, 10, 'unchanged'],
    ['parity', -3, 10, 'closing'],
    ['parity', -25, 10, 'widening'],
  ])('%s, change %f from %f → %s', (direction, change, baselineGap, expected) => {
    expect(observedDirection(direction, change, baselineGap)).toBe(expected);
  });
});
