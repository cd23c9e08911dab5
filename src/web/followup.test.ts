// The interventions and follow-up pages through HTTP: the list and page are public (notes are not), the
// area's editor adds, edits, archives and writes notes, another area's editor is refused even with the id
// of the intervention in hand, bad forms come back with Danish errors and the text as typed (escaped), a
// stale or missing form token is refused, a session that ends mid-form loses nothing, and the round
// overview shows who is late.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser, testPassword } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { getIntervention, listInterventions } from '../service/interventions.ts';
import { listAudit } from '../store/audit-store.ts';

let t: TestApp;
let clock = Date.parse('2022-06-10T08:00:00Z');
const tick = (ms: number) => (clock += ms);
const s = `/strategier/${ballerupId}`;
let ip = 0;
const browser = () => new Browser(t.app, `10.8.0.${++ip}`);

beforeAll(async () => {
  t = await startTestApp(undefined, undefined, { now: () => new Date(clock) });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'reader@ballerup.dk', 'reader');
  await createUser(t.database, 'cfa@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  await createUser(t.database, 'bem@ballerup.dk', 'editor', ['center-for-by-erhverv-og-miljoe']);
});
afterAll(async () => t.close());

const form = (over: Record<string, string | string[]> = {}) => ({
  title: 'Jobmentorer',
  description: '',
  status: 'planned',
  leadCentre: 'center-for-arbejdsmarked',
  startsOn: '2022-01-01',
  endsOn: '2023-12-31',
  indicatorIds: ['ledige-efter-13-uger', 'offentlig-forsoergelse'],
  ...over,
});

describe('interventions', () => {
  it('lists the 22 interventions publicly by area, with what the strategy states of them and nothing invented', async () => {
    const b = browser();
    const list = await b.get(`${s}/indsatser`);
    expect(list.statusCode).toBe(200);
    expect(list.body.match(/<tr>\s*<td><a href="\/strategier\/[^"]+\/indsatser\//g)?.length).toBe(22);
    // The strategy states no status, responsible centre or period for its bullets.
    expect(list.body).toContain('Ikke angivet');
    expect(list.body.match(/istatus-unstated">Ikke angivet</g)?.length).toBe(22);
    expect(list.body).not.toContain('Tilføj en indsats'); // the public cannot add
    expect((await b.get(`${s}/indsatser?status=completed`)).body).toContain(
      'Ingen indsatser med den status.',
    );
    expect((await b.get(`${s}/indsatser?status=<script>`)).statusCode).toBe(400);
    const page = await b.get(`${s}/indsatser/forloeb-paa-arbejdspladser`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Ikke angivet/);
    // Linked to no indicator until someone links it: the strategy does not say which.
    expect(page.body).not.toContain(`href="${s}/indikatorer/ledige-efter-13-uger"`);
    expect(page.body).not.toContain('Statusnoter'); // notes are for staff
    const indicator = await b.get(`${s}/indikatorer/ledige-efter-13-uger`);
    expect(indicator.body).not.toContain(`href="${s}/indsatser/forloeb-paa-arbejdspladser"`);
    // Age bands are published like the other breakdowns.
    const ages = await b.get(`${s}/indikatorer/offentlig-forsoergelse`);
    expect(ages.body).toContain('Aldersgrupper');
    expect(ages.body).toMatch(/\d+-\d+ år/);
    expect(ages.body).not.toContain('breakdownValue.');
    expect((await b.get(`${s}/indsatser/findes-ikke`)).statusCode).toBe(404);
    expect((await b.get(`${s}/indsatser/..%2F..%2Fetc`)).statusCode).toBe(404);
    expect((await b.get(`/strategier/ingen/indsatser`)).statusCode).toBe(404);
  });

  it('lets the area’s editor add one; bad forms come back with every error, escaped text and nothing stored', async () => {
    const b = browser();
    await b.login('cfa@ballerup.dk');
    const url = `${s}/omraader/beskaeftigelse/indsatser/ny`;
    expect((await b.get(url)).statusCode).toBe(200);
    const before = (await listInterventions(t.database, ballerupId)).length;
    const bad = await b.post(url, {
      _csrf: b.token,
      ...form({
        title: '<script>alert(1)</script>' + 'x'.repeat(400),
        status: 'færdig',
        startsOn: '2023-02-30',
        endsOn: '2021-01-01',
        leadCentre: 'center-for-intet',
        indicatorIds: ['findes-ikke'],
      }),
    });
    expect(bad.statusCode).toBe(400);
    for (const message of [
      '«Indsats» må højst være 400 tegn. Teksten er 425 tegn.',
      '«Status»: færdig er ikke et af valgene.',
      '«Startdato» er en dato, der ikke findes.',
      '«Ansvarlig enhed»: center-for-intet er ikke et af valgene.',
      '«Målinger, indsatsen skal flytte»: findes-ikke er ikke et af valgene.',
    ])
      expect(bad.body).toContain(message);
    expect(bad.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;xxx');
    expect(bad.body).not.toContain('<script>alert(1)</script>');
    const missing = await b.post(url, { _csrf: b.token, title: '', status: '', leadCentre: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Udfyld «Indsats».');
    expect(missing.body).toContain('Udfyld «Status».');
    expect((await listInterventions(t.database, ballerupId)).length).toBe(before);

    const ok = await b.post(url, { _csrf: b.token, ...form({ title: 'Jobmentorer <i>i</i> Skovlunde' }) });
    expect(ok.statusCode).toBe(303);
    const shown = await b.get(String(ok.headers.location));
    expect(shown.body).toContain('Indsatsen er gemt.');
    expect(shown.body).toContain('Jobmentorer &lt;i&gt;i&lt;/i&gt; Skovlunde');
    expect(shown.body).toContain('Tilføjet under opfølgningen');
  });

  it('refuses another area’s editor on the form and on a hand-made request, and logs it', async () => {
    const b = browser();
    await b.login('bem@ballerup.dk');
    const target = 'krav-til-aktiv-deltagelse';
    expect((await b.get(`${s}/indsatser/${target}/rediger`)).statusCode).toBe(403);
    // The housing editor has a valid session and token, and posts straight to the labour area's intervention.
    await b.get(`${s}/indsatser`);
    const res = await b.post(`${s}/indsatser/${target}/rediger`, {
      _csrf: b.token,
      revision: '1',
      ...form({ title: 'Kapret' }),
    });
    expect(res.statusCode).toBe(403);
    expect(
      (await b.post(`${s}/indsatser/${target}/noter`, { _csrf: b.token, notedOn: '2022-06-01', body: 'x' }))
        .statusCode,
    ).toBe(403);
    expect((await b.post(`${s}/indsatser/${target}/arkiver`, { _csrf: b.token })).statusCode).toBe(403);
    expect((await getIntervention(t.database, ballerupId, target))?.intervention.title).not.toBe('Kapret');
    expect((await listAudit(t.database.db, 5)).find((a) => a.outcome === 'refused')).toMatchObject({
      actor: 'bem@ballerup.dk',
      subjectId: `${ballerupId}/${target}`,
    });
  });

  it('edits with the revision, and shows a conflict (keeping the text) when someone saved first', async () => {
    const a = browser();
    const admin = browser();
    await a.login('cfa@ballerup.dk');
    await admin.login('admin@ballerup.dk');
    const url = `${s}/indsatser/rekruttering-og-opkvalificering/rediger`;
    const opened = await a.get(url);
    expect(opened.body).toContain('name="revision" value="1"');
    await admin.get(url);
    expect(
      (await admin.post(url, { _csrf: admin.token, revision: '1', ...form({ title: 'Admins udgave' }) }))
        .statusCode,
    ).toBe(303);
    const late = await a.post(url, { _csrf: a.token, revision: '1', ...form({ title: 'Min udgave' }) });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('En anden har gemt indsatsen');
    expect(late.body).toContain('value="Min udgave"');
    expect(late.body).toContain('name="revision" value="2"');
    expect((await a.post(url, { _csrf: a.token, revision: 'x', ...form() })).statusCode).toBe(400);
  });

  it('shows an edit on the public indicator page at once, though the public page is kept between requests', async () => {
    const visitor = browser();
    const url = `${s}/indikatorer/offentlig-forsoergelse`;
    const first = await visitor.get(url);
    expect((await visitor.get(url)).body).toBe(first.body);
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    const edit = `${s}/indsatser/helhedsorienteret-understoettelse/rediger`;
    await admin.get(edit);
    const res = await admin.post(edit, {
      _csrf: admin.token,
      revision: '1',
      ...form({ title: 'Sundhed og job' }),
    });
    expect(res.statusCode).toBe(303);
    const after = await visitor.get(url);
    expect(after.body).not.toBe(first.body);
    expect(after.body).toContain('>Sundhed og job</a>');
  });

  it('keeps dated progress notes, refuses impossible and future dates with Danish errors', async () => {
    const b = browser();
    await b.login('cfa@ballerup.dk');
    const page = `${s}/indsatser/unge-i-fritidsjobs`;
    await b.get(page);
    const bad = await b.post(`${page}/noter`, { _csrf: b.token, notedOn: '2022-02-29', body: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('«Dato» er en dato, der ikke findes.');
    expect(bad.body).toContain('Udfyld «Hvordan går det med indsatsen?».');
    const future = await b.post(`${page}/noter`, { _csrf: b.token, notedOn: '2022-06-11', body: 'x' });
    expect(future.body).toContain('«Dato» må ikke ligge efter i dag.');
    const ok = await b.post(`${page}/noter`, {
      _csrf: b.token,
      notedOn: '2022-06-01',
      body: '12 unge i job <b>nu</b>',
    });
    expect(ok.statusCode).toBe(303);
    const shown = await b.get(page);
    expect(shown.body).toContain('1. juni 2022');
    expect(shown.body).toContain('12 unge i job &lt;b&gt;nu&lt;/b&gt;');
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    const read = await reader.get(page);
    expect(read.body).toContain('12 unge i job &lt;b&gt;nu&lt;/b&gt;');
    expect(read.body).not.toContain('name="notedOn"');
  });

  it('refuses a missing or foreign form token and changes nothing', async () => {
    const b = browser();
    await b.login('cfa@ballerup.dk');
    const url = `${s}/omraader/beskaeftigelse/indsatser/ny`;
    const before = (await listInterventions(t.database, ballerupId)).length;
    expect((await b.post(url, { ...form() })).statusCode).toBe(403);
    const other = browser();
    await other.login('admin@ballerup.dk');
    await other.get(url);
    expect((await b.post(url, { _csrf: other.token, ...form() })).statusCode).toBe(403);
    expect((await listInterventions(t.database, ballerupId)).length).toBe(before);
  });

  it('keeps the text of a form whose session ended, and saves it after logging in on the page', async () => {
    const b = browser();
    await b.login('cfa@ballerup.dk');
    const url = `${s}/omraader/beskaeftigelse/indsatser/ny`;
    await b.get(url);
    const token = b.token;
    tick(31 * 60_000);
    const typed = form({ title: 'Sprogpraktik <em>med</em> mentor', description: 'Lang tekst\nanden linje' });
    const shown = await b.post(url, { _csrf: token, ...typed });
    expect(shown.statusCode).toBe(401);
    expect(shown.body).toContain('value="Sprogpraktik &lt;em&gt;med&lt;/em&gt; mentor"');
    expect(shown.body).toContain('Lang tekst\nanden linje</textarea>');
    expect(shown.body).toContain('id="relogin_email"');
    const saved = await b.post(url, {
      _csrf: b.token,
      ...typed,
      relogin_email: 'cfa@ballerup.dk',
      relogin_password: testPassword,
    });
    expect(saved.statusCode).toBe(303);
    const all = await listInterventions(t.database, ballerupId, 'beskaeftigelse');
    expect(all.some((i) => i.title === 'Sprogpraktik <em>med</em> mentor')).toBe(true);
  });

  it('archives after asking, and the intervention leaves the list', async () => {
    const b = browser();
    await b.login('cfa@ballerup.dk');
    const page = `${s}/indsatser/brug-af-sanktionering`;
    expect((await b.get(`${page}/arkiver`)).body).toContain('En arkiveret indsats forsvinder fra listerne');
    expect((await b.post(`${page}/arkiver`, { _csrf: b.token })).statusCode).toBe(303);
    expect((await b.get(`${s}/indsatser`)).body).not.toContain('brug-af-sanktionering');
    expect((await b.get(page)).body).toContain('Indsatsen blev arkiveret');
    expect((await b.get(`${page}/rediger`)).statusCode).toBe(409);
  });
});

describe('follow-up rounds', () => {
  it('is for staff; an administrator opens a round, editors write their area’s note, and the overview shows who is late', async () => {
    expect((await browser().get(`${s}/opfoelgning`)).statusCode).toBe(303);
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    const overview = await admin.get(`${s}/opfoelgning`);
    expect(overview.body).toContain('Der er ingen opfølgningsrunder endnu.');
    const bad = await admin.post(`${s}/opfoelgning`, {
      _csrf: admin.token,
      title: '',
      deadline: '2022-06-31',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Udfyld «Rundens navn».');
    expect(bad.body).toContain('«Frist» er en dato, der ikke findes.');
    const made = await admin.post(`${s}/opfoelgning`, {
      _csrf: admin.token,
      title: 'Opfølgning <1. halvår> 2022',
      deadline: '2022-06-15',
    });
    expect(made.statusCode).toBe(303);
    const roundUrl = String(made.headers.location).replace('?oprettet=1', '');
    expect((await admin.get(String(made.headers.location))).body).toContain('Runden er oprettet.');
    expect((await admin.get(roundUrl)).body).toContain('Opfølgning &lt;1. halvår&gt; 2022');

    const editor = browser();
    await editor.login('cfa@ballerup.dk');
    expect(
      (await editor.post(`${s}/opfoelgning`, { _csrf: editor.token, title: 'x', deadline: '2022-07-01' }))
        .statusCode,
    ).toBe(403);
    const noteUrl = `${roundUrl}/omraader/beskaeftigelse`;
    await editor.get(noteUrl);
    const wrong = await editor.post(noteUrl, { _csrf: editor.token, status: 'super', body: '' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('«Vurdering»: ');
    expect(wrong.body).toContain('Udfyld «Statusnote».');
    expect(
      (await editor.post(noteUrl, { _csrf: editor.token, status: 'partly', body: 'Forsinket <b>lidt</b>' }))
        .statusCode,
    ).toBe(303);
    expect(
      (
        await editor.post(`${roundUrl}/omraader/boligsociale-faellesskaber`, {
          _csrf: editor.token,
          status: 'partly',
          body: 'x',
        })
      ).statusCode,
    ).toBe(403);

    tick(7 * 24 * 60 * 60_000); // past the deadline
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    const late = await reader.get(roundUrl);
    expect(late.body).toContain('1 indsendt, 3 for sent, 0 mangler endnu.');
    expect(late.body.match(/For sent – mangler/g)?.length).toBe(3);
    expect(late.body).not.toContain('Afslut runden');

    // A week on, every session has ended: log in again.
    await admin.login('admin@ballerup.dk');
    await editor.login('cfa@ballerup.dk');
    await admin.get(roundUrl);
    // Closing asks first: the round page links to a confirmation page; a bare POST gets that page too.
    expect((await admin.get(roundUrl)).body).toContain(`href="${roundUrl}/luk"`);
    const asked = await admin.post(`${roundUrl}/luk`, { _csrf: admin.token });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Ja, afslut runden');
    expect(asked.body).toContain('Uddannelse (For sent – mangler)');
    expect((await editor.get(noteUrl)).body).toContain('name="body"'); // still open
    const closing = await admin.post(`${roundUrl}/luk`, { _csrf: admin.token, confirm: 'ja' });
    expect(closing.statusCode).toBe(303);
    const done = await admin.get(String(closing.headers.location));
    expect(done.body).toContain('Runden er afsluttet. Der kan ikke længere skrives statusnoter i den.');
    expect(done.body).not.toContain('Runden er gemt');
    const closed = await editor.get(noteUrl);
    expect(closed.body).toContain('Runden er afsluttet.');
    expect(closed.body).not.toContain('name="body"');
    expect(
      (await editor.post(noteUrl, { _csrf: editor.token, status: 'partly', body: 'for sent' })).statusCode,
    ).toBe(409);
    expect((await reader.get(`${s}/opfoelgning/999999`)).statusCode).toBe(404);
    expect((await reader.get(`${s}/opfoelgning/abc`)).statusCode).toBe(404);
  });
});
