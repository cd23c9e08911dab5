// Importing indicator files on both databases: a filled template imports, the same file twice changes nothing,
// one bad line refuses the file and names the line, and every Ballerup indicator's template round-trips as CSV
// and as XLSX. Then the size refusal before any read, and the bad-file property against the database (PGlite).
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor, userActor } from '../domain/access/index.ts';
import { ballerup, ballerupIndicators, indicator } from '../sources/files/fixtures/ballerup.ts';
import { filledCsv, filledXlsx, sampleRows } from '../sources/files/fixtures/fill.ts';
import { badFile } from '../sources/files/fixtures/mutations.ts';
import type { Database } from '../store/database.ts';
import { ForbiddenError, InvalidInputError } from './errors.ts';
import {
  importIndicatorFile,
  indicatorTemplate,
  IndicatorFileRefusedError,
  readIndicatorFileFromDisk,
} from './indicator-file.ts';
import { currentObservations, ImportRefusedError, listBatches } from './observations.ts';

const ledige = indicator('ledige-efter-13-uger');

/** Everything the import may touch, as one fingerprint: observations, batches and the audit log. */
async function fingerprint(database: Database): Promise<string> {
  const r = await sql<{ f: string }>`
    select concat_ws('|',
      (select count(*) || ':' || coalesce(md5(string_agg(o::text, ',' order by id)), '') from observation o),
      (select count(*) || ':' || coalesce(md5(string_agg(b::text, ',' order by id)), '') from import_batch b),
      (select count(*) from audit_log)) as f`.execute(database.db);
  return r.rows[0]?.f ?? '';
}

describe.each(testDatabases)('indicator files on $name', ({ open }) => {
  let database: Database;
  let clock = new Date('2026-03-02T08:00:00Z');
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => clock });
  const tick = () => (clock = new Date(clock.getTime() + 60_000));

  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database.close());

  const rows = sampleRows(ledige);
  const file = { name: 'ledige.csv', bytes: filledCsv(ballerup, ledige, rows) };

  it('imports a filled template with the file as provenance', async () => {
    const outcome = await importIndicatorFile(ctx(), ballerup, ledige.id, file);
    expect(outcome).toMatchObject({
      status: 'stored',
      received: rows.length,
      stored: rows.length,
      indicatorId: ledige.id,
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ';',
    });
    const [batch] = await listBatches(database);
    expect(batch?.provenance).toMatchObject({
      source: 'file',
      table: ledige.id,
      fileName: 'ledige.csv',
      retrievedAt: clock,
      note: 'indikatorfil for "ledige-efter-13-uger" (skabelon version 1; CSV, utf-8, skilletegn ";")',
    });
    expect(batch?.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    const stored = await currentObservations(database, {
      series: ledige.id,
      periods: ['2021K3'],
      dims: { group: 'target', sex: 'women', originSubgroup: 'immigrants' },
    });
    // The first sample row: 151, 2021K3, målgruppe, kvinder, indvandrere, 2 of 12.
    expect(stored).toEqual([
      expect.objectContaining({
        area: '151',
        period: '2021K3',
        dims: { group: 'target', sex: 'women', originSubgroup: 'immigrants' },
        value: { kind: 'number', value: 2 / 12 },
        numerator: 2,
        denominator: 12,
        unit: 'share',
        status: 'final',
        illustrative: false,
      }),
    ]);
    const total = await currentObservations(database, { series: ledige.id, periods: ['2021K3'] });
    // "i alt" for both sex and origin is the group as a whole: only the group in its key.
    expect(total.filter((o) => Object.keys(o.dims).length === 1)).toEqual([
      expect.objectContaining({ dims: { group: 'comparison' }, numerator: 19, denominator: 46 }),
      expect.objectContaining({ dims: { group: 'target' }, numerator: 10, denominator: 28 }),
    ]);
  });

  it('imports nothing new from the same file twice', async () => {
    tick();
    const before = await listBatches(database);
    const outcome = await importIndicatorFile(ctx(), ballerup, ledige.id, file);
    expect(outcome).toMatchObject({ status: 'unchanged', stored: 0, unchanged: rows.length });
    expect(await listBatches(database)).toHaveLength(before.length);
  });

  it('refuses a file with one bad line, stores nothing and names the line', async () => {
    tick();
    const bad = rows.map((r) => [...r]);
    const row = bad[6] as string[];
    row[5] = '99';
    row[6] = '10';
    const before = await fingerprint(database);
    const err = await importIndicatorFile(ctx(), ballerup, ledige.id, {
      name: 'ledige-ret.csv',
      bytes: filledCsv(ballerup, ledige, bad),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndicatorFileRefusedError);
    expect(err).toBeInstanceOf(ImportRefusedError);
    const refused = err as IndicatorFileRefusedError;
    // Eleven template lines (header, three comments, one per column's allowed values), then the rows: the
    // seventh row is line 18.
    expect(refused.rejected).toEqual([{ line: 18, reason: 'tæller (99) er større end nævner (10)' }]);
    expect(refused.details).toEqual(['linje 18: tæller (99) er større end nævner (10)']);
    expect(refused.message).toBe(`ledige-ret.csv: 1 af ${rows.length} linjer blev afvist; intet er indlæst`);
    expect(await fingerprint(database)).toBe(before);
  });

  it('refuses an XLSX with a formula, naming the row and the cell', async () => {
    const before = await fingerprint(database);
    const bytes = await filledXlsx(ballerup, ledige, rows.slice(0, 3), (s) => {
      s.getCell('F3').value = { formula: 'G3/2', result: 6 };
    });
    const err = (await importIndicatorFile(ctx(), ballerup, ledige.id, { name: 'l.xlsx', bytes }).catch(
      (e: unknown) => e,
    )) as IndicatorFileRefusedError;
    expect(err).toBeInstanceOf(IndicatorFileRefusedError);
    expect(err.details).toEqual(['række 3: F3: formler accepteres ikke; indsæt værdierne i stedet']);
    expect(await fingerprint(database)).toBe(before);
  });

  it('refuses a whole file with one clear message', async () => {
    const err = (await importIndicatorFile(ctx(), ballerup, ledige.id, {
      name: 'tom.csv',
      bytes: new Uint8Array(0),
    }).catch((e: unknown) => e)) as IndicatorFileRefusedError;
    expect(err).toBeInstanceOf(IndicatorFileRefusedError);
    expect(err.message).toBe('tom.csv: filen er tom; intet er indlæst');
    expect(err.details).toEqual(['filen er tom']);
  });

  it.each(ballerupIndicators.map((i) => [i.id, i] as const))(
    'round-trips the template of %s, as CSV and as XLSX',
    async (_id, ind) => {
      tick();
      // Municipalities of their own (Frederiksberg, København), so the rows above do not meet these.
      const csvRows = sampleRows(ind, '147');
      const csv = await importIndicatorFile(ctx(), ballerup, ind.id, {
        name: `${ind.id}.csv`,
        bytes: filledCsv(ballerup, ind, csvRows),
      });
      expect(csv).toMatchObject({ status: 'stored', received: csvRows.length, stored: csvRows.length });
      tick();
      const xlsxRows = sampleRows(ind, '101', 7);
      const xlsx = await importIndicatorFile(ctx(), ballerup, ind.id, {
        name: `${ind.id}.xlsx`,
        bytes: await filledXlsx(ballerup, ind, xlsxRows),
      });
      expect(xlsx).toMatchObject({
        status: 'stored',
        format: 'xlsx',
        sheet: 'data',
        stored: xlsxRows.length,
      });
      const stored = await currentObservations(database, { series: ind.id, areas: ['147', '101'] });
      expect(stored).toHaveLength(csvRows.length + xlsxRows.length);
      expect(new Set(stored.map((o) => o.unit))).toEqual(new Set([ind.unit]));
      // The first row of each file (målgruppe, kvinder, indvandrere, 18-29 as far as the indicator has them)
      // comes back with the dimensions and the figure that were typed.
      const firstDims: Record<string, string> = { group: 'target' };
      if (ind.breakdowns.includes('sex')) firstDims.sex = 'women';
      if (ind.breakdowns.includes('origin-subgroup')) firstDims.originSubgroup = 'immigrants';
      if (ind.breakdowns.includes('age-band')) firstDims.ageBand = '18-29';
      for (const [area, r] of [
        ['147', csvRows[0]],
        ['101', xlsxRows[0]],
      ] as const) {
        const o = stored.find(
          (x) => x.area === area && x.period === r?.[1] && isDeepStrictEqual(x.dims, firstDims),
        );
        const typed = (r as string[])
          .slice(ind.unit === 'share' ? -2 : -1)
          .map((v) => Number(v.replace(',', '.')));
        if (ind.unit === 'share') {
          expect([o?.numerator, o?.denominator]).toEqual(typed);
          expect(o?.value).toEqual({ kind: 'number', value: (typed[0] as number) / (typed[1] as number) });
        } else expect(o?.value).toEqual({ kind: 'number', value: typed[0] });
      }
    },
  );

  it('refuses an area the registry does not have and a period after its clock, naming the lines', async () => {
    const bad = sampleRows(ledige).map((r) => [...r]);
    (bad[0] as string[])[0] = '999';
    (bad[1] as string[])[1] = '2026K3';
    const before = await fingerprint(database);
    const err = (await importIndicatorFile(ctx(), ballerup, ledige.id, {
      name: 'fremtid.csv',
      bytes: filledCsv(ballerup, ledige, bad),
    }).catch((e: unknown) => e)) as IndicatorFileRefusedError;
    expect(err).toBeInstanceOf(IndicatorFileRefusedError);
    expect(err.details).toEqual([
      expect.stringMatching(
        /^linje \d+: område \(999\) findes ikke i Danmarks Statistiks liste over områder$/,
      ),
      expect.stringMatching(/^linje \d+: periode \(2026K3\) er ikke begyndt endnu \(i dag er 2026-03-0\d\)/),
    ]);
    // Nothing stored: no observation, no batch.
    expect((await fingerprint(database)).split('|').slice(0, 2)).toEqual(before.split('|').slice(0, 2));
  });

  it('refuses an unknown indicator with the ones there are', async () => {
    const err = (await importIndicatorFile(ctx(), ballerup, 'ukendt', file).catch(
      (e: unknown) => e,
    )) as InvalidInputError;
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toBe(
      'strategien "ballerup-integrationsstrategi-2021-2023" har ingen indikator med id "ukendt"',
    );
    expect(err.details[0]).toContain('ledige-efter-13-uger');
    await expect(indicatorTemplate(ballerup, 'ukendt', 'csv')).rejects.toThrow(InvalidInputError);
  });

  it('lets the policy decide: an administrator may import, an editor may not yet', async () => {
    const user = (roles: ('admin' | 'editor')[]) =>
      userActor({ id: '1', email: `${roles[0]}@ballerup.dk`, roles, centres: [ledige.owner] }, '127.0.0.1');
    const editor = { database, actor: user(['editor']), now: () => clock };
    const before = (await listBatches(database)).length;
    await expect(importIndicatorFile(editor, ballerup, ledige.id, file)).rejects.toThrow(ForbiddenError);
    const refusal = await sql<{ outcome: string; action: string }>`
      select outcome, action from audit_log order by id desc limit 1`.execute(database.db);
    expect(refusal.rows[0]).toEqual({ outcome: 'refused', action: 'observations.import' });
    const admin = { database, actor: user(['admin']), now: () => clock };
    await expect(importIndicatorFile(admin, ballerup, ledige.id, file)).resolves.toMatchObject({
      status: 'unchanged',
    });
    expect(await listBatches(database)).toHaveLength(before);
  });
});

describe('templates from the service', () => {
  it('gives bytes, a file name and a content type', async () => {
    const csv = await indicatorTemplate(ballerup, 'valgdeltagelse', 'csv');
    expect(csv.fileName).toBe('skabelon-valgdeltagelse.csv');
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    expect(new TextDecoder().decode(csv.bytes).split('\r\n')[0]).toBe(
      'område;periode;gruppe;herkomst;aldersgruppe;tæller;nævner',
    );
    const xlsx = await indicatorTemplate(ballerup, 'valgdeltagelse', 'xlsx');
    expect(xlsx.fileName).toBe('skabelon-valgdeltagelse.xlsx');
    expect([...xlsx.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });
});

describe('files on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'indicator-file-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  /** Bytes this process has read through read(2) and friends, from the kernel's own count. */
  const bytesRead = () => Number(/rchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);

  it.skipIf(!existsSync('/proc/self/io'))(
    'refuses a 200 MB file by its size, before reading it',
    async () => {
      const big = path.join(dir, 'stor.csv');
      await writeFile(big, '');
      await truncate(big, 200 * 1024 * 1024); // sparse: no disk used
      const before = bytesRead();
      const err = (await readIndicatorFileFromDisk(big).catch(
        (e: unknown) => e,
      )) as IndicatorFileRefusedError;
      const read = bytesRead() - before;
      expect(err).toBeInstanceOf(IndicatorFileRefusedError);
      expect(err.message).toBe(
        'stor.csv: filen fylder 200,0 MB; en indikatorfil må højst fylde 20,0 MB; intet er indlæst',
      );
      expect(read).toBeLessThan(1024 * 1024);
    },
  );

  it('reads a file within the limit and refuses what is not a file', async () => {
    const small = path.join(dir, 'lille.csv');
    await writeFile(small, 'område;periode;antal\r\n151;2021;5\r\n');
    expect(await readIndicatorFileFromDisk(small)).toMatchObject({ name: 'lille.csv' });
    await expect(readIndicatorFileFromDisk(path.join(dir, 'findes-ikke.csv'))).rejects.toThrow(
      /filen findes ikke/,
    );
    await expect(readIndicatorFileFromDisk(dir)).rejects.toThrow(/ikke en almindelig fil/);
  });
});

describe('bad files against the database (property, PGlite)', () => {
  const pglite = testDatabases.find((d) => d.name === 'pglite');
  let database: Database;
  beforeAll(async () => {
    database = await (pglite as (typeof testDatabases)[number]).open();
  });
  afterAll(async () => database.close());

  const runs = Number(process.env.FUZZ_DB_RUNS ?? 300);
  it(`never imports part of a refused file, over ${runs} generated files`, async () => {
    let clock = new Date('2026-04-01T00:00:00Z');
    const ctx = { database, actor: cliActor('fuzz'), now: () => (clock = new Date(clock.getTime() + 1000)) };
    let refused = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(badFile, async (f) => {
        const bytes = await f.build();
        const before = await fingerprint(database);
        try {
          await importIndicatorFile(ctx, ballerup, f.indicator.id, { name: f.name, bytes });
        } catch (e) {
          if (!(e instanceof IndicatorFileRefusedError)) throw e;
          refused++;
          expect(await fingerprint(database)).toBe(before);
          return;
        }
        expect(f.mustRefuse, `${f.mutation} was imported`).toBe(false);
      }),
      { numRuns: runs },
    );
    console.log(
      `fuzz (database, PGlite): ${runs} files in ${((performance.now() - started) / 1000).toFixed(1)} s, ${refused} refused`,
    );
  }, 180_000);
});
