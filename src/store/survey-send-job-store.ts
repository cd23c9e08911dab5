// A round's send jobs and their per-recipient claims (migration 019): queued by the round page or the command
// line, taken by one process at a time (`runner`, beaten in `beat_at`), and each recipient claimed before it is
// mailed, so a job taken up after its process died never mails anyone it had claimed.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DeliveryKind } from './survey-mail-store.ts';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export type SendJobMode = 'invitations' | 'reminders' | 'retry';
export type SendJobState = 'queued' | 'running' | 'done' | 'failed';
export type SendItemState = 'sending' | 'sent' | 'failed' | 'interrupted';

export interface SendJobRow {
  readonly id: string;
  readonly roundId: string;
  readonly mode: SendJobMode;
  readonly state: SendJobState;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly runner: string | null;
  readonly beatAt: Date | null;
  readonly due: number;
  readonly sent: number;
  readonly failed: number;
  readonly skipped: number;
  readonly error: string | null;
}

export interface SendItemRow {
  readonly recipientId: string;
  readonly kind: DeliveryKind;
  readonly state: SendItemState;
  readonly reason: string | null;
  readonly permanent: boolean;
  readonly at: Date;
}

interface RawJob {
  id: string;
  round_id: string;
  mode: SendJobMode;
  state: SendJobState;
  requested_by: string;
  requested_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  runner: string | null;
  beat_at: Date | string | null;
  due: number;
  sent: number;
  failed: number;
  skipped: number;
  error: string | null;
}

const date = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const maybeDate = (v: Date | string | null): Date | null => (v === null ? null : date(v));

const columns = sql`id::text as id, round_id::text as round_id, mode, state, requested_by, requested_at,
  started_at, finished_at, runner, beat_at, due, sent, failed, skipped, error`;

function toRow(r: RawJob): SendJobRow {
  return {
    id: r.id,
    roundId: r.round_id,
    mode: r.mode,
    state: r.state,
    requestedBy: r.requested_by,
    requestedAt: date(r.requested_at),
    startedAt: maybeDate(r.started_at),
    finishedAt: maybeDate(r.finished_at),
    runner: r.runner,
    beatAt: maybeDate(r.beat_at),
    due: r.due,
    sent: r.sent,
    failed: r.failed,
    skipped: r.skipped,
    error: r.error,
  };
}

/** The round's job that is queued or running, if any. */
export async function activeJob(db: Db, roundId: string): Promise<SendJobRow | undefined> {
  const r = await sql<RawJob>`select ${columns} from survey_send_job
    where round_id = ${roundId} and state in ('queued', 'running')`.execute(db);
  return r.rows[0] && toRow(r.rows[0]);
}

/**
 * Queues a job; undefined when the round has one queued or running already (the partial unique index decides,
 * so of two racing inserts one gets nothing).
 */
export async function insertJob(
  db: Db,
  j: { roundId: string; mode: SendJobMode; by: string; at: Date },
): Promise<SendJobRow | undefined> {
  const r = await sql<RawJob>`
    insert into survey_send_job (round_id, mode, state, requested_by, requested_at)
    values (${j.roundId}, ${j.mode}, 'queued', ${j.by}, ${j.at})
    on conflict (round_id) where state in ('queued', 'running') do nothing
    returning ${columns}`.execute(db);
  return r.rows[0] && toRow(r.rows[0]);
}

export async function findJob(db: Db, jobId: string): Promise<SendJobRow | undefined> {
  if (!/^[1-9]\d{0,15}$/.test(jobId)) return undefined;
  const r = await sql<RawJob>`select ${columns} from survey_send_job where id = ${jobId}`.execute(db);
  return r.rows[0] && toRow(r.rows[0]);
}

/** The round's newest job, whatever its state. */
export async function latestJob(db: Db, roundId: string): Promise<SendJobRow | undefined> {
  const r = await sql<RawJob>`select ${columns} from survey_send_job
    where round_id = ${roundId} order by id desc limit 1`.execute(db);
  return r.rows[0] && toRow(r.rows[0]);
}

/**
 * Jobs another process may take: queued without a runner, or queued or running with a runner whose last beat is
 * before `staleBefore`.
 */
export async function takeableJobs(db: Db, staleBefore: Date): Promise<readonly SendJobRow[]> {
  const r = await sql<RawJob>`select ${columns} from survey_send_job
    where state in ('queued', 'running') and (runner is null or beat_at is null or beat_at < ${staleBefore})
    order by id`.execute(db);
  return r.rows.map(toRow);
}

/**
 * Takes a job for `runner`: only when it is queued or running and has no runner, is this runner's, or its
 * runner's last beat is before `staleBefore`. The job is then running. Undefined when another runner holds it.
 */
export async function takeJob(
  db: Db,
  t: { jobId: string; runner: string; at: Date; staleBefore: Date },
): Promise<SendJobRow | undefined> {
  const r = await sql<RawJob>`
    update survey_send_job set state = 'running', runner = ${t.runner}, beat_at = ${t.at},
      started_at = coalesce(started_at, ${t.at})
    where id = ${t.jobId} and state in ('queued', 'running')
      and (runner is null or runner = ${t.runner} or beat_at is null or beat_at < ${t.staleBefore})
    returning ${columns}`.execute(db);
  return r.rows[0] && toRow(r.rows[0]);
}

/** Beats the job's claim; false when it is no longer this runner's. */
export async function beatJob(db: Db, jobId: string, runner: string, at: Date): Promise<boolean> {
  const r = await sql`update survey_send_job set beat_at = ${at}
    where id = ${jobId} and runner = ${runner} and state = 'running'`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Lets go of a running job without ending it (a stop between recipients): the next start takes it up. */
export async function letGo(db: Db, jobId: string, runner: string): Promise<void> {
  await sql`update survey_send_job set runner = null, beat_at = null
    where id = ${jobId} and runner = ${runner} and state = 'running'`.execute(db);
}

export async function setCounts(
  db: Db,
  jobId: string,
  c: { due: number; sent: number; failed: number; skipped: number },
): Promise<void> {
  await sql`update survey_send_job set due = ${c.due}, sent = ${c.sent}, failed = ${c.failed},
    skipped = ${c.skipped} where id = ${jobId}`.execute(db);
}

/** Ends the job: done (with or without failed mails) or failed with the reason. */
export async function finishJob(
  db: Db,
  jobId: string,
  f: { state: 'done' | 'failed'; at: Date; error?: string },
): Promise<void> {
  await sql`update survey_send_job set state = ${f.state}, finished_at = ${f.at}, runner = null,
    beat_at = null, error = ${f.error === undefined ? null : f.error.slice(0, 2000)}
    where id = ${jobId} and state in ('queued', 'running')`.execute(db);
}

/** Claims a recipient for the job before its mail is sent; false when the job claimed it before. */
export async function claimItem(
  db: Db,
  i: { jobId: string; recipientId: string; kind: DeliveryKind; at: Date },
): Promise<boolean> {
  const r = await sql`insert into survey_send_job_item (job_id, recipient_id, kind, state, at)
    values (${i.jobId}, ${i.recipientId}, ${i.kind}, 'sending', ${i.at})
    on conflict do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function settleItem(
  db: Db,
  i: {
    jobId: string;
    recipientId: string;
    state: 'sent' | 'failed' | 'interrupted';
    reason?: string;
    permanent?: boolean;
    at: Date;
  },
): Promise<void> {
  await sql`update survey_send_job_item set state = ${i.state},
    reason = ${i.reason === undefined ? null : i.reason.slice(0, 2000)}, permanent = ${i.permanent ?? false},
    at = ${i.at}
    where job_id = ${i.jobId} and recipient_id = ${i.recipientId}`.execute(db);
}

export async function jobItems(db: Db, jobId: string): Promise<readonly SendItemRow[]> {
  const r = await sql<{
    recipient_id: string;
    kind: DeliveryKind;
    state: SendItemState;
    reason: string | null;
    permanent: boolean;
    at: Date | string;
  }>`select recipient_id::text as recipient_id, kind, state, reason, permanent, at
    from survey_send_job_item where job_id = ${jobId} order by at, recipient_id`.execute(db);
  return r.rows.map((x) => ({
    recipientId: x.recipient_id,
    kind: x.kind,
    state: x.state,
    reason: x.reason,
    permanent: x.permanent,
    at: date(x.at),
  }));
}
