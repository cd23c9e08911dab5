// Opens the one database the system runs on: PGlite in DATA_DIR by default, a PostgreSQL server when a URL
// is given. Both are reached through node-postgres, so one query layer and one set of migrations serve both.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { redactUrl } from '../platform/config.ts';
import { readTemplate } from './pglite-template.ts';
import type { Tables } from './tables.ts';

// Return bigint and numeric columns as strings (the default) but timestamps as Date; no silent precision loss.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export type DatabaseKind = 'embedded' | 'server';

export interface Database {
  readonly db: Kysely<Tables>;
  readonly kind: DatabaseKind;
  /** Where the data lives, for messages: a directory or a URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

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
  let pglite: PGlite;
  try {
    const isNew = inMemory || !existsSync(path.join(dataDir, 'PG_VERSION'));
    const template = isNew ? readTemplate() : undefined;
    const options = template ? { loadDataDir: template } : {};
    pglite = await (inMemory ? PGlite.create(options) : PGlite.create(dataDir, options));
  } catch (cause) {
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
    async close() {
      await db.destroy();
      // Given a path, PGlite keeps the process alive until it is closed.
      await pglite.close();
    },
  };
}

async function openServer(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An error on an idle client must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
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
  return { db, kind: 'server', location: redactUrl(url), close: () => db.destroy() };
}
