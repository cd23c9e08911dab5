// Finishing a survey round from its page, through HTTP on a real database: a round opened, answered through its
// links and closed through the service; the publish button and its confirmation page only for a closed round
// and an administrator (an open round, a second publish, a forged post, a tovholder and an unknown round refused
// in Danish); publishing from the page stores the figures (SURVEY_MIN_RESPONDENTS passed on, here 4) that the
// indicator page then shows; the raw answers as CSV and XLSX with their headers and contents, audited, for
// administrators alone, and refused once the round is purged; the printable list of links, made by a POST from
// a page that says a new link replaces the old one.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, cookieHeader, createUser } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { checkedPageText } from '../../test/support/page-text.ts';
import { boligsocialAnswers } from '../../test/support/survey-round.ts';
import type { Actor } from '../domain/access/index.ts';
import { parseMailSettings } from '../platform/mail-settings.ts';
import { purgeSurveyRound } from '../service/survey-retention.ts';
import {
  closeSurveyRound,
  importRecipients,
  issueLinks,
  lookupLink,
  openSurveyRound,
  saveAnswerPage,
  submitAnswer,
} from '../service/surveys.ts';
import { listAudit } from '../store/audit-store.ts';

let t: TestApp;
let clock = new Date('2025-03-01T09:00:00Z');
let ip = 0;
let roundUrl = '';
let roundId = '';
const browser = () => new Browser(t.app, `10.9.0.${++ip}`);
const adminActor: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const respondent: Actor = { kind: 'anonymous', id: 'anonymous', origin: '192.0.2.7' };
const ctx = (actor: Actor = adminActor) => ({ database: t.database, actor, now: () => clock });
const orgs = ['Baldersbo', 'Grantoften', 'Hedegården', 'Lundegården', 'Ballerup Nord'];
const DIVERSE = 'aktiviteter-med-mangfoldig-deltagelse';
const firstTokens = new Map<string, string>();
const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

beforeAll(async () => {
  // Mail settings only so the page has no "mail is off" note; nothing is sent here.
  const mail = parseMailSettings({
    SMTP_URL: 'smtp://127.0.0.1:9',
    MAIL_FROM: 'Pejlemærke <noreply@ballerup.dk>',
    PUBLIC_URL: 'https://pejlemaerke.test',
  });
  if (!mail.ok) throw new Error(mail.problems.join('; '));
  t = await startTestApp(undefined, undefined, {
    now: () => clock,
    mail: mail.settings,
    surveyMinRespondents: 4,
  });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'bolig@ballerup.dk', 'editor', ['center-for-by-erhverv-og-miljoe']);
  const { round } = await openSurveyRound(ctx(), {
    questionnaire: 'boligsocial-deltagelse',
    name: 'Boligsocial 2024',
    opens: '2025-03-01',
    closes: '2025-03-31',
    period: '2024',
  });
  roundId = round.id;
  roundUrl = `/undersoegelser/runder/${round.id}`;
  const lines = orgs.map((o, i) => `${o};forening;151;Kontakt ${i + 1};kontakt${i + 1}@example.dk`);
  await importRecipients(
    ctx(),
    round.id,
    Buffer.from(['organisation;type;område;kontaktperson;e-mail', ...lines].join('\r\n')),
    'modtagere.csv',
  );
  const links = await issueLinks(ctx(), round.id, { baseUrl: 'https://pejlemaerke.ballerup.dk' });
  for (const l of links.issued) firstTokens.set(l.recipient.organisation, tokenOf(l.link));
  clock = new Date('2025-03-05T09:00:00Z');
  // Four of five answer: two say most activities are diverse, two few — a share of 2 of 4.
  for (const [i, name] of orgs.slice(0, 4).entries()) {
    const link = links.issued.find((l) => l.recipient.organisation === name)?.link ?? '';
    const token = link.slice(link.lastIndexOf('/') + 1);
    const pages = boligsocialAnswers(2 + (i % 2), 4, i < 2 ? 'de-fleste' : 'faa');
    for (const [page, answers] of pages.entries())
      await saveAnswerPage(ctx(respondent), token, page, answers, { nextPage: page + 1 });
    await submitAnswer(ctx(respondent), token);
  }
}, 180_000);
afterAll(async () => t?.close());

function readable(html: string, lang: 'da' | 'en' = 'da'): string {
  const text = checkedPageText(html, lang);
  expect(text).not.toMatch(/survey\.finish/);
  return text;
}

/** Moves the clock, and logs the administrator in again (a session lasts hours, not weeks). */
async function later(at: string): Promise<Browser> {
  clock = new Date(at);
  const b = browser();
  await b.login('admin@ballerup.dk');
  return b;
}

async function download(b: Browser, url: string) {
  return t.app.inject({ method: 'GET', url, remoteAddress: b.ip, headers: { cookie: cookieHeader(b.jar) } });
}

describe('finishing a survey round from its page', () => {
  let admin: Browser;

  it('refuses publishing an open round, beside the button and on the page', async () => {
    admin = browser();
    await admin.login('admin@ballerup.dk');
    const page = readable((await admin.get(roundUrl)).body);
    expect(page).toContain('Resultaterne kan offentliggøres, når runden er lukket.');
    expect(page).not.toContain('Offentliggør resultaterne …');
    const ask = await admin.get(`${roundUrl}/offentliggoer`);
    expect(ask.statusCode).toBe(409);
    expect(readable(ask.body)).toContain(
      'Runden er stadig åben, så resultaterne kan ikke offentliggøres endnu. Luk runden først.',
    );
    const post = await admin.post(`${roundUrl}/offentliggoer`, { _csrf: admin.token, confirm: 'ja' });
    expect(post.statusCode).toBe(409);
    expect(readable(post.body)).toContain('Runden er stadig åben');
  });

  it('gives an administrator the raw answers as CSV and XLSX, never kept and audited', async () => {
    const page = readable((await admin.get(roundUrl)).body);
    expect(page).toContain('Rå svar');
    expect(page).toContain('personoplysninger');
    expect(page).toContain('Hent de rå svar som CSV (til Excel)');
    expect(page).toContain('Hent de rå svar som Excel-ark (XLSX)');

    const csv = await download(admin, `${roundUrl}/svar.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="undersoegelse-runde-${roundId}-svar.csv"`,
    );
    expect(csv.headers['cache-control']).toBe('no-store');
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^organisation;type;/);
    expect(lines.find((l) => l.startsWith('Baldersbo;'))).toMatch(/kontakt1@example\.dk;indsendt;/);
    expect(lines.find((l) => l.startsWith('Ballerup Nord;'))).toContain('ikke besvaret');

    const xlsx = await download(admin, `${roundUrl}/svar.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers['content-disposition']).toBe(
      `attachment; filename="undersoegelse-runde-${roundId}-svar.xlsx"`,
    );
    expect(xlsx.headers['cache-control']).toBe('no-store');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('svar');
    expect(sheet?.rowCount).toBe(6);
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual([
      'organisation',
      'type',
      'omraade',
      'kontaktperson',
      'e-mail',
      'status',
    ]);
    const row = sheet?.getRow(2).values as unknown[];
    expect(row[1]).toBe('Baldersbo');
    expect(row[5]).toBe('kontakt1@example.dk');
    expect(row[6]).toBe('indsendt');
    expect(row[header.indexOf('andel-mangfoldige') + 1]).toBe('de-fleste');

    const audit = await listAudit(t.database.db, 50);
    const exports = audit.filter((a) => a.action === 'survey.export' && a.actor === 'admin@ballerup.dk');
    expect(exports).toHaveLength(2);
  });

  it('makes a printable list of links after saying that a new link replaces the old one', async () => {
    const ask = await admin.get(`${roundUrl}/links`);
    expect(ask.statusCode).toBe(200);
    const text = readable(ask.body);
    expect(text).toContain('Runden har 5 modtagere; 5 har allerede et link, 0 har ikke.');
    expect(text).toContain('Et nyt link erstatter modtagerens tidligere link');
    expect(text).toContain('Kun modtagere uden et link (0)');
    expect(readable((await admin.get(`${roundUrl}/links?lang=en`)).body, 'en')).toContain(
      'a link in a mail already sent stops working',
    );
    const forged = await admin.post(`${roundUrl}/links`, { hvem: 'alle' });
    expect(forged.statusCode).toBe(403);
    // Each list is made from a confirmation page of its own: its form's one-time value (survey-link-list.test.ts).
    const offer = async () =>
      /name="liste" value="([^"]+)"/.exec((await admin.get(`${roundUrl}/links`)).body)?.[1] ?? '';
    const nobody = await admin.post(`${roundUrl}/links`, {
      _csrf: admin.token,
      hvem: 'nogen',
      liste: await offer(),
    });
    expect(nobody.statusCode).toBe(400);
    expect(readable(nobody.body)).toContain('Vælg, hvem der skal have et link.');
    const none = await admin.post(`${roundUrl}/links`, {
      _csrf: admin.token,
      hvem: 'uden',
      liste: await offer(),
    });
    expect(none.statusCode).toBe(200);
    expect(none.headers['cache-control']).toBe('no-store');
    expect(readable(none.body)).toContain('5 modtagere havde allerede et link og fik ikke et nyt.');
    expect(readable(none.body)).toContain('Der blev ikke lavet nogen links');
    // Ballerup Nord's first link still works: nothing was replaced.
    expect((await lookupLink(t.database, firstTokens.get('Ballerup Nord') ?? '', clock)).state).toBe('open');

    const all = await admin.post(`${roundUrl}/links`, {
      _csrf: admin.token,
      hvem: 'alle',
      liste: await offer(),
    });
    expect(all.statusCode).toBe(200);
    expect(all.headers['cache-control']).toBe('no-store');
    const list = readable(all.body);
    expect(list).toContain('Linkene vises kun nu.');
    expect(list).toContain('Personlige links (5)');
    const links = [...all.body.matchAll(/https:\/\/pejlemaerke\.test\/svar\/[A-Za-z0-9_-]+/g)].map(
      (m) => m[0],
    );
    expect(links).toHaveLength(5);
    expect(list).toMatch(
      /Ballerup Nord\s+forening\s+Kontaktperson: Kontakt 5\s+Link til skemaet:\s+https:\/\/pejlemaerke\.test\/svar\//,
    );
    const nord =
      /Ballerup Nord[\s\S]*?(https:\/\/pejlemaerke\.test\/svar\/[A-Za-z0-9_-]+)/.exec(all.body)?.[1] ?? '';
    expect((await lookupLink(t.database, tokenOf(nord), clock)).state).toBe('open');
    expect((await lookupLink(t.database, firstTokens.get('Ballerup Nord') ?? '', clock)).state).toBe(
      'unknown',
    );
    const audit = await listAudit(t.database.db, 50);
    expect(audit.some((a) => a.action === 'survey.links' && a.actor === 'admin@ballerup.dk')).toBe(true);
  });

  it('keeps the raw answers and the publish page from a tovholder and the public', async () => {
    const editor = browser();
    await editor.login('bolig@ballerup.dk');
    const page = await editor.get(roundUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('svar.csv');
    expect(page.body).not.toContain('Rå svar');
    for (const url of [
      `${roundUrl}/svar.csv`,
      `${roundUrl}/svar.xlsx`,
      `${roundUrl}/offentliggoer`,
      `${roundUrl}/links`,
    ]) {
      const res = await download(editor, url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain('kontakt1@example.dk');
      const anon = await t.app.inject({ method: 'GET', url });
      expect(anon.statusCode, url).toBe(303);
      expect(anon.headers.location).toMatch(/^\/log-ind\?next=/);
    }
    const post = await editor.post(`${roundUrl}/offentliggoer`, { _csrf: editor.token, confirm: 'ja' });
    expect(post.statusCode).toBe(403);
    const links = await editor.post(`${roundUrl}/links`, { _csrf: editor.token, hvem: 'alle' });
    expect(links.statusCode).toBe(403);
    expect(links.body).not.toContain('/svar/');
  });

  it('asks before publishing a closed round and says what will happen', async () => {
    admin = await later('2025-04-01T09:00:00Z');
    await closeSurveyRound(ctx(), roundId);
    const page = readable((await admin.get(roundUrl)).body);
    expect(page).toContain(
      'Runden er lukket. Når resultaterne offentliggøres, bliver tallene indikatorernes tal.',
    );
    expect(page).toContain('Offentliggør resultaterne …');
    expect(page).not.toContain('Lav links til udskrift');
    const late = await admin.get(`${roundUrl}/links`);
    expect(late.statusCode).toBe(409);
    expect(readable(late.body)).toContain('Runden er ikke åben, så der laves ikke flere links.');
    const ask = await admin.get(`${roundUrl}/offentliggoer`);
    expect(ask.statusCode).toBe(200);
    const text = readable(ask.body);
    expect(text).toContain('Offentliggør resultaterne af «Boligsocial 2024»');
    expect(text).toContain('gemmes som én ny indlæsning: de bliver indikatorernes tal for perioden 2024');
    expect(text).toContain(
      'Et tal, der bygger på færre end 4 svarende organisationer, vises ikke, men som «<4 besvarelser».',
    );
    expect(text).toContain('4 af 5 organisationer har sendt deres svar.');
    expect(text).toContain('Aktiviteter med mangfoldig deltagelse');
    expect(text).toContain('Ja, offentliggør resultaterne');
    const en = readable((await admin.get(`${roundUrl}/offentliggoer?lang=en`)).body, 'en');
    expect(en).toContain('Yes, publish the results');
    expect(en).toContain('“<4 responses” stands in its place');
  });

  it('refuses a forged post, an unconfirmed post and an unknown round', async () => {
    const forged = await admin.post(`${roundUrl}/offentliggoer`, { confirm: 'ja' });
    expect(forged.statusCode).toBe(403);
    expect(readable(forged.body)).toContain('Formularen blev afvist');
    const unconfirmed = await admin.post(`${roundUrl}/offentliggoer`, { _csrf: admin.token });
    expect(unconfirmed.statusCode).toBe(303);
    expect(unconfirmed.headers.location).toBe(`${roundUrl}/offentliggoer`);
    for (const url of [
      '/undersoegelser/runder/99999/offentliggoer',
      '/undersoegelser/runder/99999/svar.csv',
    ]) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(readable(res.body)).toContain('Siden findes ikke');
    }
    const unknown = await admin.post('/undersoegelser/runder/99999/offentliggoer', {
      _csrf: admin.token,
      confirm: 'ja',
    });
    expect(unknown.statusCode).toBe(404);
    expect(readable((await admin.get(roundUrl)).body)).not.toContain('Resultaterne er offentliggjort');
  });

  it('publishes from the page: the figures stored, the indicators linked, and the indicator page shows them', async () => {
    const done = await admin.post(`${roundUrl}/offentliggoer`, { _csrf: admin.token, confirm: 'ja' });
    expect(done.statusCode).toBe(303);
    const location = String(done.headers.location);
    expect(location).toMatch(/\?offentliggjort=1&tal=\d+&skjult=\d+&svar=4&af=5$/);
    const page = await admin.get(location);
    const text = readable(page.body);
    expect(text).toMatch(
      /Resultaterne er offentliggjort: \d+ tal, heraf \d+ vist som for få besvarelser, fra 4 af 5 modtagere\./,
    );
    expect(text).toMatch(/Offentliggjort 1\. april 2025: \d+ tal gemt som én indlæsning \(\d+ nye\)\./);
    expect(text).toContain('Offentliggjort');
    expect(text).not.toContain('Offentliggør resultaterne …');
    const figures = Number(/&tal=(\d+)/.exec(location)?.[1]);
    expect(figures).toBeGreaterThan(0);
    expect(text).toContain(`${figures} tal gemt`);
    const indicatorHref = `/strategier/${ballerupId}/indikatorer/${DIVERSE}`;
    expect(page.body).toContain(`href="${indicatorHref}"`);

    const indicator = readable((await t.app.inject({ method: 'GET', url: indicatorHref })).body);
    // 2 of 4 organisations: 50,0 % with its Wilson interval, 4 responses, response rate 4 of 5.
    expect(indicator).toMatch(/2024 50,0 % 15,0 % – 85,0 % 4 4 80 % \(4 af 5\)/);

    const audit = await listAudit(t.database.db, 50);
    expect(audit.some((a) => a.action === 'survey.publish' && a.actor === 'admin@ballerup.dk')).toBe(true);
    const en = readable((await admin.get(`${roundUrl}?lang=en`)).body, 'en');
    expect(en).toContain('The results are published');
  });

  it('refuses publishing twice, and stores nothing new', async () => {
    const before = (await listAudit(t.database.db, 100)).length;
    const again = await admin.post(`${roundUrl}/offentliggoer`, { _csrf: admin.token, confirm: 'ja' });
    expect(again.statusCode).toBe(409);
    expect(readable(again.body)).toContain(
      'Resultaterne af runden er allerede offentliggjort. Intet nyt er gemt.',
    );
    expect((await listAudit(t.database.db, 100)).length).toBe(before);
    const ask = await admin.get(`${roundUrl}/offentliggoer`);
    expect(ask.statusCode).toBe(303);
    expect(ask.headers.location).toBe(roundUrl);
  });

  it('refuses the raw answers once the round is purged, in Danish', async () => {
    admin = await later('2025-05-02T09:00:00Z');
    await purgeSurveyRound(ctx(), roundId, {});
    for (const format of ['csv', 'xlsx']) {
      const res = await download(admin, `${roundUrl}/svar.${format}`);
      expect(res.statusCode).toBe(409);
      const text = readable(res.body);
      expect(text).toContain('De rå svar er slettet');
      expect(text).toContain('blev slettet 2. maj 2025 efter opbevaringsfristen');
      expect(res.body).not.toContain('kontakt1@example.dk');
    }
    const page = await admin.get(roundUrl);
    const text = readable(page.body);
    expect(text).toContain('De rå svar og kontaktoplysningerne blev slettet 2. maj 2025');
    expect(page.body).not.toContain('svar.csv');
  });
});
