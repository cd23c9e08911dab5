// Origin as data: Danmarks Statistik's HERKOMST codes (FOLK1E and its relatives) mapped to the strategy's origin
// categories, and the groups a strategy compares built from them.
import type { OriginCategory } from '../strategy/schema.ts';

/**
 * FOLK1E's HERKOMST codes (Statistikbanken, table documentation): TOT all, 1 Danish origin, 24/25 immigrants
 * from Western/non-Western countries, 34/35 descendants from Western/non-Western countries.
 */
export const folk1eOriginCodes: Readonly<Record<string, OriginCategory | 'all'>> = {
  TOT: 'all',
  '1': 'danish',
  '24': 'western-immigrant',
  '25': 'non-western-immigrant',
  '34': 'western-descendant',
  '35': 'non-western-descendant',
};

export function originOfCode(code: string): OriginCategory | 'all' | undefined {
  return folk1eOriginCodes[code];
}

export const allOrigins: readonly OriginCategory[] = [
  'danish',
  'western-immigrant',
  'western-descendant',
  'non-western-immigrant',
  'non-western-descendant',
];

/**
 * The comparison group as the strategy words it: "øvrige" is every origin outside the target group;
 * "dansk oprindelse" is Danish origin only. The two differ by the Western immigrants and descendants.
 */
export function comparisonOrigins(
  target: readonly OriginCategory[],
  basis: 'others' | 'danish-origin',
): readonly OriginCategory[] {
  return basis === 'danish-origin' ? ['danish'] : allOrigins.filter((o) => !target.includes(o));
}

/** Sums counts by origin category over a set of categories; undefined when any needed category is missing. */
export function sumOrigins(
  counts: ReadonlyMap<OriginCategory, number>,
  origins: readonly OriginCategory[],
): number | undefined {
  let total = 0;
  for (const o of origins) {
    const n = counts.get(o);
    if (n === undefined) return undefined;
    total += n;
  }
  return total;
}
