// Indexes for the reads the pages make on every request. The vintage index (002) already serves the current
// figures of a series and its areas; the periods a series has (the chooser on an indicator page) had to be
// read from every row of the series in key order, and sorted again.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index observation_series_period on observation (series, period)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index observation_series_period`.execute(db);
}
