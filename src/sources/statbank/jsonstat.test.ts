// The JSON-stat reader against recorded StatBank responses, hand-made edge cases, bad input and random input.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readStatbankCsv } from './csv.ts';
import { StatbankFormatError } from './errors.ts';
import { jsonStatFromValue, readJsonStat, readJsonStatAll } from './jsonstat.ts';
import type { JsonStatDataset } from './jsonstat-types.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** A small v2 dataset to vary in the tests: 2 × 3 cells, TID index deliberately out of label order. */
function cube(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '2.0',
    class: 'dataset',
    label: 'Test',
    id: ['OMR', 'TID'],
    size: [2, 3],
    dimension: {
      OMR: {
        label: 'område',
        category: { index: { '000': 0, '151': 1 }, label: { '151': 'Ballerup', '000': 'Hele landet' } },
      },
      TID: {
        label: 'tid',
        category: {
          index: ['2021', '2019', '2020'],
          label: { '2019': '2019', '2020': '2020', '2021': '2021' },
        },
      },
    },
    value: [1, 2, 3, 4, 5, 6],
    ...overrides,
  };
}
const text = (doc: unknown): string => JSON.stringify(doc);

describe('recorded StatBank responses', () => {
  it('reads STRAF42 (v1, "dataset" wrapper, three dimensions)', () => {
    const [only, ...rest] = readJsonStatAll(fixture('data_straf42_json.response.json'));
    expect(rest).toEqual([]);
    expect(only?.name).toBe('dataset');
    const d = only!.dataset;
    expect(d.version).toBe('1.0');
    expect(d.label).toBe('Decisions, total by national origin, Indhold and time');
    expect(d.source).toBe('Statistics Denmark');
    expect(d.updated).toBe('2025-03-25T07:00:00Z');
    expect(d.dimensions.map((x) => [x.id, x.label, x.role])).toEqual([
      ['HERKOMST1', 'national origin', undefined],
      ['ContentsCode', 'Indhold', 'metric'],
      ['Tid', 'time', 'time'],
    ]);
    expect(d.dimension('HERKOMST1')?.categories).toEqual([{ code: '00', label: 'Total' }]);
    expect(d.dimension('ContentsCode')?.categories[0]?.unit).toEqual({ base: 'Number', decimals: 0 });
    expect(d.roles).toEqual({ metric: ['ContentsCode'], time: ['Tid'] });
    expect([...d.cells()]).toEqual([
      { coordinates: { HERKOMST1: '00', ContentsCode: 'STRAF42', Tid: '2023' }, index: 0, value: 233454 },
    ]);
    // A single-category dimension may be left out of a lookup.
    expect(d.valueAt({ HERKOMST1: '00', Tid: '2023' })).toBe(233454);
  });

  it('reads STRAF42 with everything eliminated (latest period only)', () => {
    const d = readJsonStat(fixture('data_straf42_all.response.json'));
    expect(d.size).toEqual([1, 1]);
    expect(d.valueAt({ Tid: '2024' })).toBe(227774);
  });

  it('gives the same cells from the CSV and the JSON-stat response to the same request', () => {
    const json = readJsonStat(fixture('data_straf42_json.response.json'));
    const csv = readStatbankCsv(
      readFileSync(new URL('./fixtures/data_straf42_csv.response.csv', import.meta.url)),
    );
    expect(csv.rows).toHaveLength(json.cellCount);
    for (const row of csv.rows) {
      // CSV headers are upper case (TID) where JSON-stat says Tid, and valuePresentation Default writes labels.
      const coords = Object.fromEntries(
        Object.entries(row.coordinates).map(([variable, field]) => {
          const dim = json.dimensions.find((d) => d.id.toUpperCase() === variable.toUpperCase());
          const category = dim?.categories.find((c) => c.code === field || c.label === field);
          expect(category, `${variable}=${field}`).toBeDefined();
          return [dim!.id, category!.code];
        }),
      );
      expect(json.valueAt(coords)).toBe(row.value);
    }
  });

  it('reads a v1 dataset without wrapper: BEF5 with four dimensions, row-major, last fastest', () => {
    const [only] = readJsonStatAll(fixture('other-client/bef5_jsonstat_multi_dim_mock_from_tests.json'));
    expect(only?.name).toBeNull();
    const d = only!.dataset;
    expect(d.version).toBe('1.0');
    expect(d.dimensions.map((x) => x.id)).toEqual(['KØN', 'FODLAND', 'ContentsCode', 'Tid']);
    expect(d.size).toEqual([2, 2, 1, 2]);
    expect(d.dimension('FODLAND')?.role).toBe('geo');
    const expected: [string, string, string, number][] = [
      ['M', '5101', '2018', 7016],
      ['M', '5101', '2019', 7095],
      ['M', '5104', '2018', 1266],
      ['M', '5104', '2019', 1263],
      ['K', '5101', '2018', 9454],
      ['K', '5101', '2019', 9471],
      ['K', '5104', '2018', 2766],
      ['K', '5104', '2019', 2787],
    ];
    expect(
      [...d.cells()].map((c) => [
        c.coordinates['KØN'],
        c.coordinates['FODLAND'],
        c.coordinates['Tid'],
        c.value,
      ]),
    ).toEqual(expected);
    for (const [sex, country, year, value] of expected)
      expect(d.valueAt({ KØN: sex, FODLAND: country, ContentsCode: 'BEF5', Tid: year })).toBe(value);
  });

  it('reads the other client FOLK1A mock (quarter code 2020K1, label 2020Q1)', () => {
    const d = readJsonStat(fixture('other-client/folk1a_jsonstat_mock_from_tests.json'));
    expect(d.dimension('Tid')?.categories).toEqual([{ code: '2020K1', label: '2020Q1' }]);
    expect(d.valueAt({ Tid: '2020K1' })).toBe(5822763);
  });

  it('reads bytes with a byte-order mark', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${fixture('data_straf42_all.response.json')}`);
    expect(readJsonStat(bytes).valueAtIndex(0)).toBe(227774);
  });
});

describe('JSON-stat shapes', () => {
  const read = (doc: unknown): JsonStatDataset => readJsonStat(text(doc));

  it('takes category order from the index, not from the labels or from sorting', () => {
    const d = read(cube());
    expect(d.dimension('TID')?.categories.map((c) => c.code)).toEqual(['2021', '2019', '2020']);
    expect(d.dimension('OMR')?.categories).toEqual([
      { code: '000', label: 'Hele landet' },
      { code: '151', label: 'Ballerup' },
    ]);
    expect(d.valueAt({ OMR: '000', TID: '2021' })).toBe(1);
    expect(d.valueAt({ OMR: '151', TID: '2020' })).toBe(6);
  });

  it('orders integer-like codes by their index numbers, not by JavaScript key order', () => {
    const d = read(
      cube({
        dimension: { ...(cube().dimension as object), OMR: { category: { index: { '10': 1, '09': 0 } } } },
      }),
    );
    expect(d.dimension('OMR')?.categories.map((c) => c.code)).toEqual(['09', '10']);
    expect(d.dimension('OMR')?.label).toBe('OMR');
    expect(d.valueAt({ OMR: '10', TID: '2021' })).toBe(4);
  });

  it('reads a single-category dimension that has only a label', () => {
    const d = read(
      cube({
        id: ['C', 'TID'],
        size: [1, 3],
        dimension: { ...(cube().dimension as object), C: { category: { label: { pop: 'Population' } } } },
        value: [7, 8, 9],
      }),
    );
    expect(d.dimension('C')?.categories).toEqual([{ code: 'pop', label: 'Population' }]);
    expect(d.valueAt({ TID: '2020' })).toBe(9);
  });

  it('reads size written as strings', () => {
    expect(read(cube({ size: ['2', '3'] })).size).toEqual([2, 3]);
  });

  it('reads a sparse value object: absent keys are null', () => {
    const d = read(cube({ value: { '0': 1.5, '5': -2, '3': null } }));
    expect([...d.cells()].map((c) => c.value)).toEqual([1.5, null, null, null, null, -2]);
  });

  it.each([
    ['a string (every cell)', 'p', ['p', 'p', 'p', 'p', 'p', 'p']],
    ['a one-element array (every cell)', ['e'], ['e', 'e', 'e', 'e', 'e', 'e']],
    [
      'an array, one per cell',
      ['a', null, 'b', null, null, 'c'],
      ['a', undefined, 'b', undefined, undefined, 'c'],
    ],
    [
      'an object keyed by index',
      { '1': '..', '4': 'e' },
      [undefined, '..', undefined, undefined, 'e', undefined],
    ],
    [
      'legacy Eurostat {value: [...], category}',
      { value: [':', null, null, null, null, ':'], category: { label: { ':': 'not available' } } },
      [':', undefined, undefined, undefined, undefined, ':'],
    ],
  ])('reads status as %s', (_, status, expected) => {
    const d = read(cube({ status }));
    expect([...d.cells()].map((c) => c.status)).toEqual(expected);
    expect(d.statusAt({ OMR: '000', TID: '2021' })).toBe(expected[0]);
  });

  it('reads a v1 bundle with several datasets, and picks one by name', () => {
    const v1 = (value: number[]): unknown => {
      const { id, size, dimension, ...rest } = cube({ value });
      delete rest['version'];
      delete rest['class'];
      return { ...rest, dimension: { ...(dimension as object), id, size, role: { time: ['TID'] } } };
    };
    const body = text({ first: v1([1, 2, 3, 4, 5, 6]), second: v1([6, 5, 4, 3, 2, 1]) });
    const all = readJsonStatAll(body);
    expect(all.map((d) => [d.name, d.dataset.version, d.dataset.valueAtIndex(0)])).toEqual([
      ['first', '1.0', 1],
      ['second', '1.0', 6],
    ]);
    expect(readJsonStat(body, { name: 'second' }).dimension('TID')?.role).toBe('time');
    expect(() => readJsonStat(body)).toThrow(/expected one dataset but the file holds 2: "first", "second"/);
    expect(() => readJsonStat(body, { name: 'third' })).toThrow(/no dataset "third"/);
  });

  it('reads the datasets embedded in a v2 collection and skips plain links', () => {
    const { version: _v, ...embedded } = cube();
    const body = {
      version: '2.0',
      class: 'collection',
      link: { item: [{ class: 'dataset', href: 'https://x' }, embedded] },
    };
    expect(readJsonStatAll(text(body)).map((d) => [d.name, d.dataset.version])).toEqual([
      ['link.item[1]', '2.0'],
    ]);
  });

  it('reads string values only when asked', () => {
    const body = text(cube({ value: ['a', 'b', 'c', 'd', 'e', null] }));
    expect(() => readJsonStat(body)).toThrow(/non-numeric value: value\[0\] is the string "a"/);
    expect(readJsonStat(body, { allowStringValues: true }).valueAtIndex(1)).toBe('b');
  });

  it('reads an already parsed document', () => {
    expect(jsonStatFromValue(cube())[0]?.dataset.valueAtIndex(5)).toBe(6);
  });

  it('has an empty cube when a dimension has no categories', () => {
    const d = read(
      cube({
        size: [2, 0],
        value: [],
        dimension: { ...(cube().dimension as object), TID: { category: { index: [] } } },
      }),
    );
    expect(d.cellCount).toBe(0);
    expect([...d.cells()]).toEqual([]);
  });

  it('refuses lookups of unknown dimensions and categories with RangeError', () => {
    const d = read(cube());
    expect(() => d.valueAt({ OMR: '999', TID: '2021' })).toThrow(/dimension "OMR" has no category "999"/);
    expect(() => d.valueAt({ OMR: '000', TID: '2021', X: 'y' })).toThrow(RangeError);
    expect(() => d.valueAt({ OMR: '000' })).toThrow(/no category given for dimension "TID"/);
    expect(() => d.valueAtIndex(6)).toThrow(RangeError);
  });
});

describe('bad JSON-stat input', () => {
  const good = text(cube());
  const dims = cube().dimension as Record<string, unknown>;
  it.each<[string, string | Uint8Array, RegExp]>([
    ['truncated JSON', good.slice(0, good.length - 7), /^jsonstat: not valid JSON \(truncated\?\)/],
    ['an empty body', '  ', /the body is empty/],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), /not valid UTF-8/],
    ['a top-level array', '[1,2]', /expected a JSON object at the top, found an array of 2/],
    [
      'a size/value count mismatch',
      text(cube({ value: [1, 2, 3, 4, 5] })),
      /^jsonstat: size product 6 does not match 5 values$/,
    ],
    [
      'a size/category count mismatch',
      text(cube({ size: [2, 2] })),
      /^jsonstat: dimension "TID": size is 2 but category index has 3 entries$/,
    ],
    [
      'no dimension member',
      text(cube({ dimension: undefined })),
      /missing dimension: the dataset has no "dimension" member/,
    ],
    [
      'a dimension listed in id but not described',
      text(cube({ id: ['OMR', 'KØN'] })),
      /missing dimension: "KØN" is listed in "id"/,
    ],
    ['no id', text(cube({ id: undefined })), /missing dimension ids/],
    ['no size', text(cube({ size: undefined })), /missing size/],
    ['size shorter than id', text(cube({ size: [6] })), /"size" has 1 entries but "id" lists 2 dimensions/],
    [
      'a negative size',
      text(cube({ size: [-2, 3] })),
      /size\[0\] should be a count of categories, found number -2/,
    ],
    ['a dimension id listed twice', text(cube({ id: ['OMR', 'OMR'] })), /dimension "OMR" is listed twice/],
    ['no value member', text(cube({ value: undefined })), /missing value/],
    [
      'a non-numeric value',
      text(cube({ value: [1, 2, '3', 4, 5, 6] })),
      /non-numeric value: value\[2\] is the string "3"/,
    ],
    ['a boolean value', text(cube({ value: [1, 2, 3, true, 5, 6] })), /value\[3\] is boolean true/],
    ['an infinite value', good.replace('[1,2,3', '[1e400,2,3'), /value\[0\] is not a finite number/],
    [
      'a sparse key outside the cube',
      text(cube({ value: { '6': 1 } })),
      /value key "6" is not a cell index from 0 to 5/,
    ],
    [
      'a sparse key that is not an index',
      text(cube({ value: { a: 1 } })),
      /value key "a" is not a cell index/,
    ],
    ['a status number', text(cube({ status: 7 })), /unknown status shape: "status" is number 7/],
    [
      'a status array of the wrong length',
      text(cube({ status: ['a', 'b'] })),
      /unknown status shape: status has 2 entries; expected 1 or 6/,
    ],
    [
      'a status object with other keys',
      text(cube({ status: { flag: 'e' } })),
      /unknown status shape: status key "flag"/,
    ],
    [
      'a status that is not a string',
      text(cube({ status: { '1': 3 } })),
      /unknown status shape: status\["1"\] is number 3/,
    ],
    [
      'two categories at one index position',
      text(cube({ dimension: { ...dims, OMR: { category: { index: { a: 0, b: 0 } } } } })),
      /dimension "OMR": categories "a" and "b" share index position 0/,
    ],
    [
      'an index position out of range',
      text(cube({ dimension: { ...dims, OMR: { category: { index: { a: 0, b: 2 } } } } })),
      /category "b" has index number 2; expected a position from 0 to 1/,
    ],
    [
      'several labels and no index',
      text(cube({ dimension: { ...dims, OMR: { category: { label: { a: 'A', b: 'B' } } } } })),
      /"category" has no "index" and 2 labels/,
    ],
    [
      'a dimension without category',
      text(cube({ dimension: { ...dims, OMR: { label: 'x' } } })),
      /dimension "OMR": "category" should be an object/,
    ],
    ['an unknown class', text(cube({ class: 'dimension' })), /unsupported class the string "dimension"/],
    [
      'a collection of links only',
      text({ class: 'collection', link: { item: [{ href: 'x' }] } }),
      /collection holds no embedded datasets/,
    ],
    ['a bundle with nothing in it', text({ version: '1.0' }), /no dataset found/],
    [
      'too many cells',
      text(
        cube({
          size: [8000, 8000],
          value: {},
          dimension: {
            OMR: { category: { index: Array.from({ length: 8000 }, (_, i) => `a${i}`) } },
            TID: { category: { index: Array.from({ length: 8000 }, (_, i) => `t${i}`) } },
          },
        }),
      ),
      /size product 64000000 exceeds the 50000000 cells/,
    ],
    [
      'a StatBank error body',
      '{"errorTypeCode":"TABLE_NOT_FOUND","message":"Tabellen blev ikke fundet"}',
      /the API answered with an error \(TABLE_NOT_FOUND\): Tabellen blev ikke fundet/,
    ],
  ])('refuses %s', (_, body, message) => {
    let thrown: unknown;
    try {
      readJsonStatAll(body);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(StatbankFormatError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('names the dataset of a bundle in the message', () => {
    const { id, size, dimension, value } = cube({ value: [1] });
    expect(() =>
      readJsonStatAll(text({ canada: { dimension: { ...(dimension as object), id, size }, value } })),
    ).toThrow(/^jsonstat: dataset "canada": size product 6 does not match 1 values$/);
  });
});

describe('JSON-stat properties', () => {
  /** Random cubes written with random index forms and key orders must read back cell for cell. */
  it('reads any small cube at the right coordinates, whatever the index form or key order', () => {
    const dimensionArb = fc.uniqueArray(fc.stringMatching(/^[0-9A-Z]{1,3}$/), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(dimensionArb, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        (dims, sparse, v1) => {
          const ids = dims.map((_, k) => `D${k}`);
          const size = dims.map(([codes]) => codes.length);
          const total = size.reduce((a, b) => a * b, 1);
          const values = Array.from({ length: total }, (_, i) => (i % 7 === 3 ? null : i * 1.5));
          const dimension = Object.fromEntries(
            dims.map(([codes, asArray, reversedKeys], k) => {
              const entries = codes.map((c, pos) => [c, pos] as const);
              const index = asArray
                ? codes
                : Object.fromEntries(reversedKeys ? [...entries].reverse() : entries);
              return [
                ids[k],
                { category: { index, label: Object.fromEntries(codes.map((c) => [c, `L${c}`])) } },
              ];
            }),
          );
          const value = sparse
            ? Object.fromEntries(values.flatMap((v, i) => (v === null ? [] : [[String(i), v]])))
            : values;
          const doc = v1
            ? { dataset: { dimension: { ...dimension, id: ids, size }, value } }
            : { version: '2.0', class: 'dataset', id: ids, size, dimension, value };
          const d = readJsonStat(text(doc));
          let i = 0;
          for (const cell of d.cells()) {
            const expectedCoords = Object.fromEntries(
              ids.map((id, k) => {
                const stride = size.slice(k + 1).reduce((a, b) => a * b, 1);
                return [id, dims[k]![0][Math.floor(i / stride) % size[k]!]!];
              }),
            );
            expect(cell.coordinates).toEqual(expectedCoords);
            expect(cell.value).toBe(values[i]);
            expect(d.valueAt(expectedCoords)).toBe(values[i]);
            i++;
          }
          expect(i).toBe(total);
        },
      ),
      { numRuns: 200 },
    );
  });

  const seeds = [
    fixture('other-client/bef5_jsonstat_multi_dim_mock_from_tests.json'),
    fixture('data_straf42_json.response.json'),
    text(cube({ status: { '1': 'e' } })),
  ];

  /** Reads the input and touches every cell; anything thrown must be StatbankFormatError. */
  function readsOrRefuses(body: string): boolean {
    try {
      for (const { dataset } of readJsonStatAll(body)) {
        if (dataset.cellCount > 100_000) continue;
        for (const cell of dataset.cells()) void cell.status;
      }
      return true;
    } catch (e) {
      if (e instanceof StatbankFormatError) return true;
      throw e;
    }
  }

  it('never throws anything but StatbankFormatError for text corruptions', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('delete' as const),
        at: fc.nat(),
        length: fc.integer({ min: 1, max: 8 }),
      }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), with: fc.string({ maxLength: 4 }) }),
      fc.record({
        kind: fc.constant('replace' as const),
        at: fc.nat(),
        with: fc.constantFrom('0', '-1', '"', '{', '}', '[', ']', ',', 'null', '1e400', 'x', ':', '"a"'),
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        (seed, edits) => {
          let body = seed;
          for (const e of edits) {
            const at = e.at % (body.length + 1);
            if (e.kind === 'truncate') body = body.slice(0, at);
            else if (e.kind === 'delete') body = body.slice(0, at) + body.slice(at + e.length);
            else if (e.kind === 'insert') body = body.slice(0, at) + e.with + body.slice(at);
            else body = body.slice(0, at) + e.with + body.slice(at + 1);
          }
          return readsOrRefuses(body);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws anything but StatbankFormatError for structural corruptions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.option(fc.jsonValue({ maxDepth: 2 }), { freq: 4 })), {
          minLength: 1,
          maxLength: 3,
        }),
        (seed, edits) => {
          const doc = JSON.parse(seed) as unknown;
          for (const [pick, replacement] of edits) {
            const places = containers(doc);
            const place = places[pick % places.length];
            if (place === undefined) continue;
            const [parent, key] = place;
            // null from fc.option means: delete the member (or put null into an array).
            if (replacement === null && !Array.isArray(parent))
              delete (parent as Record<string, unknown>)[key];
            else (parent as Record<string, unknown>)[key] = replacement;
          }
          return readsOrRefuses(text(doc));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** Every (parent, key) pair in a parsed JSON tree, so a random one can be replaced. */
function containers(root: unknown): [object, string][] {
  const found: [object, string][] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const key of Object.keys(node)) {
      found.push([node, key]);
      walk((node as Record<string, unknown>)[key]);
    }
  };
  walk(root);
  return found;
}
