// The reader end to end, table-driven: good files as Danish offices save them, and every kind of bad input, each
// refused whole with a Danish message or row by row with the line number and reason.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../domain/strategy/index.ts';
import { IndicatorFileError } from './errors.ts';
import { fixture, indicator } from './fixtures/ballerup.ts';
import { buildZip } from './fixtures/zip-builder.ts';
import { MAX_FILE_BYTES } from './limits.ts';
import { formatRejected, readIndicatorFile } from './read.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const csv = (...lines: string[]) => utf8(`\uFEFF${lines.join('\r\n')}\r\n`);

/** Gap, share, quarterly, by sex and origin; comparison "øvrige". */
const ledige = indicator('ledige-efter-13-uger');
/** Gap, weeks, quarterly, by sex and origin. */
const varighed = indicator('varighed-afsluttede-sager');
/** Gap, share, yearly, by origin and sex; comparison "dansk oprindelse". */
const ungdom = indicator('ungdomsuddannelse-20-24');
/** Count, yearly, no breakdowns. */
const fvu = indicator('brugere-af-fvu-dansk-og-sprogtilbud');
/** Gap, share, survey rounds, by origin and age band. */
const valg = indicator('valgdeltagelse');

const LEDIGE = 'område;periode;gruppe;køn;herkomst;tæller;nævner';

async function rejectedOf(ind: Indicator, bytes: Uint8Array, name = 'f.csv') {
  const r = await readIndicatorFile({ name, bytes }, ind);
  return r.rejected.map((x) => formatRejected(x, r.lineWord));
}

async function xlsx(build: (sheet: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('data'), wb);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
}

describe('good files', () => {
  it('reads UTF-8 with BOM, ";", CRLF and decimal commas (Excel "CSV UTF-8")', async () => {
    const r = await readIndicatorFile(
      { name: 'v.csv', bytes: fixture('varighed-afsluttede-sager.utf8-bom.csv') },
      varighed,
    );
    expect(r).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';', rejected: [] });
    expect(r.rows.map((x) => [x.line, x.group, x.sex, x.originSubgroup, x.figure])).toEqual([
      [2, 'target', 'women', 'immigrants', { kind: 'value', value: 12.5 }],
      [3, 'target', 'men', 'descendants', { kind: 'value', value: 9.75 }],
      [4, 'comparison', undefined, undefined, { kind: 'value', value: 8 }],
      [6, 'target', undefined, undefined, { kind: 'value', value: 11.25 }],
    ]);
  });

  it('reads Windows-1252 with æ, ø and å (Excel "CSV (semikolonsepareret)")', async () => {
    const r = await readIndicatorFile(
      { name: 'k.csv', bytes: fixture('karakter-mundtlig-dansk-og-retskrivning.cp1252.csv') },
      indicator('karakter-mundtlig-dansk-og-retskrivning'),
    );
    expect(r).toMatchObject({ encoding: 'windows-1252', rejected: [] });
    expect(r.rows.map((x) => [x.area, x.period, x.group, x.sex, x.figure])).toEqual([
      ['151', '2022', 'target', 'women', { kind: 'share', numerator: 14, denominator: 20 }],
      ['151', '2022', 'target', 'men', { kind: 'share', numerator: 11, denominator: 19 }],
      ['151', '2022', 'comparison', undefined, { kind: 'share', numerator: 310, denominator: 352 }],
      ['101', '2022', 'target', 'men', { kind: 'share', numerator: 140, denominator: 230 }],
    ]);
  });

  it('reads "," as delimiter with decimal points, English values and ASCII headers', async () => {
    const r = await readIndicatorFile(
      { name: 'v.csv', bytes: fixture('varighed-afsluttede-sager.comma.csv') },
      varighed,
    );
    expect(r).toMatchObject({ delimiter: ',', rejected: [] });
    expect(r.rows.map((x) => [x.line, x.group, x.sex, x.figure])).toEqual([
      [2, 'target', 'women', { kind: 'value', value: 12.5 }],
      [3, 'comparison', undefined, { kind: 'value', value: 8.25 }],
      [4, 'target', undefined, { kind: 'value', value: 10.5 }],
    ]);
  });

  it('reads an XLSX made with exceljs: numbers as numbers, text as text, rows by their number', async () => {
    const bytes = await xlsx((s) => {
      s.addRow(['område', 'periode', 'gruppe', 'aldersgruppe', 'herkomst', 'tæller', 'nævner']);
      s.addRow([151, 2021, 'målgruppe', '18-29', 'indvandrere', 120, 450]);
      s.addRow([]);
      s.addRow(['85', '2021', 'Sammenligning', '30–39 år', 'I alt', 17.5, 20]);
      s.addRow([101, 2021, 'comparison', '65+', 'total', { richText: [{ text: '1' }, { text: '0' }] }, 20]);
    });
    const r = await readIndicatorFile({ name: 'valg.xlsx', bytes }, valg);
    expect(r).toMatchObject({ format: 'xlsx', sheet: 'data', lineWord: 'række', rejected: [] });
    expect(
      r.rows.map((x) => [x.line, x.area, x.period, x.group, x.ageBand, x.originSubgroup, x.figure]),
    ).toEqual([
      [
        2,
        '151',
        '2021',
        'target',
        '18-29',
        'immigrants',
        { kind: 'share', numerator: 120, denominator: 450 },
      ],
      [
        4,
        '085',
        '2021',
        'comparison',
        '30-39',
        undefined,
        { kind: 'share', numerator: 17.5, denominator: 20 },
      ],
      [5, '101', '2021', 'comparison', '65+', undefined, { kind: 'share', numerator: 10, denominator: 20 }],
    ]);
  });

  it('accepts "2021Q2" as 2021K2 and codes in any case', async () => {
    const r = await readIndicatorFile(
      { name: 'l.csv', bytes: csv(LEDIGE, '151;2021q2;MÅLGRUPPE;Kvinder;Indvandrere;5;10') },
      ledige,
    );
    expect(r.rows[0]).toMatchObject({ period: '2021K2', group: 'target', sex: 'women' });
  });
});

describe('files refused whole', () => {
  const big = new Uint8Array(MAX_FILE_BYTES + 1);
  const cases: [string, string, Uint8Array | (() => Promise<Uint8Array>), Indicator, RegExp][] = [
    ['an empty file', 'a.csv', new Uint8Array(0), ledige, /^filen er tom$/],
    ['a file over 20 MB', 'a.csv', big, ledige, /fylder 20,0 MB; en indikatorfil må højst fylde 20,0 MB/],
    ['only a BOM', 'a.csv', utf8('\uFEFF'), ledige, /filen er tom/],
    [
      'a header and no rows',
      'a.csv',
      csv(LEDIGE, '# kun en kommentar', ';;;;;;'),
      ledige,
      /ingen rækker med tal/,
    ],
    [
      'a header with neither ";" nor ","',
      'a.csv',
      csv(LEDIGE.replace(/;/g, '\t')),
      ledige,
      /^linje 1: .*semikolon \(;\) eller komma/,
    ],
    [
      'a missing column',
      'a.csv',
      csv('område;periode;gruppe;køn;tæller;nævner', '151;2021K1;målgruppe;i alt;1;2'),
      ledige,
      /kolonnen "herkomst" mangler/,
    ],
    [
      'an unknown column',
      'a.csv',
      csv(`${LEDIGE};kommentar`, '151;2021K1;målgruppe;i alt;i alt;1;2;x'),
      ledige,
      /ukendt kolonne "kommentar"/,
    ],
    ['a doubled column', 'a.csv', csv(`${LEDIGE};tæller`), ledige, /kolonnen "tæller" står to gange/],
    [
      'a blank header between columns',
      'a.csv',
      csv('område;;periode'),
      ledige,
      /kolonne 2 har ingen overskrift/,
    ],
    [
      'an unclosed quote',
      'a.csv',
      csv(
        LEDIGE,
        '151;2021K1;målgruppe;i alt;i alt;1;2',
        '151;"2021K2;målgruppe;i alt;i alt;1;2',
        '151;2021K3;målgruppe;i alt;i alt;1;2',
      ),
      ledige,
      /^linje 3: et citationstegn/,
    ],
    [
      'text after a closing quote in the header',
      'a.csv',
      csv('"område"x;periode'),
      ledige,
      /^linje 1: kolonneoverskrifterne har tekst efter/,
    ],
    [
      'a template for another indicator',
      'a.csv',
      csv(
        LEDIGE,
        '# Pejlemærke-skabelon version 1 for indikatoren offentlig-forsoergelse.',
        '151;2021K1;målgruppe;i alt;i alt;1;2',
      ),
      ledige,
      /skabelonen for indikatoren "offentlig-forsoergelse", ikke "ledige-efter-13-uger"/,
    ],
    [
      'mixed UTF-8 and Windows-1252',
      'a.csv',
      Uint8Array.from([
        ...csv(LEDIGE, '151;2021K1;målgruppe;i alt;i alt;1;2'),
        ...utf8('151;2021K2;m'),
        0xe5,
        ...utf8('lgruppe;i alt;i alt;1;2\r\n'),
      ]),
      ledige,
      /^linje 3: filen blander to tegnsæt/,
    ],
    ['UTF-16', 'a.csv', Uint8Array.from([0xff, 0xfe, 0x6f, 0x00]), ledige, /UTF-16/],
    ['binary bytes', 'a.csv', Uint8Array.from([0x01, 0x00, 0x02]), ledige, /NUL-tegn/],
    [
      'the old .xls format',
      'a.xls',
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]),
      ledige,
      /gamle Excel-format/,
    ],
    ['text named .xlsx', 'a.xlsx', csv(LEDIGE), ledige, /hedder \.xlsx, men er ikke en Excel-projektmappe/],
    [
      'a zip bomb named .xlsx',
      'a.xlsx',
      buildZip([
        { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(10), declaredUncompressed: 0x7fffffff },
      ]),
      ledige,
      /zip-bombe/,
    ],
    [
      'a zip that is not a workbook',
      'a.xlsx',
      buildZip([{ name: 'hello.txt', data: utf8('hej') }]),
      ledige,
      /har intet ark med data|kan ikke læses som et regneark/,
    ],
    [
      'a formula in the XLSX header',
      'a.xlsx',
      () => xlsx((s) => s.addRow([{ formula: '"om"&"råde"', result: 'område' }])),
      fvu,
      /^række 1: kolonneoverskrifterne kan ikke læses: A1: formler accepteres ikke/,
    ],
    ['an empty sheet', 'a.xlsx', () => xlsx(() => undefined), fvu, /filen er tom: arket "data"/],
  ];
  it.each(cases)('%s', async (_name, name, content, ind, message) => {
    const bytes = typeof content === 'function' ? await content() : content;
    const err = await readIndicatorFile({ name, bytes }, ind).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndicatorFileError);
    expect((err as Error).message).toMatch(message);
  });
});

describe('rows refused with their line and a Danish reason', () => {
  const good = '151;2021K1;målgruppe;i alt;i alt;1;2';
  const cases: [string, Indicator, string, string[], string][] = [
    [
      'numerator over denominator',
      ledige,
      LEDIGE,
      ['151;2021K1;målgruppe;i alt;i alt;12;10'],
      'linje 3: tæller (12) er større end nævner (10)',
    ],
    [
      'a zero denominator',
      ledige,
      LEDIGE,
      ['151;2021K1;målgruppe;i alt;i alt;0;0'],
      'linje 3: nævner (0) skal være større end 0',
    ],
    [
      'a negative numerator',
      ledige,
      LEDIGE,
      ['151;2021K1;målgruppe;i alt;i alt;-1;10'],
      'linje 3: tæller (-1) er negativt',
    ],
    [
      'a numerator that is not a number',
      ledige,
      LEDIGE,
      ['151;2021K1;målgruppe;i alt;i alt;fem;10'],
      'linje 3: tæller (fem) er ikke et tal',
    ],
    [
      'an ambiguous thousands point',
      ledige,
      LEDIGE,
      ['151;2021K1;målgruppe;i alt;i alt;5;1.234'],
      'linje 3: nævner (1.234) er tvetydig: skriv tallet uden tusindtalsseparator (fx 1234) eller med decimalkomma',
    ],
    [
      'a thousands separator',
      ledige,
      LEDIGE,
      ['151;2021K1;målgruppe;i alt;i alt;5;1.234,5'],
      'linje 3: nævner (1.234,5) skal skrives uden tusindtalsseparator',
    ],
    [
      'an area name for a code',
      ledige,
      LEDIGE,
      ['Ballerup;2021K1;målgruppe;i alt;i alt;1;2'],
      'linje 3: område (Ballerup) er ikke en tre-cifret områdekode, fx 151',
    ],
    [
      'a period that does not parse',
      ledige,
      LEDIGE,
      ['151;2021K5;målgruppe;i alt;i alt;1;2'],
      'linje 3: periode (2021K5) kan ikke læses som en periode; skriv år og kvartal, fx 2021K2',
    ],
    [
      'a year for a quarterly indicator',
      ledige,
      LEDIGE,
      ['151;2021;målgruppe;i alt;i alt;1;2'],
      'linje 3: periode (2021) passer ikke til indikatorens hyppighed (kvartal); skriv år og kvartal, fx 2021K2',
    ],
    [
      'an unknown group',
      ledige,
      LEDIGE,
      ['151;2021K1;andre;i alt;i alt;1;2'],
      'linje 3: gruppe (andre) skal være "målgruppe" eller "sammenligning"',
    ],
    [
      'an unknown sex and origin at once',
      ledige,
      LEDIGE,
      ['151;2021K1;målgruppe;k;vestlig;1;2'],
      'linje 3: køn (k) skal være "kvinder", "mænd" eller "i alt"; herkomst (vestlig) skal være "indvandrere", "efterkommere" eller "i alt"',
    ],
    ['an empty value', ledige, LEDIGE, ['151;2021K1;målgruppe;i alt;i alt;;2'], 'linje 3: tæller mangler'],
    [
      'too few fields',
      ledige,
      LEDIGE,
      ['151;2021K1;målgruppe;1;2'],
      'linje 3: linjen har 5 felter, men overskriften har 7; er skilletegnet ";" brugt i alle linjer?',
    ],
    [
      'a value past the last column',
      ledige,
      LEDIGE,
      [`${good};x`],
      'linje 3: felt 8 har en værdi, men ingen kolonneoverskrift',
    ],
    [
      'the same key twice',
      ledige,
      LEDIGE,
      [good.replace(';1;2', ';3;4')],
      'linje 3: samme område, periode og grupper som linje 2; hver kombination må kun stå én gang',
    ],
    [
      'text after a closing quote',
      ledige,
      LEDIGE,
      ['"151"x;2021K1;målgruppe;i alt;i alt;1;2'],
      'linje 3: tekst efter det afsluttende citationstegn i felt 1',
    ],
    [
      'an origin subgroup for a Danish-origin comparison group',
      ungdom,
      'område;periode;gruppe;herkomst;køn;tæller;nævner',
      ['151;2021;sammenligning;indvandrere;i alt;1;2'],
      'linje 3: herkomst (indvandrere) kan ikke bruges for sammenligningsgruppen, som har dansk oprindelse; skriv "i alt"',
    ],
    ['a negative count', fvu, 'område;periode;antal', ['151;2021;-5'], 'linje 3: antal (-5) er negativt'],
    [
      'a count with decimals',
      fvu,
      'område;periode;antal',
      ['151;2021;12,5'],
      'linje 3: antal (12,5) er ikke et helt tal',
    ],
    [
      'a count too large to be exact',
      fvu,
      'område;periode;antal',
      [`151;2021;${'9'.repeat(400)}`],
      `linje 3: antal (${'9'.repeat(40)}…) er urimeligt stort`,
    ],
    [
      'a month for a yearly indicator',
      fvu,
      'område;periode;antal',
      ['151;2021M09;5'],
      'linje 3: periode (2021M09) passer ikke til indikatorens hyppighed (år); skriv året, fx 2021',
    ],
    [
      'an unreasonable year',
      fvu,
      'område;periode;antal',
      ['151;1066;5'],
      'linje 3: periode (1066) har et urimeligt årstal',
    ],
    [
      'an age band that is not one',
      valg,
      'område;periode;gruppe;herkomst;aldersgruppe;tæller;nævner',
      ['151;2021;målgruppe;i alt;unge;1;2'],
      'linje 3: aldersgruppe (unge) skal være en aldersgruppe som 18-29 eller 65+, eller "i alt"',
    ],
  ];
  it.each(cases)('%s', async (_name, ind, header, bad, expected) => {
    const first =
      ind === ledige
        ? [good]
        : ind === fvu
          ? ['151;2020;5']
          : ind === ungdom
            ? ['151;2020;målgruppe;i alt;i alt;1;2']
            : ['151;2019;målgruppe;i alt;i alt;1;2'];
    expect(await rejectedOf(ind, csv(header, ...first, ...bad))).toEqual([expected]);
  });

  it('lists every bad line, not only the first', async () => {
    const rejected = await rejectedOf(
      ledige,
      csv(
        LEDIGE,
        good,
        '151;20XX;målgruppe;i alt;i alt;1;2',
        good.replace('K1', 'K2'),
        '151;2021K3;målgruppe;i alt;i alt;3;2',
      ),
    );
    expect(rejected.map((r) => r.split(':')[0])).toEqual(['linje 3', 'linje 5']);
  });

  const xlsxCases: [string, (s: ExcelJS.Worksheet) => void, string][] = [
    [
      'a formula, with the cell address',
      (s) => s.addRow([151, 2021, { formula: '2+3', result: 5 }]),
      'række 3: C3: formler accepteres ikke; indsæt værdierne i stedet',
    ],
    [
      'a shared formula',
      (s) => {
        s.addRow([151, 2021, { formula: '2+3', result: 5 }]);
        s.getCell('C4').value = { sharedFormula: 'C3', result: 6 } as never;
        s.getCell('A4').value = 101;
        s.getCell('B4').value = 2021;
      },
      'række 4: C4: formler accepteres ikke; indsæt værdierne i stedet',
    ],
    [
      'an error value',
      (s) => s.addRow([151, 2021, { error: '#DIV/0!' }]),
      'række 3: C3: cellen har fejlværdien #DIV/0!',
    ],
    [
      'a date for a period',
      (s) => s.addRow([151, new Date(Date.UTC(2021, 0, 1)), 5]),
      'række 3: periode (2021-01-01) er en dato; skriv perioden som tekst (året, fx 2021) og formatér kolonnen som tekst',
    ],
    [
      'a value without a header',
      (s) => s.addRow([151, 2021, 5, undefined, 'x']),
      'række 3: E3 har en værdi, men ingen kolonneoverskrift',
    ],
    ['a negative number', (s) => s.addRow([151, 2021, -3]), 'række 3: antal (-3) er negativt'],
  ];
  it.each(xlsxCases)('XLSX: %s', async (_name, add, expected) => {
    const bytes = await xlsx((s) => {
      s.addRow(['område', 'periode', 'antal']);
      s.addRow([151, 2020, 4]);
      add(s);
    });
    expect(await rejectedOf(fvu, bytes, 'f.xlsx')).toContain(expected);
  });
});
