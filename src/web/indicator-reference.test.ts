// What a reader sees once real figures arrive beside the bundled illustrative ones: an uploaded indicator file's
// figures shown alone and unflagged (page, chart, CSV, JSON), a skipped year as a row without figures, the
// comparison areas flagged each on their own; the Integrationsbarometer's national figure beside the indicators
// that name its measure; and, for the indicators no API answers, where the figures come from and who loads them.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { cliActor } from '../domain/access/index.ts';
import { seedBundledDataset } from '../service/bundled-dataset.ts';
import { importIndicatorFile, indicatorTemplate } from '../service/indicator-file.ts';
import { getStrategy } from '../service/strategies.ts';

let t: TestApp;
const SCORE = 'oplevet-deltagelse-i-boligsociale-aktiviteter';
const SANCTIONS = 'sanktionering';

const get = (url: string) => t.app.inject({ method: 'GET', url });
const page = (id: string, q = '') => get(`/strategier/${ballerupId}/indikatorer/${id}${q}`);

/** The page's text as read: tags, scripts and styles removed, entities decoded, spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}

function expectClean(html: string): void {
  expect(text(html)).not.toMatch(/\bundefined\b|\bNaN\b|\bnull\b|\{\{|\}\}|\{%|national\.|upload\./);
}

/** The part of the page between the heading with this id and the next section's end. */
function section(html: string, headingId: string): string {
  const at = html.indexOf(`id="${headingId}"`);
  if (at < 0) return '';
  return html.slice(at, html.indexOf('</section>', at));
}

async function upload(indicatorId: string, lines: readonly string[]) {
  const stored = await getStrategy(t.database, ballerupId);
  if (!stored) throw new Error('no strategy');
  const template = await indicatorTemplate(stored.definition, indicatorId, 'csv');
  const head = new TextDecoder('utf-8', { ignoreBOM: true }).decode(template.bytes);
  return importIndicatorFile(
    // After the bundled load, which is stamped with the clock's time: the upload is the newer vintage.
    { database: t.database, actor: cliActor('tester'), now: () => new Date() },
    stored.definition,
    indicatorId,
    {
      name: `${indicatorId}.csv`,
      bytes: new TextEncoder().encode(head + lines.map((l) => `${l}\r\n`).join('')),
    },
  );
}

beforeAll(async () => {
  t = await startTestApp();
  await seedBundledDataset(t.database);
});
afterAll(async () => t.close());

describe('an uploaded indicator file beside the illustrative series', () => {
  it('is shown alone, without the illustrative alert, watermark or flag', async () => {
    const before = (await page(SCORE)).body;
    expect(before).toContain('ILLUSTRATIVE TAL');
    expect(text(before)).toContain('Illustrative tal');

    await upload(SCORE, [
      '151;2020;målgruppe;68,5',
      '151;2020;sammenligning;72,0',
      '151;2021;målgruppe;69,0',
      '151;2021;sammenligning;71,5',
      '151;2022;målgruppe;70,5',
      '151;2022;sammenligning;72,5',
      '151;2023;målgruppe;71,0',
      '151;2023;sammenligning;72,0',
    ]);
    const res = await page(SCORE);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expectClean(html);
    // A gap of scores is a difference in the score's own unit, not in percentage points.
    expect(text(html)).toContain('Gabet opgøres som Forskel mellem grupperne i indikatorens enhed');
    expect(text(html)).not.toContain('procentpoint');
    expect(html).not.toContain('ILLUSTRATIVE TAL');
    expect(text(html)).not.toMatch(/Illustrative tal|Illustrativt/);
    const table = html.slice(html.indexOf('<table'), html.indexOf('</table>'));
    const periods = [...table.matchAll(/<th scope="row"[^>]*>([^<]*)</g)].map((m) => m[1]?.trim());
    expect(periods).toEqual(['2020', '2021', '2022', '2023']);
    expect(text(table)).toContain('68,50');

    const csv = (await get(`/indikatorer/${SCORE}.csv?omraade=151&strategy=${ballerupId}`)).body;
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/;datagrundlag$/);
    expect(lines.slice(1).every((l) => l.endsWith(';målt'))).toBe(true);
    expect(csv).not.toContain('2024');

    const wb = new ExcelJS.Workbook();
    const xlsx = await get(`/indikatorer/${SCORE}.xlsx?omraade=151&strategy=${ballerupId}`);
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('data');
    const flags: string[] = [];
    sheet?.eachRow((row, n) => {
      if (n > 1) flags.push(String(row.getCell(row.cellCount).value));
    });
    expect(flags.length).toBeGreaterThan(0);
    expect(new Set(flags)).toEqual(new Set(['målt']));

    // The strategy page's table at a glance and the area's status count the indicator as measured.
    const strategy = (await get(`/strategier/${ballerupId}`)).body;
    const glanceRow = (id: string) =>
      new RegExp(
        `<th scope="row"><a href="[^"]*/indikatorer/${id}">[^<]*</a>([^<]*<span[^>]*>[^<]*</span>)?`,
      ).exec(strategy)?.[0] ?? '';
    expect(glanceRow(SCORE)).not.toBe('');
    expect(glanceRow(SCORE)).not.toContain('Illustrativt');
    expect(glanceRow('offentlig-forsoergelse')).toContain('Illustrativt');

    const json = (await get(`/api/v1/indicators/${SCORE}/observations?area=151`)).json() as {
      data: { illustrative: boolean; periods: { period: string; illustrative: boolean }[] };
    };
    expect(json.data.illustrative).toBe(false);
    expect(json.data.periods.map((p) => [p.period, p.illustrative])).toEqual([
      ['2020', false],
      ['2021', false],
      ['2022', false],
      ['2023', false],
    ]);
  });

  it('shows a skipped year as a row without figures and keeps the country illustrative and flagged', async () => {
    await upload(SANCTIONS, [
      '151;2019;målgruppe;i alt;i alt;40;400',
      '151;2019;sammenligning;i alt;i alt;90;1500',
      '151;2020;målgruppe;i alt;i alt;44;410',
      '151;2020;sammenligning;i alt;i alt;95;1480',
      '151;2022;målgruppe;i alt;i alt;38;420',
      '151;2022;sammenligning;i alt;i alt;88;1510',
    ]);
    const html = (await page(SANCTIONS)).body;
    expectClean(html);
    const table = html.slice(html.indexOf('<table'), html.indexOf('</table>'));
    const hole = /<th scope="row"[^>]*>\s*2021\s*<\/th>([\s\S]*?)<\/tr>/.exec(table)?.[1] ?? '';
    expect(text(hole).trim().split(' ')[0]).toBe('–');
    expect(text(hole)).not.toMatch(/\d/);
    // The own area's alert is gone; the country, compared by default, is still illustrative and says so.
    expect(html.slice(0, html.indexOf('id="status-heading"'))).not.toContain('Illustrative tal');
    const compare = html.slice(
      html.indexOf('id="compare-heading"'),
      html.indexOf('</section>', html.indexOf('id="compare-heading"')),
    );
    expect(text(compare)).toContain('Illustrative tal');

    const csv = (await get(`/indikatorer/${SANCTIONS}.csv?omraade=151&strategy=${ballerupId}`)).body;
    const row2021 = csv.split('\r\n').find((l) => l.includes(';2021;') && l.includes(';andel;'));
    expect(row2021).toMatch(/;–;Intet tal for perioden\.;målt$/);
    const country = (await get(`/indikatorer/${SANCTIONS}.csv?omraade=000&strategy=${ballerupId}`)).body;
    expect(
      country
        .trim()
        .split('\r\n')
        .slice(1)
        .every((l) => l.endsWith(';illustrativ')),
    ).toBe(true);
  });
});

describe('the national reference', () => {
  it('shows the barometer figure, what it is and its source beside the indicator that names the measure', async () => {
    const html = (await page('ungdomsuddannelse-20-24')).body;
    expectClean(html);
    const national = text(section(html, 'national-heading'));
    expect(national).toContain('Hele landet på Integrationsbarometeret');
    expect(national).toContain('mål 2.2');
    expect(national).toContain('efter barometrets egne definitioner');
    expect(national).toContain('Barometrets andel for målgruppen');
    expect(national).toContain('Tal for 2022 68 %');
    expect(national).toContain('+12 procentpoint siden barometrets udgangsår');
    expect(national).toContain(
      'Udlændinge- og Integrationsministeriet: Integrationsbarometeret, nationale tal, rapport fra november 2022 (hele landet)',
    );
    expect(national).toContain('Målte tal, ikke illustrative');
    expect(national).not.toMatch(/https?:|www\./);
  });

  it('gives a fall as a fall, and nothing on an indicator that names no measure', async () => {
    const test = text(section((await page('danskproeve-inden-5-aar')).body, 'national-heading'));
    expect(test).toContain('Tal for 2022 62 %');
    expect(test).toContain('−5 procentpoint siden barometrets udgangsår');
    expect((await page('offentlig-forsoergelse')).body).not.toContain('id="national-heading"');
  });

  it('is worded in English on the English page', async () => {
    const html = (await page('karakter-skriftlig-dansk-og-matematik', '?lang=en')).body;
    expectClean(html);
    const national = text(section(html, 'national-heading'));
    expect(national).toContain("by the barometer's own definitions");
    expect(national).toContain('Figure for 2022 95%');
    expect(national).toContain("+13 percentage points since the barometer's baseline");
  });
});

describe('barometer measure 1.1, the employment gap', () => {
  it('is beside no indicator page: no bundled indicator measures employment', async () => {
    const stored = await getStrategy(t.database, ballerupId);
    const all = stored?.definition.areas.flatMap((a) => a.indicators) ?? [];
    expect(all.filter((i) => i.nationalMeasure === '1.1')).toEqual([]);
    // The employment area's indicators, the nearest ones, show no national figure and not 1.1's 20 points.
    const employment = stored?.definition.areas.find((a) => a.id === 'beskaeftigelse')?.indicators ?? [];
    expect(employment.map((i) => i.id)).toContain('offentlig-forsoergelse');
    for (const i of employment) {
      const html = (await page(i.id)).body;
      expectClean(html);
      expect(html).not.toContain('id="national-heading"');
      expect(text(html)).not.toContain('mål 1.1');
    }
  });

  it('is listed on the method page with its figure, that no indicator names it and how it differs', async () => {
    const html = (await get('/metode')).body;
    expectClean(html);
    const part = text(html.slice(html.indexOf('id="integrationsbarometer"')));
    expect(part).toContain('Integrationsbarometrets nationale tal');
    expect(part).toMatch(
      /1\.1 Forskellen i beskæftigelse mellem 25-64-årige med dansk oprindelse .* 20 procentpoint \(2022\) Ingen indikator i de indlæste strategier angiver dette mål\. Målet er andelen i beskæftigelse, 25-64 år/,
    );
    // The measures an indicator names link to it.
    expect(html).toMatch(
      new RegExp(`<a href="/strategier/${ballerupId}/indikatorer/ungdomsuddannelse-20-24">20-24-årige`),
    );
    expect(part).toContain(
      'Kilde: Udlændinge- og Integrationsministeriet: Integrationsbarometeret, nationale tal',
    );

    const en = text((await get('/metode?lang=en')).body);
    expect(en).toMatch(
      /1\.1 The gap in employment between 25-64-year-olds .* 20 percentage points \(2022\) No indicator of the loaded strategies names this measure\. The measure is the share in employment, aged 25-64/,
    );
  });
});

describe('the upload path of an indicator no API answers', () => {
  it('names the source, links the template and says who loads the figures', async () => {
    const html = (await page('valgdeltagelse')).body;
    expectClean(html);
    const part = section(html, 'upload-heading');
    const words = text(part);
    expect(words).toContain('Sådan kommer tallene ind');
    expect(words).toContain('Københavns Universitet, Institut for Statskundskab');
    expect(words).toContain('Center for Skoler, Institutioner og Kultur skaffer tallene');
    expect(words).toContain('en administrator indlæser filen');
    const choice = encodeURIComponent(`${ballerupId}/valgdeltagelse`);
    expect(part).toContain(`href="/admin/indlaes/skabelon?indikator=${choice}&amp;format=csv"`);
    expect(part).toContain(`href="/admin/indlaes/skabelon?indikator=${choice}&amp;format=xlsx"`);
    // The template download is the administrators' own: a visitor is sent to log in, not to a missing page.
    const template = await get(`/admin/indlaes/skabelon?indikator=${choice}&format=csv`);
    expect([302, 303]).toContain(template.statusCode);
  });

  it('is derived from the definition: Jobindsats measures without a query have one, fetched ones none', async () => {
    for (const id of [
      'ledige-efter-13-uger',
      'varighed-afsluttede-sager',
      'sanktionering',
      'danskproeve-inden-5-aar',
    ])
      expect((await page(id)).body, id).toContain('id="upload-heading"');
    for (const id of [
      'offentlig-forsoergelse',
      'ungdomsuddannelse-20-24',
      'karakter-skriftlig-dansk-og-matematik',
    ])
      expect((await page(id)).body, id).not.toContain('id="upload-heading"');
  });

  it('links the template and the import page for an administrator, not for a reader who may not import', async () => {
    await createUser(t.database, 'admin@ballerup.dk', 'admin');
    await createUser(t.database, 'reader@ballerup.dk', 'reader');
    const admin = new Browser(t.app, '10.9.0.1');
    await admin.login('admin@ballerup.dk');
    const adminPart = section(
      (await admin.get(`/strategier/${ballerupId}/indikatorer/valgdeltagelse`)).body,
      'upload-heading',
    );
    const template = /href="(\/admin\/indlaes\/skabelon\?[^"]+format=csv)"/.exec(adminPart)?.[1] ?? '';
    const csv = await admin.get(template.replaceAll('&amp;', '&'));
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('# Pejlemærke-skabelon version 1 for indikatoren valgdeltagelse');
    expect(adminPart).toContain('Gå til Indlæs tal');

    const reader = new Browser(t.app, '10.9.0.2');
    await reader.login('reader@ballerup.dk');
    const readerPart = section(
      (await reader.get(`/strategier/${ballerupId}/indikatorer/valgdeltagelse`)).body,
      'upload-heading',
    );
    expect(text(readerPart)).toContain('en administrator indlæser filen');
    expect(readerPart).not.toContain('/admin/indlaes');
  });

  it('keeps the language on the English page', async () => {
    const part = section((await page('valgdeltagelse', '?lang=en')).body, 'upload-heading');
    expect(text(part)).toContain('How the figures get in');
    expect(part).toContain('&amp;format=csv&amp;lang=en"');
  });
});
