// The population-by-origin page, its CSV download and its API, on FOLK1E figures imported from a saved response.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startTestApp, type TestApp } from '../../test/support/app.ts';
import { cliActor } from '../domain/access/index.ts';
import { seedBundledDataset } from '../service/bundled-dataset.ts';
import { importStatbankFile } from '../service/statbank-file.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  const ctx = {
    database: t.database,
    actor: cliActor('tester'),
    now: () => new Date('2026-02-01T09:00:00Z'),
  };
  const derived = path.join(repoRoot, 'src', 'sources', 'statbank', 'fixtures', 'derived');
  await importStatbankFile(ctx, path.join(derived, 'folk1e-151-2021K1-K2.csv'), { table: 'FOLK1E' });
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('population by origin', () => {
  it("shows the strategy's table for Ballerup 2021K2 with the seed's figures", async () => {
    const res = await get('/befolkning?omraade=151&kvartal=2021K2');
    expect(res.statusCode).toBe(200);
    for (const n of [
      '49.110',
      '40.272',
      '5.906',
      '2.932',
      '1.939',
      '1.589',
      '350',
      '6.899',
      '4.317',
      '2.582',
    ])
      expect(res.body).toContain(`>${n}<`);
    expect(res.body).toContain('2. kvartal 2021');
    expect(res.body).toContain('FOLK1E');
    expect(res.body).toContain('SHA-256');
  });

  it('defaults to the strategy municipality and its latest quarter, and lists the development', async () => {
    const res = await get('/befolkning');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<option value="2021K2" selected>');
    expect(res.body).toContain('1. kvartal 2021');
  });

  it('answers the same table as JSON with provenance', async () => {
    const res = await get('/api/v1/population?area=151&period=2021K2');
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      data: {
        table: { nonWestern: { total: number } };
        illustrative: boolean;
        provenance: { table: string; sha256: string }[];
      };
    };
    expect(body.data.table.nonWestern.total).toBe(6899);
    expect(body.data.illustrative).toBe(false);
    expect(body.data.provenance[0]).toMatchObject({ table: 'FOLK1E' });
  });

  it('downloads CSV for Danish Excel', async () => {
    const res = await get('/befolkning.csv?omraade=151&kvartal=2021K2');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    expect(res.body).toContain('151;2021K2;ikke_vestlig_oprindelse;6899;0;4317;2582;maalt\r\n');
  });

  it('names the CSV columns and rows in Danish, and in English under ?lang=en', async () => {
    const da = await get('/befolkning.csv?omraade=151&kvartal=2021K2');
    const [head] = da.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(head).toBe('omraade;kvartal;oprindelse;i_alt;dansk_oprindelse;indvandrere;efterkommere;status');
    expect(da.body).toContain('151;2021K2;i_alt;49110;');
    const en = await get('/befolkning.csv?omraade=151&kvartal=2021K2&lang=en');
    expect(en.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'area;quarter;origin;total;danish_origin;immigrants;descendants;status',
    );
    expect(en.body).toContain('151;2021K2;non_western_origin;6899;0;4317;2582;measured\r\n');
    expect(en.body).not.toMatch(/nonWestern|ikke_vestlig/);
  });

  it('says in Danish on the page, and in English in the API, what is wrong with an area or a quarter', async () => {
    expect((await get('/befolkning?omraade=abc')).body).toContain(
      'Området skal angives med en kode på tre cifre',
    );
    expect((await get('/befolkning?kvartal=2021Q9')).body).toContain('Kvartalet skal skrives som år, K');
    expect((await get('/befolkning?kvartal=2021Q9&lang=en')).body).toContain('The quarter must be written');
    expect((await get('/api/v1/population?area=abc')).json()).toMatchObject({
      error: { status: 400, message: 'area must be a three-digit area code such as 151' },
    });
  });

  it.each([
    ['/api/v1/population?area=15&period=2021K2', 400],
    ['/api/v1/population?area=151&period=2021Q9', 400],
    ["/api/v1/population?area=151'--&period=2021K2", 400],
    ['/api/v1/population?area=999&period=2021K2', 404],
    ['/api/v1/population?area=151&period=2008K1', 404],
    ['/befolkning?omraade=<script>&kvartal=2021K2', 400],
    ['/befolkning.csv?omraade=151&kvartal=1999K1', 404],
  ])('answers %s with %i', async (url, status) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.body).not.toContain('<script>');
  });
});

describe('population page with the bundled dataset (a measured quarter and newer illustrative ones)', () => {
  let b: TestApp;
  beforeAll(async () => {
    b = await startTestApp();
    // Every area, so the chooser has regions and many municipalities to order.
    await seedBundledDataset(b.database, undefined, { scope: 'all' });
  }, 120_000);
  afterAll(async () => b.close());

  const page = async (url: string) => (await b.app.inject({ method: 'GET', url })).body;
  const options = (html: string) =>
    [
      ...(/<select[^>]*id="omraade"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '').matchAll(
        /<option value="(\d{3})"[^>]*>([^<]*)<\/option>/g,
      ),
    ].map((m) => ({ code: m[1] as string, name: m[2] as string }));

  it('opens on the newest measured quarter, as the front page does, not on a newer illustrative one', async () => {
    const html = await page('/befolkning');
    expect(html).toContain('<option value="2021K2" selected>');
    expect(html).not.toContain('Illustrative tal</p>');
    // A newer illustrative quarter is there to choose.
    expect(html).toMatch(/<option value="202[2-9]K\d">/);
  });

  it('opens an area without measured figures on its newest illustrative quarter, and says so', async () => {
    const html = await page('/befolkning?omraade=000');
    expect(html).toContain('Der er ingen målte befolkningstal for området');
    expect(html).toContain('Illustrative tal');
  });

  it('publishes no count from 1 to 4 for any area, in the API, the CSV or on the page, and says what ".." means', async () => {
    const areas = options(await page('/befolkning')).map((a) => a.code);
    expect(areas.length).toBeGreaterThan(90);
    let hiddenTables = 0;
    for (const area of areas) {
      const res = await b.app.inject({ method: 'GET', url: `/api/v1/population?area=${area}` });
      if (res.statusCode === 404) continue;
      const data = (
        res.json() as {
          data: { table: Record<string, Record<string, number | null>>; hidden: string[] };
        }
      ).data;
      const values = Object.values(data.table).flatMap((r) => Object.values(r));
      expect(
        values.filter((v) => v !== null && v > 0 && v < 5),
        area,
      ).toEqual([]);
      // Every null is listed as hidden, and nothing else is.
      const nulls = Object.entries(data.table).flatMap(([row, r]) =>
        Object.entries(r).flatMap(([k, v]) => (v === null ? [`${row}.${k}`] : [])),
      );
      expect(nulls.sort(), area).toEqual([...data.hidden].sort());
      if (data.hidden.length > 0) hiddenTables += 1;
    }
    // Christiansø (411) has few residents: its table must hide some.
    expect(hiddenTables).toBeGreaterThan(0);
    const html = await page('/befolkning?omraade=411');
    expect(html).toContain('>..<');
    expect(html).toContain('«..» betyder, at tallet er skjult');
    expect(html).not.toMatch(/text-align-right">[1-4]</);
    const csv = (await b.app.inject({ method: 'GET', url: '/befolkning.csv?omraade=411' })).body;
    expect(csv).toContain(';..;');
    for (const line of csv.split('\r\n').slice(1))
      for (const field of line.split(';').slice(3, 7)) expect(['1', '2', '3', '4']).not.toContain(field);
  });

  it('lists the country, then the regions, then the municipalities, each by name', async () => {
    const html = await page('/befolkning');
    const groups = [...html.matchAll(/<optgroup label="([^"]*)">/g)].map((m) => m[1]);
    expect(groups).toEqual(['Hele landet', 'Regioner', 'Kommuner']);
    const listed = options(html);
    expect(listed[0]?.code).toBe('000');
    const collator = new Intl.Collator('da');
    const municipalities = listed.filter((a) => Number(a.code) >= 101);
    expect(municipalities.length).toBeGreaterThan(1);
    expect(municipalities.map((a) => a.name)).toEqual(
      [...municipalities.map((a) => a.name)].sort((x, y) => collator.compare(x, y)),
    );
  });
});
