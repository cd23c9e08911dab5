// Every refresh run is kept in the database (migration 021), whoever starts it — an administrator from the data
// status page or the command line, as a cron job runs it — so the status page knows the last outcome after a
// restart and of a run in another process. A run is written when it starts (audited `refresh.start`), beaten
// every half minute while it works, and finished (audited `refresh.finish`) with its state and, per query and
// per computed indicator, what came of it. A run still `running` whose beat is older than `RUN_STALE_MS` was
// left by a process that stopped: it is shown as interrupted.
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import type { Database } from '../store/database.ts';
import {
  beatRun,
  finishRun,
  insertRun,
  newestComputedOutcomes,
  newestRunPerSource,
  newestRuns,
  type RunOutcomeRow,
  type StoredRun,
} from '../store/refresh-run-store.ts';
import type { CrossSourceResult } from './cross-source-derive.ts';
import type { DerivationResult } from './indicator-derive.ts';
import { failureReason, type RefreshFailure } from './refresh-failure.ts';
import { cubeOf } from '../sources/uddannelsesstatistik/index.ts';
import type { RefreshResult } from './refresh.ts';
import {
  planSize,
  refreshSources,
  runRefresh,
  type RefreshPlan,
  type RefreshRunProgress,
  type RefreshRunResult,
  type RefreshSettings,
  type RefreshSource,
} from './refresh-run.ts';
import { write, type WriteContext } from './write-gate.ts';

export type { RunOutcomeRow, StoredRun } from '../store/refresh-run-store.ts';

/** How often a working run beats its row. */
export const RUN_BEAT_MS = 30_000;
/** A running run not beaten for this long was left by a process that stopped. */
export const RUN_STALE_MS = 5 * 60_000;

export interface RecordOptions {
  /** The sources the run was asked for (all, or those named on the command line). */
  readonly sources: readonly RefreshSource[];
  /** The keyed sources among them left out for want of a key. */
  readonly skipped: readonly RefreshSource[];
  readonly onProgress?: (p: RefreshRunProgress) => void;
  /** Told the run's id as soon as it is written. */
  readonly onStart?: (runId: string) => void;
  /** The beat's interval; `RUN_BEAT_MS` unless given (tests). */
  readonly beatMs?: number;
}

/** A failed run's error, with the run it was recorded in and what the failure was. */
export class RecordedRefreshError extends Error {
  constructor(
    readonly runId: string,
    readonly reason: RefreshFailure,
    readonly source: RefreshSource | undefined,
    override readonly cause: unknown,
    /** The queries stored before the failure. */
    readonly stored: readonly RefreshResult[] = [],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Runs the refresh (`runRefresh`) and keeps it as a run: its start, its beat, its end and the outcome of every
 * query. A failure is recorded and then thrown again as `RecordedRefreshError` (its `cause` the error).
 */
export async function recordedRefresh(
  ctx: WriteContext,
  definitions: readonly StrategyDefinition[],
  plan: RefreshPlan,
  settings: RefreshSettings,
  options: RecordOptions,
): Promise<RefreshRunResult & { readonly runId: string }> {
  const origin = ctx.actor.kind === 'cli' ? 'cli' : 'web';
  const runId = await write(ctx, 'observations.import', async (trx, at) => {
    const id = await insertRun(trx, {
      startedAt: at,
      startedBy: ctx.actor.id,
      origin,
      sources: options.sources,
      skipped: options.skipped,
    });
    return {
      result: id,
      audit: {
        action: 'refresh.start',
        subjectType: 'refresh-run',
        subjectId: id,
        after: { sources: [...options.sources], skipped: [...options.skipped] },
      },
    };
  });
  options.onStart?.(runId);
  let beating: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    beating ??= write(ctx, 'observations.import', async (trx, at) => ({
      result: await beatRun(trx, runId, at),
    }))
      .catch(() => undefined)
      .finally(() => (beating = undefined));
  }, options.beatMs ?? RUN_BEAT_MS);
  timer.unref();
  let progress: RefreshRunProgress | undefined;
  const storedSoFar: RefreshResult[] = [];
  try {
    const outcome = await runRefresh(
      ctx,
      definitions,
      plan,
      settings,
      (p) => {
        progress = p;
        options.onProgress?.(p);
      },
      (r) => storedSoFar.push(r),
    );
    clearInterval(timer);
    await beating;
    const state = outcome.results.some((r) => r.outcome.stored > 0) ? 'stored' : 'nothing';
    await finish(ctx, runId, { state, outcomes: succeeded(outcome) });
    return { ...outcome, runId };
  } catch (e) {
    clearInterval(timer);
    await beating;
    const reason = failureReason(e);
    const message = e instanceof Error ? e.message : String(e);
    // Every query stored before the failure: then it came while computing the indicators, from no source.
    const computing = storedSoFar.length === planSize(plan);
    const source = computing ? undefined : progress?.source;
    await finish(ctx, runId, {
      state: 'failed',
      failureReason: reason,
      failureSource: source,
      message,
      outcomes: failed(plan, storedSoFar, computing ? undefined : progress, reason, message),
    });
    throw new RecordedRefreshError(runId, reason, source, e, storedSoFar);
  }
}

async function finish(
  ctx: WriteContext,
  runId: string,
  f: {
    state: 'stored' | 'nothing' | 'failed';
    failureReason?: RefreshFailure;
    failureSource?: RefreshSource | undefined;
    message?: string;
    outcomes: readonly RunOutcomeRow[];
  },
): Promise<void> {
  await write(ctx, 'observations.import', async (trx, at) => {
    const done = await finishRun(trx, runId, { ...f, at });
    return {
      result: done,
      audit: done
        ? {
            action: 'refresh.finish',
            subjectType: 'refresh-run',
            subjectId: runId,
            outcome: f.state === 'failed' ? 'failed' : 'ok',
            after:
              f.state === 'failed' ? { reason: f.message ?? '' } : { sources: [...sourcesOf(f.outcomes)] },
          }
        : undefined,
    };
  });
}

function sourcesOf(outcomes: readonly RunOutcomeRow[]): ReadonlySet<string> {
  return new Set(outcomes.filter((o) => o.source !== 'derived').map((o) => o.source));
}

const isRefreshSource = (s: string): s is RefreshSource => (refreshSources as readonly string[]).includes(s);

/** A derivation that computed nothing because the answer lacks codes the definition names: those codes. */
const ABSENT = /has no cells for (.+?)(?:; nothing was computed)?$/;

function fetchedRow(x: RefreshResult): RunOutcomeRow {
  return {
    source: isRefreshSource(x.source) ? x.source : 'statbank',
    purpose: x.purpose,
    table: x.table,
    outcome: x.outcome.stored > 0 ? 'stored' : 'unchanged',
    received: x.outcome.received,
    stored: x.outcome.stored,
    batchId: x.outcome.stored > 0 ? x.outcome.batchId : undefined,
    detail: undefined,
  };
}

function succeeded(r: RefreshRunResult): readonly RunOutcomeRow[] {
  const rows: RunOutcomeRow[] = r.results.map(fetchedRow);
  const computed = (d: DerivationResult | CrossSourceResult, table: string): RunOutcomeRow => {
    const first = d.skipped[0]?.reason;
    const absent = first === undefined ? undefined : ABSENT.exec(first)?.[1];
    const base = { source: 'derived' as const, purpose: `${d.strategy}: ${d.indicator}`, table };
    if (d.outcome === undefined)
      return {
        ...base,
        outcome: absent !== undefined ? 'codes-absent' : 'not-computed',
        received: undefined,
        stored: undefined,
        batchId: undefined,
        detail: absent ?? first,
      };
    return {
      ...base,
      outcome: d.outcome.stored > 0 ? 'stored' : 'unchanged',
      received: d.outcome.received,
      stored: d.outcome.stored,
      batchId: d.outcome.stored > 0 ? d.outcome.batchId : undefined,
      detail: absent,
    };
  };
  for (const d of r.derived) rows.push(computed(d, d.table));
  for (const d of r.crossSource) rows.push(computed(d, d.tables));
  return rows;
}

/**
 * A failed run's outcomes: each query stored before the failure as stored or unchanged, the query under way when
 * it failed named with the failure code, and every other query not stored. A failure after every query was stored
 * came while computing the indicators: one row says so.
 */
function failed(
  plan: RefreshPlan,
  stored: readonly RefreshResult[],
  at: RefreshRunProgress | undefined,
  reason: RefreshFailure,
  message: string,
): readonly RunOutcomeRow[] {
  const queries: { source: RefreshSource; purpose: string; table: string }[] = [
    ...plan.jobindsats.map((q) => ({
      source: 'jobindsats' as const,
      purpose: q.purpose,
      table: q.query.table,
    })),
    ...plan.uddannelsesstatistik.map((q) => ({
      source: 'uddannelsesstatistik' as const,
      purpose: q.purpose,
      table: cubeOf(q.query),
    })),
    ...plan.statbank.map((q) => ({ source: 'statbank' as const, purpose: q.purpose, table: q.query.table })),
  ];
  const left = [...stored];
  const failing = at?.source;
  let named = false;
  const rows = queries.map((q): RunOutcomeRow => {
    const table = q.table.toUpperCase();
    const done = left.findIndex(
      (r) => r.source === q.source && r.purpose === q.purpose && r.table.toUpperCase() === table,
    );
    if (done >= 0) {
      const [r] = left.splice(done, 1);
      if (r) return fetchedRow(r);
    }
    const isIt = !named && q.source === failing && (at?.purpose === '' || q.purpose === at?.purpose);
    if (isIt) named = true;
    return {
      source: q.source,
      purpose: q.purpose,
      table,
      outcome: isIt ? 'failed' : 'not-stored',
      received: undefined,
      stored: undefined,
      batchId: undefined,
      detail: isIt ? `${reason}: ${message}` : failing,
    };
  });
  if (at === undefined && stored.length > 0)
    rows.push({
      source: 'derived',
      purpose: '',
      table: '',
      outcome: 'not-computed',
      received: undefined,
      stored: undefined,
      batchId: undefined,
      detail: `${reason}: ${message}`,
    });
  return rows;
}

/** A stored run as the pages read it: `interrupted` for a run left running by a process that stopped. */
export type RunState = StoredRun['state'] | 'interrupted';

export interface RefreshRunView extends StoredRun {
  readonly shownState: RunState;
}

function view(run: StoredRun, now: Date): RefreshRunView {
  const stale = run.state === 'running' && now.getTime() - run.beatAt.getTime() > RUN_STALE_MS;
  return { ...run, shownState: stale ? 'interrupted' : run.state };
}

/** The newest runs (newest first), as shown at `now`. */
export async function refreshHistory(
  database: Database,
  now: Date,
  limit = 10,
): Promise<readonly RefreshRunView[]> {
  return (await newestRuns(database.db, limit)).map((r) => view(r, now));
}

/** Per source, the newest run that fetched from it, as shown at `now`. */
export async function newestRunBySource(
  database: Database,
  now: Date,
): Promise<ReadonlyMap<RefreshSource, RefreshRunView>> {
  const runs = await newestRunPerSource(database.db, refreshSources);
  return new Map([...runs].flatMap(([s, r]) => (isRefreshSource(s) ? [[s, view(r, now)] as const] : [])));
}

/** Per indicator purpose (`strategy: indicator`), the newest outcome of computing it in a refresh. */
export async function newestComputed(
  database: Database,
  purposes: readonly string[],
): Promise<ReadonlyMap<string, RunOutcomeRow & { readonly at: Date }>> {
  return newestComputedOutcomes(database.db, purposes);
}
