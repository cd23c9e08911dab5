// The derived StatBank fixtures of the tables the strategy reads besides FOLK1E (HFUDD11, RAS200, AUK04, KVRES),
// imported on both databases: each JSON-stat and CSV response stored with its unit and read back, the two formats
// agreeing on the cells they share, the same file twice storing nothing, and a CSV with one broken row refused
// whole with the line named.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import { dimsKey, type ObservedValue } from '../domain/observation/index.ts';
import type { Database } from '../store/database.ts';
import { currentObservations, ImportRefusedError, listBatches } from './observations.ts';
import { importStatbankFile, STATBANK_LICENCE } from './statbank-file.ts';

const derived = (f: string) =>
  path.join(
    path.dirname(new URL(import.meta.url).pathname),
    '..',
    'sources',
    'statbank',
    'fixtures',
    'derived',
    f,
  );

/** One figure to read back: where it is and what it must be. */
interface Spot {
  readonly area: string;
  readonly period: string;
  readonly dims: Readonly<Record<string, string>>;
  readonly value: ObservedValue;
}

interface TableFixture {
  readonly table: string;
  readonly json: string;
  readonly jsonCells: number;
  /** The unit the JSON-stat response gives its content (lower case, as stored). */
  readonly jsonUnit: string;
  readonly jsonSpots: readonly Spot[];
  readonly csv: string;
  readonly csvRows: number;
  readonly csvSpots: readonly Spot[];
  /** Cells both files hold. */
  readonly shared: number;
  /** The CSV line (header = 1) the bad variants break, and the figure written there that does not parse. */
  readonly missingFieldLine: number;
  readonly badValue: { readonly line: number; readonly text: string };
}

const n = (value: number): ObservedValue => ({ kind: 'number', value });
const confidential: ObservedValue = { kind: 'missing', reason: 'confidential', marker: '..' };

const tables: readonly TableFixture[] = [
  {
    table: 'HFUDD11',
    json: 'hfudd11-151-084-000-2021.jsonstat.json',
    jsonCells: 36,
    jsonUnit: 'number',
    jsonSpots: [
      {
        area: '151',
        period: '2021',
        dims: { HERKOMST: '35', HFUDD: 'H20', ALDER: '20-24', KØN: 'TOT' },
        value: n(142),
      },
      {
        area: '084',
        period: '2021',
        dims: { HERKOMST: 'TOT', HFUDD: 'TOT', ALDER: '20-24', KØN: 'TOT' },
        value: n(118450),
      },
      {
        area: '000',
        period: '2021',
        dims: { HERKOMST: '1', HFUDD: 'H30', ALDER: '20-24', KØN: 'TOT' },
        value: n(37240),
      },
    ],
    csv: 'hfudd11-151-2021-2022.csv',
    csvRows: 24,
    csvSpots: [
      {
        area: '151',
        period: '2022',
        dims: { HERKOMST: '35', HFUDD: 'TOT', ALDER: '20-24', KØN: 'TOT' },
        value: n(367),
      },
      {
        area: '151',
        period: '2021',
        dims: { HERKOMST: '1', HFUDD: 'H10', ALDER: '20-24', KØN: 'TOT' },
        value: n(389),
      },
    ],
    shared: 12,
    missingFieldLine: 6,
    badValue: { line: 9, text: '1 210' },
  },
  {
    table: 'RAS200',
    json: 'ras200-151-000-2021.jsonstat.json',
    jsonCells: 24,
    jsonUnit: 'pct.',
    jsonSpots: [
      { area: '151', period: '2021', dims: { HERKOMST: '25', ALDER: '16-64', KØN: 'K' }, value: n(53.8) },
      { area: '000', period: '2021', dims: { HERKOMST: 'TOT', ALDER: '16-64', KØN: 'TOT' }, value: n(77) },
    ],
    csv: 'ras200-151-2020-2021.csv',
    csvRows: 24,
    csvSpots: [
      // Written "65,9" and "77,0": decimal commas, as lang=da writes them.
      { area: '151', period: '2020', dims: { HERKOMST: '35', ALDER: '16-64', KØN: 'M' }, value: n(65.9) },
      { area: '151', period: '2020', dims: { HERKOMST: 'TOT', ALDER: '16-64', KØN: 'M' }, value: n(77) },
      { area: '151', period: '2021', dims: { HERKOMST: 'TOT', ALDER: '16-64', KØN: 'M' }, value: n(78.1) },
    ],
    shared: 12,
    missingFieldLine: 4,
    // A decimal point in a file whose figures use the decimal comma.
    badValue: { line: 9, text: '51.9' },
  },
  {
    table: 'AUK04',
    json: 'auk04-151-000-2021M03.jsonstat.json',
    jsonCells: 24,
    jsonUnit: 'pct.',
    jsonSpots: [
      { area: '151', period: '2021M03', dims: { KØN: 'K', HERKOMST: '35' }, value: confidential },
      { area: '151', period: '2021M03', dims: { KØN: 'TOT', HERKOMST: '25' }, value: n(9.8) },
      { area: '000', period: '2021M03', dims: { KØN: 'K', HERKOMST: '35' }, value: n(5.6) },
    ],
    csv: 'auk04-151-2021M02-M03.csv',
    csvRows: 24,
    csvSpots: [
      { area: '151', period: '2021M02', dims: { KØN: 'K', HERKOMST: '35' }, value: confidential },
      { area: '151', period: '2021M02', dims: { KØN: 'K', HERKOMST: '25' }, value: n(11) },
      { area: '151', period: '2021M03', dims: { KØN: 'M', HERKOMST: '35' }, value: n(7) },
    ],
    shared: 12,
    missingFieldLine: 13,
    badValue: { line: 20, text: '4,3%' },
  },
  {
    table: 'KVRES',
    json: 'kvres-000-151-2017-2021.jsonstat.json',
    jsonCells: 20,
    jsonUnit: 'number',
    jsonSpots: [
      { area: '151', period: '2021', dims: { VALRES: 'AFGIVNE' }, value: n(23817) },
      { area: '000', period: '2017', dims: { VALRES: 'STEMBER' }, value: n(4394617) },
    ],
    csv: 'kvres-151-153-2017-2021.csv',
    csvRows: 20,
    csvSpots: [
      { area: '153', period: '2021', dims: { VALRES: 'AFGIVNE' }, value: n(14619) },
      { area: '151', period: '2017', dims: { VALRES: 'BLANKE' }, value: n(241) },
    ],
    shared: 10,
    missingFieldLine: 2,
    badValue: { line: 21, text: '5B' },
  },
];

/** Every current figure of a series by area, period and dimensions. */
async function figures(database: Database, series: string): Promise<Map<string, ObservedValue>> {
  const rows = await currentObservations(database, { series });
  return new Map(rows.map((r) => [`${r.area}|${r.period}|${dimsKey(r.dims)}`, r.value]));
}

async function expectSpots(database: Database, table: string, unit: string, spots: readonly Spot[]) {
  for (const s of spots) {
    const rows = await currentObservations(database, {
      series: table,
      areas: [s.area],
      periods: [s.period],
      dims: s.dims,
    });
    expect(rows).toEqual([
      expect.objectContaining({
        series: table,
        area: s.area,
        period: s.period,
        dims: s.dims,
        value: s.value,
        unit,
        status: 'final',
        illustrative: false,
      }),
    ]);
  }
}

describe.each(testDatabases)('StatBank tables on $name', ({ open }) => {
  // The JSON-stat responses go to one database and the CSV responses to another, so each import is read back on
  // its own and the two can be compared.
  let jsonDb: Database;
  let csvDb: Database;
  let dir: string;
  let clock = new Date('2026-02-01T09:00:00Z');
  const ctx = (database: Database) => ({ database, actor: cliActor('tester'), now: () => clock });
  const tick = () => (clock = new Date(clock.getTime() + 60_000));

  beforeAll(async () => {
    jsonDb = await open();
    csvDb = await open();
    dir = await mkdtemp(path.join(tmpdir(), 'statbank-tables-'));
  });
  afterAll(async () => {
    await jsonDb.close();
    await csvDb.close();
  });

  /** The CSV fixture with one line changed, written to a temporary file. */
  const variant = async (
    t: TableFixture,
    name: string,
    line: number,
    change: (fields: string[]) => string[],
  ) => {
    const text = await readFile(derived(t.csv), 'utf8');
    const lines = text.split('\r\n');
    const fields = (lines[line - 1] as string).split(';');
    lines[line - 1] = change(fields).join(';');
    const file = path.join(dir, `${t.table.toLowerCase()}-${name}.csv`);
    await writeFile(file, lines.join('\r\n'));
    return file;
  };

  const expectRefused = async (t: TableFixture, file: string, line: number, detail: RegExp) => {
    const batches = (await listBatches(csvDb)).length;
    const before = await currentObservations(csvDb, { series: t.table });
    tick();
    const err = await importStatbankFile(ctx(csvDb), file, { table: t.table }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRefusedError);
    const refused = err as ImportRefusedError;
    expect(refused.message).toMatch(/^1 of \d+ rows were refused; nothing was imported$/);
    expect(refused.rejected.map((r) => r.line)).toEqual([line]);
    expect(refused.details).toHaveLength(1);
    expect(refused.details[0]).toMatch(detail);
    expect((await listBatches(csvDb)).length).toBe(batches);
    expect(await currentObservations(csvDb, { series: t.table })).toEqual(before);
  };

  const refusals = (when: string) => {
    it.each(tables)(`refuses a CSV of $table with a row that misses a field (${when})`, async (t) => {
      // The row loses its second field: one field fewer than the header.
      const file = await variant(t, 'missing-field', t.missingFieldLine, (f) => [
        ...f.slice(0, 1),
        ...f.slice(2),
      ]);
      const header = (await readFile(derived(t.csv), 'utf8')).split('\r\n')[0]?.split(';') ?? [];
      await expectRefused(
        t,
        file,
        t.missingFieldLine,
        new RegExp(
          `^line ${t.missingFieldLine}: ${header.length - 1} fields, but the header has ${header.length} `,
        ),
      );
    });

    it.each(tables)(`refuses a CSV of $table with a figure that does not parse (${when})`, async (t) => {
      const file = await variant(t, 'bad-value', t.badValue.line, (f) => [
        ...f.slice(0, -1),
        t.badValue.text,
      ]);
      const header = (await readFile(derived(t.csv), 'utf8')).split('\r\n')[0]?.split(';') ?? [];
      await expectRefused(
        t,
        file,
        t.badValue.line,
        new RegExp(`^line ${t.badValue.line}: column ${header.length} \\(INDHOLD\\): .*"${t.badValue.text}"`),
      );
    });
  };

  // First while the series is new to the database (its segments are written straight to their table)...
  refusals('a new series');

  it.each(tables)('imports the JSON-stat response of $table with its unit', async (t) => {
    tick();
    const outcome = await importStatbankFile(ctx(jsonDb), derived(t.json));
    expect(outcome).toMatchObject({
      status: 'stored',
      received: t.jsonCells,
      stored: t.jsonCells,
      unchanged: 0,
    });
    const batch = (await listBatches(jsonDb)).find((b) => b.id === outcome.batchId);
    expect(batch?.provenance).toMatchObject({
      source: 'statbank',
      table: t.table,
      fileName: t.json,
      licence: STATBANK_LICENCE,
      query: `saved StatBank response (jsonstat) for table ${t.table}`,
    });
    const rows = await currentObservations(jsonDb, { series: t.table });
    expect(rows).toHaveLength(t.jsonCells);
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set([t.table]));
    expect(new Set(rows.map((r) => r.unit))).toEqual(new Set([t.jsonUnit]));
    await expectSpots(jsonDb, t.table, t.jsonUnit, t.jsonSpots);
  });

  it.each(tables)('imports the CSV response of $table', async (t) => {
    tick();
    // A CSV response names no unit: it is given, as the JSON-stat response of the same table names it.
    const outcome = await importStatbankFile(ctx(csvDb), derived(t.csv), {
      table: t.table,
      unit: t.jsonUnit,
    });
    expect(outcome).toMatchObject({ status: 'stored', received: t.csvRows, stored: t.csvRows, unchanged: 0 });
    const batch = (await listBatches(csvDb)).find((b) => b.id === outcome.batchId);
    expect(batch?.provenance).toMatchObject({
      source: 'statbank',
      table: t.table,
      fileName: t.csv,
      licence: STATBANK_LICENCE,
      query: `saved StatBank response (csv) for table ${t.table}`,
    });
    expect(batch?.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    const rows = await currentObservations(csvDb, { series: t.table });
    expect(rows).toHaveLength(t.csvRows);
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set([t.table]));
    expect(new Set(rows.map((r) => r.unit))).toEqual(new Set([t.jsonUnit]));
    await expectSpots(csvDb, t.table, t.jsonUnit, t.csvSpots);
  });

  it.each(tables)(
    'reads the same figures of $table from JSON-stat and CSV where both hold a cell',
    async (t) => {
      const fromJson = await figures(jsonDb, t.table);
      const fromCsv = await figures(csvDb, t.table);
      const both = [...fromJson.keys()].filter((k) => fromCsv.has(k));
      expect(both).toHaveLength(t.shared);
      for (const k of both) expect([k, fromCsv.get(k)]).toEqual([k, fromJson.get(k)]);
    },
  );

  it.each(tables)('stores nothing new from the same files of $table twice', async (t) => {
    for (const [database, file, options, count] of [
      [jsonDb, t.json, {}, t.jsonCells],
      [csvDb, t.csv, { table: t.table }, t.csvRows],
    ] as const) {
      tick();
      const batches = (await listBatches(database)).length;
      const before = await currentObservations(database, { series: t.table });
      const outcome = await importStatbankFile(ctx(database), derived(file), options);
      expect(outcome).toEqual({
        status: 'unchanged',
        received: count,
        stored: 0,
        unchanged: count,
        table: t.table,
      });
      expect((await listBatches(database)).length).toBe(batches);
      expect(await currentObservations(database, { series: t.table })).toEqual(before);
    }
  });

  // ...then once it is stored (the rows go through the staging table and are compared).
  refusals('a stored series');

  it.each(tables)(
    'takes the unit of the figures stored when a CSV of $table comes after its JSON-stat, storing only what is new',
    async (t) => {
      tick();
      // The CSV is imported without a unit into the database that holds the JSON-stat figures.
      const outcome = await importStatbankFile(ctx(jsonDb), derived(t.csv), { table: t.table });
      expect(outcome).toMatchObject({
        status: 'stored',
        received: t.csvRows,
        stored: t.csvRows - t.shared,
        unchanged: t.shared,
      });
      const rows = await currentObservations(jsonDb, { series: t.table });
      expect(new Set(rows.map((r) => r.unit))).toEqual(new Set([t.jsonUnit]));
    },
  );

  it("reads why a JSON-stat cell has no figure from its status, as the CSV's markers say it", async () => {
    const text = await readFile(derived('auk04-151-000-2021M03.jsonstat.json'), 'utf8');
    const changed = text.replace('"status": {"11": ".."}', '"status": {"11": "-"}');
    expect(changed).not.toBe(text);
    const file = path.join(dir, 'auk04-status.jsonstat.json');
    await writeFile(file, changed);
    tick();
    const outcome = await importStatbankFile(ctx(jsonDb), file);
    // Only the cell whose reason changed is a new vintage.
    expect(outcome).toMatchObject({ status: 'stored', stored: 1 });
    const [cell] = await currentObservations(jsonDb, {
      series: 'AUK04',
      areas: ['151'],
      periods: ['2021M03'],
      dims: { KØN: 'K', HERKOMST: '35' },
    });
    expect(cell?.value).toEqual({ kind: 'missing', reason: 'not-applicable', marker: '-' });
  });
});
