// Worked tables: each case shows the published table as a reader sees it (Danish formatting, ".." for every hidden value).
import { describe, expect, it } from 'vitest';
import {
  auditTable,
  displayValue,
  protectList,
  protectTable,
  type CountTable,
  type DisclosureConfig,
  type ProtectedTable,
} from './index.ts';

const five: DisclosureConfig = { minCount: 5 };

/** The table as text: each row followed by its total, then the column totals and the grand total. */
function render(t: ProtectedTable): string[][] {
  const text = (c: Parameters<typeof displayValue>[0] | undefined) => (c ? displayValue(c, 'da') : '');
  const rows = t.cells.map((r, i) => [...r.map(text), ...(t.rowTotals ? [text(t.rowTotals[i])] : [])]);
  const totals =
    t.columnTotals || t.grandTotal ? [[...(t.columnTotals ?? []).map(text), text(t.grandTotal)]] : [];
  return [...rows, ...totals];
}

function protectedAndAudited(table: CountTable, config = five): ProtectedTable {
  const p = protectTable(table, config);
  expect(auditTable(p, config, table)).toEqual({ ok: true, findings: [] });
  return p;
}

describe('protectTable on worked examples', () => {
  it.each<[string, CountTable, string[][]]>([
    [
      'nothing small: nothing hidden',
      {
        cells: [
          [12, 30],
          [7, 49110],
        ],
      },
      [
        ['12', '30', '42'],
        ['7', '49.110', '49.117'],
        ['19', '49.140', '49.159'],
      ],
    ],
    [
      // One small cell in a row with a published total: it could be worked out as 25 − 10 − 12, so a partner is
      // hidden in its row, and to keep that from being worked out down its column, two more close the cycle.
      'a single small cell in a row with a total',
      {
        cells: [
          [3, 10, 12],
          [20, 30, 40],
        ],
      },
      [
        ['..', '..', '12', '25'],
        ['..', '..', '40', '90'],
        ['23', '40', '52', '115'],
      ],
    ],
    [
      // The 3×3 example worked by hand. x01 = 3 is small. A cycle through it needs a cell in row 0, one in
      // column 1 and the cell where their column and row meet. The four choices hide 20+7+11 = 38,
      // 20+12+18 = 50, 15+9+18 = 42 or 15+25+11 = 51; the cheapest is the first.
      '3×3 worked by hand',
      {
        cells: [
          [20, 3, 15],
          [12, 18, 9],
          [7, 11, 25],
        ],
      },
      [
        ['..', '..', '15', '38'],
        ['12', '18', '9', '39'],
        ['..', '..', '25', '43'],
        ['39', '32', '49', '120'],
      ],
    ],
    [
      // Column 0's total is 3: it is hidden as a primary suppression like any cell, as a cell of the grid with
      // margins; x10 = 0 cannot be a partner, so the cycle runs through row 0 and the column totals.
      'a column total below the threshold',
      {
        cells: [
          [3, 6],
          [0, 8],
        ],
      },
      [
        ['..', '..', '9'],
        ['0', '8', '8'],
        ['..', '..', '17'],
      ],
    ],
    [
      // Row 0 is 3, 0, 0: its total is also 3. The zeros are never partners, so the cycle has to leave row 0
      // through its total and come back through another row's total: hiding a margin is unavoidable here.
      'a small row whose other cells are zeros',
      {
        cells: [
          [3, 0, 0],
          [10, 20, 30],
        ],
      },
      [
        ['..', '0', '0', '..'],
        ['..', '20', '30', '..'],
        ['13', '20', '30', '63'],
      ],
    ],
    [
      'a single small cell is all small',
      { cells: [[3]] },
      [
        ['..', '..'],
        ['..', '..'],
      ],
    ],
    [
      'zeros are published and a table of zeros needs nothing',
      {
        cells: [
          [0, 0],
          [0, 0],
        ],
      },
      [
        ['0', '0', '0'],
        ['0', '0', '0'],
        ['0', '0', '0'],
      ],
    ],
    [
      // Row 0 is 2 and 2, so its total, 4, is small too. The cells are protected by hiding the row below them,
      // and the row total by hiding row 1's total as well: otherwise it is the grand total minus row 1's.
      'two small cells and a small total in one row',
      {
        cells: [
          [2, 2],
          [40, 50],
        ],
      },
      [
        ['..', '..', '..'],
        ['..', '..', '..'],
        ['42', '52', '94'],
      ],
    ],
    [
      'without margins nothing can be worked out, so only the small cells are hidden',
      {
        cells: [
          [3, 10],
          [20, 1],
        ],
        margins: { rowTotals: false, columnTotals: false, grandTotal: false },
      },
      [
        ['..', '10'],
        ['20', '..'],
      ],
    ],
    [
      // Only the column totals are shown: 3 is 23 − 20 down its column, so 20 is hidden too; along the rows
      // nothing can be worked out, as no row total is shown.
      'column totals only',
      {
        cells: [
          [3, 10],
          [20, 30],
        ],
        margins: { rowTotals: false, grandTotal: false },
      },
      [
        ['..', '10'],
        ['..', '30'],
        ['23', '40', ''],
      ],
    ],
  ])('%s', (_name, table, expected) => {
    expect(render(protectedAndAudited(table))).toEqual(expected);
  });

  it('never uses a zero as the partner, even when it is the only other cell in the row', () => {
    const p = protectedAndAudited({
      cells: [
        [4, 0, 9],
        [6, 7, 8],
      ],
    });
    expect(p.cells[0]?.[1]).toEqual({ kind: 'count', value: 0 });
    expect(p.cells[0]?.[2]).toEqual({ kind: 'suppressed', reason: 'secondary' });
  });

  it('uses the configured threshold for primary suppression', () => {
    const table = {
      cells: [
        [3, 4, 12],
        [9, 10, 11],
      ],
    };
    expect(render(protectedAndAudited(table, { minCount: 3 }))[0]).toEqual(['3', '4', '12', '19']);
    expect(render(protectedAndAudited(table, { minCount: 10 }))[0]?.slice(0, 2)).toEqual(['..', '..']);
  });

  it.each<[string, CountTable, RegExp]>([
    ['no rows', { cells: [] }, /at least one row/],
    ['no columns', { cells: [[]] }, /at least one row and one column/],
    ['ragged rows', { cells: [[1, 2], [3]] }, /row 1 has 1 cells, expected 2/],
    ['a negative count', { cells: [[1, -2]] }, /cell \[0\]\[1\] is -2/],
    ['a fraction', { cells: [[1.5]] }, /non-negative whole number/],
  ])('refuses %s', (_name, table, message) => {
    expect(() => protectTable(table, five)).toThrow(message);
  });
});

describe('protectList: a list of counts with its total', () => {
  it.each<[number[], boolean, string[], string | undefined]>([
    [[3, 10, 12], true, ['..', '..', '12'], '25'],
    [[3, 0, 0], true, ['..', '0', '0'], '..'],
    // 2 + 2 beside 50 and 54 would give x + y = 4, so each 1 to 3: the 50 goes too, and then x is 1 to 52.
    [[2, 2, 50], true, ['..', '..', '..'], '54'],
    [[0, 0, 7, 9], true, ['0', '0', '7', '9'], '16'],
    [[3, 10], false, ['..', '10'], undefined],
    [[4], true, ['..'], '..'],
  ])('%j with total %s', (counts, total, items, totalText) => {
    const list = protectList(counts, five, { total });
    expect(list.items.map((c) => displayValue(c, 'da'))).toEqual(items);
    expect(list.total && displayValue(list.total, 'da')).toBe(totalText);
  });

  it('defaults to showing the total', () => {
    expect(protectList([7, 8], five).total).toEqual({ kind: 'count', value: 15 });
  });
});
