// Illustrative indicator series from a strategy definition: the right shape for each kind and unit, breakdowns
// that add up, realistic group sizes, every row flagged, the same figures every time, and nothing tied to the
// Ballerup definition's ids.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../domain/observation/index.ts';
import {
  parseStrategyDefinition,
  type Indicator,
  type OriginCategory,
  type StrategyDefinition,
} from '../../domain/strategy/index.ts';
import { loadAreas, type AreaRegistry } from '../areas/index.ts';
import { generateIndicatorSeries, indicatorPeriods } from './indicator-series.ts';
import { ageBands, populationFraction } from './indicator-profile.ts';
import { rngFor } from './prng.ts';

const ballerupFile = new URL(
  '../../../strategies/ballerup-integrationsstrategi-2021-2023.yaml',
  import.meta.url,
);

/** Ballerup's population by origin as the strategy prints it (2021K2), scaled for its region and the country. */
const printed: Record<OriginCategory, number> = {
  danish: 40_272,
  'western-immigrant': 1_589,
  'non-western-immigrant': 4_317,
  'western-descendant': 350,
  'non-western-descendant': 2_582,
};
const scale: Record<string, number> = { '151': 1, '084': 37, '000': 119, '751': 7, '082': 27 };
const population = {
  residents: (area: string, _period: string, origins: readonly OriginCategory[]) =>
    scale[area] === undefined ? undefined : origins.reduce((s, o) => s + printed[o] * (scale[area] ?? 0), 0),
};

let definition: StrategyDefinition;
let registry: AreaRegistry;
let obs: Observation[];
const indicators = () => definition.areas.flatMap((a) => a.indicators);
const indicator = (id: string) => indicators().find((i) => i.id === id) as Indicator;
const rows = (series: string, area = '151', period?: string) =>
  obs.filter((o) => o.series === series && o.area === area && (period === undefined || o.period === period));
const only = (rs: readonly Observation[], dims: Record<string, string>) =>
  rs.find(
    (o) =>
      Object.keys(o.dims).length === Object.keys(dims).length &&
      Object.entries(dims).every(([k, v]) => o.dims[k] === v),
  );

beforeAll(async () => {
  const parsed = parseStrategyDefinition(await readFile(ballerupFile), 'ballerup.yaml');
  if (!parsed.ok) throw new Error('the Ballerup definition does not parse');
  definition = parsed.definition;
  registry = await loadAreas({ withProfiles: false });
  obs = generateIndicatorSeries({ definition, registry, population });
});

describe('illustrative indicator series', () => {
  it('makes one series per indicator, named by its id, every row illustrative and in its unit', () => {
    expect([...new Set(obs.map((o) => o.series))].sort()).toEqual(
      indicators()
        .map((i) => i.id)
        .sort(),
    );
    expect(indicators()).toHaveLength(15);
    for (const o of obs) {
      expect(o.illustrative).toBe(true);
      expect(o.unit).toBe(indicator(o.series).unit);
    }
  });

  it('is deterministic: the same definition gives the same figures', () => {
    expect(generateIndicatorSeries({ definition, registry, population })).toEqual(obs);
  });

  it('covers the area, its region and the country; local surveys and counts only the area', () => {
    const areasOf = (id: string) => [...new Set(obs.filter((o) => o.series === id).map((o) => o.area))];
    expect(areasOf('offentlig-forsoergelse')).toEqual(['151', '084', '000']);
    expect(areasOf('oplevet-deltagelse-i-boligsociale-aktiviteter')).toEqual(['151']);
    expect(areasOf('brugere-af-fvu-dansk-og-sprogtilbud')).toEqual(['151']);
  });

  it('uses quarters 2019K1–2025K2, years 2015–2024 and survey rounds 2022–2024 (from an earlier baseline)', () => {
    const periodsOf = (id: string) => [...new Set(rows(id).map((o) => o.period))];
    const quarters = periodsOf('offentlig-forsoergelse');
    expect([quarters.length, quarters[0], quarters.at(-1)]).toEqual([26, '2019K1', '2025K2']);
    expect(periodsOf('ungdomsuddannelse-20-24')).toEqual([
      '2015',
      '2016',
      '2017',
      '2018',
      '2019',
      '2020',
      '2021',
      '2022',
      '2023',
      '2024',
    ]);
    expect(periodsOf('oplevet-deltagelse-i-boligsociale-aktiviteter')).toEqual(['2022', '2023', '2024']);
    expect(periodsOf('valgdeltagelse')).toEqual(['2021', '2022', '2023', '2024']);
    expect(rows('offentlig-forsoergelse', '151', '2025K2')[0]?.status).toBe('provisional');
    expect(rows('offentlig-forsoergelse', '151', '2025K1')[0]?.status).toBe('final');
  });

  it('gives gap shares both groups with counts, value = numerator / denominator', () => {
    for (const o of obs.filter((x) => indicator(x.series).unit === 'share')) {
      if (o.value.kind !== 'number') continue;
      expect(o.numerator).toBeDefined();
      expect(o.denominator).toBeGreaterThan(0);
      expect(o.numerator as number).toBeLessThanOrEqual(o.denominator as number);
      expect(o.value.value).toBe((o.numerator as number) / (o.denominator as number));
    }
    const groups = new Set(rows('ledige-efter-13-uger').map((o) => o.dims.group));
    expect([...groups]).toEqual(['target', 'comparison']);
  });

  it('gives level indicators the target group only, durations and scores plain values, counts whole numbers', () => {
    expect(new Set(rows('danskproeve-inden-5-aar').map((o) => o.dims.group))).toEqual(new Set(['target']));
    for (const o of rows('varighed-afsluttede-sager')) {
      expect(o.numerator).toBeUndefined();
      expect(o.value.kind === 'number' && o.value.value > 1 && o.value.value < 60).toBe(true);
    }
    for (const o of rows('oplevet-deltagelse-i-boligsociale-aktiviteter'))
      expect(o.value.kind === 'number' && o.value.value >= 0 && o.value.value <= 100).toBe(true);
    for (const o of rows('brugere-af-fvu-dansk-og-sprogtilbud')) {
      expect(o.dims).toEqual({ group: 'target' });
      expect(o.value.kind === 'number' && Number.isInteger(o.value.value) && o.value.value > 50).toBe(true);
      expect(o.denominator).toBeUndefined();
    }
  });

  it('splits each group exactly over women and men, origin subgroups and age bands', () => {
    const checked: string[] = [];
    for (const ind of indicators().filter((i) => i.unit === 'share' && i.breakdowns.length > 0))
      for (const area of ['151', '000'])
        for (const period of indicatorPeriods(ind)) {
          const rs = rows(ind.id, area, period);
          for (const group of ['target', 'comparison']) {
            const total = only(rs, { group });
            if (!total) continue;
            for (const dim of ['sex', 'originSubgroup', 'ageBand']) {
              const parts = rs.filter((o) => o.dims.group === group && o.dims[dim] !== undefined);
              if (parts.length === 0) continue;
              if (dim === 'originSubgroup' && group === 'comparison') {
                // The comparison group is compared whole: its row is repeated under each subgroup.
                for (const p of parts)
                  expect([p.numerator, p.denominator]).toEqual([total.numerator, total.denominator]);
                continue;
              }
              const sum = (f: (o: Observation) => number | undefined) =>
                parts.reduce((s, o) => s + (f(o) ?? 0), 0);
              expect(
                [sum((o) => o.numerator), sum((o) => o.denominator)],
                `${ind.id} ${area} ${period} ${group} ${dim}`,
              ).toEqual([total.numerator, total.denominator]);
              checked.push(dim);
            }
          }
        }
    expect(new Set(checked)).toEqual(new Set(['sex', 'originSubgroup', 'ageBand']));
    expect(
      new Set(
        rows('offentlig-forsoergelse', '151', '2021K2')
          .map((o) => o.dims.ageBand)
          .filter(Boolean),
      ),
    ).toEqual(new Set(['16-29', '30-49', '50-64']));
  });

  it('sizes the groups from the population: about 4,200 non-Western 16–64-year-olds in Ballerup', () => {
    const at = rows('offentlig-forsoergelse', '151', '2021K2');
    expect(only(at, { group: 'target' })?.denominator).toBe(Math.round(6_899 * (49 / 80)));
    expect(only(at, { group: 'comparison' })?.denominator).toBe(Math.round((49_110 - 6_899) * (49 / 80)));
    // A 9th-grade cohort: a few dozen in Ballerup, so the disclosure rules and intervals matter.
    const pupils = only(rows('karakter-skriftlig-dansk-og-matematik', '151', '2021'), { group: 'target' });
    expect(pupils?.denominator).toBeGreaterThan(20);
    expect(pupils?.denominator).toBeLessThan(200);
  });

  it('has Danish-looking levels: public support about 30–55 % against 13–18 %, the gap narrowing', () => {
    const share = (id: string, period: string, group: string) => {
      const o = only(rows(id, '000', period), { group });
      return o?.value.kind === 'number' ? o.value.value : NaN;
    };
    const t0 = share('offentlig-forsoergelse', '2019K1', 'target');
    const c0 = share('offentlig-forsoergelse', '2019K1', 'comparison');
    expect(t0).toBeGreaterThan(0.28);
    expect(t0).toBeLessThan(0.56);
    expect(c0).toBeGreaterThan(0.1);
    expect(c0).toBeLessThan(0.2);
    expect(t0 - c0).toBeGreaterThan(
      share('offentlig-forsoergelse', '2025K2', 'target') -
        share('offentlig-forsoergelse', '2025K2', 'comparison'),
    );
    expect(share('ungdomsuddannelse-20-24', '2024', 'target')).toBeLessThan(
      share('ungdomsuddannelse-20-24', '2024', 'comparison'),
    );
  });

  it('pins a few figures (snapshot)', () => {
    const pick = (id: string, area: string, period: string, dims: Record<string, string>) => {
      const o = only(rows(id, area, period), dims);
      return [o?.numerator, o?.denominator, o?.value.kind === 'number' ? o.value.value : undefined];
    };
    expect({
      support: pick('offentlig-forsoergelse', '151', '2021K2', { group: 'target' }),
      supportWomen: pick('offentlig-forsoergelse', '151', '2021K2', { group: 'target', sex: 'women' }),
      youth: pick('ungdomsuddannelse-20-24', '000', '2022', { group: 'comparison' }),
      weeks: pick('varighed-afsluttede-sager', '084', '2023K4', { group: 'target' }),
      users: pick('brugere-af-fvu-dansk-og-sprogtilbud', '151', '2024', { group: 'target' }),
    }).toMatchInlineSnapshot(`
      {
        "support": [
          1519,
          4226,
          0.3594415522953147,
        ],
        "supportWomen": [
          689,
          1974,
          0.34903748733535966,
        ],
        "users": [
          undefined,
          undefined,
          233,
        ],
        "weeks": [
          undefined,
          undefined,
          26.1,
        ],
        "youth": [
          248201,
          299523,
          0.8286542268874176,
        ],
      }
    `);
  });
});

describe('another strategy', () => {
  it('gets series for its own ids, area and frequencies: nothing is tied to Ballerup', () => {
    const first = definition.areas[0] as StrategyDefinition['areas'][number];
    const monthly: Indicator = {
      ...(first.indicators[0] as Indicator),
      id: 'ledighed-maaned',
      frequency: 'month',
    };
    const other: StrategyDefinition = {
      ...definition,
      id: 'aarhus-eksempel',
      organisation: { ...definition.organisation, name: 'Aarhus Kommune', areaCode: '751' },
      areas: [{ ...first, indicators: [monthly] }],
    };
    const out = generateIndicatorSeries({ definition: other, registry, population });
    expect([...new Set(out.map((o) => o.series))]).toEqual(['ledighed-maaned']);
    expect([...new Set(out.map((o) => o.area))]).toEqual(['751', '082', '000']);
    const months = [...new Set(out.map((o) => o.period))];
    expect([months.length, months[0], months.at(-1)]).toEqual([78, '2019M01', '2025M06']);
    expect(out.every((o) => o.illustrative)).toBe(true);
  });
});

describe('population fraction and age bands', () => {
  it('read an age range, a few population words, or draw', () => {
    const rng = () => rngFor('x');
    expect(populationFraction('16-64-årige', rng())).toBeCloseTo(49 / 80);
    expect(populationFraction('20-24-årige', rng())).toBeCloseTo(5 / 80);
    expect(populationFraction('stemmeberettigede', rng())).toBe(0.75);
    expect(populationFraction('ledige på dagpenge eller kontanthjælp', rng())).toBe(0.04);
    const drawn = populationFraction(undefined, rng());
    expect(drawn).toBeGreaterThanOrEqual(0.015);
    expect(drawn).toBeLessThan(0.05);
    expect(ageBands('16-64-årige').map((b) => b.label)).toEqual(['16-29', '30-49', '50-64']);
    expect(ageBands('25-39-årige').map((b) => b.label)).toEqual(['25-29', '30-39']);
    expect(ageBands(undefined).map((b) => b.label)).toEqual(['18-29', '30-49', '50+']);
  });
});
