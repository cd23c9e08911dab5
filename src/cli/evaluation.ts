// `pejlemaerke evaluation open|freeze|decide|list` and `pejlemaerke report evaluation`: the biennial evaluation
// from the command line. `open` ends with the new round's id alone on its last line, for scripts.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { cliActor } from '../domain/access/index.ts';
import { chromiumSettings, ChromiumSettingError } from '../platform/chromium.ts';
import type { Config } from '../platform/config.ts';
import {
  produceReportDocx,
  produceReportHtml,
  produceReportPdf,
  type PresenterFor,
} from '../reports/evaluation-report.ts';
import { PdfRendererError } from '../reports/pdf.ts';
import { ConflictError, InvalidInputError } from '../service/errors.ts';
import { decideEvaluation, listEvaluations, openEvaluation } from '../service/evaluations.ts';
import { freezeWithReport } from '../reports/evaluation-report.ts';
import { getStrategy, listStrategies } from '../service/strategies.ts';
import type { Database } from '../store/database.ts';
import { reportPresenter } from '../web/report-presenter.ts';
import type { Io } from './main.ts';
import { withDatabase } from './runtime.ts';

/** Raised for Chromium that is missing or fails: the environment, not the input (exit code 3). */
export class ReportEnvironmentError extends Error {
  override readonly name = 'ReportEnvironmentError';
}

const presenterFor: PresenterFor = (model) => reportPresenter(model.municipality, model.strategyPeriod);

export function registerEvaluationCommands(
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
      if (e instanceof PdfRendererError || e instanceof ChromiumSettingError)
        throw new ReportEnvironmentError(e.message);
      throw e;
    }
  };
  const strategyId = async (database: Database, wanted: string | undefined) => {
    const list = await listStrategies(database);
    const id = wanted ?? (list.length === 1 ? list[0]?.strategyId : undefined);
    if (!id)
      throw new InvalidInputError(
        list.length === 0
          ? 'no strategy is loaded'
          : 'several strategies are loaded; choose one with --strategy',
      );
    if (!(await getStrategy(database, id)))
      throw new InvalidInputError(`no strategy "${id}"; loaded: ${list.map((x) => x.strategyId).join(', ')}`);
    return id;
  };

  const evaluation = program
    .command('evaluation')
    .description('open, freeze and decide the biennial evaluation rounds');
  evaluation
    .command('open')
    .description('open an evaluation round for a period; prints the round id on the last line')
    .requiredOption('--name <text>', 'the round’s name, e.g. "Evaluering 2021–2023"')
    .requiredOption('--from <date>', 'the first day of the period covered (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'the last day of the period covered (YYYY-MM-DD)')
    .option('--strategy <id>', 'the strategy (default: the only one loaded)')
    .action(async (opts: { name: string; from: string; to: string; strategy?: string }) => {
      await withDatabase(config(), async (database) => {
        const id = await strategyId(database, opts.strategy);
        const round = await openEvaluation(ctx(database), id, opts);
        io.out(
          `opened evaluation round "${round.name}" (${round.periodFrom} – ${round.periodTo}) of ${id} version ${round.strategyVersion}`,
        );
        io.out(round.id);
      });
    });
  evaluation
    .command('freeze')
    .description('freeze a round: pin the data its report stands on and keep the report’s content hash')
    .argument('<round>', 'the round id')
    .action(async (roundId: string) => {
      await withDatabase(config(), async (database) =>
        asInput(async () => {
          const { round, contentSha256 } = await freezeWithReport(ctx(database), roundId);
          io.out(`froze evaluation round ${round.id} "${round.name}" at ${round.frozenAt?.toISOString()}`);
          io.out(`report content SHA-256 ${contentSha256}`);
        }),
      );
    });
  evaluation
    .command('decide')
    .description('record the committee’s decision on a frozen round')
    .argument('<round>', 'the round id')
    .requiredOption('--date <date>', 'the date of the meeting (YYYY-MM-DD)')
    .requiredOption('--text <text>', 'the decision')
    .option('--strategy-version <n>', 'the strategy version that followed the decision')
    .action(async (roundId: string, opts: { date: string; text: string; strategyVersion?: string }) => {
      const version = opts.strategyVersion === undefined ? undefined : Number(opts.strategyVersion);
      if (version !== undefined && !Number.isInteger(version))
        throw new InvalidInputError(
          `--strategy-version must be a whole number, not "${opts.strategyVersion}"`,
        );
      await withDatabase(config(), async (database) =>
        asInput(async () => {
          const round = await decideEvaluation(ctx(database), roundId, { ...opts, strategyVersion: version });
          io.out(`recorded the decision of ${round.decisionDate} on evaluation round ${round.id}`);
        }),
      );
    });
  evaluation
    .command('list')
    .description('list the evaluation rounds, newest first')
    .action(async () => {
      await withDatabase(config(), async (database) => {
        const rounds = await listEvaluations(database);
        if (rounds.length === 0) io.out('no evaluation rounds');
        for (const r of rounds)
          io.out(`${r.id}\t${r.state}\t${r.periodFrom} – ${r.periodTo}\t${r.strategyId}\t${r.name}`);
      });
    });

  const report = program.command('report').description('produce reports');
  report
    .command('evaluation')
    .description(
      'produce an evaluation round’s report (PDF, Word document, or the HTML the PDF is printed from)',
    )
    .requiredOption('--round <id>', 'the round id')
    .option('--format <format>', 'pdf, docx or html', 'pdf')
    .requiredOption('--out <file>', 'where to write it')
    .action(async (opts: { round: string; format: string; out: string }) => {
      if (opts.format !== 'pdf' && opts.format !== 'docx' && opts.format !== 'html')
        throw new InvalidInputError(`--format must be pdf, docx or html, not "${opts.format}"`);
      const format = opts.format;
      await withDatabase(config(), async (database) =>
        asInput(async () => {
          const started = performance.now();
          const out = inCwd(opts.out);
          if (format === 'pdf') {
            const pdf = await produceReportPdf(
              ctx(database),
              opts.round,
              presenterFor,
              chromiumSettings(io.env),
            );
            await writeOut(out, pdf.bytes);
            io.out(
              `wrote ${out} (${pdf.bytes.byteLength} bytes, SHA-256 ${pdf.sha256}) in ${((performance.now() - started) / 1000).toFixed(2)} s`,
            );
            io.out(`report content SHA-256 ${pdf.contentSha256}${pdf.model.draft ? ' (draft)' : ''}`);
          } else if (format === 'docx') {
            const docx = await produceReportDocx(ctx(database), opts.round, presenterFor);
            await writeOut(out, docx.bytes);
            if (docx.chartsMissing)
              io.err(
                `warning: the document has no chart pictures (${docx.chartsMissing}); it says so on its front page`,
              );
            io.out(
              `wrote ${out} (${docx.bytes.byteLength} bytes, SHA-256 ${docx.sha256}) in ${((performance.now() - started) / 1000).toFixed(2)} s`,
            );
            io.out(`report content SHA-256 ${docx.contentSha256}${docx.model.draft ? ' (draft)' : ''}`);
          } else {
            const html = await produceReportHtml(ctx(database), opts.round, presenterFor);
            await writeOut(out, Buffer.from(html.html));
            io.out(`wrote ${out}`);
            io.out(`report content SHA-256 ${html.contentSha256}${html.model.draft ? ' (draft)' : ''}`);
          }
        }),
      );
    });
}

async function writeOut(file: string, bytes: Buffer): Promise<void> {
  await writeFile(file, bytes).catch((e: NodeJS.ErrnoException) => {
    throw new InvalidInputError(`${file}: ${e.message}`);
  });
}
