// The StatBank CSV readers (whole body and streamed) against the recorded response, edge cases and random tables.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MISSING_MARKERS, readStatbankCsv, type StatbankCsvRow, type StatbankCsvValue } from './csv.ts';
import { readStatbankCsvStream } from './csv-stream.ts';
import { splitFields } from './csv-fields.ts';
import { StatbankFormatError } from './errors.ts';
import { thrownBy } from '../../../test/support/thrown.ts';

const recorded = readFileSync(new URL('./fixtures/data_straf42_csv.response.csv', import.meta.url));

async function collect(chunks: AsyncIterable<unknown> | Iterable<unknown>): Promise<StatbankCsvRow[]> {
  const rows: StatbankCsvRow[] = [];
  for await (const row of readStatbankCsvStream(chunks)) rows.push(row);
  return rows;
}

/** Splits a body at the given byte offsets. */
function cut(bytes: Uint8Array, at: readonly number[]): Uint8Array[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    pieces.push(bytes.subarray(from, p));
    from = p;
  }
  return pieces;
}

const thrown = (run: () => unknown) => thrownBy(StatbankFormatError, run);

describe('the recorded STRAF42 CSV response', () => {
  it('starts with a BOM and uses CRLF, as recorded', () => {
    expect([...recorded.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(recorded.toString('utf8').endsWith('\r\n')).toBe(true);
  });

  it('reads as one row, without BOM in the first column name', () => {
    expect(readStatbankCsv(recorded)).toEqual({
      variables: ['HERKOMST1', 'TID'],
      rows: [{ line: 2, coordinates: { HERKOMST1: 'Total', TID: '2023' }, value: 233454 }],
    });
  });

  it('reads the same from a stream split at every byte', async () => {
    const whole = readStatbankCsv(recorded).rows;
    for (let at = 0; at <= recorded.length; at++) expect(await collect(cut(recorded, [at]))).toEqual(whole);
    expect(await collect(Readable.from([recorded.subarray(0, 20), recorded.subarray(20)]))).toEqual(whole);
  });
});

describe('StatBank CSV values and layout', () => {
  const one = (body: string, options = {}): StatbankCsvValue => {
    const [row] = readStatbankCsv(body, options).rows;
    if (row === undefined) throw new Error('no row');
    return row.value;
  };

  it.each<[string, string, StatbankCsvValue]>([
    ['an integer', '42', 42],
    ['a decimal comma (lang=da)', '12,5', 12.5],
    ['a decimal point (lang=en)', '12.5', 12.5],
    ['"1.234" as one point two three four: StatBank never groups thousands', '1.234', 1.234],
    ['a negative decimal', '-3,75', -3.75],
    ['zero', '0', 0],
    ['spaces around a number', ' 7 ', 7],
    ...MISSING_MARKERS.map((marker): [string, string, StatbankCsvValue] => [
      `the missing marker ${marker}`,
      marker,
      { kind: 'missing', marker },
    ]),
  ])('reads %s', (_, field, value) => {
    expect(one(`TID;INDHOLD\n2023;${field}\n`)).toEqual(value);
  });

  it('keeps decimal and missing apart from 0 and null', () => {
    const { rows } = readStatbankCsv('A;INDHOLD\r\n1;..\r\n2;0\r\n3;-\r\n');
    expect(rows.map((r) => r.value)).toEqual([
      { kind: 'missing', marker: '..' },
      0,
      { kind: 'missing', marker: '-' },
    ]);
  });

  it.each([
    ['CRLF with BOM', '\uFEFFOMRÅDE;TID;INDHOLD\r\n151;2021K2;5,5\r\n'],
    ['LF without BOM', 'OMRÅDE;TID;INDHOLD\n151;2021K2;5,5\n'],
    ['no final line break', 'OMRÅDE;TID;INDHOLD\n151;2021K2;5,5'],
    ['blank lines at the end', 'OMRÅDE;TID;INDHOLD\n151;2021K2;5,5\n\n\r\n'],
    ['quoted fields', '"OMRÅDE";"TID";"INDHOLD"\r\n"151";"2021K2";"5,5"\r\n'],
    ['INDHOLD not last', 'OMRÅDE;INDHOLD;TID\n151;5,5;2021K2\n'],
  ])('reads %s', async (_, body) => {
    const expected = {
      variables: ['OMRÅDE', 'TID'],
      rows: [{ line: 2, coordinates: { OMRÅDE: '151', TID: '2021K2' }, value: 5.5 }],
    };
    expect(readStatbankCsv(body)).toEqual(expected);
    expect(readStatbankCsv(new TextEncoder().encode(body))).toEqual(expected);
    expect(await collect([body])).toEqual(expected.rows);
  });

  it('reads quoted fields holding ";" and doubled quotes', () => {
    const { rows } = readStatbankCsv('OMRÅDE;INDHOLD\n"Lyngby-Taarbæk; ""nord""";3\n"";4\n');
    expect(rows.map((r) => r.coordinates['OMRÅDE'])).toEqual(['Lyngby-Taarbæk; "nord"', '']);
  });

  it('pins the decimal separator when asked', () => {
    expect(() => one('A;INDHOLD\n1;1.5\n', { decimalSeparator: ',' })).toThrow(
      /uses "\." as decimal separator where the file uses ","/,
    );
    expect(one('A;INDHOLD\n1;1,5\n', { decimalSeparator: ',' })).toBe(1.5);
  });

  it('reads a header-only body as no rows', () => {
    expect(readStatbankCsv('A;INDHOLD\r\n')).toEqual({ variables: ['A'], rows: [] });
  });
});

describe('bad StatBank CSV input', () => {
  it.each<[string, string | Uint8Array, RegExp, number | undefined, number | undefined]>([
    ['an empty body', '', /^csv: the body is empty: there is no header line$/, undefined, undefined],
    [
      'a missing INDHOLD column',
      'OMRÅDE;TID;VALUE\n151;2021;3\n',
      /^csv: line 1: missing INDHOLD column: the header has "OMRÅDE", "TID", "VALUE"$/,
      1,
      undefined,
    ],
    [
      'a comma-separated file',
      'OMRÅDE,TID,INDHOLD\n151,2021,3\n',
      /line 1: wrong delimiter: the header is separated by "," \(commas\); StatBank CSV uses ";"/,
      1,
      undefined,
    ],
    [
      'a tab-separated file',
      'OMRÅDE\tTID\tINDHOLD\n151\t2021\t3\n',
      /line 1: wrong delimiter: the header is separated by tabs/,
      1,
      undefined,
    ],
    ['an unclosed quote', 'A;INDHOLD\n1;2\n"Ballerup;3\n', /^csv: line 3, column 1: unclosed quote$/, 3, 1],
    [
      'text after a closing quote',
      'A;INDHOLD\n"Ball"erup;3\n',
      /line 2, column 1: text after the closing quote/,
      2,
      1,
    ],
    [
      'a row with too few fields',
      'A;B;INDHOLD\r\n1;2;3\r\n1;3\r\n',
      /^csv: line 3: 2 fields, but the header has 3 \(A;B;INDHOLD\)$/,
      3,
      undefined,
    ],
    [
      'a row with too many fields',
      'A;INDHOLD\n1;2;3\n',
      /line 2: 3 fields, but the header has 2/,
      2,
      undefined,
    ],
    [
      'a row separated by commas',
      'A;INDHOLD\n1,2\n',
      /line 2: 1 field, but the header has 2 \(A;INDHOLD\) \(this line does not seem to be ;-separated\)/,
      2,
      undefined,
    ],
    [
      'an unparsable number',
      'A;B;INDHOLD\n1;2;3\n1;2;12a\n',
      /^csv: line 3, column 3 \(INDHOLD\): cannot read "12a" as a number or a missing-value marker \(\.\., \., x, -\)$/,
      3,
      3,
    ],
    [
      'thousand separators',
      'A;INDHOLD\n1;1.234,5\n',
      /line 2, column 2 \(INDHOLD\): cannot read "1\.234,5"/,
      2,
      2,
    ],
    ['an empty value', 'A;INDHOLD\n1;\n', /line 2, column 2 \(INDHOLD\): cannot read ""/, 2, 2],
    [
      'mixed decimal separators',
      'A;INDHOLD\n1;1,5\n2;2.5\n',
      /line 3, column 2 \(INDHOLD\): "2\.5" uses "\." as decimal separator where the file uses ","/,
      3,
      2,
    ],
    ['a duplicate header column', 'A;A;INDHOLD\n', /header column "A" appears twice/, 1, undefined],
    ['an unnamed header column', 'A;;INDHOLD\n', /header column 2 has no name/, 1, undefined],
    [
      'a JSON error body',
      '{"errorTypeCode":"x","message":"y"}',
      /line 1: the body is JSON, not CSV/,
      1,
      undefined,
    ],
    [
      'invalid UTF-8',
      new Uint8Array([0x41, 0x3b, 0xff, 0x0a]),
      /the body is not valid UTF-8/,
      undefined,
      undefined,
    ],
  ])('refuses %s', async (_, body, message, line, column) => {
    const error = thrown(() => readStatbankCsv(body));
    expect(error.message).toMatch(message);
    expect(error.line).toBe(line);
    expect(error.column).toBe(column);
    // The streaming reader says the same (its UTF-8 message adds the line it was on).
    const streamed = await collect([body]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(streamed).toBeInstanceOf(StatbankFormatError);
    if (!(body instanceof Uint8Array)) expect((streamed as Error).message).toBe(error.message);
  });
});

describe('the streaming reader', () => {
  it('ends a line once for a CRLF split across chunks', async () => {
    const rows = await collect(['A;INDHOLD\r', '\n1;2\r', '\n2;3,5\r', '\n']);
    expect(rows).toEqual([
      { line: 2, coordinates: { A: '1' }, value: 2 },
      { line: 3, coordinates: { A: '2' }, value: 3.5 },
    ]);
  });

  it('joins a UTF-8 character split across byte chunks', async () => {
    const bytes = new TextEncoder().encode('KØN;INDHOLD\nÆ;1\n');
    const rows = await collect(cut(bytes, [2, 15]));
    expect(rows).toEqual([{ line: 2, coordinates: { KØN: 'Æ' }, value: 1 }]);
  });

  it('strips a BOM split over the first chunks', async () => {
    const bytes = new TextEncoder().encode('\uFEFFA;INDHOLD\n1;2\n');
    expect(await collect(cut(bytes, [1, 2]))).toEqual([{ line: 2, coordinates: { A: '1' }, value: 2 }]);
  });

  it('yields the rows before a bad line, then throws naming it', async () => {
    const seen: StatbankCsvRow[] = [];
    const run = async (): Promise<void> => {
      for await (const row of readStatbankCsvStream(['A;INDHOLD\n1;2\n', '2;3\n3\n4;5\n'])) seen.push(row);
    };
    await expect(run()).rejects.toThrow(/^csv: line 4: 1 field, but the header has 2/);
    expect(seen.map((r) => r.line)).toEqual([2, 3]);
  });

  it('refuses a line without end and chunks that are not text or bytes', async () => {
    const drain = async (rows: AsyncIterable<StatbankCsvRow>): Promise<number> => {
      let n = 0;
      for await (const _ of rows) n++;
      return n;
    };
    await expect(
      drain(readStatbankCsvStream(['A;INDHOLD\n', 'x'.repeat(50)], { maxLineLength: 10 })),
    ).rejects.toThrow(/line 2: longer than 10 characters without a line break/);
    await expect(collect([{ not: 'text' }])).rejects.toThrow(/the stream gave object chunks/);
  });

  it('announces the header before the first row', async () => {
    const events: string[] = [];
    for await (const row of readStatbankCsvStream(['B;A;INDHOLD\n1;2;3\n'], {
      onHeader: (v) => events.push(`header ${v.join(',')}`),
    }))
      events.push(`row ${row.line}`);
    expect(events).toEqual(['header B,A', 'row 2']);
  });

  it('streams 1,000,000 BULK rows without holding them', async () => {
    const rowCount = 1_000_000;
    async function* body(): AsyncGenerator<Buffer> {
      yield Buffer.from('\uFEFFOMRÅDE;HERKOMST;TID;INDHOLD\r\n');
      const perChunk = 5_000;
      for (let start = 0; start < rowCount; start += perChunk) {
        let text = '';
        for (let i = start; i < start + perChunk; i++)
          text += `${i % 99};${i % 5};2024K${(i % 4) + 1};${i % 1000 === 0 ? '..' : `${i},5`}\r\n`;
        yield Buffer.from(text);
      }
    }
    let rows = 0;
    let missing = 0;
    let sum = 0;
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    for await (const row of readStatbankCsvStream(body())) {
      rows++;
      if (typeof row.value === 'number') sum += row.value;
      else missing++;
      if (rows % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(rows).toBe(rowCount);
    expect(missing).toBe(rowCount / 1000);
    expect(sum).toBeGreaterThan(0);
    // Holding a million rows would take hundreds of megabytes; streaming stays near a chunk's worth.
    expect(peak - before).toBeLessThan(128 * 1024 * 1024);
  }, 60_000);
});

describe('StatBank CSV properties', () => {
  const label = fc.string({
    unit: fc.constantFrom('a', 'Z', '1', 'Æ', 'ø', ' ', ';', '"', ',', '.', '-', '\t', "'"),
    maxLength: 8,
  });
  const value = fc.oneof(
    fc.constantFrom(...MISSING_MARKERS).map((marker) => ({ kind: 'missing' as const, marker })),
    fc
      .tuple(
        fc.boolean(),
        fc.nat({ max: 10_000_000 }),
        fc.option(fc.stringMatching(/^\d{1,4}$/), { nil: undefined }),
      )
      .map(([negative, whole, fraction]) => ({ kind: 'number' as const, negative, whole, fraction })),
  );
  const table = fc
    .uniqueArray(fc.stringMatching(/^[A-ZÆØÅ][A-ZÆØÅ0-9]{0,6}$/), { minLength: 1, maxLength: 4 })
    .filter((vars) => !vars.includes('INDHOLD'))
    .chain((variables) =>
      fc.record({
        variables: fc.constant(variables),
        rows: fc.array(
          fc.tuple(fc.array(label, { minLength: variables.length, maxLength: variables.length }), value),
          {
            maxLength: 20,
          },
        ),
        crlf: fc.boolean(),
        bom: fc.boolean(),
        finalBreak: fc.boolean(),
        quoteAll: fc.boolean(),
        comma: fc.boolean(),
        chunkAt: fc.array(fc.nat(), { maxLength: 6 }),
      }),
    );

  it('reads back what was written, whatever the line breaks, BOM, quoting or chunking', async () => {
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const quote = (field: string): string =>
          t.quoteAll || /[;"]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
        const eol = t.crlf ? '\r\n' : '\n';
        const numberText = (
          v: { negative: boolean; whole: number; fraction: string | undefined },
          sep: string,
        ): string => `${v.negative ? '-' : ''}${v.whole}${v.fraction === undefined ? '' : sep + v.fraction}`;
        const lines = [
          [...t.variables, 'INDHOLD'].map(quote).join(';'),
          ...t.rows.map(([fields, v]) =>
            [...fields.map(quote), v.kind === 'missing' ? v.marker : numberText(v, t.comma ? ',' : '.')].join(
              ';',
            ),
          ),
        ];
        const body = (t.bom ? '\uFEFF' : '') + lines.join(eol) + (t.finalBreak ? eol : '');
        const expected = t.rows.map(([fields, v], k) => ({
          line: k + 2,
          coordinates: Object.fromEntries(t.variables.map((name, i) => [name, fields[i]])),
          value: v.kind === 'missing' ? { kind: 'missing', marker: v.marker } : Number(numberText(v, '.')),
        }));
        const whole = readStatbankCsv(body);
        expect(whole.variables).toEqual(t.variables);
        expect(whole.rows).toEqual(expected);
        expect(await collect(cut(new TextEncoder().encode(body), t.chunkAt))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('splitting fields', () => {
  /** The rule stated plainly: cut at every ";" unless a field starts with a quote; then read the quotes. */
  const reference = (line: string) =>
    line.split(';').some((f) => f.startsWith('"')) ? undefined : line.split(';');

  it('cuts at every ";" exactly as split does when no field starts with a quote', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '1', ';', '"', ' ', ',', 'Ø') }), (line) => {
        const expected = reference(line);
        if (expected === undefined) return;
        expect(splitFields(line, 2)).toEqual(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads a quoted field, and a quote inside an unquoted field as a plain character', () => {
    expect(splitFields('"a;b";c', 2)).toEqual(['a;b', 'c']);
    expect(splitFields('a"b;c', 2)).toEqual(['a"b', 'c']);
    expect(splitFields('a;"b""c"', 2)).toEqual(['a', 'b"c']);
    expect(() => splitFields('a;"b', 7)).toThrow(/line 7, column 2: unclosed quote/);
  });
});
