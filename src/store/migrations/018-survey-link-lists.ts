// The printed lists of survey links, one row per confirmation page shown: the page's form carries a one-time
// value (256 random bits) that is kept here only as its SHA-256. The first POST with it makes the list — new
// links for the recipients it names — and records when, by whom, and for which recipients; a second POST with
// the same value (a reload, back and forward) finds the list made and issues nothing. The made rows are the
// record of the lists printed; a row never made is deleted a day after its page was shown.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table survey_link_list (
      id bigserial primary key,
      round_id bigint not null references survey_round (id),
      nonce_sha256 bytea not null unique check (octet_length(nonce_sha256) = 32),
      offered_at timestamptz not null,
      offered_by text not null check (length(offered_by) between 1 and 320),
      made_at timestamptz,
      made_by text check (length(made_by) between 1 and 320),
      made_by_name text check (length(made_by_name) <= 200),
      reissue boolean,
      recipient_ids bigint[] not null default '{}',
      kept integer not null default 0 check (kept >= 0),
      check ((made_at is null) = (made_by is null)),
      check (made_at is null or made_at >= offered_at)
    )`.execute(db);
  await sql`create index survey_link_list_round on survey_link_list (round_id, made_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table survey_link_list`.execute(db);
}
