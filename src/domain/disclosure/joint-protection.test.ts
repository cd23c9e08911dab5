// protectJointly on the awkward systems: all small, all zero, one non-zero figure, lists, margins left out.
import { describe, expect, it } from 'vitest';
import { unchangedEntries } from '../../../test/support/joint-shapes.ts';
import { auditJointly } from './joint-audit.ts';
import { protectJointly, type JointMember } from './joint-protection.ts';
import { protectRevision, protectTable, type CountTable } from './index.ts';

const config = { minCount: 5 };

const shareBreakdown = (cells: number[][]): JointMember => {
  const k = cells[0]?.length ?? 0;
  return {
    table: { cells, together: [...Array(k + 1).keys()].map((j) => [[0, j] as const, [1, j] as const]) },
    shared: [
      [0, k, 'numerator'],
      [1, k, 'complement'],
      [2, k, 'size'],
    ],
  };
};
const countList = (counts: number[]): JointMember => ({
  table: { cells: [counts], margins: { rowTotals: true, columnTotals: false, grandTotal: false } },
  shared: [[0, counts.length, 'count']],
});

describe('protectJointly', () => {
  it.each<[string, JointMember[]]>([
    [
      'two breakdowns with every count small',
      [
        shareBreakdown([
          [1, 2],
          [3, 1],
        ]),
        shareBreakdown([
          [2, 1, 0],
          [1, 2, 1],
        ]),
      ],
    ],
    [
      'zeros everywhere',
      [
        shareBreakdown([
          [0, 0],
          [0, 0],
        ]),
        shareBreakdown([
          [0, 0, 0],
          [0, 0, 0],
        ]),
      ],
    ],
    [
      'a single non-zero figure',
      [
        shareBreakdown([
          [0, 0],
          [3, 0],
        ]),
        shareBreakdown([
          [0, 0],
          [0, 3],
        ]),
      ],
    ],
    ['two count lists of one total', [countList([3, 30, 12]), countList([40, 5])]],
    [
      'a total whose protection needs its grand total hidden',
      [
        shareBreakdown([
          [1, 1],
          [1, 1],
        ]),
        shareBreakdown([
          [2, 0],
          [0, 2],
        ]),
      ],
    ],
    [
      'the same counts without margins beside a list with its total',
      [
        {
          table: { cells: [[3, 40]], margins: { rowTotals: false, columnTotals: false, grandTotal: false } },
          shared: [
            [0, 0, 'a'],
            [0, 1, 'b'],
          ],
        },
        {
          ...countList([3, 40]),
          shared: [
            [0, 0, 'a'],
            [0, 1, 'b'],
            [0, 2, 'count'],
          ],
        },
      ],
    ],
  ])('%s: nothing pinned, nothing narrower than its protection', (_, members) => {
    const joint = protectJointly(members, config);
    const audit = auditJointly(members, joint.tables, config);
    expect(audit.findings).toEqual([]);
    for (const { range } of audit.ranges) expect(range.hi - range.lo).toBeGreaterThanOrEqual(5);
  });

  it('keeps an earlier release exactly as published and hides in the new one what it hid, if unchanged', () => {
    const earlier: CountTable = {
      cells: [
        [3, 20, 14],
        [12, 9, 30],
      ],
    };
    const current: CountTable = {
      cells: [
        [3, 21, 14],
        [12, 9, 30],
      ],
    };
    const shared = unchangedEntries(earlier, current);
    const released = protectTable(earlier, config);
    const joint = protectJointly(
      [
        { table: earlier, shared, released },
        { table: current, shared },
      ],
      config,
    );
    expect(joint.tables[0]).toBe(released);
    expect(protectRevision(earlier, released, current, config)).toEqual(joint.tables[1]);
    // Every unchanged cell the earlier release hid stays hidden in the new one.
    earlier.cells.forEach((row, i) =>
      row.forEach((v, j) => {
        if (current.cells[i]?.[j] === v && released.cells[i]?.[j]?.kind === 'suppressed')
          expect(joint.tables[1]?.cells[i]?.[j]?.kind).toBe('suppressed');
      }),
    );
    expect(
      auditJointly(
        [
          { table: earlier, shared },
          { table: current, shared },
        ],
        joint.tables,
        config,
      ).findings,
    ).toEqual([]);
  });

  it('leaves independent tables as each protects itself', () => {
    const a = countList([3, 30, 12]);
    const b: JointMember = { table: { cells: [[40, 50]] } };
    const joint = protectJointly([a, b], config);
    expect(joint.tables).toEqual([protectTable(a.table, config), protectTable(b.table, config)]);
    expect(joint.added).toBe(0);
  });

  it('refuses a revision of another shape, saying both', () => {
    const earlier = { cells: [[10, 20]] };
    expect(() =>
      protectRevision(earlier, protectTable(earlier, config), { cells: [[10], [20]] }, config),
    ).toThrow('invalid revision: the earlier table is 1 × 2, the revised one 2 × 1');
  });

  it('refuses a malformed table as protectTable does', () => {
    expect(() => protectJointly([{ table: { cells: [[1, -2]] } }], config)).toThrow(/cell \[0\]\[1\] is -2/);
    expect(() => protectJointly([{ table: { cells: [] } }], config)).toThrow(/at least one row/);
  });
});
