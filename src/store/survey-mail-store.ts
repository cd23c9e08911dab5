// What the survey mail sender needs to know and hold (migrations 011 and 015): each recipient's mail so far,
// read from the append-only `survey_delivery` log, and the claim that lets one mail run per round go at a time.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export type DeliveryKind = 'invitation' | 'reminder';

/** One recipient's mail so far. */
export interface DeliveryState {
  readonly recipientId: string;
  /** The last invitation the server took. */
  readonly invitedAt: Date | null;
  /** The last reminder the server took, and how many it took in all. */
  readonly remindedAt: Date | null;
  readonly reminders: number;
  /** The newest failed mail that no later mail of the same kind made good, with the server's reason. */
  readonly failure: { readonly kind: DeliveryKind; readonly reason: string; readonly at: Date } | null;
}

const date = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

/** Every recipient of the round that has a delivery row, by recipient id. */
export async function deliveryStates(db: Db, roundId: string): Promise<ReadonlyMap<string, DeliveryState>> {
  const r = await sql<{
    recipient_id: string;
    kind: DeliveryKind;
    status: 'sent' | 'failed';
    error: string | null;
    at: Date | string;
  }>`
    select d.recipient_id::text as recipient_id, d.kind, d.status, d.error, d.at
    from survey_delivery d join survey_recipient r on r.id = d.recipient_id
    where r.round_id = ${roundId} order by d.recipient_id, d.at, d.id`.execute(db);
  const out = new Map<string, DeliveryState>();
  for (const row of r.rows) {
    const s = out.get(row.recipient_id) ?? {
      recipientId: row.recipient_id,
      invitedAt: null,
      remindedAt: null,
      reminders: 0,
      failure: null,
    };
    const at = date(row.at);
    if (row.status === 'failed')
      out.set(row.recipient_id, { ...s, failure: { kind: row.kind, reason: row.error ?? '', at } });
    else if (row.kind === 'invitation')
      out.set(row.recipient_id, {
        ...s,
        invitedAt: at,
        failure: s.failure?.kind === 'invitation' ? null : s.failure,
      });
    else
      out.set(row.recipient_id, {
        ...s,
        remindedAt: at,
        reminders: s.reminders + 1,
        failure: s.failure?.kind === 'reminder' ? null : s.failure,
      });
  }
  return out;
}

export type SendClaimKind = 'invitation' | 'reminder' | 'retry';

export interface SendClaim {
  readonly roundId: string;
  readonly kind: SendClaimKind;
  readonly claimedAt: Date;
  readonly claimedBy: string;
  readonly beatAt: Date;
}

/**
 * Claims the round for a mail run: taken when no claim is held, or when the one held has not been beaten since
 * `staleBefore`. Returns the claim that holds after the statement: the caller's, or another run's.
 */
export async function claimRound(
  db: Db,
  c: { roundId: string; kind: SendClaimKind; by: string; at: Date; staleBefore: Date },
): Promise<{ readonly taken: boolean; readonly claim: SendClaim }> {
  const taken = await sql<{ round_id: string }>`
    insert into survey_send_claim (round_id, kind, claimed_at, claimed_by, beat_at)
    values (${c.roundId}, ${c.kind}, ${c.at}, ${c.by}, ${c.at})
    on conflict (round_id) do update
      set kind = excluded.kind, claimed_at = excluded.claimed_at, claimed_by = excluded.claimed_by,
        beat_at = excluded.beat_at
      where survey_send_claim.beat_at < ${c.staleBefore}
    returning round_id::text as round_id`.execute(db);
  const held = await sql<{ kind: SendClaimKind; claimed_at: Date; claimed_by: string; beat_at: Date }>`
    select kind, claimed_at, claimed_by, beat_at from survey_send_claim where round_id = ${c.roundId}`.execute(
    db,
  );
  const h = held.rows[0];
  if (!h) throw new Error(`the send claim of survey round ${c.roundId} vanished`);
  return {
    taken: taken.rows.length > 0,
    claim: {
      roundId: c.roundId,
      kind: h.kind,
      claimedAt: date(h.claimed_at),
      claimedBy: h.claimed_by,
      beatAt: date(h.beat_at),
    },
  };
}

/** Beats the claim a run holds (claimed at `claimedAt`); false when it is no longer that run's. */
export async function beatClaim(db: Db, roundId: string, claimedAt: Date, at: Date): Promise<boolean> {
  const r = await sql`update survey_send_claim set beat_at = ${at}
    where round_id = ${roundId} and claimed_at = ${claimedAt}`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function releaseClaim(db: Db, roundId: string, claimedAt: Date): Promise<void> {
  await sql`delete from survey_send_claim where round_id = ${roundId} and claimed_at = ${claimedAt}`.execute(
    db,
  );
}
