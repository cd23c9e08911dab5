// Properties over 10,000 random tables of the shapes pages publish, checked by the auditor and by the reader's
// exact ranges (none pinned, none narrower than its protection), and the bridge rule against the rank test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findBridges } from './bridges.ts';
import { determinedUnknowns } from './exact-derivation.ts';
import { extendTable, type Entry } from './extended-table.ts';
import {
  auditTable,
  isSmallCount,
  protectionLevel,
  protectTable,
  type CountTable,
  type DisclosureConfig,
  type ProtectedTable,
} from './index.ts';
import type { EntryState } from './primary.ts';
import { floorOf, readerBounds } from './protection.ts';
import { entryRanges, type Bounds } from './ranges.ts';

/** Counts as pages publish them: zeros, many small counts, moderate and large ones. */
const count = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 31, max: 5000 }) },
);

const cellsOf = (rows: number, columns: number) =>
  fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows });

/** The shapes pages publish: a list of 2–5 with its total, or 2–3 × 2–4 with all margins or some left out. */
const table: fc.Arbitrary<CountTable> = fc.oneof(
  fc.integer({ min: 2, max: 5 }).chain((columns) =>
    cellsOf(1, columns).map((cells): CountTable => ({
      cells,
      margins: { rowTotals: true, columnTotals: false, grandTotal: false },
    })),
  ),
  fc
    .record({ rows: fc.integer({ min: 2, max: 3 }), columns: fc.integer({ min: 2, max: 4 }) })
    .chain(({ rows, columns }) =>
      fc.record({
        cells: cellsOf(rows, columns),
        margins: fc.oneof(
          { weight: 3, arbitrary: fc.constant({}) },
          {
            weight: 1,
            arbitrary: fc.record({
              rowTotals: fc.boolean(),
              columnTotals: fc.boolean(),
              grandTotal: fc.boolean(),
            }),
          },
        ),
      }),
    ),
);

const config: fc.Arbitrary<DisclosureConfig> = fc.constantFrom<DisclosureConfig>(
  { minCount: 5 },
  { minCount: 5 },
  { minCount: 3 },
  { minCount: 10 },
);

const TABLE_RUNS = 10_000;
/** Replayable: the same tables every run. */
const SEED = 20261206;

/** The reader's exact ranges of the hidden values, as the attack in `ranges.ts` computes them. */
function hiddenRanges(source: CountTable, published: ProtectedTable) {
  const t = extendTable(source);
  const cellAt = (i: number, j: number) =>
    i < t.rows && j < t.columns
      ? published.cells[i]?.[j]
      : i < t.rows
        ? published.rowTotals?.[i]
        : j < t.columns
          ? published.columnTotals?.[j]
          : published.grandTotal;
  const states: EntryState[] = t.entries.map((e) => {
    const c = cellAt(e.row, e.column);
    return c === undefined ? 'absent' : c.kind === 'suppressed' ? 'secondary' : 'published';
  });
  const hidden = t.entries.flatMap((_, k) => (states[k] === 'secondary' ? [k] : []));
  const ranges = entryRanges(
    t,
    readerBounds(t, states),
    t.entries.map((e) => e.value),
    hidden,
  );
  return hidden.map((k, n) => ({
    entry: t.entries[k] as Entry,
    range: ranges[n] as Bounds,
    floor: floorOf(t, states, k),
  }));
}

describe('protectTable over random tables', () => {
  it(`protects every one of ${TABLE_RUNS.toLocaleString('en')} random tables against the interval attack`, () => {
    let suppressedTables = 0;
    let pinned = 0;
    let tooNarrow = 0;
    let hiddenCells = 0;
    let cells = 0;
    let narrowestSmall = Infinity;
    fc.assert(
      fc.property(table, config, (source, cfg) => {
        const published = protectTable(source, cfg);
        // No published small count, no hidden value derivable or narrowed, every value as in the source.
        const audit = auditTable(published, cfg, source);
        expect(audit.findings).toEqual([]);
        published.cells.forEach((row, i) =>
          row.forEach((cell, j) => {
            const value = source.cells[i]?.[j] ?? 0;
            if (isSmallCount(value, cfg))
              expect(cell).toEqual({ kind: 'suppressed', reason: 'primary', threshold: cfg.minCount });
            else if (cell.kind === 'suppressed') expect(cell.reason).toBe('secondary');
            // Zeros are never hidden.
            if (value === 0) expect(cell).toEqual({ kind: 'count', value: 0 });
            cells += 1;
            if (cell.kind === 'suppressed') hiddenCells += 1;
          }),
        );
        for (const { entry, range, floor } of hiddenRanges(source, published)) {
          if (range.lo === range.hi) pinned += 1;
          const small = isSmallCount(entry.value, cfg);
          if (range.hi - range.lo < (small ? protectionLevel(entry.value, cfg) : protectionLevel(0, cfg)))
            tooNarrow += 1;
          if (small && range.lo > floor) tooNarrow += 1;
          if (small && cfg.minCount === 5) narrowestSmall = Math.min(narrowestSmall, range.hi - range.lo);
        }
        if (published.cells.some((r) => r.some((c) => c.kind === 'suppressed'))) suppressedTables += 1;
      }),
      { numRuns: TABLE_RUNS, seed: SEED },
    );
    console.info(
      `${TABLE_RUNS} tables (seed ${SEED}), ${suppressedTables} with suppression; inner cells hidden ` +
        `${hiddenCells} of ${cells} (${((100 * hiddenCells) / cells).toFixed(1)} %); pinned ${pinned}; ` +
        `below protection ${tooNarrow}; narrowest range of a hidden small count (minCount 5): ${narrowestSmall}`,
    );
    expect(pinned).toBe(0);
    expect(tooNarrow).toBe(0);
    expect(narrowestSmall).toBeGreaterThanOrEqual(5);
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

describe('protectTable over random population tables', () => {
  // The population page's shape: Danish origin; immigrants and descendants from Western and from non-Western
  // countries, as a 3 × 3 grid with its structural zeros, every margin shown. Municipalities from Christiansø's
  // few dozen residents to Copenhagen's hundreds of thousands.
  const population = fc
    .record({
      danish: fc.oneof(count, fc.integer({ min: 5000, max: 500_000 })),
      westernImmigrants: count,
      westernDescendants: count,
      nonWesternImmigrants: count,
      nonWesternDescendants: count,
    })
    .map((p): CountTable => ({
      cells: [
        [p.danish, 0, 0],
        [0, p.westernImmigrants, p.westernDescendants],
        [0, p.nonWesternImmigrants, p.nonWesternDescendants],
      ],
    }));

  it(`protects every one of ${TABLE_RUNS.toLocaleString('en')} random population tables`, () => {
    let suppressedTables = 0;
    let pinned = 0;
    let tooNarrow = 0;
    let narrowestSmall = Infinity;
    fc.assert(
      fc.property(population, (source) => {
        const cfg: DisclosureConfig = { minCount: 5 };
        const published = protectTable(source, cfg);
        expect(auditTable(published, cfg, source).findings).toEqual([]);
        // The structural zeros stay zeros, as a reader knows them to be.
        for (const [i, j] of [
          [0, 1],
          [0, 2],
          [1, 0],
          [2, 0],
        ] as const)
          expect(published.cells[i]?.[j]).toEqual({ kind: 'count', value: 0 });
        for (const { entry, range, floor } of hiddenRanges(source, published)) {
          if (range.lo === range.hi) pinned += 1;
          const small = isSmallCount(entry.value, cfg);
          if (range.hi - range.lo < (small ? protectionLevel(entry.value, cfg) : protectionLevel(0, cfg)))
            tooNarrow += 1;
          if (small && range.lo > floor) tooNarrow += 1;
          if (small) narrowestSmall = Math.min(narrowestSmall, range.hi - range.lo);
        }
        if (published.cells.some((r) => r.some((c) => c.kind === 'suppressed'))) suppressedTables += 1;
      }),
      { numRuns: TABLE_RUNS, seed: SEED },
    );
    console.info(
      `${TABLE_RUNS} population tables (seed ${SEED}), ${suppressedTables} with suppression; pinned ${pinned}; ` +
        `below protection ${tooNarrow}; narrowest range of a hidden small count: ${narrowestSmall}`,
    );
    expect(pinned).toBe(0);
    expect(tooNarrow).toBe(0);
    expect(narrowestSmall).toBeGreaterThanOrEqual(5);
    expect(suppressedTables).toBeGreaterThan(TABLE_RUNS / 2);
  });
});
