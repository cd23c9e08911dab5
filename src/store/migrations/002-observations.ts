// Observations from every source, in immutable vintages: a revised figure is a new row, the old one stays and
// answers "as of" queries. Each row points to the import batch that holds its provenance.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_batch (
      id bigserial primary key,
      source text not null,
      source_table text,
      query text,
      file_name text,
      sha256 text,
      licence text,
      note text,
      retrieved_at timestamptz not null,
      imported_at timestamptz not null,
      imported_by text not null,
      illustrative boolean not null,
      rows_received integer not null,
      rows_stored integer not null,
      rows_unchanged integer not null
    )`.execute(db);
  await sql`
    create table observation (
      id bigserial primary key,
      batch_id bigint not null references import_batch (id),
      series text not null,
      area text not null,
      period text not null,
      dims jsonb not null,
      dims_key text not null,
      value double precision,
      missing_reason text,
      missing_marker text,
      numerator double precision,
      denominator double precision,
      unit text not null,
      status text not null,
      illustrative boolean not null,
      recorded_at timestamptz not null,
      check ((value is null) = (missing_reason is not null))
    )`.execute(db);
  // The vintage lookup: the newest row per key at or before a moment.
  await sql`create index observation_vintage on observation (series, area, period, dims_key, recorded_at desc, id desc)`.execute(
    db,
  );
  await sql`create index observation_batch on observation (batch_id)`.execute(db);
  await sql`
    create trigger observation_append_only before update or delete on observation
    for each row execute function refuse_change()`.execute(db);
  await sql`
    create trigger import_batch_append_only before update or delete on import_batch
    for each row execute function refuse_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migration 002 cannot be undone: observation vintages are kept for good');
}
