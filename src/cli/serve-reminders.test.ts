// The server's reminder timer, driven by hand: with mail set up a run sends the reminder due and the next run is
// scheduled; closing the server stops the timer; without mail nothing is scheduled. And `followup remind` run
// beside a `serve` process runs inside it and mails through the server's settings, not the command's.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../test/support/accounts.ts';
import { ballerupFile, ballerupId, repoRoot } from '../../test/support/app.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { systemActor } from '../domain/access/index.ts';
import { danishDate } from '../domain/followup/index.ts';
import { readConfig } from '../platform/config.ts';
import { openRound } from '../service/followup-rounds.ts';
import type { Timers } from '../service/reminder-schedule.ts';
import { loadDefinitionFile } from '../service/strategies.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { startServer } from './serve.ts';

const inThreeDays = () => danishDate(new Date(Date.now() + 3 * 86_400_000));

function handTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    setTimeout: (run, ms) => (pending.set(++next, { run, ms }), next),
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    delays: () => [...pending.values()].map((p) => p.ms),
    fire() {
      const due = [...pending.values()];
      pending.clear();
      for (const p of due) p.run();
    },
  };
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

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function prepare(database: Database): Promise<void> {
  await migrateToLatest(database);
  const ctx = { database, actor: systemActor, now: () => new Date() };
  await loadDefinitionFile(ctx, ballerupFile);
  await createUser(database, 'anne@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  await openRound(ctx, ballerupId, { title: 'Forårsrunden', deadline: inThreeDays() });
}

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => sink.close());

describe('the server’s reminder timer', () => {
  it('sends what is due when it fires, schedules the next run, and stops with the server', async () => {
    const url = await createServerDatabase();
    const database = await openDatabase({ url });
    await prepare(database);
    await database.close();
    const clock = handTimers();
    const lines: string[] = [];
    const config = readConfig({
      DATABASE_URL: url,
      SEED: '0',
      PORT: String(await freePort()),
      SMTP_URL: sink.url,
      MAIL_FROM: 'Pejlemærke <noreply@ballerup.dk>',
      PUBLIC_URL: 'https://pejlemaerke.test',
    });
    const server = await startServer(config, (l) => lines.push(l), { reminderTimers: clock.timers });
    try {
      expect(clock.delays()).toEqual([60_000]);
      const before = sink.received.length;
      clock.fire();
      await until(() => clock.delays().length > 0, 'the next run to be scheduled');
      expect(clock.delays()).toEqual([60 * 60_000]);
      expect(sink.received.length - before).toBe(1);
      expect(sink.received.at(-1)?.envelopeTo).toEqual(['anne@ballerup.dk']);
      expect(lines).toContain(
        `sendt — påmindelse for "Forårsrunden" (frist ${inThreeDays()}), Beskæftigelse, til Test anne <anne@ballerup.dk>`,
      );
      // The next run finds it sent and says nothing.
      const said = lines.length;
      clock.fire();
      await until(() => clock.delays().length > 0, 'the run after');
      expect(lines.length).toBe(said);
      expect(sink.received.length - before).toBe(1);
    } finally {
      await server.close();
    }
    expect(clock.delays()).toEqual([]);
  });

  it('schedules nothing when mail is off', async () => {
    const url = await createServerDatabase();
    const clock = handTimers();
    const config = readConfig({ DATABASE_URL: url, SEED: '0', PORT: String(await freePort()) });
    const server = await startServer(config, () => undefined, { reminderTimers: clock.timers });
    expect(clock.delays()).toEqual([]);
    await server.close();
  });
});

describe('followup remind beside a running server', () => {
  const bin = path.join(repoRoot, 'bin', 'pejlemaerke.js');
  const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), LANG: 'C.UTF-8' };
  let serve: ChildProcess | undefined;
  afterAll(async () => {
    if (serve && serve.exitCode === null)
      await new Promise((r) => {
        serve?.once('exit', r);
        serve?.kill('SIGTERM');
      });
  });

  it('runs inside the server and mails through the server’s settings', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'remind-'));
    const database = await openDatabase({ dataDir });
    await prepare(database);
    await database.close();
    const port = await freePort();
    serve = spawn(process.execPath, [bin, 'serve'], {
      cwd: repoRoot,
      env: {
        ...baseEnv,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED: '0',
        SMTP_URL: sink.url,
        MAIL_FROM: 'Pejlemærke <noreply@ballerup.dk>',
        PUBLIC_URL: 'https://pejlemaerke.test',
      },
    });
    let said = '';
    serve.stdout?.on('data', (b: Buffer) => (said += b.toString()));
    serve.stderr?.on('data', (b: Buffer) => (said += b.toString()));
    await until(
      () => said.includes('Pejlemærke kører på') || serve?.exitCode !== null,
      'serve to listen',
      60_000,
    );
    expect(said).toContain('Pejlemærke kører på');
    const before = sink.received.length;
    // The command's own environment names no mail server.
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, 'followup', 'remind'], {
        cwd: repoRoot,
        env: { ...baseEnv, DATA_DIR: dataDir },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('sendt — påmindelse for "Forårsrunden"');
    expect(sink.received.length - before).toBe(1);
  }, 120_000);
});
