// A web application on a fresh in-memory database with the bundled strategy loaded, for in-process tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { systemActor } from '../../src/domain/access/index.ts';
import { loadDefinitionFile } from '../../src/service/strategies.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { buildApp, type AppOptions } from '../../src/web/app.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const ballerupFile = path.join(repoRoot, 'strategies', 'ballerup-integrationsstrategi-2021-2023.yaml');
export const ballerupId = 'ballerup-integrationsstrategi-2021-2023';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: Database;
  close(): Promise<void>;
}

export async function startTestApp(
  files: readonly string[] = [ballerupFile],
  database?: Database,
  options: Omit<AppOptions, 'database'> = {},
): Promise<TestApp> {
  const db = database ?? (await openDatabase({ dataDir: 'memory://' }));
  await migrateToLatest(db);
  for (const f of files)
    await loadDefinitionFile(
      { database: db, actor: systemActor, now: () => new Date('2026-01-01T12:00:00Z') },
      f,
    );
  const app = await buildApp({ ...options, database: db });
  return {
    app,
    database: db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
