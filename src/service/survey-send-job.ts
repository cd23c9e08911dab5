// A round's invitations, reminders or retries as a send job kept in the database (migration 019): queued by
// the round page or the command line (audited `survey.send`), then run by one process — the web server in the
// background (`survey-send-runner.ts`), the command line in the foreground. At most one job per round is queued
// or running; a second is refused with the one under way (`SendJobBusyError`). The runner beats the job every
// few seconds; a job whose runner stopped (a process that died) is taken up again by the next server start.
// Each recipient is claimed for the job before the mail goes to the server, and the claim settled with the
// delivery in one transaction: a job taken up again never mails a recipient it claimed before, and a claim left
// `sending` (the process died while the server had the mail) is recorded as a failed, interrupted mail, never
// sent again by this job (a retry sends it, on the administrator's word). A refused or unreachable mail server
// fails the recipient, not the job; an exception ends the job `failed` with its reason (audited
// `survey.sent`, as is every end).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Mailer } from '../platform/mail.ts';
import * as jobStore from '../store/survey-send-job-store.ts';
import * as store from '../store/survey-store.ts';
import { ConflictError } from './errors.ts';
import {
  checkedBase,
  issueLinkForMail,
  mailContext,
  planMail,
  sendableRound,
  surveyMessage,
  type SendItem,
  type SendMode,
  type SendOptions,
  type SendRun,
} from './survey-mail.ts';
import { write, type WriteContext } from './write-gate.ts';

export type SendJob = jobStore.SendJobRow;
export type SendJobItem = jobStore.SendItemRow;

/** A runner beats its job this often while it runs. */
export const JOB_BEAT_MS = 5_000;
/** A job not beaten for this long belongs to a runner that stopped; another may take it up. */
export const JOB_STALE_MS = 30_000;

/** What an interrupted claim's failed delivery says. */
export const INTERRUPTED_REASON =
  'afbrudt: programmet stoppede, mens mailen blev sendt; den er måske nået frem og sendes ikke igen af samme udsendelse';

/** A start while the round has a job queued or running: `job` is that one. */
export class SendJobBusyError extends ConflictError {
  constructor(readonly job: SendJob) {
    super(
      `survey round ${job.roundId} is being mailed already (job ${job.id}, ${job.mode}, asked for by ${job.requestedBy} at ${job.requestedAt.toISOString()}); try again when it has finished (a job whose process stopped is taken up once it has not been beaten for ${JOB_STALE_MS / 1000} seconds)`,
    );
  }
}

/** A runner's name: the host, the process and a random part, so two processes never share one. */
export function newRunnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
}

/**
 * Queues a send job for the round, after the checks a run makes first (round open and within its dates, the
 * site's public address). Refused with `SendJobBusyError` while the round has a job queued or running.
 */
export async function queueSendJob(
  ctx: WriteContext,
  roundId: string,
  mode: SendMode,
  options: Pick<SendOptions, 'publicUrl'>,
): Promise<SendJob> {
  const round = await sendableRound(ctx, roundId);
  checkedBase(options.publicUrl);
  return write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      const job = await jobStore.insertJob(trx, { roundId: round.id, mode, by: ctx.actor.id, at });
      if (!job) {
        const active = await jobStore.activeJob(trx, round.id);
        if (active) throw new SendJobBusyError(active);
        throw new ConflictError(`survey round ${round.id} is being mailed already`);
      }
      return {
        result: job,
        audit: {
          subjectType: 'survey-round',
          subjectId: round.id,
          after: { job: job.id, mode },
          action: 'survey.send',
        },
      };
    },
    { subject: { type: 'survey-round', id: round.id } },
  );
}

export interface RunOptions extends SendOptions {
  /** Who runs it (`newRunnerId()`); a job held by another runner that still beats is left alone. */
  readonly runner: string;
  /** Take the job even from a runner that beat it recently (the server's start on its own embedded database). */
  readonly takeAny?: boolean;
  /** Stops the job between two recipients; it stays running, without a runner, for the next start. */
  readonly signal?: AbortSignal;
  /** Called after each recipient with the job's counts. */
  readonly onProgress?: (job: SendJob) => void;
}

/** The job was stopped between two recipients (`RunOptions.signal`); it is taken up by the next start. */
export class SendJobStoppedError extends Error {
  constructor(jobId: string) {
    super(`send job ${jobId} was stopped; it goes on when the server starts again`);
  }
}

/**
 * Takes the job and runs it to its end: every recipient due, each claimed, mailed and recorded. Undefined when
 * another runner holds it or it has ended. A crash ends the job `failed` with the reason and is thrown again.
 */
export async function runSendJob(
  ctx: WriteContext,
  mailer: Mailer,
  jobId: string,
  options: RunOptions,
): Promise<SendRun | undefined> {
  const job = await write(ctx, 'survey.manage', async (trx, at) => ({
    result: await jobStore.takeJob(trx, {
      jobId,
      runner: options.runner,
      at,
      staleBefore: options.takeAny ? new Date(at.getTime() + 1) : new Date(at.getTime() - JOB_STALE_MS),
    }),
  }));
  if (!job) return undefined;
  const beating = setInterval(() => {
    void write(ctx, 'survey.manage', async (trx, at) => ({
      result: await jobStore.beatJob(trx, job.id, options.runner, at),
    })).catch(() => undefined);
  }, JOB_BEAT_MS);
  beating.unref();
  try {
    const run = await mailEach(ctx, mailer, job, options);
    const counts = await finish(ctx, job, { state: 'done' });
    options.onProgress?.(counts);
    return run;
  } catch (e) {
    if (e instanceof SendJobStoppedError) {
      await write(ctx, 'survey.manage', async (trx) => ({
        result: await jobStore.letGo(trx, job.id, options.runner),
      }));
      throw e;
    }
    const reason = e instanceof Error ? e.message : String(e);
    await finish(ctx, job, { state: 'failed', error: reason });
    throw e;
  } finally {
    clearInterval(beating);
  }
}

async function finish(
  ctx: WriteContext,
  job: SendJob,
  f: { state: 'done' | 'failed'; error?: string },
): Promise<SendJob> {
  return write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      await jobStore.finishJob(trx, job.id, { ...f, at });
      const ended = (await jobStore.findJob(trx, job.id)) ?? job;
      return {
        result: ended,
        audit: {
          subjectType: 'survey-round',
          subjectId: job.roundId,
          after: {
            job: job.id,
            mode: job.mode,
            state: ended.state,
            due: ended.due,
            sent: ended.sent,
            failed: ended.failed,
            skipped: ended.skipped,
            ...(f.error !== undefined && { error: f.error.slice(0, 500) }),
          },
          outcome: f.state === 'done' ? 'ok' : 'failed',
          action: 'survey.sent',
        },
      };
    },
    { subject: { type: 'survey-round', id: job.roundId } },
  );
}

async function mailEach(
  ctx: WriteContext,
  mailer: Mailer,
  job: SendJob,
  options: RunOptions,
): Promise<SendRun> {
  if (!mailer.enabled)
    throw new ConflictError(
      `mail is not set up on this server (SMTP_URL), so send job ${job.id} cannot send`,
    );
  const round = await sendableRound(ctx, job.roundId);
  const base = checkedBase(options.publicUrl);
  const about = await mailContext(ctx, round);
  const earlier = await jobStore.jobItems(ctx.database.db, job.id);
  // Claims a process that died left behind: the server may have taken the mail. Recorded as failed, not sent again.
  for (const item of earlier.filter((i) => i.state === 'sending'))
    await settle(ctx, job, item.recipientId, item.kind, { state: 'interrupted', reason: INTERRUPTED_REASON });
  const claimed = new Set(earlier.map((i) => i.recipientId));
  const { due, skipped } = await planMail(ctx, round.id, job.mode, claimed);
  let counts = {
    due: earlier.length + due.length,
    sent: earlier.filter((i) => i.state === 'sent').length,
    failed: earlier.filter((i) => i.state !== 'sent').length,
    skipped: skipped.length,
  };
  await write(ctx, 'survey.manage', async (trx) => ({
    result: await jobStore.setCounts(trx, job.id, counts),
  }));
  options.onProgress?.({ ...job, ...counts });
  const sent: SendItem[] = [];
  const failed: SendRun['failed'][number][] = [];
  for (const item of due) {
    if (options.signal?.aborted) throw new SendJobStoppedError(job.id);
    const mine = await write(ctx, 'survey.manage', async (trx, at) => ({
      result: await jobStore.claimItem(trx, {
        jobId: job.id,
        recipientId: item.recipient.id,
        kind: item.kind,
        at,
      }),
    }));
    if (!mine) continue;
    const link = await issueLinkForMail(ctx, round.id, item, base);
    const batch = await mailer.sendBatch([surveyMessage(item, round, about, link)], {
      attempts: options.attempts,
      retryDelayMs: options.retryDelayMs,
    });
    const result = batch.status === 'done' ? batch.results[0] : undefined;
    if (result?.status === 'sent') {
      await settle(ctx, job, item.recipient.id, item.kind, { state: 'sent' });
      sent.push(item);
      counts = { ...counts, sent: counts.sent + 1 };
    } else {
      const reason = result?.status === 'failed' ? result.reason : 'mail er slået fra';
      const permanent = result?.status === 'failed' && result.permanent;
      await settle(ctx, job, item.recipient.id, item.kind, { state: 'failed', reason, permanent });
      failed.push({ ...item, reason, permanent });
      counts = { ...counts, failed: counts.failed + 1 };
    }
    options.onProgress?.({ ...job, ...counts });
  }
  return { mode: job.mode, mail: 'on', sent, failed, skipped, due: [] };
}

/**
 * Settles a recipient's claim and records its delivery in one transaction, with the job's counts: after a crash
 * the claim, the delivery log and the counts agree.
 */
async function settle(
  ctx: WriteContext,
  job: SendJob,
  recipientId: string,
  kind: SendItem['kind'],
  s: { state: 'sent' | 'failed' | 'interrupted'; reason?: string; permanent?: boolean },
): Promise<void> {
  const status = s.state === 'sent' ? 'sent' : 'failed';
  await write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      await store.insertDelivery(trx, {
        recipientId,
        kind,
        status,
        error: status === 'failed' ? (s.reason ?? 'ukendt fejl').slice(0, 2000) : undefined,
        at,
      });
      await jobStore.settleItem(trx, { jobId: job.id, recipientId, ...s, at });
      const items = await jobStore.jobItems(trx, job.id);
      const current = await jobStore.findJob(trx, job.id);
      await jobStore.setCounts(trx, job.id, {
        due: current?.due ?? items.length,
        sent: items.filter((i) => i.state === 'sent').length,
        failed: items.filter((i) => i.state === 'failed' || i.state === 'interrupted').length,
        skipped: current?.skipped ?? 0,
      });
      return {
        result: undefined,
        audit: {
          subjectType: 'survey-recipient',
          subjectId: recipientId,
          after: { kind, status, job: job.id, ...(s.state === 'interrupted' && { interrupted: true }) },
          action: 'survey.manage',
        },
      };
    },
    { subject: { type: 'survey-recipient', id: recipientId } },
  );
}

/**
 * A round's mail run to its end in the caller's process (the command line): queued as a job and run at once,
 * after any job of the round whose runner stopped beating. With mail off nothing is queued; the run lists who
 * would have been mailed.
 */
export async function sendSurveyMail(
  ctx: WriteContext,
  mailer: Mailer,
  roundId: string,
  mode: SendMode,
  options: SendOptions & { readonly onProgress?: (job: SendJob) => void },
): Promise<SendRun> {
  if (!mailer.enabled) {
    const round = await sendableRound(ctx, roundId);
    const { due, skipped } = await planMail(ctx, round.id, mode);
    const off = await mailer.sendBatch([]);
    return {
      mode,
      mail: 'off',
      message: off.status === 'off' ? off.message : undefined,
      sent: [],
      failed: [],
      skipped,
      due,
    };
  }
  const runner = newRunnerId();
  // A job of this round left by a process that stopped (a command interrupted) is run to its end first.
  const round = await sendableRound(ctx, roundId);
  const left = await jobStore.takeableJobs(ctx.database.db, new Date(ctx.now().getTime() - JOB_STALE_MS));
  for (const j of left.filter((l) => l.roundId === round.id))
    await runSendJob(ctx, mailer, j.id, { ...options, runner });
  const job = await queueSendJob(ctx, round.id, mode, options);
  const run = await runSendJob(ctx, mailer, job.id, { ...options, runner });
  if (!run) throw new ConflictError(`send job ${job.id} was taken up by another process`);
  return run;
}

/** The round's newest job and, once it has ended, the recipients it could not mail. */
export async function latestSendJob(
  database: WriteContext['database'],
  roundId: string,
): Promise<
  | {
      readonly job: SendJob;
      readonly failures: readonly (SendJobItem & { readonly recipient: store.RecipientRow | undefined })[];
    }
  | undefined
> {
  const job = await jobStore.latestJob(database.db, roundId);
  if (!job) return undefined;
  const items = job.failed > 0 ? await jobStore.jobItems(database.db, job.id) : [];
  const recipients =
    items.length > 0
      ? new Map((await store.listRecipients(database.db, roundId)).map((r) => [r.id, r]))
      : undefined;
  return {
    job,
    failures: items
      .filter((i) => i.state === 'failed' || i.state === 'interrupted')
      .map((i) => ({ ...i, recipient: recipients?.get(i.recipientId) })),
  };
}

/** A round's job by its id, for the status read; undefined for another round's or an unknown id. */
export async function findSendJob(
  database: WriteContext['database'],
  roundId: string,
  jobId: string,
): Promise<SendJob | undefined> {
  const job = await jobStore.findJob(database.db, jobId);
  return job?.roundId === roundId ? job : undefined;
}

/** Jobs whose runner stopped beating (or none took them), for a server to take up. */
export async function leftJobs(
  database: WriteContext['database'],
  staleBefore: Date,
): Promise<readonly SendJob[]> {
  return jobStore.takeableJobs(database.db, staleBefore);
}
