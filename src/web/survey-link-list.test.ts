// The printable list of survey links through HTTP on a real database: each organisation's block holds a QR code
// that really is its link (drawn by resvg, read by jsQR); the confirmation page's one-time value makes the list
// once, so posting it again (a reload, back and forward, or two posts at once) issues nothing, leaves the first
// list's links working and says when and by whom it was made, in Danish and English; a forged, missing, other
// round's or day-old value gets a Danish 400 and issues nothing; a new list replaces the links and the old list
// then says how many still work. Pages holding links or the value are never cached.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { decodeEntities, visibleText, checkedPageText } from '../../test/support/page-text.ts';
import { readQr } from '../../test/support/qr-read.ts';
import { systemActor } from '../domain/access/index.ts';
import { importRecipients, openSurveyRound } from '../service/surveys.ts';
import { listAudit } from '../store/audit-store.ts';

let t: TestApp;
let clock = new Date('2026-03-05T13:07:00Z');
const rounds = { main: '', other: '' };
let admin: Browser;
const csv = [
  'organisation;type;område;kontaktperson;e-mail',
  'Sprogcaféen;frivillig;151;Cæcilie;cafe@example.dk',
  'AOF;udbyder;151;Bo;bo@aof.dk',
  'VUC Vest;udbyder;151;Ane Ø;ane@vuc.dk',
].join('\r\n');

beforeAll(async () => {
  t = await startTestApp(undefined, undefined, {
    mail: { smtp: undefined, publicUrl: 'https://pejlemaerke.test', followupReminderDays: 7 },
    now: () => clock,
  });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  const system = { database: t.database, actor: systemActor, now: () => clock };
  for (const k of ['main', 'other'] as const) {
    rounds[k] = (
      await openSurveyRound(system, {
        questionnaire: 'fvu-sprogtilbud',
        name: `FVU ${k}`,
        opens: '2026-01-01',
        closes: '2099-12-31',
      })
    ).round.id;
    await importRecipients(system, rounds[k], Buffer.from(csv), 'modtagere.csv');
  }
  admin = new Browser(t.app, '10.7.0.1');
  await admin.login('admin@ballerup.dk');
}, 120_000);
afterAll(async () => t?.close());

const linksUrl = (id: string) => `/undersoegelser/runder/${id}/links`;
const linkPattern = /https:\/\/pejlemaerke\.test\/svar\/([A-Za-z0-9_-]{43})/g;
const oneLink = /https:\/\/pejlemaerke\.test\/svar\/[A-Za-z0-9_-]{43}/;

const readable = checkedPageText;

async function offer(roundId = rounds.main): Promise<string> {
  const page = await admin.get(linksUrl(roundId));
  expect(page.statusCode).toBe(200);
  expect(page.headers['cache-control']).toBe('no-store');
  const nonce = /name="liste" value="([A-Za-z0-9_-]{43})"/.exec(page.body)?.[1];
  expect(nonce).toBeDefined();
  return nonce as string;
}

const post = (body: Record<string, string>, roundId = rounds.main, lang = '') =>
  admin.post(`${linksUrl(roundId)}${lang}`, { _csrf: admin.token, ...body });

async function answers(token: string): Promise<number> {
  return (await t.app.inject({ method: 'GET', url: `/svar/${token}` })).statusCode;
}

const issuedCount = async () =>
  (await listAudit(t.database.db, 500)).filter((a) => a.action === 'survey.links').length;

describe('the printable list of links', () => {
  let first = '';
  let firstTokens: string[] = [];

  it('keeps the form’s one-time value only as its hash', async () => {
    const nonce = await offer();
    const rows = await sql<Record<string, unknown>>`select * from survey_link_list`.execute(t.database.db);
    expect(JSON.stringify(rows.rows)).not.toContain(nonce);
    const hash = createHash('sha256').update(nonce).digest();
    const found = await sql<{ n: string }>`
      select count(*)::text as n from survey_link_list where nonce_sha256 = ${hash}`.execute(t.database.db);
    expect(found.rows[0]?.n).toBe('1');
  });

  it('makes the list with a QR code per organisation that holds its link, never cached', async () => {
    first = await offer();
    const res = await post({ hvem: 'alle', liste: first });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = readable(res.body);
    expect(text).toContain('Personlige links (3)');
    expect(text).toContain('Hver organisation kan scanne sin QR-kode');
    const blocks = [...res.body.matchAll(/<li class="survey-link-card">([\s\S]*?)<\/li>/g)].map(
      (m) => m[1] ?? '',
    );
    expect(blocks).toHaveLength(3);
    for (const block of blocks) {
      const svg = /<svg[\s\S]*?<\/svg>/.exec(block)?.[0] ?? '';
      expect(svg).toContain('aria-hidden="true"');
      const printed = decodeEntities(/<code class="survey-link">([^<]+)<\/code>/.exec(block)?.[1] ?? '');
      expect(printed).toMatch(oneLink);
      expect(readQr(svg)).toBe(printed);
    }
    firstTokens = [...res.body.matchAll(linkPattern)].map((m) => m[1] as string);
    expect(new Set(firstTokens).size).toBe(3);
    for (const token of firstTokens) expect(await answers(token)).toBe(200);
  });

  it('issues nothing when the same form is posted again, and says when and by whom the list was made', async () => {
    const before = await issuedCount();
    clock = new Date('2026-03-05T13:20:00Z');
    const again = await post({ hvem: 'alle', liste: first });
    expect(again.statusCode).toBe(200);
    expect(again.headers['cache-control']).toBe('no-store');
    expect(again.body).not.toMatch(oneLink);
    const text = readable(again.body);
    expect(text).toContain('Listen er allerede lavet');
    expect(text).toContain('blev lavet 5. marts 2026 kl. 14.07 af Test admin');
    expect(text).toContain('Linkene på listen virker stadig (3).');
    expect(again.body).toContain(`href="${linksUrl(rounds.main)}"`);
    for (const token of firstTokens) expect(await answers(token)).toBe(200);
    expect(await issuedCount()).toBe(before);
    // The round's page keeps the record of the list printed.
    const round = visibleText((await admin.get(`/undersoegelser/runder/${rounds.main}`)).body);
    expect(round).toContain('Seneste liste blev lavet 5. marts 2026 kl. 14.07 af Test admin med 3 links.');
    const en = await post({ hvem: 'alle', liste: first }, rounds.main, '?lang=en');
    expect(en.statusCode).toBe(200);
    const english = decodeEntities(en.body);
    expect(english).toContain('The list has been made already');
    expect(english).toContain('by Test admin');
    expect(english).toContain('The links on the list still work (3).');
    expect(english).not.toMatch(/\{\w+\}|undefined/);
  });

  it('refuses a forged, missing, other round’s or day-old value with a Danish 400 and issues nothing', async () => {
    const before = await issuedCount();
    const otherRounds = await offer(rounds.other);
    const stale = await offer();
    clock = new Date(clock.getTime() + 25 * 60 * 60 * 1000);
    // A day later the session has ended too: log in again.
    admin = new Browser(t.app, '10.7.0.2');
    await admin.login('admin@ballerup.dk');
    const bodies: Record<string, string>[] = [
      { hvem: 'alle', liste: 'A'.repeat(43) },
      { hvem: 'alle', liste: 'kort' },
      { hvem: 'alle' },
      { hvem: 'alle', liste: otherRounds },
      { hvem: 'alle', liste: stale },
    ];
    for (const body of bodies) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.body).not.toMatch(oneLink);
      const text = readable(res.body);
      expect(text).toContain('Listen blev ikke lavet');
      expect(text).toContain('der blev ikke lavet nogen links');
    }
    const en = await post({ hvem: 'alle' }, rounds.main, '?lang=en');
    expect(en.statusCode).toBe(400);
    expect(decodeEntities(en.body)).toContain('so no links were made');
    expect(await issuedCount()).toBe(before);
    for (const token of firstTokens) expect(await answers(token)).toBe(200);
  });

  it('asks again for whom, with the same value, when no choice was made', async () => {
    const nonce = await offer();
    const res = await post({ liste: nonce });
    expect(res.statusCode).toBe(400);
    expect(readable(res.body)).toContain('Vælg, hvem der skal have et link.');
    expect(res.body).toContain(`name="liste" value="${nonce}"`);
    expect((await post({ hvem: 'uden', liste: nonce })).statusCode).toBe(200);
  });

  it('makes one list of two posts at once with the same value', async () => {
    const before = await issuedCount();
    const nonce = await offer();
    const [a, b] = await Promise.all([
      post({ hvem: 'alle', liste: nonce }),
      post({ hvem: 'alle', liste: nonce }),
    ]);
    const withLinks = [a, b].filter((r) => oneLink.test(r?.body ?? ''));
    expect(withLinks).toHaveLength(1);
    expect(await issuedCount()).toBe(before + 1);
    // The first list's links are replaced now: posting it again says how many still work.
    for (const token of firstTokens) expect(await answers(token)).toBe(404);
    const old = readable((await post({ hvem: 'alle', liste: first })).body);
    expect(old).toContain('0 af listens 3 links virker stadig');
  });
});
