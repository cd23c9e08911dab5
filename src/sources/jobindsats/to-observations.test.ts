// Reading the `[{"Variables","Data"}]` answer and mapping it to observations: Danish numbers, markers, periods,
// origin labels and area names; every refusal leaves nothing half-read.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAreas, type AreaRegistry } from '../areas/index.ts';
import {
  JobindsatsError,
  jobindsatsObservations,
  readJobindsatsAnswer,
  type JobindsatsQuery,
  type JobindsatsTable,
} from './index.ts';
import { thrownBy } from '../../../test/support/thrown.ts';

const fixture = (name: string) =>
  readFile(path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', name));
const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

let areas: AreaRegistry;
beforeAll(async () => {
  areas = await loadAreas({ withProfiles: false });
});

const query: JobindsatsQuery = {
  table: 'y01a02',
  area: 'Ballerup',
  periods: ['2023'],
  measures: [{ label: 'Fuldtidspersoner' }],
};
const labels = ['Område', 'Periode', 'Oprindelse', 'Fuldtidspersoner'];
const table = (...rows: (string | number)[][]): JobindsatsTable[] => [{ labels, rows }];
const row = (cells: Partial<Record<'area' | 'period' | 'origin' | 'value', string | number>>) => [
  cells.area ?? 'Ballerup',
  cells.period ?? '2023',
  cells.origin ?? 'Personer med dansk oprindelse',
  cells.value ?? '1',
];

const refusal = (run: () => unknown) => thrownBy(JobindsatsError, run);

describe('reading the answer', () => {
  it('reads the fixture: labels and rows as they stand', async () => {
    const [t] = readJobindsatsAnswer(await fixture('data-y01a02.json'));
    expect(t?.labels).toEqual(labels);
    expect(t?.rows).toHaveLength(5);
    expect(t?.rows[0]).toEqual(['Ballerup', '2023', 'Personer med dansk oprindelse', '498,1']);
  });

  it.each([
    ['not JSON', '<html>Service Unavailable</html>', /not JSON/],
    ['an empty body', '', /not JSON/],
    ['an object, not a list', { Variables: [], Data: [] }, /list of tables/],
    ['an empty list', [], /list of tables/],
    ['no Variables', [{ Data: [] }], /"Variables"/],
    ['a variable without Label', [{ Variables: [{ Name: 'area' }], Data: [] }], /no "Label"/],
    ['a label twice', [{ Variables: [{ Label: 'Område' }, { Label: 'Område' }], Data: [] }], /twice/],
    ['Data not a list', [{ Variables: [{ Label: 'Område' }], Data: {} }], /"Data"/],
    ['a row not a list', [{ Variables: [{ Label: 'Område' }], Data: ['Ballerup'] }], /not a list of cells/],
    ['a null cell', [{ Variables: [{ Label: 'Område' }], Data: [[null]] }], /neither text nor a number/],
    ['an object cell', [{ Variables: [{ Label: 'Område' }], Data: [[{}]] }], /neither text nor a number/],
  ])('refuses %s', (_what, body, message) => {
    const e = refusal(() => readJobindsatsAnswer(bytes(body)));
    expect(e.reason).toBe('malformed');
    expect(e.message).toMatch(message);
  });

  it('refuses truncated JSON', async () => {
    const whole = await fixture('data-y36a02.json');
    const e = refusal(() => readJobindsatsAnswer(whole.subarray(0, Math.floor(whole.length / 2))));
    expect(e.reason).toBe('malformed');
  });

  it('refuses rows whose width differs from Variables, naming every one', async () => {
    const json = JSON.parse((await fixture('data-y36a02.json')).toString()) as [{ Data: string[][] }];
    json[0].Data[1]?.pop();
    json[0].Data[3]?.push('extra');
    const e = refusal(() => readJobindsatsAnswer(bytes(json)));
    expect(e.reason).toBe('malformed');
    expect(e.problems).toEqual([
      'table 1, row 2: 5 cells where "Variables" names 6',
      'table 1, row 4: 7 cells where "Variables" names 6',
    ]);
  });
});

describe('mapping to observations', () => {
  it('maps the five origin labels to FOLK1E HERKOMST codes, a year period and the markers', async () => {
    const obs = jobindsatsObservations(readJobindsatsAnswer(await fixture('data-y01a02.json')), query, areas);
    expect(obs.map((o) => [o.series, o.area, o.period, o.dims.HERKOMST, o.dims.MÅL])).toEqual([
      ['Y01A02', '151', '2023', '1', 'Fuldtidspersoner'],
      ['Y01A02', '151', '2023', '24', 'Fuldtidspersoner'],
      ['Y01A02', '151', '2023', '34', 'Fuldtidspersoner'],
      ['Y01A02', '151', '2023', '25', 'Fuldtidspersoner'],
      ['Y01A02', '151', '2023', '35', 'Fuldtidspersoner'],
    ]);
    expect(obs.map((o) => o.value)).toEqual([
      { kind: 'number', value: 498.1 },
      { kind: 'number', value: 31.7 },
      { kind: 'missing', reason: 'not-applicable', marker: '-' },
      { kind: 'number', value: 88 },
      { kind: 'number', value: 12.3 },
    ]);
  });

  it.each([
    ['1.234', 1234],
    ['1.234.567', 1234567],
    ['1.234,5', 1234.5],
    ['0,25', 0.25],
    ['1234', 1234],
    [' 17 ', 17],
    [42, 42],
    [0.5, 0.5],
  ])('reads %j as %d', (cell, value) => {
    const [o] = jobindsatsObservations(table(row({ value: cell })), query, areas);
    expect(o?.value).toEqual({ kind: 'number', value });
  });

  it.each([
    ['..', 'confidential'],
    ['x', 'confidential'],
    ['.', 'not-available'],
    ['-', 'not-applicable'],
  ])('reads the marker %j as %s', (marker, reason) => {
    const [o] = jobindsatsObservations(table(row({ value: marker })), query, areas);
    expect(o?.value).toEqual({ kind: 'missing', reason, marker });
  });

  it('reads months, quarters and regions and the country by name', () => {
    const obs = jobindsatsObservations(
      table(
        row({ area: 'Hele landet', period: '2023M01' }),
        row({ area: 'Region Hovedstaden', period: '2023Q2' }),
        row({ area: 'høje-taastrup', period: '2023K3' }),
      ),
      query,
      areas,
    );
    expect(obs.map((o) => `${o.area} ${o.period}`)).toEqual(['000 2023M01', '084 2023K2', '169 2023K3']);
  });

  it.each([
    ['12a', /"12a" is not a number/],
    ['1,234.5', /is not a number/],
    ['1.23', /is not a number/],
    ['', /"" is not a number/],
    ['n/a', /is not a number/],
    ['-3', /negative count -3/],
  ])('refuses the value %j', (value, message) => {
    const e = refusal(() => jobindsatsObservations(table(row({}), row({ value })), query, areas));
    expect(e.reason).toBe('refused');
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatch(/^row 2, Fuldtidspersoner: /);
    expect(e.problems[0]).toMatch(message);
  });

  it('refuses unknown area names, origin labels and periods, listing every row', () => {
    const e = refusal(() =>
      jobindsatsObservations(
        table(
          row({ area: 'Jobcenter Ballerup' }),
          row({ origin: 'Indvandrere' }),
          row({ origin: 'Oprindelse i alt' }),
          row({ period: '2023U05' }),
          row({}),
        ),
        query,
        areas,
      ),
    );
    expect(e.reason).toBe('refused');
    expect(e.message).toMatch(/4 problem\(s\).*nothing was imported/);
    expect(e.problems[0]).toBe('row 1: unknown area "Jobcenter Ballerup"');
    expect(e.problems[1]).toMatch(
      /^row 2: unknown origin "Indvandrere" \(expected one of "Personer med dansk/,
    );
    expect(e.problems[2]).toMatch(/^row 3: unknown origin "Oprindelse i alt"/);
    expect(e.problems[3]).toMatch(/^row 4: period "2023U05" is not a year, quarter or month/);
  });

  it('refuses an answer without a declared column, or without origin when the query filters by it', () => {
    const e = refusal(() =>
      jobindsatsObservations(
        table(row({})),
        { ...query, measures: [{ label: 'Antal berørte personer' }] },
        areas,
      ),
    );
    expect(e.reason).toBe('malformed');
    expect(e.message).toMatch(/no column "Antal berørte personer"/);
    const noOrigin: JobindsatsTable[] = [
      { labels: ['Område', 'Periode', 'Fuldtidspersoner'], rows: [['Ballerup', '2023', '1']] },
    ];
    expect(jobindsatsObservations(noOrigin, query, areas)).toHaveLength(1);
    const filtered = { ...query, filters: { _oprinda: ['Personer med dansk oprindelse'] } };
    expect(refusal(() => jobindsatsObservations(noOrigin, filtered, areas)).message).toMatch(
      /no column "Oprindelse"/,
    );
  });

  it('refuses two figures for the same area, period and group', () => {
    const e = refusal(() => jobindsatsObservations(table(row({}), row({ value: '2' })), query, areas));
    expect(e.problems[0]).toMatch(/^row 2: a second figure for 151 2023/);
  });

  it('takes other column labels when the query names them', () => {
    const t: JobindsatsTable[] = [
      {
        labels: ['Kommune', 'Måned', 'Herkomst', 'Personer'],
        rows: [['Ballerup', '2023M02', 'Personer med dansk oprindelse', '7']],
      },
    ];
    const [o] = jobindsatsObservations(
      t,
      {
        ...query,
        measures: [{ label: 'Personer', unit: 'persons' }],
        columns: { area: 'Kommune', period: 'Måned', origin: 'Herkomst' },
      },
      areas,
    );
    expect(o).toMatchObject({
      area: '151',
      period: '2023M02',
      dims: { HERKOMST: '1', MÅL: 'Personer' },
      unit: 'persons',
    });
  });
});
