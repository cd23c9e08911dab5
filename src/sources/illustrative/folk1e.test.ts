// The FOLK1E model on a small made-up country: parts sum to totals, regions to their municipalities, real
// anchors are met, measured cells are used and never generated, and the same input gives the same figures.
import { describe, expect, it } from 'vitest';
import { AreaRegistry, type Area } from '../areas/index.ts';
import {
  buildFolk1eModel,
  HERKOMST_CODES,
  IllustrativeInputError,
  splitFractions,
  type Folk1eInput,
  type MeasuredCells,
} from './folk1e.ts';
import { quarterRange } from './periods.ts';

const area = (code: string, kind: Area['kind'], region?: string): Area => ({
  code,
  nameDa: `Område ${code}`,
  nameEn: `Area ${code}`,
  kind,
  region,
});
const registry = new AreaRegistry([
  area('000', 'country'),
  area('081', 'region'),
  area('082', 'region'),
  area('101', 'municipality', '081'),
  area('102', 'municipality', '081'),
  area('201', 'municipality', '082'),
  area('999', 'other', '082'),
]);

const input: Folk1eInput = {
  registry,
  from: '2019K1',
  to: '2023K4',
  totals: [
    { area: '101', period: '2019K1', value: 50_000 },
    { area: '101', period: '2022K1', value: 53_000 },
    { area: '102', period: '2019K1', value: 8_000 },
    { area: '102', period: '2022K1', value: 7_700 },
    { area: '201', period: '2019K1', value: 120_000 },
    { area: '201', period: '2023K1', value: 124_000 },
    { area: '999', period: '2019K1', value: 90 },
  ],
  nonDanishPercent: [
    { area: '101', period: '2019K1', value: 16 },
    { area: '101', period: '2022K1', value: 19 },
    { area: '102', period: '2019K1', value: 4 },
    { area: '201', period: '2019K1', value: 30 },
    { area: '201', period: '2022K1', value: 33 },
  ],
};

const measured: MeasuredCells = {
  area: '101',
  period: '2021K2',
  cells: { TOT: 52_000, '1': 42_500, '24': 1_700, '25': 4_800, '34': 400, '35': 2_600 },
};

describe('the illustrative FOLK1E model', () => {
  const model = buildFolk1eModel(input);
  const periods = quarterRange('2019K1', '2023K4');

  it('has integer, non-negative cells whose five parts sum exactly to TOT, everywhere', () => {
    for (const a of model.areas)
      for (const p of periods) {
        const c = model.cells(a, p);
        expect(c, `${a} ${p}`).toBeDefined();
        if (!c) continue;
        for (const code of HERKOMST_CODES) {
          expect(Number.isInteger(c[code])).toBe(true);
          expect(c[code]).toBeGreaterThanOrEqual(0);
        }
        expect(c['1'] + c['24'] + c['25'] + c['34'] + c['35']).toBe(c.TOT);
      }
  });

  it('makes regions and the country the sums of their municipalities, cell by cell', () => {
    for (const p of periods)
      for (const code of HERKOMST_CODES) {
        const cell = (a: string) => model.cells(a, p)?.[code] ?? NaN;
        expect(cell('081')).toBe(cell('101') + cell('102'));
        expect(cell('082')).toBe(cell('201') + cell('999'));
        expect(cell('000')).toBe(cell('081') + cell('082'));
      }
  });

  it('meets the real totals and shares at their quarters and interpolates between', () => {
    expect(model.cells('101', '2019K1')?.TOT).toBe(50_000);
    expect(model.cells('101', '2022K1')?.TOT).toBe(53_000);
    expect(model.cells('101', '2020K3')?.TOT).toBe(51_500);
    expect(model.cells('201', '2023K4')?.TOT).toBe(124_000); // flat after the last anchor
    const nonDanish = (a: string, p: string) => {
      const c = model.cells(a, p);
      return c ? c.TOT - c['1'] : NaN;
    };
    expect(nonDanish('101', '2019K1')).toBe(8_000);
    expect(nonDanish('101', '2022K1')).toBe(Math.round(53_000 * 0.19));
    // Area 999 has no share of its own: it takes the lowest municipal share (4 % in 2019).
    expect(nonDanish('999', '2019K1')).toBe(Math.round(90 * 0.04));
  });

  it('gives a municipality with a larger non-Danish share more non-Western residents', () => {
    const nonWestern = (a: string) => {
      const c = model.cells(a, '2021K1');
      return c ? (c['25'] + c['35']) / (c.TOT - c['1']) : NaN;
    };
    expect(nonWestern('201')).toBeGreaterThan(nonWestern('102'));
  });

  it('lists 6 observations per area and quarter, flagged illustrative, with FOLK1E dims', () => {
    const obs = model.observations(['101']);
    expect(obs).toHaveLength(periods.length * 6);
    expect(obs[0]).toEqual({
      series: 'FOLK1E',
      area: '101',
      period: '2019K1',
      dims: { KØN: 'TOT', ALDER: 'IALT', HERKOMST: 'TOT' },
      value: { kind: 'number', value: 50_000 },
      unit: 'number',
      status: 'final',
      illustrative: true,
    });
    expect(obs.every((o) => o.illustrative)).toBe(true);
  });

  it('is deterministic: the same input gives the same figures', () => {
    expect(buildFolk1eModel(input).observations()).toEqual(model.observations());
  });

  it('counts residents of the asked origins, taking the nearest quarter outside the range', () => {
    const c = model.cells('101', '2019K1');
    expect(model.residents('101', '2019K1', ['non-western-immigrant', 'non-western-descendant'])).toBe(
      (c?.['25'] ?? 0) + (c?.['35'] ?? 0),
    );
    expect(model.residents('101', '2015K1', ['danish'])).toBe(c?.['1']);
    expect(model.residents('404', '2019K1', ['danish'])).toBeUndefined();
  });

  it('refuses to model an area without real totals', () => {
    expect(() =>
      buildFolk1eModel({ ...input, totals: input.totals.filter((t) => t.area !== '999') }),
    ).toThrow(IllustrativeInputError);
  });
});

describe('measured cells', () => {
  const model = buildFolk1eModel({ ...input, measured: [measured] });

  it('are used as they are and never generated', () => {
    expect(model.cells('101', '2021K2')).toEqual(measured.cells);
    expect(model.isMeasured('101', '2021K2')).toBe(true);
    const generated = model.observations().filter((o) => o.area === '101' && o.period === '2021K2');
    expect(generated).toEqual([]);
    expect(model.observations(['081']).filter((o) => o.period === '2021K2')).toHaveLength(6);
  });

  it('count in their region and anchor the neighbouring quarters, so the series has no jump', () => {
    expect(model.cells('081', '2021K2')?.TOT).toBe(52_000 + (model.cells('102', '2021K2')?.TOT ?? NaN));
    const nonWestern = (p: string) => {
      const c = model.cells('101', p);
      return c ? c['25'] + c['35'] : NaN;
    };
    const real = measured.cells['25'] + measured.cells['35'];
    expect(Math.abs(nonWestern('2021K1') - real) / real).toBeLessThan(0.03);
    expect(Math.abs(nonWestern('2021K3') - real) / real).toBeLessThan(0.03);
  });
});

describe('splitFractions', () => {
  it('moves with time and share difference within bounds', () => {
    const base = splitFractions(0, 0, [0, 0, 0]);
    expect(base).toEqual({ nonWestern: 0.66, westernDescendants: 0.1, nonWesternDescendants: 0.28 });
    expect(splitFractions(10, 0.2, [0, 0, 0]).nonWestern).toBeCloseTo(0.66 - 0.025 + 0.14);
    expect(splitFractions(0, 1, [1, 1, 1]).nonWestern).toBe(0.95);
  });
});
