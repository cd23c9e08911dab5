// The web server's send jobs: a job queued from the round page is run at once in this process, outside the
// request; at start, and every half minute after, the jobs another runner left (a process that died, a job
// stopped by a shutdown) are taken up. `stop()` stops each job between two recipients and waits: it stays
// running without a runner, so the next start goes on where it stopped.
import { systemActor } from '../domain/access/index.ts';
import type { Mailer } from '../platform/mail.ts';
import type { Database } from './database.ts';
import type { SendMode, SendOptions } from './survey-mail.ts';
import {
  JOB_STALE_MS,
  leftJobs,
  newRunnerId,
  queueSendJob,
  runSendJob,
  SendJobStoppedError,
  type SendJob,
} from './survey-send-job.ts';
import type { WriteContext } from './write-gate.ts';

/** How often a server looks for jobs left by another runner. */
export const SWEEP_EVERY_MS = 30_000;

export interface SendRunnerOptions extends SendOptions {
  /** A job that ended with an exception (recorded on the job as failed). */
  readonly onError?: (jobId: string, e: unknown) => void;
  /** The clock; the system's by default. */
  readonly now?: () => Date;
}

export class SurveySendJobs {
  readonly runner = newRunnerId();
  readonly #running = new Map<string, Promise<void>>();
  readonly #stop = new AbortController();
  #sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: Database,
    private readonly mailer: Mailer,
    private readonly options: SendRunnerOptions,
  ) {}

  /** Queues a job for the round and starts it in the background; answers with the queued job. */
  async queue(ctx: WriteContext, roundId: string, mode: SendMode): Promise<SendJob> {
    const job = await queueSendJob(ctx, roundId, mode, this.options);
    this.#launch(ctx, job.id, false);
    return job;
  }

  /**
   * Takes up the jobs left by runners that stopped. `atStart` on an embedded database takes every job left: no
   * other process can hold that database, so whoever beat it last has died.
   */
  async resume(atStart = false): Promise<number> {
    if (this.#stop.signal.aborted) return 0;
    const now = this.#now();
    const takeAny = atStart && this.database.kind === 'embedded';
    const left = await leftJobs(
      this.database,
      takeAny ? new Date(now.getTime() + 1) : new Date(now.getTime() - JOB_STALE_MS),
    );
    const ctx = { database: this.database, actor: systemActor, now: () => this.#now() };
    let n = 0;
    for (const job of left)
      if (!this.#running.has(job.id)) {
        this.#launch(ctx, job.id, takeAny);
        n++;
      }
    return n;
  }

  /** Takes up left jobs now and then every `SWEEP_EVERY_MS` (the timer never keeps the process alive). */
  async start(): Promise<void> {
    await this.resume(true);
    this.#sweep = setInterval(() => {
      this.resume().catch((e: unknown) => this.options.onError?.('sweep', e));
    }, SWEEP_EVERY_MS);
    this.#sweep.unref();
  }

  /** Waits for every job running in this process (for tests). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()]);
  }

  /** Stops the jobs between two recipients and waits for them; they go on at the next start. */
  async stop(): Promise<void> {
    this.#stop.abort();
    if (this.#sweep) clearInterval(this.#sweep);
    await this.idle();
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }

  #launch(ctx: WriteContext, jobId: string, takeAny: boolean): void {
    const run = runSendJob(ctx, this.mailer, jobId, {
      ...this.options,
      runner: this.runner,
      takeAny,
      signal: this.#stop.signal,
    })
      .then(() => undefined)
      .catch((e: unknown) => {
        if (!(e instanceof SendJobStoppedError)) this.options.onError?.(jobId, e);
      })
      .finally(() => this.#running.delete(jobId));
    this.#running.set(jobId, run);
  }
}
