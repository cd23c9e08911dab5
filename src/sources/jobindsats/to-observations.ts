// Turns a Jobindsats answer into observations: the area column (municipality names) becomes DST's area code, the
// period column the period, the origin column FOLK1E's HERKOMST code, every declared measure column one
// observation, every other column a group dimension. All rows map, or the whole answer is refused.
import { dimsKey, type Observation } from '../../domain/observation/index.ts';
import type { JobindsatsTable } from './answer.ts';
import { JobindsatsError } from './errors.ts';
import { herkomstCodeOfLabel, JOBINDSATS_ORIGIN_LABELS } from './origin-labels.ts';
import { DEFAULT_COLUMNS, type JobindsatsQuery } from './query.ts';
import { cellValue, periodOf } from './values.ts';

/** The group dimension naming which of a table's measures a figure is (a table has several: persons, full-time persons). */
export const MEASURE_DIMENSION = 'MÅL';
export const ORIGIN_DIMENSION = 'HERKOMST';

/** What the mapping needs of the area registry: a name ("Ballerup", "Hele landet") → its DST code. */
export interface AreaLookup {
  byLabel(label: string): { readonly code: string } | undefined;
}

const MAX_PROBLEMS = 100;

export function jobindsatsObservations(
  tables: readonly JobindsatsTable[],
  query: JobindsatsQuery,
  areas: AreaLookup,
): readonly Observation[] {
  const columns = { ...DEFAULT_COLUMNS, ...query.columns };
  const series = query.table.toUpperCase();
  const observations: Observation[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  tables.forEach((table, t) => {
    const col = (label: string) => table.labels.indexOf(label);
    const areaCol = col(columns.area);
    const periodCol = col(columns.period);
    const originCol = col(columns.origin);
    const missing = [columns.area, columns.period, ...query.measures.map((m) => m.label)].filter(
      (l) => col(l) < 0,
    );
    if (query.filters?._oprinda && originCol < 0) missing.push(columns.origin);
    if (missing.length > 0)
      throw new JobindsatsError(
        'malformed',
        `${series}: the answer has no column ${missing.map((m) => `"${m}"`).join(', ')} (it has ${table.labels.map((l) => `"${l}"`).join(', ')}); nothing was read`,
      );
    const measureCols = new Set(query.measures.map((m) => col(m.label)));
    const dimCols = table.labels
      .map((label, i) => ({ label, i }))
      .filter(({ i }) => i !== areaCol && i !== periodCol && i !== originCol && !measureCols.has(i));

    table.rows.forEach((row, r) => {
      const at = `${tables.length > 1 ? `table ${t + 1}, ` : ''}row ${r + 1}`;
      const before = problems.length;
      const areaName = String(row[areaCol]);
      const area = areas.byLabel(areaName)?.code;
      if (area === undefined) problems.push(`${at}: unknown area "${areaName}"`);
      const period = periodOf(row[periodCol] as string | number);
      if (period === undefined)
        problems.push(
          `${at}: period "${String(row[periodCol])}" is not a year, quarter or month (2023, 2023K1, 2023M01)`,
        );
      const dims: Record<string, string> = {};
      if (originCol >= 0) {
        const label = String(row[originCol]);
        const code = herkomstCodeOfLabel(label);
        if (code === undefined)
          problems.push(
            `${at}: unknown origin "${label}" (expected one of ${Object.keys(JOBINDSATS_ORIGIN_LABELS)
              .map((l) => `"${l}"`)
              .join(', ')})`,
          );
        else dims[ORIGIN_DIMENSION] = code;
      }
      for (const { label, i } of dimCols) {
        const value = String(row[i]).normalize('NFC').trim();
        if (value.length > 100) problems.push(`${at}, ${label}: a value longer than 100 characters`);
        dims[label.toUpperCase().slice(0, 60)] = value;
      }
      if (problems.length > before) return;
      for (const measure of query.measures) {
        const raw = row[col(measure.label)] as string | number;
        const parsed = cellValue(raw);
        const unit = measure.unit ?? 'count';
        if (!parsed.ok) {
          problems.push(`${at}, ${measure.label}: ${JSON.stringify(raw)} is not a number`);
          continue;
        }
        if (parsed.value.kind === 'number' && parsed.value.value < 0 && unit === 'count') {
          problems.push(`${at}, ${measure.label}: negative count ${parsed.value.value}`);
          continue;
        }
        const o: Observation = {
          series,
          area: area as string,
          period: period as string,
          dims: { ...dims, [MEASURE_DIMENSION]: measure.label },
          value: parsed.value,
          unit,
          status: 'final',
          illustrative: false,
        };
        const key = `${o.area}|${o.period}|${dimsKey(o.dims)}`;
        if (seen.has(key))
          problems.push(`${at}: a second figure for ${o.area} ${o.period} ${dimsKey(o.dims)}`);
        seen.add(key);
        observations.push(o);
      }
    });
  });
  if (problems.length > 0)
    throw new JobindsatsError(
      'refused',
      `${series}: ${problems.length} problem(s), first: ${problems[0]}; nothing was imported`,
      problems.slice(0, MAX_PROBLEMS),
    );
  return observations;
}
