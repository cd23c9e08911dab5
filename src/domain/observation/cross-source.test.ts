// Shares computed across sources, against hand-computed figures: Jobindsats' months brought to quarters over
// FOLK1E's population, and an exam cube's shares weighed by pupils — and what each must refuse to make up.
import { describe, expect, it } from 'vitest';
import type { CountsOverPopulation, EducationShares } from '../strategy/combine.ts';
import {
  alignToQuarters,
  deriveCountsOverPopulation,
  deriveEducationShares,
  type CubeCell,
  type SourceCell,
} from './cross-source.ts';
import type { DerivedIndicator, TableCell } from './derive.ts';
import type { ObservedValue } from './observation.ts';

const indicator: DerivedIndicator = {
  id: 'offentlig-forsoergelse',
  targetGroup: { origins: ['non-western-immigrant', 'non-western-descendant'] },
  comparisonGroup: { basis: 'others' },
  breakdowns: ['sex', 'origin-subgroup'],
};

const combine = (periods: CountsOverPopulation['periods']): CountsOverPopulation => ({
  kind: 'counts-over-population',
  numerator: {
    jobindsats: ['Y01A02', 'Y36A02'],
    measure: 'Antal fuldtidspersoner',
    sex: { variable: 'KØN', women: 'Kvinder', men: 'Mænd' },
  },
  denominator: {
    statbank: {
      table: 'FOLK1E',
      variables: { OMRÅDE: ['151'], ALDER: ['16', '17'], HERKOMST: ['*'], KØN: ['*'], Tid: ['*'] },
    },
    origin: 'HERKOMST',
    select: { ALDER: ['16', '17'] },
    sex: { variable: 'KØN', total: 'TOT', women: '2', men: '1' },
  },
  periods,
});

const n = (value: number): ObservedValue => ({ kind: 'number', value });
const withheld: ObservedValue = { kind: 'missing', reason: 'confidential', marker: '..' };
const origins = ['1', '24', '25', '34', '35'] as const;

/** Jobindsats figures: `f(table, origin, sex, month)` for every table, origin, sex and month given. */
function jobCells(
  months: readonly string[],
  f: (table: string, origin: string, sex: string, month: string) => ObservedValue,
  tables: readonly string[] = ['Y01A02', 'Y36A02'],
  area = '151',
): SourceCell[] {
  return tables.flatMap((series) =>
    origins.flatMap((o) =>
      ['Kvinder', 'Mænd'].flatMap((sex) =>
        months.map((period) => ({
          series,
          area,
          period,
          dims: { HERKOMST: o, KØN: sex, MÅL: 'Antal fuldtidspersoner' },
          value: f(series, o, sex, period),
          status: 'final' as const,
        })),
      ),
    ),
  );
}

/** FOLK1E: every origin, sex (TOT, 1, 2) and age 16, 17 per quarter; `p(origin, sex, age)`. */
function popCells(
  quarters: readonly string[],
  p: (origin: string, sex: string, age: string) => number,
): TableCell[] {
  return quarters.flatMap((period) =>
    origins.flatMap((o) =>
      ['TOT', '1', '2'].flatMap((sex) =>
        ['16', '17'].map((age) => ({
          area: '151',
          period,
          dims: { HERKOMST: o, KØN: sex, ALDER: age },
          value: n(sex === 'TOT' ? p(o, '1', age) + p(o, '2', age) : p(o, sex, age)),
          status: 'final' as const,
        })),
      ),
    ),
  );
}

const q1 = ['2023M01', '2023M02', '2023M03'];
// Every table, origin and sex: 1 in January, 2 in February, 6 in March; the quarter's mean is 3, its middle month 2.
const byMonth = (_t: string, _o: string, _s: string, m: string) =>
  n(m.endsWith('01') ? 1 : m.endsWith('02') ? 2 : 6);
// 10 persons of each age, sex and origin.
const tenEach = () => 10;

const find = (r: ReturnType<typeof deriveCountsOverPopulation>, dims: Record<string, string>) =>
  r.observations.find((o) => JSON.stringify(o.dims) === JSON.stringify(dims));

describe('alignToQuarters', () => {
  const sum = (value: number) => ({ value, withheld: false, provisional: false, cells: 1 });
  it('takes the mean of the three months, or the middle month', () => {
    const months = new Map([
      ['2023M04', sum(3)],
      ['2023M05', sum(4)],
      ['2023M06', sum(8)],
    ]);
    expect(alignToQuarters('quarter-mean-of-months', months).quarters.get('2023K2')?.value).toBe(5);
    expect(alignToQuarters('quarter-middle-month', months).quarters.get('2023K2')?.value).toBe(4);
  });
  it('gives no quarter that lacks a month the rule needs, and names the month', () => {
    const months = new Map([
      ['2023M04', sum(3)],
      ['2023M05', sum(4)],
    ]);
    const r = alignToQuarters('quarter-mean-of-months', months);
    expect(r.quarters.size).toBe(0);
    expect(r.incomplete.get('2023K2')).toEqual(['2023M06']);
    expect(alignToQuarters('quarter-middle-month', months).quarters.get('2023K2')?.value).toBe(4);
  });
});

describe('deriveCountsOverPopulation', () => {
  it('divides the quarter mean of full-time persons by the population 16-64, per group, sex and subgroup', () => {
    const r = deriveCountsOverPopulation(
      indicator,
      combine('quarter-mean-of-months'),
      jobCells(q1, byMonth),
      popCells(['2023K1'], tenEach),
    );
    expect(r.skipped).toEqual([]);
    expect(r.unknown).toEqual([]);
    // Target: 2 origins × 2 tables × 2 sexes × mean 3 = 24 full-time persons; 2 origins × 2 sexes × 2 ages × 10 = 80.
    expect(find(r, { group: 'target' })).toMatchObject({
      period: '2023K1',
      numerator: 24,
      denominator: 80,
      value: { value: 0.3 },
    });
    // Comparison ("øvrige"): 3 origins → 36 of 120.
    expect(find(r, { group: 'comparison' })).toMatchObject({ numerator: 36, denominator: 120 });
    // Women of the target group: 2 origins × 2 tables × 3 = 12 of 2 × 2 × 10 = 40.
    expect(find(r, { group: 'target', sex: 'women' })).toMatchObject({ numerator: 12, denominator: 40 });
    // Non-Western immigrants only: 2 tables × 2 sexes × 3 = 12 of 40.
    expect(find(r, { group: 'target', originSubgroup: 'immigrants' })).toMatchObject({
      numerator: 12,
      denominator: 40,
    });
    expect(r.observations.every((o) => o.series === 'offentlig-forsoergelse' && !o.illustrative)).toBe(true);
  });

  it('uses the middle month under quarter-middle-month', () => {
    const r = deriveCountsOverPopulation(
      indicator,
      combine('quarter-middle-month'),
      jobCells(q1, byMonth),
      popCells(['2023K1'], tenEach),
    );
    expect(find(r, { group: 'target' })).toMatchObject({
      numerator: 16,
      denominator: 80,
      value: { value: 0.2 },
    });
  });

  it('computes nothing for periods that do not meet, and says so for each', () => {
    // Jobindsats has 2023K1, FOLK1E has 2023K2: neither quarter has both.
    const r = deriveCountsOverPopulation(
      indicator,
      combine('quarter-mean-of-months'),
      jobCells(q1, byMonth),
      popCells(['2023K2'], tenEach),
    );
    expect(r.observations).toEqual([]);
    expect(r.skipped).toEqual([
      {
        area: '151',
        period: '2023K1',
        reason: expect.stringMatching(/no FOLK1E population for 2023K1; the periods do not meet/),
      },
      {
        area: '151',
        period: '2023K2',
        reason: expect.stringMatching(
          /no Y01A02, Y36A02 figures for the months of 2023K2; the periods do not meet/,
        ),
      },
    ]);
  });

  it('computes no quarter with a month missing, naming the table and the month', () => {
    const cells = jobCells(q1, byMonth).filter((c) => !(c.series === 'Y36A02' && c.period === '2023M03'));
    const r = deriveCountsOverPopulation(
      indicator,
      combine('quarter-mean-of-months'),
      cells,
      popCells(['2023K1'], tenEach),
    );
    expect(r.observations).toEqual([]);
    expect(r.skipped[0]?.reason).toMatch(/Y36A02 has no figure for 2023M03 \(quarter-mean-of-months\)/);
  });

  it('names an origin code it does not know instead of counting or dropping it silently', () => {
    const cells = [
      ...jobCells(q1, byMonth),
      { ...jobCells(['2023M01'], byMonth)[0]!, dims: { HERKOMST: '99', KØN: 'Kvinder', MÅL: 'x' } },
    ];
    const r = deriveCountsOverPopulation(
      indicator,
      combine('quarter-mean-of-months'),
      cells,
      popCells(['2023K1'], tenEach),
    );
    expect(r.unknown).toEqual(['Y01A02: origin "99"']);
    expect(find(r, { group: 'target' })).toMatchObject({ numerator: 24 });
  });

  it('gives a withheld figure where a needed cell is "..", and only there', () => {
    const cells = jobCells(q1, (t, o, s, m) =>
      t === 'Y36A02' && o === '25' && s === 'Kvinder' && m === '2023M02' ? withheld : byMonth(t, o, s, m),
    );
    const r = deriveCountsOverPopulation(
      indicator,
      combine('quarter-mean-of-months'),
      cells,
      popCells(['2023K1'], tenEach),
    );
    expect(find(r, { group: 'target' })?.value).toEqual(withheld);
    expect(find(r, { group: 'target', sex: 'men' })).toMatchObject({ numerator: 12 });
    expect(find(r, { group: 'comparison' })).toMatchObject({ numerator: 36 });
  });

  it('skips a group whose population is 0, saying so, without dividing', () => {
    const pop = popCells(['2023K1'], (o) => (o === '25' || o === '35' ? 0 : 10));
    const zero = jobCells(q1, (t, o, s, m) => (o === '25' || o === '35' ? n(0) : byMonth(t, o, s, m)));
    const r = deriveCountsOverPopulation(indicator, combine('quarter-mean-of-months'), zero, pop);
    expect(find(r, { group: 'target' })).toBeUndefined();
    expect(r.skipped.map((s) => s.reason)).toContain(
      'group=target: the population is 0; no share can be computed',
    );
    expect(find(r, { group: 'comparison' })).toMatchObject({ numerator: 36, denominator: 120 });
  });

  it('computes nothing when an age the denominator selects is not in FOLK1E', () => {
    const pop = popCells(['2023K1'], tenEach).filter((c) => c.dims.ALDER !== '17');
    const r = deriveCountsOverPopulation(
      indicator,
      combine('quarter-mean-of-months'),
      jobCells(q1, byMonth),
      pop,
    );
    expect(r.observations).toEqual([]);
    expect(r.skipped[0]?.reason).toMatch(/FOLK1E has no cells for ALDER=17; nothing was computed/);
  });
});

describe('deriveEducationShares', () => {
  const grades: DerivedIndicator = {
    id: 'karakter-skriftlig-dansk-og-matematik',
    targetGroup: { origins: ['non-western-immigrant', 'non-western-descendant'] },
    comparisonGroup: { basis: 'danish-origin' },
    breakdowns: ['origin-subgroup', 'sex'],
  };
  const shares: EducationShares = {
    kind: 'education-shares',
    cube: 'GS/KARA/KARADM',
    target: ['24+25', '34+35'],
    comparison: ['1'],
  };
  const cell = (code: string, share: ObservedValue, pupils?: number, period = '2023'): CubeCell => ({
    area: '151',
    period,
    dims: { HERKOMST: code },
    value: share,
    ...(pupils === undefined ? {} : { denominator: pupils }),
    status: 'final',
  });
  const of = (r: ReturnType<typeof deriveEducationShares>, dims: Record<string, string>) =>
    r.observations.find((o) => JSON.stringify(o.dims) === JSON.stringify(dims));

  it('weighs the origin groups by their pupils and keeps the counts, so the share has an interval', () => {
    // The fixture's 2022/2023: 78.9 % of 57 immigrants → 45, 84.2 % of 38 descendants → 32; 77 of 95.
    const r = deriveEducationShares(grades, shares, [
      cell('1', n(0.914), 402),
      cell('24+25', n(0.789), 57),
      cell('34+35', n(0.842), 38),
    ]);
    expect(of(r, { group: 'target' })).toMatchObject({ numerator: 77, denominator: 95 });
    expect(of(r, { group: 'target' })?.value).toEqual(n(77 / 95));
    expect(of(r, { group: 'comparison' })).toMatchObject({
      value: n(0.914),
      numerator: 367,
      denominator: 402,
    });
    expect(of(r, { group: 'target', originSubgroup: 'immigrants' })).toMatchObject({
      value: n(0.789),
      numerator: 45,
      denominator: 57,
    });
    expect(r.skipped).toEqual([]);
  });

  it('without the number of pupils gives single groups as shares without counts and adds no groups up', () => {
    const r = deriveEducationShares(grades, shares, [
      cell('1', n(0.914)),
      cell('24+25', n(0.789)),
      cell('34+35', n(0.842)),
    ]);
    const comparison = of(r, { group: 'comparison' });
    expect(comparison?.value).toEqual(n(0.914));
    expect(comparison?.numerator).toBeUndefined();
    expect(of(r, { group: 'target', originSubgroup: 'descendants' })?.value).toEqual(n(0.842));
    expect(of(r, { group: 'target' })).toBeUndefined();
    expect(r.skipped[0]?.reason).toMatch(
      /no number of pupils for 24\+25, 34\+35; shares of several origin groups cannot be added/,
    );
  });

  it('keeps a withheld share withheld, and says where only the target group is answered', () => {
    const r = deriveEducationShares(grades, shares, [
      cell('24+25', { kind: 'missing', reason: 'not-available', marker: '' }, undefined),
      cell('34+35', n(0.826), 46),
    ]);
    expect(of(r, { group: 'target' })?.value).toEqual(withheld);
    expect(of(r, { group: 'target', originSubgroup: 'immigrants' })?.value).toEqual({
      kind: 'missing',
      reason: 'not-available',
      marker: '',
    });
    expect(r.skipped).toEqual([
      {
        area: '151',
        period: '2023',
        reason: 'group=comparison: the cube answers only the target group; no comparison figure is made up',
      },
    ]);
  });

  it('skips 0 pupils rather than dividing by them', () => {
    const r = deriveEducationShares(grades, shares, [
      cell('1', n(0), 0),
      cell('24+25', n(0.5), 10),
      cell('34+35', n(0.5), 10),
    ]);
    expect(of(r, { group: 'comparison' })).toBeUndefined();
    expect(r.skipped[0]?.reason).toMatch(/0 pupils/);
    expect(of(r, { group: 'target' })).toMatchObject({ numerator: 10, denominator: 20 });
  });
});
