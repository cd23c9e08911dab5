// The COPY text encoding: escapes checked against a reference decoder of the format, hostile strings sent
// through the staging table on both databases and read back unchanged, and NUL refused before it gets there.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import { dimsKey, type Observation } from '../domain/observation/index.ts';
import { importObservations, ImportRefusedError } from '../service/observations.ts';
import {
  COPY_NULL,
  copyBoolean,
  copyNullableText,
  copyNumber,
  copyRow,
  copyText,
  CopyEncodingError,
} from './copy-text.ts';
import type { Database } from './database.ts';
import { fastDimsKey, SegmentGrouper, segmentLine, SliceWriter } from './observation-copy.ts';
import { openStaging } from './observation-store.ts';

/** PostgreSQL's reading of one text-format field (copyfromparse.c), for the escapes this encoder writes. */
function decodeField(field: string): string | null {
  if (field === COPY_NULL) return null;
  const named: Record<string, string> = { t: '\t', n: '\n', r: '\r', '\\': '\\' };
  return field.replace(/\\(.)/g, (_, c: string) => named[c] ?? c);
}

function decodeRow(line: string): (string | null)[] {
  expect(line.endsWith('\n')).toBe(true);
  return line.slice(0, -1).split('\t').map(decodeField);
}

const hostile = [
  'tab\there',
  'line\nbreak',
  'carriage\rreturn',
  'windows\r\nline',
  'back\\slash',
  '\\N',
  '\\.',
  '\\t literal',
  'trailing backslash\\',
  'Ærø Østerbro Å',
  'emoji 🇩🇰 and 𝄞',
  'combining e\u0301',
  '"quoted";semi,comma',
  '',
  ' leading and trailing ',
];

describe('copy text encoding', () => {
  it('escapes backslash, tab, newline and carriage return and leaves everything else alone', () => {
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyText('Ærø 🇩🇰')).toBe('Ærø 🇩🇰');
    expect(copyText('\\N')).toBe('\\\\N');
    expect(copyNullableText(null)).toBe('\\N');
    expect(copyNullableText(undefined)).toBe('\\N');
    expect(copyNullableText('')).toBe('');
  });

  it('reads back as the same strings, and a field never contains a raw tab or line break', () => {
    for (const s of hostile) {
      const field = copyText(s);
      expect(field).not.toMatch(/[\t\n\r]/);
      expect(decodeField(field)).toBe(s);
    }
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')))),
        (xs) => {
          const line = copyRow(xs.map((x) => copyNullableText(x)));
          expect(decodeRow(line)).toEqual(xs.length === 0 ? [''] : xs);
        },
      ),
    );
  });

  it('refuses NUL, which no text column can hold', () => {
    expect(() => copyText('a\0b')).toThrow(CopyEncodingError);
  });

  it('writes numbers in a form PostgreSQL reads back as the same double, and refuses non-finite ones', () => {
    expect(copyNumber(0.1)).toBe('0.1');
    expect(copyNumber(1e21)).toBe('1e+21');
    expect(copyNumber(null)).toBe('\\N');
    expect(copyNumber(undefined)).toBe('\\N');
    expect(() => copyNumber(Number.NaN)).toThrow(CopyEncodingError);
    expect(() => copyNumber(Number.POSITIVE_INFINITY)).toThrow(CopyEncodingError);
    expect(copyBoolean(true)).toBe('t');
    expect(copyBoolean(false)).toBe('f');
  });

  it('gives the same dimension key as the domain, in any key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (dims) => {
        expect(fastDimsKey(dims)).toBe(dimsKey(dims));
      }),
    );
    expect(fastDimsKey({ 10: 'a', 9: 'b', B: 'c', A: 'd' })).toBe(
      dimsKey({ 10: 'a', 9: 'b', B: 'c', A: 'd' }),
    );
  });
});

describe('segments', () => {
  const text = fc.oneof(
    fc.constantFrom('1', '0-4', 'TOT', 'a"b', 'back\\slash', 'tab\tx', 'Ø', '🇩🇰', ''),
    fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
  );
  const observation: fc.Arbitrary<Observation> = fc.record({
    series: fc.constantFrom('FOLK1E', 'S\t1'),
    area: fc.constant('101'),
    period: fc.constant('2021K1'),
    dims: fc.dictionary(fc.constantFrom('KØN', 'ALDER', 'HERKOMST', 'A"B', 'T\tX', '10', '9'), text),
    value: fc.oneof(
      fc.record({
        kind: fc.constant('number' as const),
        value: fc.double({ noNaN: true, noDefaultInfinity: true }),
      }),
      fc.record({
        kind: fc.constant('missing' as const),
        reason: fc.constantFrom('confidential' as const, 'not-available' as const),
        marker: text,
      }),
    ),
    numerator: fc.option(fc.nat(), { nil: undefined }),
    denominator: fc.option(fc.nat(), { nil: undefined }),
    unit: fc.constantFrom('number', 'per\\cent'),
    status: fc.constantFrom('final' as const, 'provisional' as const),
    illustrative: fc.boolean(),
  });

  it('gather each key once per window and find the periods a window gives twice', () => {
    fc.assert(
      fc.property(
        fc.array(observation, { maxLength: 40 }),
        fc.integer({ min: 1, max: 50 }),
        (rows, window) => {
          const grouper = new SegmentGrouper(window);
          const lines: string[] = [];
          let full = 0;
          for (const o of rows)
            if (grouper.add(o)) {
              lines.push(...grouper.drain());
              full++;
            }
          lines.push(...grouper.drain());
          expect(full).toBe(Math.floor(rows.length / window));
          // Every line is one row of COPY text with the staging table's 13 fields.
          for (const line of lines) expect(decodeRow(line)).toHaveLength(13);
          const segmentOf = (o: Observation) =>
            [o.series, o.area, dimsKey(o.dims), o.unit, o.status, o.illustrative].join('|');
          let segments = 0;
          let repeated = 0;
          for (let from = 0; from < rows.length; from += window) {
            const inWindow = rows.slice(from, from + window);
            segments += new Set(inWindow.map(segmentOf)).size;
            const counts = new Map<string, number>();
            for (const o of inWindow) {
              const figure = `${segmentOf(o)}|${o.period}`;
              counts.set(figure, (counts.get(figure) ?? 0) + 1);
            }
            repeated += [...counts.values()].filter((n) => n > 1).length;
          }
          expect(lines).toHaveLength(segments);
          expect(grouper.repeatCount).toBe(repeated);
        },
      ),
    );
  });

  it('remember the keys written in more than one segment whose periods could meet', () => {
    const grouper = new SegmentGrouper(2);
    const at = (area: string, period: string): Observation => ({ ...base, area, period });
    // 101 gives 2020 and 2022, then 2021: within the span before, so its segments must be compared. 147 gives
    // 2020, then 2021: after the span before, so none of its periods can be given twice.
    const rows = [at('101', '2020'), at('101', '2022'), at('101', '2021'), at('147', '2020')];
    rows.push(at('147', '2021'), at('151', '2020'));
    for (const o of rows) if (grouper.add(o)) Array.from(grouper.drain());
    Array.from(grouper.drain());
    expect(grouper.splitKeys).toEqual([{ series: 'TEST1', area: '101', dimsKey: 'KØN=1' }]);
    expect(grouper.compareAllSegments).toBe(false);
  });

  it('write the same bytes straight into slices as the lines of text, in any slice size', () => {
    const value = fc.oneof(
      fc.integer({ min: -2_000_000, max: 2_000_000 }),
      fc.constantFrom(0, -0, 1e15 - 1, 1e15, -1e15, 2 ** 53, 0.1, -2.5e-308, 1e21, 123456.789),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    const row = fc.record({
      area: fc.constantFrom('101', '147', '151'),
      period: fc.constantFrom('2019', '2020', '2021K1', '2021M03', 'Ø2021'),
      dims: fc.constantFrom<Readonly<Record<string, string>>>({ KØN: '1' }, { KØN: 'a\tb' }, {}),
      value: fc.oneof(
        { weight: 9, arbitrary: value.map((v) => ({ kind: 'number' as const, value: v })) },
        fc.constant({ kind: 'missing' as const, reason: 'confidential' as const, marker: '..' }),
      ),
      series: fc.constantFrom('S1', 'S\\2'),
    });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 80 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 64, max: 2_000 }),
        (rows, window, size) => {
          const asText = new SegmentGrouper(window, 'P\t');
          const asBytes = new SegmentGrouper(window, 'P\t');
          const lines: string[] = [];
          const writer = new SliceWriter(size);
          const slices: Buffer[] = [];
          const drainBoth = () => {
            lines.push(...asText.drain());
            for (const _ of asBytes.drainInto(writer))
              slices.push(...writer.take().map((b) => Buffer.from(b)));
          };
          for (const r of rows) {
            const o: Observation = { ...base, ...r };
            const full = asText.add(o);
            asBytes.add(o);
            if (full) drainBoth();
          }
          drainBoth();
          slices.push(...writer.take());
          expect(Buffer.concat(slices).toString('utf8')).toBe(lines.join(''));
          expect(asBytes.splitKeys).toEqual(asText.splitKeys);
          expect(asBytes.repeatCount).toBe(asText.repeatCount);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('remember every key that gives a period again in a later window', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            area: fc.constantFrom('101', '147', '151'),
            period: fc.constantFrom('2019', '2020', '2021K1', '2021K2', '2022', '2023M01'),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: 1, max: 12 }),
        (rows, window) => {
          const grouper = new SegmentGrouper(window);
          for (const r of rows) if (grouper.add({ ...base, ...r })) Array.from(grouper.drain());
          Array.from(grouper.drain());
          const firstWindow = new Map<string, number>();
          const mustCompare = new Set<string>();
          rows.forEach((r, i) => {
            const figure = `${r.area}|${r.period}`;
            const w = Math.floor(i / window);
            const first = firstWindow.get(figure);
            if (first === undefined) firstWindow.set(figure, w);
            else if (first !== w) mustCompare.add(r.area);
          });
          const remembered = new Set(grouper.splitKeys.map((k) => k.area));
          for (const area of mustCompare) expect(remembered.has(area)).toBe(true);
        },
      ),
    );
  });

  it('refuse a number that is not finite', () => {
    const grouper = new SegmentGrouper(10);
    expect(() =>
      grouper.add({ ...base, value: { kind: 'number', value: Number.POSITIVE_INFINITY } }),
    ).toThrow(CopyEncodingError);
    expect(() =>
      segmentLine({
        series: 'S',
        area: '101',
        dimsJson: '{}',
        dimsKey: '',
        unit: 'number',
        status: 'final',
        illustrative: false,
        periods: ['2021'],
        values: [Number.POSITIVE_INFINITY],
        reasons: null,
        markers: null,
        numerators: null,
        denominators: null,
      }),
    ).toThrow(/not a finite number/);
  });

  it('come out of the slice writer whole and in order, however long', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { maxLength: 200 }), (lines) => {
        const writer = new SliceWriter(256);
        const out: Buffer[] = [];
        for (const line of lines)
          if (writer.add(`${line}\n`)) out.push(...writer.take().map((b) => Buffer.from(b)));
        out.push(...writer.take());
        expect(out.every((b) => b.length > 0)).toBe(true);
        expect(Buffer.concat(out).toString('utf8')).toBe(lines.map((l) => `${l}\n`).join(''));
      }),
    );
  });

  it('fill a slice again once it is given back, and leave one of another size alone', () => {
    const writer = new SliceWriter(8192);
    writer.add('a'.repeat(5000));
    const [first] = writer.take();
    writer.recycle(first as Buffer);
    // The writer went on in a new buffer when the first was taken; the one after that is the first's memory.
    writer.add('b'.repeat(5000));
    const [second] = writer.take();
    writer.add('c'.repeat(5000));
    const [third] = writer.take();
    expect((second as Buffer).buffer).not.toBe((first as Buffer).buffer);
    expect((third as Buffer).buffer).toBe((first as Buffer).buffer);
    expect((third as Buffer).toString()).toBe('c'.repeat(5000));
    writer.add('d'.repeat(9000));
    const [long] = writer.take();
    expect((long as Buffer).length).toBe(9000);
    writer.recycle(long as Buffer);
    for (let i = 0; i < 3; i++) {
      writer.add('e'.repeat(10));
      expect((writer.take()[0] as Buffer).buffer).not.toBe((long as Buffer).buffer);
    }
  });

  it('keep every figure with its key, period, value and counts, in the order given, at any window', () => {
    const figure = fc.record({
      area: fc.constantFrom('101', '147', '151'),
      period: fc.constantFrom('2020', '2021K1', '2021K2', '2021M03'),
      dims: fc.constantFrom({ KØN: '1' }, { KØN: '2' }, Object.freeze({ KØN: '1', ALDER: '0-4' })),
      value: fc.oneof(
        fc.record({
          kind: fc.constant('number' as const),
          value: fc.double({ noNaN: true, noDefaultInfinity: true }),
        }),
        fc.record({
          kind: fc.constant('missing' as const),
          reason: fc.constantFrom('confidential' as const, 'not-available' as const),
          marker: fc.constantFrom('..', 'x'),
        }),
      ),
      numerator: fc.option(fc.nat(), { nil: undefined }),
      denominator: fc.option(fc.nat(), { nil: undefined }),
      unit: fc.constantFrom('number', 'percent'),
    });
    fc.assert(
      fc.property(
        fc.array(figure, { maxLength: 120 }),
        fc.integer({ min: 1, max: 60 }),
        fc.boolean(),
        (rows, window, drainWhenFull) => {
          const grouper = new SegmentGrouper(window);
          const lines: string[] = [];
          const observations = rows.map((r): Observation => ({ ...base, ...r }));
          // Without draining, the grouper makes room for more figures than its window.
          for (const o of observations) if (grouper.add(o) && drainWhenFull) lines.push(...grouper.drain());
          lines.push(...grouper.drain());
          const given = observations.map((o) =>
            [o.area, dimsKey(o.dims), o.unit, o.period, figureOf(o)].join('|'),
          );
          const written = lines.flatMap((line) => {
            const f = decodeRow(line);
            const periods = arrayElements(f[7]) as string[];
            const values = arrayElements(f[8]) ?? [];
            const reasons = arrayElements(f[9]);
            const markers = arrayElements(f[10]);
            const numerators = arrayElements(f[11]);
            const denominators = arrayElements(f[12]);
            return periods.map((period, i) => {
              const value =
                values[i] === null
                  ? `missing:${reasons?.[i]}:${markers?.[i]}`
                  : `number:${Number(values[i])}`;
              return [
                f[1],
                f[3],
                f[4],
                period,
                `${value}:${numerators?.[i] ?? ''}:${denominators?.[i] ?? ''}`,
              ].join('|');
            });
          });
          expect([...written].sort()).toEqual([...given].sort());
          // Within one key, the figures keep the order they came in.
          for (const key of new Set(given.map((g) => g.split('|').slice(0, 3).join('|')))) {
            const inOrder = (xs: string[]) => xs.filter((x) => x.startsWith(`${key}|`));
            expect(inOrder(written)).toEqual(inOrder(given));
          }
        },
      ),
    );
  });
});

const base: Observation = {
  series: 'TEST1',
  area: '101',
  period: '2021K1',
  dims: { KØN: '1' },
  value: { kind: 'number', value: 1 },
  unit: 'number',
  status: 'final',
  illustrative: false,
};

/** A figure as the segment line gives it back: its value or reasons, numerator and denominator. */
function figureOf(o: Observation): string {
  const value =
    o.value.kind === 'number' ? `number:${o.value.value}` : `missing:${o.value.reason}:${o.value.marker}`;
  return `${value}:${o.numerator ?? ''}:${o.denominator ?? ''}`;
}

/** The elements of a simple PostgreSQL array literal (elements quoted without escapes, or NULL); null for NULL. */
function arrayElements(field: string | null | undefined): (string | null)[] | null {
  if (field === null || field === undefined) return null;
  const inner = field.slice(1, -1);
  if (inner === '') return [];
  return inner.split(',').map((x) => (x === 'NULL' ? null : x.replace(/^"(.*)"$/, '$1')));
}

/** Every hostile string in each free-text field: series, dimension names and codes, the unit, the marker. */
function hostileRows(): Observation[] {
  return hostile.flatMap((s, i) => [
    { ...base, series: `S${i}${s}`.slice(0, 100), dims: { [`D${s}`]: s, ALDER: `${i}` } },
    // Each row its own key: an import may give a figure only once.
    {
      ...base,
      unit: `u${s}`,
      period: '2022',
      dims: { ALDER: `u${i}` },
      value: { kind: 'missing', reason: 'confidential', marker: s.slice(0, 10) },
    },
    {
      ...base,
      dims: { ALDER: `n${i}` },
      value: { kind: 'number', value: -0.1 - i * 1e-300 },
      numerator: i,
      denominator: 1e21,
    },
  ]);
}

describe.each(testDatabases)('staging with COPY on $name', ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database.close());

  it('reads hostile strings back exactly as they were staged', async () => {
    const rows = hostileRows();
    const back = await database.db.transaction().execute(async (trx) => {
      const staging = await openStaging(database, trx);
      for (const o of rows) staging.add(o);
      const staged = await staging.finish();
      expect(staged.rows).toBe(rows.length);
      const r = await sql<{
        series: string;
        dims: Record<string, string>;
        dims_key: string;
        value: number | null;
        missing_marker: string | null;
        numerator: number | null;
        denominator: number | null;
        unit: string;
      }>`select series, dims, dims_key, value, missing_marker, numerator, denominator, unit
         from (
           select s.id, f.n, s.series, s.dims, s.dims_key, f.value, f.missing_marker, f.numerator, f.denominator, s.unit
           from staged_segment s cross join lateral unnest(s.vals, s.missing_markers, s.numerators, s.denominators)
             with ordinality as f(value, missing_marker, numerator, denominator, n)
         ) x order by id, n`.execute(trx);
      return r.rows;
    });
    expect(back).toEqual(
      rows.map((o) => ({
        series: o.series,
        dims: o.dims,
        dims_key: dimsKey(o.dims),
        value: o.value.kind === 'number' ? o.value.value : null,
        missing_marker: o.value.kind === 'missing' ? o.value.marker : null,
        numerator: o.numerator ?? null,
        denominator: o.denominator ?? null,
        unit: o.unit,
      })),
    );
  });

  it('sends many slices and stays in one transaction: a failure rolls every slice back', async () => {
    const many = Array.from({ length: 2_500 }, (_, i) => ({
      ...base,
      dims: {
        ALDER: `${i}`,
        ...Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`T${k}`, 'x'.repeat(100)])),
      },
    }));
    const grouper = new SegmentGrouper(many.length);
    for (const o of many) grouper.add(o);
    expect([...grouper.drain()].reduce((n, line) => n + line.length, 0)).toBeGreaterThan(2 * (2 << 20));
    const day = (d: number) => new Date(Date.UTC(2026, 2, d));
    const ctx = (d: number) => ({ database, actor: cliActor('tester'), now: () => day(d) });
    const provenance = (d: number) => ({ source: 'file' as const, retrievedAt: day(d) });
    const outcome = await importObservations(
      ctx(1),
      provenance(1),
      many.map((observation, i) => ({ line: i + 1, observation })),
    );
    expect(outcome).toMatchObject({ status: 'stored', received: 2_500, stored: 2_500 });
    const again = await importObservations(
      ctx(2),
      provenance(2),
      many.map((observation, i) => ({ line: i + 1, observation })),
    );
    expect(again).toMatchObject({ status: 'unchanged', received: 2_500, stored: 0 });

    const changed = many.map((o) => ({ ...o, value: { kind: 'number' as const, value: 2 } }));
    const refused = await importObservations(ctx(3), provenance(3), [
      ...changed.map((observation, i) => ({ line: i + 1, observation })),
      { line: 2_501, rejected: 'a bad line at the end' },
    ]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportRefusedError);
    const broken = async function* () {
      for (const [i, observation] of changed.entries()) {
        if (i === 2_000) throw new Error('the source broke off');
        yield { line: i + 1, observation };
      }
    };
    await expect(importObservations(ctx(4), provenance(4), broken())).rejects.toThrow('the source broke off');
    const third = await importObservations(
      ctx(5),
      provenance(5),
      many.map((observation, i) => ({ line: i + 1, observation })),
    );
    expect(third).toMatchObject({ status: 'unchanged', received: 2_500, stored: 0 });
  });

  it('stores hostile text through an import, and refuses NUL and unpaired surrogates as rejected lines', async () => {
    const ctx = { database, actor: cliActor('tester'), now: () => new Date('2026-04-01T00:00:00Z') };
    const provenance = { source: 'file' as const, retrievedAt: new Date('2026-04-01T00:00:00Z') };
    const rows = hostileRows();
    const outcome = await importObservations(
      ctx,
      provenance,
      rows.map((observation, i) => ({ line: i + 1, observation })),
    );
    expect(outcome).toMatchObject({ status: 'stored', stored: rows.length });
    const bad = [
      { ...base, series: 'NUL\0' },
      { ...base, dims: { KØN: 'a\0b' } },
      { ...base, unit: 'lone \uD800 surrogate' },
      { ...base, value: { kind: 'missing' as const, reason: 'confidential' as const, marker: '\uDC00' } },
      base,
    ];
    const err = (await importObservations(
      ctx,
      provenance,
      bad.map((observation, i) => ({ line: i + 1, observation })),
    ).catch((e: unknown) => e)) as ImportRefusedError;
    expect(err).toBeInstanceOf(ImportRefusedError);
    expect(err.rejected.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(err.rejected[0]?.reason).toMatch(/^series: .*NUL/);
    expect(err.rejected[1]?.reason).toMatch(/^dims\.KØN: /);
  });
});
