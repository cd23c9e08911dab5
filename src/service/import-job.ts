// StatBank imports run as jobs in the web process, outside the request that uploaded the file: the request
// checks the file (bounded) and starts a job; the job imports, computes the indicators derived from the table,
// and keeps its outcome. One job at a time per table (later ones wait their turn). Jobs are kept in this
// process's memory: a job's page survives a reload, not a restart of the server.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { InvalidInputError } from './errors.ts';
import { deriveLoadedIndicators, type DerivationResult } from './indicator-derive.ts';
import { StatbankFileRefusedError, type StatbankRefusal } from './statbank-refusal.ts';
import { importStatbankFile, type StatbankFileOptions, type StatbankFileOutcome } from './statbank-file.ts';
import type { WriteContext } from './write-gate.ts';

export type ImportJobState = 'queued' | 'running' | 'stored' | 'unchanged' | 'refused' | 'failed';

export interface ImportJob {
  readonly id: string;
  readonly table: string;
  readonly fileName: string;
  readonly format: 'jsonstat' | 'csv';
  /** Rows (cells) the file holds, as the check counted them. */
  readonly rows: number;
  readonly startedBy: string;
  readonly createdAt: Date;
  state: ImportJobState;
  rowsRead: number;
  finishedAt?: Date;
  outcome?: StatbankFileOutcome;
  derived?: readonly DerivationResult[];
  /** Why the file was refused: the coded reasons kept, and how many there were in all. */
  refusals?: readonly StatbankRefusal[];
  refusedTotal?: number;
  /** The English message of a refusal or an unexpected failure (for the log and the command line). */
  message?: string;
}

export interface ImportJobInput {
  readonly file: string;
  /** Deleted when the job ends, whatever its outcome. */
  readonly removeAfter: string;
  readonly fileName: string;
  readonly table: string;
  readonly format: 'jsonstat' | 'csv';
  readonly rows: number;
  readonly options: StatbankFileOptions;
}

/** Jobs kept at most; the oldest finished ones are forgotten first. */
const MAX_KEPT_JOBS = 200;

export class ImportJobs {
  readonly #jobs = new Map<string, ImportJob>();
  /** The end of the last job of each table: the next one starts after it. */
  readonly #tails = new Map<string, Promise<void>>();
  readonly #running = new Set<Promise<void>>();

  constructor(private readonly onError: (job: ImportJob, e: unknown) => void = () => undefined) {}

  get(id: string): ImportJob | undefined {
    return this.#jobs.get(id);
  }

  /** Starts (or queues behind the table's running job) an import; answers at once with the job. */
  start(ctx: WriteContext, input: ImportJobInput): ImportJob {
    const job: ImportJob = {
      id: randomBytes(16).toString('hex'),
      table: input.table,
      fileName: input.fileName,
      format: input.format,
      rows: input.rows,
      startedBy: ctx.actor.id,
      createdAt: ctx.now(),
      state: 'queued',
      rowsRead: 0,
    };
    this.#forgetOld();
    this.#jobs.set(job.id, job);
    const previous = this.#tails.get(input.table) ?? Promise.resolve();
    const run = previous.then(() => this.#run(ctx, job, input));
    this.#tails.set(input.table, run);
    this.#running.add(run);
    void run.finally(() => {
      this.#running.delete(run);
      if (this.#tails.get(input.table) === run) this.#tails.delete(input.table);
    });
    return job;
  }

  /** Waits for every job started so far (for tests and an orderly shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async #run(ctx: WriteContext, job: ImportJob, input: ImportJobInput): Promise<void> {
    job.state = 'running';
    try {
      const outcome = await importStatbankFile(ctx, input.file, {
        ...input.options,
        onProgress: (rows) => (job.rowsRead = rows),
      });
      job.rowsRead = outcome.received;
      job.outcome = outcome;
      // The indicators computed from this table are computed again, so their pages show the new figures.
      job.derived = await deriveLoadedIndicators(ctx, [outcome.table]);
      job.state = outcome.status;
    } catch (e) {
      if (e instanceof StatbankFileRefusedError) {
        job.state = 'refused';
        job.refusals = e.reasons;
        job.refusedTotal = e.total;
        job.message = e.message;
      } else if (e instanceof InvalidInputError) {
        job.state = 'refused';
        job.refusals = [{ line: 0, why: { code: 'other', params: { detail: e.message.slice(0, 200) } } }];
        job.refusedTotal = 1;
        job.message = e.message;
      } else {
        job.state = 'failed';
        job.message = e instanceof Error ? e.message : String(e);
        this.onError(job, e);
      }
    } finally {
      job.finishedAt = ctx.now();
      await rm(input.removeAfter, { recursive: true, force: true });
    }
  }

  #forgetOld(): void {
    if (this.#jobs.size < MAX_KEPT_JOBS) return;
    for (const [id, job] of this.#jobs) {
      if (this.#jobs.size < MAX_KEPT_JOBS) break;
      if (job.finishedAt !== undefined) this.#jobs.delete(id);
    }
  }
}
