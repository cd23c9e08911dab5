// `pejlemaerke serve`: migrate, load the bundled strategies into an empty database, and serve the web app;
// the bundled dataset loads after listen (`service/background-load.ts`).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { systemActor } from '../domain/access/index.ts';
import type { Config } from '../platform/config.ts';
import { paths } from '../platform/paths.ts';
import { createMailer } from '../platform/mail.ts';
import { prepareBundledLoad } from '../service/background-load.ts';
import { remindFollowups, reminderLines } from '../service/followup-reminders.ts';
import { startReminderSchedule, type Timers } from '../service/reminder-schedule.ts';
import { loadDefinitionFile, listStrategies } from '../service/strategies.ts';
import { DEFAULT_STATBANK_URL } from '../sources/statbank/index.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { trackRequestsInFlight } from '../web/requests-in-flight.ts';
import { PortInUseError } from './port-in-use.ts';
import { startupPhases } from './startup-phases.ts';

export const bundledStrategiesDir = paths.strategies;

export { PortInUseError };

export interface RunningServer {
  readonly url: string;
  readonly database: Database;
  close(): Promise<void>;
}

export async function startServer(
  config: Config,
  log: (line: string) => void,
  options: { readonly reminderTimers?: Timers } = {},
): Promise<RunningServer> {
  const phases = startupPhases(config.logLevel);
  phases.mark('bundled and loaded the server');
  const opening = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  // The web app's modules load while PGlite compiles its WebAssembly, which V8 does off the main thread.
  const webApp = import('../web/app.ts');
  webApp.catch(() => undefined);
  const database = await opening;
  phases.mark('opened the database');
  try {
    await migrateToLatest(database);
    phases.mark('migrated');
    if (config.seed) {
      await seedBundledStrategies(database, log);
      phases.mark('loaded the bundled strategies');
    }
    // Before listening only what the first page needs: the strategy, and which bundled figures are missing (so
    // pages say what is still loading). The figures themselves load after listen, in the background.
    const bundled = config.seed ? await prepareBundledLoad(database, { log }) : undefined;
    phases.mark(`checked the bundled dataset (${bundled?.pending ?? 0} parts to load)`);
    const { buildApp } = await webApp;
    const app = await buildApp({
      database,
      logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
      oidc: config.oidc,
      trustProxy: config.trustProxy,
      uploadMaxBytes: config.uploadMaxBytes,
      statbankLimits: config.statbank,
      mail: config.mail,
      surveyMinRespondents: config.survey.minRespondents,
      refresh: {
        statbankUrl: process.env.STATBANK_URL ?? DEFAULT_STATBANK_URL,
        statbankMaxCells: config.statbank.maxCells,
        jobindsats: config.jobindsats,
        uddannelsesstatistik: config.uddannelsesstatistik,
      },
    });
    // Page requests go first: the background load starts each part when no request is being answered.
    const requests = trackRequestsInFlight(app);
    phases.mark('built the web app');
    try {
      await app.listen({ port: config.port, host: config.host });
      phases.mark('listening');
    } catch (e) {
      await app.close();
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new PortInUseError(
          `port ${config.port} on ${config.host} is already in use; stop the other program or set PORT to a free port`,
        );
      throw e;
    }
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
    const stopLoading = new AbortController();
    const loading = bundled
      ? bundled
          .run({ signal: stopLoading.signal, beforePart: () => requests.idle() })
          .then((outcomes) => {
            phases.mark('loaded the bundled dataset and the first summaries');
            if (outcomes.some((o) => o.status !== 'already-loaded')) log('alle områders tal er indlæst');
          })
          .catch((e: unknown) => {
            if (stopLoading.signal.aborted) return;
            log(
              `datasættets tal kunne ikke alle indlæses (de indlæses ved næste start): ${e instanceof Error ? e.message : String(e)}`,
            );
          })
      : Promise.resolve();
    const reminders = startFollowupReminders(database, config, log, options.reminderTimers);
    return {
      url,
      database,
      async close() {
        await app.close();
        await reminders?.stop();
        // A background load stops before its next part; the one under way finishes its transaction first.
        stopLoading.abort();
        await loading;
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/**
 * With mail set up, the follow-up reminders due are sent shortly after start and then every hour (each mail at
 * most once, whichever process sends it); without, nothing is scheduled and `followup remind` says why.
 */
function startFollowupReminders(
  database: Database,
  config: Config,
  log: (line: string) => void,
  timers: Timers | undefined,
) {
  const { smtp, followupReminderDays, publicUrl } = config.mail;
  if (!smtp) return undefined;
  const mailer = createMailer(smtp);
  return startReminderSchedule({
    log,
    ...(timers && { timers }),
    run: async () => {
      const run = await remindFollowups({ database, actor: systemActor, now: () => new Date() }, mailer, {
        days: followupReminderDays,
        publicUrl,
      });
      // Only what was tried is logged: the hourly runs that find nothing new say nothing.
      if (run.items.some((i) => i.outcome === 'sent' || i.outcome === 'failed'))
        for (const line of reminderLines(run)) log(line);
    },
  });
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
