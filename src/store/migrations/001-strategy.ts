// Strategies as versioned documents, and the append-only audit log that every write passes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table strategy (
      id text primary key,
      created_at timestamptz not null default now()
    )`.execute(db);
  // A version is never changed or removed: a report made on version 3 can be made again years later.
  await sql`
    create table strategy_version (
      strategy_id text not null references strategy (id),
      version integer not null check (version > 0),
      content_hash text not null,
      format_version integer not null,
      definition jsonb not null,
      title text not null,
      source_file text not null,
      loaded_at timestamptz not null,
      loaded_by text not null,
      primary key (strategy_id, version)
    )`.execute(db);
  await sql`
    create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor text not null,
      actor_kind text not null,
      action text not null,
      subject_type text,
      subject_id text,
      origin text,
      outcome text not null,
      before jsonb,
      after jsonb
    )`.execute(db);
  await sql`create index audit_log_at on audit_log (at)`.execute(db);
  // Append-only enforced by the database itself, so no code path (nor a stray psql session) can rewrite history.
  await sql`
    create function refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_change()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function refuse_change()`.execute(db);
  await sql`
    create trigger strategy_version_append_only before update or delete on strategy_version
    for each row execute function refuse_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migration 001 cannot be undone: strategy versions and the audit log are kept for good');
}
