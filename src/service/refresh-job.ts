// A refresh started from the data status page runs as a job in the web process, outside the request: the same
// `runRefresh` the command line runs (the same batches and audit entries), with its progress kept for the job's
// page and its outcome — stored, or failed with the reason — kept for the status page. One refresh at a time: a
// second start while one runs is refused with the running job. Jobs live in this process's memory (the last
// 20): a reload shows the outcome, a restart forgets it (the batches it stored are in the database).
import { randomBytes } from 'node:crypto';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import { JobindsatsError } from '../sources/jobindsats/index.ts';
import {
  StatbankFormatError,
  StatbankRequestError,
  StatbankUnavailableError,
} from '../sources/statbank/index.ts';
import { UddannelsesstatistikError } from '../sources/uddannelsesstatistik/index.ts';
import { ConflictError, InvalidInputError } from './errors.ts';
import type { CrossSourceResult } from './cross-source-derive.ts';
import type { DerivationResult } from './indicator-derive.ts';
import type { RefreshResult } from './refresh.ts';
import {
  planSize,
  refreshPlan,
  runRefresh,
  unconfiguredSources,
  withoutSources,
  type RefreshRunProgress,
  type RefreshSettings,
  type RefreshSource,
} from './refresh-run.ts';
import { authorize, type WriteContext } from './write-gate.ts';

export type RefreshJobState = 'running' | 'stored' | 'nothing' | 'failed';

/**
 * Why a refresh failed, as a code the pages word: the API could not be reached, it refused the request or the
 * key, its answer could not be read, or the figures were refused on import; `other` for anything else.
 */
export type RefreshFailure =
  'unreachable' | 'refused' | 'bad-key' | 'unreadable' | 'import-refused' | 'other';

export interface RefreshJob {
  readonly id: string;
  readonly startedBy: string;
  readonly startedAt: Date;
  /** The keyed sources left out because their key is not set. */
  readonly skipped: readonly RefreshSource[];
  state: RefreshJobState;
  progress: RefreshRunProgress | undefined;
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
        const outcome = await runRefresh(ctx, definitions, plan, this.settings, (p) => (job.progress = p));
        job.results = outcome.results;
        job.derived = outcome.derived;
        job.crossSource = outcome.crossSource;
        job.state = outcome.results.some((r) => r.outcome.stored > 0) ? 'stored' : 'nothing';
      } catch (e) {
        job.state = 'failed';
        job.failure = { reason: failureReason(e), source: job.progress?.source };
        job.message = e instanceof Error ? e.message : String(e);
        this.onError(job, e);
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

export function failureReason(e: unknown): RefreshFailure {
  if (e instanceof StatbankUnavailableError) return 'unreachable';
  if (e instanceof StatbankRequestError) return 'refused';
  if (e instanceof JobindsatsError || e instanceof UddannelsesstatistikError) {
    switch (e.reason) {
      case 'unreachable':
        return 'unreachable';
      case 'no-key':
      case 'bad-key':
        return 'bad-key';
      case 'http':
      case 'bad-query':
      case 'bad-table-id':
        return 'refused';
      default:
        return 'unreadable';
    }
  }
  if (e instanceof InvalidInputError) return 'import-refused';
  if (e instanceof StatbankFormatError) return 'unreadable';
  return 'other';
}
