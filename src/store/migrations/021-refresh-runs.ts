// Every refresh run, from the data status page or the command line (a cron job): when it started and ended, who
// or what started it, its outcome, and per query or computed indicator what came of it. A run beats `beat_at`
// while it works, so one left `running` by a process that died is told by a beat that stopped.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table refresh_run (
      id bigserial primary key,
      started_at timestamptz not null,
      beat_at timestamptz not null,
      finished_at timestamptz,
      started_by text not null check (length(started_by) between 1 and 320),
      origin text not null check (origin in ('web', 'cli')),
      sources text[] not null,
      skipped text[] not null,
      state text not null check (state in ('running', 'stored', 'nothing', 'failed')),
      failure_reason text
        check (failure_reason in ('unreachable', 'refused', 'bad-key', 'unreadable', 'import-refused', 'other')),
      failure_source text check (failure_source in ('statbank', 'jobindsats', 'uddannelsesstatistik')),
      message text,
      check ((state = 'running') = (finished_at is null)),
      check ((state = 'failed') = (failure_reason is not null))
    )`.execute(db);
  await sql`create index refresh_run_newest on refresh_run (started_at desc, id desc)`.execute(db);
  await sql`
    create table refresh_run_outcome (
      run_id bigint not null references refresh_run (id),
      position integer not null check (position >= 0),
      source text not null
        check (source in ('statbank', 'jobindsats', 'uddannelsesstatistik', 'derived')),
      purpose text not null,
      table_name text not null,
      outcome text not null
        check (outcome in ('stored', 'unchanged', 'failed', 'not-stored', 'codes-absent', 'not-computed')),
      received integer check (received >= 0),
      stored integer check (stored >= 0),
      batch_id bigint references import_batch (id),
      detail text,
      primary key (run_id, position)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table refresh_run_outcome`.execute(db);
  await sql`drop table refresh_run`.execute(db);
}
