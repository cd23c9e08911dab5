// The data status page and the refresh an administrator starts from it, against a StatBank stand-in on
// 127.0.0.1 answering in StatBank's shapes: what the public and an administrator see, who may start a
// refresh, a refresh that loses the API half-way (nothing stored, the failure shown in Danish), one at a time,
// and the progress page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { folk1e, ligeub1 } from '../../test/support/statbank-answers.ts';
import { startStatbankStandIn, type StatbankStandIn } from '../../test/support/statbank-stand-in.ts';
import { cliActor } from '../domain/access/index.ts';
import { readAuditPage } from '../service/audit.ts';
import { listBatches } from '../service/observations.ts';
import { RefreshJobs } from '../service/refresh-job.ts';

/** How the stand-in answers: every table, the first and then a dropped connection, or held until released. */
let mode: 'ok' | 'half' | 'held' = 'ok';
const held: (() => void)[] = [];
const release = () => {
  for (const go of held.splice(0)) go();
};
let standIn: StatbankStandIn;
let baseUrl: string;
let t: TestApp;
let jobs: RefreshJobs;

beforeAll(async () => {
  standIn = await startStatbankStandIn(
    [
      folk1e({ areas: ['000', '084', '151'] }),
      ligeub1({ areas: ['000', '084', '151'], years: ['2023', '2024'] }),
    ],
    {
      intercept: async (_path, table, res) => {
        if (mode === 'held') await new Promise<void>((resolve) => held.push(resolve));
        if (mode === 'half' && table !== 'FOLK1E') {
          res.socket?.destroy();
          return true;
        }
        return false;
      },
    },
  );
  baseUrl = standIn.baseUrl;
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
  await standIn.close();
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
    expect(status).toContain('Seneste hentning fra Statistikbanken mislykkedes');
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
    expect(visible(progress.body)).toMatch(/Henter svar: trin 1 af 6\.|Opdateringen starter\./);
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
    expect(tables).toEqual(expect.arrayContaining(['FOLK1E', 'LIGEUB1']));
    for (const x of batches.filter((y) => y.provenance.source === 'statbank')) {
      // A table's batch holds the request it answered; an indicator computed from it names the table's batch.
      expect(x.provenance.query).toMatch(
        new RegExp(
          `^POST ${baseUrl.replace(/[.]/g, '\\.')}/data |^computed from LIGEUB1 \\(import batches \\d+\\) as `,
        ),
      );
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
