// One mail run per survey round at a time: a run of invitations, reminders or retries claims its round here
// before it sends and gives the claim back when it ends, so two processes (the web page and the command line)
// never mail the same recipient twice at once. A run beats its claim after every recipient; a claim not beaten
// for ten minutes belongs to a run that stopped and may be taken over.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table survey_send_claim (
      round_id bigint primary key references survey_round (id),
      kind text not null check (kind in ('invitation', 'reminder', 'retry')),
      claimed_at timestamptz not null,
      claimed_by text not null check (length(claimed_by) between 1 and 320),
      beat_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table survey_send_claim`.execute(db);
}
