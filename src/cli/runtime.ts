// Opening the database for a command: from the environment, migrated, and closed afterwards whatever happens.
import type { Config } from '../platform/config.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';

export async function withDatabase<T>(config: Config, run: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database);
    return await run(database);
  } finally {
    await database.close();
  }
}
