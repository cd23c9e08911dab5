// Migrations on both databases: a new database runs them all, an up-to-date one is left alone after one read,
// and one that has run a migration we do not have goes through the migrator, which refuses it.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createServerDatabase } from '../../test/support/databases.ts';
import { openDatabase, type Database } from './database.ts';
import { MigrationError, migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

const engines: readonly { name: string; open: () => Promise<Database> }[] = [
  { name: 'pglite', open: () => openDatabase({ dataDir: 'memory://' }) },
  { name: 'postgresql', open: async () => openDatabase({ url: await createServerDatabase() }) },
];

describe.each(engines)('migrateToLatest on $name', (engine) => {
  it('runs every migration once, then finds nothing to do; a migration we lack is refused', async () => {
    const database = await engine.open();
    try {
      const first = await migrateToLatest(database);
      expect(first.map((r) => [r.migrationName, r.status])).toEqual(
        Object.keys(migrations).map((name) => [name, 'Success']),
      );
      expect(await migrateToLatest(database)).toEqual([]);
      await sql`insert into schema_migration (name, timestamp) values ('999-from-a-newer-release', now())`.execute(
        database.db,
      );
      await expect(migrateToLatest(database)).rejects.toThrow(MigrationError);
    } finally {
      await database.close();
    }
  });
});
