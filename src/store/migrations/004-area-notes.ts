// Notes on a focus area, written by its tovholder or a coordinator. Kept like the audit log: a note
// is added, never rewritten, so what was reported to the politicians stays as it was.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table area_note (
      id bigserial primary key,
      strategy_id text not null references strategy (id),
      area_id text not null,
      body text not null check (length(body) between 1 and 5000),
      created_at timestamptz not null,
      created_by uuid references app_user (id),
      author text not null
    )`.execute(db);
  await sql`create index area_note_area on area_note (strategy_id, area_id, id)`.execute(db);
  await sql`
    create trigger area_note_append_only before update or delete on area_note
    for each row execute function refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table area_note`.execute(db);
}
