// P1: importing a StatBank BULK CSV shaped like FOLK1E into PostgreSQL, rows/s, against psql's \copy of the same
// rows into the same server in the same run; and the import's peak memory (run in a child process so its
// maxRSS is the import's own), for 1,000,000 rows and, with --large, 10,000,000.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres } from '../test/support/postgres-server.ts';

export interface ImportFigures {
  readonly rows: number;
  readonly importSeconds: number;
  readonly importRowsPerSecond: number;
  readonly peakRssMb: number;
  readonly copySeconds: number;
  readonly copyRowsPerSecond: number;
}

/** Writes `rows` FOLK1E-shaped BULK lines (UTF-8 BOM, `;`, CRLF) without holding them in memory. */
export async function writeBulkFile(file: string, rows: number): Promise<void> {
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
              chunk += `${area};${sex};${age}-${age + 4};${h};${year}K${q};${(n * 7919) % 5000}\r\n`;
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
  try {
    const file = path.join(dir, 'folk1e-bulk.csv');
    await writeBulkFile(file, rows);
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('create database bench_import');
    await admin.query('create database bench_copy');
    await admin.end();
    const importUrl = server.url.replace(/\/postgres$/, '/bench_import');
    const copyUrl = server.url.replace(/\/postgres$/, '/bench_copy');

    // The import, in its own process: `pejlemaerke import statbank` as a user runs it.
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'import-child.ts'), file],
      { env: { ...process.env, DATABASE_URL: importUrl }, encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as {
      seconds: number;
      maxRssKb: number;
      stored: number;
    };
    if (result.stored !== rows) throw new Error(`import stored ${result.stored} rows, expected ${rows}`);

    // The anchor: psql \copy of the same file into a table of the same columns, on the same server.
    const psql = 'psql';
    execFileSync(psql, [
      copyUrl,
      '-c',
      'create table folk1e_copy (omraade text, koen text, alder text, herkomst text, tid text, indhold double precision)',
    ]);
    const started = performance.now();
    execFileSync(psql, [
      copyUrl,
      '-c',
      `\\copy folk1e_copy from '${file}' with (format csv, delimiter ';', header true, encoding 'UTF8')`,
    ]);
    const copySeconds = (performance.now() - started) / 1000;
    return {
      rows,
      importSeconds: result.seconds,
      importRowsPerSecond: rows / result.seconds,
      peakRssMb: result.maxRssKb / 1024,
      copySeconds,
      copyRowsPerSecond: rows / copySeconds,
    };
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
