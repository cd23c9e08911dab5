// P1 re-import: the same StatBank BULK CSV imported again (a refresh in which nothing changed), and one in which
// about 1 % of the figures changed, against the first import of the file in the same run, on the embedded
// database (PGlite) and on a PostgreSQL server. Each import is the real command (`bin/pejlemaerke.js import statbank`) in a process of its
// own, one after another on one data directory, timed as the command prints it (opening the file to the commit).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres } from '../test/support/postgres-server.ts';
import { writeBulkFile } from './import.ts';

export interface ReimportRun {
  /** The first import into an empty data directory: every figure stored. */
  readonly firstSeconds: number;
  /** The same file again: nothing stored. */
  readonly unchangedSeconds: number;
  /** The file with about 1 % of its figures changed: those stored as a new vintage. */
  readonly changedSeconds: number;
  readonly changedStored: number;
  /** The changed file once more, now that its keys have two vintages: nothing stored. */
  readonly unchangedAfterRevisionSeconds: number;
}

export interface ReimportFigures {
  readonly rows: number;
  readonly engine: Engine;
  readonly runs: readonly ReimportRun[];
  readonly load: readonly [number, number];
}

/** Every this many rows, the changed file's figure differs: about 1 %, spread over keys and periods alike. */
export const CHANGE_EVERY = 101;

const RUNS = 3;

export type Engine = 'embedded' | 'postgresql';

export async function measureReimport(rows: number, engine: Engine): Promise<ReimportFigures> {
  const loadBefore = loadavg()[0] ?? 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-reimport-'));
  const cli = path.join(import.meta.dirname, '..', 'bin', 'pejlemaerke.js');
  const server =
    engine === 'postgresql' ? startPostgres(55000 + Math.floor(Math.random() * 5000)) : undefined;
  const admin = server ? new pg.Client({ connectionString: server.url }) : undefined;
  await admin?.connect();
  try {
    const file = path.join(dir, 'folk1e-bulk.csv');
    const changedFile = path.join(dir, 'folk1e-bulk-changed.csv');
    await writeBulkFile(file, rows);
    await writeBulkFile(changedFile, rows, CHANGE_EVERY);
    const runs: ReimportRun[] = [];
    for (let run = 0; run < RUNS; run++) {
      // A data directory (or database) of its own for each run, so each first import stores every figure.
      const dataDir = path.join(dir, `data-${run}`);
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
      delete env.DATABASE_URL;
      if (server && admin) {
        await admin.query(`create database bench_reimport_${run}`);
        env.DATABASE_URL = server.url.replace(/\/postgres$/, `/bench_reimport_${run}`);
        const migrate = spawnSync(process.execPath, [cli, 'migrate'], { env, encoding: 'utf8' });
        if (migrate.status !== 0) throw new Error(`migrate failed: ${migrate.stderr}`);
      }
      const importFile = (f: string) => {
        const child = spawnSync(process.execPath, [cli, 'import', 'statbank', f, '--table', 'FOLK1E'], {
          env,
          encoding: 'utf8',
          maxBuffer: 1 << 24,
        });
        if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
        const said = /(\d+) rows read in ([\d.]+) s; (?:(\d+) stored|all equal)/.exec(child.stdout);
        if (!said || Number(said[1]) !== rows)
          throw new Error(`unexpected output from the import: ${child.stdout} ${child.stderr}`);
        return { seconds: Number(said[2]), stored: Number(said[3] ?? 0) };
      };
      const first = importFile(file);
      if (first.stored !== rows) throw new Error(`the first import stored ${first.stored} of ${rows} rows`);
      const unchanged = importFile(file);
      if (unchanged.stored !== 0) throw new Error(`the same file again stored ${unchanged.stored} rows`);
      const changed = importFile(changedFile);
      const expected = Math.ceil(rows / CHANGE_EVERY);
      if (changed.stored !== expected)
        throw new Error(`the changed file stored ${changed.stored} rows, expected ${expected}`);
      const again = importFile(changedFile);
      if (again.stored !== 0) throw new Error(`the changed file again stored ${again.stored} rows`);
      runs.push({
        firstSeconds: first.seconds,
        unchangedSeconds: unchanged.seconds,
        changedSeconds: changed.seconds,
        changedStored: changed.stored,
        unchangedAfterRevisionSeconds: again.seconds,
      });
      rmSync(dataDir, { recursive: true, force: true });
      await admin?.query(`drop database bench_reimport_${run}`);
    }
    return { rows, engine, runs, load: [loadBefore, loadavg()[0] ?? 0] };
  } finally {
    await admin?.end();
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
