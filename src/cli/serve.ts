// `pejlemaerke serve`: migrate, load the bundled strategies into an empty database, and serve the web app.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { systemActor } from '../domain/access/index.ts';
import type { Config } from '../platform/config.ts';
import { paths } from '../platform/paths.ts';
import { seedBundledDataset } from '../service/bundled-dataset.ts';
import { loadDefinitionFile, listStrategies } from '../service/strategies.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { buildApp } from '../web/app.ts';
import { PortInUseError } from './port-in-use.ts';

export const bundledStrategiesDir = paths.strategies;

export { PortInUseError };

export interface RunningServer {
  readonly url: string;
  readonly database: Database;
  close(): Promise<void>;
}

export async function startServer(config: Config, log: (line: string) => void): Promise<RunningServer> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database);
    if (config.seed) {
      await seedBundledStrategies(database, log);
      // The strategy's own area and the whole country before the first page; the other areas after listen.
      await seedBundledDataset(database, log);
    }
    const app = await buildApp({
      database,
      logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
      oidc: config.oidc,
      trustProxy: config.trustProxy,
      uploadMaxBytes: config.uploadMaxBytes,
      statbankLimits: config.statbank,
    });
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (e) {
      await app.close();
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new PortInUseError(
          `port ${config.port} on ${config.host} is already in use; stop the other program or set PORT to a free port`,
        );
      throw e;
    }
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
    const rest = config.seed
      ? seedBundledDataset(database, log, { scope: 'rest' })
          .then((outcomes) => {
            if (outcomes.some((o) => o.status !== 'already-loaded')) log('alle områders tal er indlæst');
          })
          .catch((e: unknown) =>
            log(`de øvrige områders tal kunne ikke indlæses: ${e instanceof Error ? e.message : String(e)}`),
          )
      : Promise.resolve();
    return {
      url,
      database,
      async close() {
        await app.close();
        // Let a background load finish its transaction before the database closes.
        await rest;
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/** On first start the database is empty: load the definitions shipped in strategies/. */
async function seedBundledStrategies(database: Database, log: (line: string) => void): Promise<void> {
  if ((await listStrategies(database)).length > 0) return;
  const files = (await readdir(bundledStrategiesDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const f of files) {
    const outcome = await loadDefinitionFile(
      { database, actor: systemActor, now: () => new Date() },
      path.join(bundledStrategiesDir, f),
    );
    log(`indlæst ${outcome.version.title} (version ${outcome.version.version}) fra strategies/${f}`);
  }
}
