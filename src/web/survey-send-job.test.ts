// A round's mail sent from its page as a background job, through HTTP on a real database and a slow real SMTP
// server on 127.0.0.1: the POST answers 303 at once while the job runs; the page shows its progress in a live
// region with an "Opdater" link and the polling script, and the status read answers the same sentence; a second
// click while it runs is refused with a Danish message saying what is under way, nothing queued; the finished
// job's outcome is shown, in Danish and with ?lang=en; with the server down the job ends "færdig med fejl" with
// every recipient's failure listed. Every page's visible text is read for template leaks and English words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { checkedPageText } from '../../test/support/page-text.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import type { Actor } from '../domain/access/index.ts';
import { parseMailSettings } from '../platform/mail-settings.ts';
import { listAudit } from '../store/audit-store.ts';
import { importRecipients, openSurveyRound } from '../service/surveys.ts';

let t: TestApp;
let sink: SmtpSink;
const now = new Date('2026-03-05T09:00:00Z');
const adminActor: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };

beforeAll(async () => {
  // Each mail takes the server a quarter of a second: 8 recipients keep the job running for two seconds.
  sink = await startSmtpSink({ delayMs: 250 });
  const mail = parseMailSettings({
    SMTP_URL: sink.url,
    MAIL_FROM: 'Pejlemærke <noreply@ballerup.dk>',
    PUBLIC_URL: 'https://pejlemaerke.test',
  });
  if (!mail.ok) throw new Error(mail.problems.join('; '));
  t = await startTestApp(undefined, undefined, { mail: mail.settings, now: () => now });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
}, 120_000);
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

const readable = checkedPageText;

async function newRound(name: string, n: number): Promise<string> {
  const ctx = { database: t.database, actor: adminActor, now: () => now };
  const { round } = await openSurveyRound(ctx, {
    questionnaire: 'fvu-sprogtilbud',
    opens: '2026-03-03',
    closes: '2026-03-31',
    name,
  });
  const lines = Array.from(
    { length: n },
    (_, i) => `Udbyder ${i + 1},udbyder,151,K ${i + 1},u${i + 1}@${name}.dk`,
  );
  await importRecipients(
    ctx,
    round.id,
    Buffer.from(['organisation,type,area,contact,email', ...lines].join('\r\n')),
    'modtagere.csv',
  );
  return `/undersoegelser/runder/${round.id}`;
}

async function status(b: Browser, roundUrl: string, lang = ''): Promise<Record<string, unknown>> {
  const res = await b.get(`${roundUrl}/udsendelse${lang}`);
  expect(res.statusCode).toBe(200);
  return JSON.parse(res.body) as Record<string, unknown>;
}

async function ended(b: Browser, roundUrl: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 400; i++) {
    const s = await status(b, roundUrl);
    if (s.done === true) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the send job did not end');
}

describe('mail from the round page as a background job', () => {
  let admin: Browser;

  it('answers at once, shows the progress, refuses a second click, then shows the outcome', async () => {
    const roundUrl = await newRound('forsinket', 8);
    admin = new Browser(t.app, '10.9.0.1');
    await admin.login('admin@ballerup.dk');
    const before = readable((await admin.get(roundUrl)).body);
    expect(before).not.toContain('Seneste udsendelse');
    expect(await status(admin, roundUrl)).toEqual({ state: 'none', done: true, status: '' });
    for (const bad of ['/undersoegelser/runder/abc/udsendelse', '/undersoegelser/runder/999999/udsendelse']) {
      const res = await admin.get(bad);
      expect(res.statusCode, bad).toBe(404);
      expect(readable(res.body)).not.toContain('survey round');
    }

    const post = await admin.post(`${roundUrl}/send`, { _csrf: admin.token, mode: 'invitations' });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe(`${roundUrl}#udsendelse`);
    // Answered before the job could have mailed them all (8 × 250 ms).
    expect(sink.received.length).toBeLessThan(8);
    expect((await status(admin, roundUrl)).done).toBe(false);

    const running = await admin.get(roundUrl);
    const text = readable(running.body);
    expect(text).toMatch(
      /Seneste udsendelse (Udsendelsen af invitationer er sat i gang og begynder om et øjeblik\.|Sender invitationer: \d af 8 sendt, 0 fejlet)/,
    );
    expect(text).toContain('Bestilt af admin@ballerup.dk');
    expect(text).toContain('Mailene sendes, også hvis du lukker siden.');
    expect(running.body).toMatch(/<div id="job-status"[^>]*aria-live="polite"[^>]*data-done="no"/);
    expect(running.body).toContain(`<a href="${roundUrl}#udsendelse">Opdater</a>`);
    expect(running.body).toContain('<script src="/assets/app/import-job.js" defer></script>');
    expect(running.body).not.toMatch(/<meta[^>]+refresh/i);
    const english = await admin.get(`${roundUrl}?lang=en`);
    expect(readable(english.body, 'en')).toMatch(
      /Latest mailing (The mailing of invitations has been started|Sending invitations: \d of 8 sent, 0 failed)/,
    );
    expect(english.body).toContain(`<a href="${roundUrl}?lang=en#udsendelse">Update</a>`);

    // A second click while it runs: refused on the round page, saying what is under way; nothing queued.
    const again = await admin.post(`${roundUrl}/send`, { _csrf: admin.token, mode: 'reminders' });
    expect(again.statusCode).toBe(409);
    expect(readable(again.body)).toMatch(
      /Der sendes allerede mail i denne runde, så intet nyt er sat i gang\. Vent, til udsendelsen er færdig\. Nu: (Udsendelsen af invitationer er sat i gang|Sender invitationer: \d af 8 sendt, 0 fejlet)/,
    );
    const againEn = await admin.post(`${roundUrl}/send?lang=en`, { _csrf: admin.token, mode: 'retry' });
    expect(againEn.statusCode).toBe(409);
    expect(readable(againEn.body, 'en')).toContain(
      'Mail is being sent in this round already, so nothing new was started.',
    );

    const done = await ended(admin, roundUrl);
    expect(done).toMatchObject({ state: 'done', due: 8, sent: 8, failed: 0 });
    expect(done.status).toBe('Udsendelsen af invitationer er færdig: 8 sendt, 0 fejlet, 0 sprunget over.');
    const finished = await admin.get(roundUrl);
    const outcome = readable(finished.body);
    expect(outcome).toContain('Udsendelsen af invitationer er færdig: 8 sendt, 0 fejlet, 0 sprunget over.');
    expect(outcome).toMatch(/Afsluttet \d+\. marts 2026/);
    expect(finished.body).toMatch(/data-done="yes"/);
    expect(finished.body).not.toContain('import-job.js');
    expect(readable((await admin.get(`${roundUrl}?lang=en`)).body, 'en')).toContain(
      'The mailing of invitations has finished: 8 sent, 0 failed, 0 skipped.',
    );
    expect(sink.received.filter((m) => m.envelopeTo[0]?.endsWith('@forsinket.dk'))).toHaveLength(8);
    const audit = await listAudit(t.database.db, 100);
    const queued = audit.filter((a) => a.action === 'survey.send');
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ actor: 'admin@ballerup.dk', outcome: 'ok' });
    expect(audit.find((a) => a.action === 'survey.sent')?.after).toMatchObject({ sent: 8, failed: 0 });
  });

  it('ends "færdig med fejl" with every failure listed when the mail server is down', async () => {
    const roundUrl = await newRound('nede', 3);
    await sink.close();
    const post = await admin.post(`${roundUrl}/send`, { _csrf: admin.token, mode: 'invitations' });
    expect(post.statusCode).toBe(303);
    expect(await ended(admin, roundUrl)).toMatchObject({ state: 'done', sent: 0, failed: 3 });
    const text = readable((await admin.get(roundUrl)).body);
    expect(text).toContain(
      'Udsendelsen af invitationer er færdig med fejl: 0 sendt, 3 fejlet, 0 sprunget over.',
    );
    expect(text).toContain('Mails, der ikke kunne sendes (3)');
    for (let i = 1; i <= 3; i++)
      expect(text).toMatch(
        new RegExp(`Udbyder ${i} u${i}@nede\\.dk Invitation kunne ikke forbinde til mailserveren`),
      );
    expect(text).toContain('Send de fejlede igen');
  });
});
