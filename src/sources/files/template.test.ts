// The templates: CSV for Danish Excel and XLSX with instructions, with the columns each indicator needs.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnsFor } from './columns.ts';
import { ballerup, ballerupIndicators, indicator } from './fixtures/ballerup.ts';
import { filledXlsx, sampleRows } from './fixtures/fill.ts';
import { readIndicatorFile } from './read.ts';
import { csvTemplate, exampleRow, templateFileName, xlsxTemplate } from './template.ts';

const headers = (id: string) => columnsFor(indicator(id)).map((c) => c.header);

describe('column layout', () => {
  it.each([
    ['offentlig-forsoergelse', 'område;periode;gruppe;køn;herkomst;aldersgruppe;tæller;nævner'],
    ['varighed-afsluttede-sager', 'område;periode;gruppe;køn;herkomst;værdi'],
    ['oplevet-deltagelse-i-boligsociale-aktiviteter', 'område;periode;gruppe;værdi'],
    ['aktiviteter-med-mangfoldig-deltagelse', 'område;periode;tæller;nævner'],
    ['valgdeltagelse', 'område;periode;gruppe;herkomst;aldersgruppe;tæller;nævner'],
    ['danskproeve-inden-5-aar', 'område;periode;køn;tæller;nævner'],
    ['brugere-af-fvu-dansk-og-sprogtilbud', 'område;periode;antal'],
  ])('%s', (id, expected) => expect(headers(id).join(';')).toBe(expected));
});

describe('CSV template', () => {
  const ind = indicator('ledige-efter-13-uger');
  const bytes = csvTemplate(ballerup, ind);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

  it('is UTF-8 with a BOM, ";" and CRLF, header first', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.slice(1).split('\r\n')[0]).toBe('område;periode;gruppe;køn;herkomst;tæller;nævner');
  });

  it('gives the marker and the example as comment lines, the example under its columns', () => {
    const lines = text.split('\r\n');
    expect(lines[1]).toBe(
      '# Pejlemærke-skabelon version 1 for indikatoren ledige-efter-13-uger. Linjer der begynder med # læses ikke.',
    );
    expect(lines.slice(1, -1).every((l) => l.startsWith('#'))).toBe(true);
    expect(lines[lines.length - 2]).toBe('# eksempel: 151;2021K2;målgruppe;kvinder;indvandrere;120;450');
  });

  it('is refused as it is (no rows) and read once a row is added', async () => {
    await expect(readIndicatorFile({ name: 't.csv', bytes }, ind)).rejects.toThrow(/ingen rækker med tal/);
    const filled = new TextEncoder().encode(`${text}151;2021K3;målgruppe;mænd;i alt;7;40\r\n`);
    const r = await readIndicatorFile({ name: 't.csv', bytes: filled }, ind);
    expect(r.rows).toHaveLength(1);
    // Header, marker, description, one line per column's allowed values, the example: the row is line 12.
    expect(r.rows[0]?.line).toBe(5 + columnsFor(ind).length);
  });

  it('lists the allowed values of every column, the groups', () => {
    const lines = text.split('\r\n');
    expect(lines).toContain(
      '# kolonnen gruppe - tilladte værdier: "målgruppe", "sammenligning". målgruppe: ' +
        `${ind.targetGroup?.label ?? ''}, sammenligning: ${ind.comparisonGroup?.label ?? ''}.`,
    );
    expect(lines).toContain(
      '# kolonnen køn - tilladte værdier: "kvinder", "mænd", "i alt". kønnet tallet gælder, "i alt" for begge køn tilsammen.',
    );
    expect(
      lines.some((l) =>
        l.startsWith('# kolonnen herkomst - tilladte værdier: "indvandrere", "efterkommere", "i alt".'),
      ),
    ).toBe(true);
    for (const c of columnsFor(ind))
      expect(lines.some((l) => l.startsWith(`# kolonnen ${c.header} - `))).toBe(true);
    // No comment line holds the delimiter, so Excel keeps each in its first cell.
    expect(
      lines.filter((l) => l.startsWith('#')).every((l) => !l.includes(';') || l.startsWith('# eksempel')),
    ).toBe(true);
  });

  it('names the file after the indicator', () => {
    expect(templateFileName(ind, 'csv')).toBe('skabelon-ledige-efter-13-uger.csv');
  });
});

describe('XLSX template', () => {
  it('has a sheet "data" with the header only and a sheet "vejledning" with the instructions', async () => {
    const ind = indicator('offentlig-forsoergelse');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsxTemplate(ballerup, ind)) as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['data', 'vejledning']);
    const data = wb.getWorksheet('data');
    expect(data?.rowCount).toBe(1);
    expect((data?.getRow(1).values as unknown[]).slice(1)).toEqual(headers('offentlig-forsoergelse'));
    expect(data?.getColumn(1).numFmt).toBe('@');
    const guide: string[] = [];
    wb.getWorksheet('vejledning')?.eachRow((row) =>
      guide.push((row.values as unknown[]).slice(1).join(' | ')),
    );
    const text = guide.join('\n');
    expect(text).toContain('Indikator-id | offentlig-forsoergelse');
    expect(text).toContain(`Måling | ${ind.measurement}`);
    expect(text).toContain('Enhed | andel (tæller divideret med nævner)');
    expect(text).toContain('Hyppighed | kvartal');
    expect(text).toContain(
      'køn | kønnet tallet gælder; "i alt" for begge køn tilsammen | "kvinder", "mænd", "i alt" | kvinder',
    );
    expect(text).toContain('formler');
    expect(text).toContain(exampleRow(ballerup, ind).join(' | '));
  });

  it('names its indicator, so a filled template is refused for another with the same columns', async () => {
    const tilbud = indicator('virksomhedsrettede-tilbud');
    const ledige = indicator('ledige-efter-13-uger');
    expect(columnsFor(tilbud).map((c) => c.header)).toEqual(columnsFor(ledige).map((c) => c.header));
    const bytes = await filledXlsx(ballerup, tilbud, sampleRows(tilbud));
    await expect(readIndicatorFile({ name: 't.xlsx', bytes }, ledige)).rejects.toThrow(
      'filen er skabelonen for indikatoren "virksomhedsrettede-tilbud", ikke "ledige-efter-13-uger"',
    );
    await expect(readIndicatorFile({ name: 't.xlsx', bytes }, tilbud)).resolves.toMatchObject({
      rejected: [],
    });
  });

  it('is made for every indicator of the Ballerup strategy', async () => {
    for (const ind of ballerupIndicators) {
      const bytes = await xlsxTemplate(ballerup, ind);
      await expect(readIndicatorFile({ name: 't.xlsx', bytes }, ind)).rejects.toThrow(/ingen rækker med tal/);
    }
  });
});
