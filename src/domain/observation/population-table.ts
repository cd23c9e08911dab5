// The strategy's own table — population by origin: I alt / Dansk oprindelse / Indvandrere / Efterkommere
// by Danmark / Vestlige / Ikke-vestlige — built from FOLK1E's HERKOMST cells for one area and quarter.
import type { OriginCategory } from '../strategy/schema.ts';
import { originOfCode } from './origin.ts';

export interface PopulationRow {
  readonly total: number;
  readonly danishOrigin: number;
  readonly immigrants: number;
  readonly descendants: number;
}

export interface PopulationTable {
  readonly total: PopulationRow;
  readonly denmark: PopulationRow;
  readonly western: PopulationRow;
  readonly nonWestern: PopulationRow;
}

export type PopulationResult =
  | { readonly ok: true; readonly table: PopulationTable; readonly totalMatches: boolean }
  | { readonly ok: false; readonly missing: readonly string[] };

/**
 * Takes HERKOMST code → count (the codes 1, 24, 25, 34, 35 and, if present, TOT). The total row is the sum of
 * the parts; `totalMatches` says whether it agrees with DST's own TOT cell, so a mismatch is shown, not hidden.
 */
export function buildPopulationTable(cells: ReadonlyMap<string, number>): PopulationResult {
  const byOrigin = new Map<OriginCategory, number>();
  for (const [code, n] of cells) {
    const o = originOfCode(code);
    if (o && o !== 'all') byOrigin.set(o, n);
  }
  const need: OriginCategory[] = [
    'danish',
    'western-immigrant',
    'western-descendant',
    'non-western-immigrant',
    'non-western-descendant',
  ];
  const missing = need.filter((o) => !byOrigin.has(o));
  if (missing.length > 0) return { ok: false, missing };
  const get = (o: OriginCategory) => byOrigin.get(o) as number;
  const row = (danishOrigin: number, immigrants: number, descendants: number): PopulationRow => ({
    total: danishOrigin + immigrants + descendants,
    danishOrigin,
    immigrants,
    descendants,
  });
  const denmark = row(get('danish'), 0, 0);
  const western = row(0, get('western-immigrant'), get('western-descendant'));
  const nonWestern = row(0, get('non-western-immigrant'), get('non-western-descendant'));
  const total = row(
    denmark.danishOrigin,
    western.immigrants + nonWestern.immigrants,
    western.descendants + nonWestern.descendants,
  );
  const dstTotal = cells.get('TOT');
  return {
    ok: true,
    table: { total, denmark, western, nonWestern },
    totalMatches: dstTotal === undefined || dstTotal === total.total,
  };
}
