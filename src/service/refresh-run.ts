// One refresh from every source the loaded strategies declare, as `pejlemaerke refresh` and the data status
// page's refresh both run it: the keyed sources (Jobindsats, the education statistics API) are fetched and read
// first, then StatBank is fetched (every query) and stored, then the keyed sources are stored, then the
// indicators computed from the refreshed StatBank tables and those computed across the refreshed answers. A source that cannot be reached, refuses its key or
// answers what cannot be read fails before anything is stored, so the figures stay as they were.
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import { jobindsatsClient } from '../sources/jobindsats/index.ts';
import { DEFAULT_STATBANK_URL, statbankClient } from '../sources/statbank/index.ts';
import { uddannelsesstatistikClient } from '../sources/uddannelsesstatistik/index.ts';
import {
  jobindsatsRefreshQueries,
  prepareJobindsatsRefresh,
  prepareUddannelsesstatistikRefresh,
  uddannelsesstatistikRefreshQueries,
  type JobindsatsRefreshQuery,
  type PreparedRefresh,
  type UddannelsesstatistikRefreshQuery,
} from './connector-refresh.ts';
import { deriveCrossSourceIndicators, type CrossSourceResult } from './cross-source-derive.ts';
import { deriveIndicators, type DerivationResult } from './indicator-derive.ts';
import {
  refreshFromStatbank,
  refreshQueries,
  type RefreshProgress,
  type RefreshQuery,
  type RefreshResult,
} from './refresh.ts';
import type { WriteContext } from './write-gate.ts';

export const refreshSources = ['statbank', 'jobindsats', 'uddannelsesstatistik'] as const;
export type RefreshSource = (typeof refreshSources)[number];

/** Where each source is reached: StatBank needs no key; a keyed source without one is not configured. */
export interface RefreshSettings {
  readonly statbankUrl: string;
  /** The cells StatBank answers outside BULK (STATBANK_MAX_CELLS); a larger query is asked as BULK. */
  readonly statbankMaxCells?: number | undefined;
  readonly jobindsats: { readonly apiKey: string | undefined; readonly baseUrl: string };
  readonly uddannelsesstatistik: { readonly apiKey: string | undefined; readonly baseUrl: string };
}

/** StatBank's own API and no keyed source: what a refresh reaches when nothing is configured. */
export const defaultRefreshSettings: RefreshSettings = {
  statbankUrl: DEFAULT_STATBANK_URL,
  jobindsats: { apiKey: undefined, baseUrl: 'https://api.jobindsats.dk/v2' },
  uddannelsesstatistik: { apiKey: undefined, baseUrl: 'https://api.uddannelsesstatistik.dk' },
};

export interface RefreshPlan {
  readonly statbank: readonly RefreshQuery[];
  readonly jobindsats: readonly JobindsatsRefreshQuery[];
  readonly uddannelsesstatistik: readonly UddannelsesstatistikRefreshQuery[];
}

/** Every query of the chosen sources that the definitions declare. */
export function refreshPlan(
  definitions: readonly StrategyDefinition[],
  chosen: readonly RefreshSource[] = refreshSources,
): RefreshPlan {
  return {
    statbank: chosen.includes('statbank') ? refreshQueries(definitions) : [],
    jobindsats: chosen.includes('jobindsats') ? jobindsatsRefreshQueries(definitions) : [],
    uddannelsesstatistik: chosen.includes('uddannelsesstatistik')
      ? uddannelsesstatistikRefreshQueries(definitions)
      : [],
  };
}

/** The keyed sources the plan has queries for but the settings hold no key for, with their query counts. */
export function unconfiguredSources(
  plan: RefreshPlan,
  settings: RefreshSettings,
): readonly { readonly source: 'jobindsats' | 'uddannelsesstatistik'; readonly queries: number }[] {
  return (['jobindsats', 'uddannelsesstatistik'] as const)
    .filter((s) => plan[s].length > 0 && settings[s].apiKey === undefined)
    .map((source) => ({ source, queries: plan[source].length }));
}

/** The plan without the named sources' queries. */
export function withoutSources(plan: RefreshPlan, left: readonly RefreshSource[]): RefreshPlan {
  return {
    statbank: left.includes('statbank') ? [] : plan.statbank,
    jobindsats: left.includes('jobindsats') ? [] : plan.jobindsats,
    uddannelsesstatistik: left.includes('uddannelsesstatistik') ? [] : plan.uddannelsesstatistik,
  };
}

export function planSize(plan: RefreshPlan): number {
  return plan.statbank.length + plan.jobindsats.length + plan.uddannelsesstatistik.length;
}

/** One step of a refresh: `done` of `total` steps (each query is fetched and then stored: two steps). */
export interface RefreshRunProgress {
  readonly done: number;
  readonly total: number;
  readonly source: RefreshSource;
  readonly phase: RefreshProgress['phase'];
  /** The query's purpose (strategy and indicator), empty at the end of a source. */
  readonly purpose: string;
}

export interface RefreshRunResult {
  readonly results: readonly RefreshResult[];
  /** The indicators computed again from the StatBank tables just refreshed. */
  readonly derived: readonly DerivationResult[];
  /** The indicators computed again across the answers just refreshed (Jobindsats over FOLK1E, exam cubes). */
  readonly crossSource: readonly CrossSourceResult[];
}

export async function runRefresh(
  ctx: WriteContext,
  definitions: readonly StrategyDefinition[],
  plan: RefreshPlan,
  settings: RefreshSettings,
  onProgress: (p: RefreshRunProgress) => void = () => undefined,
  /** Told of each query as soon as it is stored, so a refresh that fails later can say what it stored. */
  onResult: (r: RefreshResult) => void = () => undefined,
): Promise<RefreshRunResult> {
  const j = plan.jobindsats.length;
  const u = plan.uddannelsesstatistik.length;
  const s = plan.statbank.length;
  const total = 2 * (j + u + s);
  // The order of the steps: keyed sources fetched, StatBank fetched, StatBank stored, keyed sources stored.
  const track =
    (source: RefreshSource, fetchAt: number, storeAt: number) =>
    (p: RefreshProgress): void =>
      onProgress({
        done: (p.phase === 'fetch' ? fetchAt : storeAt) + p.done,
        total,
        source,
        phase: p.phase,
        purpose: p.purpose,
      });
  const prepared: PreparedRefresh[] = [];
  if (j > 0)
    prepared.push(
      await prepareJobindsatsRefresh(
        ctx,
        jobindsatsClient({ apiKey: settings.jobindsats.apiKey, baseUrl: settings.jobindsats.baseUrl }),
        plan.jobindsats,
        { onProgress: track('jobindsats', 0, j + u + 2 * s), onResult },
      ),
    );
  if (u > 0)
    prepared.push(
      await prepareUddannelsesstatistikRefresh(
        ctx,
        uddannelsesstatistikClient({
          apiKey: settings.uddannelsesstatistik.apiKey,
          baseUrl: settings.uddannelsesstatistik.baseUrl,
        }),
        plan.uddannelsesstatistik,
        { onProgress: track('uddannelsesstatistik', j, 2 * j + u + 2 * s), onResult },
      ),
    );
  const results: RefreshResult[] = [];
  if (s > 0)
    results.push(
      ...(await refreshFromStatbank(
        ctx,
        statbankClient({ baseUrl: settings.statbankUrl }),
        plan.statbank,
        track('statbank', j + u, j + u + s),
        settings.statbankMaxCells === undefined
          ? { onResult }
          : { maxCells: settings.statbankMaxCells, onResult },
      )),
    );
  for (const p of prepared) results.push(...(await p.store()));
  const tables = plan.statbank.map((q) => q.query.table);
  const derived = tables.length > 0 ? await deriveIndicators(ctx, definitions, tables) : [];
  const refreshed = results.map((r) => r.table);
  const crossSource =
    refreshed.length > 0 ? await deriveCrossSourceIndicators(ctx, definitions, refreshed) : [];
  return { results, derived, crossSource };
}
