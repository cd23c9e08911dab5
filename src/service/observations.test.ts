// Importing observations on both databases: saved StatBank responses, vintages and "as of" reads, the same
// file twice, all-or-nothing refusal with every rejected line, and the population table rebuilt from FOLK1E.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import type { Database } from '../store/database.ts';
import { InvalidInputError } from './errors.ts';
import {
  currentObservations,
  importObservations,
  ImportRefusedError,
  listBatches,
  vintagesOf,
} from './observations.ts';
import { populationSeries, populationTable } from './population.ts';
import { importStatbankFile } from './statbank-file.ts';

const fixtures = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  'sources',
  'statbank',
  'fixtures',
);
const derived = (f: string) => path.join(fixtures, 'derived', f);

describe.each(testDatabases)('observations on $name', ({ open }) => {
  let database: Database;
  let dir: string;
  let clock = new Date('2026-02-01T09:00:00Z');
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => clock });
  const tick = () => (clock = new Date(clock.getTime() + 60_000));

  beforeAll(async () => {
    database = await open();
    dir = await mkdtemp(path.join(tmpdir(), 'obs-'));
  });
  afterAll(async () => database.close());

  it('imports a saved JSON-stat response with its provenance and rebuilds the strategy table exactly', async () => {
    const outcome = await importStatbankFile(ctx(), derived('folk1e-151-2021K2.jsonstat.json'));
    expect(outcome).toMatchObject({ status: 'stored', received: 6, stored: 6, unchanged: 0 });
    const [batch] = await listBatches(database);
    expect(batch?.provenance).toMatchObject({
      source: 'statbank',
      table: 'FOLK1E',
      fileName: 'folk1e-151-2021K2.jsonstat.json',
    });
    expect(batch?.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    const answer = await populationTable(database, { area: '151', period: '2021K2' });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.totalMatches).toBe(true);
    expect(answer.illustrative).toBe(false);
    // Ballerup's counts are all large enough to be published as they are.
    const n = (value: number) => ({ kind: 'count', value });
    const row = (total: number, danishOrigin: number, immigrants: number, descendants: number) => ({
      total: n(total),
      danishOrigin: n(danishOrigin),
      immigrants: n(immigrants),
      descendants: n(descendants),
    });
    expect(answer.table).toEqual({
      total: row(49110, 40272, 5906, 2932),
      denmark: row(40272, 40272, 0, 0),
      western: row(1939, 0, 1589, 350),
      nonWestern: row(6899, 0, 4317, 2582),
      nonWesternShare: { kind: 'share', value: 6899 / 49110 },
    });
  });

  it('imports nothing new from the same file twice', async () => {
    tick();
    const before = (await listBatches(database)).length;
    const outcome = await importStatbankFile(ctx(), derived('folk1e-151-2021K2.jsonstat.json'));
    expect(outcome).toMatchObject({ status: 'unchanged', stored: 0, unchanged: 6 });
    expect((await listBatches(database)).length).toBe(before);
  });

  it('stores only the changed figures of a CSV that overlaps what is stored', async () => {
    tick();
    const outcome = await importStatbankFile(ctx(), derived('folk1e-151-2021K1-K2.csv'), { table: 'FOLK1E' });
    expect(outcome).toMatchObject({ status: 'stored', received: 12, stored: 6, unchanged: 6 });
    expect((await populationSeries(database, { area: '151' })).map((p) => p.period)).toEqual([
      '2021K1',
      '2021K2',
    ]);
  });

  it('keeps a revised figure as a new vintage and answers "as of" the earlier moment', async () => {
    const beforeRevision = new Date(clock);
    tick();
    const outcome = await importStatbankFile(ctx(), derived('folk1e-151-2021K1-K2-revised.csv'), {
      table: 'FOLK1E',
    });
    expect(outcome).toMatchObject({ status: 'stored', stored: 2, unchanged: 10 });
    const key = {
      series: 'FOLK1E',
      area: '151',
      period: '2021K1',
      dims: { KØN: 'TOT', ALDER: 'IALT', HERKOMST: '25' },
    };
    const vintages = await vintagesOf(database, key);
    expect(vintages.map((v) => v.value)).toEqual([4270, 4268]);
    const asOf = await currentObservations(database, {
      series: 'FOLK1E',
      areas: ['151'],
      periods: ['2021K1'],
      dims: { HERKOMST: '25' },
      asOf: beforeRevision,
    });
    expect(asOf.map((o) => o.value)).toEqual([{ kind: 'number', value: 4268 }]);
    const now = await currentObservations(database, {
      series: 'FOLK1E',
      areas: ['151'],
      periods: ['2021K1'],
      dims: { HERKOMST: '25' },
    });
    expect(now.map((o) => o.value)).toEqual([{ kind: 'number', value: 4270 }]);
  });

  it('imports the real recorded STRAF42 responses, JSON-stat and CSV, as the same national figure', async () => {
    tick();
    const json = await importStatbankFile(ctx(), path.join(fixtures, 'data_straf42_json.response.json'));
    expect(json).toMatchObject({ status: 'stored', received: 1 });
    const rows = await currentObservations(database, { series: 'STRAF42' });
    expect(rows).toEqual([
      expect.objectContaining({ area: '000', period: '2023', value: { kind: 'number', value: 233454 } }),
    ]);
  });

  const bad: [string, string, RegExp][] = [
    ['truncated.json', '{"dataset":{"dimension":{"Tid":', /nothing was imported/],
    [
      'size-mismatch.json',
      JSON.stringify({
        dataset: {
          dimension: { id: ['Tid'], size: [2], Tid: { category: { index: { '2020': 0, '2021': 1 } } } },
          value: [1],
          extension: { px: { tableid: 'X1' } },
        },
      }),
      /nothing was imported/,
    ],
    ['no-indhold.csv', '\uFEFFOMRÅDE;TID\r\n151;2021K1\r\n', /INDHOLD/],
    ['commas.csv', 'OMRÅDE,TID,INDHOLD\r\n151,2021K1,5\r\n', /delimiter|;|INDHOLD/],
    ['unclosed.csv', 'OMRÅDE;TID;INDHOLD\r\n"151;2021K1;5\r\n', /quote/i],
    [
      'bad-period.csv',
      'OMRÅDE;HERKOMST;TID;INDHOLD\r\n151;1;2021K1;5\r\n151;1;2021X9;5\r\n',
      /line 3: period "2021X9" does not parse/,
    ],
    ['negative.csv', 'OMRÅDE;HERKOMST;TID;INDHOLD\r\n151;1;2021K1;-5\r\n', /line 2: negative count -5/],
    [
      'labels.csv',
      'OMRÅDE;HERKOMST;TID;INDHOLD\r\nBallerup;1;2021K1;5\r\n',
      /line 2: OMRÅDE "Ballerup" is not a three-digit area code/,
    ],
    ['empty.csv', '', /the file is empty/],
    ['text-value.csv', 'OMRÅDE;HERKOMST;TID;INDHOLD\r\n151;1;2021K1;fem\r\n', /line 2/],
  ];

  it.each(bad)('refuses %s with a clear error and stores nothing', async (name, content, message) => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    const before = (await listBatches(database)).length;
    const err = await importStatbankFile(ctx(), file, { table: 'TEST1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    const text = [(err as InvalidInputError).message, ...(err as InvalidInputError).details].join('\n');
    expect(text).toMatch(message);
    expect((await listBatches(database)).length).toBe(before);
    expect(await currentObservations(database, { series: 'TEST1' })).toEqual([]);
  });

  it('lists every rejected line of a refused file, not only the first', async () => {
    const file = path.join(dir, 'many-bad.csv');
    const lines = [
      'OMRÅDE;HERKOMST;TID;INDHOLD',
      '151;1;2021K1;5',
      '151;1;20XX;5',
      '151;24;2021K1;-1',
      '151;25;2021K1;7',
    ];
    await writeFile(file, lines.join('\r\n'));
    const err = (await importStatbankFile(ctx(), file, { table: 'TEST2' }).catch(
      (e: unknown) => e,
    )) as ImportRefusedError;
    expect(err).toBeInstanceOf(ImportRefusedError);
    expect(err.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(err.message).toMatch(/2 of 4 rows were refused; nothing was imported/);
  });

  it('stores keys that span several windows, and refuses a figure repeated in another window', async () => {
    // 3,000 rows in windows of 1,000: every key is written in three segments.
    const rows = (series: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        line: i + 2,
        observation: {
          series,
          area: `${101 + (i % 10)}`,
          period: `${2000 + Math.floor(i / 1_000)}`,
          dims: { ALDER: `${Math.floor(i / 10) % 100}` },
          value: { kind: 'number' as const, value: i % 97 },
          unit: 'number',
          status: 'final' as const,
          illustrative: false,
        },
      }));
    const provenance = { source: 'file' as const, retrievedAt: clock };
    const options = (series: string) => ({ series: [series], segmentWindow: 1_000 });
    tick();
    const good = rows('WIDE1', 3_000);
    await expect(importObservations(ctx(), provenance, good, options('WIDE1'))).resolves.toMatchObject({
      status: 'stored',
      stored: 3_000,
    });
    const some = await currentObservations(database, {
      series: 'WIDE1',
      areas: ['101'],
      dims: { ALDER: '0' },
    });
    expect(some.map((o) => [o.period, o.value])).toEqual(
      [0, 1, 2].map((y) => [`${2000 + y}`, { kind: 'number', value: (y * 1_000) % 97 }]),
    );
    tick();
    await expect(importObservations(ctx(), provenance, good, options('WIDE1'))).resolves.toMatchObject({
      status: 'unchanged',
      stored: 0,
    });
    tick();
    const changed = good.map((r, i) =>
      i === 2_500
        ? { ...r, observation: { ...r.observation, value: { kind: 'number' as const, value: 1e6 } } }
        : r,
    );
    await expect(importObservations(ctx(), provenance, changed, options('WIDE1'))).resolves.toMatchObject({
      status: 'stored',
      stored: 1,
    });

    // The first row again at the end, in new and in known series alike.
    for (const series of ['WIDE2', 'WIDE1']) {
      const twice = rows(series, 3_000);
      twice.push({ ...(twice[0] as (typeof twice)[number]), line: 3_002 });
      tick();
      const refused = await importObservations(ctx(), provenance, twice, options(series)).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(InvalidInputError);
      expect((refused as InvalidInputError).message).toContain('the same figure more than once');
      expect((refused as InvalidInputError).details).toEqual([
        `${series}, area 101, period 2000, ALDER=0: given 2 times`,
      ]);
    }
    expect(await currentObservations(database, { series: 'WIDE2' })).toEqual([]);
  });

  it('refuses an empty area or period, whatever came before', async () => {
    const provenance = { source: 'file' as const, retrievedAt: clock };
    const row = (area: string, period: string) => ({
      series: 'EMPTY1',
      area,
      period,
      dims: {},
      value: { kind: 'number' as const, value: 1 },
      unit: 'number',
      status: 'final' as const,
      illustrative: false,
    });
    const refused = (await importObservations(ctx(), provenance, [
      { line: 2, observation: row('', '2021') },
      { line: 3, observation: row('101', '') },
    ]).catch((e: unknown) => e)) as ImportRefusedError;
    expect(refused).toBeInstanceOf(ImportRefusedError);
    expect(refused.rejected.map((r) => [r.line, r.reason.split(':')[0]])).toEqual([
      [2, 'area'],
      [3, 'period'],
    ]);
  });

  it('keeps a figure given with another missing-value marker as a new vintage', async () => {
    const provenance = { source: 'file' as const, retrievedAt: clock };
    const row = (marker: string) => ({
      line: 2,
      observation: {
        series: 'MARKER1',
        area: '151',
        period: '2021',
        dims: {},
        value: { kind: 'missing' as const, reason: 'confidential' as const, marker },
        unit: 'number',
        status: 'final' as const,
        illustrative: false,
      },
    });
    tick();
    await importObservations(ctx(), provenance, [row('x')]);
    tick();
    await expect(importObservations(ctx(), provenance, [row('x')])).resolves.toMatchObject({
      status: 'unchanged',
    });
    tick();
    await expect(importObservations(ctx(), provenance, [row('..')])).resolves.toMatchObject({
      status: 'stored',
      stored: 1,
    });
    const [now] = await currentObservations(database, { series: 'MARKER1' });
    expect(now?.value).toEqual({ kind: 'missing', reason: 'confidential', marker: '..' });
  });

  it('refuses a row of a series the import did not declare', async () => {
    const provenance = { source: 'file' as const, retrievedAt: clock };
    const observation = {
      series: 'OTHER',
      area: '101',
      period: '2021',
      dims: {},
      value: { kind: 'number' as const, value: 1 },
      unit: 'number',
      status: 'final' as const,
      illustrative: false,
    };
    const refused = (await importObservations(ctx(), provenance, [{ line: 2, observation }], {
      series: ['DECLARED'],
    }).catch((e: unknown) => e)) as ImportRefusedError;
    expect(refused).toBeInstanceOf(ImportRefusedError);
    expect(refused.rejected).toEqual([
      { line: 2, reason: 'series "OTHER" is not one this import declared (DECLARED)' },
    ]);
    // The same in a chunk of checked observations, after one of the declared series; nothing is stored.
    const chunk = { checked: [{ ...observation, series: 'DECLARED' }, observation], lines: [2, 3] };
    const alsoRefused = (await importObservations(ctx(), provenance, [chunk], {
      series: ['DECLARED'],
    }).catch((e: unknown) => e)) as ImportRefusedError;
    expect(alsoRefused).toBeInstanceOf(ImportRefusedError);
    expect(alsoRefused.rejected).toEqual([
      { line: 3, reason: 'series "OTHER" is not one this import declared (DECLARED)' },
    ]);
    expect(await currentObservations(database, { series: 'DECLARED' })).toEqual([]);
  });

  it('stores checked chunks as it stores items, and refuses illustrative and measured figures mixed', async () => {
    const provenance = { source: 'file' as const, retrievedAt: clock };
    const observation = (period: string, illustrative = false) => ({
      series: 'CHUNK1',
      area: '101',
      period,
      dims: {},
      value: { kind: 'number' as const, value: Number(period) },
      unit: 'number',
      status: 'final' as const,
      illustrative,
    });
    tick();
    const stored = await importObservations(
      ctx(),
      provenance,
      [{ checked: [observation('2020'), observation('2021')], lines: [2, 3] }],
      { series: ['CHUNK1'] },
    );
    expect(stored).toMatchObject({ status: 'stored', received: 2, stored: 2 });
    tick();
    const mixed = await importObservations(
      ctx(),
      provenance,
      [{ checked: [observation('2022'), observation('2023', true)], lines: [2, 3] }],
      { series: ['CHUNK1'] },
    ).catch((e: unknown) => e);
    expect(mixed).toBeInstanceOf(InvalidInputError);
    expect((await currentObservations(database, { series: 'CHUNK1' })).map((o) => o.period)).toEqual([
      '2020',
      '2021',
    ]);
  });

  it('needs a table for CSV and a readable file', async () => {
    await expect(importStatbankFile(ctx(), derived('folk1e-151-2021K1-K2.csv'))).rejects.toThrow(/--table/);
    await expect(importStatbankFile(ctx(), path.join(dir, 'nope.csv'))).rejects.toThrow(/no such file/);
    await expect(importStatbankFile(ctx(), dir)).rejects.toThrow(/not a regular file/);
  });

  it('refuses a copy of the recorded CSV saved without codes for the area (labels only)', async () => {
    const text = await readFile(path.join(fixtures, 'data_straf42_csv.response.csv'), 'utf8');
    expect(text).toContain('HERKOMST1;TID;INDHOLD');
  });
});
