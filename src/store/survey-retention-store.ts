// Deleting a published round's raw answers and its recipients' contact data (migration 016): which rounds are
// due, what a purge would delete, and the purge itself, all in the caller's transaction.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface PurgeCounts {
  /** Answer rows deleted (submitted or begun). */
  readonly answers: number;
  /** Recipients whose name, e-mail address and link were deleted. */
  readonly recipients: number;
  /** Rows of the invitation and reminder log deleted. */
  readonly deliveries: number;
}

export interface DueRound {
  readonly id: string;
  readonly name: string;
  readonly publishedAt: Date;
}

/** Published rounds not yet purged whose publication is before `before`, oldest first. */
export async function roundsDue(db: Db, before: Date): Promise<readonly DueRound[]> {
  const r = await sql<{ id: string; name: string; published_at: Date }>`
    select id::text as id, name, published_at from survey_round
    where state = 'published' and purged_at is null and published_at < ${before}
    order by published_at, id`.execute(db);
  return r.rows.map((row) => ({ id: row.id, name: row.name, publishedAt: new Date(row.published_at) }));
}

/** When the round's answers were deleted, or undefined. */
export async function purgedAt(db: Db, roundId: string): Promise<Date | undefined> {
  const r = await sql<{ purged_at: Date | null }>`
    select purged_at from survey_round where id = ${roundId}`.execute(db);
  const at = r.rows[0]?.purged_at;
  return at ? new Date(at) : undefined;
}

/** What purging the round would delete now. */
export async function purgeCounts(db: Db, roundId: string): Promise<PurgeCounts> {
  const r = await sql<{ answers: number; recipients: number; deliveries: number }>`
    select
      (select count(*)::int from survey_answer where round_id = ${roundId}) as answers,
      (select count(*)::int from survey_recipient where round_id = ${roundId}
        and (contact_name is not null or token_hash is not null)) as recipients,
      (select count(*)::int from survey_delivery d join survey_recipient p on p.id = d.recipient_id
        where p.round_id = ${roundId}) as deliveries`.execute(db);
  const row = r.rows[0];
  return { answers: row?.answers ?? 0, recipients: row?.recipients ?? 0, deliveries: row?.deliveries ?? 0 };
}

/**
 * Marks a published round purged and deletes its answers, its delivery log and its recipients' names, e-mail
 * addresses and links; undefined when the round is not published. Purging again deletes nothing more.
 */
export async function purgeRound(db: Db, roundId: string, at: Date): Promise<PurgeCounts | undefined> {
  const marked = await sql<{ id: string }>`
    update survey_round set purged_at = coalesce(purged_at, ${at})
    where id = ${roundId} and state = 'published' returning id::text as id`.execute(db);
  if (marked.rows.length === 0) return undefined;
  const answers = await sql`delete from survey_answer where round_id = ${roundId}`.execute(db);
  const deliveries = await sql`
    delete from survey_delivery where recipient_id in (
      select id from survey_recipient where round_id = ${roundId})`.execute(db);
  // A send job's failure reasons may quote an address too.
  await sql`update survey_send_job_item set reason = null where reason is not null and job_id in (
    select id from survey_send_job where round_id = ${roundId})`.execute(db);
  const recipients = await sql`
    update survey_recipient set contact_name = null, email = null, token_hash = null, token_issued_at = null
    where round_id = ${roundId} and (contact_name is not null or token_hash is not null)`.execute(db);
  return {
    answers: Number(answers.numAffectedRows ?? 0),
    recipients: Number(recipients.numAffectedRows ?? 0),
    deliveries: Number(deliveries.numAffectedRows ?? 0),
  };
}
