// An intervention as the strategy states it: where the definition gives no status or responsible unit, none is
// stored ("Ikke angivet" on the pages) instead of one invented at seeding. The responsible unit may be any unit of
// the organisation (a centre, a committee, the council, a partner), so the column keeps its name and holds ids.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table intervention alter column status drop not null`.execute(db);
  await sql`alter table intervention alter column lead_centre drop not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Rows without a status or responsible unit cannot go back; the older code could not show them.
  await sql`update intervention set status = 'planned' where status is null`.execute(db);
  await sql`alter table intervention alter column status set not null`.execute(db);
  await sql`alter table intervention alter column lead_centre set not null`.execute(db);
}
