// `pejlemaerke refresh`: runs every query the loaded strategies declare against StatBank, Jobindsats and the
// education statistics API. Every answer is fetched and read before the first is stored, so a source that cannot
// be reached or refuses its key changes nothing; a keyed source without its key is skipped unless asked for.
import { InvalidArgumentError, type Command } from 'commander';
import { cliActor } from '../domain/access/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import { ConfigError, type Config } from '../platform/config.ts';
import { describeCrossSource } from '../service/cross-source-derive.ts';
import { describeDerivation } from '../service/indicator-derive.ts';
import { recordedRefresh, RecordedRefreshError } from '../service/refresh-record.ts';
import {
  planSize,
  refreshPlan,
  refreshSources,
  unconfiguredSources,
  withoutSources,
  type RefreshSettings,
  type RefreshSource,
} from '../service/refresh-run.ts';
import { getStrategy, listStrategies } from '../service/strategies.ts';
import type { WriteContext } from '../service/write-gate.ts';
import { DEFAULT_STATBANK_URL } from '../sources/statbank/index.ts';
import type { Io } from './main.ts';
import { progressBar } from './progress.ts';
import { withDatabase } from './runtime.ts';

export { refreshSources, type RefreshSource };

/** The keyed sources: the name used in messages and the setting that holds the key. */
const keyed = {
  jobindsats: { name: 'Jobindsats', keyVariable: 'JOBINDSATS_API_KEY' },
  uddannelsesstatistik: { name: 'Uddannelsesstatistik', keyVariable: 'UDDANNELSESSTATISTIK_API_KEY' },
} as const;

const sourceNames: Record<RefreshSource, string> = {
  statbank: 'StatBank',
  jobindsats: keyed.jobindsats.name,
  uddannelsesstatistik: keyed.uddannelsesstatistik.name,
};

/** `--source a,b --source c` → [a, b, c]; an unknown name is a usage error. */
function collectSources(value: string, previous: readonly RefreshSource[]): RefreshSource[] {
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (names.length === 0) throw new InvalidArgumentError(`expected one of ${refreshSources.join(', ')}`);
  const out = [...previous];
  for (const name of names) {
    if (!(refreshSources as readonly string[]).includes(name))
      throw new InvalidArgumentError(`"${name}" is not a source; expected ${refreshSources.join(', ')}`);
    if (!out.includes(name as RefreshSource)) out.push(name as RefreshSource);
  }
  return out;
}

const HELP = `
Every answer of every chosen source is fetched and read before anything is stored: a source that cannot be
reached, refuses its key or sends an answer that cannot be read leaves every figure as it was. Then each query
is stored as its own import batch; a figure equal to the one stored is not stored again.

Keys and addresses: JOBINDSATS_API_KEY and JOBINDSATS_BASE_URL (Jobindsats, STAR),
UDDANNELSESSTATISTIK_API_KEY and UDDANNELSESSTATISTIK_BASE_URL (Børne- og Undervisningsministeriet),
STATBANK_URL or --url (Danmarks Statistik, no key). Without --source, a source whose key is not set is skipped
with a message and the others run; a source named with --source must have its key.`;

export function registerRefreshCommand(
  program: Command,
  io: Io,
  config: () => Config,
  currentUser: () => string,
): void {
  program
    .command('refresh')
    .description(
      'fetch every StatBank, Jobindsats and education statistics query the loaded strategies declare and store what changed',
    )
    .option(
      '--source <sources>',
      `only these sources: ${refreshSources.join(', ')}; repeat it or separate by commas (default: all)`,
      collectSources,
      [] as RefreshSource[],
    )
    .option('--url <url>', 'StatBank API base URL (default: STATBANK_URL or https://api.statbank.dk/v1)')
    .addHelpText('after', HELP)
    .action(async (opts: { source: RefreshSource[]; url?: string }) => {
      const chosen = opts.source.length > 0 ? opts.source : refreshSources;
      const named = opts.source.length > 0;
      const statbankUrl = opts.url ?? io.env.STATBANK_URL ?? DEFAULT_STATBANK_URL;
      if (chosen.includes('statbank') && !/^https?:\/\/[^\s]+$/.test(statbankUrl))
        throw new ConfigError(`STATBANK_URL=${JSON.stringify(statbankUrl)}: expected an http(s) URL`);
      const c = config();
      await withDatabase(c, async (database) => {
        const ctx: WriteContext = { database, actor: cliActor(currentUser()), now: () => new Date() };
        const definitions = await loadedDefinitions(database);
        const settings: RefreshSettings = {
          statbankUrl,
          statbankMaxCells: c.statbank.maxCells,
          jobindsats: c.jobindsats,
          uddannelsesstatistik: c.uddannelsesstatistik,
        };
        let plan = refreshPlan(definitions, chosen);

        // A missing key is found before anything is fetched: skipped when the source was not asked for by name.
        const unconfigured = unconfiguredSources(plan, settings);
        for (const { source, queries: n } of unconfigured) {
          const { name, keyVariable } = keyed[source];
          if (named)
            throw new ConfigError(
              `${name}: ${keyVariable} is not set; set it, or leave out --source ${source} (${n} ${queriesWord(n)} declared)`,
            );
          io.err(`${name}: ${keyVariable} is not set; skipped ${n} ${queriesWord(n)}`);
        }
        plan = withoutSources(
          plan,
          unconfigured.map((u) => u.source),
        );

        if (planSize(plan) === 0) {
          io.out(
            `no ${chosen.map((s) => sourceNames[s]).join(', ')} queries to run in the loaded strategies; nothing to refresh`,
          );
          return;
        }

        // One progress bar over every step: the keyed sources are fetched first, then StatBank is fetched and
        // stored, then the keyed sources are stored.
        const bar = progressBar(io);
        // The run is kept in the database with every query's outcome, as the data status page's runs are; a
        // failure is recorded there and then reported as the source's own error.
        const { results, derived, crossSource } = await recordedRefresh(ctx, definitions, plan, settings, {
          sources: chosen,
          skipped: unconfigured.map((u) => u.source),
          onProgress: (p) =>
            bar.update(p.done, p.total, p.purpose ? `${sourceNames[p.source]}: ${p.purpose}` : ''),
        })
          .catch((e: unknown) => {
            throw e instanceof RecordedRefreshError ? e.cause : e;
          })
          .finally(() => bar.stop());
        for (const r of results)
          io.out(
            `${r.table} (${r.purpose}): ${r.outcome.received} figures, ${r.outcome.stored} new or revised${r.outcome.batchId ? ` (import batch ${r.outcome.batchId})` : ''}${r.format === 'BULK' ? `; asked as BULK (${r.cells ?? '?'} cells)` : ''}${r.notes?.length ? `; ${r.notes.join('; ')}` : ''}`,
          );
        // The indicators computed from the StatBank tables just refreshed.
        for (const d of derived) io.out(describeDerivation(d));
        // The indicators computed across the answers just refreshed (Jobindsats over FOLK1E, exam cubes).
        for (const d of crossSource) io.out(describeCrossSource(d));
      });
    });
}

async function loadedDefinitions(
  database: Parameters<typeof listStrategies>[0],
): Promise<readonly StrategyDefinition[]> {
  const strategies = await Promise.all(
    (await listStrategies(database)).map((s) => getStrategy(database, s.strategyId)),
  );
  return strategies.flatMap((s) => (s ? [s.definition] : []));
}

function queriesWord(n: number): string {
  return n === 1 ? 'query' : 'queries';
}
