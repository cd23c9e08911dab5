// The auditor on its own: it finds what a naive publication would give away.
import { describe, expect, it } from 'vitest';
import { auditTable, type CountCell, type ProtectedTable } from './index.ts';

const five = { minCount: 5 };
const n = (value: number): CountCell => ({ kind: 'count', value });
const primary: CountCell = { kind: 'suppressed', reason: 'primary', threshold: 5 };
const secondary: CountCell = { kind: 'suppressed', reason: 'secondary' };

describe('auditTable', () => {
  it('finds a single hidden cell in a row with a published total', () => {
    const t: ProtectedTable = {
      cells: [
        [primary, n(10), n(12)],
        [n(20), n(30), n(40)],
      ],
      rowTotals: [n(25), n(90)],
    };
    expect(auditTable(t, five).findings).toEqual([
      { kind: 'derivable', entry: { part: 'cell', row: 0, column: 0 } },
    ]);
  });

  it('finds two hidden cells in a row whose column gives one of them away', () => {
    const t: ProtectedTable = {
      cells: [
        [primary, secondary, n(12)],
        [n(20), n(30), n(40)],
      ],
      rowTotals: [n(25), n(90)],
      columnTotals: [n(23), n(40), n(52)],
      grandTotal: n(115),
    };
    expect(auditTable(t, five).findings).toEqual([
      { kind: 'derivable', entry: { part: 'cell', row: 0, column: 0 } },
      { kind: 'derivable', entry: { part: 'cell', row: 0, column: 1 } },
    ]);
  });

  it('accepts four hidden cells on a cycle', () => {
    const t: ProtectedTable = {
      cells: [
        [primary, secondary, n(12)],
        [secondary, secondary, n(40)],
      ],
      rowTotals: [n(25), n(90)],
      columnTotals: [n(23), n(40), n(52)],
      grandTotal: n(115),
    };
    expect(auditTable(t, five)).toEqual({ ok: true, findings: [] });
  });

  it('finds a hidden grand total that is the sum of published row totals', () => {
    const t: ProtectedTable = { cells: [[n(7), n(8)]], rowTotals: [n(15)], grandTotal: secondary };
    expect(auditTable(t, five).findings).toEqual([{ kind: 'derivable', entry: { part: 'grand-total' } }]);
  });

  it('finds a published small count, margins included', () => {
    const t: ProtectedTable = { cells: [[n(3), n(0)]], rowTotals: [n(3)] };
    expect(auditTable(t, five).findings).toEqual([
      { kind: 'small-count-published', entry: { part: 'cell', row: 0, column: 0 }, value: 3 },
      { kind: 'small-count-published', entry: { part: 'row-total', row: 0 }, value: 3 },
    ]);
  });

  it('given the source, finds a changed value, a differing shape and a small left-out margin that is derivable', () => {
    const t: ProtectedTable = { cells: [[n(7), n(9)]], rowTotals: [n(16)] };
    expect(auditTable(t, five, { cells: [[7, 8]] }).findings).toEqual([
      { kind: 'value-changed', entry: { part: 'cell', row: 0, column: 1 }, published: 9, source: 8 },
      { kind: 'value-changed', entry: { part: 'row-total', row: 0 }, published: 16, source: 15 },
    ]);
    expect(auditTable(t, five, { cells: [[7, 8, 1]] }).findings).toEqual([{ kind: 'shape-differs' }]);
  });

  it('given the source, finds a small total the table leaves out but a reader can work out', () => {
    // Row totals are not shown. Row 1's is 9 + 9 = 18, so row 0's is the grand total minus 18: the 4 persons
    // in row 0 are published in effect, though each of its two cells stays unknown.
    const t: ProtectedTable = {
      cells: [
        [primary, primary],
        [n(9), n(9)],
      ],
      columnTotals: [secondary, secondary],
      grandTotal: n(22),
    };
    const source = {
      cells: [
        [2, 2],
        [9, 9],
      ],
      margins: { rowTotals: false },
    };
    const findings = auditTable(t, five, source).findings;
    expect(findings[0]).toEqual({ kind: 'derivable', entry: { part: 'row-total', row: 0 } });
    // And the two hidden cells add up to 4, so each is 1 to 3: narrower than "from 1 to at least 6".
    expect(findings).toContainEqual({
      kind: 'range-too-narrow',
      entry: { part: 'cell', row: 0, column: 0 },
      low: 1,
      high: 3,
      needed: 5,
    });
    // Without the source the auditor sees the narrow ranges too (it cannot tell the row total is small).
    expect(auditTable(t, five).findings.map((f) => f.kind)).toContain('range-too-narrow');
  });
});
