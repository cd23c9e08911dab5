// The reader's exact ranges by maximum flow, checked against every whole-number table that fits what is shown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendTable } from './extended-table.ts';
import type { EntryState } from './primary.ts';
import { readerBounds } from './protection.ts';
import { entryRanges, feasibleFlow } from './ranges.ts';

/** Up to three hidden cells, each tried from 1 to CAP: far above any bound a published total of these can set. */
const CAP = 40;

const tiny = fc
  .record({
    rows: fc.integer({ min: 1, max: 2 }),
    columns: fc.integer({ min: 2, max: 3 }),
    margins: fc.record({ rowTotals: fc.boolean(), columnTotals: fc.boolean(), grandTotal: fc.boolean() }),
  })
  .chain(({ rows, columns, margins }) =>
    fc.record({
      cells: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
      hide: fc.array(fc.boolean(), {
        minLength: (rows + 1) * (columns + 1),
        maxLength: (rows + 1) * (columns + 1),
      }),
      margins: fc.constant(margins),
    }),
  );

describe('entryRanges', () => {
  it('gives the exact range of every unknown entry, as brute-force enumeration does', () => {
    let compared = 0;
    fc.assert(
      fc.property(tiny, ({ cells, hide, margins }) => {
        const t = extendTable({ cells, margins });
        const states: EntryState[] = t.entries.map((e, k) =>
          !e.shown ? 'absent' : hide[k] && e.value > 0 ? 'secondary' : 'published',
        );
        const hiddenCells = t.entries.flatMap((e, k) =>
          e.role === 'cell' && states[k] !== 'published' ? [k] : [],
        );
        fc.pre(hiddenCells.length <= 3);
        const bounds = readerBounds(t, states);
        const unknown = t.entries.flatMap((_, k) => (states[k] === 'published' ? [] : [k]));
        const flow = feasibleFlow(t, bounds);
        expect(flow).toBeDefined();
        const viaTruth = entryRanges(
          t,
          bounds,
          t.entries.map((e) => e.value),
          unknown,
        );
        const viaFound = entryRanges(t, bounds, flow ?? [], unknown);
        expect(viaFound).toEqual(viaTruth);

        // Brute force: every assignment of the hidden cells; margins follow from the cells.
        const lo = new Map<number, number>();
        const hi = new Map<number, number>();
        const trial = cells.map((r) => [...r]);
        const rows = t.rows;
        const columns = t.columns;
        const check = () => {
          const rowSums = trial.map((r) => r.reduce((s, v) => s + v, 0));
          const colSums = Array.from({ length: columns }, (_, j) =>
            trial.reduce((s, r) => s + (r[j] ?? 0), 0),
          );
          const grand = rowSums.reduce((s, v) => s + v, 0);
          const value = (k: number) => {
            const i = Math.floor(k / (columns + 1));
            const j = k % (columns + 1);
            return i < rows && j < columns
              ? (trial[i]?.[j] ?? 0)
              : i < rows
                ? (rowSums[i] ?? 0)
                : j < columns
                  ? (colSums[j] ?? 0)
                  : grand;
          };
          const fits = t.entries.every((e, k) => {
            const v = value(k);
            const b = bounds[k] ?? { lo: 0, hi: 0 };
            return v >= b.lo && v <= b.hi;
          });
          if (!fits) return;
          for (const k of unknown) {
            const v = value(k);
            lo.set(k, Math.min(lo.get(k) ?? Infinity, v));
            hi.set(k, Math.max(hi.get(k) ?? -Infinity, v));
          }
        };
        const walk = (n: number) => {
          if (n === hiddenCells.length) return check();
          const k = hiddenCells[n] as number;
          const i = Math.floor(k / (columns + 1));
          const j = k % (columns + 1);
          for (let v = 1; v <= CAP; v++) {
            (trial[i] as number[])[j] = v;
            walk(n + 1);
          }
        };
        walk(0);
        unknown.forEach((k, n) => {
          const r = viaTruth[n] ?? { lo: NaN, hi: NaN };
          expect(r.lo).toBe(lo.get(k));
          if (r.hi === Infinity) expect(hi.get(k)).toBeGreaterThanOrEqual(CAP - 10);
          else expect(r.hi).toBe(hi.get(k));
        });
        compared += unknown.length;
      }),
      { numRuns: 400, seed: 20261206 },
    );
    expect(compared).toBeGreaterThan(400);
  });

  it('finds no assignment when the published figures contradict each other', () => {
    const t = extendTable({ cells: [[3, 4]] });
    const bounds = t.entries.map((e, k) => (k === 0 ? { lo: 9, hi: 9 } : { lo: e.value, hi: e.value }));
    expect(feasibleFlow(t, bounds)).toBeUndefined();
  });
});
