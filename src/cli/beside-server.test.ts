// The command line beside a running server, all real processes: `node bin/pejlemaerke.js serve` on a
// temporary DATA_DIR, and every command that writes run as a process of its own beside it. Each runs inside the
// server; nothing is lost (a user added beside the server logs in at once and is still there after the server
// stopped), every answer is clear, and a second process never opens the directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile, ballerupId, repoRoot } from '../../test/support/app.ts';
import { lockFolderName, parseHolder, startTimeOf } from '../store/data-dir-lock.ts';
import { openDatabase } from '../store/database.ts';
import { exitCodes } from './exit-codes.ts';

const bin = path.join(repoRoot, 'bin', 'pejlemaerke.js');
const statbankFixtures = path.join(repoRoot, 'src', 'sources', 'statbank', 'fixtures', 'derived');
const password = 'rigtig-hemmelig-2026';
const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), LANG: 'C.UTF-8' };

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A `pejlemaerke` command as its own process; resolves when it has ended. */
function cli(args: string[], env: Record<string, string>, cwd = repoRoot): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...baseEnv, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `serve` as a process; resolves once it says where it listens (or rejects with what it said on ending). */
function startServe(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd: repoRoot,
    env: { ...baseEnv, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SEED: '0' },
  });
  return new Promise((resolve, reject) => {
    let said = '';
    child.stdout.on('data', (b: Buffer) => {
      said += b.toString();
      if (said.includes('Pejlemærke kører på')) resolve(child);
    });
    child.stderr.on('data', (b: Buffer) => (said += b.toString()));
    child.on('exit', (code) => reject(new Error(`serve ended with ${code}: ${said}`)));
  });
}

function stopped(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Logs in through the real form over HTTP, as a browser does; the status of the form's answer. */
async function login(base: string, email: string, pass = password): Promise<number> {
  const page = await fetch(`${base}/log-ind`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${base}/log-ind`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password: pass }).toString(),
  });
  return res.status;
}

/** Sends raw bytes to a command socket and returns everything it answers. */
function rawExchange(socketPath: string, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = connect(socketPath);
    let answer = '';
    conn.on('connect', () => conn.write(bytes));
    conn.on('data', (b: Buffer) => (answer += b.toString()));
    conn.on('error', reject);
    conn.on('close', () => resolve(answer));
  });
}

describe('the command line beside a running server', () => {
  let dataDir: string;
  let base: string;
  let serve: ChildProcess;
  let env: Record<string, string>;
  let batchId: number;

  beforeAll(async () => {
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'beside-')), 'data');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { DATA_DIR: dataDir };
    serve = await startServe(dataDir, port);
  });

  afterAll(async () => {
    if (serve.exitCode === null) await stopped(serve, 'SIGKILL');
  });

  it('adds the first administrator, who can log in over HTTP at once', async () => {
    const r = await cli(['users', 'add', 'anne@ballerup.dk', '--name', 'Anne Andersen', '--role', 'admin'], {
      ...env,
      PEJLEMAERKE_PASSWORD: password,
    });
    expect(r).toMatchObject({ code: exitCodes.ok, stdout: 'added anne@ballerup.dk (admin)\n' });
    expect(await login(base, 'anne@ballerup.dk')).toBe(303);
  });

  it('queues several commands sent at once and runs each', async () => {
    const results = await Promise.all(
      ['b', 'c', 'd'].map((n) =>
        cli(['users', 'add', `${n}@ballerup.dk`, '--name', `Bruger ${n}`, '--role', 'reader'], {
          ...env,
          PEJLEMAERKE_PASSWORD: password,
        }),
      ),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(exitCodes.ok);
    const list = await cli(['users', 'list'], env);
    expect(list.code).toBe(exitCodes.ok);
    expect(list.stdout.split('\n').filter((l) => l.endsWith('Z'))).toHaveLength(4);
  });

  it('answers a duplicate, a bad role and a missing password clearly, and stores nothing', async () => {
    // Sent together: the server queues them.
    const [dup, role, noPassword] = await Promise.all([
      cli(['users', 'add', 'b@ballerup.dk', '--name', 'B', '--role', 'reader'], {
        ...env,
        PEJLEMAERKE_PASSWORD: password,
      }),
      cli(['users', 'add', 'e@ballerup.dk', '--name', 'E', '--role', 'boss'], env),
      cli(['users', 'add', 'e@ballerup.dk', '--name', 'E', '--role', 'reader'], env),
    ]);
    expect(dup.code).toBe(exitCodes.invalidInput);
    expect(dup.stderr).toMatch(/^error: the account was refused; nothing was stored\nemail: is already used/);
    expect(dup.stderr).not.toMatch(/internal error|at .*\.ts:/);
    expect(role.code).toBe(exitCodes.usage);
    expect(role.stderr).toMatch(/--role.*boss/);
    expect(noPassword.code).toBe(exitCodes.usage);
    expect(noPassword.stderr).toMatch(/no password: set PEJLEMAERKE_PASSWORD/);
  });

  it('resets and disables users; the server sees it at once', async () => {
    const reset = await cli(['users', 'reset', 'b@ballerup.dk'], {
      ...env,
      PEJLEMAERKE_PASSWORD: 'en-helt-ny-adgangskode',
    });
    expect(reset).toMatchObject({ code: exitCodes.ok });
    expect(reset.stdout).toMatch(/new password set for b@ballerup\.dk/);
    expect(await login(base, 'b@ballerup.dk', 'en-helt-ny-adgangskode')).toBe(303);
    const disable = await cli(['users', 'disable', 'c@ballerup.dk'], env);
    expect(disable.stdout).toMatch(/disabled c@ballerup\.dk/);
    expect(await login(base, 'c@ballerup.dk')).toBe(401);
  });

  it('loads a strategy and imports a saved StatBank file named relative to where the command runs', async () => {
    const load = await cli(
      ['strategy', 'load', path.basename(ballerupFile)],
      env,
      path.dirname(ballerupFile),
    );
    expect(load.code, load.stderr).toBe(exitCodes.ok);
    expect(load.stdout).toBe(`${ballerupId}: loaded as version 1\n`);
    const api = (await (await fetch(`${base}/api/v1/strategies`)).json()) as unknown;
    expect(JSON.stringify(api)).toContain(ballerupId);

    const args = ['import', 'statbank', 'folk1e-151-2021K1-K2.csv', '--table', 'FOLK1E'];
    const first = await cli(args, env, statbankFixtures);
    expect(first.code, first.stderr).toBe(exitCodes.ok);
    const m = /stored as import batch (\d+)/.exec(first.stdout);
    expect(m).not.toBeNull();
    batchId = Number(m?.[1]);
    const again = await cli(args, env, statbankFixtures);
    expect(again.stdout).toMatch(/nothing new imported/);
    const missing = await cli(
      ['import', 'statbank', 'no-such.csv', '--table', 'FOLK1E'],
      env,
      statbankFixtures,
    );
    expect(missing.code).toBe(exitCodes.invalidInput);
    expect(missing.stderr).toMatch(/no-such\.csv/);
  });

  it('migrates, and a refresh from an address nobody answers on changes nothing (exit 3)', async () => {
    const migrate = await cli(['migrate'], env);
    expect(migrate).toMatchObject({ code: exitCodes.ok });
    expect(migrate.stdout).toMatch(/databasen er opdateret/);
    const closed = await freePort();
    const refresh = await cli(
      ['refresh', '--source', 'statbank', '--url', `http://127.0.0.1:${closed}`],
      env,
    );
    expect(refresh.code).toBe(exitCodes.environment);
    expect(refresh.stderr).toMatch(/no figures were changed/);
  });

  it('refuses a second server on the same directory with exit 3, naming the one that holds it', async () => {
    const second = await cli(['serve', '--port', String(await freePort())], env);
    expect(second.code).toBe(exitCodes.environment);
    expect(second.stderr).toMatch(
      new RegExp(
        `in use by process ${serve.pid} \\(pejlemaerke serve, since [0-9T:.-]+Z\\).*Stop that server first`,
      ),
    );
  });

  it('refuses requests on its socket that are not JSON, too large, of another version or not a command', async () => {
    const holder = parseHolder(readFileSync(path.join(dataDir, lockFolderName, 'lock.json'), 'utf8'));
    const socket = holder?.socket as string;
    expect(socket).toBe(path.join(dataDir, lockFolderName, 'cli.sock'));
    const refusal = async (bytes: string | Buffer) => JSON.parse(await rawExchange(socket, bytes)) as unknown;
    expect(await refusal('not json\n')).toEqual({ protocol: 1, refused: 'the request is not JSON' });
    expect(await refusal(Buffer.alloc(100 * 1024, 0x61))).toEqual({
      protocol: 1,
      refused: 'the request is larger than 64 KiB',
    });
    const request = { protocol: 1, args: ['users', 'list'], cwd: '/', env: {} };
    expect(await refusal(`${JSON.stringify({ ...request, protocol: 2 })}\n`)).toMatchObject({
      refused: expect.stringMatching(/^protocol version 2 is not spoken here/) as unknown,
    });
    expect(await refusal(`${JSON.stringify({ ...request, args: ['serve'] })}\n`)).toMatchObject({
      refused: expect.stringMatching(/"serve" cannot be run inside the server/) as unknown,
    });
    expect(await refusal(`${JSON.stringify({ ...request, env: { DATABASE_URL: 'x' } })}\n`)).toMatchObject({
      refused: expect.stringMatching(/"env" may hold only/) as unknown,
    });
    // The server still takes commands afterwards.
    expect((await cli(['users', 'list'], env)).code).toBe(exitCodes.ok);
  });

  it('keeps everything once the server has stopped and the directory is opened again', async () => {
    expect(await stopped(serve)).toBe(0);
    const database = await openDatabase({ dataDir });
    try {
      const users = await database.db
        .selectFrom('app_user')
        .select(['email', 'disabled_at'])
        .orderBy('email')
        .execute();
      expect(users.map((u) => [u.email, u.disabled_at !== null])).toEqual([
        ['anne@ballerup.dk', false],
        ['b@ballerup.dk', false],
        ['c@ballerup.dk', true],
        ['d@ballerup.dk', false],
      ]);
      const batches = await sql<{ max: string }>`select max(id)::text as max from import_batch`.execute(
        database.db,
      );
      expect(Number(batches.rows[0]?.max)).toBe(batchId); // the refresh stored nothing
      const audit = await sql<{
        n: string;
      }>`select count(*)::text as n from audit_log where actor_kind = 'cli'`.execute(database.db);
      expect(Number(audit.rows[0]?.n)).toBeGreaterThanOrEqual(7);
    } finally {
      await database.close();
    }
  });
});

describe('the other order, crashes and foreign files', () => {
  it('refuses serve while a plain process holds the directory, and a command says who holds it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'held-'));
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'test', 'support', 'hold-data-dir.ts'), dataDir],
      {
        cwd: repoRoot,
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const env = { DATA_DIR: dataDir };
      const [serve, list] = await Promise.all([
        cli(['serve', '--port', String(await freePort())], env),
        cli(['users', 'list'], env),
      ]);
      expect(serve.code).toBe(exitCodes.environment);
      expect(serve.stderr).toMatch(
        new RegExp(
          `in use by process ${holder.pid} \\(node hold-data-dir ${dataDir}, since .*Wait until that command has finished`,
        ),
      );
      expect(list.code).toBe(exitCodes.environment);
      expect(list.stderr).toMatch(new RegExp(`in use by process ${holder.pid}`));
    } finally {
      holder.stdin.end();
      await new Promise((r) => holder.once('exit', r));
    }
  });

  it('takes over from a server killed with SIGKILL: the next start serves, and commands reach it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'killed-'));
    const first = await startServe(dataDir, await freePort());
    await stopped(first, 'SIGKILL');
    // The lock and the socket are left behind, naming a process that is gone.
    expect(parseHolder(readFileSync(path.join(dataDir, lockFolderName, 'lock.json'), 'utf8'))?.pid).toBe(
      first.pid,
    );
    const next = await startServe(dataDir, await freePort());
    try {
      const add = await cli(['users', 'add', 'x@ballerup.dk', '--name', 'X', '--role', 'reader'], {
        DATA_DIR: dataDir,
        PEJLEMAERKE_PASSWORD: password,
      });
      expect(add.code, add.stderr).toBe(exitCodes.ok);
    } finally {
      expect(await stopped(next)).toBe(0);
    }
  });

  it("sends nothing to a socket that is not the server's", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'foreign-'));
    const folder = path.join(dataDir, lockFolderName);
    const fake = path.join(folder, 'cli.sock');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder, { mode: 0o700 });
    writeFileSync(fake, 'not a socket');
    // A live server, as far as the lock can tell: this very process, under the name of serve.
    writeFileSync(
      path.join(folder, 'lock.json'),
      JSON.stringify({
        version: 1,
        pid: process.pid,
        startTime: startTimeOf(process.pid),
        command: 'pejlemaerke serve',
        since: new Date().toISOString(),
        token: 'test',
        socket: fake,
      }),
    );
    const r = await cli(['users', 'add', 'y@ballerup.dk', '--name', 'Y', '--role', 'reader'], {
      DATA_DIR: dataDir,
      PEJLEMAERKE_PASSWORD: password,
    });
    expect(r.code).toBe(exitCodes.environment);
    expect(r.stderr).toMatch(
      /names .*cli\.sock as its command socket, but .*cli\.sock is not a socket; nothing was sent/,
    );
  });
});
