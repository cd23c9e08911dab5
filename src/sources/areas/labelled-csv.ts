// StatBank CSV saved with labels instead of codes (valuePresentation=Value, lang=en), as the dst-municipal files
// are: the area label becomes its three-digit code through the registry, every other variable is mapped by a
// label → code table or, for a variable that holds one value throughout, checked and left out of the groups.
// The result feeds cellsToObservations like any StatBank response.
import { readStatbankCsv, StatbankFormatError, type StatbankCell } from '../statbank/index.ts';
import type { Area } from './area.ts';
import type { AreaRegistry } from './registry.ts';

export interface LabelledCsvSpec {
  /** The column naming the area: OMRÅDE in most tables, BOPOMR in the education tables. */
  readonly areaVariable: string;
  /** For each variable kept as a group dimension: label → DST code. A label not listed refuses the line. */
  readonly codes?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Variables that hold one value throughout (a slice of the table): the line must carry exactly this label,
   * and the variable is left out of the dimensions, because its code is not recorded in the file.
   */
  readonly constant?: Readonly<Record<string, string>>;
  /** Keep only lines whose variable holds one of these labels; the others are skipped and counted. */
  readonly select?: Readonly<Record<string, readonly string[]>>;
  /** Area labels that are no area of the registry (provinces, "Abroad"): skipped and counted, not refused. */
  readonly nonAreaLabels?: readonly string[];
  readonly nonAreaLabelPattern?: RegExp;
}

export interface LabelledCsvResult {
  readonly cells: readonly StatbankCell[];
  readonly rejected: readonly { readonly line: number; readonly reason: string }[];
  /** Lines left out by `select` or as non-area labels. */
  readonly skipped: number;
  readonly skippedAreaLabels: ReadonlySet<string>;
}

export function readLabelledCsv(
  input: string | Uint8Array,
  fileName: string,
  registry: AreaRegistry,
  spec: LabelledCsvSpec,
): LabelledCsvResult {
  let table;
  try {
    table = readStatbankCsv(input);
  } catch (e) {
    if (e instanceof StatbankFormatError)
      return {
        cells: [],
        rejected: [{ line: e.line ?? 0, reason: `${fileName}: ${e.message}` }],
        skipped: 0,
        skippedAreaLabels: new Set(),
      };
    throw e;
  }
  const known = new Set([
    spec.areaVariable,
    'TID',
    ...Object.keys(spec.codes ?? {}),
    ...Object.keys(spec.constant ?? {}),
  ]);
  const unplanned = table.variables.filter((v) => !known.has(v));
  if (unplanned.length > 0)
    return {
      cells: [],
      rejected: [{ line: 1, reason: `${fileName}: no mapping for the column(s) ${unplanned.join(', ')}` }],
      skipped: 0,
      skippedAreaLabels: new Set(),
    };
  const nonArea = new Set(spec.nonAreaLabels ?? []);
  const cells: StatbankCell[] = [];
  const rejected: { line: number; reason: string }[] = [];
  const skippedAreaLabels = new Set<string>();
  let skipped = 0;
  // Names are normalised for lookup (Unicode, case), which is slow per line; a file repeats few of them.
  const areas = new Map<string, Area | null>();
  rows: for (const row of table.rows) {
    const c = row.coordinates;
    for (const [variable, labels] of Object.entries(spec.select ?? {}))
      if (!labels.includes(c[variable] ?? '')) {
        skipped++;
        continue rows;
      }
    const areaLabel = c[spec.areaVariable] ?? '';
    if (nonArea.has(areaLabel) || spec.nonAreaLabelPattern?.test(areaLabel)) {
      skipped++;
      skippedAreaLabels.add(areaLabel);
      continue;
    }
    let area = areas.get(areaLabel);
    if (area === undefined) {
      area = registry.byLabel(areaLabel) ?? null;
      areas.set(areaLabel, area);
    }
    if (!area) {
      rejected.push({ line: row.line, reason: `unknown area "${areaLabel}"` });
      continue;
    }
    const coordinates: Record<string, string> = { [spec.areaVariable]: area.code, TID: c.TID ?? '' };
    for (const [variable, label] of Object.entries(spec.constant ?? {}))
      if (c[variable] !== label) {
        rejected.push({ line: row.line, reason: `${variable} is "${c[variable]}", expected "${label}"` });
        continue rows;
      }
    for (const [variable, map] of Object.entries(spec.codes ?? {})) {
      const code = map[c[variable] ?? ''];
      if (code === undefined) {
        rejected.push({ line: row.line, reason: `${variable} "${c[variable]}" has no code in the mapping` });
        continue rows;
      }
      coordinates[variable] = code;
    }
    const value = typeof row.value === 'number' ? row.value : { marker: row.value.marker };
    cells.push({ line: row.line, coordinates, value });
  }
  return { cells, rejected, skipped, skippedAreaLabels };
}
