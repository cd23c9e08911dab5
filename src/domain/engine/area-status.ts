// An area's status from its indicators' statuses, by a majority rule (the one the national Integrationsbarometer
// uses; `areaStatusRuleSource` says so where a strategy follows the barometer).
import type { IndicatorStatus } from './assessment.ts';
import type { Movement } from './status.ts';

export type AreaStatusValue = Movement | 'not-enough-data';

export interface AreaStatusCounts {
  readonly closing: number;
  readonly widening: number;
  readonly noClearChange: number;
  readonly noSpread: number;
  readonly notEnoughData: number;
  readonly invalid: number;
}

export interface AreaStatus {
  readonly status: AreaStatusValue;
  readonly counts: AreaStatusCounts;
  /** Indicators with a status of closing, widening or no clear change: the ones that vote. */
  readonly voting: number;
  readonly total: number;
}

/** The rule in words, for the method page. Keep in step with `combineAreaStatus`. */
export const areaStatusRule = {
  da:
    'Et områdes status følger en flertalsregel: området får den status, som mere end ' +
    'halvdelen af dets indikatorer med en status har (gabet lukkes, ingen klar ændring eller gabet øges). ' +
    'Er der intet flertal, er status "ingen klar ændring". Indikatorer uden tilstrækkelige data, med værdier ' +
    'uden antal (hvor usikkerheden ikke kan beregnes) eller med fejl i data tælles med og vises, men stemmer ' +
    'ikke. Stemmer ingen indikatorer, er status "ikke nok data".',
  en:
    "An area's status follows a majority rule: the area takes the status held by " +
    'more than half of its indicators that have a status (gap closing, no clear change or gap widening). ' +
    'With no majority the status is "no clear change". Indicators without enough data, with values without ' +
    'counts (so their uncertainty cannot be computed) or with invalid data are counted and shown but do not ' +
    'vote. If no indicator votes, the status is "not enough data".',
} as const;

/** Where a strategy compares with the national Integrationsbarometer: the rule is the barometer's. */
export const areaStatusRuleSource = {
  da: 'Reglen er den samme, som det nationale Integrationsbarometer bruger.',
  en: 'The rule is the one the national Integrationsbarometer uses.',
} as const;

/**
 * Majority means strictly more than half of the voting indicators, so 2 closing against 2 widening, or one of
 * each of the three statuses, gives no majority and hence "no clear change": the area is not painted in
 * either colour on a tie.
 */
export function combineAreaStatus(statuses: readonly IndicatorStatus[]): AreaStatus {
  const counts = {
    closing: 0,
    widening: 0,
    noClearChange: 0,
    noSpread: 0,
    notEnoughData: 0,
    invalid: 0,
  };
  const key = {
    closing: 'closing',
    widening: 'widening',
    'no-clear-change': 'noClearChange',
    'no-spread': 'noSpread',
    'not-enough-data': 'notEnoughData',
    invalid: 'invalid',
  } as const satisfies Record<IndicatorStatus, keyof AreaStatusCounts>;
  for (const s of statuses) counts[key[s]] += 1;
  const voting = counts.closing + counts.widening + counts.noClearChange;
  const total = statuses.length;
  if (voting === 0) return { status: 'not-enough-data', counts, voting, total };
  const majority = (n: number) => n * 2 > voting;
  const status: Movement = majority(counts.closing)
    ? 'closing'
    : majority(counts.widening)
      ? 'widening'
      : 'no-clear-change';
  return { status, counts, voting, total };
}
