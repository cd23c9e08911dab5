// The printed lists of survey links (migration 018): a row per confirmation page shown, found by the SHA-256 of
// its form's one-time value, made at most once.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface LinkListRow {
  readonly id: string;
  readonly roundId: string;
  readonly offeredAt: Date;
  readonly offeredBy: string;
  /** Undefined while the list is not made. */
  readonly made?: {
    readonly at: Date;
    readonly by: string;
    readonly byName: string | null;
    readonly reissue: boolean;
    readonly recipientIds: readonly string[];
    readonly kept: number;
  };
}

interface Record {
  id: string;
  round_id: string;
  offered_at: Date | string;
  offered_by: string;
  made_at: Date | string | null;
  made_by: string | null;
  made_by_name: string | null;
  reissue: boolean | null;
  recipient_ids: readonly (string | number)[] | null;
  kept: number;
}

const date = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

function toRow(r: Record): LinkListRow {
  return {
    id: String(r.id),
    roundId: String(r.round_id),
    offeredAt: date(r.offered_at),
    offeredBy: r.offered_by,
    made:
      r.made_at === null || r.made_by === null
        ? undefined
        : {
            at: date(r.made_at),
            by: r.made_by,
            byName: r.made_by_name,
            reissue: r.reissue === true,
            recipientIds: (r.recipient_ids ?? []).map(String),
            kept: Number(r.kept),
          },
  };
}

const columns = sql.raw(
  'id::text as id, round_id::text as round_id, offered_at, offered_by, made_at, made_by, made_by_name, reissue, ' +
    'recipient_ids::text[] as recipient_ids, kept',
);

/** Records a confirmation page shown, and deletes the offers never used that were shown before `staleBefore`. */
export async function insertOffer(
  db: Db,
  o: { roundId: string; nonceHash: Buffer; at: Date; by: string; staleBefore: Date },
): Promise<void> {
  await sql`delete from survey_link_list where made_at is null and offered_at < ${o.staleBefore}`.execute(db);
  await sql`insert into survey_link_list (round_id, nonce_sha256, offered_at, offered_by)
    values (${o.roundId}, ${o.nonceHash}, ${o.at}, ${o.by})`.execute(db);
}

export async function findByNonce(db: Db, nonceHash: Buffer): Promise<LinkListRow | undefined> {
  const r =
    await sql<Record>`select ${columns} from survey_link_list where nonce_sha256 = ${nonceHash}`.execute(db);
  const row = r.rows[0];
  return row && toRow(row);
}

/** Marks the offer made; undefined when it was made already (or is gone), so the caller issues nothing. */
export async function markMade(
  db: Db,
  m: {
    nonceHash: Buffer;
    roundId: string;
    at: Date;
    by: string;
    byName: string | undefined;
    reissue: boolean;
    recipientIds: readonly string[];
    kept: number;
  },
): Promise<LinkListRow | undefined> {
  const r = await sql<Record>`
    update survey_link_list set made_at = ${m.at}, made_by = ${m.by}, made_by_name = ${m.byName ?? null},
      reissue = ${m.reissue}, recipient_ids = ${[...m.recipientIds]}::bigint[], kept = ${m.kept}
    where nonce_sha256 = ${m.nonceHash} and round_id = ${m.roundId} and made_at is null
    returning ${columns}`.execute(db);
  const row = r.rows[0];
  return row && toRow(row);
}

/** How many of the list's recipients still hold the link it gave them (issued at the moment it was made). */
export async function stillWorking(db: Db, list: LinkListRow): Promise<number> {
  if (!list.made || list.made.recipientIds.length === 0) return 0;
  const r = await sql<{ n: string }>`
    select count(*)::text as n from survey_recipient
    where id = any(${[...list.made.recipientIds]}::bigint[]) and token_hash is not null
      and token_issued_at = ${list.made.at}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** The newest list made for a round. */
export async function latestMade(db: Db, roundId: string): Promise<LinkListRow | undefined> {
  const r = await sql<Record>`select ${columns} from survey_link_list
    where round_id = ${roundId} and made_at is not null order by made_at desc, id desc limit 1`.execute(db);
  const row = r.rows[0];
  return row && toRow(row);
}
