// The biennial evaluation: a round covers a period of the strategy and goes draft → frozen → decided. Per focus
// area the tovholder's assessment, proposed adjustments and sign-off. Freezing pins the import batches every
// figure of the report is read from (`evaluation_pin`) and the interventions as they stood, so the report reads
// the same years later; the SHA-256 of the report's content and of each file produced are kept with the round.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table evaluation_round (
      id bigserial primary key,
      strategy_id text not null references strategy (id),
      strategy_version integer not null,
      name text not null check (length(name) between 1 and 200),
      period_from date not null,
      period_to date not null,
      state text not null default 'draft' check (state in ('draft', 'frozen', 'decided')),
      created_at timestamptz not null,
      created_by text not null,
      frozen_at timestamptz,
      frozen_by text,
      interventions jsonb,
      content_sha256 text check (content_sha256 ~ '^[0-9a-f]{64}$'),
      decided_at timestamptz,
      decided_by text,
      decision_date date,
      decision_text text check (length(decision_text) between 1 and 20000),
      decision_version integer,
      check (period_from <= period_to),
      check ((state = 'draft') = (frozen_at is null)),
      check ((state = 'decided') = (decided_at is not null)),
      check (state <> 'decided' or (decision_date is not null and decision_text is not null)),
      foreign key (strategy_id, strategy_version) references strategy_version (strategy_id, version),
      foreign key (strategy_id, decision_version) references strategy_version (strategy_id, version)
    )`.execute(db);
  await sql`create index evaluation_round_of on evaluation_round (strategy_id, id)`.execute(db);

  await sql`
    create table evaluation_area (
      round_id bigint not null references evaluation_round (id),
      area_id text not null,
      assessment text not null default '' check (length(assessment) <= 20000),
      adjustments text not null default '' check (length(adjustments) <= 20000),
      updated_at timestamptz not null,
      updated_by text not null,
      signed_off_at timestamptz,
      signed_off_by text,
      primary key (round_id, area_id),
      check ((signed_off_at is null) = (signed_off_by is null))
    )`.execute(db);

  await sql`
    create table evaluation_pin (
      round_id bigint not null references evaluation_round (id),
      series text not null,
      batch_id bigint not null references import_batch (id),
      primary key (round_id, series, batch_id)
    )`.execute(db);
  // A pin is the report's footing: never changed or taken away.
  await sql`
    create trigger evaluation_pin_append_only before update or delete on evaluation_pin
    for each row execute function refuse_change()`.execute(db);

  await sql`
    create table evaluation_file (
      round_id bigint not null references evaluation_round (id),
      format text not null check (format in ('pdf', 'docx', 'html')),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      bytes integer not null check (bytes > 0),
      first_produced_at timestamptz not null,
      produced_by text not null,
      primary key (round_id, format, sha256)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table evaluation_file`.execute(db);
  await sql`drop table evaluation_pin`.execute(db);
  await sql`drop table evaluation_area`.execute(db);
  await sql`drop table evaluation_round`.execute(db);
}
