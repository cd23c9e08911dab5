// Survey mail on both databases, through a real SMTP server on 127.0.0.1: invitations with a working personal
// link and the close date; a second run sends nothing twice; reminders only to recipients who have not
// submitted (and not again within a day); a recipient refused by the server and a server that is down both
// listed with the reason and mailed again by the next run; a bounced address never mailed; a closed round and a
// reader refused; mail that is off sends and records nothing.
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile, repoRoot } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { closedPort, startSmtpSink, type SmtpSink, testMailer } from '../../test/support/smtp-sink.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import { createMailer, MAIL_OFF_MESSAGE, type Mailer } from '../platform/mail.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { ConflictError, ForbiddenError } from './errors.ts';
import { loadDefinitionFile } from './strategies.ts';
import { markBounced, recipientDeliveries, type SendMode } from './survey-mail.ts';
import { SendJobBusyError, sendSurveyMail } from './survey-send-job.ts';
import { SurveySendJobs } from './survey-send-runner.ts';
import {
  closeSurveyRound,
  importRecipients,
  lookupLink,
  openSurveyRound,
  saveAnswerPage,
  submitAnswer,
} from './surveys.ts';

const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const reader: Actor = { kind: 'user', id: 'oeu@ballerup.dk', roles: ['reader'], origin: '10.0.0.2' };
const visitor: Actor = { kind: 'anonymous', id: 'anonymous', origin: '192.0.2.7' };
const publicUrl = 'https://pejlemaerke.test';

const mailerFor = testMailer;

const tokenIn = (text: string | undefined) => /\/svar\/([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1] ?? '';

describe.each(testDatabases)('survey mail on $name', ({ open }) => {
  let database: Database;
  let sink: SmtpSink;
  let roundId = '';
  let clock = new Date('2026-03-05T09:00:00Z');
  const ctx = (actor: Actor = admin) => ({ database, actor, now: () => clock });
  const send = (mode: SendMode, mailer: Mailer = mailerFor(sink.url)) =>
    sendSurveyMail(ctx(), mailer, roundId, mode, { publicUrl, attempts: 1 });
  const mailTo = (address: string) => sink.received.filter((m) => m.envelopeTo[0] === address);
  const states = async () =>
    Object.fromEntries(
      (await recipientDeliveries(database, roundId)).map((d) => [d.recipient.email, d.state]),
    );

  beforeAll(async () => {
    database = await open();
    sink = await startSmtpSink({ refuse: ['afvist@example.dk'] });
    const dir = await mkdtemp(path.join(tmpdir(), 'survey-mail-'));
    await cp(path.join(repoRoot, 'surveys'), dir, { recursive: true });
    await loadDefinitionFile(ctx(cliActor('tester')), ballerupFile);
    const { round } = await openSurveyRound(
      ctx(),
      { questionnaire: 'fvu-sprogtilbud', opens: '2026-03-03', closes: '2026-03-31', name: 'FVU 2026' },
      { dir },
    );
    roundId = round.id;
    await importRecipients(
      ctx(),
      roundId,
      Buffer.from(
        [
          'organisation,type,area,contact,email',
          'VUC Vest,udbyder,151,Ane Ø,ane@vuc.dk',
          'AOF <Ballerup>,udbyder,151,Bo,bo@aof.dk',
          'Sprogcafé,frivillig,151,Cæcilie,afvist@example.dk',
        ].join('\r\n'),
      ),
      'modtagere.csv',
    );
  }, 120_000);
  afterAll(async () => {
    await sink?.close();
    await database?.close();
  });

  it('with mail off lists who is due and sends, issues and records nothing', async () => {
    const run = await send('invitations', createMailer(undefined));
    expect(run).toMatchObject({ mail: 'off', message: MAIL_OFF_MESSAGE, sent: [], failed: [] });
    expect(run.due.map((d) => d.recipient.email)).toEqual(['ane@vuc.dk', 'bo@aof.dk', 'afvist@example.dk']);
    const links = await sql<{ n: number }>`select count(*)::int as n from survey_recipient
      where round_id = ${roundId} and token_hash is not null`.execute(database.db);
    expect(links.rows[0]?.n).toBe(0);
    expect(Object.values(await states())).toEqual(['not-sent', 'not-sent', 'not-sent']);
  });

  it('sends invitations with a working link and the close date; a refused address is listed with why', async () => {
    const run = await send('invitations');
    expect(run.sent.map((s) => [s.kind, s.recipient.email])).toEqual([
      ['invitation', 'ane@vuc.dk'],
      ['invitation', 'bo@aof.dk'],
    ]);
    expect(run.failed).toHaveLength(1);
    expect(run.failed[0]).toMatchObject({ kind: 'invitation', recipient: { email: 'afvist@example.dk' } });
    expect(run.failed[0]?.reason).toMatch(/^serveren afviste modtageren: 550/);
    const ane = mailTo('ane@vuc.dk')[0]?.parsed;
    expect(ane?.subject).toBe('Brugere af FVU dansk og frivillige sprogtilbud – svar senest 31. marts 2026');
    expect(ane?.text).toContain('Kære Ane Ø');
    expect(ane?.text).toContain('Ballerup Kommune beder VUC Vest besvare spørgeskemaet');
    expect(ane?.text).toContain('Skemaet lukker 31. marts 2026.');
    expect(ane?.text).toMatch(/https:\/\/pejlemaerke\.test\/svar\/[A-Za-z0-9_-]{43}\n/);
    expect(mailTo('bo@aof.dk')[0]?.parsed.html).toContain('AOF &lt;Ballerup&gt;');
    // The link in the mail is the recipient's: it opens the round.
    const found = await lookupLink(database, tokenIn(ane?.text), clock);
    expect(found).toMatchObject({ state: 'open', recipient: { email: 'ane@vuc.dk' } });
    // Recorded, and audited per mail.
    expect(await states()).toEqual({
      'ane@vuc.dk': 'invited',
      'bo@aof.dk': 'invited',
      'afvist@example.dk': 'failed',
    });
    const failedRow = (await recipientDeliveries(database, roundId)).find((d) => d.state === 'failed');
    expect(failedRow?.delivery?.failure?.reason).toMatch(/550/);
    const audit = await listAudit(database.db, 50);
    expect(audit.filter((a) => a.action === 'survey.manage' && a.outcome === 'ok')).toHaveLength(3);
  });

  it('a second run sends no invitation twice and tries the failed one again', async () => {
    const run = await send('invitations');
    expect(run.sent).toEqual([]);
    expect(run.failed.map((f) => f.recipient.email)).toEqual(['afvist@example.dk']);
    expect(run.skipped.map((s) => [s.recipient.email, s.why])).toEqual([
      ['ane@vuc.dk', 'invited'],
      ['bo@aof.dk', 'invited'],
    ]);
    expect(mailTo('ane@vuc.dk')).toHaveLength(1);
  });

  it('a bounce marked by hand is never mailed, and can be taken off', async () => {
    const bad = (await recipientDeliveries(database, roundId)).find(
      (d) => d.recipient.email === 'afvist@example.dk',
    );
    await markBounced(ctx(), roundId, bad?.recipient.id ?? '', true);
    const run = await send('retry');
    expect(run.sent).toEqual([]);
    expect(run.failed).toEqual([]);
    expect(run.skipped.find((s) => s.recipient.email === 'afvist@example.dk')?.why).toBe('bounced');
    expect((await states())['afvist@example.dk']).toBe('bounced');
    const entry = (await listAudit(database.db, 5)).find((a) => a.action === 'survey.bounce');
    expect(entry).toMatchObject({ outcome: 'ok', after: { bounced: true, email: 'afvist@example.dk' } });
    await markBounced(ctx(), roundId, bad?.recipient.id ?? '', false);
    expect((await states())['afvist@example.dk']).toBe('failed');
    await markBounced(ctx(), roundId, bad?.recipient.id ?? '', true);
    await expect(markBounced(ctx(), roundId, '999999', true)).rejects.toThrow('recipient 999999 is not in');
  });

  it('reminds only recipients who have not submitted, not again within a day, with a new link', async () => {
    // The same day: everyone invited was mailed less than a day ago.
    expect((await send('reminders')).sent).toEqual([]);
    clock = new Date('2026-03-10T09:00:00Z');
    const aneToken = tokenIn(mailTo('ane@vuc.dk')[0]?.parsed.text);
    await saveAnswerPage(ctx(visitor), aneToken, 0, {
      tilbudstype: 'fvu-dansk',
      'brugere-i-alt': '40',
      'registrerer-herkomst': 'false',
    });
    await submitAnswer(ctx(visitor), aneToken);
    const run = await send('reminders');
    expect(run.sent.map((s) => [s.kind, s.recipient.email])).toEqual([['reminder', 'bo@aof.dk']]);
    expect(run.skipped.map((s) => [s.recipient.email, s.why])).toEqual([
      ['ane@vuc.dk', 'answered'],
      ['afvist@example.dk', 'bounced'],
    ]);
    const reminder = mailTo('bo@aof.dk')[1]?.parsed;
    expect(reminder?.subject).toMatch(/^Påmindelse: .* – svar senest 31\. marts 2026$/);
    expect(reminder?.text).toContain('Vi mangler stadig svar fra AOF <Ballerup>');
    expect(reminder?.text).toContain('det erstatter linket i den tidligere mail');
    // The reminder's link works; the invitation's no longer does.
    expect((await lookupLink(database, tokenIn(reminder?.text), clock)).state).toBe('open');
    expect((await lookupLink(database, tokenIn(mailTo('bo@aof.dk')[0]?.parsed.text), clock)).state).toBe(
      'unknown',
    );
    expect((await send('reminders')).sent).toEqual([]);
    expect(await states()).toMatchObject({ 'ane@vuc.dk': 'answered', 'bo@aof.dk': 'reminded' });
  });

  it('lists every mail as failed when the server is down, and the next run sends them', async () => {
    clock = new Date('2026-03-12T09:00:00Z');
    const down = await send('reminders', mailerFor(`smtp://127.0.0.1:${await closedPort()}`));
    expect(down.sent).toEqual([]);
    expect(down.failed.map((f) => f.recipient.email)).toEqual(['bo@aof.dk']);
    expect(down.failed[0]?.reason).toMatch(/^kunne ikke forbinde til mailserveren/);
    expect(down.failed[0]?.permanent).toBe(false);
    expect((await states())['bo@aof.dk']).toBe('failed');
    const before = mailTo('bo@aof.dk').length;
    const retried = await send('retry');
    expect(retried.sent.map((s) => [s.kind, s.recipient.email])).toEqual([['reminder', 'bo@aof.dk']]);
    expect(mailTo('bo@aof.dk')).toHaveLength(before + 1);
    expect((await states())['bo@aof.dk']).toBe('reminded');
    expect((await send('retry')).sent).toEqual([]);
  });

  it('refuses a second run while a job mails the round, and a reader', async () => {
    // Another process's job, beaten just now: this run is refused, naming it.
    await sql`insert into survey_send_job (round_id, mode, state, requested_by, requested_at, started_at,
        runner, beat_at)
      values (${roundId}, 'reminders', 'running', 'other@ballerup.dk', ${clock}, ${clock}, 'elsewhere:1:ab',
        ${clock})`.execute(database.db);
    await expect(send('retry')).rejects.toThrow(
      /is being mailed already \(job \d+, reminders, asked for by other@ballerup\.dk/,
    );
    await expect(send('retry')).rejects.toBeInstanceOf(SendJobBusyError);
    // Its runner stopped beating: the job is taken up, run to its end, and the round is free again.
    clock = new Date(clock.getTime() + 60_000);
    const jobs = new SurveySendJobs(database, mailerFor(sink.url), {
      publicUrl,
      attempts: 1,
      now: () => clock,
    });
    expect(await jobs.resume()).toBe(1);
    await jobs.idle();
    const left = await sql<{ state: string; runner: string | null }>`select state, runner from survey_send_job
      where requested_by = 'other@ballerup.dk'`.execute(database.db);
    expect(left.rows).toEqual([{ state: 'done', runner: null }]);
    expect((await send('retry')).mail).toBe('on');
    await expect(
      sendSurveyMail(ctx(reader), mailerFor(sink.url), roundId, 'invitations', { publicUrl }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(markBounced(ctx(reader), roundId, '1', true)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses to mail a round without PUBLIC_URL, or once it is closed', async () => {
    await expect(
      sendSurveyMail(ctx(), mailerFor(sink.url), roundId, 'invitations', { publicUrl: undefined }),
    ).rejects.toThrow('set PUBLIC_URL');
    await closeSurveyRound(ctx(), roundId);
    await expect(send('reminders')).rejects.toBeInstanceOf(ConflictError);
  });
});
