// Reading the pages' rows and mapping them to observations: keys exactly as requested, shares to 0..1, school
// years, Herkomst groups and area names; every refusal leaves nothing half-read.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAreas, type AreaRegistry } from '../areas/index.ts';
import {
  HERKOMST_BREAKDOWN,
  PASSED_DANISH_AND_MATHS,
  UddannelsesstatistikError,
  originsOfHerkomstCode,
  readUddannelsesstatistikPages,
  uddannelsesstatistikObservations,
  type UddannelsesstatistikQuery,
  type UddannelsesstatistikRow,
  type UddannelsesstatistikValue,
} from './index.ts';
import { thrownBy } from '../../../test/support/thrown.ts';

const fixture = (name: string) =>
  readFile(path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', name));
const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

let areas: AreaRegistry;
beforeAll(async () => {
  areas = await loadAreas({ withProfiles: false });
});

const Y = '[Skoleår].[Skoleår]';
const K = '[Geografi].[Kommune]';
const S = PASSED_DANISH_AND_MATHS;
const query: UddannelsesstatistikQuery = {
  field: 'GS',
  topic: 'KARA',
  subtopic: 'FP9',
  share: S,
  area: K,
  origin: HERKOMST_BREAKDOWN,
};
const keys = [Y, K, HERKOMST_BREAKDOWN, S];
const row = (values: Partial<Record<string, UddannelsesstatistikValue>>, n = 1): UddannelsesstatistikRow => ({
  page: 1,
  row: n,
  values: {
    [Y]: '2022/2023',
    [K]: 'Ballerup',
    [HERKOMST_BREAKDOWN]: 'Dansk oprindelse',
    [S]: '90',
    ...values,
  },
});

const refusal = (run: () => unknown) => thrownBy(UddannelsesstatistikError, run);

describe('reading the pages', () => {
  it('reads every page of the fixture, numbering rows by page', async () => {
    const pages = await Promise.all([1, 2, 3].map((n) => fixture(`gs-kara-herkomst-side-${n}.json`)));
    const rows = readUddannelsesstatistikPages(pages, [...keys, 'Antal elever']);
    expect(rows.map((r) => `${r.page}.${r.row}`)).toEqual(['1.1', '1.2', '1.3', '1.4', '2.1', '2.2']);
    expect(rows[4]?.values[S]).toBeNull();
  });

  it('refuses truncated JSON and pages that are not lists', async () => {
    const whole = await fixture('gs-kara-herkomst-side-1.json');
    expect(refusal(() => readUddannelsesstatistikPages([whole.subarray(0, 100)], keys)).reason).toBe(
      'malformed',
    );
    expect(refusal(() => readUddannelsesstatistikPages([bytes({ rows: [] })], keys)).message).toMatch(
      /page 1 is not a list/,
    );
  });

  it('refuses rows with a key missing, a key not asked for, or values of the wrong type', () => {
    const good = { [Y]: '2023', [K]: 'Ballerup', [HERKOMST_BREAKDOWN]: 'Indvandrere', [S]: '80' };
    const { [S]: _dropped, ...missing } = good;
    const e = refusal(() =>
      readUddannelsesstatistikPages(
        [bytes([good, missing]), bytes([{ ...good, Ekstra: 1 }, { ...good, [S]: [80] }, 'row'])],
        keys,
      ),
    );
    expect(e.reason).toBe('malformed');
    expect(e.problems).toEqual([
      `page 1, row 2: no "${S}"`,
      'page 2, row 1: "Ekstra" was not asked for',
      `page 2, row 2, ${S}: [80] is neither text, a number nor null`,
      'page 2, row 3: not an object',
    ]);
  });
});

describe('mapping to observations', () => {
  it.each([
    ['87,5', 0.875],
    ['87,5 %', 0.875],
    ['100', 1],
    ['0', 0],
    [62.5, 0.625],
  ])('reads the percentage %j as the share %d', (value, share) => {
    const [o] = uddannelsesstatistikObservations([row({ [S]: value })], query, areas);
    expect(o?.value).toEqual({ kind: 'number', value: share });
    expect(o?.unit).toBe('share');
  });

  it('reads fractions when the query says so', () => {
    const [o] = uddannelsesstatistikObservations(
      [row({ [S]: '0,875' })],
      { ...query, shareScale: 'fraction' },
      areas,
    );
    expect(o?.value).toEqual({ kind: 'number', value: 0.875 });
  });

  it.each([
    ['2022/2023', '2023'],
    ['2022/23', '2023'],
    ['2099/2100', '2100'],
    ['2023', '2023'],
  ])('reads the school year %j as %s', (year, period) => {
    expect(uddannelsesstatistikObservations([row({ [Y]: year })], query, areas)[0]?.period).toBe(period);
  });

  it('maps Herkomst values to origin codes and groups', () => {
    const obs = uddannelsesstatistikObservations(
      ['Dansk oprindelse', 'Indvandrere', 'Efterkommere', 'Indvandrere fra ikke-vestlige lande'].map((h, i) =>
        row({ [HERKOMST_BREAKDOWN]: h }, i + 1),
      ),
      query,
      areas,
    );
    expect(obs.map((o) => o.dims.HERKOMST)).toEqual(['1', '24+25', '34+35', '25']);
    expect(originsOfHerkomstCode('24+25')).toEqual(['western-immigrant', 'non-western-immigrant']);
    expect(originsOfHerkomstCode('1')).toEqual(['danish']);
    expect(originsOfHerkomstCode('TOT')).toBeUndefined();
  });

  it('reads "Ballerup Kommune", and the whole country without an area breakdown', () => {
    expect(uddannelsesstatistikObservations([row({ [K]: 'Ballerup Kommune' })], query, areas)[0]?.area).toBe(
      '151',
    );
    const national = { ...query, area: undefined };
    const r: UddannelsesstatistikRow = {
      page: 1,
      row: 1,
      values: { [Y]: '2023', [HERKOMST_BREAKDOWN]: 'Efterkommere', [S]: '80' },
    };
    expect(uddannelsesstatistikObservations([r], national, areas)[0]?.area).toBe('000');
  });

  it('keeps further breakdowns as group dimensions named by their level', () => {
    const q = { ...query, breakdowns: ['[Køn].[Køn]'] };
    const [o] = uddannelsesstatistikObservations([row({ '[Køn].[Køn]': 'Piger' })], q, areas);
    expect(o?.dims).toEqual({ HERKOMST: '1', KØN: 'Piger' });
  });

  it('refuses unknown areas, origins, school years and shares, listing every row', () => {
    const e = refusal(() =>
      uddannelsesstatistikObservations(
        [
          row({ [K]: 'Ballerupp' }, 1),
          row({ [HERKOMST_BREAKDOWN]: 'Uoplyst' }, 2),
          row({ [Y]: '2022/2024' }, 3),
          row({ [S]: '87.5' }, 4),
          row({ [S]: '120' }, 5),
          row({ [S]: 'høj' }, 6),
          row({ [S]: '-1' }, 7),
          row({}, 8),
        ],
        query,
        areas,
      ),
    );
    expect(e.reason).toBe('refused');
    expect(e.message).toMatch(/^uddannelsesstatistik: GS\/KARA\/FP9: 7 problem\(s\)/);
    expect(e.problems).toEqual([
      'page 1, row 1: unknown area "Ballerupp"',
      expect.stringMatching(/^page 1, row 2: unknown origin "Uoplyst" \(expected one of "Dansk oprindelse"/),
      'page 1, row 3: [Skoleår].[Skoleår] "2022/2024" is not a school year such as 2022/2023',
      `page 1, row 4, ${S}: "87.5" is not a number`,
      `page 1, row 5, ${S}: "120" is not a share between 0 and 100`,
      `page 1, row 6, ${S}: "høj" is not a number`,
      `page 1, row 7, ${S}: "-1" is not a share between 0 and 100`,
    ]);
  });

  it('refuses a number of pupils that is not a whole number, and the same group twice', () => {
    const q = { ...query, denominator: 'Antal elever' };
    expect(
      refusal(() => uddannelsesstatistikObservations([row({ 'Antal elever': '12,5' })], q, areas)).problems,
    ).toEqual(['page 1, row 1, Antal elever: "12,5" is not a number of pupils']);
    expect(
      refusal(() => uddannelsesstatistikObservations([row({}, 1), row({}, 2)], query, areas)).problems[0],
    ).toMatch(/^page 1, row 2: a second figure for 151 2023/);
  });
});
