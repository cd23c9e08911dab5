// Properties over 10,000 random small tables with many small counts, checked by the independent exact auditor,
// and the graph rule cross-checked against the rank test on random patterns of hidden values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findBridges } from './bridges.ts';
import { determinedUnknowns } from './exact-derivation.ts';
import { auditTable, isSmallCount, protectTable, type CountTable, type DisclosureConfig } from './index.ts';

/** Counts skewed towards the small: a third zeros and small counts each, the rest moderate or large. */
const count = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 31, max: 5000 }) },
);

const table: fc.Arbitrary<CountTable> = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), columns: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, columns }) =>
    fc.record({
      cells: fc.array(fc.array(count, { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
      margins: fc.oneof(
        { weight: 3, arbitrary: fc.constant({}) },
        {
          weight: 2,
          arbitrary: fc.record({
            rowTotals: fc.boolean(),
            columnTotals: fc.boolean(),
            grandTotal: fc.boolean(),
          }),
        },
      ),
    }),
  );

const config: fc.Arbitrary<DisclosureConfig> = fc.constantFrom(
  { minCount: 5 },
  { minCount: 5 },
  { minCount: 3 },
  { minCount: 10 },
);

const TABLE_RUNS = 10_000;

describe('protectTable over random tables', () => {
  it(`protects every one of ${TABLE_RUNS.toLocaleString('en')} random tables`, () => {
    let suppressedTables = 0;
    fc.assert(
      fc.property(table, config, (source, cfg) => {
        const published = protectTable(source, cfg);
        // No published count in 1..minCount − 1, no hidden value derivable, every value as in the source.
        const audit = auditTable(published, cfg, source);
        expect(audit.findings).toEqual([]);
        // Every small shown count is a primary suppression, and stays hidden.
        published.cells.forEach((row, i) =>
          row.forEach((cell, j) => {
            const value = source.cells[i]?.[j] ?? 0;
            if (isSmallCount(value, cfg))
              expect(cell).toEqual({ kind: 'suppressed', reason: 'primary', threshold: cfg.minCount });
            else if (cell.kind === 'suppressed') expect(cell.reason).toBe('secondary');
            // Zeros are never hidden.
            if (value === 0) expect(cell).toEqual({ kind: 'count', value: 0 });
          }),
        );
        if (published.cells.some((r) => r.some((c) => c.kind === 'suppressed'))) suppressedTables += 1;
      }),
      { numRuns: TABLE_RUNS },
    );
    // The generator is meant to make suppression common; make sure it does.
    expect(suppressedTables).toBeGreaterThan(TABLE_RUNS / 2);
  });

  it('agrees with the exact rank test on which hidden values are determined (the bridge rule)', () => {
    const pattern = fc
      .record({ rows: fc.integer({ min: 1, max: 5 }), columns: fc.integer({ min: 1, max: 5 }) })
      .chain(({ rows, columns }) =>
        fc
          .array(fc.boolean(), {
            minLength: (rows + 1) * (columns + 1),
            maxLength: (rows + 1) * (columns + 1),
          })
          .map((hidden) => ({ rows, columns, hidden })),
      );
    fc.assert(
      fc.property(pattern, ({ rows, columns, hidden }) => {
        const at = (i: number, j: number) => i * (columns + 1) + j;
        const unknowns = hidden.flatMap((h, k) => (h ? [k] : []));
        const edges = unknowns.map((k) => ({
          a: Math.floor(k / (columns + 1)),
          b: rows + 1 + (k % (columns + 1)),
        }));
        const bridges = findBridges(rows + columns + 2, edges);
        const equations: number[][] = [];
        for (let i = 0; i <= rows; i++)
          equations.push(
            unknowns.map((k) => (Math.floor(k / (columns + 1)) === i ? (k === at(i, columns) ? -1 : 1) : 0)),
          );
        for (let j = 0; j <= columns; j++)
          equations.push(unknowns.map((k) => (k % (columns + 1) === j ? (k === at(rows, j) ? -1 : 1) : 0)));
        const determined = determinedUnknowns(equations, unknowns.length);
        expect(determined).toEqual(unknowns.map((_, e) => bridges.has(e)));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on valid input, however large the counts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat({ max: 2 ** 40 }), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 4,
        }),
        (cells) => {
          protectTable({ cells });
        },
      ),
      { numRuns: 500 },
    );
  });
});
