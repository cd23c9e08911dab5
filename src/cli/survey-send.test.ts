// `survey send`, `survey deliveries` and `survey bounce` in-process against a PostgreSQL server and a real SMTP
// server on 127.0.0.1: invitations sent and summed up, a refused address printed with the server's reason and
// exit code 3, a second run retrying only it, a bounce marked (and the run then clean), reminders with nothing
// answered, mail off and bad options refused with a message saying what.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { exitCodes } from './exit-codes.ts';
import { runMain } from '../../test/support/cli.ts';

let env: NodeJS.ProcessEnv;
let sink: SmtpSink;
let id = '';

const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => runMain(args, { ...env, ...extra });

beforeAll(async () => {
  sink = await startSmtpSink({ refuse: ['nej@klub.dk'] });
  env = {
    DATABASE_URL: await createServerDatabase(),
    SMTP_URL: sink.url,
    MAIL_FROM: 'Pejlemærke <noreply@ballerup.dk>',
    PUBLIC_URL: 'https://pejlemaerke.ballerup.dk',
  };
  const dir = await mkdtemp(path.join(tmpdir(), 'survey-send-cli-'));
  expect((await run(['strategy', 'load', ballerupFile])).code).toBe(exitCodes.ok);
  const opened = await run([
    'survey',
    'round',
    'open',
    'foreningsdemokrati',
    '--opens',
    '2026-01-01',
    '--closes',
    '2099-12-31',
  ]);
  expect(opened.code).toBe(exitCodes.ok);
  id = opened.out.at(-1) ?? '';
  const csv = path.join(dir, 'modtagere.csv');
  await writeFile(
    csv,
    'organisation,type,area,contact,email\nIF Ballerup,idræt,151,Ane,ane@if.dk\nKlubben,idræt,151,Bo,nej@klub.dk\n',
  );
  expect((await run(['survey', 'recipients', 'import', id, csv])).code).toBe(exitCodes.ok);
}, 120_000);
afterAll(async () => sink?.close());

describe('survey send and bounce', () => {
  it('refuses bad options and says when mail is off', async () => {
    const both = await run(['survey', 'send', id, '--reminders', '--retry-failed']);
    expect(both.code).toBe(exitCodes.invalidInput);
    expect(both.err).toContain('give --reminders or --retry-failed, not both');
    const attempts = await run(['survey', 'send', id, '--attempts', 'mange']);
    expect(attempts.code).toBe(exitCodes.invalidInput);
    expect(attempts.err).toContain('--attempts must be a whole number from 1 to 10, not "mange"');
    const unknown = await run(['survey', 'send', '424242']);
    expect(unknown.code).toBe(exitCodes.invalidInput);
    expect(unknown.err).toContain('survey round "424242" not found');
    const off = await run(['survey', 'send', id], { SMTP_URL: '', MAIL_FROM: '' });
    expect(off.code).toBe(exitCodes.environment);
    expect(off.out[0]).toMatch(/^mail er ikke sat op/);
    expect(off.out.filter((l) => l.startsWith('due: invitation to recipient'))).toHaveLength(2);
    expect(sink.received).toHaveLength(0);
  });

  it('sends the invitations, prints the refused address with why, and a second run retries only it', async () => {
    const first = await run(['survey', 'send', id, '--attempts', '1']);
    expect(first.code).toBe(exitCodes.environment);
    expect(first.out).toEqual([
      expect.stringMatching(
        /^failed: invitation to recipient \d+ Klubben <nej@klub\.dk>: serveren afviste modtageren: 550 .* \(refused for good\)$/,
      ),
      'sent 1 invitation; failed 1; skipped 0',
    ]);
    expect(first.err).toContain('1 mail could not be sent; run the command again to retry it');
    // Its progress: a line when the job starts and one at its end.
    expect(first.err).toMatch(/^send job (\d+): 0 of 2 sent, 0 failed\nsend job \1: 1 of 2 sent, 1 failed$/m);
    expect(sink.received.map((m) => m.envelopeTo[0])).toEqual(['ane@if.dk']);
    expect(sink.received[0]?.parsed.text).toMatch(/https:\/\/pejlemaerke\.ballerup\.dk\/svar\/[\w-]{43}/);

    const second = await run(['survey', 'send', id, '--attempts', '1']);
    expect(second.code).toBe(exitCodes.environment);
    expect(second.out.at(-1)).toBe('sent 0 invitations; failed 1; skipped 1 (1 invited already)');
    expect(sink.received).toHaveLength(1);

    const listed = await run(['survey', 'deliveries', id]);
    expect(listed.out).toEqual([
      expect.stringMatching(/^\d+\tIF Ballerup\tane@if\.dk\tinvited \d{4}-/),
      expect.stringMatching(
        /^\d+\tKlubben\tnej@klub\.dk\tfailed: invitation .* serveren afviste modtageren: 550/,
      ),
    ]);
  });

  it('marks a bounce, after which the run is clean; reminders wait a day', async () => {
    const recipient = (await run(['survey', 'deliveries', id])).out[1]?.split('\t')[0] ?? '';
    const bad = await run(['survey', 'bounce', id, '999999']);
    expect(bad.code).toBe(exitCodes.invalidInput);
    expect(bad.err).toContain(`recipient 999999 is not in survey round ${id}`);
    const bounced = await run(['survey', 'bounce', id, recipient]);
    expect(bounced.code).toBe(exitCodes.ok);
    expect(bounced.out).toEqual([
      `recipient ${recipient} Klubben <nej@klub.dk> is marked bounced; no more mail goes to it`,
    ]);
    const clean = await run(['survey', 'send', id]);
    expect(clean.code).toBe(exitCodes.ok);
    expect(clean.out).toEqual(['sent 0 invitations; failed 0; skipped 2 (1 invited already, 1 bounced)']);
    const reminders = await run(['survey', 'send', id, '--reminders']);
    expect(reminders.code).toBe(exitCodes.ok);
    expect(reminders.out).toEqual([
      'sent 0 reminders; failed 0; skipped 2 (1 mailed less than a day ago, 1 bounced)',
    ]);
    const undone = await run(['survey', 'bounce', id, recipient, '--undo']);
    expect(undone.out[0]).toContain('is no longer marked bounced');
  });
});
