import { describe, expect, it } from 'vitest';
import { auditTable } from '../disclosure/index.ts';
import { protectPopulationTable } from './population-disclosure.ts';
import { buildPopulationTable, type PopulationTable } from './population-table.ts';

const table = (codes: Record<string, number>): PopulationTable => {
  const built = buildPopulationTable(new Map(Object.entries(codes)));
  if (!built.ok) throw new Error(`incomplete: ${built.missing.join(', ')}`);
  return built.table;
};
const config = { minCount: 5 };

describe('protectPopulationTable', () => {
  it("publishes Ballerup's 2021K2 table whole, with the non-Western share", () => {
    const t = protectPopulationTable(
      table({ '1': 40272, '24': 1589, '34': 350, '25': 4317, '35': 2582 }),
      config,
    );
    expect(t.total.total).toEqual({ kind: 'count', value: 49110 });
    expect(t.nonWestern).toEqual({
      total: { kind: 'count', value: 6899 },
      danishOrigin: { kind: 'count', value: 0 },
      immigrants: { kind: 'count', value: 4317 },
      descendants: { kind: 'count', value: 2582 },
    });
    expect(t.nonWesternShare).toEqual({ kind: 'share', value: 6899 / 49110 });
  });

  it('hides a small count and what would give it away, and the share that rests on it', () => {
    // Christiansø-like: 80 of Danish origin, 3 Western immigrants, 0 Western descendants, 6 and 2 non-Western.
    const t = protectPopulationTable(table({ '1': 80, '24': 3, '34': 0, '25': 6, '35': 2 }), config);
    expect(t.western.immigrants.kind).toBe('suppressed');
    expect(t.nonWestern.descendants.kind).toBe('suppressed');
    // The Western row's total is the hidden 3 plus a published 0: it must be hidden too.
    expect(t.western.total.kind).toBe('suppressed');
    expect(t.western.descendants).toEqual({ kind: 'count', value: 0 });
    // The same cells, audited as one published table, give nothing away.
    const cells = [t.denmark, t.western, t.nonWestern].map((r) => [
      r.danishOrigin,
      r.immigrants,
      r.descendants,
    ]);
    const audit = auditTable(
      {
        cells,
        rowTotals: [t.denmark.total, t.western.total, t.nonWestern.total],
        columnTotals: [t.total.danishOrigin, t.total.immigrants, t.total.descendants],
        grandTotal: t.total.total,
      },
      config,
      {
        cells: [
          [80, 0, 0],
          [0, 3, 0],
          [0, 6, 2],
        ],
      },
    );
    expect(audit.findings).toEqual([]);
    if (t.nonWestern.total.kind === 'suppressed') expect(t.nonWesternShare.kind).toBe('suppressed');
  });

  it('hides everything but the zeros of a table of small counts', () => {
    const t = protectPopulationTable(table({ '1': 4, '24': 0, '34': 0, '25': 1, '35': 0 }), config);
    expect(t.total.total.kind).toBe('suppressed');
    expect(t.denmark.danishOrigin.kind).toBe('suppressed');
    expect(t.western.total).toEqual({ kind: 'count', value: 0 });
    expect(t.nonWesternShare.kind).toBe('suppressed');
  });
});
