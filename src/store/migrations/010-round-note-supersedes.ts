// A round note is corrected by a newer note that names the one it supersedes; the old note stays as it was
// (the table is append-only by trigger). A note may point only to an earlier note of the same round and
// area, and each note is superseded at most once, so an area's notes in a round form one line of versions.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Adding a nullable column rewrites no row, so the append-only trigger is not involved.
  await sql`alter table round_note add column supersedes bigint`.execute(db);
  await sql`
    alter table round_note add constraint round_note_same_area unique (round_id, area_id, id)`.execute(db);
  await sql`
    alter table round_note add constraint round_note_supersedes_fk
      foreign key (round_id, area_id, supersedes) references round_note (round_id, area_id, id)`.execute(db);
  await sql`
    alter table round_note add constraint round_note_supersedes_once unique (supersedes)`.execute(db);
  await sql`
    alter table round_note add constraint round_note_supersedes_earlier
      check (supersedes is null or supersedes < id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table round_note drop constraint round_note_supersedes_earlier`.execute(db);
  await sql`alter table round_note drop constraint round_note_supersedes_once`.execute(db);
  await sql`alter table round_note drop constraint round_note_supersedes_fk`.execute(db);
  await sql`alter table round_note drop constraint round_note_same_area`.execute(db);
  await sql`alter table round_note drop column supersedes`.execute(db);
}
