// `pejlemaerke survey send <round> [--reminders | --retry-failed]` and `survey bounce <round> <recipient>
// [--undo]`: a round's mail from the command line. Send prints each failure with the server's reason and a
// summary (sent, failed, skipped by why); it exits 3 when mail is off or any mail failed (a later run tries
// again). Beside a running server it runs inside it, with its mail settings. The run is a send job like the
// round page's (`service/survey-send-job.ts`), run in the foreground: one per round at a time, each recipient
// claimed before it is mailed, and a run stopped half-way taken up by the server's next start. Its progress
// goes to stderr, a line every ten recipients.
import type { Command } from 'commander';
import { cliActor } from '../domain/access/index.ts';
import type { Config } from '../platform/config.ts';
import { createMailer } from '../platform/mail.ts';
import { ConflictError, InvalidInputError } from '../service/errors.ts';
import { markBounced, recipientDeliveries, type SendMode, type SendRun } from '../service/survey-mail.ts';
import { sendSurveyMail, type SendJob } from '../service/survey-send-job.ts';
import type { Database } from '../store/database.ts';
import { MailEnvironmentError } from './followup.ts';
import type { Io } from './main.ts';
import { withDatabase } from './runtime.ts';

const whyText: Readonly<Record<SendRun['skipped'][number]['why'], string>> = {
  bounced: 'bounced',
  answered: 'answered',
  invited: 'invited already',
  'not-invited': 'not invited yet',
  'recently-mailed': 'mailed less than a day ago',
  'no-failure': 'nothing failed',
};

const kindText = (kind: 'invitation' | 'reminder', n: number) => `${n} ${kind}${n === 1 ? '' : 's'}`;

/** The run in lines: each failure with its reason, then the counts. */
export function sendLines(run: SendRun): string[] {
  const who = (r: { id: string; organisation: string; email: string }) =>
    `recipient ${r.id} ${r.organisation} <${r.email}>`;
  const lines: string[] = [];
  if (run.mail === 'off') {
    lines.push(run.message ?? 'mail is off; nothing was sent');
    for (const d of run.due) lines.push(`due: ${d.kind} to ${who(d.recipient)}`);
  }
  for (const f of run.failed)
    lines.push(
      `failed: ${f.kind} to ${who(f.recipient)}: ${f.reason}${f.permanent ? ' (refused for good)' : ''}`,
    );
  const sentBy = (kind: 'invitation' | 'reminder') => run.sent.filter((s) => s.kind === kind).length;
  const sent = [
    sentBy('invitation') > 0 || run.mode === 'invitations'
      ? kindText('invitation', sentBy('invitation'))
      : '',
    sentBy('reminder') > 0 || run.mode === 'reminders' ? kindText('reminder', sentBy('reminder')) : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const skipped = new Map<string, number>();
  for (const s of run.skipped) skipped.set(whyText[s.why], (skipped.get(whyText[s.why]) ?? 0) + 1);
  const skippedText =
    skipped.size === 0
      ? '0'
      : `${run.skipped.length} (${[...skipped].map(([w, n]) => `${n} ${w}`).join(', ')})`;
  lines.push(`sent ${sent || '0 mails'}; failed ${run.failed.length}; skipped ${skippedText}`);
  return lines;
}

/** A line on stderr when the job starts, after every tenth recipient, and at the end. */
function progress(io: Io): (job: SendJob) => void {
  let said = '';
  return (job) => {
    const done = job.sent + job.failed;
    if (`${job.id}:${done}` === said || (done % 10 !== 0 && done !== job.due)) return;
    said = `${job.id}:${done}`;
    io.err(`send job ${job.id}: ${job.sent} of ${job.due} sent, ${job.failed} failed`);
  };
}

export function registerSurveySendCommands(
  survey: Command,
  io: Io,
  config: () => Config,
  currentUser: () => string,
): void {
  const ctx = (database: Database) => ({ database, actor: cliActor(currentUser()), now: () => new Date() });
  const asInput = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      if (e instanceof ConflictError) throw new InvalidInputError(e.message);
      throw e;
    }
  };

  survey
    .command('send')
    .description(
      'mail a round’s invitations to every recipient not yet sent one (failed ones again), each with a new personal link; or reminders to those who have not answered',
    )
    .argument('<round>', 'the round id')
    .option('--reminders', 'send a reminder to every recipient who has been invited and has not answered')
    .option('--retry-failed', 'send again only the mails that failed')
    .option('--attempts <n>', 'tries per mail when the server fails for a passing reason', '3')
    .action(
      async (roundId: string, opts: { reminders?: boolean; retryFailed?: boolean; attempts: string }) => {
        if (opts.reminders && opts.retryFailed)
          throw new InvalidInputError('give --reminders or --retry-failed, not both');
        const attempts = Number(opts.attempts);
        if (!Number.isInteger(attempts) || attempts < 1 || attempts > 10)
          throw new InvalidInputError(
            `--attempts must be a whole number from 1 to 10, not "${opts.attempts}"`,
          );
        const mode: SendMode = opts.reminders ? 'reminders' : opts.retryFailed ? 'retry' : 'invitations';
        const c = config();
        const settings = io.mail ?? c.mail;
        await withDatabase(c, (database) =>
          asInput(async () => {
            const run = await sendSurveyMail(ctx(database), createMailer(settings.smtp), roundId, mode, {
              publicUrl: settings.publicUrl,
              attempts,
              onProgress: progress(io),
            });
            for (const line of sendLines(run)) io.out(line);
            if (run.mail === 'off' && run.due.length > 0)
              throw new MailEnvironmentError(run.message ?? 'mail is off');
            if (run.failed.length > 0)
              throw new MailEnvironmentError(
                `${run.failed.length} mail${run.failed.length === 1 ? '' : 's'} could not be sent; run the command again to retry ${run.failed.length === 1 ? 'it' : 'them'}, or mark a bounced address with survey bounce`,
              );
          }),
        );
      },
    );

  survey
    .command('bounce')
    .description('mark a recipient’s e-mail address as bounced: no more mail is sent to it')
    .argument('<round>', 'the round id')
    .argument('<recipient>', 'the recipient id (see survey deliveries)')
    .option('--undo', 'take the mark off again')
    .action(async (roundId: string, recipientId: string, opts: { undo?: boolean }) => {
      await withDatabase(config(), (database) =>
        asInput(async () => {
          const r = await markBounced(ctx(database), roundId, recipientId, !opts.undo);
          io.out(
            r.bounced
              ? `recipient ${r.id} ${r.organisation} <${r.email}> is marked bounced; no more mail goes to it`
              : `recipient ${r.id} ${r.organisation} <${r.email}> is no longer marked bounced`,
          );
        }),
      );
    });

  survey
    .command('deliveries')
    .description(
      'each recipient of a round with its mail state: answered, bounced, failed (why), reminded, invited',
    )
    .argument('<round>', 'the round id')
    .action(async (roundId: string) => {
      await withDatabase(config(), (database) =>
        asInput(async () => {
          const rows = await recipientDeliveries(database, roundId);
          if (rows.length === 0) io.out(`survey round ${roundId} has no recipients`);
          for (const r of rows) {
            const d = r.delivery;
            const detail =
              r.state === 'failed' && d?.failure
                ? `: ${d.failure.kind} ${d.failure.at.toISOString()} ${d.failure.reason}`
                : r.state === 'reminded' && d?.remindedAt
                  ? ` ${d.reminders}× (last ${d.remindedAt.toISOString()})`
                  : r.state === 'invited' && d?.invitedAt
                    ? ` ${d.invitedAt.toISOString()}`
                    : '';
            io.out(
              `${r.recipient.id}\t${r.recipient.organisation}\t${r.recipient.email}\t${r.state}${detail}`,
            );
          }
        }),
      );
    });
}
