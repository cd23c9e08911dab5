// The indicator page beside another area (`?sammenlign=`) and its breakdown tables: the comparison's gap chart,
// table and status from the published views, the whole country by default, a plain message for an area without
// figures, a 400 in Danish for a bad area, suppressed cells as "..", and illustrative figures flagged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { shareObservation } from '../../test/support/observations.ts';
import { cliActor } from '../domain/access/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import { importObservations } from '../service/observations.ts';

let t: TestApp;
const youth = 'ungdomsuddannelse-20-24';
const sanctions = 'sanktionering';
const fvu = 'brugere-af-fvu-dansk-og-sprogtilbud';
const years = ['2019', '2020', '2021', '2022', '2023', '2024'];

const share = (
  series: string,
  area: string,
  period: string,
  group: string,
  numerator: number,
  denominator: number,
  dims: Record<string, string> = {},
) => shareObservation({ series, area, period, group, numerator, denominator, dims });

function count(series: string, area: string, period: string, n: number): Observation {
  return {
    series,
    area,
    period,
    dims: { group: 'target' },
    value: { kind: 'number', value: n },
    unit: 'count',
    status: 'final',
    illustrative: false,
  };
}

async function load(rows: readonly Observation[], illustrative: boolean) {
  await importObservations(
    { database: t.database, actor: cliActor('tester'), now: () => new Date('2026-02-01T09:00:00Z') },
    {
      source: illustrative ? 'illustrative' : 'file',
      retrievedAt: new Date('2026-01-01T00:00:00Z'),
      note: 'test figures',
    },
    rows.map((o, i) => ({ line: i + 1, observation: { ...o, illustrative } })),
  );
}

beforeAll(async () => {
  t = await startTestApp();
  const ballerup: Observation[] = [];
  const country: Observation[] = [];
  years.forEach((year, i) => {
    // Ballerup (illustrative): the target group rises from 55 % to 70 %; women are many, men too few to show.
    ballerup.push(share(youth, '151', year, 'target', 330 + i * 18, 600));
    ballerup.push(share(youth, '151', year, 'comparison', 2550, 3000));
    ballerup.push(share(youth, '151', year, 'target', 160 + i * 9, 300, { sex: 'women' }));
    ballerup.push(share(youth, '151', year, 'comparison', 1275, 1500, { sex: 'women' }));
    ballerup.push(share(youth, '151', year, 'target', 2, 9, { sex: 'men' }));
    ballerup.push(share(youth, '151', year, 'comparison', 1275, 1500, { sex: 'men' }));
    // The whole country (measured): 60 % to 65 % against 85 %.
    country.push(share(youth, '000', year, 'target', 36_000 + i * 600, 60_000));
    country.push(share(youth, '000', year, 'comparison', 255_000, 300_000));
  });
  for (const year of ['2021', '2022', '2023']) {
    // Sanctions: too few in Ballerup's target group, so its gap is suppressed; plenty in the country.
    ballerup.push(share(sanctions, '151', year, 'target', 3, 40));
    ballerup.push(share(sanctions, '151', year, 'comparison', 30, 900));
    country.push(share(sanctions, '000', year, 'target', 400, 4000));
    country.push(share(sanctions, '000', year, 'comparison', 3000, 90_000));
  }
  // Users of FVU (a count): Ballerup only; the region has a year with a count of 1–4.
  const counts: Observation[] = [];
  ['2021', '2022', '2023'].forEach((year, i) => {
    counts.push(count(fvu, '151', year, 120 + i * 10));
    counts.push(count(fvu, '084', year, i === 1 ? 3 : 40));
  });
  await load(ballerup, true);
  await load(country, false);
  await load(counts, false);
});
afterAll(async () => t.close());

const page = (id: string, q = '') =>
  t.app.inject({ method: 'GET', url: `/strategier/${ballerupId}/indikatorer/${id}${q}` });

/** The markup of one section, from its heading to the section's end. */
function section(html: string): string {
  const start = html.indexOf('<section class="comparison"');
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
}

/** The rows of the table whose caption starts with `caption`. */
function tableAfter(html: string, caption: string): string {
  const start = html.indexOf(`<caption>${caption}`);
  expect(start, `no table "${caption}"`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</table>', start));
}

describe('comparison with another area', () => {
  it('compares with the whole country by default: gap chart, table with intervals and status', async () => {
    const res = await page(youth);
    expect(res.statusCode).toBe(200);
    const cmp = section(res.body);
    expect(cmp).toContain('Sammenligning med Hele landet');
    expect(cmp).toMatch(/Status i Hele landet: (Gabet lukkes|Ingen klar ændring|Gabet øges)/);
    // One line per area, told apart by dash pattern and marker as well as tone.
    const svg = cmp.slice(cmp.indexOf('<svg'), cmp.indexOf('</svg>'));
    expect(svg).toContain('id="compare-ungdomsuddannelse-20-24-wide-title"');
    expect(svg).toMatch(/<polyline[^>]*stroke="#004993" stroke-width="2\.5"\/>/);
    expect(svg).toMatch(/<polyline[^>]*stroke="#595959" stroke-width="2\.5" stroke-dasharray="6 4"\/>/);
    expect(svg).toContain('<circle');
    expect(svg).toContain('<rect x=');
    expect(svg).toContain('class="band-edge"');
    expect(svg).not.toMatch(/style=|<script/);
    // The legend in words, and the table: period × area, gap and interval.
    expect(cmp).toContain('Signaturforklaring');
    expect(cmp).toContain('stiplet grå linje med firkantede punkter');
    const table = tableAfter(cmp, 'Tallene bag sammenligningen');
    expect(table).toContain('Hele landet: Gab (procentpoint)');
    expect(table).toContain('Hele landet: 95 %-interval');
    expect(table).toMatch(
      /<th scope="row">2019<\/th>\s*<td[^>]*>-30,0 pct\.point<\/td>\s*<td[^>]*>[^<]+ – [^<]+<\/td>\s*<td[^>]*>-25,0 pct\.point<\/td>/,
    );
    // Downloads for the comparison area too.
    expect(cmp).toContain(`/indikatorer/${youth}.csv?omraade=000&amp;strategy=${ballerupId}`);
    // The chooser shows the comparison that is drawn.
    expect(res.body).toMatch(/<option value="000" selected>Hele landet<\/option>/);
  });

  it('flags illustrative figures in the comparison chart, its legend, its table and its caption', async () => {
    const cmp = section((await page(youth, '?sammenlign=000')).body);
    const svg = cmp.slice(cmp.indexOf('<svg'), cmp.indexOf('</svg>'));
    expect(svg).toContain('ILLUSTRATIVE TAL');
    expect(cmp).toMatch(/<figcaption[^>]*>\s*<p><strong>Illustrative tal<\/strong><\/p>/);
    expect(tableAfter(cmp, 'Tallene bag sammenligningen')).toMatch(
      /<caption>[^<]*\(Illustrativt\)<\/caption>/,
    );
    // Only Ballerup's figures are illustrative, and the legend and the column say which.
    expect(cmp).toContain('(Illustrativt): Gab (procentpoint)');
    expect(cmp).not.toContain('Hele landet (Illustrativt)');
  });

  it('draws no watermark when neither area is illustrative', async () => {
    const cmp = section((await page(fvu, '?sammenlign=084')).body);
    expect(cmp).toContain('Sammenligning med Region Hovedstaden');
    expect(cmp).toContain('<svg');
    expect(cmp).not.toContain('ILLUSTRATIVE');
    expect(cmp).not.toContain('Illustrativ');
  });

  it('shows suppressed figures as "..", never as 0 or blank', async () => {
    // A count of 3 in the region.
    const counts = tableAfter(section((await page(fvu, '?sammenlign=084')).body), 'Tallene bag');
    expect(counts).toMatch(
      /<th scope="row">2022<\/th>\s*<td[^>]*>130<\/td>\s*<td[^>]*><\/td>\s*<td[^>]*>\.\.<\/td>/,
    );
    expect(counts).not.toMatch(/<td[^>]*>3<\/td>/);
    // Ballerup's gap rests on 3 of 40, so it is "..", beside the country's published gap.
    const gaps = tableAfter(section((await page(sanctions)).body), 'Tallene bag sammenligningen');
    expect(gaps).toMatch(
      /<th scope="row">2021<\/th>\s*<td[^>]*>\.\.<\/td>\s*<td[^>]*><\/td>\s*<td[^>]*>3,00 gange<\/td>/,
    );
  });

  it('says plainly when the comparison area has no figures, and still shows the page', async () => {
    const res = await page(youth, '?sammenlign=084');
    expect(res.statusCode).toBe(200);
    const cmp = section(res.body);
    expect(cmp).toContain('Der er ingen tal for Region Hovedstaden for denne indikator');
    expect(cmp).not.toContain('<svg');
    expect(res.body).toContain('Status: Gabet lukkes');
  });

  it('leaves the comparison out when none is chosen, when it is the area itself, or when the country has none', async () => {
    for (const [id, q] of [
      [youth, '?sammenlign='],
      [youth, '?sammenlign=151'],
      [fvu, ''],
    ] as const) {
      const res = await page(id, q);
      expect(res.statusCode).toBe(200);
      expect(section(res.body)).toBe('');
      expect(res.body).toContain('<option value="" selected>Ingen sammenligning</option>');
    }
  });

  it.each([
    ['abc', 'Sammenligningsområdet skal være en områdekode på tre cifre'],
    ['9999', 'Sammenligningsområdet skal være en områdekode på tre cifre'],
    ['%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'Sammenligningsområdet skal være en områdekode på tre cifre'],
    ["'%20or%201=1", 'Sammenligningsområdet skal være en områdekode på tre cifre'],
    ['999', 'Der kan ikke sammenlignes med området 999'],
  ])('refuses sammenlign=%s with a 400 in Danish', async (value, message) => {
    const res = await page(youth, `?sammenlign=${value}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(message);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain("' or 1=1");
  });

  it('refuses a repeated sammenlign and answers in English on the English page', async () => {
    expect((await page(youth, '?sammenlign=000&sammenlign=084')).statusCode).toBe(400);
    const en = await page(youth, '?lang=en&sammenlign=abc');
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('The comparison area must be a three-digit area code');
  });
});

describe('breakdown tables', () => {
  it('gives each breakdown value its latest figures, gap with interval and status', async () => {
    const html = (await page(youth)).body;
    const table = tableAfter(html, 'Køn: seneste periode');
    expect(table).toMatch(
      /<th scope="row">Kvinder<\/th>\s*<td>2024<\/td>\s*<td[^>]*>68,3 %<\/td>\s*<td[^>]*>[^<]+ – [^<]+<\/td>\s*<td[^>]*>85,0 %<\/td>\s*<td[^>]*>[^<]+<\/td>\s*<td[^>]*>-16,7 pct\.point<\/td>\s*<td[^>]*>[^<]+ – [^<]+<\/td>\s*<td>Gabet lukkes<\/td>/,
    );
    expect(table).toMatch(/<caption>[^<]*\(Illustrativt\)<\/caption>/);
  });

  it('shows a suppressed breakdown value as "..", never 0 or blank', async () => {
    const table = tableAfter((await page(youth)).body, 'Køn: seneste periode');
    const men = table.slice(table.indexOf('<th scope="row">Mænd</th>'));
    expect(men).toMatch(
      /<th scope="row">Mænd<\/th>\s*<td>2024<\/td>\s*<td[^>]*>\.\.<\/td>\s*<td[^>]*><\/td>\s*<td[^>]*>85,0 %<\/td>\s*<td[^>]*>[^<]+<\/td>\s*<td[^>]*>\.\.<\/td>/,
    );
    expect(men).not.toContain('22,2 %'); // 2 of 9 must never be shown
  });

  it('draws the gap over time per value, with the same figures in a table', async () => {
    const html = (await page(youth)).body;
    expect(html).toContain('id="breakdown-ungdomsuddannelse-20-24-sex-wide-title"');
    const overTime = tableAfter(html, 'Køn: Gab (procentpoint) over tid');
    expect(overTime).toContain('Mænd: Gab (procentpoint)');
    expect(overTime).toContain('Kvinder: Gab (procentpoint)');
    expect(overTime).toMatch(
      /<th scope="row">2019<\/th>\s*<td[^>]*>\.\.<\/td>\s*<td[^>]*><\/td>\s*<td[^>]*>-31,7 pct\.point<\/td>\s*<td[^>]*>[^<]+ – [^<]+<\/td>/,
    );
  });
});
