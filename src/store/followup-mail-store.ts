// The follow-up mails sent (migration 014): claimed before sending, so only one process sends each one.
import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables.ts';

export type FollowupMailKind = 'reminder' | 'overdue';
export type FollowupMailState = 'sending' | 'sent' | 'failed';

interface FollowupMailTable {
  round_id: string;
  area_id: string;
  kind: FollowupMailKind;
  recipient: string;
  state: FollowupMailState;
  attempts: number;
  claimed_at: Date;
  claimed_by: string;
  sent_at: Date | null;
  message_id: string | null;
  reason: string | null;
  permanent: boolean;
}

type Db = Kysely<Tables> | Transaction<Tables>;
const withMail = (db: Db) => db.withTables<{ followup_mail: FollowupMailTable }>();

/** A failed send is tried again by a later run unless the server refused it for good, up to this many tries. */
export const MAX_FOLLOWUP_MAIL_ATTEMPTS = 5;

export interface FollowupMailKey {
  readonly roundId: string;
  readonly areaId: string;
  readonly kind: FollowupMailKind;
  /** The address, in lower case. */
  readonly recipient: string;
}

export interface FollowupMailRow extends FollowupMailKey {
  readonly state: FollowupMailState;
  readonly attempts: number;
  readonly claimedAt: Date;
  readonly sentAt: Date | null;
  readonly reason: string | null;
  readonly permanent: boolean;
}

const toRow = (r: FollowupMailTable): FollowupMailRow => ({
  roundId: String(r.round_id),
  areaId: r.area_id,
  kind: r.kind,
  recipient: r.recipient,
  state: r.state,
  attempts: r.attempts,
  claimedAt: r.claimed_at,
  sentAt: r.sent_at,
  reason: r.reason,
  permanent: r.permanent,
});

/** Every mail row of the given rounds. */
export async function listFollowupMails(
  db: Db,
  roundIds: readonly string[],
): Promise<readonly FollowupMailRow[]> {
  if (roundIds.length === 0) return [];
  const rows = await withMail(db)
    .selectFrom('followup_mail')
    .selectAll()
    .where('round_id', 'in', [...roundIds])
    .execute();
  return rows.map(toRow);
}

/**
 * Takes the right to send one mail: a new row, or a failed one that may be tried again. Undefined when the mail
 * was sent, is being sent (or its send never finished), or failed for good: then nothing may be sent.
 */
export async function claimFollowupMail(
  db: Db,
  key: FollowupMailKey,
  at: Date,
  by: string,
): Promise<FollowupMailRow | undefined> {
  const row = await withMail(db)
    .insertInto('followup_mail')
    .values({
      round_id: key.roundId,
      area_id: key.areaId,
      kind: key.kind,
      recipient: key.recipient,
      state: 'sending',
      attempts: 1,
      claimed_at: at,
      claimed_by: by,
      sent_at: null,
      message_id: null,
      reason: null,
      permanent: false,
    })
    .onConflict((oc) =>
      oc
        .columns(['round_id', 'area_id', 'kind', 'recipient'])
        .doUpdateSet((eb) => ({
          state: 'sending',
          attempts: eb('followup_mail.attempts', '+', 1),
          claimed_at: at,
          claimed_by: by,
          reason: null,
        }))
        .where('followup_mail.state', '=', 'failed')
        .where('followup_mail.permanent', '=', false)
        .where('followup_mail.attempts', '<', MAX_FOLLOWUP_MAIL_ATTEMPTS),
    )
    .returningAll()
    .executeTakeFirst();
  return row && toRow(row);
}

/** Records how a claimed send went. */
export async function finishFollowupMail(
  db: Db,
  key: FollowupMailKey,
  outcome:
    | { readonly state: 'sent'; readonly at: Date; readonly messageId: string }
    | { readonly state: 'failed'; readonly reason: string; readonly permanent: boolean },
): Promise<void> {
  await withMail(db)
    .updateTable('followup_mail')
    .set(
      outcome.state === 'sent'
        ? { state: 'sent', sent_at: outcome.at, message_id: outcome.messageId.slice(0, 1000) }
        : { state: 'failed', reason: outcome.reason.slice(0, 2000), permanent: outcome.permanent },
    )
    .where('round_id', '=', key.roundId)
    .where('area_id', '=', key.areaId)
    .where('kind', '=', key.kind)
    .where('recipient', '=', key.recipient)
    .where('state', '=', 'sending')
    .execute();
}
