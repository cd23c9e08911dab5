// In-process HTTP tests of every page and API route: content, language, formats, headers and errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const base = `/strategier/${ballerupId}`;

describe('pages', () => {
  it('shows the strategy on the front page: purpose, period, target group and the four areas', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const html = res.body;
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('Integrationsstrategi');
    expect(html).toContain('september 2021');
    expect(html).toContain('ikke-vestlig');
    for (const area of ['Beskæftigelse', 'Uddannelse', 'Boligsociale fællesskaber', 'Demokratisk dannelse'])
      expect(html).toContain(area);
    expect(html).toContain('Tilgængelighedserklæring');
  });

  it('prints the population table with Danish thousand separators', async () => {
    const html = (await get(base)).body;
    for (const n of ['49.110', '40.272', '5.906', '2.932', '1.939', '6.899', '4.317', '2.582', '1.589'])
      expect(html).toContain(n);
  });

  it('switches the frame to English per page and keeps the language in links', async () => {
    const html = (await get(`${base}?lang=en`)).body;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Focus areas');
    expect(html).toContain(`href="${base}/omraader/beskaeftigelse?lang=en"`);
    expect(html).toContain(`href="${base}?lang=da"`.replace('?lang=da', '')); // the switch back to Danish
    expect(html).toContain('49,110');
  });

  it('shows each area with ambition, goal, quotes, measurements, interventions and tovholder', async () => {
    const html = (await get(`${base}/omraader/beskaeftigelse`)).body;
    expect(html).toContain('Ballerup kommune understøtter borgere med ikke-vestlig baggrund');
    expect(html).toContain('Beskæftigelsesstrategi');
    expect(html).toContain('Unge i fritidsjobs');
    expect(html).toContain('Tæt opfølgning');
    expect(html).toContain('Center for Arbejdsmarked');
    const demo = (await get(`${base}/omraader/demokratisk-dannelse`)).body;
    expect(demo).toContain('Center for Politik og Organisation');
  });

  it('shows an indicator with its definition, groups compared, source and owner', async () => {
    const area = (await get(`${base}/omraader/uddannelse`)).body;
    const hrefs = [...area.matchAll(/href="(\/strategier\/[^"]+\/indikatorer\/[^"?]+)"/g)].map((m) => m[1]);
    expect(hrefs).toHaveLength(3);
    const html = (await get(hrefs[0] as string)).body;
    expect(html).toContain('dansk oprindelse');
    expect(html).toContain('Sammenligningsgruppe');
    expect(html).toContain('Planlagt kilde');
    expect(html).toContain('Center for Skoler, Institutioner og Kultur');
  });

  it('lists the versions', async () => {
    const res = await get(`${base}/versioner`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Version 1');
  });

  it('has an accessibility statement in both languages', async () => {
    expect((await get('/tilgaengelighed')).body).toContain('WCAG 2.1');
    expect((await get('/tilgaengelighed?lang=en')).body).toContain('Accessibility statement');
  });

  it.each([
    ['/findes-ikke'],
    [`${base}/omraader/findes-ikke`],
    [`${base}/indikatorer/findes-ikke`],
    ['/strategier/findes-ikke'],
    [`${base}?version=99`],
    ['/strategier/findes-ikke/versioner'],
  ])('answers %s with a Danish 404 page', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Siden findes ikke');
    expect(res.body).toContain('<html lang="da">');
  });

  it('escapes a script in an unknown path on the 404 page', async () => {
    const res = await get('/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script&gt;');
  });

  it.each([['abc'], ['0'], ['-1'], ['1.5'], ["1' or '1'='1"]])(
    'refuses version=%s with a 400 page',
    async (v) => {
      const res = await get(`${base}?version=${encodeURIComponent(v)}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Forespørgslen kunne ikke behandles');
    },
  );

  it('sets the security headers on pages, assets and errors', async () => {
    for (const url of ['/', '/assets/app/app.css', '/findes-ikke', '/api/v1/strategies']) {
      const res = await get(url);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    }
  });

  it('serves the design system assets', async () => {
    expect((await get('/assets/dkfds/css/dkfds.min.css')).statusCode).toBe(200);
    expect((await get('/assets/dkfds/../../package.json')).statusCode).toBe(404);
  });
});

describe('API', () => {
  it('lists the strategies, each with its municipality by name and code', async () => {
    const res = await get('/api/v1/strategies');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { data: { id: string; version: number }[] };
    expect(body.data).toEqual([
      expect.objectContaining({
        id: ballerupId,
        version: 1,
        organisation: { name: 'Ballerup Kommune', areaCode: '151' },
      }),
    ]);
    const page = (await get('/')).body;
    expect(page).toContain('Ballerup Kommune (kommunekode 151)');
  });

  it('returns the whole tree, versioned', async () => {
    const body = (await get(`/api/v1/strategies/${ballerupId}`)).json() as {
      data: {
        version: number;
        latestVersion: number;
        definition: { areas: { indicators: unknown[]; interventions: { items: unknown[] } }[] };
      };
    };
    expect(body.data.version).toBe(1);
    expect(body.data.latestVersion).toBe(1);
    expect(body.data.definition.areas.map((a) => a.indicators.length)).toEqual([5, 3, 2, 5]);
    expect(body.data.definition.areas.map((a) => a.interventions.items.length)).toEqual([7, 4, 4, 7]);
    expect((await get(`/api/v1/strategies/${ballerupId}?version=1`)).statusCode).toBe(200);
    expect((await get(`/api/v1/strategies/${ballerupId}/versions`)).statusCode).toBe(200);
  });

  it.each([
    ['/api/v1/strategies/findes-ikke', 404],
    [`/api/v1/strategies/${ballerupId}?version=7`, 404],
    [`/api/v1/strategies/${ballerupId}?version=x`, 400],
    ['/api/v1/findes-ikke', 404],
    ['/api/v1/strategies/findes-ikke/versions', 404],
  ])('answers %s with JSON %i', async (url, status) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect((res.json() as { error: { status: number; message: string } }).error.status).toBe(status);
  });
});
