// What the survey mail sender needs to know (migration 011): each recipient's mail so far, read from the
// append-only `survey_delivery` log. Which job mails a round, and whom it has claimed: survey-send-job-store.ts.
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
