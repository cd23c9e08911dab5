// The data status page and the refresh an administrator starts from it, against a StatBank stand-in on
// 127.0.0.1 answering with recorded responses: what the public and an administrator see, who may start a
// refresh, a refresh that loses the API half-way (nothing stored, the failure shown in Danish), one at a time,
// and the progress page.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { ballerupId, repoRoot, startTestApp, type TestApp } from '../../test/support/app.ts';
import { cliActor } from '../domain/access/index.ts';
import { readAuditPage } from '../service/audit.ts';
import { listBatches } from '../service/observations.ts';
import { RefreshJobs } from '../service/refresh-job.ts';

const fixtures = path.join(repoRoot, 'src', 'sources', 'statbank', 'fixtures', 'derived');
const responses: Record<string, string> = {
  FOLK1E: path.join(fixtures, 'folk1e-151-2021K2.jsonstat.json'),
  HFUDD11: path.join(fixtures, 'hfudd11-151-084-000-2021.jsonstat.json'),
};

/** How the stand-in answers: every table, the first and then a dropped connection, or held until released. */
let mode: 'ok' | 'half' | 'held' = 'ok';
let release: () => void = () => undefined;
let server: Server;
let baseUrl: string;
let t: TestApp;
let jobs: RefreshJobs;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const table = (JSON.parse(raw) as { table: string }).table;
    if (mode === 'held') await new Promise<void>((resolve) => (release = resolve));
    if (mode === 'half' && table !== 'FOLK1E') {
      res.socket?.destroy();
      return;
    }
    const file = responses[table];
    if (!file) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorTypeCode: 'TABLE-NOT-FOUND', message: `Tabellen ${table} findes ikke` }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(await readFile(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
  jobs = new RefreshJobs({
    statbankUrl: baseUrl,
    jobindsats: { apiKey: undefined, baseUrl: 'http://127.0.0.1:9/v2' },
    uddannelsesstatistik: { apiKey: undefined, baseUrl: 'http://127.0.0.1:9' },
  });
  t = await startTestApp(undefined, undefined, { refreshJobs: jobs });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'redaktoer@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  await createUser(t.database, 'laeser@ballerup.dk', 'reader');
});
afterAll(async () => {
  release();
  await jobs.idle();
  await t.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const visible = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

async function admin(): Promise<Browser> {
  const b = new Browser(t.app);
  await b.login('admin@ballerup.dk');
  await b.get('/datastatus');
  return b;
}

describe('the data status page', () => {
  it('shows the public each indicator with its source, areas and next release, without admin details', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/datastatus' });
    expect(res.statusCode).toBe(200);
    const text = visible(res.body);
    expect(text).toContain('Datastatus');
    expect(text).toContain('Jobindsats (STAR)');
    expect(text).toContain('Statistikbanken (Danmarks Statistik)');
    expect(text).toContain('Strategiens kommune');
    expect(text).toContain('Hele landet');
    expect(text).toContain('Sammenlignet kommune');
    expect(text).toContain('Ingen rigtige tal');
    expect(text).toContain('Efter næste måling');
    expect(text).not.toMatch(/undefined|NaN|\{\{|\}\}/);
    // No form, no batches, no configuration.
    expect(res.body).not.toContain('name="_csrf"');
    expect(text).not.toContain('Start opdatering');
    expect(text).not.toContain('JOBINDSATS_API_KEY');
    expect(text).not.toContain('Indlæsning nr.');
    // The same page under the strategy's own address, and linked from the front page and the footer.
    const own = await t.app.inject({ method: 'GET', url: `/strategier/${ballerupId}/datastatus` });
    expect(own.statusCode).toBe(200);
    const front = await t.app.inject({ method: 'GET', url: '/' });
    expect(front.body).toContain(`href="/strategier/${ballerupId}/datastatus"`);
    expect(front.body).toContain('href="/datastatus"');
  });

  it('answers in English with ?lang=en and in Danish for a language it does not know', async () => {
    const en = await t.app.inject({ method: 'GET', url: '/datastatus?lang=en' });
    expect(en.statusCode).toBe(200);
    expect(visible(en.body)).toContain('Data status');
    expect(visible(en.body)).toContain('Compared municipality');
    const xx = await t.app.inject({ method: 'GET', url: '/datastatus?lang=xx' });
    expect(xx.statusCode).toBe(200);
    expect(visible(xx.body)).toContain('Sammenlignet kommune');
  });

  it('answers an unknown strategy with a Danish 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/strategier/findes-ikke/datastatus' });
    expect(res.statusCode).toBe(404);
    expect(visible(res.body)).toContain('Siden findes ikke');
  });

  it('shows an administrator the sources, which are not configured, and the refresh form', async () => {
    const b = await admin();
    const res = await b.get('/datastatus');
    const text = visible(res.body);
    expect(text).toContain('Start opdatering');
    expect(text).toContain('Ikke sat op: JOBINDSATS_API_KEY er ikke sat');
    expect(text).toContain('Ikke sat op: UDDANNELSESSTATISTIK_API_KEY er ikke sat');
    expect(text).toContain(baseUrl);
    expect(text).toContain('Kilden er ikke sat op: Jobindsats mangler sin nøgle');
  });
});

describe('starting a refresh', () => {
  it('is refused to an editor and a reader (403, in Danish) and to a visitor not logged in', async () => {
    for (const email of ['redaktoer@ballerup.dk', 'laeser@ballerup.dk']) {
      const b = new Browser(t.app);
      await b.login(email);
      const res = await b.post('/datastatus/opdater', { _csrf: b.token });
      expect(res.statusCode).toBe(403);
      expect(visible(res.body)).toMatch(/adgang|administrator/i);
      expect(jobs.running()).toBeUndefined();
    }
    const anonymous = await t.app.inject({ method: 'POST', url: '/datastatus/opdater', payload: '' });
    expect([303, 401, 403]).toContain(anonymous.statusCode);
    expect(jobs.running()).toBeUndefined();
  });

  it('is refused to an administrator without the form token or with a forged one', async () => {
    const b = await admin();
    for (const form of [
      {} as Record<string, string>,
      { _csrf: 'forfalsket-token-forfalsket-token-forfalsket' },
    ]) {
      const res = await b.post('/datastatus/opdater', form);
      expect(res.statusCode).toBe(403);
      expect(jobs.running()).toBeUndefined();
    }
  });

  it('stores nothing when the API is lost half-way, and the status page says the refresh failed', async () => {
    const before = await listBatches(t.database, 1000);
    mode = 'half';
    const b = await admin();
    const res = await b.post('/datastatus/opdater', { _csrf: b.token });
    expect(res.statusCode).toBe(303);
    const jobUrl = String(res.headers.location);
    expect(jobUrl).toMatch(/^\/datastatus\/opdatering\/[0-9a-f]{32}$/);
    await jobs.idle();
    expect(await listBatches(t.database, 1000)).toEqual(before);
    const page = visible((await b.get(jobUrl)).body);
    expect(page).toContain('Opdateringen mislykkedes, og intet er gemt.');
    expect(page).toContain('Statistikbanken kunne ikke nås');
    expect(page).toContain('Jobindsats blev sprunget over: JOBINDSATS_API_KEY er ikke sat.');
    const status = visible((await t.app.inject({ method: 'GET', url: '/datastatus' })).body);
    expect(status).toContain('Seneste opdatering mislykkedes');
    expect(status).toContain('Statistikbanken kunne ikke nås');
    expect(status).toContain('Seneste opdatering mislykkedes, så tallene kan være forældede.');
  });

  it('runs one at a time, shows its bounded progress, then stores the batches the command line stores', async () => {
    mode = 'held';
    const b = await admin();
    const first = await b.post('/datastatus/opdater', { _csrf: b.token });
    expect(first.statusCode).toBe(303);
    const jobUrl = String(first.headers.location);
    const progress = await b.get(jobUrl);
    expect(progress.statusCode).toBe(200);
    expect(progress.body).toContain('aria-live="polite"');
    expect(visible(progress.body)).toMatch(/Henter svar: trin 1 af 4\.|Opdateringen starter\./);
    const json = (await b.get(`${jobUrl}/status`)).json() as {
      done: boolean;
      stepsDone: number;
      steps: number;
    };
    expect(json.done).toBe(false);
    expect(json.stepsDone).toBeLessThanOrEqual(json.steps);
    // A second start while it runs is refused and shows the running one.
    await b.get('/datastatus');
    const second = await b.post('/datastatus/opdater', { _csrf: b.token });
    expect(second.statusCode).toBe(409);
    expect(visible(second.body)).toContain('En opdatering kører allerede');
    expect(visible((await b.get('/datastatus')).body)).toContain('En opdatering kører allerede.');
    // Let the stand-in answer the held request and the rest.
    mode = 'ok';
    release();
    await jobs.idle();
    const done = (await b.get(`${jobUrl}/status`)).json() as { done: boolean; state: string };
    expect(done).toMatchObject({ done: true, state: 'stored' });
    const batches = await listBatches(t.database, 1000);
    const tables = batches.filter((x) => x.provenance.source === 'statbank').map((x) => x.provenance.table);
    expect(tables).toEqual(expect.arrayContaining(['FOLK1E', 'HFUDD11']));
    for (const x of batches.filter((y) => y.provenance.source === 'statbank')) {
      expect(x.provenance.query).toContain(`POST ${baseUrl}/data`);
      expect(x.provenance.note).toMatch(new RegExp(`^${ballerupId}: `));
    }
    // Each batch has its audit entry, as a refresh from the command line writes, naming the administrator.
    const audit = await readAuditPage(
      { database: t.database, actor: cliActor('tester'), now: () => new Date() },
      { action: 'observations.import' },
      1,
      1000,
    );
    for (const x of batches.filter((y) => y.provenance.source === 'statbank')) {
      const entry = audit.rows.find((r) => r.subjectType === 'import_batch' && r.subjectId === x.id);
      expect(entry?.outcome).toBe('ok');
      expect(entry?.actorKind).toBe('user');
    }
    const page = visible((await b.get(jobUrl)).body);
    expect(page).toContain('Opdateringen er gennemført');
    expect(page).toContain('FOLK1E');
  });

  it('answers an unknown refresh with a Danish 404 and sends a visitor to log in', async () => {
    const b = await admin();
    for (const url of [
      '/datastatus/opdatering/0123456789abcdef0123456789abcdef',
      '/datastatus/opdatering/x',
    ]) {
      const res = await b.get(url);
      expect(res.statusCode).toBe(404);
      expect(visible(res.body)).toContain('Siden findes ikke');
    }
    const anonymous = await t.app.inject({
      method: 'GET',
      url: '/datastatus/opdatering/0123456789abcdef0123456789abcdef',
    });
    expect(anonymous.statusCode).toBe(303);
    expect(String(anonymous.headers.location)).toMatch(/^\/log-ind/);
  });
});
