// A refresh started from the data status page runs as a job in the web process, outside the request: the same
// `runRefresh` the command line runs (the same batches and audit entries), with its progress kept for the job's
// page. One refresh at a time in this process: a second start while one runs is refused with the running job.
// Jobs live in this process's memory (the last 20) for their progress pages; every run and its outcome is also
// kept in the database (`refresh-record.ts`), which is what the status page reads.
import { randomBytes } from 'node:crypto';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import { ConflictError } from './errors.ts';
import type { CrossSourceResult } from './cross-source-derive.ts';
import type { DerivationResult } from './indicator-derive.ts';
import type { RefreshResult } from './refresh.ts';
import { failureReason, type RefreshFailure } from './refresh-failure.ts';
import { recordedRefresh, RecordedRefreshError } from './refresh-record.ts';
import {
  planSize,
  refreshPlan,
  refreshSources,
  unconfiguredSources,
  withoutSources,
  type RefreshRunProgress,
  type RefreshSettings,
  type RefreshSource,
} from './refresh-run.ts';
import { authorize, type WriteContext } from './write-gate.ts';

export { failureReason, type RefreshFailure } from './refresh-failure.ts';

export type RefreshJobState = 'running' | 'stored' | 'nothing' | 'failed';

export interface RefreshJob {
  readonly id: string;
  readonly startedBy: string;
  readonly startedAt: Date;
  /** The keyed sources left out because their key is not set. */
  readonly skipped: readonly RefreshSource[];
  state: RefreshJobState;
  progress: RefreshRunProgress | undefined;
  /** The run as kept in the database, once written. */
  runId?: string;
  finishedAt?: Date;
  results?: readonly RefreshResult[];
  derived?: readonly DerivationResult[];
  crossSource?: readonly CrossSourceResult[];
  failure?: { readonly reason: RefreshFailure; readonly source: RefreshSource | undefined };
  /** The English message of a failure, for the log and the administrator. */
  message?: string;
}

/** A start while another refresh runs: `running` is that refresh. */
export class RefreshRunningError extends ConflictError {
  constructor(readonly running: RefreshJob) {
    super('a refresh is already running');
  }
}

const MAX_KEPT_JOBS = 20;

export class RefreshJobs {
  readonly #jobs = new Map<string, RefreshJob>();
  #running: { job: RefreshJob; done: Promise<void> } | undefined;

  constructor(
    readonly settings: RefreshSettings,
    private readonly onError: (job: RefreshJob, e: unknown) => void = () => undefined,
  ) {}

  get(id: string): RefreshJob | undefined {
    return this.#jobs.get(id);
  }

  /** The running refresh, if any. */
  running(): RefreshJob | undefined {
    return this.#running?.job;
  }

  /** The refresh that ended last, if any. */
  lastFinished(): RefreshJob | undefined {
    let last: RefreshJob | undefined;
    for (const job of this.#jobs.values())
      if (job.finishedAt && (!last?.finishedAt || job.finishedAt >= last.finishedAt)) last = job;
    return last;
  }

  /**
   * Starts a refresh of every source the definitions declare whose key is set; answers at once with the job.
   * The actor must be allowed to import figures; a refresh already running is refused (`RefreshRunningError`).
   */
  async start(ctx: WriteContext, definitions: readonly StrategyDefinition[]): Promise<RefreshJob> {
    await authorize(ctx, 'observations.import');
    if (this.#running) throw new RefreshRunningError(this.#running.job);
    const full = refreshPlan(definitions);
    const skipped = unconfiguredSources(full, this.settings).map((s) => s.source);
    const plan = withoutSources(full, skipped);
    const job: RefreshJob = {
      id: randomBytes(16).toString('hex'),
      startedBy: ctx.actor.id,
      startedAt: ctx.now(),
      skipped,
      state: 'running',
      progress: undefined,
    };
    this.#forgetOld();
    this.#jobs.set(job.id, job);
    const done = (async () => {
      try {
        if (planSize(plan) === 0) {
          job.results = [];
          job.derived = [];
          job.crossSource = [];
          job.state = 'nothing';
          return;
        }
        const outcome = await recordedRefresh(ctx, definitions, plan, this.settings, {
          sources: refreshSources,
          skipped,
          onProgress: (p) => (job.progress = p),
          onStart: (id) => (job.runId = id),
        });
        job.results = outcome.results;
        job.derived = outcome.derived;
        job.crossSource = outcome.crossSource;
        job.state = outcome.results.some((r) => r.outcome.stored > 0) ? 'stored' : 'nothing';
      } catch (e) {
        const cause = e instanceof RecordedRefreshError ? e.cause : e;
        if (e instanceof RecordedRefreshError) job.results = e.stored;
        job.state = 'failed';
        job.failure = { reason: failureReason(cause), source: job.progress?.source };
        job.message = cause instanceof Error ? cause.message : String(cause);
        this.onError(job, cause);
      } finally {
        job.finishedAt = ctx.now();
        this.#running = undefined;
      }
    })();
    this.#running = { job, done };
    return job;
  }

  /** Waits for the running refresh (for tests and an orderly shutdown). */
  async idle(): Promise<void> {
    await this.#running?.done;
  }

  #forgetOld(): void {
    for (const [id, job] of this.#jobs) {
      if (this.#jobs.size < MAX_KEPT_JOBS) break;
      if (job.finishedAt !== undefined) this.#jobs.delete(id);
    }
  }
}
