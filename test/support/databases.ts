// The two databases every storage test runs on: embedded PGlite and a real PostgreSQL server.
// Each call gives a fresh, migrated, empty database.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

export interface TestDatabase {
  readonly name: 'pglite' | 'postgresql';
  open(): Promise<Database>;
}

export const testDatabases: readonly TestDatabase[] = [
  { name: 'pglite', open: () => migrated(openDatabase({ dataDir: 'memory://' })) },
  { name: 'postgresql', open: async () => migrated(openDatabase({ url: await createServerDatabase() })) },
];

async function migrated(opening: Promise<Database>): Promise<Database> {
  const database = await opening;
  await migrateToLatest(database);
  return database;
}

/** A new database on the test server, so test files never see each other's rows. */
export async function createServerDatabase(): Promise<string> {
  const base = new URL(inject('postgresUrl'));
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: base.toString() });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  base.pathname = `/${name}`;
  return base.toString();
}
