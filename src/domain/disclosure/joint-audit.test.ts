// The joint attack: what two breakdowns of one total, or two releases of one table, reveal together.
import { describe, expect, it } from 'vitest';
import { highsRanges } from '../../../test/support/highs-ranges.ts';
import { seeded, twoBreakdowns, unchangedEntries } from '../../../test/support/joint-shapes.ts';
import { auditJointly } from './joint-audit.ts';
import { protectJointly } from './joint-protection.ts';
import { auditTable, protectTable, type CountCell, type CountTable, type ProtectedTable } from './index.ts';

const config = { minCount: 5 };

/** A published table written as a page shows it: rows with their total last, then the column totals and grand. */
function shown(text: string): ProtectedTable {
  const lines = text
    .split(' / ')
    .map((l) =>
      l
        .split(' ')
        .map((v): CountCell =>
          v === '..' ? { kind: 'suppressed', reason: 'secondary' } : { kind: 'count', value: Number(v) },
        ),
    );
  const body = lines.slice(0, -1);
  const last = lines[lines.length - 1] as CountCell[];
  return {
    cells: body.map((r) => r.slice(0, -1)),
    rowTotals: body.map((r) => r[r.length - 1] as CountCell),
    columnTotals: last.slice(0, -1),
    grandTotal: last[last.length - 1] as CountCell,
  };
}

/** The other way: a published table as the page's text, rows then the totals' line. */
function text(p: ProtectedTable): string {
  const v = (c: CountCell | undefined) => (c?.kind === 'count' ? String(c.value) : '..');
  const rows = p.cells.map((r, i) => [...r, p.rowTotals?.[i]].map(v).join(' '));
  return [...rows, [...(p.columnTotals ?? []), p.grandTotal].map(v).join(' ')].join(' / ');
}

/** A breakdown by sex or origin subgroup: with and without the trait by the values, the total as margins. */
function breakdown(cells: number[][]) {
  const k = cells[0]?.length ?? 0;
  return {
    table: {
      cells,
      together: [...Array(k + 1).keys()].map((j) => [[0, j] as const, [1, j] as const]),
    },
    shared: [
      [0, k, 'numerator'],
      [1, k, 'complement'],
      [2, k, 'size'],
    ] as [number, number, string][],
  };
}

describe('auditJointly', () => {
  it('finds what two breakdowns of one total give away together, each table passing on its own', () => {
    // Women 0 of 15 and men 26 of 30 with the trait; Danish origin 0 of 7, immigrants 26 of 38. The old
    // protection hid the total's numerator and complement in both tables, and each passed its own audit.
    const sex = breakdown([
      [0, 26],
      [15, 4],
    ]);
    const origin = breakdown([
      [0, 26],
      [7, 12],
    ]);
    const published = [shown('0 .. .. / 15 .. .. / 15 30 45'), shown('.. 26 .. / .. 12 .. / 7 38 45')];
    expect(auditJointly([sex], [published[0] as ProtectedTable], config).ok).toBe(true);
    expect(auditJointly([origin], [published[1] as ProtectedTable], config).ok).toBe(true);
    // Together: the numerator R0 is a men's count (sex) and 26 + an origin count, so 26 ≤ R0 ≤ 30.
    const audit = auditJointly([sex, origin], published, config);
    expect(audit.ok).toBe(false);
    expect(audit.findings).toContainEqual({
      kind: 'range-too-narrow',
      places: [
        { table: 0, row: 0, column: 2 },
        { table: 1, row: 0, column: 2 },
      ],
      low: 26,
      high: 30,
      needed: 5,
    });
    // HiGHS finds the same.
    expect(auditJointly([sex, origin], published, config, highsRanges).findings).toEqual(audit.findings);
    // Protected as one system, neither table gives the other away.
    const joint = protectJointly([sex, origin], config);
    expect(auditJointly([sex, origin], joint.tables, config)).toMatchObject({ ok: true, findings: [] });
  });

  it('finds what an earlier release and a revised one give away together, each passing on its own', () => {
    // One cell revised from 1 to 6. The earlier release hid every cell and the column totals; the revised
    // table, protected on its own, shows its column totals 378 and 7. Three of its cells are unchanged, and
    // with the earlier sums a reader has x + (370 − x) = 370, (378 − x) + the earlier 1 … so x = 369.
    const earlier: CountTable = {
      cells: [
        [369, 1],
        [9, 1],
      ],
    };
    const current: CountTable = {
      cells: [
        [369, 1],
        [9, 6],
      ],
    };
    const shared = unchangedEntries(earlier, current);
    const released = protectTable(earlier, config);
    const alone = protectTable(current, config);
    expect(text(released)).toBe('.. .. 370 / .. .. 10 / .. .. 380');
    expect(text(alone)).toBe('.. .. 370 / .. .. 15 / 378 7 385');
    expect(auditTable(released, config, earlier).ok).toBe(true);
    expect(auditTable(alone, config, current).ok).toBe(true);
    const members = [
      { table: earlier, shared },
      { table: current, shared },
    ];
    const audit = auditJointly(members, [released, alone], config);
    expect(audit.findings).toContainEqual({
      kind: 'range-too-narrow',
      places: [
        { table: 0, row: 0, column: 0 },
        { table: 1, row: 0, column: 0 },
      ],
      low: 369,
      high: 369,
      needed: 5,
    });
    expect(auditJointly(members, [released, alone], config, highsRanges).findings).toEqual(audit.findings);
    // Protected together, the earlier release stays as it was and the revised one keeps its pattern.
    const joint = protectJointly(
      [
        { table: earlier, shared, released },
        { table: current, shared },
      ],
      config,
    );
    expect(joint.tables[0]).toBe(released);
    expect(text(joint.tables[1] as ProtectedTable)).toBe('.. .. 370 / .. .. 15 / .. .. 385');
    expect(auditJointly(members, joint.tables, config)).toMatchObject({ ok: true, findings: [] });
  });

  it('on one table finds what auditTable finds', () => {
    const random = seeded(7);
    for (let n = 0; n < 300; n++) {
      const [member] = twoBreakdowns(random);
      const table = { cells: member?.table.cells ?? [[0]] };
      const p = protectTable(table, config);
      expect(auditJointly([{ table }], [p], config).ok).toBe(auditTable(p, config, table).ok);
    }
    const leaky = shown('.. .. 20 26 / .. .. 50 120 / 31 45 70 146');
    const source = {
      cells: [
        [1, 5, 20],
        [30, 40, 50],
      ],
    };
    expect(auditTable(leaky, config, source).ok).toBe(false);
    expect(auditJointly([{ table: source }], [leaky], config).ok).toBe(false);
  });

  it('reports a published figure that is not the true one, and figures that contradict each other', () => {
    const table = {
      cells: [
        [10, 20],
        [30, 40],
      ],
    };
    const wrong = shown('10 20 30 / 30 41 71 / 40 61 101');
    expect(auditJointly([{ table }], [wrong], config).findings).toContainEqual({
      kind: 'value-changed',
      places: [{ table: 0, row: 1, column: 1 }],
    });
    // A zero shown as hidden contradicts the marker (a hidden figure is at least 1): no table fits.
    const zero = {
      cells: [
        [0, 20],
        [30, 40],
      ],
    };
    const contradiction = shown('.. 20 20 / 30 40 70 / 30 60 90');
    expect(auditJointly([{ table: zero }], [contradiction], config).findings).toContainEqual({
      kind: 'inconsistent',
    });
  });

  it('refuses tables whose shared figure has two values, saying which', () => {
    const a = { table: { cells: [[3, 4]] }, shared: [[0, 2, 'total']] as [number, number, string][] };
    const b = { table: { cells: [[5, 4]] }, shared: [[0, 2, 'total']] as [number, number, string][] };
    expect(() => protectJointly([a, b], config)).toThrow(
      /shared figure total is 7 in one table and 9 in table 1/,
    );
    expect(() => protectJointly([{ table: { cells: [[1]] }, shared: [[3, 0, 'x']] }], config)).toThrow(
      /shared entry \[3\]\[0\] lies outside the table/,
    );
  });
});
