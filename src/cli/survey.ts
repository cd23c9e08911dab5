// `pejlemaerke survey …`: the local surveys from the command line — list and validate questionnaires, open a
// round, import its recipients, issue their links, follow the response rates, close and publish. `round open`
// ends with the new round's id alone on its last line, for scripts.
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { cliActor } from '../domain/access/index.ts';
import { allQuestions } from '../domain/survey/index.ts';
import type { Config } from '../platform/config.ts';
import { ConflictError, InvalidInputError } from '../service/errors.ts';
import {
  closeSurveyRound,
  exportAnswers,
  exportAnswersXlsx,
  importRecipients,
  issueLinks,
  listQuestionnaires,
  listSurveyRounds,
  openSurveyRound,
  publishSurveyRound,
  readQuestionnaireFile,
  responseRates,
  type RateGroup,
} from '../service/surveys.ts';
import { purgeExpiredSurveys, purgeSurveyRound } from '../service/survey-retention.ts';
import type { Database } from '../store/database.ts';
import type { Io } from './main.ts';
import { withDatabase } from './runtime.ts';
import { registerSurveySendCommands } from './survey-send.ts';
import { registerRoundVersionCommand } from './survey-round-version.ts';

const percent = (g: RateGroup) => (g.rate === undefined ? '–' : `${(g.rate * 100).toFixed(0)} %`);

/** A CSV cell for a spreadsheet: quoted when needed, and a formula-like start made harmless. */
function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerSurveyCommands(
  program: Command,
  io: Io,
  config: () => Config,
  currentUser: () => string,
  inCwd: (file: string) => string,
): void {
  const ctx = (database: Database) => ({ database, actor: cliActor(currentUser()), now: () => new Date() });
  // A refusal because of the round's state is the input's fault: exit code 1 with the reason.
  const asInput = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      if (e instanceof ConflictError) throw new InvalidInputError(e.message);
      throw e;
    }
  };
  const inDatabase = (run: (database: Database) => Promise<void>) =>
    withDatabase(config(), (database) => asInput(() => run(database)));

  const survey = program
    .command('survey')
    .description('local surveys: questionnaires, rounds, recipients, links, response rates and publishing');
  registerSurveySendCommands(survey, io, config, currentUser);

  survey
    .command('list')
    .description('list the questionnaires (bundled and stored) and the survey rounds')
    .option('--json', 'as JSON')
    .action(async (opts: { json?: boolean }) => {
      await inDatabase(async (database) => {
        const questionnaires = await listQuestionnaires(database);
        const rounds = await listSurveyRounds(database);
        if (opts.json) {
          io.out(JSON.stringify({ questionnaires, rounds }, null, 2));
          return;
        }
        for (const q of questionnaires) {
          if (q.errors) {
            io.out(`${q.id}\tcannot be read: ${q.errors[0] ?? ''}`);
            continue;
          }
          const version =
            q.version === undefined
              ? 'not registered'
              : `version ${q.version}${q.changed ? ' (the file has changed since)' : ''}`;
          io.out(`${q.id}\t${q.kind}\t${version}\t${q.title}`);
        }
        if (rounds.length === 0) io.out('no survey rounds');
        for (const r of rounds)
          io.out(
            `round ${r.id}\t${r.state}\t${r.opensOn} – ${r.closesOn}\t${r.questionnaireId} version ${r.questionnaireVersion}\t${r.name}`,
          );
      });
    });

  survey
    .command('validate')
    .description('check questionnaire files without storing anything')
    .argument('<files...>', 'questionnaire files (JSON)')
    .action(async (files: string[]) => {
      let bad = false;
      for (const file of files) {
        const r = await readQuestionnaireFile(inCwd(file));
        if (r.ok) {
          const q = r.questionnaire;
          io.out(
            `${file}: ok — ${q.id}: ${q.pages.length} pages, ${allQuestions(q).length} questions, ${q.indicatorFeeds.length} indicator feeds`,
          );
        } else {
          bad = true;
          for (const e of r.errors) io.err(e);
        }
      }
      if (bad)
        throw new InvalidInputError(
          `${files.length === 1 ? 'the file is' : 'some files are'} not a usable questionnaire`,
        );
    });

  const round = survey.command('round').description('survey rounds');
  registerRoundVersionCommand(round, io, inDatabase, ctx);
  round
    .command('open')
    .description('open a round on a questionnaire’s newest version; prints the round id on the last line')
    .argument('<questionnaire>', 'a bundled questionnaire’s id (see survey list) or a questionnaire file')
    .requiredOption('--opens <date>', 'the first day answers are taken (YYYY-MM-DD)')
    .requiredOption('--closes <date>', 'the last day answers are taken (YYYY-MM-DD)')
    .option('--name <text>', 'the round’s name (default: the questionnaire’s title and the period)')
    .option(
      '--period <period>',
      'the period its figures are for: 2023, 2023K2 or 2023M09 (default: the year it closes)',
    )
    .option('--area <area>', 'limit the round to an area (repeatable)', collect)
    .option('--type <type>', 'limit the round to an organisation type (repeatable)', collect)
    .action(
      async (
        questionnaire: string,
        opts: {
          opens: string;
          closes: string;
          name?: string;
          period?: string;
          area?: string[];
          type?: string[];
        },
      ) => {
        await inDatabase(async (database) => {
          const target = questionnaire.endsWith('.json') ? inCwd(questionnaire) : questionnaire;
          const { round: r, registered } = await openSurveyRound(ctx(database), {
            questionnaire: target,
            opens: opts.opens,
            closes: opts.closes,
            name: opts.name,
            period: opts.period,
            areas: opts.area,
            types: opts.type,
          });
          if (registered.status === 'created')
            io.out(`registered ${r.questionnaireId} as version ${registered.version.version}`);
          io.out(
            `opened survey round "${r.name}" (${r.opensOn} – ${r.closesOn}, figures for ${r.period}) on ${r.questionnaireId} version ${r.questionnaireVersion}`,
          );
          io.out(r.id);
        });
      },
    );

  survey
    .command('recipients')
    .description('recipients of a round')
    .command('import')
    .description(
      'import a round’s recipients from CSV (organisation,type,area,contact,email), all or nothing',
    )
    .argument('<round>', 'the round id')
    .argument('<file>', 'the CSV file')
    .action(async (roundId: string, file: string) => {
      let bytes: Buffer;
      try {
        bytes = await readFile(inCwd(file));
      } catch (e) {
        throw new InvalidInputError(`${file}: ${(e as NodeJS.ErrnoException).message}`);
      }
      await inDatabase(async (database) => {
        const r = await importRecipients(ctx(database), roundId, bytes, file);
        io.out(
          `${file}: ${r.added} recipients added to survey round ${roundId} (${r.encoding}, "${r.delimiter}"-separated)`,
        );
      });
    });

  survey
    .command('links')
    .description(
      'issue the personal links of a round’s recipients that have none; a link is shown only when issued',
    )
    .argument('<round>', 'the round id')
    .option(
      '--base-url <url>',
      'the site’s public address, e.g. https://pejlemaerke.ballerup.dk (default: the PUBLIC_URL setting)',
    )
    .option('--format <format>', 'text or csv', 'text')
    .option(
      '--reissue',
      'issue new links for recipients that have one too (their earlier link stops working)',
    )
    .option('--recipient <id>', 'only this recipient (repeatable)', collect)
    .action(
      async (
        roundId: string,
        opts: { baseUrl?: string; format: string; reissue?: boolean; recipient?: string[] },
      ) => {
        const baseUrl = opts.baseUrl ?? config().mail.publicUrl;
        if (baseUrl === undefined)
          throw new InvalidInputError(
            'the links need the site’s public address: give --base-url <url> or set PUBLIC_URL',
          );
        if (opts.format !== 'text' && opts.format !== 'csv')
          throw new InvalidInputError(`--format must be text or csv, not "${opts.format}"`);
        await inDatabase(async (database) => {
          const r = await issueLinks(ctx(database), roundId, {
            baseUrl,
            reissue: opts.reissue,
            recipients: opts.recipient,
          });
          if (opts.format === 'csv') {
            io.out('recipient,organisation,contact,email,link');
            for (const l of r.issued)
              io.out(
                [l.recipient.id, l.recipient.organisation, l.recipient.contactName, l.recipient.email, l.link]
                  .map(csvCell)
                  .join(','),
              );
          } else
            for (const l of r.issued) io.out(`${l.recipient.id}\t${l.recipient.organisation}\t${l.link}`);
          const note = `issued ${r.issued.length} links`;
          const kept =
            r.kept.length === 0
              ? ''
              : `; ${r.kept.length} recipients hold a link already (new ones with --reissue)`;
          // With CSV on stdout, the count goes to stderr so the file stays a table.
          (opts.format === 'csv' ? io.err : io.out)(`${note}${kept}`);
        });
      },
    );

  survey
    .command('status')
    .description('response rates of a round: in all, per area and per organisation type')
    .argument('<round>', 'the round id')
    .option('--json', 'as JSON')
    .action(async (roundId: string, opts: { json?: boolean }) => {
      await inDatabase(async (database) => {
        const s = await responseRates(database, roundId);
        if (opts.json) {
          const { round: r, ...rest } = s;
          io.out(JSON.stringify({ round: { id: r.id, name: r.name, state: r.state }, ...rest }, null, 2));
          return;
        }
        const line = (label: string, g: RateGroup) =>
          `${label}\t${g.recipients} recipients\t${g.answered} answered\t${g.started} begun\t${percent(g)}`;
        io.out(
          `survey round ${s.round.id} "${s.round.name}" (${s.round.state}, ${s.round.opensOn} – ${s.round.closesOn})`,
        );
        io.out(line('in all', s.total));
        for (const g of s.byArea) io.out(line(`area ${g.key}`, g));
        for (const g of s.byType) io.out(line(`type ${g.key}`, g));
        if (s.withoutLink > 0)
          io.out(`${s.withoutLink} recipients have no link yet (survey links ${s.round.id})`);
        if (s.bounced > 0) io.out(`${s.bounced} recipients' e-mail bounced`);
      });
    });

  survey
    .command('close')
    .description('close a round: no more answers are taken')
    .argument('<round>', 'the round id')
    .action(async (roundId: string) => {
      await inDatabase(async (database) => {
        const r = await closeSurveyRound(ctx(database), roundId);
        io.out(`closed survey round ${r.id} "${r.name}"`);
      });
    });

  survey
    .command('publish')
    .description(
      'publish a closed round: its aggregates become the indicators’ figures (at least SURVEY_MIN_RESPONDENTS organisations a cell, never fewer than 3)',
    )
    .argument('<round>', 'the round id')
    .action(async (roundId: string) => {
      await inDatabase(async (database) => {
        const min = config().survey.minRespondents;
        const p = await publishSurveyRound(ctx(database), roundId, { minRespondents: min });
        const counts = `${p.figures} figures (${p.suppressed} suppressed: fewer than ${min} organisations) from ${p.respondents} of ${p.recipients} recipients`;
        io.out(
          p.status === 'already-published'
            ? `survey round ${p.round.id} was published already (import batch ${p.batchId ?? 'none'}); nothing new stored`
            : p.batchId === null
              ? `published survey round ${p.round.id}: ${counts}; all equal to the figures already stored`
              : `published survey round ${p.round.id} as import batch ${p.batchId}: ${counts}`,
        );
      });
    });

  survey
    .command('export')
    .description(
      'write a round’s raw answers as CSV for Excel or as XLSX (administrators only; recorded in the audit log)',
    )
    .argument('<round>', 'the round id')
    .option('--format <format>', 'csv or xlsx', 'csv')
    .requiredOption('--out <file>', 'where to write it')
    .action(async (roundId: string, opts: { out: string; format: string }) => {
      if (opts.format !== 'csv' && opts.format !== 'xlsx')
        throw new InvalidInputError(`--format: expected csv or xlsx, got "${opts.format}"`);
      const format = opts.format;
      await inDatabase(async (database) => {
        const content =
          format === 'xlsx'
            ? await exportAnswersXlsx(ctx(database), roundId)
            : await exportAnswers(ctx(database), roundId);
        const out = inCwd(opts.out);
        await writeFile(out, content, { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
          throw new InvalidInputError(
            e.code === 'EEXIST' ? `${out} exists already; choose another with --out` : `${out}: ${e.message}`,
          );
        });
        io.out(`wrote ${out}`);
      });
    });

  survey
    .command('purge')
    .description(
      'delete the raw answers and the recipients’ names and e-mail addresses of rounds published more than SURVEY_RETENTION_DAYS days ago (or of one published round with --round); the published figures stay',
    )
    .option('--round <id>', 'one published round, whatever its age')
    .option('--dry-run', 'only list what would be deleted')
    .action(async (opts: { round?: string; dryRun?: boolean }) => {
      await inDatabase(async (database) => {
        const dryRun = opts.dryRun === true;
        const days = config().survey.retentionDays;
        const rounds = opts.round
          ? [await purgeSurveyRound(ctx(database), opts.round, { dryRun })]
          : (await purgeExpiredSurveys(ctx(database), { retentionDays: days, dryRun })).rounds;
        if (rounds.length === 0) io.out(`no published round is older than ${days} days; nothing to delete`);
        for (const r of rounds) {
          const what = `${r.counts.answers} answers, the contact data of ${r.counts.recipients} recipients and ${r.counts.deliveries} delivery log entries`;
          io.out(
            dryRun
              ? `survey round ${r.id} "${r.name}" (published ${r.publishedAt.toISOString().slice(0, 10)}): would delete ${what}`
              : `survey round ${r.id} "${r.name}": deleted ${what}; its published figures are kept`,
          );
        }
      });
    });
}
