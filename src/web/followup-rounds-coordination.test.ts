// The follow-up rounds as the coordinator runs them, through HTTP: a past deadline asked about (2000-01-01),
// a 10,000-character title and a date that does not exist refused in Danish; title and deadline corrected
// with the change in the audit log; every open round in the overview with its table and the people who answer
// for each area; the round reachable from the area page; the note form beside the area's interventions and
// indicators; a note corrected by a newer one with the history shown, and a stale correction refused with the
// text kept. And an editor moving an intervention's responsible centre away from their own is asked first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { getIntervention } from '../service/interventions.ts';
import { listAudit } from '../store/audit-store.ts';

let t: TestApp;
const clock = Date.parse('2022-06-10T08:00:00Z');
const s = `/strategier/${ballerupId}`;
let ip = 0;
const browser = () => new Browser(t.app, `10.7.0.${++ip}`);

beforeAll(async () => {
  t = await startTestApp(undefined, undefined, { now: () => new Date(clock) });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'cfa@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  await createUser(t.database, 'cfa2@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
});
afterAll(async () => t.close());

describe('follow-up rounds for the coordinator', () => {
  it('asks about a past deadline, refuses bad titles and dates, and corrects a round with the change logged', async () => {
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    const page = await admin.get(`${s}/opfoelgning`);
    expect(page.body).toContain('Skal udfyldes: efter fristen står områder uden statusnote som for sent.');
    expect(page.body).not.toContain('Kan stå tom');
    const past = await admin.post(`${s}/opfoelgning`, {
      _csrf: admin.token,
      title: 'Gammel',
      deadline: '2000-01-01',
    });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('«Frist» (1. januar 2000) ligger før i dag');
    expect(past.body).toContain('name="confirmPast" value="ja"');
    const bad = await admin.post(`${s}/opfoelgning`, {
      _csrf: admin.token,
      title: 'x'.repeat(10_000),
      deadline: '2025-02-30',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('«Rundens navn» må højst være 200 tegn. Teksten er 10000 tegn.');
    expect(bad.body).toContain('«Frist» er en dato, der ikke findes.');
    expect(bad.body).not.toContain('name="confirmPast"');
    const made = await admin.post(`${s}/opfoelgning`, {
      _csrf: admin.token,
      title: 'Gammel',
      deadline: '2000-01-01',
      confirmPast: 'ja',
    });
    expect(made.statusCode).toBe(303);
    const roundUrl = String(made.headers.location).replace('?oprettet=1', '');
    const shown = await admin.get(roundUrl);
    expect(shown.body).toContain('Fristen er overskredet. Områder uden statusnote står som for sent.');
    expect(shown.body).toContain('0 indsendt, 4 for sent, 0 mangler endnu.');

    const editor = browser();
    await editor.login('cfa@ballerup.dk');
    expect(
      (await editor.post(`${roundUrl}/rediger`, { _csrf: editor.token, title: 'x', deadline: '2022-07-01' }))
        .statusCode,
    ).toBe(403);
    const wrong = await admin.post(`${roundUrl}/rediger`, {
      _csrf: admin.token,
      title: '',
      deadline: '2022-02-29',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Udfyld «Rundens navn».');
    const fixed = await admin.post(`${roundUrl}/rediger`, {
      _csrf: admin.token,
      title: 'Opfølgning 1. halvår 2022',
      deadline: '2022-06-30',
    });
    expect(fixed.statusCode).toBe(303);
    const after = await admin.get(String(fixed.headers.location));
    expect(after.body).toContain('Rundens navn og frist er gemt.');
    expect(after.body).toContain('Frist: 30. juni 2022');
    expect(after.body).toContain('0 indsendt, 0 for sent, 4 mangler endnu.');
    expect((await listAudit(t.database.db, 5)).find((a) => a.action === 'round.update')).toMatchObject({
      actor: 'admin@ballerup.dk',
      before: { title: 'Gammel', deadline: '2000-01-01' },
      after: { title: 'Opfølgning 1. halvår 2022', deadline: '2022-06-30' },
    });
  });

  it('shows every open round with its table and names the people per area; the area page leads to the round', async () => {
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    await admin.get(`${s}/opfoelgning`);
    await admin.post(`${s}/opfoelgning`, {
      _csrf: admin.token,
      title: 'Anden runde',
      deadline: '2022-09-01',
    });
    const overview = await admin.get(`${s}/opfoelgning`);
    expect(overview.body).toContain('Åbne runder');
    expect(overview.body.match(/<caption class="sr-only">/g)?.length).toBe(2);
    expect(overview.body).toContain('Test cfa (<a href="mailto:cfa@ballerup.dk">cfa@ballerup.dk</a>)');
    expect(overview.body).toContain('Ingen tovholder kendt for enheden');

    const editor = browser();
    await editor.login('cfa@ballerup.dk');
    const area = await editor.get(`${s}/omraader/beskaeftigelse`);
    expect(area.body).toContain('Opfølgningsrunden «Anden runde» er åben med frist 1. september 2022.');
    expect(area.body).toMatch(/href="\/strategier\/[^"]+\/opfoelgning\/\d+\/omraader\/beskaeftigelse"/);
    const intervention = await editor.get(`${s}/indsatser/krav-til-aktiv-deltagelse`);
    expect(intervention.body).toContain(
      'Opfølgningsrunden «Anden runde» er åben med frist 1. september 2022.',
    );
    const english = await admin.get(`${s}/opfoelgning?lang=en`);
    expect(english.body).toContain('Open rounds');
    expect(english.body).toContain('No lead known for the unit');
    expect(english.body).not.toContain('Åbne runder');
    expect(english.body).not.toMatch(/undefined|NaN|round\.\w+\.\w+/);
    // The public page says nothing of rounds.
    expect((await browser().get(`${s}/omraader/beskaeftigelse`)).body).not.toContain('Opfølgningsrunden');
  });

  it('shows the area’s interventions and indicators beside the form, and corrects a note with a newer one', async () => {
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    await admin.get(`${s}/opfoelgning`);
    const made = await admin.post(`${s}/opfoelgning`, {
      _csrf: admin.token,
      title: 'Rettelsesrunde',
      deadline: '2022-06-30',
    });
    const noteUrl = `${String(made.headers.location).replace('?oprettet=1', '')}/omraader/beskaeftigelse`;
    const a = browser();
    const b = browser();
    await a.login('cfa@ballerup.dk');
    await b.login('cfa2@ballerup.dk');
    const form = await a.get(noteUrl);
    expect(form.body).toContain('Områdets indsatser');
    expect(form.body).toContain('Krav til aktiv deltagelse');
    expect(form.body).toContain('Områdets målinger');
    expect(form.body).toContain('Offentligt forsørgede');
    expect(form.body).toContain('name="supersedes" value=""');
    expect(form.body).toContain('Skriv statusnoten');
    const first = await a.post(noteUrl, {
      _csrf: a.token,
      supersedes: '',
      status: 'partly',
      body: 'Første udgave',
    });
    expect(first.statusCode).toBe(303);
    // B opened the form before A saved: B's note would replace a text B never saw.
    await b.get(noteUrl);
    const openedOn = /name="supersedes" value="(\d+)"/.exec((await a.get(noteUrl)).body)?.[1] ?? '';
    expect(openedOn).not.toBe('');
    const stale = await b.post(noteUrl, {
      _csrf: b.token,
      supersedes: '',
      status: 'on-track',
      body: 'Bs tekst',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('En anden har skrevet en statusnote for området, mens du skrev.');
    expect(stale.body).toContain('Bs tekst</textarea>');
    expect(stale.body).toContain(`name="supersedes" value="${openedOn}"`);
    const page = await a.get(noteUrl);
    expect(page.body).toContain('Ret statusnoten');
    const corrected = await a.post(noteUrl, {
      _csrf: a.token,
      supersedes: openedOn,
      status: 'on-track',
      body: 'Rettet udgave',
    });
    expect(corrected.statusCode).toBe(303);
    const history = (await a.get(noteUrl)).body;
    expect(history.indexOf('Rettet udgave')).toBeLessThan(history.indexOf('Første udgave'));
    expect(history).toContain('gældende');
    expect(history).toContain('erstattet');
    expect(history).toContain('retter noten fra');
  });
});

describe('an intervention’s responsible centre', () => {
  it('asks an editor before it moves away from their own centres, and saves once confirmed', async () => {
    const editor = browser();
    await editor.login('cfa@ballerup.dk');
    const url = `${s}/indsatser/rekruttering-og-opkvalificering/rediger`;
    const revisionOf = async () =>
      /name="revision" value="(\d+)"/.exec((await editor.get(url)).body)?.[1] ?? '';
    // The strategy names no responsible centre: the editor takes it on first (nothing to ask), then moves it.
    const taken = await editor.post(url, {
      _csrf: editor.token,
      revision: await revisionOf(),
      title: 'Rekruttering og opkvalificering',
      description: '',
      status: 'ongoing',
      leadCentre: 'center-for-arbejdsmarked',
      startsOn: '',
      endsOn: '',
    });
    expect(taken.statusCode).toBe(303);
    const revision = await revisionOf();
    const form = {
      _csrf: editor.token,
      revision,
      title: 'Rekruttering og opkvalificering',
      description: '',
      status: 'ongoing',
      leadCentre: 'center-for-by-erhverv-og-miljoe',
      startsOn: '',
      endsOn: '',
    };
    const asked = await editor.post(url, form);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Ansvaret flyttes væk fra dine enheder');
    expect(asked.body).toContain('fra Center for Arbejdsmarked til Center for By, Erhverv og Miljø');
    expect(asked.body).toContain('Du kan fortsat redigere indsatsen, fordi din enhed er med i området');
    expect(asked.body).toContain('name="confirmLeadMove" value="ja"');
    const stored = await getIntervention(t.database, ballerupId, 'rekruttering-og-opkvalificering');
    expect(stored?.intervention.leadCentre).toBe('center-for-arbejdsmarked');
    const saved = await editor.post(url, { ...form, _csrf: editor.token, confirmLeadMove: 'ja' });
    expect(saved.statusCode).toBe(303);
    expect(
      (await getIntervention(t.database, ballerupId, 'rekruttering-og-opkvalificering'))?.intervention
        .leadCentre,
    ).toBe('center-for-by-erhverv-og-miljoe');
  });
});
