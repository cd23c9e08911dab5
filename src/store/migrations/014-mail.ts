// The follow-up mails sent: one row per round, area, kind (the reminder before the deadline, the notice once it
// has passed) and recipient. A sender claims the row before it sends, and the primary key lets only one claim
// win, so two server processes or a restart never send the same mail twice. A claim whose send never finished
// (the process stopped in between) stays `sending` and is not tried again: at most once, never twice.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table followup_mail (
      round_id bigint not null references followup_round (id),
      area_id text not null check (length(area_id) between 1 and 200),
      kind text not null check (kind in ('reminder', 'overdue')),
      recipient text not null check (length(recipient) between 3 and 320),
      state text not null check (state in ('sending', 'sent', 'failed')),
      attempts integer not null default 1 check (attempts >= 1),
      claimed_at timestamptz not null,
      claimed_by text not null,
      sent_at timestamptz,
      message_id text check (length(message_id) <= 1000),
      reason text check (length(reason) <= 2000),
      permanent boolean not null default false,
      primary key (round_id, area_id, kind, recipient),
      check ((state = 'sent') = (sent_at is not null)),
      check (state <> 'failed' or reason is not null)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table followup_mail`.execute(db);
}
