// The JSON-stat conformance suite: 25 real files from eleven offices; every expected cell in expected.json must hold.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StatbankFormatError } from './errors.ts';
import { readJsonStatAll, type NamedJsonStatDataset } from './jsonstat.ts';
import type { JsonStatValue } from './jsonstat-types.ts';

const suite = new URL('../../../test/fixtures/jsonstat-samples/', import.meta.url);

interface ExpectedCheck {
  readonly coords: Record<string, string>;
  readonly index: number;
  readonly value: JsonStatValue | null;
  readonly status?: string;
}

interface ExpectedDataset {
  readonly file: string;
  readonly dataset: string | null;
  readonly version: '1.0' | '2.0';
  readonly ids: string[];
  readonly size: number[];
  readonly cells: number;
  readonly nonNull: number;
  readonly checks: ExpectedCheck[];
}

const expected = JSON.parse(readFileSync(new URL('expected.json', suite), 'utf8')) as ExpectedDataset[];
const files = readdirSync(suite)
  .filter((f) => f.endsWith('.json') && f !== 'expected.json')
  .sort();
const byFile = new Map<string, ExpectedDataset[]>();
for (const entry of expected) byFile.set(entry.file, [...(byFile.get(entry.file) ?? []), entry]);

describe('JSON-stat conformance suite', () => {
  it('covers every file in the folder, 27 datasets and 81 checks', () => {
    expect(files).toHaveLength(25);
    expect([...byFile.keys()].sort()).toEqual(files);
    expect(expected).toHaveLength(27);
    expect(expected.reduce((n, e) => n + e.checks.length, 0)).toBe(81);
  });

  describe.each(files)('%s', (file) => {
    const entries = byFile.get(file) ?? [];
    const text = readFileSync(new URL(file, suite), 'utf8');
    // Only json-stat.org's order.json has string values; the default numeric reader must refuse it.
    const hasStrings = entries.some((e) => e.checks.some((c) => typeof c.value === 'string'));
    const read = (): NamedJsonStatDataset<JsonStatValue>[] =>
      hasStrings ? readJsonStatAll(text, { allowStringValues: true }) : readJsonStatAll(text);

    it('parses into the datasets expected.json lists', () => {
      expect(read().map((d) => d.name)).toEqual(entries.map((e) => e.dataset));
      if (hasStrings) expect(() => readJsonStatAll(text)).toThrow(StatbankFormatError);
    });

    describe.each(entries.map((e) => [e.dataset ?? '(bare dataset)', e] as const))(
      'dataset %s',
      (_, entry) => {
        const found = read().find((d) => d.name === entry.dataset);

        it('has the expected version, ids, size and cell counts', () => {
          expect(found).toBeDefined();
          const dataset = found!.dataset;
          expect(dataset.version).toBe(entry.version);
          expect(dataset.dimensions.map((d) => d.id)).toEqual(entry.ids);
          expect(dataset.size).toEqual(entry.size);
          expect(dataset.dimensions.map((d) => d.categories.length)).toEqual(entry.size);
          expect(dataset.cellCount).toBe(entry.cells);
          let cells = 0;
          let nonNull = 0;
          for (const cell of dataset.cells()) {
            expect(cell.index).toBe(cells);
            cells++;
            if (cell.value !== null) nonNull++;
          }
          expect(cells).toBe(entry.cells);
          expect(nonNull).toBe(entry.nonNull);
        });

        it.each(entry.checks.map((c) => [JSON.stringify(c.coords), c] as const))('cell %s', (_, check) => {
          const dataset = found!.dataset;
          expect(dataset.indexOf(check.coords)).toBe(check.index);
          expect(dataset.valueAt(check.coords)).toBe(check.value);
          expect(dataset.valueAtIndex(check.index)).toBe(check.value);
          if (check.status !== undefined) expect(dataset.statusAt(check.coords)).toBe(check.status);
          // The iterator must reach the same cell at the same position (it walks an odometer, not indexOf).
          const viaIterator = [...dataset.cells()].find((c) => c.index === check.index);
          expect(viaIterator?.coordinates).toEqual(check.coords);
          expect(viaIterator?.value).toBe(check.value);
        });
      },
    );
  });
});
