// A round's invitations while the server is killed: the real `serve` on a fresh embedded database with a slow
// real SMTP server on 127.0.0.1 (a quarter of a second a mail), `survey send` run inside it (the command
// line beside a running server), the server killed with SIGKILL after a few mails and started again. The send
// job it left running is taken up at the start and run to its end: every recipient is invited or, for the one
// whose mail was with the SMTP server when the process died, recorded as interrupted; nobody gets two
// invitations, and the job ends done with counts that match.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { cliRoundWithRecipients, ended, freePort, runCli, startServe } from '../support/real-server.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const strategyFile = path.join(repoRoot, 'strategies', 'ballerup-integrationsstrategi-2021-2023.yaml');
const RECIPIENTS = 20;

let dataDir = '';
let env: NodeJS.ProcessEnv = {};
let server: ChildProcess | undefined;
let sink: SmtpSink;

const cli = (args: string[]) => runCli(args, { cwd: dataDir, env });
const startServer = (port: number) => startServe({ port, cwd: dataDir, env });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sink = await startSmtpSink({ delayMs: 250 });
  dataDir = await mkdtemp(path.join(tmpdir(), 'pejlemaerke-send-kill-'));
  env = {
    ...process.env,
    DATA_DIR: path.join(dataDir, 'data'),
    LANG: 'C.UTF-8',
    SMTP_URL: sink.url,
    MAIL_FROM: 'Pejlemærke <noreply@ballerup.dk>',
    PUBLIC_URL: 'http://127.0.0.1',
  };
  delete env.DATABASE_URL;
  delete env.LOG_LEVEL;
}, 60_000);

afterAll(async () => {
  if (server) await ended(server, 'SIGKILL');
  await sink?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('survey invitations while the server is killed', () => {
  it('takes the job up at the next start and invites nobody twice', async () => {
    const roundId = await cliRoundWithRecipients({ cwd: dataDir, env, strategyFile, recipients: RECIPIENTS });

    server = await startServer(await freePort());
    // Sent inside the server, which runs the job; killed once a few mails have reached the SMTP server.
    const sending = cli(['survey', 'send', roundId, '--attempts', '1']);
    const deadline = Date.now() + 60_000;
    while (sink.received.length < 4 && Date.now() < deadline) await sleep(10);
    if (sink.received.length < 4) {
      const early = await sending;
      throw new Error(`the mail did not start: ${early.code} ${early.stdout} ${early.stderr}`);
    }
    await ended(server, 'SIGKILL');
    const cut = await sending;
    expect(cut.code).not.toBe(0);
    const atKill = sink.received.length;
    expect(atKill).toBeLessThan(RECIPIENTS);

    // Started again: the job is taken up at once and run to its end.
    server = await startServer(await freePort());
    let states: string[] = [];
    const until = Date.now() + 90_000;
    while (Date.now() < until) {
      const listed = await cli(['survey', 'deliveries', roundId]);
      states = listed.stdout
        .trim()
        .split('\n')
        .map((l) => /^[a-z-]+/.exec(l.split('\t')[3] ?? '')?.[0] ?? '');
      if (states.length === RECIPIENTS && !states.includes('not-sent')) break;
      await sleep(500);
    }
    await ended(server, 'SIGTERM');
    server = undefined;

    const invitations = new Map<string, number>();
    for (const m of sink.received)
      invitations.set(m.envelopeTo[0] ?? '', (invitations.get(m.envelopeTo[0] ?? '') ?? 0) + 1);
    console.log(
      `send kill test: ${atKill} mails before the kill, ${sink.received.length} in all, ${states.filter((x) => x === 'invited').length} recipients invited, ${states.filter((x) => x === 'failed').length} interrupted`,
    );
    expect([...invitations.values()].every((n) => n === 1)).toBe(true);
    expect(
      states.filter((s) => s.startsWith('invited')).length +
        states.filter((s) => s.startsWith('failed')).length,
    ).toBe(RECIPIENTS);

    // The job's record, read from the data directory once the server has stopped.
    const database = await openDatabase({ dataDir: path.join(dataDir, 'data') });
    try {
      const jobs = await sql<{
        state: string;
        due: number;
        sent: number;
        failed: number;
        runner: string | null;
      }>`
        select state, due, sent, failed, runner from survey_send_job`.execute(database.db);
      expect(jobs.rows).toHaveLength(1);
      const job = jobs.rows[0];
      expect(job).toMatchObject({ state: 'done', due: RECIPIENTS, runner: null });
      expect((job?.sent ?? 0) + (job?.failed ?? 0)).toBe(RECIPIENTS);
      expect(job?.failed ?? 0).toBeLessThanOrEqual(1);
      const items = await sql<{ state: string; n: number }>`
        select state, count(*)::int as n from survey_send_job_item group by state order by state`.execute(
        database.db,
      );
      const byState = Object.fromEntries(items.rows.map((r) => [r.state, r.n]));
      expect((byState.sent ?? 0) + (byState.interrupted ?? 0)).toBe(RECIPIENTS);
      expect(byState.sending).toBeUndefined();
      // Every mail the job says it sent reached the server, once.
      expect(byState.sent).toBeLessThanOrEqual(invitations.size);
    } finally {
      await database.close();
    }
  }, 240_000);
});
