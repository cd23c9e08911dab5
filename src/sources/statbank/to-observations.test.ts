// The StatBank converters: by name and by position they give the same observations and the same refusals, and
// every observation they give satisfies the model's rule, so an import may take it without testing it again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observationProblem } from '../../domain/observation/index.ts';
import { cellConverter, cellsToObservations, columnConverter, type StatbankCell } from './to-observations.ts';

const code = fc.oneof(
  fc.constantFrom('1', '24', 'TOT', '0-4', '151', '101', '000', '2021K2', '2021Q3', '2021', '20XX', ''),
  fc.string({ maxLength: 4 }),
  fc.string({ minLength: 99, maxLength: 102 }),
  fc.constantFrom('a\0b', '\uD800', 'ok\uDC00'),
);
const value = fc.oneof(
  fc.integer({ min: -5, max: 100_000 }),
  fc.double(),
  fc.constantFrom(Number.POSITIVE_INFINITY, Number.MAX_VALUE * 10),
  fc.constantFrom('..', '.', 'x', '-', '?', 'unknown marker', 'nul\0', 'elleveelleve!').map((marker) => ({
    marker,
  })),
);
const header = fc.constantFrom(
  ['OMRÅDE', 'KØN', 'TID'],
  ['OMRÅDE', 'HERKOMST', 'ALDER', 'TID'],
  ['TID', 'OMRÅDE'],
  ['KØN', 'TID'],
  ['OMRÅDE', 'X'.repeat(61), 'TID'],
  ['OMRÅDE', 'KØN'],
);

describe('StatBank converters', () => {
  it('give only observations the model accepts, and the same by position as by name', () => {
    fc.assert(
      fc.property(
        header,
        fc.array(fc.tuple(fc.array(code, { minLength: 6, maxLength: 6 }), value), { maxLength: 30 }),
        fc.constantFrom('FOLK1E', 'T'.repeat(101), 'bad\0table'),
        fc.constantFrom(undefined, 'personer', 'procent'),
        (columns, rows, table, unit) => {
          const options = { table, unit };
          const byName = cellConverter(options);
          const byPosition = columnConverter(options, [...columns, 'INDHOLD'], columns.length);
          rows.forEach(([codes, v], i) => {
            const fields = [...columns.map((_, k) => codes[k] as string), String(v)];
            const cell: StatbankCell = {
              line: i + 2,
              coordinates: Object.fromEntries(columns.map((c, k) => [c, codes[k] as string])),
              value: v,
            };
            const a = byName(cell);
            const b = byPosition(i + 2, fields, v);
            expect(b).toEqual(a);
            if (!('reason' in a)) expect(observationProblem(a)).toBeUndefined();
          });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('share one frozen dimension object between cells with the same codes', () => {
    const { observations } = cellsToObservations(
      [1, 2].map((line) => ({
        line,
        coordinates: { OMRÅDE: '151', KØN: '1', TID: `202${line}` },
        value: line,
      })),
      { table: 'FOLK1E' },
    );
    expect(observations[0]?.dims).toBe(observations[1]?.dims);
    expect(Object.isFrozen(observations[0]?.dims)).toBe(true);
  });

  it('find the same dimension object by position for any number of codes, in any order', () => {
    const columns = ['OMRÅDE', 'ALDER', 'KØN', 'TID', 'INDHOLD'];
    const convert = columnConverter({ table: 'FOLK1E' }, columns, 4);
    // Forty ages (past the short list a level of the code tree starts with) and two sexes, twice, shuffled.
    const codes = Array.from({ length: 40 }, (_, a) => ['1', '2'].map((k) => [`${a}`, k] as const)).flat();
    const order = [...codes, ...codes].map((c, i) => ({ c, key: (i * 7919) % 160 }));
    order.sort((x, y) => x.key - y.key);
    const seen = new Map<string, object>();
    for (const [i, { c }] of order.entries()) {
      // Each field a new string, as a reader cuts them from a line.
      const fields = ['151', ` ${c[0]}`.slice(1), ` ${c[1]}`.slice(1), '2021K2'];
      const o = convert(i + 2, fields, 1);
      if ('reason' in o) throw new Error(o.reason);
      expect(o.dims).toEqual({ ALDER: c[0], KØN: c[1] });
      const key = `${c[0]}|${c[1]}`;
      if (seen.has(key)) expect(o.dims).toBe(seen.get(key));
      else seen.set(key, o.dims);
    }
    expect(new Set(seen.values()).size).toBe(80);
  });

  it('refuse a set of dimensions the model refuses, naming the field', () => {
    const convert = cellConverter({ table: 'FOLK1E' });
    expect(
      convert({ line: 7, coordinates: { OMRÅDE: '151', KØN: 'a\0b', TID: '2021' }, value: 1 }),
    ).toMatchObject({
      line: 7,
      reason: 'dims.KØN: text holds a NUL character or an unpaired surrogate',
    });
    expect(
      convert({ line: 8, coordinates: { OMRÅDE: '151', TID: '2021' }, value: Number.POSITIVE_INFINITY }),
    ).toMatchObject({ line: 8, reason: expect.stringMatching(/^value\.value: /) });
  });
});
