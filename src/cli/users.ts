// `pejlemaerke users …`: add, disable, reset and list the people who may log in. The operator at the
// console acts as the `cli` actor; every change is in the audit log. A password comes from
// PEJLEMAERKE_PASSWORD or, in a terminal, from a prompt that does not echo — never from the command line,
// where it would end up in the shell history and the process list.
import { Option, type Command } from 'commander';
import { cliActor, type Role } from '../domain/access/index.ts';
import type { Config } from '../platform/config.ts';
import { addUser, disableUser, listUsers, resetPassword } from '../service/accounts.ts';
import { accountLimits } from '../service/accounts.ts';
import { listCentres } from '../service/centres.ts';
import { InvalidInputError } from '../service/errors.ts';
import type { Io } from './main.ts';
import { withDatabase } from './runtime.ts';

export function registerUserCommands(
  program: Command,
  io: Io,
  config: () => Config,
  currentUser: () => string,
): void {
  const users = program.command('users').description('add, disable, reset and list users');
  const ctx = (database: Parameters<Parameters<typeof withDatabase>[1]>[0]) => ({
    database,
    actor: cliActor(currentUser()),
    now: () => new Date(),
  });

  const readPassword = async (cmd: Command): Promise<string> => {
    const fromEnv = io.env.PEJLEMAERKE_PASSWORD;
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    if (!io.readSecret)
      cmd.error(
        'error: no password: set PEJLEMAERKE_PASSWORD, or run the command in a terminal to be asked for it',
        { exitCode: 2 },
      );
    const first = await io.readSecret('Adgangskode: ');
    const again = await io.readSecret('Gentag adgangskoden: ');
    if (first !== again) throw new InvalidInputError('the two passwords differ; nothing was stored');
    return first;
  };

  const checkPasswordLength = (password: string) => {
    if ([...password].length < accountLimits.passwordMin)
      throw new InvalidInputError(
        `the password is too short: at least ${accountLimits.passwordMin} characters; nothing was stored`,
      );
  };

  users
    .command('add')
    .description('add a user who logs in with e-mail and password')
    .argument('<email>', 'the login name, e.g. anne@ballerup.dk (any case; unique)')
    .requiredOption('--name <name>', 'the name shown in the header and the audit log')
    .addOption(
      new Option('--role <role>', 'admin (coordinator), editor (tovholder) or reader')
        .choices(['admin', 'editor', 'reader'])
        .makeOptionMandatory(),
    )
    .option(
      '--centre <id>',
      'for an editor: the id of a unit of the organisation (a centre, a committee, …) from a loaded strategy definition (repeat for several)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .action(async (email: string, opts: { name: string; role: Role; centre: string[] }, cmd: Command) => {
      const password = await readPassword(cmd);
      checkPasswordLength(password);
      await withDatabase(config(), async (database) => {
        if (opts.centre.length > 0) {
          const known = await listCentres(database);
          const unknown = opts.centre.filter((c) => !known.some((k) => k.id === c));
          if (unknown.length > 0)
            throw new InvalidInputError(
              `unknown organisational unit ${unknown.map((c) => JSON.stringify(c)).join(', ')}; nothing was stored`,
              [`known units: ${known.map((k) => k.id).join(', ') || '(none: load a strategy first)'}`],
            );
        }
        const user = await addUser(ctx(database), {
          email,
          displayName: opts.name,
          roles: [opts.role],
          centres: opts.centre,
          password,
        });
        io.out(
          `added ${user.email} (${user.roles.join(', ')}${user.centres.length ? `: ${user.centres.join(', ')}` : ''})`,
        );
      });
    });

  users
    .command('disable')
    .description('disable a user and end all their sessions at once')
    .argument('<email>', 'the login name')
    .action(async (email: string) => {
      await withDatabase(config(), async (database) => {
        const { user, sessionsEnded } = await disableUser(ctx(database), { email });
        io.out(`disabled ${user.email}; ${sessionsEnded} open session(s) ended`);
      });
    });

  users
    .command('reset')
    .description('set a new password (lifts a lock, ends all their sessions)')
    .argument('<email>', 'the login name')
    .action(async (email: string, _opts: unknown, cmd: Command) => {
      const password = await readPassword(cmd);
      checkPasswordLength(password);
      await withDatabase(config(), async (database) => {
        const { user, sessionsEnded } = await resetPassword(ctx(database), { email }, password);
        io.out(`new password set for ${user.email}; ${sessionsEnded} open session(s) ended`);
      });
    });

  users
    .command('list')
    .description('list the users: e-mail, name, roles, centres, status, created')
    .action(async () => {
      await withDatabase(config(), async (database) => {
        const list = await listUsers(ctx(database));
        if (list.length === 0)
          io.out(
            'no users; add the first administrator with: pejlemaerke users add <email> --name <name> --role admin',
          );
        const now = Date.now();
        for (const u of list) {
          const status = u.disabledAt
            ? 'disabled'
            : u.lockedUntil && u.lockedUntil.getTime() > now
              ? `locked until ${u.lockedUntil.toISOString()}`
              : 'active';
          io.out(
            [
              u.email,
              u.displayName,
              u.roles.join(','),
              u.centres.join(',') || '-',
              status,
              u.oidcSubject ? 'oidc' : 'password',
              u.createdAt.toISOString(),
            ].join('\t'),
          );
        }
      });
    });
}

/** Reads a line from the terminal without showing it. */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let value = '';
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const c of chunk) {
        if (c === '\r' || c === '\n') return finish();
        if (c === '\u0003') return finish(new InvalidInputError('cancelled; nothing was stored'));
        if (c === '\u007f' || c === '\b') value = value.slice(0, -1);
        else value += c;
      }
    };
    input.on('data', onData);
  });
}
