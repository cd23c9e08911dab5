// The template directory: a new data directory is a copy of the migrated one, PG_VERSION last, so a copy cut
// short (files but no PG_VERSION) is made again by the next open; the copy has the schema and keeps its rows.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import {
  copyTemplateInto,
  ensureTemplate,
  migratedTemplateDirPath,
  templateDirPath,
} from './pglite-template.ts';

let dir: string;
beforeAll(async () => {
  await ensureTemplate();
  dir = await mkdtemp(path.join(tmpdir(), 'template-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('the PGlite template directory', () => {
  it('is copied into a new data directory, which opens and keeps its rows', async () => {
    expect(existsSync(path.join(templateDirPath(), 'PG_VERSION'))).toBe(true);
    expect(existsSync(path.join(migratedTemplateDirPath() ?? '', 'PG_VERSION'))).toBe(true);
    const dataDir = path.join(dir, 'data');
    // A copy cut short: some files, no PG_VERSION. The next open copies again over it.
    await copyTemplateInto(dataDir);
    await rm(path.join(dataDir, 'PG_VERSION'));
    await writeFile(path.join(dataDir, 'postgresql.auto.conf'), 'half a file');
    const database = await openDatabase({ dataDir });
    // A copy of the migrated template: the schema is there before any migration runs.
    expect(await migrateToLatest(database)).toEqual([]);
    await sql`insert into schema_migration_lock (id, is_locked) values ('kept', 0)`.execute(database.db);
    await database.close();
    const again = await openDatabase({ dataDir });
    try {
      const r = await sql<{ id: string }>`select id from schema_migration_lock where id = 'kept'`.execute(
        again.db,
      );
      expect(r.rows).toEqual([{ id: 'kept' }]);
      expect(await migrateToLatest(again)).toEqual([]);
    } finally {
      await again.close();
    }
  });
});
