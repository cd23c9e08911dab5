// Opens the one database the system runs on: PGlite in DATA_DIR by default, a PostgreSQL server when a URL
// is given. Both are reached through node-postgres, so one query layer and one set of migrations serve both.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { redactUrl } from '../platform/config.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { DatabaseUnavailableError } from './database-error.ts';
import { copyTemplateInto, readTemplate } from './pglite-template.ts';
import type { Tables } from './tables.ts';

// Return bigint and numeric columns as strings (the default) but timestamps as Date; no silent precision loss.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
// A calendar date stays the text YYYY-MM-DD: made a Date it would shift with the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type DatabaseKind = 'embedded' | 'server';

export interface Database {
  readonly db: Kysely<Tables>;
  readonly kind: DatabaseKind;
  /** Where the data lives, for messages: a directory or a URL without its password. */
  readonly location: string;
  /** The connection a transaction of `db` runs on, for COPY, which the query layer does not speak. */
  connectionOf(trx: Transaction<Tables>): Promise<RawConnection>;
  close(): Promise<void>;
}

/** A server transaction's own pool client, or the embedded database (one session: every transaction's). */
export type RawConnection =
  | { readonly kind: 'server'; readonly client: pg.PoolClient }
  | { readonly kind: 'embedded'; readonly pglite: PGlite };

export { DatabaseUnavailableError };

export interface OpenOptions {
  /** A postgres:// URL; when absent the embedded database is used. */
  readonly url?: string | undefined;
  /** Directory for the embedded database; `memory://` keeps it in memory (tests). */
  readonly dataDir?: string;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.url ? openServer(options.url) : openEmbedded(options.dataDir ?? './data');
}

async function openEmbedded(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  // One process per data directory (see data-dir-lock.ts); held until close, or until the process ends.
  const lock: DataDirLock | undefined = inMemory ? undefined : acquireDataDirLock(dataDir);
  // Loaded only here: PGlite's WebAssembly adds about 80 MB to a process that talks to a server instead.
  const [{ PGlite }, { createPgConfig }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/node-postgres'),
  ]);
  let pglite: PGlite;
  try {
    const isNew = inMemory || !existsSync(path.join(dataDir, 'PG_VERSION'));
    const copied = isNew && !inMemory && (await copyTemplateInto(dataDir));
    const template = isNew && !copied ? readTemplate() : undefined;
    const options = template ? { loadDataDir: template } : {};
    pglite = await (inMemory ? PGlite.create(options) : PGlite.create(dataDir, options));
  } catch (cause) {
    lock?.release();
    throw new DatabaseUnavailableError(`cannot open the embedded database in ${dataDir}: ${String(cause)}`, {
      cause,
    });
  }
  // PGlite serves one connection; the adapter's pool size is 1, so transactions queue instead of interleaving.
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'embedded',
    location: inMemory ? 'memory' : dataDir,
    connectionOf: () => Promise.resolve({ kind: 'embedded', pglite }),
    async close() {
      await db.destroy();
      // Given a path, PGlite keeps the process alive until it is closed.
      try {
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openServer(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An error on an idle client must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // Kysely keeps a transaction's client to itself; the pool's clients are known by their backend's process id.
  const clients = new Set<pg.PoolClient>();
  pool.on('connect', (client) => clients.add(client));
  pool.on('remove', (client) => clients.delete(client));
  try {
    const client = await pool.connect();
    client.release();
  } catch (cause) {
    await pool.end().catch(() => undefined);
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    throw new DatabaseUnavailableError(`cannot reach the database at ${redactUrl(url)}: ${reason}`, {
      cause,
    });
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'server',
    location: redactUrl(url),
    async connectionOf(trx) {
      const r = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      const pid = r.rows[0]?.pid;
      for (const client of clients)
        if ((client as pg.PoolClient & { processID?: number }).processID === pid)
          return { kind: 'server', client };
      throw new DatabaseUnavailableError(`no pool client serves backend ${pid}`);
    },
    close: () => db.destroy(),
  };
}
