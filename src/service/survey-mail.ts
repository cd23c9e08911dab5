// Survey mail: who is due an invitation, a reminder or a retry of a failed mail and why not, the mail itself
// with a new personal link issued just before it is sent (the token lives only in the mail; the database keeps
// its hash), and bounces marked by hand. Nobody who has submitted is reminded, nobody marked bounced is mailed,
// and a recipient mailed less than a day ago is not reminded again (so a second click sends nothing twice). The
// mail is sent by a send job (`survey-send-job.ts`), which records each mail in `survey_delivery`, sent or
// failed with the server's reason. Every change goes through the write gate.
import { danishDate } from '../domain/followup/index.ts';
import type { MailMessage } from '../platform/mail.ts';
import * as mailStore from '../store/survey-mail-store.ts';
import * as store from '../store/survey-store.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import { surveyInvitationMail, surveyReminderMail } from './mail-templates.ts';
import { getStrategy } from './strategies.ts';
import { newToken, surveyLink, tokenHash } from './survey-links.ts';
import { getSurveyRound } from './surveys.ts';
import { write, type WriteContext } from './write-gate.ts';

export type DeliveryState = mailStore.DeliveryState;

/** What a run does: first invitations (and failed ones again), a new reminder, or every failed mail again. */
export type SendMode = 'invitations' | 'reminders' | 'retry';

/** A recipient is not reminded within this long of the last mail the server took for it. */
export const REMINDER_GAP_MS = 24 * 60 * 60 * 1000;

export type SkipReason =
  'bounced' | 'answered' | 'invited' | 'not-invited' | 'recently-mailed' | 'no-failure';

export interface SendItem {
  readonly recipient: store.RecipientRow;
  readonly kind: mailStore.DeliveryKind;
}

export interface SendRun {
  readonly mode: SendMode;
  readonly mail: 'on' | 'off';
  /** Why nothing was sent when mail is off. */
  readonly message?: string;
  readonly sent: readonly SendItem[];
  readonly failed: readonly (SendItem & { readonly reason: string; readonly permanent: boolean })[];
  readonly skipped: readonly { readonly recipient: store.RecipientRow; readonly why: SkipReason }[];
  /** With mail off: who would have been mailed. */
  readonly due: readonly SendItem[];
}

export interface SendOptions {
  /** The site's address as recipients reach it (PUBLIC_URL); links start with it. */
  readonly publicUrl: string | undefined;
  /** Passed to the mailer: tries per message for a passing failure, and the wait before the next. */
  readonly attempts?: number;
  readonly retryDelayMs?: number;
}

/** Which mail a recipient is due in a run, or why none. */
export function dueMail(
  mode: SendMode,
  r: { readonly recipient: store.RecipientRow; readonly answered: boolean },
  state: DeliveryState | undefined,
  now: Date,
): { readonly kind: mailStore.DeliveryKind } | { readonly skip: SkipReason } {
  if (r.recipient.bounced) return { skip: 'bounced' };
  if (r.answered) return { skip: 'answered' };
  const invited = state?.invitedAt ?? null;
  if (mode === 'invitations') return invited ? { skip: 'invited' } : { kind: 'invitation' };
  if (mode === 'retry') return state?.failure ? { kind: state.failure.kind } : { skip: 'no-failure' };
  if (!invited) return { skip: 'not-invited' };
  const last = Math.max(invited.getTime(), state?.remindedAt?.getTime() ?? 0);
  if (now.getTime() - last < REMINDER_GAP_MS) return { skip: 'recently-mailed' };
  return { kind: 'reminder' };
}

export function checkedBase(publicUrl: string | undefined): string {
  if (publicUrl === undefined)
    throw new InvalidInputError(
      'the mails need the site’s public address for their links: set PUBLIC_URL; nothing was sent',
    );
  let base: URL;
  try {
    base = new URL(publicUrl);
  } catch {
    throw new InvalidInputError(`PUBLIC_URL "${publicUrl}" is not a URL; nothing was sent`);
  }
  if (base.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(base.hostname))
    throw new InvalidInputError(
      `PUBLIC_URL must be https:// (http:// only on this machine), not "${publicUrl}"; nothing was sent`,
    );
  return base.href;
}

const title = (t: string | Readonly<Record<string, string | undefined>>, fallback: string): string =>
  typeof t === 'string' ? t : (t.da ?? t.default ?? fallback);

/** The round, if its mail may be sent today: open, opened, and not past its last day of answers. */
export async function sendableRound(ctx: WriteContext, roundId: string): Promise<store.SurveyRoundRow> {
  const round = await getSurveyRound(ctx.database, roundId);
  const today = danishDate(ctx.now());
  if (round.state !== 'open')
    throw new ConflictError(`survey round ${round.id} is ${round.state}; no mail is sent`);
  if (today > round.closesOn)
    throw new ConflictError(
      `survey round ${round.id} took its last answers on ${round.closesOn}; no mail is sent (close the round)`,
    );
  if (today < round.opensOn)
    throw new ConflictError(
      `survey round ${round.id} opens on ${round.opensOn}; its mail can be sent from that day`,
    );
  return round;
}

/** Who sends the round's mail and what the survey is called in it. */
export async function mailContext(
  ctx: WriteContext,
  round: store.SurveyRoundRow,
): Promise<{ readonly sender: string; readonly surveyTitle: string }> {
  const version = await store.questionnaireVersion(
    ctx.database.db,
    round.questionnaireId,
    round.questionnaireVersion,
  );
  if (!version) throw new NotFoundError(`questionnaire ${round.questionnaireId} is gone`);
  const q = version.definition as { title: string | Record<string, string>; strategy: string };
  const strategy = await getStrategy(ctx.database, q.strategy);
  return {
    sender: strategy?.definition.organisation.name ?? 'Kommunen',
    surveyTitle: title(q.title, round.questionnaireId),
  };
}

/** Who is due which mail in a run of `mode`, and who is skipped and why; `leaveOut` are not considered. */
export async function planMail(
  ctx: WriteContext,
  roundId: string,
  mode: SendMode,
  leaveOut: ReadonlySet<string> = new Set(),
): Promise<{ readonly due: readonly SendItem[]; readonly skipped: SendRun['skipped'] }> {
  const rows = await store.recipientsWithAnswers(ctx.database.db, roundId);
  const states = await mailStore.deliveryStates(ctx.database.db, roundId);
  const due: SendItem[] = [];
  const skipped: SendRun['skipped'][number][] = [];
  for (const row of rows) {
    if (leaveOut.has(row.recipient.id)) continue;
    const d = dueMail(
      mode,
      { recipient: row.recipient, answered: Boolean(row.answer?.submittedAt) },
      states.get(row.recipient.id),
      ctx.now(),
    );
    if ('skip' in d) skipped.push({ recipient: row.recipient, why: d.skip });
    else due.push({ recipient: row.recipient, kind: d.kind });
  }
  return { due, skipped };
}

/** One recipient's mail, with its new link. */
export function surveyMessage(
  item: SendItem,
  round: store.SurveyRoundRow,
  about: { readonly sender: string; readonly surveyTitle: string },
  link: string,
): MailMessage {
  const r = item.recipient;
  const input = {
    recipientName: r.contactName,
    organisation: r.organisation,
    surveyTitle: about.surveyTitle,
    sender: about.sender,
    link,
    closes: round.closesOn,
  };
  const rendered =
    item.kind === 'invitation'
      ? surveyInvitationMail({ ...input, kind: 'invitation' })
      : surveyReminderMail(input);
  return { to: { name: r.contactName, address: r.email }, ...rendered };
}

/** A new link for one recipient's mail; the earlier one stops working. Refused once the round has closed. */
export async function issueLinkForMail(
  ctx: WriteContext,
  roundId: string,
  item: SendItem,
  base: string,
): Promise<string> {
  const token = newToken();
  await write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      const round = await store.findRound(trx, roundId, { forUpdate: true });
      if (round?.state !== 'open')
        throw new ConflictError(`survey round ${roundId} was closed while its mail was being sent`);
      await store.setRecipientToken(trx, item.recipient.id, tokenHash(token), at);
      return {
        result: undefined,
        audit: {
          subjectType: 'survey-round',
          subjectId: roundId,
          after: {
            issued: 1,
            reissued: item.recipient.hasLink ? 1 : 0,
            recipients: [item.recipient.id],
            for: item.kind,
          },
          action: 'survey.links',
        },
      };
    },
    { subject: { type: 'survey-round', id: roundId } },
  );
  return surveyLink(base, token);
}

/** Marks a recipient's address bounced (no more mail goes to it) or, with `bounced` false, takes the mark off. */
export async function markBounced(
  ctx: WriteContext,
  roundId: string,
  recipientId: string,
  bounced: boolean,
): Promise<store.RecipientRow> {
  const round = await getSurveyRound(ctx.database, roundId);
  if (!/^[1-9]\d{0,15}$/.test(recipientId))
    throw new NotFoundError(`recipient ${recipientId} is not in survey round ${round.id}`);
  return write(
    ctx,
    'survey.manage',
    async (trx) => {
      const recipient = (await store.listRecipients(trx, round.id)).find((r) => r.id === recipientId);
      if (!recipient) throw new NotFoundError(`recipient ${recipientId} is not in survey round ${round.id}`);
      if (recipient.bounced === bounced) return { result: recipient };
      await store.setBounced(trx, recipient.id, bounced);
      return {
        result: { ...recipient, bounced },
        audit: {
          subjectType: 'survey-recipient',
          subjectId: recipient.id,
          before: { bounced: recipient.bounced },
          after: { bounced, round: round.id, email: recipient.email },
          action: 'survey.bounce',
        },
      };
    },
    { subject: { type: 'survey-recipient', id: recipientId } },
  );
}

export type RecipientMailState = 'answered' | 'bounced' | 'failed' | 'reminded' | 'invited' | 'not-sent';

export interface RecipientDelivery {
  readonly recipient: store.RecipientRow;
  readonly answered: boolean;
  readonly state: RecipientMailState;
  readonly delivery: DeliveryState | undefined;
}

/** Each recipient's mail state, for the coordinator: answered, bounced, failed (with reason), reminded, invited. */
export async function recipientDeliveries(
  database: WriteContext['database'],
  roundId: string,
): Promise<readonly RecipientDelivery[]> {
  const round = await getSurveyRound(database, roundId);
  const rows = await store.recipientsWithAnswers(database.db, round.id);
  const states = await mailStore.deliveryStates(database.db, round.id);
  return rows.map((row) => {
    const delivery = states.get(row.recipient.id);
    const answered = Boolean(row.answer?.submittedAt);
    const state: RecipientMailState = answered
      ? 'answered'
      : row.recipient.bounced
        ? 'bounced'
        : delivery?.failure
          ? 'failed'
          : delivery?.remindedAt
            ? 'reminded'
            : delivery?.invitedAt
              ? 'invited'
              : 'not-sent';
    return { recipient: row.recipient, answered, state, delivery };
  });
}
