// The indicator downloads read back as a user's spreadsheet reads them: CSV for Danish Excel (BOM, `;`, decimal
// comma, CRLF) and XLSX through exceljs — figures rounded as the page shows them, units and interval bounds in
// their own columns, suppressed cells as their markers with the reason, Danish or English column names, number
// formats, a frozen header row and an explanation sheet with the columns, units, markers and provenance.
process.env.TZ = 'America/St_Johns';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { asLines, shareObservation } from '../../test/support/observations.ts';
import { cliActor } from '../domain/access/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import { importObservations } from '../service/observations.ts';
import { roundTo } from './indicator-download-table.ts';

let t: TestApp;
const youth = 'ungdomsuddannelse-20-24'; // share, gap as a difference in points
const unemployed = 'ledige-efter-13-uger'; // share, gap as a ratio
const sanctions = 'sanktionering'; // tiny counts: suppressed

const share = (series: string, period: string, group: string, numerator: number, denominator: number) =>
  shareObservation({ series, period, group, numerator, denominator });

beforeAll(async () => {
  t = await startTestApp();
  const rows: Observation[] = [];
  for (const [i, year] of ['2021', '2022', '2023'].entries()) {
    rows.push(share(youth, year, 'target', 347 + i * 12, 600), share(youth, year, 'comparison', 2550, 3000));
    rows.push(share(sanctions, year, 'target', 3, 40), share(sanctions, year, 'comparison', 30, 900));
  }
  // 2024: a group of four, so its size is "<5" as well.
  rows.push(share(sanctions, '2024', 'target', 2, 4), share(sanctions, '2024', 'comparison', 30, 900));
  for (const q of ['2021K2', '2021K3', '2021K4'])
    rows.push(share(unemployed, q, 'target', 120, 400), share(unemployed, q, 'comparison', 200, 1000));
  await importObservations(
    { database: t.database, actor: cliActor('tester'), now: () => new Date('2026-02-01T09:00:00Z') },
    {
      source: 'statbank',
      table: 'TEST1',
      retrievedAt: new Date('2026-01-15T08:30:00Z'),
      licence: 'CC BY 4.0, Kilde: Danmarks Statistik',
      note: 'test figures',
    },
    asLines(rows),
  );
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

/** A CSV as Danish Excel splits it: `;` between fields, `"` quoting, CRLF between records. */
function readCsv(body: string): string[][] {
  expect(body.startsWith('\uFEFF')).toBe(true);
  expect(body.endsWith('\r\n')).toBe(true);
  return body
    .slice(1, -2)
    .split('\r\n')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^;]*)(;|$)/g)].slice(0, -1).map((m) => m[1] as string))
    .map((cells) => cells.map((c) => (c.startsWith('"') ? c.slice(1, -1).replaceAll('""', '"') : c)));
}

function records(body: string): Record<string, string>[] {
  const [header, ...rows] = readCsv(body);
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

async function workbook(url: string): Promise<ExcelJS.Workbook> {
  const res = await get(url);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

describe('rounding', () => {
  it.each([
    [0.3747102755601339 * 100, 1, 37.5],
    [-0.7000000000000002, 1, -0.7],
    [-27.166666666666664, 1, -27.2],
    [1.4999999999999998, 2, 1.5],
    [0.05, 1, 0.1],
    [-0.04, 1, 0],
    [2584.4, 0, 2584],
  ])('%d to %i decimals is %d', (n, d, expected) => {
    expect(roundTo(n, d)).toBe(expected);
  });
});

describe('CSV download', () => {
  it('has Danish column names, per cent and points with one decimal, units and interval bounds', async () => {
    const res = await get(`/indikatorer/${youth}.csv?omraade=151`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header] = readCsv(res.body);
    expect(header).toEqual([
      'indikator',
      'område',
      'periode',
      'gruppe',
      'mål',
      'værdi',
      'nedre_95',
      'øvre_95',
      'enhed',
      'markering',
      'forklaring',
      'datagrundlag',
    ]);
    const rows = records(res.body).filter((r) => r.periode === '2021');
    const target = rows.find((r) => r.mål === 'andel' && r.gruppe?.startsWith('indvandrere'));
    // 347 of 600 = 57.8333 %, with its Wilson interval.
    expect(target).toMatchObject({ værdi: '57,8', enhed: 'procent', markering: '', datagrundlag: 'målt' });
    expect(Number(target?.nedre_95?.replace(',', '.'))).toBeLessThan(57.8);
    expect(target?.øvre_95).toMatch(/^6\d,\d$/);
    expect(rows.find((r) => r.mål === 'andel' && r.gruppe === 'personer med dansk oprindelse')?.værdi).toBe(
      '85,0',
    );
    expect(rows.find((r) => r.mål === 'antal i gruppen')).toMatchObject({ værdi: '600', enhed: 'personer' });
    const gap = rows.find((r) => r.mål === 'gab');
    expect(gap).toMatchObject({
      værdi: '-27,2',
      enhed: 'procentpoint',
      gruppe: 'forskel (målgruppe − sammenligning)',
    });
    expect(gap?.nedre_95).toMatch(/^-\d\d,\d$/);
    // Nothing unrounded anywhere: at most one decimal after the comma.
    for (const r of records(res.body))
      for (const k of ['værdi', 'nedre_95', 'øvre_95']) expect(r[k]).toMatch(/^(-?\d+(,\d)?)?$/);
  });

  it('gives a ratio in times with two decimals', async () => {
    const rows = records((await get(`/indikatorer/${unemployed}.csv?omraade=151`)).body);
    const gap = rows.find((r) => r.periode === '2021K2' && r.mål === 'gab');
    expect(gap).toMatchObject({
      værdi: '1,50',
      enhed: 'gange',
      gruppe: 'forhold (målgruppe / sammenligning)',
    });
    expect(gap?.nedre_95).toMatch(/^1,\d\d$/);
  });

  it('shows suppressed cells as their markers with the reason, never as 0 or blank without a word', async () => {
    const rows = records((await get(`/indikatorer/${sanctions}.csv?omraade=151`)).body).filter(
      (r) => r.periode === '2021',
    );
    const target = rows.find((r) => r.mål === 'andel' && r.gruppe === 'ledige med ikke-vestlig baggrund');
    expect(target).toMatchObject({ værdi: '', nedre_95: '', øvre_95: '', markering: '..' });
    expect(target?.forklaring).toContain('diskretionering');
    const size = rows.find(
      (r) => r.mål === 'antal i gruppen' && r.gruppe === 'ledige med ikke-vestlig baggrund',
    );
    expect(size?.værdi).toBe('40');
    const gap = rows.find((r) => r.mål === 'gab');
    expect(gap).toMatchObject({ værdi: '', markering: '..' });
    expect(gap?.forklaring).toBe('Skjult: gabet vises kun, når begge gruppers andele vises.');
  });

  it('marks a group of fewer than five as "..", as every hidden figure, and says why', async () => {
    const rows = records((await get(`/indikatorer/${sanctions}.csv?omraade=151`)).body);
    const size = rows.find((r) => r.periode === '2024' && r.mål === 'antal i gruppen' && r.markering !== '');
    expect(size).toMatchObject({ værdi: '', markering: '..', enhed: 'personer' });
    expect(size?.forklaring).toBe(
      'Skjult ved diskretionering: et lille antal eller et tal, som et lille antal kunne indkredses ud fra.',
    );
  });

  it('has English column names and words in the English download', async () => {
    const res = await get(`/indikatorer/${youth}.csv?omraade=151&lang=en`);
    const [header] = readCsv(res.body);
    expect(header?.slice(0, 6)).toEqual(['indicator', 'area', 'period', 'group', 'measure', 'value']);
    const gap = records(res.body).find((r) => r.period === '2021' && r.measure === 'gap');
    expect(gap).toMatchObject({ unit: 'percentage points', figures: 'measured', value: '-27,2' });
  });

  it.each([
    [`/indikatorer/${youth}.csv?omraade=abc`, 400],
    [`/indikatorer/${youth}.csv?omraade=151&strategy=%3Cx%3E`, 400],
    ['/indikatorer/findes-ikke.csv?omraade=151', 404],
    [`/indikatorer/${youth}.xlsx?omraade=15`, 400],
  ])('answers %s with %i', async (url, status) => {
    expect((await get(url)).statusCode).toBe(status);
  });
});

describe('XLSX download', () => {
  it('has numbers with number formats, a frozen header row and column widths', async () => {
    const wb = await workbook(`/indikatorer/${youth}.xlsx?omraade=151`);
    const ws = wb.getWorksheet('data');
    expect(ws).toBeDefined();
    if (!ws) return;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 9)).toEqual([
      'indikator',
      'område',
      'periode',
      'gruppe',
      'mål',
      'værdi',
      'nedre_95',
      'øvre_95',
      'enhed',
    ]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.getColumn(4).width).toBeGreaterThan(30);
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    const target = rows.find((r) => r[3] === '2021' && r[5] === 'andel');
    expect(target?.[6]).toBe(57.8);
    expect(target?.[9]).toBe('procent');
    const gapRow = rows.findIndex((r) => r[3] === '2021' && r[5] === 'gab') + 2;
    expect(ws.getCell(gapRow, 6).value).toBe(-27.2);
    expect(ws.getCell(gapRow, 6).numFmt).toBe('0.0');
    expect(ws.getCell(gapRow, 7).numFmt).toBe('0.0');
    const sizeRow = rows.findIndex((r) => r[5] === 'antal i gruppen') + 2;
    expect(ws.getCell(sizeRow, 6).value).toBe(600);
    expect(ws.getCell(sizeRow, 6).numFmt).toBe('#,##0');
  });

  it('gives ratios two decimals and suppressed cells their marker and reason', async () => {
    const ratio = (await workbook(`/indikatorer/${unemployed}.xlsx?omraade=151`)).getWorksheet('data');
    const rows = (ratio?.getSheetValues().slice(2) ?? []) as unknown[][];
    const gapRow = rows.findIndex((r) => r[5] === 'gab') + 2;
    expect(ratio?.getCell(gapRow, 6).value).toBe(1.5);
    expect(ratio?.getCell(gapRow, 6).numFmt).toBe('0.00');
    const hidden = (await workbook(`/indikatorer/${sanctions}.xlsx?omraade=151`)).getWorksheet('data');
    const hiddenRows = (hidden?.getSheetValues().slice(2) ?? []) as unknown[][];
    const share = hiddenRows.find((r) => r[3] === '2021' && r[5] === 'andel');
    expect(share?.[6]).toBeUndefined();
    expect(share?.[10]).toBe('..');
    expect(String(share?.[11])).toContain('diskretionering');
  });

  it('explains every column, the units, the markers and the provenance on a second sheet', async () => {
    const wb = await workbook(`/indikatorer/${sanctions}.xlsx?omraade=151`);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['data', 'forklaring']);
    const ex = wb.getWorksheet('forklaring');
    const text = Array.from(ex?.getSheetValues() ?? [], (r) =>
      Array.from(((r ?? []) as unknown[]).slice(1), (v) => (v === undefined ? '' : String(v))).join(' | '),
    );
    const columns = (wb.getWorksheet('data')?.getRow(1).values as string[]).slice(1);
    for (const c of columns) expect(text.some((line) => line.startsWith(`${c} | `))).toBe(true);
    expect(text).toContain('Datagrundlag | Målte tal fra kilden');
    expect(text.some((l) => l.startsWith('procent | Andel af gruppen'))).toBe(true);
    expect(text.some((l) => l.startsWith('gange | Forhold'))).toBe(true);
    expect(text.some((l) => l.startsWith('.. | Skjult'))).toBe(true);
    const source = text.find((l) => l.startsWith('Danmarks Statistik, Statistikbanken | TEST1'));
    expect(source).toContain('2026-01-15T08:30:00.000Z');
    expect(source).toContain('CC BY 4.0, Kilde: Danmarks Statistik');
    expect(source).toContain('| nej |');
  });

  it('names its sheets and columns in English in the English download', async () => {
    const wb = await workbook(`/indikatorer/${youth}.xlsx?omraade=151&lang=en`);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['data', 'explanation']);
    expect((wb.getWorksheet('data')?.getRow(1).values as string[]).slice(1, 4)).toEqual([
      'indicator',
      'area',
      'period',
    ]);
  });
});
