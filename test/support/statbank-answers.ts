// StatBank answers in the shapes of the real ones, made from the tables' documented code lists with synthetic
// figures: tableinfo (the shape of the real HFUDD11 answer), JSON-stat 1.x wrapped in "dataset" with ContentsCode
// before Tid, CSV and BULK (UTF-8 BOM, `;`, CRLF, a header of variable codes ending in INDHOLD). Used by the
// refresh tests' stand-in and the bench; the files in src/sources/statbank/fixtures/recorded-shape/ are small
// answers made by these functions (see the README there).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface TableVariable {
  readonly id: string;
  readonly text: string;
  readonly elimination: boolean;
  readonly time: boolean;
  readonly map?: string;
  readonly values: readonly { readonly id: string; readonly text: string }[];
}

/** A cell's figure, or a StatBank marker ("..", ".", "-", "x"). */
export type Figure = number | string;

export interface TableSpec {
  readonly id: string;
  readonly text: string;
  readonly description: string;
  readonly unit: string;
  readonly contentsText: string;
  readonly updated: string;
  readonly variables: readonly TableVariable[];
  /** The figure of a cell, by each variable's code. */
  readonly figure: (codes: Readonly<Record<string, string>>) => Figure;
}

const fixtures = path.join(import.meta.dirname, '..', '..', 'src', 'sources', 'statbank', 'fixtures');

/** BOPOMR / OMRÅDE: the whole country, 5 regions and 99 municipalities, from the real HFUDD11 tableinfo. */
export function areaCodes(): readonly { id: string; text: string }[] {
  const info = JSON.parse(
    readFileSync(path.join(fixtures, 'recorded-shape', 'HFUDD11.tableinfo.en.json'), 'utf8'),
  ) as { variables: { id: string; values: { id: string; text: string }[] }[] };
  const bopomr = info.variables.find((v) => v.id === 'BOPOMR');
  if (!bopomr) throw new Error('HFUDD11 tableinfo has no BOPOMR');
  return bopomr.values;
}

// ---- LIGEUB1 ----------------------------------------------------------------------------------------------

export const LIGEUB1_HFUDD = ['H10', 'H20', 'H30', 'H35', 'H40', 'H50', 'H60', 'H70', 'H80', 'H90'] as const;
export const LIGEUB1_AGES = [
  '15-19',
  '20-24',
  '25-29',
  '30-34',
  '35-39',
  '40-44',
  '45-49',
  '50-54',
  '55-59',
  '60-64',
  '65-69',
] as const;

/** Persons per 100 by highest education H10 … H90, by origin class and sex. */
export const EDUCATION: Record<string, Record<'K' | 'M', readonly number[]>> = {
  danish: { K: [18, 32, 12, 1, 6, 18, 4, 9, 0, 0], M: [22, 28, 18, 1, 4, 12, 4, 9, 2, 0] },
  western: { K: [20, 25, 10, 1, 5, 15, 5, 12, 2, 5], M: [20, 25, 10, 1, 5, 15, 5, 12, 2, 5] },
  nonWestern: { K: [30, 25, 8, 1, 3, 12, 3, 5, 0, 13], M: [40, 15, 12, 1, 3, 8, 3, 5, 0, 13] },
  /** Non-Western in the areas of the second kind (Brøndby, 153, and the whole country). */
  nonWesternB: { K: [36, 22, 7, 1, 3, 10, 2, 4, 0, 15], M: [46, 14, 10, 1, 2, 6, 2, 4, 0, 15] },
};
/** Persons by origin, per unit of an area's size: Danish origin, Western and non-Western immigrants and descendants. */
export const ORIGIN_WEIGHT: Record<string, number> = { '10': 20, '24': 1, '25': 3, '34': 1, '35': 2 };
/** Age band weights (20–39 as the indicators read them; other bands 1). */
export const AGE_WEIGHT: Record<string, number> = { '20-24': 3, '25-29': 3, '30-34': 2, '35-39': 2 };
/** An area's size: Ballerup 1, Brøndby 2, Region Hovedstaden 40, the country 100, other areas by their code. */
export function areaSize(area: string): number {
  const fixed: Record<string, number> = { '151': 1, '153': 2, '084': 40, '000': 100 };
  return fixed[area] ?? (/^08/.test(area) ? 30 : (Number(area) % 5) + 1);
}
const secondKind = new Set(['153', '000']);

export interface Ligeub1Options {
  /** The areas the table holds (every area of the code list unless given). */
  readonly areas?: readonly string[];
  /** The total's code of HERKOMST: `0` as the documentation has it, `00` or `TOT`. */
  readonly herkomstTotal?: string;
  /** Years (2005–2024 unless given). */
  readonly years?: readonly string[];
  /** A figure to put in place of the computed one (a marker, or another number), by the cell's codes. */
  readonly override?: (codes: Readonly<Record<string, string>>) => Figure | undefined;
}

/**
 * LIGEUB1 as documented (varro_dst docs, May 2026): BOPOMR, HERKOMST (total, 10, 21, 24, 25, 31, 34, 35), HFUDD
 * (TOT, H10 … H90), ALDER (TOT, 15-19 … 65-69), KØN (TOT, M, K), Tid 2005–2024. The figures are synthetic:
 * within an area, totals are the sums of their parts (HERKOMST total = 10 + 21 + 31, 21 = 24 + 25, 31 = 34 + 35;
 * HFUDD TOT the sum of H10 … H90; ALDER TOT of the bands; KØN TOT = M + K). Areas are not sums of each other.
 * A cell is areaSize × ORIGIN_WEIGHT × AGE_WEIGHT × EDUCATION (per 100, by origin class and sex).
 */
export function ligeub1(options: Ligeub1Options = {}): TableSpec {
  const total = options.herkomstTotal ?? '0';
  const areas = areaCodes().filter((a) => !options.areas || options.areas.includes(a.id));
  const years = options.years ?? Array.from({ length: 20 }, (_, i) => String(2005 + i));
  const herkomst: Record<string, readonly string[]> = {
    [total]: ['10', '24', '25', '34', '35'],
    '21': ['24', '25'],
    '31': ['34', '35'],
  };
  const sums = new Map<string, number>();
  const leafSum = (h: string, e: string, age: string, sex: string, kind: string): number => {
    const key = `${h}|${e}|${age}|${sex}|${kind}`;
    let n = sums.get(key);
    if (n !== undefined) return n;
    n = 0;
    for (const hh of herkomst[h] ?? [h])
      for (const ee of e === 'TOT' ? LIGEUB1_HFUDD : [e])
        for (const aa of age === 'TOT' ? LIGEUB1_AGES : [age])
          for (const ss of sex === 'TOT' ? (['M', 'K'] as const) : [sex as 'M' | 'K']) {
            const cls =
              hh === '10'
                ? 'danish'
                : hh === '24' || hh === '34'
                  ? 'western'
                  : kind === 'B'
                    ? 'nonWesternB'
                    : 'nonWestern';
            const per100 = EDUCATION[cls]?.[ss]?.[LIGEUB1_HFUDD.indexOf(ee as 'H10')] ?? 0;
            n += (ORIGIN_WEIGHT[hh] ?? 0) * (AGE_WEIGHT[aa] ?? 1) * per100;
          }
    sums.set(key, n);
    return n;
  };
  return {
    id: 'LIGEUB1',
    text: 'Befolkningens højeste fuldførte uddannelse (15-69 år)',
    description:
      'Befolkningens højeste fuldførte uddannelse (15-69 år) efter bopælsområde, herkomst, højest fuldførte uddannelse, alder, køn og tid',
    unit: 'Antal',
    contentsText: 'Befolkningens højeste fuldførte uddannelse (15-69 år)',
    updated: '2025-04-01T08:00:00',
    variables: [
      {
        id: 'BOPOMR',
        text: 'bopælsområde',
        elimination: true,
        time: false,
        map: 'denmark_municipality_07',
        values: areas,
      },
      {
        id: 'HERKOMST',
        text: 'herkomst',
        elimination: true,
        time: false,
        values: [
          { id: total, text: 'I alt' },
          { id: '10', text: 'Dansk oprindelse' },
          { id: '21', text: 'Indvandrere i alt' },
          { id: '24', text: 'Indvandrere fra vestlige lande' },
          { id: '25', text: 'Indvandrere fra ikke-vestlige lande' },
          { id: '31', text: 'Efterkommere i alt' },
          { id: '34', text: 'Efterkommere fra vestlige lande' },
          { id: '35', text: 'Efterkommere fra ikke-vestlige lande' },
        ],
      },
      {
        id: 'HFUDD',
        text: 'højest fuldførte uddannelse',
        elimination: true,
        time: false,
        values: [
          { id: 'TOT', text: 'I alt' },
          { id: 'H10', text: 'H10 Grundskole' },
          { id: 'H20', text: 'H20 Gymnasiale uddannelser' },
          { id: 'H30', text: 'H30 Erhvervsfaglige uddannelser' },
          { id: 'H35', text: 'H35 Adgangsgivende uddannelsesforløb' },
          { id: 'H40', text: 'H40 Korte videregående uddannelser, KVU' },
          { id: 'H50', text: 'H50 Mellemlange videregående uddannelser, MVU' },
          { id: 'H60', text: 'H60 Bacheloruddannelser, BACH' },
          { id: 'H70', text: 'H70 Lange videregående uddannelser, LVU' },
          { id: 'H80', text: 'H80 Ph.d. og forskeruddannelser' },
          { id: 'H90', text: 'H90 Uoplyst mv.' },
        ],
      },
      {
        id: 'ALDER',
        text: 'alder',
        elimination: true,
        time: false,
        values: [
          { id: 'TOT', text: 'Alder i alt' },
          ...LIGEUB1_AGES.map((a) => ({ id: a, text: `${a} år` })),
        ],
      },
      {
        id: 'KØN',
        text: 'køn',
        elimination: true,
        time: false,
        values: [
          { id: 'TOT', text: 'I alt' },
          { id: 'M', text: 'Mænd' },
          { id: 'K', text: 'Kvinder' },
        ],
      },
      {
        id: 'Tid',
        text: 'tid',
        elimination: false,
        time: true,
        values: years.map((y) => ({ id: y, text: y })),
      },
    ],
    figure(codes) {
      const over = options.override?.(codes);
      if (over !== undefined) return over;
      const area = codes.BOPOMR as string;
      const kind = secondKind.has(area) ? 'B' : 'A';
      return (
        areaSize(area) *
        leafSum(
          codes.HERKOMST as string,
          codes.HFUDD as string,
          codes.ALDER as string,
          codes.KØN as string,
          kind,
        )
      );
    },
  };
}

// ---- FOLK1E -----------------------------------------------------------------------------------------------

/**
 * FOLK1E as documented: OMRÅDE, KØN (TOT, 1, 2), ALDER (IALT, 0 … 125), HERKOMST (TOT, 1, 24, 25, 34, 35), Tid
 * 2008K1 … 2025K3. Figures synthetic: an area's size × 100 per origin weight, the total their sum.
 */
export function folk1e(options: { readonly areas?: readonly string[] } = {}): TableSpec {
  const areas = areaCodes().filter((a) => !options.areas || options.areas.includes(a.id));
  const quarters: string[] = [];
  for (let y = 2008; y <= 2025; y++)
    for (let q = 1; q <= 4; q++) if (y < 2025 || q <= 3) quarters.push(`${y}K${q}`);
  const weight: Record<string, number> = { '1': 80, '24': 4, '25': 9, '34': 1, '35': 6 };
  return {
    id: 'FOLK1E',
    text: 'Befolkningen den 1. i kvartalet',
    description: 'Befolkningen den 1. i kvartalet efter område, køn, alder, herkomst og tid',
    unit: 'Antal',
    contentsText: 'Befolkningen den 1. i kvartalet',
    updated: '2025-08-11T08:00:00',
    variables: [
      {
        id: 'OMRÅDE',
        text: 'område',
        elimination: true,
        time: false,
        map: 'denmark_municipality_07',
        values: areas,
      },
      {
        id: 'KØN',
        text: 'køn',
        elimination: true,
        time: false,
        values: [
          { id: 'TOT', text: 'I alt' },
          { id: '1', text: 'Mænd' },
          { id: '2', text: 'Kvinder' },
        ],
      },
      {
        id: 'ALDER',
        text: 'alder',
        elimination: true,
        time: false,
        values: [
          { id: 'IALT', text: 'Alder i alt' },
          ...Array.from({ length: 126 }, (_, i) => ({ id: String(i), text: `${i} år` })),
        ],
      },
      {
        id: 'HERKOMST',
        text: 'herkomst',
        elimination: true,
        time: false,
        values: [
          { id: 'TOT', text: 'I alt' },
          { id: '1', text: 'Personer med dansk oprindelse' },
          { id: '24', text: 'Indvandrere fra vestlige lande' },
          { id: '25', text: 'Indvandrere fra ikke-vestlige lande' },
          { id: '34', text: 'Efterkommere fra vestlige lande' },
          { id: '35', text: 'Efterkommere fra ikke-vestlige lande' },
        ],
      },
      {
        id: 'Tid',
        text: 'tid',
        elimination: false,
        time: true,
        values: quarters.map((q) => ({ id: q, text: q })),
      },
    ],
    figure(codes) {
      const size = areaSize(codes.OMRÅDE as string) * 100;
      const h = codes.HERKOMST as string;
      const w = h === 'TOT' ? 100 : (weight[h] ?? 0);
      const sex = codes.KØN === 'TOT' ? 2 : 1;
      const age = codes.ALDER === 'IALT' ? 126 : 1;
      return size * w * sex * age;
    },
  };
}

// ---- answers ----------------------------------------------------------------------------------------------

/** The tableinfo answer, in the shape of the real HFUDD11 one. */
export function tableInfoAnswer(spec: TableSpec): string {
  return JSON.stringify({
    id: spec.id,
    text: spec.text,
    description: spec.description,
    unit: spec.unit,
    suppressedDataValue: '0',
    updated: spec.updated,
    active: true,
    contacts: [],
    documentation: { id: null, url: null },
    footnote: null,
    variables: spec.variables,
  });
}

/** The codes a request asks for, per variable in the table's order: `*` is every code; an unknown code throws. */
export function selection(
  spec: TableSpec,
  variables: readonly { code: string; values: readonly string[] }[],
): readonly { variable: TableVariable; codes: readonly { id: string; text: string }[] }[] {
  return spec.variables.map((variable) => {
    const asked = variables.find((v) => v.code.toUpperCase() === variable.id.toUpperCase());
    if (!asked)
      throw new StandInRefusal(`Variablen ${variable.id} skal vælges (the stand-in eliminates nothing)`);
    if (asked.values.includes('*')) return { variable, codes: variable.values };
    const codes = asked.values.map((c) => {
      const found = variable.values.find((v) => v.id === c);
      if (!found) throw new StandInRefusal(`Værdien ${c} findes ikke for variablen ${variable.id}`);
      return found;
    });
    return { variable, codes };
  });
}

export class StandInRefusal extends Error {}

type Selection = ReturnType<typeof selection>;

/** Every cell of the selection, the last variable fastest (JSON-stat's and StatBank's CSV order). */
function* cells(sel: Selection): Generator<Record<string, string>> {
  const n = sel.length;
  const at = new Array<number>(n).fill(0);
  if (sel.some((s) => s.codes.length === 0)) return;
  for (;;) {
    const codes: Record<string, string> = {};
    for (let i = 0; i < n; i++)
      codes[(sel[i] as Selection[number]).variable.id] = (sel[i] as Selection[number]).codes[at[i] as number]
        ?.id as string;
    yield codes;
    let i = n - 1;
    while (i >= 0) {
      at[i] = (at[i] as number) + 1;
      if ((at[i] as number) < (sel[i] as Selection[number]).codes.length) break;
      at[i] = 0;
      i--;
    }
    if (i < 0) return;
  }
}

/** JSON-stat 1.x as StatBank answers `format: JSONSTAT`: dimensions in table order, ContentsCode before Tid. */
export function jsonStatAnswer(spec: TableSpec, sel: Selection): string {
  const dims = sel.filter((s) => !s.variable.time);
  const time = sel.find((s) => s.variable.time);
  const dimension: Record<string, unknown> = {};
  const category = (codes: readonly { id: string; text: string }[]) => ({
    index: Object.fromEntries(codes.map((c, i) => [c.id, i])),
    label: Object.fromEntries(codes.map((c) => [c.id, c.text])),
  });
  for (const s of dims) dimension[s.variable.id] = { label: s.variable.text, category: category(s.codes) };
  dimension.ContentsCode = {
    label: 'Indhold',
    category: {
      index: { [spec.id]: 0 },
      label: { [spec.id]: spec.contentsText },
      unit: { [spec.id]: { base: spec.unit, decimals: 0 } },
    },
  };
  if (time) dimension[time.variable.id] = { label: time.variable.text, category: category(time.codes) };
  const ids = [...dims.map((s) => s.variable.id), 'ContentsCode', ...(time ? [time.variable.id] : [])];
  const size = [...dims.map((s) => s.codes.length), 1, ...(time ? [time.codes.length] : [])];
  const value: (number | null)[] = [];
  const status: Record<string, string> = {};
  // The cells in JSON-stat order (ContentsCode, of one category, changes nothing).
  for (const codes of cells([...dims, ...(time ? [time] : [])])) {
    const f = spec.figure(codes);
    if (typeof f === 'number') value.push(f);
    else {
      status[String(value.length)] = f;
      value.push(null);
    }
  }
  const geo = dims.find((s) => s.variable.map !== undefined);
  return JSON.stringify({
    dataset: {
      dimension: {
        ...dimension,
        id: ids,
        size,
        role: {
          metric: ['ContentsCode'],
          ...(time && { time: [time.variable.id] }),
          ...(geo && { geo: [geo.variable.id] }),
        },
      },
      label: `${spec.contentsText} efter ${dims.map((s) => s.variable.text).join(', ')}, Indhold og tid`,
      source: 'Danmarks Statistik',
      updated: `${spec.updated.slice(0, 10)}T06:00:00Z`,
      value,
      ...(Object.keys(status).length > 0 && { status }),
      extension: { px: { infofile: 'https://www.dst.dk/', tableid: spec.id, decimals: 0 } },
    },
  });
}

/**
 * CSV as StatBank answers `format: CSV` or `BULK` with `valuePresentation: Code`: UTF-8 BOM, `;`, CRLF, a header of
 * the variable codes (Tid as TID) and INDHOLD. The two formats share this layout (rOpenGov/dkstat reads both with
 * one reader); BULK is StatBank's streamed answer for requests past 1,000,000 cells.
 */
export function* csvAnswer(spec: TableSpec, sel: Selection): Generator<string> {
  const header = sel.map((s) => (s.variable.time ? 'TID' : s.variable.id));
  let chunk = `\uFEFF${[...header, 'INDHOLD'].join(';')}\r\n`;
  const ids = sel.map((s) => s.variable.id);
  for (const codes of cells(sel)) {
    let line = '';
    for (const id of ids) line += `${codes[id]};`;
    chunk += `${line}${spec.figure(codes)}\r\n`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

/** The number of cells a selection is. */
export function selectionCells(sel: Selection): number {
  return sel.reduce((n, s) => n * s.codes.length, 1);
}

/**
 * The table with some codes of one variable written otherwise (`rename`: table code → code written): leading zeros
 * dropped or added, or a code changed. The figures stay those of the original codes.
 */
export function respelled(spec: TableSpec, variable: string, rename: (code: string) => string): TableSpec {
  const back = new Map<string, string>();
  const variables = spec.variables.map((v) => {
    if (v.id !== variable) return v;
    return {
      ...v,
      values: v.values.map((value) => {
        const id = rename(value.id);
        back.set(id, value.id);
        return { ...value, id };
      }),
    };
  });
  return {
    ...spec,
    variables,
    figure(codes) {
      const original = back.get(codes[variable] as string) ?? (codes[variable] as string);
      return spec.figure({ ...codes, [variable]: original });
    },
  };
}

/** The fixture files of src/sources/statbank/fixtures/recorded-shape/, made by the functions above. */
export function recordedShapeFixtures(): readonly { readonly file: string; readonly content: string }[] {
  const all = ligeub1();
  const people = folk1e();
  const v = (variables: Record<string, string[]>) =>
    Object.entries(variables).map(([code, values]) => ({ code, values }));
  const csv = (spec: TableSpec, variables: Record<string, string[]>) =>
    [...csvAnswer(spec, selection(spec, v(variables)))].join('');
  return [
    { file: 'LIGEUB1.tableinfo.da.json', content: tableInfoAnswer(all) },
    { file: 'FOLK1E.tableinfo.da.json', content: tableInfoAnswer(people) },
    {
      file: 'ligeub1-000-084-151-2023-2024.jsonstat.json',
      content: jsonStatAnswer(
        all,
        selection(
          all,
          v({
            BOPOMR: ['000', '084', '151'],
            HERKOMST: ['*'],
            HFUDD: ['*'],
            ALDER: ['20-24'],
            KØN: ['*'],
            Tid: ['2023', '2024'],
          }),
        ),
      ),
    },
    {
      file: 'ligeub1-151-153-2024.csv',
      content: csv(all, {
        BOPOMR: ['151', '153'],
        HERKOMST: ['*'],
        HFUDD: ['*'],
        ALDER: ['20-24', '25-29'],
        KØN: ['*'],
        Tid: ['2024'],
      }),
    },
    {
      file: 'ligeub1-all-areas-20-24-2024.bulk.csv',
      content: csv(all, {
        BOPOMR: ['*'],
        HERKOMST: ['*'],
        HFUDD: ['*'],
        ALDER: ['20-24'],
        KØN: ['*'],
        Tid: ['2024'],
      }),
    },
    {
      file: 'folk1e-all-areas-2025K3.jsonstat.json',
      content: jsonStatAnswer(
        people,
        selection(
          people,
          v({ OMRÅDE: ['*'], KØN: ['TOT'], ALDER: ['IALT'], HERKOMST: ['*'], Tid: ['2025K3'] }),
        ),
      ),
    },
  ];
}
