// Turns the rows of an exam cube into observations: the school year becomes the exam year, the area breakdown's
// municipality name DST's area code (the whole country without one), origin a HERKOMST code or group, the share
// a value with unit `share` (0..1) and the number of pupils its denominator. All rows map, or none do.
import { dimsKey, type Observation } from '../../domain/observation/index.ts';
import type { UddannelsesstatistikRow } from './answer.ts';
import { UddannelsesstatistikError } from './errors.ts';
import { herkomstCodeOfValue, HERKOMST_GROUPS } from './origin-labels.ts';
import {
  breakdownsOf,
  cubeOf,
  dimensionName,
  SCHOOL_YEAR_BREAKDOWN,
  type UddannelsesstatistikQuery,
} from './query.ts';
import { readCount, readSchoolYear, readShare } from './values.ts';

export const ORIGIN_DIMENSION = 'HERKOMST';
export const SHARE_UNIT = 'share';

/** What the mapping needs of the area registry: a name ("Ballerup", "Hele landet") → its DST code. */
export interface AreaLookup {
  byLabel(label: string): { readonly code: string } | undefined;
}

const MAX_PROBLEMS = 100;

export function uddannelsesstatistikObservations(
  rows: readonly UddannelsesstatistikRow[],
  query: UddannelsesstatistikQuery,
  areas: AreaLookup,
): readonly Observation[] {
  const series = cubeOf(query);
  const periodKey = query.period ?? SCHOOL_YEAR_BREAKDOWN;
  const special = new Set([periodKey, query.area, query.origin]);
  const groupKeys = breakdownsOf(query).filter((b) => !special.has(b));
  const scale = query.shareScale ?? 'percent';
  const observations: Observation[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const at = `page ${r.page}, row ${r.row}`;
    const before = problems.length;
    const text = (key: string) => String(r.values[key] ?? '').trim();
    const period = readSchoolYear(r.values[periodKey] ?? null);
    if (period === undefined)
      problems.push(`${at}: ${periodKey} "${text(periodKey)}" is not a school year such as 2022/2023`);
    let area = '000';
    if (query.area) {
      const code = areaCode(areas, text(query.area));
      if (code === undefined) problems.push(`${at}: unknown area "${text(query.area)}"`);
      else area = code;
    }
    const dims: Record<string, string> = {};
    if (query.origin) {
      const code = herkomstCodeOfValue(text(query.origin));
      if (code === undefined)
        problems.push(
          `${at}: unknown origin "${text(query.origin)}" (expected one of ${Object.keys(HERKOMST_GROUPS)
            .map((l) => `"${l}"`)
            .join(', ')})`,
        );
      else dims[ORIGIN_DIMENSION] = code;
    }
    for (const key of groupKeys) {
      const v = text(key).normalize('NFC');
      if (v.length > 100) problems.push(`${at}, ${key}: a value longer than 100 characters`);
      dims[dimensionName(key).slice(0, 60)] = v;
    }
    const share = readShare(r.values[query.share] ?? null, scale);
    if (!share.ok) problems.push(`${at}, ${query.share}: ${share.reason}`);
    const denominator = query.denominator ? readCount(r.values[query.denominator] ?? null) : undefined;
    if (denominator && !denominator.ok) problems.push(`${at}, ${query.denominator}: ${denominator.reason}`);
    if (problems.length > before || !share.ok) continue;
    const o: Observation = {
      series,
      area,
      period: period as string,
      dims,
      value: share.value,
      ...(denominator?.ok && denominator.value !== undefined ? { denominator: denominator.value } : {}),
      unit: SHARE_UNIT,
      status: 'final',
      illustrative: false,
    };
    const key = `${o.area}|${o.period}|${dimsKey(o.dims)}`;
    if (seen.has(key)) problems.push(`${at}: a second figure for ${o.area} ${o.period} ${dimsKey(o.dims)}`);
    seen.add(key);
    observations.push(o);
  }
  if (problems.length > 0)
    throw new UddannelsesstatistikError(
      'refused',
      `${series}: ${problems.length} problem(s), first: ${problems[0]}; nothing was imported`,
      problems.slice(0, MAX_PROBLEMS),
    );
  return observations;
}

/** A municipality by its name, also when written "Ballerup Kommune". */
function areaCode(areas: AreaLookup, name: string): string | undefined {
  return (areas.byLabel(name) ?? areas.byLabel(name.replace(/\s+Kommune$/i, '')))?.code;
}
