// Survey send jobs on both databases, through a real SMTP server on 127.0.0.1: a queued job answers at once and
// runs in the background to its end, every mail recorded and the job audited; a second job for the round is
// refused while one runs; a job left by a process that died is taken up, its recipient claimed `sending` not
// mailed again but recorded as interrupted, nobody mailed twice; a server that is down ends the job done with
// every failure listed; a job that throws ends failed with the reason; a job stopped between two recipients goes
// on, without mailing anyone twice, when it is taken up again.
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile, repoRoot } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { closedPort, startSmtpSink, type SmtpSink, testMailer } from '../../test/support/smtp-sink.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import { createMailer, type Mailer } from '../platform/mail.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { loadDefinitionFile } from './strategies.ts';
import { recipientDeliveries } from './survey-mail.ts';
import { INTERRUPTED_REASON, latestSendJob, SendJobBusyError, sendSurveyMail } from './survey-send-job.ts';
import { SurveySendJobs } from './survey-send-runner.ts';
import { closeSurveyRound, importRecipients, openSurveyRound } from './surveys.ts';

const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const publicUrl = 'https://pejlemaerke.test';

const mailerFor = testMailer;

describe.each(testDatabases)('survey send jobs on $name', ({ open }) => {
  let database: Database;
  let sink: SmtpSink;
  let dir = '';
  let rounds = 0;
  const clock = new Date('2026-03-05T09:00:00Z');
  const ctx = (actor: Actor = admin) => ({ database, actor, now: () => clock });
  const runner = (mailer: Mailer = mailerFor(sink.url), onError?: (job: string, e: unknown) => void) =>
    new SurveySendJobs(database, mailer, { publicUrl, attempts: 1, now: () => clock, onError });
  const mailsTo = (address: string) => sink.received.filter((m) => m.envelopeTo[0] === address).length;

  /** A new round with `n` recipients of its own (r<round>-<i>@example.dk). */
  async function newRound(n: number): Promise<{ id: string; emails: string[] }> {
    const k = ++rounds;
    const { round } = await openSurveyRound(
      ctx(),
      { questionnaire: 'fvu-sprogtilbud', opens: '2026-03-03', closes: '2026-03-31', name: `FVU ${k}` },
      { dir },
    );
    const emails = Array.from({ length: n }, (_, i) => `r${k}-${i + 1}@example.dk`);
    await importRecipients(
      ctx(),
      round.id,
      Buffer.from(
        [
          'organisation,type,area,contact,email',
          ...emails.map((e, i) => `Udbyder ${i + 1},udbyder,151,K,${e}`),
        ].join('\r\n'),
      ),
      'modtagere.csv',
    );
    return { id: round.id, emails };
  }

  const recipientIds = async (roundId: string) =>
    new Map((await recipientDeliveries(database, roundId)).map((d) => [d.recipient.email, d.recipient.id]));

  beforeAll(async () => {
    database = await open();
    sink = await startSmtpSink({ delayMs: 40 });
    dir = await mkdtemp(path.join(tmpdir(), 'survey-send-job-'));
    await cp(path.join(repoRoot, 'surveys'), dir, { recursive: true });
    await loadDefinitionFile(ctx(cliActor('tester')), ballerupFile);
  }, 120_000);
  afterAll(async () => {
    await sink?.close();
    await database?.close();
  });

  it('queues a job that answers at once, runs to its end, records every mail and is audited', async () => {
    const round = await newRound(5);
    const jobs = runner();
    const job = await jobs.queue(ctx(), round.id, 'invitations');
    expect(job).toMatchObject({ state: 'queued', mode: 'invitations', requestedBy: 'admin@ballerup.dk' });
    // One job per round at a time: a second start is refused with the one under way.
    const second = await jobs.queue(ctx(), round.id, 'reminders').catch((e: unknown) => e);
    expect(second).toBeInstanceOf(SendJobBusyError);
    expect((second as SendJobBusyError).job.id).toBe(job.id);
    await jobs.idle();
    const latest = await latestSendJob(database, round.id);
    expect(latest?.job).toMatchObject({
      id: job.id,
      state: 'done',
      due: 5,
      sent: 5,
      failed: 0,
      runner: null,
    });
    expect(latest?.failures).toEqual([]);
    for (const e of round.emails) expect(mailsTo(e)).toBe(1);
    const states = (await recipientDeliveries(database, round.id)).map((d) => d.state);
    expect(states).toEqual(['invited', 'invited', 'invited', 'invited', 'invited']);
    const audit = await listAudit(database.db, 100);
    const mine = audit.filter((a) => a.subjectId === round.id && a.action.startsWith('survey.se'));
    expect(mine.map((a) => [a.action, a.outcome])).toEqual(
      expect.arrayContaining([
        ['survey.send', 'ok'],
        ['survey.sent', 'ok'],
      ]),
    );
    expect(mine.find((a) => a.action === 'survey.sent')?.after).toMatchObject({ sent: 5, failed: 0 });
    // The round is free again.
    await jobs.queue(ctx(), round.id, 'invitations');
    await jobs.idle();
    expect((await latestSendJob(database, round.id))?.job).toMatchObject({ sent: 0, skipped: 5 });
  });

  it('takes up a job whose process died: the recipient it was mailing is not mailed again', async () => {
    const round = await newRound(5);
    const ids = await recipientIds(round.id);
    const [first, second] = round.emails as [string, string];
    // What a process killed while the server had the second mail leaves: the job running, beaten a minute ago,
    // the first recipient mailed and recorded, the second claimed.
    const minuteAgo = new Date(clock.getTime() - 60_000);
    const inserted = await sql<{ id: string }>`insert into survey_send_job (round_id, mode, state,
        requested_by, requested_at, started_at, runner, beat_at, due, sent)
      values (${round.id}, 'invitations', 'running', 'admin@ballerup.dk', ${minuteAgo}, ${minuteAgo},
        'died:4242:aa', ${minuteAgo}, 5, 1) returning id::text as id`.execute(database.db);
    const jobId = inserted.rows[0]?.id ?? '';
    await sql`insert into survey_delivery (recipient_id, kind, status, at)
      values (${ids.get(first)}, 'invitation', 'sent', ${minuteAgo})`.execute(database.db);
    await sql`insert into survey_send_job_item (job_id, recipient_id, kind, state, at) values
      (${jobId}, ${ids.get(first)}, 'invitation', 'sent', ${minuteAgo}),
      (${jobId}, ${ids.get(second)}, 'invitation', 'sending', ${minuteAgo})`.execute(database.db);

    const jobs = runner();
    expect(await jobs.resume(true)).toBe(1);
    await jobs.idle();
    const latest = await latestSendJob(database, round.id);
    expect(latest?.job).toMatchObject({ id: jobId, state: 'done', due: 5, sent: 4, failed: 1 });
    expect(latest?.failures.map((f) => [f.recipient?.email, f.state, f.reason])).toEqual([
      [second, 'interrupted', INTERRUPTED_REASON],
    ]);
    expect(mailsTo(first)).toBe(0);
    expect(mailsTo(second)).toBe(0);
    for (const e of round.emails.slice(2)) expect(mailsTo(e)).toBe(1);
    const failed = (await recipientDeliveries(database, round.id)).find((d) => d.recipient.email === second);
    expect(failed?.state).toBe('failed');
    expect(failed?.delivery?.failure?.reason).toBe(INTERRUPTED_REASON);
    // A job another runner beats now is left alone.
    const fresh = await newRound(1);
    await sql`insert into survey_send_job (round_id, mode, state, requested_by, requested_at, started_at,
        runner, beat_at)
      values (${fresh.id}, 'invitations', 'running', 'admin@ballerup.dk', ${clock}, ${clock}, 'alive:1:bb',
        ${clock})`.execute(database.db);
    expect(await runner().resume()).toBe(0);
    expect(mailsTo(fresh.emails[0] ?? '')).toBe(0);
  });

  it('on the command line runs a job of the round that its process left first, then its own', async () => {
    const round = await newRound(2);
    const minuteAgo = new Date(clock.getTime() - 60_000);
    await sql`insert into survey_send_job (round_id, mode, state, requested_by, requested_at, started_at,
        runner, beat_at)
      values (${round.id}, 'invitations', 'running', 'operator', ${minuteAgo}, ${minuteAgo}, 'stopped:1:cc',
        ${minuteAgo})`.execute(database.db);
    const run = await sendSurveyMail(ctx(), mailerFor(sink.url), round.id, 'invitations', {
      publicUrl,
      attempts: 1,
    });
    // The left job invited both; the command's own job found nobody left to invite.
    expect(run.sent).toEqual([]);
    expect(run.skipped.map((x) => x.why)).toEqual(['invited', 'invited']);
    for (const e of round.emails) expect(mailsTo(e)).toBe(1);
    const all = await sql<{
      requested_by: string;
      state: string;
      sent: number;
    }>`select requested_by, state, sent
      from survey_send_job where round_id = ${round.id} order by id`.execute(database.db);
    expect(all.rows).toEqual([
      { requested_by: 'operator', state: 'done', sent: 2 },
      { requested_by: 'admin@ballerup.dk', state: 'done', sent: 0 },
    ]);
  });

  it('ends done with every failure listed when the mail server is down', async () => {
    const round = await newRound(3);
    const jobs = runner(mailerFor(`smtp://127.0.0.1:${await closedPort()}`));
    await jobs.queue(ctx(), round.id, 'invitations');
    await jobs.idle();
    const latest = await latestSendJob(database, round.id);
    expect(latest?.job).toMatchObject({ state: 'done', due: 3, sent: 0, failed: 3, error: null });
    expect(latest?.failures.map((f) => f.recipient?.email)).toEqual(round.emails);
    for (const f of latest?.failures ?? []) expect(f.reason).toMatch(/^kunne ikke forbinde til mailserveren/);
    expect((await recipientDeliveries(database, round.id)).map((d) => d.state)).toEqual([
      'failed',
      'failed',
      'failed',
    ]);
  });

  it('ends failed with the reason, logged and audited, when the job itself throws', async () => {
    const round = await newRound(2);
    await sql`insert into survey_send_job (round_id, mode, state, requested_by, requested_at)
      values (${round.id}, 'reminders', 'queued', 'admin@ballerup.dk', ${clock})`.execute(database.db);
    // Closed before the job is taken up: the run throws.
    await closeSurveyRound(ctx(), round.id);
    const errors: unknown[] = [];
    const jobs = runner(mailerFor(sink.url), (_job, e) => errors.push(e));
    expect(await jobs.resume()).toBe(1);
    await jobs.idle();
    const latest = await latestSendJob(database, round.id);
    expect(latest?.job.state).toBe('failed');
    expect(latest?.job.error).toMatch(/survey round \d+ is closed; no mail is sent/);
    expect(errors).toHaveLength(1);
    const entry = (await listAudit(database.db, 20)).find(
      (a) => a.action === 'survey.sent' && a.subjectId === round.id,
    );
    expect(entry).toMatchObject({ outcome: 'failed', actor: 'system' });
    for (const e of round.emails) expect(mailsTo(e)).toBe(0);
    // A job left for a server without mail ends failed, saying so.
    const other = await newRound(1);
    await sql`insert into survey_send_job (round_id, mode, state, requested_by, requested_at)
      values (${other.id}, 'invitations', 'queued', 'admin@ballerup.dk', ${clock})`.execute(database.db);
    const off = runner(createMailer(undefined), (_job, e) => errors.push(e));
    expect(await off.resume()).toBe(1);
    await off.idle();
    expect((await latestSendJob(database, other.id))?.job).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^mail is not set up on this server/),
    });
  });

  it('stops between two recipients and goes on where it stopped when taken up again', async () => {
    const slow = await startSmtpSink({ delayMs: 150 });
    try {
      const round = await newRound(6);
      const first = runner(mailerFor(slow.url));
      await first.queue(ctx(), round.id, 'invitations');
      while (slow.received.length < 2) await new Promise((r) => setTimeout(r, 10));
      await first.stop();
      const stopped = await latestSendJob(database, round.id);
      expect(stopped?.job).toMatchObject({ state: 'running', runner: null });
      expect(stopped?.job.sent).toBeLessThan(6);
      const again = runner(mailerFor(slow.url));
      expect(await again.resume()).toBe(1);
      await again.idle();
      expect((await latestSendJob(database, round.id))?.job).toMatchObject({
        state: 'done',
        sent: 6,
        failed: 0,
      });
      for (const e of round.emails)
        expect(slow.received.filter((m) => m.envelopeTo[0] === e)).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });
});
