// Follow-up: interventions (seeded from the strategy's bullets, then kept by the tovholdere), their dated
// progress notes, follow-up rounds with a deadline, and each area's status note per round. Notes are
// appended, never rewritten, so what was reported stays as it was; an intervention is edited in place with
// a revision number (the audit log keeps before and after) and archived rather than deleted.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table intervention (
      strategy_id text not null references strategy (id),
      id text not null check (id ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
      area_id text not null,
      source_item text,
      title text not null check (length(title) between 1 and 400),
      description text not null default '' check (length(description) <= 5000),
      status text not null check (status in ('planned', 'ongoing', 'paused', 'completed', 'stopped')),
      lead_centre text not null,
      involved_centres text[] not null default '{}',
      starts_on date,
      ends_on date,
      indicator_ids text[] not null default '{}',
      position integer not null,
      revision integer not null default 1 check (revision >= 1),
      created_at timestamptz not null,
      created_by text not null,
      updated_at timestamptz not null,
      updated_by text not null,
      archived_at timestamptz,
      primary key (strategy_id, id),
      unique (strategy_id, source_item),
      check (starts_on is null or ends_on is null or starts_on <= ends_on)
    )`.execute(db);
  await sql`create index intervention_area on intervention (strategy_id, area_id, position)`.execute(db);

  await sql`
    create table intervention_note (
      id bigserial primary key,
      strategy_id text not null,
      intervention_id text not null,
      noted_on date not null,
      body text not null check (length(body) between 1 and 5000),
      created_at timestamptz not null,
      created_by uuid references app_user (id),
      author text not null,
      foreign key (strategy_id, intervention_id) references intervention (strategy_id, id)
    )`.execute(db);
  await sql`create index intervention_note_of on intervention_note (strategy_id, intervention_id, id)`.execute(
    db,
  );
  await sql`
    create trigger intervention_note_append_only before update or delete on intervention_note
    for each row execute function refuse_change()`.execute(db);

  await sql`
    create table followup_round (
      id bigserial primary key,
      strategy_id text not null references strategy (id),
      title text not null check (length(title) between 1 and 200),
      deadline date not null,
      created_at timestamptz not null,
      created_by text not null,
      closed_at timestamptz,
      closed_by text
    )`.execute(db);
  await sql`create index followup_round_of on followup_round (strategy_id, id)`.execute(db);

  await sql`
    create table round_note (
      id bigserial primary key,
      round_id bigint not null references followup_round (id),
      area_id text not null,
      status text not null check (status in ('on-track', 'partly', 'off-track')),
      body text not null check (length(body) between 1 and 5000),
      created_at timestamptz not null,
      created_by uuid references app_user (id),
      author text not null
    )`.execute(db);
  await sql`create index round_note_of on round_note (round_id, area_id, id)`.execute(db);
  await sql`
    create trigger round_note_append_only before update or delete on round_note
    for each row execute function refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table round_note`.execute(db);
  await sql`drop table followup_round`.execute(db);
  await sql`drop table intervention_note`.execute(db);
  await sql`drop table intervention`.execute(db);
}
