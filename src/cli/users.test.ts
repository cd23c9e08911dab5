// `pejlemaerke users …` on both databases: add, list, disable, reset, with the password from the
// environment (or a prompt), and the refusals with their exit codes.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServerDatabase } from '../../test/support/databases.ts';
import { exitCodes } from './exit-codes.ts';
import { main } from './main.ts';

async function run(args: string[], env: NodeJS.ProcessEnv, readSecret?: (p: string) => Promise<string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'pejlemaerke', ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    ...(readSecret && { readSecret }),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let dataDir: string;
let dbUrl: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'users-cli-'));
  dbUrl = await createServerDatabase();
});

const password = { PEJLEMAERKE_PASSWORD: 'en-lang-nok-adgangskode' };

describe.each([
  { name: 'embedded', env: () => ({ DATA_DIR: dataDir, SEED: '0' }) },
  { name: 'postgresql', env: () => ({ DATABASE_URL: dbUrl }) },
])('users on $name', ({ env }) => {
  it('says how to create the first administrator when there are no users', async () => {
    const r = await run(['users', 'list'], env());
    expect(r.code).toBe(exitCodes.ok);
    expect(r.out).toMatch(/pejlemaerke users add <email> --name <name> --role admin/);
  });

  it('adds an administrator with the password from PEJLEMAERKE_PASSWORD and lists them', async () => {
    const r = await run(['users', 'add', 'Admin@Ballerup.dk', '--name', 'Anne Admin', '--role', 'admin'], {
      ...env(),
      ...password,
    });
    expect(r.code).toBe(exitCodes.ok);
    expect(r.out).toBe('added Admin@Ballerup.dk (admin)');
    const list = await run(['users', 'list'], env());
    expect(list.out).toMatch(/^Admin@Ballerup\.dk\tAnne Admin\tadmin\t-\tactive\tpassword\t\d{4}-/);
    expect(list.out).not.toMatch(/argon2|en-lang-nok/);
  });

  it('asks in a terminal when the variable is not set, and refuses two different answers', async () => {
    const answers = ['spurgt-i-terminalen', 'spurgt-i-terminalen'];
    const r = await run(
      ['users', 'add', 'laeser@ballerup.dk', '--name', 'Læser', '--role', 'reader'],
      env(),
      async () => answers.shift() as string,
    );
    expect(r.code).toBe(exitCodes.ok);
    const differ = ['en-adgangskode-her', 'en-anden-her-igen'];
    const bad = await run(
      ['users', 'add', 'x@ballerup.dk', '--name', 'X', '--role', 'reader'],
      env(),
      async () => differ.shift() as string,
    );
    expect(bad.code).toBe(exitCodes.invalidInput);
    expect(bad.err).toMatch(/the two passwords differ/);
  });

  it('refuses a short password, a missing password source, a bad role and a duplicate, with the right codes', async () => {
    const short = await run(['users', 'add', 'kort@ballerup.dk', '--name', 'K', '--role', 'reader'], {
      ...env(),
      PEJLEMAERKE_PASSWORD: 'elleve-tegn',
    });
    expect(short.code).toBe(exitCodes.invalidInput);
    expect(short.err).toMatch(/at least 12 characters/);
    const none = await run(['users', 'add', 'ingen@ballerup.dk', '--name', 'I', '--role', 'reader'], env());
    expect(none.code).toBe(exitCodes.usage);
    expect(none.err).toMatch(/set PEJLEMAERKE_PASSWORD/);
    const role = await run(['users', 'add', 'r@ballerup.dk', '--name', 'R', '--role', 'owner'], {
      ...env(),
      ...password,
    });
    expect(role.code).toBe(exitCodes.usage);
    expect(role.err).toMatch(/Allowed choices are admin, editor, reader/);
    expect(
      (await run(['users', 'add', 'r@ballerup.dk', '--role', 'reader'], { ...env(), ...password })).code,
    ).toBe(exitCodes.usage);
    const twice = await run(['users', 'add', 'ADMIN@ballerup.dk', '--name', 'A', '--role', 'admin'], {
      ...env(),
      ...password,
    });
    expect(twice.code).toBe(exitCodes.invalidInput);
    expect(twice.err).toMatch(/email: is already used by another account/);
  });

  it('refuses an editor without a centre, and a centre no strategy knows', async () => {
    const noCentre = await run(['users', 'add', 'ed@ballerup.dk', '--name', 'Ed', '--role', 'editor'], {
      ...env(),
      ...password,
    });
    expect(noCentre.code).toBe(exitCodes.invalidInput);
    expect(noCentre.err).toMatch(/an editor needs at least one centre/);
    const unknown = await run(
      ['users', 'add', 'ed@ballerup.dk', '--name', 'Ed', '--role', 'editor', '--centre', 'center-for-intet'],
      { ...env(), ...password },
    );
    expect(unknown.code).toBe(exitCodes.invalidInput);
    expect(unknown.err).toMatch(/unknown organisational unit "center-for-intet"/);
  });

  it('resets a password and disables a user; an unknown user is an input error', async () => {
    const reset = await run(['users', 'reset', 'laeser@ballerup.dk'], {
      ...env(),
      PEJLEMAERKE_PASSWORD: 'en-ny-adgangskode-1',
    });
    expect(reset.code).toBe(exitCodes.ok);
    expect(reset.out).toMatch(/new password set for laeser@ballerup\.dk; 0 open session\(s\) ended/);
    const disable = await run(['users', 'disable', 'laeser@ballerup.dk'], env());
    expect(disable.out).toMatch(/disabled laeser@ballerup\.dk; 0 open session\(s\) ended/);
    expect((await run(['users', 'list'], env())).out).toMatch(
      /laeser@ballerup\.dk\tLæser\treader\t-\tdisabled/,
    );
    const unknown = await run(['users', 'disable', 'nobody@ballerup.dk'], env());
    expect(unknown.code).toBe(exitCodes.invalidInput);
    expect(unknown.err).toMatch(/no such user/);
  });
});
