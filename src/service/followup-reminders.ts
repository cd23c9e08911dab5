// Reminders to the tovholdere of follow-up rounds: for each open round, the areas without a status note get a
// reminder from `days` days before the deadline up to the deadline day, and a notice once the deadline has passed
// (from the day after it). Each mail goes at most once per round, area, kind and recipient: it is claimed in the
// database before it is sent (`store/followup-mail-store.ts`), so a second server or a restart sends nothing
// twice. Each send, and each failure, is audited.
import { hostname } from 'node:os';
import { areaResponsibles, danishDate } from '../domain/followup/index.ts';
import type { Mailer } from '../platform/mail.ts';
import { MAIL_OFF_MESSAGE } from '../platform/mail.ts';
import {
  claimFollowupMail,
  finishFollowupMail,
  listFollowupMails,
  MAX_FOLLOWUP_MAIL_ATTEMPTS,
  type FollowupMailKey,
  type FollowupMailKind,
  type FollowupMailRow,
} from '../store/followup-mail-store.ts';
import * as rounds from '../store/round-store.ts';
import { listEditorsOfCentres } from '../store/user-store.ts';
import { InvalidInputError } from './errors.ts';
import { followupOverdueMail, followupReminderMail } from './mail-templates.ts';
import { getStrategy, listStrategies } from './strategies.ts';
import { authorize, write, type WriteContext } from './write-gate.ts';

export type { FollowupMailKind } from '../store/followup-mail-store.ts';

/** What became of one mail in a run. */
export type ReminderOutcome =
  /** Due, and not sent: a dry run, or mail is off. */
  | 'due'
  | 'sent'
  | 'failed'
  /** Sent by an earlier run (or another process). */
  | 'sent-before'
  /** Claimed by a send that has not finished (another process now, or one that stopped): not sent again. */
  | 'in-progress'
  /** Failed earlier for good (refused by the server, or tried too often): not tried again. */
  | 'given-up';

export interface ReminderItem {
  readonly strategyId: string;
  readonly roundId: string;
  readonly roundTitle: string;
  readonly deadline: string;
  readonly areaId: string;
  readonly areaTitle: string;
  readonly kind: FollowupMailKind;
  readonly recipient: { readonly name: string; readonly email: string };
  readonly outcome: ReminderOutcome;
  /** Why it failed or was given up, in Danish. */
  readonly reason?: string;
}

export interface ReminderRun {
  /** 'off' when no SMTP server is set up: nothing was sent, and `message` says so. */
  readonly mail: 'on' | 'off';
  readonly message?: string;
  readonly dryRun: boolean;
  /** One per recipient of every mail due today, in round, area and recipient order. */
  readonly items: readonly ReminderItem[];
  /** Areas a mail is due for but whose lead centre has no active editor to send it to. */
  readonly withoutTovholder: readonly {
    readonly strategyId: string;
    readonly roundTitle: string;
    readonly areaId: string;
    readonly areaTitle: string;
    readonly kind: FollowupMailKind;
  }[];
}

export interface ReminderOptions {
  /** Days before the deadline the reminder starts (FOLLOWUP_REMINDER_DAYS). */
  readonly days: number;
  /** The app's address for the links (PUBLIC_URL); needed only when sending. */
  readonly publicUrl: string | undefined;
  /** List what is due without sending or recording anything. */
  readonly dryRun?: boolean;
}

/** Which mail an area without a note is due today, if any. */
export function dueKind(deadline: string, today: string, days: number): FollowupMailKind | undefined {
  if (today > deadline) return 'overdue';
  return today >= shiftDate(deadline, -days) ? 'reminder' : undefined;
}

function shiftDate(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const claimant = `${hostname()}:${process.pid}`;
const keyOf = (roundId: string, areaId: string, kind: FollowupMailKind, email: string): FollowupMailKey => ({
  roundId,
  areaId,
  kind,
  recipient: email.toLowerCase(),
});

/** Sends (or, dry, lists) every follow-up mail due at `ctx.now()`. Only an administrator or the system may. */
export async function remindFollowups(
  ctx: WriteContext,
  mailer: Mailer,
  options: ReminderOptions,
): Promise<ReminderRun> {
  await authorize(ctx, 'round.manage');
  const dryRun = options.dryRun === true;
  const sending = mailer.enabled && !dryRun;
  if (sending && options.publicUrl === undefined)
    throw new InvalidInputError('PUBLIC_URL is not set; the mails cannot link to the areas’ pages');
  const today = danishDate(ctx.now());
  const items: ReminderItem[] = [];
  const withoutTovholder: ReminderRun['withoutTovholder'][number][] = [];
  const db = ctx.database.db;

  for (const listed of await listStrategies(ctx.database)) {
    const s = await getStrategy(ctx.database, listed.strategyId);
    if (!s) continue;
    const open = (await rounds.listRounds(db, s.strategyId)).filter((r) => r.closedAt === null).reverse();
    if (open.length === 0) continue;
    const leads = [...new Set(s.definition.areas.map((a) => a.organisation.lead))];
    const people = (await listEditorsOfCentres(db, leads)).map((u) => ({
      ...u,
      disabled: u.disabledAt !== null,
    }));
    const sent = new Map<string, FollowupMailRow>();
    for (const row of await listFollowupMails(
      db,
      open.map((r) => r.id),
    ))
      sent.set(`${row.roundId}\n${row.areaId}\n${row.kind}\n${row.recipient}`, row);

    for (const round of open) {
      const kind = dueKind(round.deadline, today, options.days);
      if (!kind) continue;
      const noted = new Set((await rounds.listRoundNotes(db, round.id)).map((n) => n.areaId));
      for (const area of s.definition.areas) {
        if (noted.has(area.id)) continue;
        const to = areaResponsibles(area.organisation.lead, people);
        const base = {
          strategyId: s.strategyId,
          roundId: round.id,
          roundTitle: round.title,
          deadline: round.deadline,
          areaId: area.id,
          areaTitle: area.title,
          kind,
        };
        if (to.length === 0) {
          withoutTovholder.push({
            strategyId: s.strategyId,
            roundTitle: round.title,
            areaId: area.id,
            areaTitle: area.title,
            kind,
          });
          continue;
        }
        for (const person of to) {
          const key = keyOf(round.id, area.id, kind, person.email);
          const recipient = { name: person.displayName, email: person.email };
          const before = sent.get(`${key.roundId}\n${key.areaId}\n${key.kind}\n${key.recipient}`);
          const earlier = earlierOutcome(before);
          if (earlier) {
            items.push({ ...base, recipient, ...earlier });
            continue;
          }
          if (!sending) {
            items.push({ ...base, recipient, outcome: 'due' });
            continue;
          }
          items.push({
            ...base,
            recipient,
            ...(await sendOne(ctx, mailer, key, {
              recipient,
              strategyTitle: s.definition.title,
              roundTitle: round.title,
              areaTitle: area.title,
              deadline: round.deadline,
              daysLeft: daysBetween(today, round.deadline),
              link: `${options.publicUrl}/strategier/${encodeURIComponent(s.strategyId)}/omraader/${encodeURIComponent(area.id)}`,
              subjectId: `${s.strategyId}/${round.id}`,
            })),
          });
        }
      }
    }
  }
  return {
    mail: mailer.enabled ? 'on' : 'off',
    ...(!mailer.enabled && { message: MAIL_OFF_MESSAGE }),
    dryRun,
    items,
    withoutTovholder,
  };
}

function earlierOutcome(
  row: FollowupMailRow | undefined,
): { outcome: ReminderOutcome; reason?: string } | undefined {
  if (!row) return undefined;
  if (row.state === 'sent') return { outcome: 'sent-before' };
  if (row.state === 'sending') return { outcome: 'in-progress' };
  if (row.permanent || row.attempts >= MAX_FOLLOWUP_MAIL_ATTEMPTS)
    return { outcome: 'given-up', reason: row.reason ?? 'ukendt grund' };
  return undefined;
}

async function sendOne(
  ctx: WriteContext,
  mailer: Mailer,
  key: FollowupMailKey,
  m: {
    recipient: { name: string; email: string };
    strategyTitle: string;
    roundTitle: string;
    areaTitle: string;
    deadline: string;
    daysLeft: number;
    link: string;
    subjectId: string;
  },
): Promise<{ outcome: ReminderOutcome; reason?: string }> {
  const claimed = await write(ctx, 'round.manage', async (trx, at) => ({
    result: await claimFollowupMail(trx, key, at, claimant),
  }));
  // Another process claimed it between the read and now: it sends, this one does not.
  if (!claimed) return { outcome: 'in-progress' };
  const input = {
    recipientName: m.recipient.name,
    strategyTitle: m.strategyTitle,
    roundTitle: m.roundTitle,
    areaTitle: m.areaTitle,
    deadline: m.deadline,
    link: m.link,
  };
  const mail =
    key.kind === 'reminder'
      ? followupReminderMail({ ...input, daysLeft: m.daysLeft })
      : followupOverdueMail(input);
  const batch = await mailer.sendBatch(
    [{ to: { name: m.recipient.name, address: m.recipient.email }, ...mail }],
    { attempts: 1 },
  );
  const result =
    batch.status === 'done'
      ? batch.results[0]
      : { status: 'failed' as const, reason: batch.message, permanent: false };
  const named =
    key.kind === 'reminder' ? { action: 'mail.followup-reminder' } : { action: 'mail.followup-overdue' };
  const about = { area: key.areaId, recipient: m.recipient.email, mailSubject: mail.subject };
  if (result?.status === 'sent') {
    await write(ctx, 'round.manage', async (trx, at) => {
      await finishFollowupMail(trx, key, { state: 'sent', at, messageId: result.messageId });
      return {
        result: undefined,
        audit: {
          subjectType: 'followup-round',
          subjectId: m.subjectId,
          ...named,
          after: { ...about, messageId: result.messageId, serverAnswer: result.response },
        },
      };
    });
    return { outcome: 'sent' };
  }
  const reason = result?.reason ?? 'intet svar fra mailtransporten';
  const permanent = result?.permanent ?? false;
  await write(ctx, 'round.manage', async (trx) => {
    await finishFollowupMail(trx, key, { state: 'failed', reason, permanent });
    return {
      result: undefined,
      audit: {
        subjectType: 'followup-round',
        subjectId: m.subjectId,
        ...named,
        outcome: 'failed',
        after: { ...about, mailFailure: reason, permanent },
      },
    };
  });
  return { outcome: 'failed', reason };
}

const kindWord: Record<FollowupMailKind, string> = {
  reminder: 'påmindelse',
  overdue: 'fristen overskredet',
};

function outcomeWord(item: ReminderItem, run: ReminderRun): string {
  switch (item.outcome) {
    case 'due':
      return run.dryRun ? 'ville sendes' : 'ikke sendt';
    case 'sent':
      return 'sendt';
    case 'failed':
      return `fejlede: ${item.reason ?? ''}`;
    case 'sent-before':
      return 'sendt før';
    case 'in-progress':
      return 'under afsendelse eller afbrudt; sendes ikke igen';
    case 'given-up':
      return `opgivet: ${item.reason ?? ''}`;
  }
}

/** A run as lines for the command line and the server's log, in Danish: one per mail, then a count. */
export function reminderLines(run: ReminderRun): readonly string[] {
  const lines: string[] = [];
  if (run.mail === 'off') lines.push(run.message ?? 'mail er ikke sat op');
  for (const i of run.items)
    lines.push(
      `${outcomeWord(i, run)} — ${kindWord[i.kind]} for "${i.roundTitle}" (frist ${i.deadline}), ${i.areaTitle}, til ${i.recipient.name} <${i.recipient.email}>`,
    );
  for (const w of run.withoutTovholder)
    lines.push(
      `ingen modtager — ${kindWord[w.kind]} for "${w.roundTitle}", ${w.areaTitle}: områdets ledende center har ingen aktiv redaktør`,
    );
  const count = (o: ReminderOutcome) => run.items.filter((i) => i.outcome === o).length;
  if (run.items.length === 0 && run.withoutTovholder.length === 0)
    lines.push('ingen påmindelser om opfølgningsrunder er aktuelle i dag');
  else if (run.dryRun || run.mail === 'off')
    lines.push(
      `${count('due')} ${run.dryRun ? 'ville sendes' : 'ikke sendt'}, ${count('sent-before')} sendt før`,
    );
  else
    lines.push(
      `${count('sent')} sendt, ${count('failed')} fejlede, ${count('sent-before')} sendt før, ${count('in-progress') + count('given-up')} sendes ikke igen`,
    );
  return lines;
}
