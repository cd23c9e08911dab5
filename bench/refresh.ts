// The bundled strategy's whole StatBank refresh for every area (98 municipalities and Christiansø, 5 regions, the
// country): `bin/pejlemaerke.js refresh --source statbank` in a process of its own against the StatBank stand-in
// on 127.0.0.1 answering in the real answers' shapes (FOLK1E as JSON-stat, LIGEUB1 as BULK), into PostgreSQL; the
// tables stored and both education indicators computed. Beside it, P1's path on the same rows in the same run:
// `import statbank` of the LIGEUB1 BULK answer saved as a file.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { refreshQueries } from '../src/service/refresh.ts';
import { readDefinitionFile } from '../src/service/strategies.ts';
import { statbankClient } from '../src/sources/statbank/index.ts';
import { ballerupFile } from '../test/support/app.ts';
import { startPostgres } from '../test/support/postgres-server.ts';
import { csvAnswer, folk1e, ligeub1, selection } from '../test/support/statbank-answers.ts';
import { startStatbankStandIn } from '../test/support/statbank-stand-in.ts';

export interface RefreshFigures {
  /** Cells of each table's answer, as the refresh printed them. */
  readonly tables: readonly { table: string; figures: number; format: string }[];
  /** Figures of each computed indicator. */
  readonly derived: readonly { indicator: string; figures: number }[];
  readonly refreshSeconds: readonly number[];
  readonly refreshPeakRssMb: readonly number[];
  /** `import statbank` of the LIGEUB1 BULK answer as a file: the import's own time, and the command's peak. */
  readonly importSeconds: readonly number[];
  /** The import's whole command, start-up included, as the refresh's figure is. */
  readonly importCommandSeconds: readonly number[];
  readonly importPeakRssMb: readonly number[];
  readonly importRows: number;
}

const root = path.join(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'pejlemaerke.js');

/** Runs the command without blocking this process (the stand-in answers from it). */
function run(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', path.join(import.meta.dirname, 'peak-memory.mjs'), cli, ...args],
      {
        env,
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err, seconds: (performance.now() - started) / 1000 }));
  });
}

const peakOf = (err: string) => Number(/peak-rss-kb (\d+)/.exec(err)?.[1] ?? NaN) / 1024;

export async function measureRefresh(runs = 1): Promise<RefreshFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-refresh-'));
  const server = startPostgres(55000 + Math.floor(Math.random() * 5000));
  const table = ligeub1();
  const standIn = await startStatbankStandIn([table, folk1e()], { cache: true });
  try {
    // The BULK answer the refresh gets, saved as a file for the import beside it.
    const file = path.join(dir, 'ligeub1.bulk.csv');
    const out = createWriteStream(file);
    const sel = selection(
      table,
      Object.entries({
        BOPOMR: ['*'],
        HERKOMST: ['*'],
        HFUDD: ['*'],
        ALDER: ['20-24', '25-29', '30-34', '35-39'],
        KØN: ['*'],
        Tid: ['*'],
      }).map(([code, values]) => ({ code, values })),
    );
    for (const chunk of csvAnswer(table, sel))
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((resolve) => out.end(() => resolve()));

    // Every answer the refresh asks for, made once before the runs: the stand-in's generating is not timed.
    const parsed = await readDefinitionFile(ballerupFile);
    if (!parsed.ok) throw new Error('the bundled strategy does not parse');
    const client = statbankClient({ baseUrl: standIn.baseUrl });
    for (const { query } of refreshQueries([parsed.definition]))
      for (const format of ['JSONSTAT', 'BULK'] as const) {
        const request = client.dataRequest(query, format);
        await fetch(request.url, { method: 'POST', body: request.body }).then((r) => r.arrayBuffer());
      }

    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const f = {
      tables: [] as { table: string; figures: number; format: string }[],
      derived: [] as { indicator: string; figures: number }[],
      refreshSeconds: [] as number[],
      refreshPeakRssMb: [] as number[],
      importSeconds: [] as number[],
      importCommandSeconds: [] as number[],
      importPeakRssMb: [] as number[],
      importRows: 0,
    };
    for (let i = 0; i < runs; i++) {
      // Each side into a database of its own, the schema made and (for the refresh) the strategy loaded first.
      for (const name of [`bench_refresh_${i}`, `bench_refresh_import_${i}`])
        await admin.query(`create database ${name}`);
      const refreshEnv = {
        ...process.env,
        DATABASE_URL: server.url.replace(/\/postgres$/, `/bench_refresh_${i}`),
        STATBANK_URL: standIn.baseUrl,
      };
      const importEnv = {
        ...process.env,
        DATABASE_URL: server.url.replace(/\/postgres$/, `/bench_refresh_import_${i}`),
      };
      for (const env of [refreshEnv, importEnv]) {
        const m = await run(['migrate'], env);
        if (m.code !== 0) throw new Error(`migrate failed: ${m.err}`);
      }
      const load = await run(['strategy', 'load', ballerupFile], refreshEnv);
      if (load.code !== 0) throw new Error(`strategy load failed: ${load.err}`);

      const r = await run(['refresh', '--source', 'statbank'], refreshEnv);
      if (r.code !== 0) throw new Error(`refresh failed: ${r.err}`);
      f.refreshSeconds.push(r.seconds);
      f.refreshPeakRssMb.push(peakOf(r.err));
      if (i === 0) {
        for (const m of r.out.matchAll(/^(\w+) \([^)]*\): (\d+) figures, \d+ new or revised(.*)$/gm))
          f.tables.push({
            table: m[1] as string,
            figures: Number(m[2]),
            format: m[3]?.includes('asked as BULK') ? 'BULK' : 'JSON-stat',
          });
        for (const m of r.out.matchAll(/^([\w-]+) computed from \w+: (\d+) figures/gm))
          f.derived.push({ indicator: m[1] as string, figures: Number(m[2]) });
      }

      const imp = await run(['import', 'statbank', file, '--table', 'LIGEUB1'], importEnv);
      if (imp.code !== 0) throw new Error(`import failed: ${imp.err}`);
      const said = /(\d+) rows read in ([\d.]+) s/.exec(imp.out);
      if (!said) throw new Error(`unexpected output from the import: ${imp.out}`);
      f.importRows = Number(said[1]);
      f.importSeconds.push(Number(said[2]));
      f.importCommandSeconds.push(imp.seconds);
      f.importPeakRssMb.push(peakOf(imp.err));
      for (const name of [`bench_refresh_${i}`, `bench_refresh_import_${i}`])
        await admin.query(`drop database ${name}`);
    }
    await admin.end();
    return f;
  } finally {
    await standIn.close();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
