// Survey rounds by focus area, through HTTP on a real database: two tovholdere of different areas each see on
// /undersoegelser only the rounds about an area of theirs (a round's areas are those of the indicators its
// questionnaire feeds), get the Danish 403 on another area's round and on its sub-pages, and never see
// recipients' names, e-mail addresses, mail state or the raw answers' links, nor the answered counts of a round
// or group of fewer than three recipients; a reader and an administrator see every round, and only the
// administrator the recipients and every count. The refusal is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { decodeEntities, visibleText, checkedPageText } from '../../test/support/page-text.ts';
import { systemActor } from '../domain/access/index.ts';
import { roundScope } from '../service/survey-scope.ts';
import { getSurveyRound, importRecipients, openSurveyRound } from '../service/surveys.ts';
import { listAudit } from '../store/audit-store.ts';

let t: TestApp;
let ip = 0;
const rounds = { housing: '', democracy: '' };
const csv = [
  'organisation;type;område;kontaktperson;e-mail',
  'Boligselskabet Vest;boligafdeling;151;Hanne Hemmelig;hanne@vest.dk',
  'Afdeling Nord;boligafdeling;151;Ib Ukendt;ib@nord.dk',
].join('\r\n');

beforeAll(async () => {
  t = await startTestApp(undefined, undefined, {
    mail: { smtp: undefined, publicUrl: 'https://pejlemaerke.test', followupReminderDays: 7 },
  });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'reader@ballerup.dk', 'reader');
  // Center for By, Erhverv og Miljø leads Boligsociale fællesskaber; Center for Skoler, Institutioner og Kultur
  // leads Demokratisk dannelse. Center for Arbejdsmarked has a part in neither.
  await createUser(t.database, 'bolig@ballerup.dk', 'editor', ['center-for-by-erhverv-og-miljoe']);
  await createUser(t.database, 'skole@ballerup.dk', 'editor', ['center-for-skoler-institutioner-og-kultur']);
  await createUser(t.database, 'cfa@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  const system = { database: t.database, actor: systemActor, now: () => new Date() };
  const dates = { opens: '2026-01-01', closes: '2099-12-31' };
  rounds.housing = (
    await openSurveyRound(system, { questionnaire: 'boligsocial-deltagelse', name: 'Boligrunde', ...dates })
  ).round.id;
  rounds.democracy = (
    await openSurveyRound(system, { questionnaire: 'foreningsdemokrati', name: 'Foreningsrunde', ...dates })
  ).round.id;
  for (const id of Object.values(rounds))
    await importRecipients(system, id, Buffer.from(csv), 'modtagere.csv');
}, 120_000);
afterAll(async () => t?.close());

async function as(email: string): Promise<Browser> {
  const b = new Browser(t.app, `10.9.0.${++ip}`);
  expect((await b.login(email)).statusCode).toBe(303);
  return b;
}

const readable = checkedPageText;

const roundUrl = (id: string) => `/undersoegelser/runder/${id}`;

describe('survey rounds by focus area', () => {
  it('works out a round’s focus areas from the indicators its questionnaire feeds', async () => {
    const housing = await roundScope(t.database, await getSurveyRound(t.database, rounds.housing));
    expect(housing.areas.map((a) => a.id)).toEqual(['boligsociale-faellesskaber']);
    expect(housing.resource.areas).toEqual([
      { kind: 'area', lead: 'center-for-by-erhverv-og-miljoe', involved: [] },
    ]);
    const democracy = await roundScope(t.database, await getSurveyRound(t.database, rounds.democracy));
    expect(democracy.areas.map((a) => a.id)).toEqual(['demokratisk-dannelse']);
  });

  it('lists for each tovholder only the rounds about their own areas', async () => {
    for (const [email, mine, other] of [
      ['bolig@ballerup.dk', rounds.housing, rounds.democracy],
      ['skole@ballerup.dk', rounds.democracy, rounds.housing],
    ] as const) {
      const b = await as(email);
      const list = await b.get('/undersoegelser');
      expect(list.statusCode).toBe(200);
      const text = readable(list.body);
      expect(list.body).toContain(`href="${roundUrl(mine)}"`);
      expect(list.body).not.toContain(`href="${roundUrl(other)}"`);
      expect(text).toContain('Du ser de runder, der handler om indsatsområder');
      const en = await b.get('/undersoegelser?lang=en');
      expect(decodeEntities(en.body)).toContain('You see the rounds about focus areas');
    }
    const none = await as('cfa@ballerup.dk');
    const text = readable((await none.get('/undersoegelser')).body);
    expect(text).toContain('Der er ingen runder om dine indsatsområder.');
    expect(text).not.toContain('Boligrunde');
  });

  it('shows a tovholder their round’s response rates, but no recipient, address or raw answers', async () => {
    const b = await as('bolig@ballerup.dk');
    const page = await b.get(roundUrl(rounds.housing));
    expect(page.statusCode).toBe(200);
    const text = readable(page.body);
    expect(text).toContain('Boligsociale fællesskaber');
    expect(text).toContain('Svarprocent');
    for (const secret of ['Hanne Hemmelig', 'hanne@vest.dk', 'Boligselskabet Vest', 'Ikke inviteret'])
      expect(text).not.toContain(secret);
    expect(page.body).not.toContain('svar.csv');
    expect(page.body).not.toContain('/links');
    // Two recipients: how many answered would say whether each of them did.
    expect(text).toContain('Skjult: runden har kun 2 modtagere');
    expect(text).toContain('vises ikke, hvor mange der har svaret');
    expect(text).not.toContain('0 af 2 har svaret');
    expect(readable((await b.get('/undersoegelser')).body)).toContain('Skjult: runden har kun 2 modtagere');
    const admin = await as('admin@ballerup.dk');
    const full = visibleText((await admin.get(roundUrl(rounds.housing))).body);
    expect(full).toContain('0 af 2 har svaret');
    expect(full).not.toContain('skjult');
  });

  it('refuses another area’s round and each of its sub-pages with the Danish 403, and audits it', async () => {
    const b = await as('bolig@ballerup.dk');
    const other = roundUrl(rounds.democracy);
    for (const path of ['', '/luk', '/links', '/offentliggoer', '/svar.csv', '/svar.xlsx']) {
      const res = await b.get(`${other}${path}`);
      expect(res.statusCode, path).toBe(403);
      const text = readable(res.body);
      expect(text).toContain('Du har ikke adgang');
      expect(text).not.toContain('Foreningsrunde');
      expect(text).not.toContain('Hanne Hemmelig');
    }
    for (const [path, body] of [
      ['/send', { mode: 'invitations' }],
      ['/links', { hvem: 'alle' }],
      ['/luk', { confirm: 'ja' }],
    ] as const)
      expect((await b.post(`${other}${path}`, { _csrf: b.token, ...body })).statusCode).toBe(403);
    const en = await b.get(`${other}?lang=en`);
    expect(en.statusCode).toBe(403);
    expect(en.body).toContain('lang="en"');
    // A round that does not exist is not found, for everyone.
    expect((await b.get(roundUrl('999999'))).statusCode).toBe(404);
    const refusal = (await listAudit(t.database.db, 50)).find(
      (a) => a.action === 'survey.read' && a.outcome === 'refused',
    );
    expect(refusal).toMatchObject({ actor: 'bolig@ballerup.dk', subjectId: rounds.democracy });
  });

  it('lets a reader and an administrator read every round; only the administrator sees the recipients', async () => {
    const reader = await as('reader@ballerup.dk');
    const admin = await as('admin@ballerup.dk');
    for (const b of [reader, admin]) {
      const list = await b.get('/undersoegelser');
      for (const id of Object.values(rounds)) expect(list.body).toContain(`href="${roundUrl(id)}"`);
      expect(readable(list.body)).not.toContain('Du ser de runder');
    }
    for (const id of Object.values(rounds)) {
      const r = await reader.get(roundUrl(id));
      expect(r.statusCode).toBe(200);
      expect(readable(r.body)).not.toContain('hanne@vest.dk');
      const a = await admin.get(roundUrl(id));
      expect(a.statusCode).toBe(200);
      // Mail is off here, and its notice names the settings SMTP_URL and MAIL_FROM: the text is not read for words.
      expect(visibleText(a.body)).toContain('hanne@vest.dk');
    }
  });
});
