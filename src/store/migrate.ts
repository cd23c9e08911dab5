// Brings the schema up to date. Runs at every start; a migration that fails rolls back whole. A database that has
// run exactly our migrations is told so by one read (the migrator's own check takes a lock and a dozen queries,
// a quarter of a second on the embedded database); any other goes through the migrator.
import { Migrator, sql, type MigrationResult } from 'kysely';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export async function migrateToLatest(database: Database): Promise<readonly MigrationResult[]> {
  if (await isUpToDate(database)) return [];
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
    // Numbers are handed out ahead of time, so a release may bring a migration numbered below one a database has
    // already run (011 after 012): it runs then, in its own transaction like every other.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(unknown)';
    throw new MigrationError(
      `migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  return results ?? [];
}

/** True when the database has run every migration we have and no other: nothing to do. */
async function isUpToDate(database: Database): Promise<boolean> {
  const table = await sql<{ present: boolean }>`
    select to_regclass('schema_migration') is not null as present`.execute(database.db);
  if (!table.rows[0]?.present) return false;
  const done = await sql<{ name: string }>`select name from schema_migration`.execute(database.db);
  const names = done.rows.map((r) => r.name).sort();
  const wanted = Object.keys(migrations).sort();
  return names.length === wanted.length && names.every((n, i) => n === wanted[i]);
}
