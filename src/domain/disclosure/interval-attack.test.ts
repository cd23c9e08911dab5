// The tables a careful reader worked back exactly from the old publications: the auditor now finds each, and
// what protectTable publishes instead leaves no hidden value narrower than its protection.
import { describe, expect, it } from 'vitest';
import {
  auditTable,
  displayValue,
  protectList,
  protectTable,
  type CountCell,
  type CountTable,
  type ProtectedTable,
} from './index.ts';

const five = { minCount: 5 };
const n = (value: number): CountCell => ({ kind: 'count', value });
const hidden: CountCell = { kind: 'suppressed', reason: 'secondary' };

const text = (t: ProtectedTable) => [
  ...t.cells.map((r, i) =>
    [...r, ...(t.rowTotals ? [t.rowTotals[i]] : [])].map((c) => (c ? displayValue(c, 'da') : '')),
  ),
  ...(t.columnTotals || t.grandTotal
    ? [[...(t.columnTotals ?? []), t.grandTotal].map((c) => (c ? displayValue(c, 'da') : ''))]
    : []),
];

describe('the interval attack on the tables that were worked back', () => {
  it('[[1, 5, 20], [30, 40, 50]]: the old publication gives x + y = 6 with x ≤ 4, y ≥ 5; the new one does not', () => {
    const old: ProtectedTable = {
      cells: [
        [hidden, hidden, n(20)],
        [hidden, hidden, n(50)],
      ],
      rowTotals: [n(26), n(120)],
      columnTotals: [n(31), n(45), n(70)],
      grandTotal: n(146),
    };
    const source = {
      cells: [
        [1, 5, 20],
        [30, 40, 50],
      ],
    };
    // With one marker a reader knows x + y = 6, x, y ≥ 1: x is 1 to 5, still too narrow for a small count.
    expect(auditTable(old, five, source).ok).toBe(false);
    const p = protectTable(source);
    expect(auditTable(p, five, source)).toEqual({ ok: true, findings: [] });
    expect(text(p).flat().join(' ')).not.toContain('<');
  });

  it('[1, 5, 30] with its total 36: x = 1 no longer follows', () => {
    const old = { cells: [[hidden, hidden, n(30)]], rowTotals: [n(36)] };
    const source: CountTable = { cells: [[1, 5, 30]], margins: { columnTotals: false, grandTotal: false } };
    expect(auditTable(old, five, source).ok).toBe(false);
    const list = protectList([1, 5, 30]);
    const p = { cells: [list.items], ...(list.total && { rowTotals: [list.total] }) };
    expect(auditTable(p, five, source)).toEqual({ ok: true, findings: [] });
  });

  // The old publications as a reader now sees them, with one marker for every hidden value.
  it('[[1, 5], [4, 1]]: the old publication (margins 6, 5 and 5, 6, all cells hidden) gives x ≤ 4', () => {
    const old: ProtectedTable = {
      cells: [
        [hidden, hidden],
        [hidden, hidden],
      ],
      rowTotals: [n(6), n(5)],
      columnTotals: [n(5), n(6)],
      grandTotal: n(11),
    };
    const source = {
      cells: [
        [1, 5],
        [4, 1],
      ],
    };
    expect(auditTable(old, five, source).findings).toContainEqual(
      expect.objectContaining({ kind: 'range-too-narrow', entry: { part: 'cell', row: 0, column: 0 } }),
    );
    expect(auditTable(protectTable(source), five, source)).toEqual({ ok: true, findings: [] });
  });

  it('[[4, 0], [2, 2]]: with one marker the old pattern holds (the 4 alone in its row is 1 to 6), so does the new', () => {
    const old: ProtectedTable = {
      cells: [
        [hidden, n(0)],
        [hidden, hidden],
      ],
      rowTotals: [hidden, hidden],
      columnTotals: [hidden, hidden],
      grandTotal: n(8),
    };
    const source = {
      cells: [
        [4, 0],
        [2, 2],
      ],
    };
    expect(auditTable(old, five, source)).toEqual({ ok: true, findings: [] });
    expect(auditTable(protectTable(source), five, source)).toEqual({ ok: true, findings: [] });
  });

  it('[[0, 1], [1, 0], [10, 2]]: two hidden row totals adding to 2 are 1 each to a reader knowing only "≥ 1"', () => {
    const old: ProtectedTable = {
      cells: [
        [n(0), hidden],
        [hidden, n(0)],
        [hidden, hidden],
      ],
      rowTotals: [hidden, hidden, n(12)],
      columnTotals: [hidden, hidden],
      grandTotal: n(14),
    };
    const source = {
      cells: [
        [0, 1],
        [1, 0],
        [10, 2],
      ],
    };
    expect(auditTable(old, five, source).findings).toContainEqual({
      kind: 'range-too-narrow',
      entry: { part: 'row-total', row: 0 },
      low: 1,
      high: 1,
      needed: 5,
    });
    // Without the source too: a pinned value is found whatever it is.
    expect(auditTable(old, five).ok).toBe(false);
    expect(auditTable(protectTable(source), five, source)).toEqual({ ok: true, findings: [] });
  });

  it.each<[string, CountTable]>([
    [
      'all cells small',
      {
        cells: [
          [1, 2],
          [3, 4],
        ],
      },
    ],
    [
      'a single non-zero cell',
      {
        cells: [
          [0, 0],
          [0, 3],
        ],
      },
    ],
    [
      'a single large non-zero cell',
      {
        cells: [
          [0, 0],
          [0, 300],
        ],
      },
    ],
    [
      'zeros everywhere',
      {
        cells: [
          [0, 0, 0],
          [0, 0, 0],
        ],
      },
    ],
    ['one row', { cells: [[2, 9, 40, 1]] }],
    [
      'totals not shown',
      {
        cells: [
          [2, 9],
          [40, 1],
        ],
        margins: { rowTotals: false, columnTotals: false, grandTotal: false },
      },
    ],
    [
      'only a grand total',
      {
        cells: [
          [2, 9],
          [40, 1],
        ],
        margins: { rowTotals: false, columnTotals: false },
      },
    ],
    // All cells small but the total is not: 1 + 2 + 2 + 1 = 6 published would make each 1 to 3.
    [
      'protection that needs the grand total hidden',
      {
        cells: [
          [1, 2],
          [2, 1],
        ],
      },
    ],
  ])('bad input, %s: a protected output', (_name, source) => {
    const p = protectTable(source);
    expect(auditTable(p, five, source)).toEqual({ ok: true, findings: [] });
  });

  it('hides the grand total when nothing else can protect the small cells', () => {
    const p = protectTable({
      cells: [
        [1, 2],
        [2, 1],
      ],
    });
    expect(p.grandTotal).toEqual({ kind: 'suppressed', reason: 'secondary' });
  });
});
