// The area's status by majority of the indicators that have a status; the rest are counted but do not vote.
import { describe, expect, it } from 'vitest';
import { areaStatusRule, combineAreaStatus, type AreaStatusValue, type IndicatorStatus } from './index.ts';

describe('combineAreaStatus', () => {
  it.each<[IndicatorStatus[], AreaStatusValue, number]>([
    [['closing'], 'closing', 1],
    [['closing', 'closing', 'widening'], 'closing', 3],
    [['widening', 'widening', 'no-clear-change'], 'widening', 3],
    [['no-clear-change', 'no-clear-change', 'closing'], 'no-clear-change', 3],
    [['closing', 'widening'], 'no-clear-change', 2],
    [['closing', 'closing', 'widening', 'widening'], 'no-clear-change', 4],
    [['closing', 'widening', 'no-clear-change'], 'no-clear-change', 3],
    [['closing', 'not-enough-data', 'not-enough-data', 'no-spread'], 'closing', 1],
    [['closing', 'widening', 'no-spread', 'invalid'], 'no-clear-change', 2],
    [['not-enough-data', 'no-spread', 'invalid'], 'not-enough-data', 0],
    [[], 'not-enough-data', 0],
  ])('%j → %s', (statuses, status, voting) => {
    const area = combineAreaStatus(statuses);
    expect(area.status).toBe(status);
    expect(area.voting).toBe(voting);
    expect(area.total).toBe(statuses.length);
  });

  it('counts every status', () => {
    expect(
      combineAreaStatus([
        'closing',
        'closing',
        'widening',
        'no-clear-change',
        'no-spread',
        'not-enough-data',
        'not-enough-data',
        'invalid',
      ]).counts,
    ).toEqual({ closing: 2, widening: 1, noClearChange: 1, noSpread: 1, notEnoughData: 2, invalid: 1 });
  });

  it('describes its rule in Danish and English', () => {
    expect(areaStatusRule.da).toMatch(/flertal/);
    expect(areaStatusRule.en).toMatch(/majority/);
  });
});
