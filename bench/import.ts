// P1: importing a StatBank BULK CSV shaped like FOLK1E into PostgreSQL, rows/s, against psql's \copy of the same
// rows into the same server in the same run; and the import's peak memory, for 1,000,000 rows and, with --large,
// 10,000,000. The import is the real command (`bin/pejlemaerke.js import statbank`) in a process of its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres } from '../test/support/postgres-server.ts';

export interface ImportFigures {
  readonly rows: number;
  /** Each run's import as the command times it, from opening the file to the commit. */
  readonly importSeconds: readonly number[];
  /** Each run's whole command: start-up (bundling, loading, connecting) included. */
  readonly commandSeconds: readonly number[];
  readonly peakRssMb: readonly number[];
  readonly copySeconds: readonly number[];
}

/** Runs of each side, alternating, so a passing load on the machine falls on both. */
const RUNS = 3;

/**
 * Writes `rows` FOLK1E-shaped BULK lines (UTF-8 BOM, `;`, CRLF) without holding them in memory. With
 * `changeEvery`, every so many rows' figure is one more than in the file written without it.
 */
export async function writeBulkFile(file: string, rows: number, changeEvery = 0): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('\uFEFFOMRÅDE;KØN;ALDER;HERKOMST;TID;INDHOLD\r\n');
  const herkomst = ['1', '24', '25', '34', '35'];
  let n = 0;
  let chunk = '';
  outer: for (let area = 101; ; area++)
    for (let year = 2008; year <= 2025; year++)
      for (let q = 1; q <= 4; q++)
        for (const sex of ['1', '2'])
          for (let age = 0; age < 100; age += 5)
            for (const h of herkomst) {
              if (n >= rows) break outer;
              const figure = ((n * 7919) % 5000) + (changeEvery > 0 && n % changeEvery === 0 ? 1 : 0);
              chunk += `${area};${sex};${age}-${age + 4};${h};${year}K${q};${figure}\r\n`;
              n++;
              if (chunk.length > 1 << 16) {
                await write(chunk);
                chunk = '';
              }
            }
  await write(chunk);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

export async function measureImport(rows: number): Promise<ImportFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-import-'));
  const server = startPostgres(55000 + Math.floor(Math.random() * 5000));
  const root = path.join(import.meta.dirname, '..');
  try {
    const file = path.join(dir, 'folk1e-bulk.csv');
    await writeBulkFile(file, rows);
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const figures = { importSeconds: [], commandSeconds: [], peakRssMb: [], copySeconds: [] } as {
      [K in keyof Omit<ImportFigures, 'rows'>]: number[];
    };
    for (let run = 0; run < RUNS; run++) {
      // Each run into a database of its own: every run stores every row, as a first import does.
      await admin.query(`create database bench_import_${run}`);
      await admin.query(`create database bench_copy_${run}`);
      const importUrl = server.url.replace(/\/postgres$/, `/bench_import_${run}`);
      const copyUrl = server.url.replace(/\/postgres$/, `/bench_copy_${run}`);

      // The import: `pejlemaerke import statbank` as a user runs it, the schema made beforehand.
      const env = { ...process.env, DATABASE_URL: importUrl };
      const cli = path.join(root, 'bin', 'pejlemaerke.js');
      const migrate = spawnSync(process.execPath, [cli, 'migrate'], { env, encoding: 'utf8' });
      if (migrate.status !== 0) throw new Error(`migrate failed: ${migrate.stderr}`);
      const started = performance.now();
      const child = spawnSync(
        process.execPath,
        [
          '--import',
          path.join(import.meta.dirname, 'peak-memory.mjs'),
          cli,
          'import',
          'statbank',
          file,
          '--table',
          'FOLK1E',
        ],
        { env, encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      figures.commandSeconds.push((performance.now() - started) / 1000);
      if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
      const said = /(\d+) rows read in ([\d.]+) s; (\d+) stored/.exec(child.stdout);
      const peak = /peak-rss-kb (\d+)/.exec(child.stderr);
      if (!said || !peak)
        throw new Error(`unexpected output from the import: ${child.stdout} ${child.stderr}`);
      if (Number(said[3]) !== rows) throw new Error(`import stored ${said[3]} rows, expected ${rows}`);
      figures.importSeconds.push(Number(said[2]));
      figures.peakRssMb.push(Number(peak[1]) / 1024);

      // The anchor: psql \copy of the same file into a table of the same columns, on the same server.
      execFileSync('psql', [
        copyUrl,
        '-c',
        'create table folk1e_copy (omraade text, koen text, alder text, herkomst text, tid text, indhold double precision)',
      ]);
      const copyStarted = performance.now();
      execFileSync('psql', [
        copyUrl,
        '-c',
        `\\copy folk1e_copy from '${file}' with (format csv, delimiter ';', header true, encoding 'UTF8')`,
      ]);
      figures.copySeconds.push((performance.now() - copyStarted) / 1000);
      await admin.query(`drop database bench_import_${run}`);
      await admin.query(`drop database bench_copy_${run}`);
    }
    await admin.end();
    return { rows, ...figures };
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
