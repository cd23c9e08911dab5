// The dst-municipal "factor" files (`municipality,year,value`, municipalities by DST's English label): read with
// each label resolved to its code, or refused with the file and line.
import type { AreaRegistry } from './registry.ts';
import { AreaRegistryError } from './parse-areas.ts';

export interface FactorValue {
  readonly area: string;
  readonly year: number;
  readonly value: number;
}

export function readFactorCsv(
  text: string,
  fileName: string,
  registry: AreaRegistry,
): readonly FactorValue[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== 'municipality,year,value')
    throw new AreaRegistryError(`${fileName}:1: expected the header "municipality,year,value"`, [
      `${fileName}:1: bad header`,
    ]);
  const out: FactorValue[] = [];
  const problems: string[] = [];
  lines.slice(1).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const [label = '', year = '', value = ''] = raw.split(',');
    const area = registry.byLabel(label);
    const v = Number(value);
    if (!area) problems.push(`${fileName}:${i + 2}: unknown area "${label}"`);
    else if (!/^\d{4}$/.test(year)) problems.push(`${fileName}:${i + 2}: bad year "${year}"`);
    else if (value.trim() === '' || !Number.isFinite(v))
      problems.push(`${fileName}:${i + 2}: bad value "${value}"`);
    else out.push({ area: area.code, year: Number(year), value: v });
  });
  if (problems.length > 0) throw new AreaRegistryError(problems[0] as string, problems);
  return out;
}

/**
 * The quarter each year of immigration_share_pct.csv measures: the source repository's fetch_dst.py
 * (IMMIGRATION_REFERENCE) takes FOLK1E on the first day of the year, except that "2007" is 2008Q1 because FOLK1E
 * starts there.
 */
export function immigrationShareQuarter(year: number): string {
  return year === 2007 ? '2008K1' : `${year}K1`;
}
