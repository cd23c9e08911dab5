// Indicator pages, downloads and API on figures stored as observations: status with interval, chart and table
// from the same published figures, disclosure control on every output, and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { asLines, shareObservation } from '../../test/support/observations.ts';
import { cliActor } from '../domain/access/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import { importObservations } from '../service/observations.ts';
import { readJsonStat } from '../sources/statbank/index.ts';
import ExcelJS from 'exceljs';

let t: TestApp;
const youth = 'ungdomsuddannelse-20-24';
const sanctions = 'sanktionering';
const onlyTarget = 'offentlig-forsoergelse';

const share = (
  series: string,
  period: string,
  group: string,
  numerator: number,
  denominator: number,
  dims: Record<string, string> = {},
) => shareObservation({ series, period, group, numerator, denominator, dims, illustrative: true });

beforeAll(async () => {
  t = await startTestApp();
  const rows: Observation[] = [];
  // Youth education 20-24: the target group rises from 55 % to 70 % on about 600 persons; others stay at 85 %.
  [2019, 2020, 2021, 2022, 2023, 2024].forEach((year, i) => {
    rows.push(share(youth, String(year), 'target', 330 + i * 18, 600));
    rows.push(share(youth, String(year), 'comparison', 2550, 3000));
    rows.push(share(youth, String(year), 'target', 160 + i * 9, 300, { sex: 'women' }));
    rows.push(share(youth, String(year), 'comparison', 1275, 1500, { sex: 'women' }));
  });
  // Sanctions: tiny counts in the target group, so shares must be suppressed.
  for (const year of ['2021', '2022', '2023']) {
    rows.push(share(sanctions, year, 'target', 3, 40));
    rows.push(share(sanctions, year, 'comparison', 30, 900));
  }
  // 2024: large enough to show, so the ratio chart has a gap to draw.
  rows.push(share(sanctions, '2024', 'target', 40, 400), share(sanctions, '2024', 'comparison', 30, 900));
  // Unemployed after 13 weeks: the target group only, so no period has a gap.
  for (const y of ['2021', '2022', '2023']) rows.push(share(onlyTarget, y, 'target', 120, 400));
  const ctx = {
    database: t.database,
    actor: cliActor('tester'),
    now: () => new Date('2026-02-01T09:00:00Z'),
  };
  await importObservations(
    ctx,
    { source: 'illustrative', retrievedAt: new Date('2026-01-01T00:00:00Z'), note: 'test figures' },
    asLines(rows),
  );
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const page = (id: string, q = '') => get(`/strategier/${ballerupId}/indikatorer/${id}${q}`);

describe('indicator page', () => {
  it('titles its charts and marks units, baseline, strategy period and the line of no gap', async () => {
    const svgs = (html: string) => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    const youthCharts = svgs((await page(youth)).body);
    // Levels and gap, each in a wide and a narrow layout.
    expect(
      youthCharts.filter((s) => /class="chart chart-(wide|narrow)"/.test(s)).length,
    ).toBeGreaterThanOrEqual(4);
    const gap = youthCharts.find((s) => s.includes('id="gap-ungdomsuddannelse-20-24-wide-title"')) ?? '';
    expect(texts(gap)).toEqual(
      expect.arrayContaining([
        'Gab (procentpoint): 20-24-årige med mindst en ungdomsuddannelse, Ballerup',
        'Procentpoint',
        'År',
        'Basis: 2021',
        'Strategiperiode: sep. 2021–dec. 2023',
        'Intet gab',
        'ILLUSTRATIVE TAL',
      ]),
    );
    // A ratio whose strategy asks for parity: the unit is times and the parity line is the aim.
    const ratio = svgs((await page(sanctions)).body).find((s) =>
      s.includes('id="gap-sanktionering-narrow-title"'),
    );
    expect(texts(ratio ?? '')).toEqual(
      expect.arrayContaining(['Gange (målgruppe / sammenligning)', 'Mål: lige niveau (1 gange)']),
    );
    const english = svgs((await page(youth, '?lang=en')).body).join('');
    expect(english).toContain('>Strategy period: Sep 2021–Dec 2023<');
    expect(english).toContain('>Percentage points<');
    for (const svg of [...youthCharts, english]) expect(svg).not.toMatch(/undefined|NaN|\{\{/);
  });

  it('shows the status with its interval, the projection, a chart and the same figures in a table', async () => {
    const res = await page(youth);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Status: Gabet lukkes');
    expect(html).toMatch(/95 %-interval: [\d,]+ pct\.point til [\d,]+ pct\.point/);
    expect(html).toContain('<svg');
    expect(html).toContain('role="img"');
    expect(html).toContain('ILLUSTRATIVE TAL');
    expect(html).toContain('Illustrative tal');
    expect(html).toMatch(/<td class="text-align-right">55,0 %<\/td>/);
    expect(html).toMatch(/<td class="text-align-right">85,0 %<\/td>/);
    expect(html).toContain('Kvinder: Gabet lukkes');
    expect(html).toContain('href="/metode"');
  });

  it('suppresses small shares as ".." and withholds the size of a change built on them', async () => {
    const html = (await page(sanctions)).body;
    expect(html).not.toContain('7,5 %'); // 3 of 40 must never be shown
    expect(html).toMatch(/<td class="text-align-right">\.\.<\/td>/);
    expect(html).toContain('Ændringen vises ikke');
  });

  it('draws no gap chart when no period has a gap, rather than an empty axis', async () => {
    const html = (await page(onlyTarget)).body;
    expect(html.match(/<figure class="chart-figure/g)).toHaveLength(1);
    expect(html).not.toContain('gap-figure');
    expect(html).not.toMatch(/−100|-100/);
    expect((await page(youth)).body).toContain('gap-figure');
  });

  it('says plainly when an area has no figures', async () => {
    const html = (await page(youth, '?omraade=000')).body;
    expect(html).toContain('Der er endnu ingen tal for denne indikator i det valgte område.');
  });

  it.each([['?omraade=15'], ["?omraade=151'%20or%201=1"], ['?omraade=%3Cscript%3E']])(
    'refuses %s with a 400 page',
    async (q) => {
      const res = await page(youth, q);
      expect(res.statusCode).toBe(400);
      expect(res.body).not.toContain('<script>');
    },
  );

  it('has a method page in both languages', async () => {
    expect((await get('/metode')).body).toContain('Newcombe');
    expect((await get('/metode?lang=en')).body).toContain('majority rule');
  });

  it('says on the method page that tables shown together are protected together', async () => {
    expect((await get('/metode')).body).toContain(
      'Tabeller, der vises sammen og deler tal, beskyttes også sammen.',
    );
    expect((await get('/metode?lang=en')).body).toContain(
      'Tables shown together that share figures are also protected together.',
    );
  });
});

describe('indicator outputs', () => {
  it('answers observations as JSON, disclosure-controlled, with provenance', async () => {
    const res = await get(`/api/v1/indicators/${sanctions}/observations?area=151`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      data: {
        illustrative: boolean;
        periods: { target: { share: unknown }; comparison: { share: { value: number } } }[];
        provenance: unknown[];
      };
    };
    expect(body.data.illustrative).toBe(true);
    expect(body.data.periods[0]?.target.share).toEqual({ suppressed: '..' });
    expect(body.data.periods[0]?.comparison.share.value).toBeCloseTo(30 / 900);
    expect(JSON.stringify(body)).not.toContain('"numerator"');
    expect(body.data.provenance).toHaveLength(1);
  });

  it('answers the assessment as JSON', async () => {
    const body = (await get(`/api/v1/indicators/${youth}/assessment?area=151`)).json() as {
      data: { status: string; change: { interval: number[] } };
    };
    expect(body.data.status).toBe('closing');
    expect(body.data.change.interval).toHaveLength(2);
    const suppressed = (await get(`/api/v1/indicators/${sanctions}/assessment?area=151`)).json() as {
      data: { change: unknown };
    };
    expect(suppressed.data.change).toBeNull();
  });

  it('downloads CSV for Danish Excel with suppressed cells marked', async () => {
    const res = await get(`/indikatorer/${sanctions}.csv?omraade=151`);
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    expect(res.body).toContain(`${sanctions};151;2021;ledige med ikke-vestlig baggrund;andel;;;;procent;..;`);
    expect(res.body).toContain(`${sanctions};151;2021;ledige med ikke-vestlig baggrund;antal i gruppen;40;`);
  });

  it('gives JSON-stat 2.0 that our own reader reads back, with suppressed cells as statuses', async () => {
    const res = await get(`/api/v1/indicators/${sanctions}/jsonstat?area=151`);
    expect(res.statusCode).toBe(200);
    const ds = readJsonStat(res.body);
    expect(ds.version).toBe('2.0');
    expect(ds.valueAt({ period: '2021', group: 'target', measure: 'share' })).toBeNull();
    expect(ds.statusAt({ period: '2021', group: 'target', measure: 'share' })).toBe('..');
    expect(ds.valueAt({ period: '2021', group: 'comparison', measure: 'share' })).toBeCloseTo(30 / 900);
  });

  it('gives XLSX with the same published figures and the sources', async () => {
    const res = await get(`/indikatorer/${sanctions}.xlsx?omraade=151`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = wb.getWorksheet('data')?.getSheetValues() ?? [];
    expect(JSON.stringify(rows)).toContain('"2021","ledige med ikke-vestlig baggrund","antal i gruppen",40');
    expect(JSON.stringify(rows)).toContain('"procent","..",');
    expect(wb.getWorksheet('forklaring')).toBeDefined();
  });

  it.each([
    ['/api/v1/indicators/findes-ikke/observations?area=151', 404],
    [`/api/v1/indicators/${youth}/observations?area=abc`, 400],
    [`/api/v1/indicators/${youth}/assessment?area=151;drop%20table%20observation`, 400],
    [`/api/v1/indicators/${youth}/observations?area=151&strategy=%3Cx%3E`, 400],
    [`/api/v1/indicators/${youth}/observations?area=151&strategy=other`, 404],
  ])('answers %s with %i', async (url, status) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });
});
