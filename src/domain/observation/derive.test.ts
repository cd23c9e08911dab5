// A share indicator computed from a table's cells: the groups summed over their origin categories as the strategy
// words them, the breakdowns, withheld counts, and every way a table can fall short said, not guessed around.
import { describe, expect, it } from 'vitest';
import type { Derivation } from '../strategy/schema.ts';
import { deriveShares, type TableCell } from './derive.ts';

const derivation: Derivation = {
  origin: 'HERKOMST',
  select: { ALDER: ['20-24'] },
  numerator: { HFUDD: ['H20', 'H30'] },
  denominator: { HFUDD: ['TOT'] },
  sex: { variable: 'KØN', total: 'TOT', women: 'K', men: 'M' },
};

const indicator = {
  id: 'ungdomsuddannelse',
  targetGroup: {
    label: 'ikke-vestlige',
    origins: ['non-western-immigrant', 'non-western-descendant'] as const,
  },
  comparisonGroup: { label: 'dansk oprindelse', basis: 'danish-origin' as const },
  breakdowns: [] as ('sex' | 'origin-subgroup' | 'age-band')[],
};

/**
 * The count of a cell, made so every sum in the tests can be worked out by hand: the denominator (TOT) is
 * 100 × the origin's weight, H20 is 30 × weight, H30 is 20 × weight, H10 is 50 × weight; women give 60 % and men
 * 40 % of each; the 25-29 year olds give ten times as much, so counting them by mistake shows.
 */
const weight: Record<string, number> = { '1': 10, '24': 2, '25': 3, '34': 1, '35': 4 };
const share: Record<string, number> = { TOT: 100, H20: 30, H30: 20, H10: 50 };
const sexShare: Record<string, number> = { TOT: 1, K: 0.6, M: 0.4 };

function table(areas = ['151'], periods = ['2021']): TableCell[] {
  const cells: TableCell[] = [];
  for (const area of areas)
    for (const period of periods)
      for (const h of ['TOT', ...Object.keys(weight)])
        for (const hfudd of Object.keys(share))
          for (const alder of ['20-24', '25-29'])
            for (const koen of Object.keys(sexShare)) {
              const w = h === 'TOT' ? 20 : (weight[h] as number);
              const value =
                w * (share[hfudd] as number) * (sexShare[koen] as number) * (alder === '20-24' ? 1 : 10);
              cells.push({
                area,
                period,
                dims: { HERKOMST: h, HFUDD: hfudd, ALDER: alder, KØN: koen },
                value: { kind: 'number', value },
                status: 'final',
              });
            }
  return cells;
}

const figure = (numerator: number, denominator: number) => ({
  value: { kind: 'number', value: numerator / denominator },
  numerator,
  denominator,
});

describe('deriveShares', () => {
  it('sums each group over its origin categories, the comparison as "dansk oprindelse" says', () => {
    const { observations, skippedCount } = deriveShares(indicator, derivation, table());
    expect(skippedCount).toBe(0);
    expect(observations).toEqual([
      // Target: non-Western immigrants (25, weight 3) and descendants (35, weight 4): 50 × 7 of 100 × 7.
      {
        series: 'ungdomsuddannelse',
        area: '151',
        period: '2021',
        dims: { group: 'target' },
        unit: 'share',
        status: 'final',
        illustrative: false,
        ...figure(350, 700),
      },
      // Comparison: Danish origin only (1, weight 10).
      {
        series: 'ungdomsuddannelse',
        area: '151',
        period: '2021',
        dims: { group: 'comparison' },
        unit: 'share',
        status: 'final',
        illustrative: false,
        ...figure(500, 1000),
      },
    ]);
  });

  it('sums "øvrige" over every origin outside the target group, Western immigrants and descendants too', () => {
    const others = { ...indicator, comparisonGroup: { label: 'øvrige', basis: 'others' as const } };
    const { observations } = deriveShares(others, derivation, table());
    // 1, 24 and 34: weights 10 + 2 + 1.
    expect(observations.find((o) => o.dims.group === 'comparison')).toMatchObject(figure(650, 1300));
  });

  it('gives the breakdowns the indicator has: origin subgroups where a group has both, and sex', () => {
    const both = {
      ...indicator,
      comparisonGroup: { label: 'øvrige', basis: 'others' as const },
      breakdowns: ['origin-subgroup', 'sex'] as ('sex' | 'origin-subgroup')[],
    };
    const { observations } = deriveShares(both, derivation, table());
    const byDims = new Map(observations.map((o) => [JSON.stringify(o.dims), o]));
    expect(byDims.get('{"group":"target","originSubgroup":"immigrants"}')).toMatchObject(figure(150, 300));
    expect(byDims.get('{"group":"target","originSubgroup":"descendants"}')).toMatchObject(figure(200, 400));
    // The comparison of "øvrige" has Western immigrants (24) and descendants (34) besides Danish origin (1).
    expect(byDims.get('{"group":"comparison","originSubgroup":"immigrants"}')).toMatchObject(
      figure(100, 200),
    );
    expect(byDims.get('{"group":"comparison","originSubgroup":"descendants"}')).toMatchObject(
      figure(50, 100),
    );
    expect(byDims.get('{"group":"target","sex":"women"}')).toMatchObject(figure(210, 420));
    expect(byDims.get('{"group":"target","sex":"men"}')).toMatchObject(figure(140, 280));
    expect(byDims.get('{"group":"comparison","sex":"women"}')).toMatchObject(figure(390, 780));
    expect(observations).toHaveLength(10);
    // With "dansk oprindelse" the comparison is one category: no subgroup rows that would only repeat it.
    const danish = deriveShares({ ...both, comparisonGroup: indicator.comparisonGroup }, derivation, table());
    expect(danish.observations.filter((o) => o.dims.group === 'comparison' && o.dims.originSubgroup)).toEqual(
      [],
    );
  });

  it('gives a missing figure where the table withholds a count, and computes the other group', () => {
    const cells = table().map((c) =>
      c.dims.HERKOMST === '35' && c.dims.HFUDD === 'H30' && c.dims.ALDER === '20-24' && c.dims.KØN === 'TOT'
        ? { ...c, value: { kind: 'missing', reason: 'confidential', marker: '..' } as const }
        : c,
    );
    const { observations } = deriveShares(indicator, derivation, cells);
    expect(observations.find((o) => o.dims.group === 'target')?.value).toEqual({
      kind: 'missing',
      reason: 'confidential',
      marker: '..',
    });
    expect(observations.find((o) => o.dims.group === 'comparison')).toMatchObject(figure(500, 1000));
  });

  it('marks a figure provisional when a count it sums is', () => {
    const cells = table().map((c) =>
      c.dims.HERKOMST === '1' ? { ...c, status: 'provisional' as const } : c,
    );
    const { observations } = deriveShares(indicator, derivation, cells);
    expect(observations.map((o) => [o.dims.group, o.status])).toEqual([
      ['target', 'final'],
      ['comparison', 'provisional'],
    ]);
  });

  it('computes nothing when the table lacks a code the derivation names, and says which', () => {
    const wrong = { ...derivation, numerator: { HFUDD: ['H20', 'H3O'] } };
    const result = deriveShares(indicator, wrong, table());
    expect(result.observations).toEqual([]);
    expect(result.skipped).toEqual([
      { area: '', period: '', reason: 'the table has no cells for HFUDD=H3O' },
    ]);
  });

  it('skips an area the table has no cells of an origin for, and computes the others', () => {
    const cells = table(['151', '153']).filter((c) => !(c.area === '153' && c.dims.HERKOMST === '25'));
    const result = deriveShares(indicator, derivation, cells);
    expect(result.observations.map((o) => [o.area, o.dims.group])).toEqual([
      ['151', 'target'],
      ['151', 'comparison'],
      ['153', 'comparison'],
    ]);
    expect(result.skipped).toEqual([
      {
        area: '153',
        period: '2021',
        reason: 'group=target: the table has no cells for non-western-immigrant',
      },
    ]);
  });

  it('skips a group whose sum would miss cells the derivation names, however many it has', () => {
    // Ballerup's non-Western descendants lack the H30 cell: the target's numerator would be too small.
    const cells = table(['151', '153']).filter(
      (c) => !(c.area === '151' && c.dims.HERKOMST === '35' && c.dims.HFUDD === 'H30'),
    );
    const result = deriveShares(indicator, derivation, cells);
    expect(result.observations.map((o) => [o.area, o.dims.group])).toEqual([
      ['151', 'comparison'],
      ['153', 'target'],
      ['153', 'comparison'],
    ]);
    expect(result.skipped).toEqual([
      {
        area: '151',
        period: '2021',
        reason: 'group=target: the table lacks some of the cells for non-western-descendant',
      },
    ]);
  });

  it('reads other origin codes when the derivation gives them', () => {
    const cells = table().map((c) => ({ ...c, dims: { ...c.dims, HERKOMST: `X${c.dims.HERKOMST}` } }));
    const codes = {
      XTOT: 'all',
      X1: 'danish',
      X24: 'western-immigrant',
      X25: 'non-western-immigrant',
      X34: 'western-descendant',
      X35: 'non-western-descendant',
    } as const;
    const { observations } = deriveShares(indicator, { ...derivation, originCodes: codes }, cells);
    expect(observations.find((o) => o.dims.group === 'target')).toMatchObject(figure(350, 700));
  });
});
