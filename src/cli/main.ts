// The `pejlemaerke` command-line tool: serve, migrate, and the strategy commands. Errors go to stderr with
// what went wrong and where, and a documented exit code.
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { cliActor } from '../domain/access/index.ts';
import { allInterventions, formatDefinitionError } from '../domain/strategy/index.ts';
import { ConfigError, readConfig } from '../platform/config.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../service/errors.ts';
import {
  importIndicatorFile,
  indicatorTemplate,
  readIndicatorFileFromDisk,
} from '../service/indicator-file.ts';
import { deriveLoadedIndicators, describeDerivation } from '../service/indicator-derive.ts';
import { importStatbankFile } from '../service/statbank-file.ts';
import { JobindsatsError } from '../sources/jobindsats/index.ts';
import {
  CLI_MAX_ROWS_SETTING,
  StatbankRequestError,
  StatbankUnavailableError,
} from '../sources/statbank/index.ts';
import { UddannelsesstatistikError } from '../sources/uddannelsesstatistik/index.ts';
import { setDefaultErr } from './progress.ts';
import {
  getStrategy,
  listStrategies,
  loadDefinitionFile,
  readDefinitionFile,
} from '../service/strategies.ts';
import { DatabaseUnavailableError, type Database } from '../store/database.ts';
import { MigrationError } from '../store/migrate.ts';
import { exitCodes, exitCodesHelp } from './exit-codes.ts';
import { forwardToServer } from './forward.ts';
import { registerRefreshCommand } from './refresh.ts';
import { registerEvaluationCommands, ReportEnvironmentError } from './evaluation.ts';
import { registerSurveyCommands } from './survey.ts';
import { MailEnvironmentError, registerFollowupCommands } from './followup.ts';
import type { MailSettings } from '../platform/mail-settings.ts';
import { attachDatabase, withDatabase } from './runtime.ts';
import { PortInUseError } from './port-in-use.ts';
import { promptHidden, registerUserCommands } from './users.ts';

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Called with the running server so `serve` can be stopped by a signal (or by a test). */
  readonly onServe?: (stop: () => Promise<void>) => void;
  /** Asks for a secret without echoing it; absent when there is no terminal to ask in. */
  readonly readSecret?: (prompt: string) => Promise<string>;
  /** Set when the command runs inside the server: its open database, and the working directory of the command. */
  readonly database?: Database;
  readonly cwd?: string;
  /** Set when the command runs inside the server: the server's mail settings. */
  readonly mail?: MailSettings;
}

const defaultIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
  ...(process.stdin.isTTY && { readSecret: promptHidden }),
};
setDefaultErr(defaultIo.err);

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  // Beside a running server on the same data directory, a command that uses the database runs inside it.
  try {
    const forwarded = await forwardToServer(argv, io);
    if (forwarded !== undefined) return forwarded;
  } catch (e) {
    return reportError(e, io);
  }
  let code: number = exitCodes.ok;
  const program = new Command()
    .name('pejlemaerke')
    .description('Pejlemærke: follow-up of a municipal strategy — its indicators, gaps and interventions')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run "pejlemaerke --help" for usage)')
    .addHelpText('after', exitCodesHelp);

  const config = () => attachDatabase(readConfig(io.env), io.database);
  /** A file named on the command line, read where the command was started (which, inside the server, is not here). */
  const inCwd = (file: string) => (io.cwd ? path.resolve(io.cwd, file) : file);

  program
    .command('serve')
    .description('start the web application (embedded database in DATA_DIR unless DATABASE_URL is set)')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      const env = opts.port === undefined ? io.env : { ...io.env, PORT: opts.port };
      const c = readConfig(env);
      // The web application is loaded for `serve` alone: the other commands start faster without it, and its
      // request context (AsyncLocalStorage) would otherwise slow every await of a long import.
      const { startServer } = await import('./serve.ts');
      const server = await startServer(c, io.out);
      const { openServerCommandSocket } = await import('./command-socket.ts');
      const commands = await openServerCommandSocket(server.database, (args, forwarded) =>
        main(['node', 'pejlemaerke', ...args], { ...forwarded, database: server.database, mail: c.mail }),
      ).catch(async (e: unknown) => {
        await server.close();
        throw e;
      });
      io.out(
        `Pejlemærke kører på ${server.url} (${server.database.kind === 'embedded' ? `indlejret database i ${server.database.location}` : `PostgreSQL ${server.database.location}`})`,
      );
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await commands?.close();
        await server.close();
      };
      if (io.onServe) io.onServe(stop);
      else {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
      }
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      await withDatabase(config(), async (database) => {
        io.out(`databasen er opdateret (${database.kind === 'embedded' ? database.location : 'PostgreSQL'})`);
      });
    });

  const strategy = program.command('strategy').description('validate, load and list strategy definitions');

  strategy
    .command('validate')
    .description('check definition files without storing anything')
    .argument('<files...>', 'definition files (YAML)')
    .action(async (files: string[]) => {
      for (const file of files) {
        const result = await readDefinitionFile(file);
        if (result.ok) {
          const d = result.definition;
          const indicators = d.areas.reduce((n, a) => n + a.indicators.length, 0);
          const interventions = allInterventions(d).length;
          const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
          io.out(
            `${file}: ok — ${d.title}: ${n(d.areas.length, 'area')}, ${n(indicators, 'indicator')}, ${n(interventions, 'intervention')}`,
          );
        } else {
          for (const e of result.errors) io.err(formatDefinitionError(e));
          code = exitCodes.invalidInput;
        }
      }
    });

  strategy
    .command('load')
    .description(
      'validate a definition file and store it as a new version (the same content twice changes nothing)',
    )
    .argument('<file>', 'definition file (YAML)')
    .action(async (file: string) => {
      await withDatabase(config(), async (database) => {
        const outcome = await loadDefinitionFile(
          { database, actor: cliActor(currentUser()), now: () => new Date() },
          inCwd(file),
        );
        const v = outcome.version;
        if (outcome.status === 'unchanged') io.out(`${v.strategyId}: unchanged, still version ${v.version}`);
        else if (outcome.status === 'created') io.out(`${v.strategyId}: loaded as version 1`);
        else {
          io.out(
            `${v.strategyId}: loaded as version ${v.version} (${outcome.changes.length} changes from version ${v.version - 1})`,
          );
          for (const c of outcome.changes.slice(0, 20)) io.out(`  ${c.kind} ${c.path}`);
          if (outcome.changes.length > 20) io.out(`  … and ${outcome.changes.length - 20} more`);
        }
      });
    });

  strategy
    .command('list')
    .description('list the strategies and their current versions')
    .action(async () => {
      await withDatabase(config(), async (database) => {
        const list = await listStrategies(database);
        if (list.length === 0) io.out('no strategies loaded');
        for (const s of list)
          io.out(`${s.strategyId}\tversion ${s.version}\t${s.loadedAt.toISOString()}\t${s.title}`);
      });
    });

  const importCmd = program.command('import').description('import figures from files');

  /** The strategy a command means: the one given, or the only one loaded. */
  const chooseStrategy = async (database: Parameters<typeof getStrategy>[0], wanted: string | undefined) => {
    const list = await listStrategies(database);
    const id = wanted ?? (list.length === 1 ? list[0]?.strategyId : undefined);
    if (!id)
      throw new InvalidInputError(
        list.length === 0
          ? 'no strategy is loaded'
          : 'several strategies are loaded; choose one with --strategy',
      );
    const s = await getStrategy(database, id);
    if (!s)
      throw new InvalidInputError(`no strategy "${id}"; loaded: ${list.map((x) => x.strategyId).join(', ')}`);
    return s;
  };

  importCmd
    .command('indicator', { isDefault: true })
    .description('import a filled indicator template (CSV or XLSX), all or nothing')
    .argument('<file>', 'the filled template')
    .requiredOption('--indicator <id>', 'the indicator the figures belong to')
    .option('--strategy <id>', 'the strategy (default: the only one loaded)')
    .action(async (file: string, opts: { indicator: string; strategy?: string }) => {
      await withDatabase(config(), async (database) => {
        const ctx = { database, actor: cliActor(currentUser()), now: () => new Date() };
        const s = await chooseStrategy(database, opts.strategy);
        const o = await importIndicatorFile(
          ctx,
          s.definition,
          opts.indicator,
          await readIndicatorFileFromDisk(inCwd(file)),
        );
        io.out(
          o.status === 'unchanged'
            ? `${file}: ${o.received} rows read; all equal to the figures already stored — nothing new imported`
            : `${file}: ${o.received} rows read; ${o.stored} stored as import batch ${o.batchId} (${o.unchanged} unchanged)`,
        );
      });
    });

  program
    .command('template')
    .description(
      'write the import template of an indicator (XLSX with instructions, or CSV for Danish Excel)',
    )
    .argument('<indicator>', 'the indicator id')
    .option('--format <format>', 'xlsx or csv', 'xlsx')
    .option('--out <file>', 'where to write it (default: a file name that names the indicator)')
    .option('--strategy <id>', 'the strategy (default: the only one loaded)')
    .action(async (id: string, opts: { format: string; out?: string; strategy?: string }) => {
      if (opts.format !== 'xlsx' && opts.format !== 'csv')
        throw new InvalidInputError(`--format must be xlsx or csv, not "${opts.format}"`);
      const format = opts.format;
      await withDatabase(config(), async (database) => {
        const s = await chooseStrategy(database, opts.strategy);
        const tpl = await indicatorTemplate(s.definition, id, format);
        const out = inCwd(opts.out ?? tpl.fileName);
        await writeFile(out, tpl.bytes, { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
          throw new InvalidInputError(
            e.code === 'EEXIST' ? `${out} exists already; choose another with --out` : `${out}: ${e.message}`,
          );
        });
        io.out(`wrote ${out}`);
      });
    });

  importCmd
    .command('statbank')
    .description(
      'import a response saved from the StatBank API (JSON-stat or CSV), as a refresh would store it',
    )
    .argument('<file>', 'the saved response')
    .option(
      '--table <id>',
      'the StatBank table, e.g. FOLK1E (read from a JSON-stat file when absent; required for CSV)',
    )
    .option(
      '--unit <unit>',
      "the unit of a CSV response's figures, e.g. pct. (a JSON-stat response names its own; default: the unit of the figures stored for the table, else number)",
    )
    .action(async (file: string, opts: { table?: string; unit?: string }) => {
      await withDatabase(config(), async (database) => {
        const ctx = { database, actor: cliActor(currentUser()), now: () => new Date() };
        const started = performance.now();
        const { cliMaxRows, ...bounds } = config().statbank;
        const limits = { ...bounds, maxRows: cliMaxRows, rowSetting: CLI_MAX_ROWS_SETTING };
        const outcome = await importStatbankFile(ctx, inCwd(file), {
          table: opts.table,
          unit: opts.unit,
          limits,
        });
        const took = `in ${((performance.now() - started) / 1000).toFixed(2)} s`;
        io.out(
          outcome.status === 'unchanged'
            ? `${file}: ${outcome.received} rows read ${took}; all equal to the figures already stored — nothing new imported`
            : `${file}: ${outcome.received} rows read ${took}; ${outcome.stored} stored as import batch ${outcome.batchId} (${outcome.unchanged} unchanged)`,
        );
        for (const d of await deriveLoadedIndicators(ctx, [outcome.table])) io.out(describeDerivation(d));
      });
    });

  registerRefreshCommand(program, io, config, currentUser);
  registerUserCommands(program, io, config, currentUser);
  registerEvaluationCommands(program, io, config, currentUser, inCwd);
  registerSurveyCommands(program, io, config, currentUser, inCwd);
  registerFollowupCommands(program, io, config, currentUser);

  try {
    await program.parseAsync([...argv], { from: 'node' });
    return code;
  } catch (e) {
    return reportError(e, io);
  }
}

function reportError(e: unknown, io: Io): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
      return exitCodes.ok;
    return exitCodes.usage;
  }
  if (e instanceof InvalidInputError) {
    io.err(`error: ${excerpt(e.message)}`);
    // A refusal quotes at most the first 50 reasons, each at most 120 characters.
    for (const d of e.details.slice(0, 50)) io.err(excerpt(d));
    if (e.details.length > 50) io.err(`… and ${e.details.length - 50} more`);
    return exitCodes.invalidInput;
  }
  if (e instanceof StatbankUnavailableError) {
    io.err(`error: ${e.message}; no figures were changed`);
    return exitCodes.environment;
  }
  if (e instanceof StatbankRequestError) {
    io.err(`error: ${e.message}; no figures were changed`);
    return exitCodes.invalidInput;
  }
  if (e instanceof JobindsatsError || e instanceof UddannelsesstatistikError) {
    io.err(`error: ${e.message}; no figures were changed`);
    for (const p of e.problems.slice(0, 10)) io.err(p);
    // The key, the address and the network are the environment; an answer or query that cannot be used is input.
    if (e.reason === 'no-key' || e.reason === 'bad-key' || e.reason === 'unreachable')
      return exitCodes.environment;
    if (e.reason === 'http' && (e.status ?? 0) >= 500) return exitCodes.environment;
    return exitCodes.invalidInput;
  }
  if (e instanceof NotFoundError) {
    io.err(`error: ${e.message}`);
    return exitCodes.invalidInput;
  }
  if (e instanceof ForbiddenError) {
    io.err(`error: ${e.message}`);
    return exitCodes.invalidInput;
  }
  if (e instanceof MailEnvironmentError) {
    io.err(`error: ${e.message}`);
    return exitCodes.environment;
  }
  if (e instanceof ReportEnvironmentError) {
    io.err(`error: ${e.message}`);
    return exitCodes.environment;
  }
  if (
    e instanceof ConfigError ||
    e instanceof DatabaseUnavailableError ||
    e instanceof PortInUseError ||
    e instanceof MigrationError
  ) {
    io.err(`error: ${e.message}`);
    return exitCodes.environment;
  }
  io.err(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return exitCodes.internal;
}

function excerpt(line: string): string {
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}
