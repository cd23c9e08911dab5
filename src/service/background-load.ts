// The bundled dataset loaded after the server listens. `serve` finds, before listening, which parts are missing
// (a check that reads no file's rows) and marks them as loading (`loading-state.ts`); `run` then stores them in
// the background, one part a transaction — so pages keep answering between parts on the embedded database's one
// connection — and computes the first area summaries when the figures are all there.
import { systemActor } from '../domain/access/index.ts';
import {
  describeOutcome,
  loadPlannedParts,
  pendingParts,
  planBundledDataset,
  storedDefinitions,
  type BundledPartOutcome,
  type PartLoadOptions,
} from './bundled-dataset.ts';
import type { Database } from './database.ts';
import { areaSummaries } from './indicators.ts';
import { setDatasetLoading } from './loading-state.ts';

export interface BackgroundLoad {
  /** How many parts are to be stored; 0 on a database that holds the whole bundle. */
  readonly pending: number;
  /**
   * Stores them, the startup scope first, then warms the first summaries; rejects if a part fails or the
   * signal stops the load (between parts: each part is stored whole or not at all).
   */
  run(options?: Pick<PartLoadOptions, 'signal' | 'beforePart'>): Promise<readonly BundledPartOutcome[]>;
}

export interface BackgroundLoadOptions {
  /** Gets a line per part stored, none for a part stored already. */
  readonly log?: (line: string) => void;
  /** The datasets folder; the bundled one by default. */
  readonly datasetsDir?: string;
}

/**
 * Finds what of the bundled dataset the database lacks and marks it as loading. Reads the manifest, the files'
 * bytes for their hashes and the batch list, nothing more: a restart on a loaded database costs this check.
 */
export async function prepareBundledLoad(
  database: Database,
  options: BackgroundLoadOptions = {},
): Promise<BackgroundLoad> {
  const definitions = await storedDefinitions(database);
  const plan = await planBundledDataset(database, definitions, options);
  const startup = pendingParts(plan, 'startup').length;
  const pending = pendingParts(plan, 'all').length;
  setDatasetLoading(database, startup > 0 ? 'startup' : pending > 0 ? 'rest' : undefined);
  const ctx = { database, actor: systemActor, now: () => new Date() };
  return {
    pending,
    async run(runOptions = {}) {
      const load: PartLoadOptions = {
        ...runOptions,
        onOutcome: (o) => {
          if (o.status !== 'already-loaded') options.log?.(describeOutcome(o));
        },
      };
      let outcomes: BundledPartOutcome[];
      try {
        outcomes = [...(await loadPlannedParts(ctx, plan, 'startup', load))];
        setDatasetLoading(database, pending > startup ? 'rest' : undefined);
        outcomes.push(...(await loadPlannedParts(ctx, plan, 'rest', load)));
      } catch (e) {
        // Each part is its own transaction: what was stored stays, the rest is loaded by the next start.
        setDatasetLoading(database, 'incomplete');
        throw e;
      }
      setDatasetLoading(database, undefined);
      // The first visitor's summaries are computed now, on the whole dataset, rather than on their request.
      for (const d of definitions) await areaSummaries(database, d, d.organisation.areaCode);
      return outcomes;
    },
  };
}
