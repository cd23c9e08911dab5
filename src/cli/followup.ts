// `pejlemaerke followup remind [--dry-run]`: sends the follow-up mails due today (the reminder before a round's
// deadline, the notice after it) and lists each one — sent, failed with the server's reason, or sent before —
// or, with --dry-run, lists what would be sent. Beside a running server it runs inside it, with its mail settings.
import type { Command } from 'commander';
import { cliActor } from '../domain/access/index.ts';
import type { Config } from '../platform/config.ts';
import { createMailer } from '../platform/mail.ts';
import type { MailSettings } from '../platform/mail-settings.ts';
import { remindFollowups, reminderLines } from '../service/followup-reminders.ts';
import type { Io } from './main.ts';
import { withDatabase } from './runtime.ts';

/** Mail is off, or a mail could not be sent: the environment, not the input (exit code 3). */
export class MailEnvironmentError extends Error {
  override readonly name = 'MailEnvironmentError';
}

export function registerFollowupCommands(
  program: Command,
  io: Io & { readonly mail?: MailSettings },
  config: () => Config,
  currentUser: () => string,
): void {
  const followup = program.command('followup').description('follow-up rounds: mail to the tovholdere');
  followup
    .command('remind')
    .description(
      'send the reminders due today to the tovholdere of areas without a status note (FOLLOWUP_REMINDER_DAYS before the deadline, and the day after it), each at most once, and list them',
    )
    .option('--dry-run', 'list what would be sent; send and record nothing')
    .action(async (opts: { dryRun?: boolean }) => {
      const c = config();
      // Inside a server its own settings count: the command brings no mail settings along.
      const settings = io.mail ?? c.mail;
      await withDatabase(c, async (database) => {
        const run = await remindFollowups(
          { database, actor: cliActor(currentUser()), now: () => new Date() },
          createMailer(settings.smtp),
          {
            days: settings.followupReminderDays,
            publicUrl: settings.publicUrl,
            dryRun: opts.dryRun === true,
          },
        );
        for (const line of reminderLines(run)) io.out(line);
        if (run.mail === 'off' && !run.dryRun && run.items.some((i) => i.outcome === 'due'))
          throw new MailEnvironmentError(run.message ?? 'mail is off');
        const failed = run.items.filter((i) => i.outcome === 'failed').length;
        if (failed > 0)
          throw new MailEnvironmentError(
            `${failed} mail${failed === 1 ? '' : 's'} could not be sent; a later run tries again`,
          );
      });
    });
}
