// Follow-up reminders on both databases, sent through a real SMTP server on 127.0.0.1: nothing before the
// reminder days, a reminder to each tovholder of an area without a note (not to an area that has reported), never
// twice (a second run, two runs at once), the notice once the deadline has passed, a refused recipient failed and
// given up while a server that was down is tried again, every send audited, a dry run and mail that is off
// sending and recording nothing.
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../test/support/accounts.ts';
import { ballerupFile } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { closedPort, startSmtpSink, type SmtpSink, testMailer } from '../../test/support/smtp-sink.ts';
import { systemActor, type Actor } from '../domain/access/index.ts';
import { createMailer, MAIL_OFF_MESSAGE, type Mailer } from '../platform/mail.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { ForbiddenError } from './errors.ts';
import { addRoundNote, openRound } from './followup-rounds.ts';
import { dueKind, remindFollowups, type ReminderRun } from './followup-reminders.ts';
import { loadDefinitionFile } from './strategies.ts';

const strategy = 'ballerup-integrationsstrategi-2021-2023';
const publicUrl = 'https://pejlemaerke.test';
const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const reader: Actor = { kind: 'user', id: 'oeu@ballerup.dk', roles: ['reader'], origin: '10.0.0.2' };
const school: Actor = {
  kind: 'user',
  id: 'signe@ballerup.dk',
  roles: ['editor'],
  centres: ['center-for-skoler-institutioner-og-kultur'],
  origin: '10.0.0.4',
};

const mailerFor = testMailer;

const summary = (run: ReminderRun) =>
  run.items.map((i) => `${i.kind} ${i.areaId} ${i.recipient.email} ${i.outcome}`).sort();

describe.each(testDatabases)('follow-up reminders on $name', ({ open }) => {
  let database: Database;
  let sink: SmtpSink;
  let now = new Date('2027-03-01T08:00:00Z');
  const ctx = (actor: Actor = systemActor) => ({ database, actor, now: () => now });
  const remind = (mailer: Mailer, dryRun = false) =>
    remindFollowups(ctx(), mailer, { days: 7, publicUrl, dryRun });

  beforeAll(async () => {
    database = await open();
    sink = await startSmtpSink({ refuse: ['afvist@ballerup.dk'] });
    now = new Date('2027-03-01T08:00:00Z');
    await loadDefinitionFile(ctx(), path.resolve(ballerupFile));
    await createUser(database, 'anne@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
    await createUser(database, 'signe@ballerup.dk', 'editor', ['center-for-skoler-institutioner-og-kultur']);
    await createUser(database, 'admin@ballerup.dk', 'admin');
    await openRound(ctx(admin), strategy, { title: 'Opfølgning <forår> 2027', deadline: '2027-03-15' });
  });
  afterAll(async () => {
    await sink.close();
    await database.close();
  });

  const mailRows = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from followup_mail`.execute(database.db)).rows[0]?.n;

  it('sends nothing before the reminder days', async () => {
    const run = await remind(mailerFor(sink.url));
    expect(run).toMatchObject({ mail: 'on', items: [], withoutTovholder: [] });
    expect(sink.received).toHaveLength(0);
  });

  it('with mail off says so, lists what is due and sends and records nothing', async () => {
    now = new Date('2027-03-08T08:00:00Z');
    const run = await remind(createMailer(undefined));
    expect(run.mail).toBe('off');
    expect(run.message).toBe(MAIL_OFF_MESSAGE);
    expect(summary(run)).toEqual([
      'reminder beskaeftigelse anne@ballerup.dk due',
      'reminder demokratisk-dannelse signe@ballerup.dk due',
      'reminder uddannelse signe@ballerup.dk due',
    ]);
    // No editor of the centre that leads Boligsociale fællesskaber: said, not sent.
    expect(run.withoutTovholder.map((w) => w.areaId)).toEqual(['boligsociale-faellesskaber']);
    expect(await mailRows()).toBe(0);
  });

  it('a dry run lists the same and records nothing', async () => {
    const run = await remind(mailerFor(sink.url), true);
    expect(run.dryRun).toBe(true);
    expect(summary(run).every((l) => l.endsWith(' due'))).toBe(true);
    expect(sink.received).toHaveLength(0);
    expect(await mailRows()).toBe(0);
  });

  it('sends the reminder to the tovholdere of areas without a note, with the link, and audits each', async () => {
    await addRoundNote(
      ctx(school),
      strategy,
      (await sql<{ id: string }>`select id::text from followup_round`.execute(database.db)).rows[0]?.id ?? '',
      'uddannelse',
      { status: 'on-track', body: 'Godt på vej.' },
      'Signe',
    );
    const run = await remind(mailerFor(sink.url));
    expect(summary(run)).toEqual([
      'reminder beskaeftigelse anne@ballerup.dk sent',
      'reminder demokratisk-dannelse signe@ballerup.dk sent',
    ]);
    expect(sink.received.map((m) => m.envelopeTo[0]).sort()).toEqual([
      'anne@ballerup.dk',
      'signe@ballerup.dk',
    ]);
    const anne = sink.received.find((m) => m.envelopeTo[0] === 'anne@ballerup.dk')?.parsed;
    expect(anne?.subject).toBe('Påmindelse: status for Beskæftigelse senest 15. marts 2027');
    expect(anne?.text).toContain('Kære Test anne');
    expect(anne?.text).toContain(
      'Opfølgningsrunden "Opfølgning <forår> 2027" i Integrationsstrategi har frist om 7 dage, 15. marts 2027.',
    );
    expect(anne?.text).toContain(`${publicUrl}/strategier/${strategy}/omraader/beskaeftigelse`);
    expect(anne?.html).toContain('Opfølgning &lt;forår&gt; 2027');
    expect(anne?.html).toContain(`href="${publicUrl}/strategier/${strategy}/omraader/beskaeftigelse"`);
    const audit = (await listAudit(database.db)).filter((a) => a.action === 'mail.followup-reminder');
    expect(audit.map((a) => [a.outcome, (a.after as { recipient: string }).recipient]).sort()).toEqual([
      ['ok', 'anne@ballerup.dk'],
      ['ok', 'signe@ballerup.dk'],
    ]);
  });

  it('never sends the same reminder twice: a second run, or two runs at once', async () => {
    const again = await remind(mailerFor(sink.url));
    expect(summary(again)).toEqual([
      'reminder beskaeftigelse anne@ballerup.dk sent-before',
      'reminder demokratisk-dannelse signe@ballerup.dk sent-before',
    ]);
    // A new editor of the employment centre joins: two runs at once send the one reminder due exactly once.
    await createUser(database, 'bo@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
    const runs = await Promise.all([remind(mailerFor(sink.url)), remind(mailerFor(sink.url))]);
    const bo = runs.flatMap((r) => r.items.filter((i) => i.recipient.email === 'bo@ballerup.dk'));
    // The other run found it claimed, or already sent, depending on how the two interleaved.
    expect(bo.filter((i) => i.outcome === 'sent')).toHaveLength(1);
    expect(bo.filter((i) => i.outcome !== 'sent').map((i) => i.outcome)).toEqual([
      expect.stringMatching(/^(in-progress|sent-before)$/),
    ]);
    expect(sink.received.filter((m) => m.envelopeTo[0] === 'bo@ballerup.dk')).toHaveLength(1);
    expect(sink.received).toHaveLength(3);
  });

  it('sends the overdue notice from the day after the deadline, once, not to areas that reported', async () => {
    now = new Date('2027-03-15T20:00:00Z'); // 21:00 in Copenhagen: still the deadline day
    expect(summary(await remind(mailerFor(sink.url))).every((l) => l.endsWith('sent-before'))).toBe(true);
    now = new Date('2027-03-15T23:30:00Z'); // 00:30 on the 16th in Copenhagen
    const run = await remind(mailerFor(sink.url));
    expect(summary(run)).toEqual([
      'overdue beskaeftigelse anne@ballerup.dk sent',
      'overdue beskaeftigelse bo@ballerup.dk sent',
      'overdue demokratisk-dannelse signe@ballerup.dk sent',
    ]);
    const notice = sink.received.at(-1)?.parsed;
    expect(notice?.subject).toMatch(/^Fristen er overskredet: status for .* manglede 15\. marts 2027$/);
    expect(notice?.text).toContain('står nu som forsinket');
    expect(summary(await remind(mailerFor(sink.url))).every((l) => l.endsWith('sent-before'))).toBe(true);
    expect(sink.received).toHaveLength(6);
  });

  it('fails a refused recipient for good and tries a server that was down again', async () => {
    await createUser(database, 'afvist@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
    await createUser(database, 'ny@ballerup.dk', 'editor', ['center-for-skoler-institutioner-og-kultur']);
    const down = await remind(mailerFor(`smtp://127.0.0.1:${await closedPort()}`));
    const failed = down.items.filter((i) => i.outcome === 'failed');
    expect(failed.map((i) => i.recipient.email).sort()).toEqual(['afvist@ballerup.dk', 'ny@ballerup.dk']);
    expect(failed[0]?.reason).toMatch(/^kunne ikke forbinde til mailserveren/);
    const up = await remind(mailerFor(sink.url));
    expect(summary(up).filter((l) => !l.endsWith('sent-before'))).toEqual([
      'overdue beskaeftigelse afvist@ballerup.dk failed',
      'overdue demokratisk-dannelse ny@ballerup.dk sent',
    ]);
    expect(up.items.find((i) => i.outcome === 'failed')?.reason).toMatch(/^serveren afviste modtageren: 550/);
    const later = await remind(mailerFor(sink.url));
    expect(later.items.find((i) => i.recipient.email === 'afvist@ballerup.dk')?.outcome).toBe('given-up');
    const audit = (await listAudit(database.db)).filter(
      (a) => a.action === 'mail.followup-overdue' && a.outcome === 'failed',
    );
    expect(audit.map((a) => (a.after as { recipient: string }).recipient).sort()).toEqual([
      'afvist@ballerup.dk',
      'afvist@ballerup.dk',
      'ny@ballerup.dk',
    ]);
  });

  it('is refused to a reader, and the refusal is logged', async () => {
    await expect(
      remindFollowups(ctx(reader), mailerFor(sink.url), { days: 7, publicUrl }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(
      (await listAudit(database.db, 5)).some((a) => a.outcome === 'refused' && a.actor === reader.id),
    ).toBe(true);
  });
});

describe('which mail is due', () => {
  it.each([
    ['2027-03-07', undefined],
    ['2027-03-08', 'reminder'],
    ['2027-03-15', 'reminder'],
    ['2027-03-16', 'overdue'],
    ['2027-05-01', 'overdue'],
  ])('on %s for a deadline of 15 March with 7 days: %s', (today, kind) => {
    expect(dueKind('2027-03-15', today, 7)).toBe(kind);
  });
  it('counts across a month end', () => {
    expect(dueKind('2027-03-03', '2027-02-24', 7)).toBe('reminder');
    expect(dueKind('2027-03-03', '2027-02-23', 7)).toBeUndefined();
  });
});
