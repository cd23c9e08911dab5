// The rank test on small systems whose answers are known by hand.
import { describe, expect, it } from 'vitest';
import { determinedUnknowns } from './exact-derivation.ts';

describe('determinedUnknowns', () => {
  it.each<[string, number[][], number, boolean[]]>([
    ['one equation, one unknown', [[1]], 1, [true]],
    ['one equation, two unknowns', [[1, 1]], 2, [false, false]],
    [
      'two independent equations',
      [
        [1, 1],
        [1, -1],
      ],
      2,
      [true, true],
    ],
    [
      'a chain fixes all',
      [
        [1, 0, 0],
        [1, -1, 0],
        [0, 1, 1],
      ],
      3,
      [true, true, true],
    ],
    [
      'a repeated equation fixes nothing more',
      [
        [1, 1, 0],
        [2, 2, 0],
        [0, 0, 1],
      ],
      3,
      [false, false, true],
    ],
    [
      'a 4-cycle (two rows, two columns)',
      [
        [1, 1, 0, 0],
        [0, 0, 1, 1],
        [1, 0, 1, 0],
        [0, 1, 0, 1],
      ],
      4,
      [false, false, false, false],
    ],
    ['an unknown in no equation', [[1, 0]], 2, [true, false]],
    ['no equations', [], 2, [false, false]],
    [
      'fractions along the way',
      [
        [2, 3],
        [3, 5],
      ],
      2,
      [true, true],
    ],
  ])('%s', (_name, equations, unknowns, expected) => {
    expect(determinedUnknowns(equations, unknowns)).toEqual(expected);
  });
});
