// Opening the database for a command: from the environment, migrated, and closed afterwards whatever happens.
import type { Config } from '../platform/config.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';

/** Configurations of commands run inside a server, with the server's open database (see attachDatabase). */
const openDatabases = new WeakMap<Config, Database>();

/**
 * A command run inside the server (sent over its command socket) uses the server's open database: a second
 * opening of an embedded data directory is refused. `withDatabase` given this configuration neither opens nor
 * closes it.
 */
export function attachDatabase(config: Config, database: Database | undefined): Config {
  if (database) openDatabases.set(config, database);
  return config;
}

export async function withDatabase<T>(config: Config, run: (database: Database) => Promise<T>): Promise<T> {
  const open = openDatabases.get(config);
  if (open) {
    await migrateToLatest(open);
    return run(open);
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database);
    return await run(database);
  } finally {
    await database.close();
  }
}
