// Bridges of small graphs, the rule the suppression uses for "can be worked out".
import { describe, expect, it } from 'vitest';
import { findBridges } from './bridges.ts';

describe('findBridges', () => {
  it.each<[string, number, [number, number][], number[]]>([
    ['a single edge', 2, [[0, 1]], [0]],
    [
      'a path',
      3,
      [
        [0, 1],
        [1, 2],
      ],
      [0, 1],
    ],
    [
      'a 4-cycle',
      4,
      [
        [0, 2],
        [2, 1],
        [1, 3],
        [3, 0],
      ],
      [],
    ],
    [
      'a cycle with a tail',
      5,
      [
        [0, 2],
        [2, 1],
        [1, 3],
        [3, 0],
        [3, 4],
      ],
      [4],
    ],
    [
      'two cycles joined by an edge',
      8,
      [
        [0, 4],
        [4, 1],
        [1, 5],
        [5, 0],
        [5, 2],
        [2, 6],
        [6, 3],
        [3, 7],
        [7, 2],
      ],
      [4],
    ],
    ['no edges', 3, [], []],
  ])('%s', (_name, vertices, edges, expected) => {
    const found = findBridges(
      vertices,
      edges.map(([a, b]) => ({ a, b })),
    );
    expect([...found].sort()).toEqual(expected);
  });
});
