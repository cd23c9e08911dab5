// The simplex ranges against the exact maximum-flow ranges on single tables and against HiGHS on the same systems.
import { describe, expect, it } from 'vitest';
import { highsRanges } from '../../../test/support/highs-ranges.ts';
import { seeded, count } from '../../../test/support/joint-shapes.ts';
import { extendTable } from './extended-table.ts';
import { jointSystem, readerSystem, type FigureState } from './joint-system.ts';
import { simplexRanges, type LinearSystem } from './lp-ranges.ts';
import { readerBounds } from './protection.ts';
import { entryRanges } from './ranges.ts';

describe('simplexRanges', () => {
  it('gives each hidden entry of a single table the range the maximum flows give, and HiGHS agrees', () => {
    const random = seeded(20261207);
    let entries = 0;
    let checkedWithHighs = 0;
    for (let n = 0; n < 1500; n++) {
      const rows = 2 + Math.floor(random() * 2);
      const columns = 2 + Math.floor(random() * 3);
      const cells = Array.from({ length: rows }, () => Array.from({ length: columns }, () => count(random)));
      const table = { cells };
      const grid = extendTable(table);
      // Any pattern of hidden non-zero values, margins included: a reader's system, protected or not.
      const states = grid.entries.map((e): FigureState =>
        e.value > 0 && random() < 0.45 ? 'secondary' : 'published',
      );
      const { linear, unknownOf } = readerSystem(jointSystem([{ table }]), states);
      const which = states.flatMap((s, k) => (s === 'secondary' ? [k] : []));
      const flows = entryRanges(
        grid,
        readerBounds(grid, states),
        grid.entries.map((e) => e.value),
        which,
      );
      const unknowns = which.map((k) => unknownOf[k] as number);
      const lp = simplexRanges(linear, unknowns);
      expect(lp).toEqual(flows);
      if (n % 10 === 0) {
        expect(highsRanges(linear, unknowns)).toEqual(flows);
        checkedWithHighs += which.length;
      }
      entries += which.length;
    }
    expect(entries).toBeGreaterThan(5000);
    expect(checkedWithHighs).toBeGreaterThan(400);
  });

  it('answers undefined for figures that contradict each other, and Infinity where nothing bounds a value', () => {
    const contradiction: LinearSystem = {
      lower: [1, 1],
      equations: [
        { terms: [[0, 1]], constant: 3 },
        {
          terms: [
            [0, 1],
            [1, 1],
          ],
          constant: 3,
        },
      ],
    };
    expect(simplexRanges(contradiction, [0, 1])).toBeUndefined();
    expect(highsRanges(contradiction, [0, 1])).toBeUndefined();
    const open: LinearSystem = {
      lower: [1, 0, 1],
      equations: [
        {
          terms: [
            [0, 1],
            [1, -1],
            [2, 1],
          ],
          constant: 4,
        },
      ],
    };
    // x0 + x2 = 4 + x1 with x1 ≥ 0 unbounded: both may grow without end, x1 may be 0.
    expect(simplexRanges(open, [0, 1, 2])).toEqual([
      { lo: 1, hi: Infinity },
      { lo: 0, hi: Infinity },
      { lo: 1, hi: Infinity },
    ]);
    expect(highsRanges(open, [0, 1, 2])).toEqual(simplexRanges(open, [0, 1, 2]));
  });

  it('rounds a fractional optimum inwards: a reader knows counts are whole', () => {
    // 2x = 7 has no whole solution but 2x + y = 7, y ≥ 0, gives x ≤ 3.5, so x ≤ 3.
    const system: LinearSystem = {
      lower: [1, 0],
      equations: [
        {
          terms: [
            [0, 2],
            [1, 1],
          ],
          constant: 7,
        },
      ],
    };
    expect(simplexRanges(system, [0, 1])).toEqual([
      { lo: 1, hi: 3 },
      { lo: 0, hi: 5 },
    ]);
    expect(highsRanges(system, [0, 1])).toEqual(simplexRanges(system, [0, 1]));
  });
});
