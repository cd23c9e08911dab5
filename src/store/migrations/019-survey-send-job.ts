// A round's invitations, reminders or retries run as a send job, kept here so it outlives the request that
// asked for it and the process that ran it. At most one job per round is queued or running (a partial unique
// index), which takes over from the round claim of migration 015. The process running a job names itself in
// `runner` and beats `beat_at` every few seconds; a job whose runner stopped beating is taken up by another.
// Each recipient a job mails is first claimed in `survey_send_job_item` (one row per job × recipient, written
// before the mail goes to the server): a job taken up again never mails a recipient it already claimed, and a
// claim left `sending` by a process that died is marked `interrupted` (the mail may or may not have gone).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table survey_send_job (
      id bigserial primary key,
      round_id bigint not null references survey_round (id),
      mode text not null check (mode in ('invitations', 'reminders', 'retry')),
      state text not null check (state in ('queued', 'running', 'done', 'failed')),
      requested_by text not null check (length(requested_by) between 1 and 320),
      requested_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz,
      runner text,
      beat_at timestamptz,
      due integer not null default 0 check (due >= 0),
      sent integer not null default 0 check (sent >= 0),
      failed integer not null default 0 check (failed >= 0),
      skipped integer not null default 0 check (skipped >= 0),
      error text check (length(error) <= 2000),
      check ((state in ('done', 'failed')) = (finished_at is not null))
    )`.execute(db);
  await sql`
    create unique index survey_send_job_active on survey_send_job (round_id)
    where state in ('queued', 'running')`.execute(db);
  await sql`create index survey_send_job_round on survey_send_job (round_id, id desc)`.execute(db);
  await sql`
    create table survey_send_job_item (
      job_id bigint not null references survey_send_job (id),
      recipient_id bigint not null references survey_recipient (id),
      kind text not null check (kind in ('invitation', 'reminder')),
      state text not null check (state in ('sending', 'sent', 'failed', 'interrupted')),
      reason text check (length(reason) <= 2000),
      permanent boolean not null default false,
      at timestamptz not null,
      primary key (job_id, recipient_id)
    )`.execute(db);
  await sql`drop table survey_send_claim`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table survey_send_claim (
      round_id bigint primary key references survey_round (id),
      kind text not null check (kind in ('invitation', 'reminder', 'retry')),
      claimed_at timestamptz not null,
      claimed_by text not null check (length(claimed_by) between 1 and 320),
      beat_at timestamptz not null
    )`.execute(db);
  await sql`drop table survey_send_job_item`.execute(db);
  await sql`drop table survey_send_job`.execute(db);
}
