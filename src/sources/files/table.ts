// From the records a reader found (a header and rows of cells) to validated rows: the header must name exactly the
// indicator's columns, every row is validated, and no two rows may share an area, period and group.
import type { Indicator } from '../../domain/strategy/index.ts';
import { isEmpty, shown, type CellValue } from './cell-values.ts';
import { columnsFor, normaliseHeader, type ColumnKey } from './columns.ts';
import { IndicatorFileError, type LineWord } from './errors.ts';
import { MAX_COLUMNS, MAX_ROWS } from './limits.ts';
import { rowKey, rowSchema, validateRow, type IndicatorRow, type RowCells, type RowRules } from './row.ts';

export interface SourceRecord {
  readonly line: number;
  readonly cells: readonly CellValue[];
  /** A problem the reader found in the record itself (a formula, text after a closing quote). */
  readonly problem?: string | undefined;
}

export interface SourceTable {
  readonly header: { readonly line: number; readonly names: readonly string[] };
  /** Read once; a CSV's are split as they are read. */
  readonly records: Iterable<SourceRecord>;
  /** The indicator id a template marker in the file names, if it has one; asked once the records are read. */
  readonly templateFor: () => string | undefined;
  /** "linje" for a CSV line, "række" for a spreadsheet row. */
  readonly lineWord: LineWord;
  /** How a cell beyond the header is named in a reason: "felt 9" (CSV) or "H7" (XLSX). */
  readonly cellName: (line: number, column: number) => string;
}

export interface RejectedRow {
  readonly line: number;
  readonly reason: string;
}

export interface TableRows {
  readonly rows: readonly IndicatorRow[];
  readonly rejected: readonly RejectedRow[];
}

export function validateTable(indicator: Indicator, table: SourceTable, rules: RowRules = {}): TableRows {
  if (table.header.names.length > MAX_COLUMNS)
    throw new IndicatorFileError(
      `kolonneoverskrifterne har ${table.header.names.length} kolonner; en indikatorfil må højst have ${MAX_COLUMNS}`,
      { line: table.header.line, lineWord: table.lineWord },
    );
  const positions = mapHeader(indicator, table.header, table.lineWord);
  const width = Math.max(...positions.values()) + 1;
  const schema = rowSchema(indicator);
  const rows: IndicatorRow[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Map<string, number>();
  let count = 0;
  for (const record of table.records) {
    if (++count > MAX_ROWS)
      throw new IndicatorFileError(
        `filen har mere end ${MAX_ROWS.toLocaleString('da-DK')} rækker med tal; del den op i flere filer`,
        { line: record.line, lineWord: table.lineWord },
      );
    const extra = record.cells.findIndex((c, i) => i >= width && !isEmpty(c));
    const problem =
      record.problem ??
      (extra === -1
        ? undefined
        : `${table.cellName(record.line, extra + 1)} har en værdi, men ingen kolonneoverskrift`);
    if (problem !== undefined) {
      rejected.push({ line: record.line, reason: problem });
      continue;
    }
    const cells: Partial<Record<ColumnKey, CellValue>> = {};
    for (const [key, at] of positions) cells[key] = record.cells[at] ?? '';
    const result = validateRow(indicator, schema, record.line, cells as RowCells, rules);
    if (!result.ok) {
      rejected.push({ line: record.line, reason: result.reason });
      continue;
    }
    const key = rowKey(result.row);
    const first = seen.get(key);
    if (first !== undefined) {
      rejected.push({
        line: record.line,
        reason: `samme område, periode og grupper som ${table.lineWord} ${first}; hver kombination må kun stå én gang`,
      });
      continue;
    }
    seen.set(key, record.line);
    rows.push(result.row);
  }
  // Checked last: the marker may stand anywhere, and a file for another indicator is refused whatever its rows.
  const templateFor = table.templateFor();
  if (templateFor !== undefined && templateFor !== indicator.id)
    throw new IndicatorFileError(
      `filen er skabelonen for indikatoren "${templateFor}", ikke "${indicator.id}"; ` +
        `hent skabelonen for "${indicator.id}", eller vælg den rigtige indikator`,
    );
  if (count === 0) throw new IndicatorFileError('filen har kolonneoverskrifter, men ingen rækker med tal');
  return { rows, rejected };
}

/** Where each of the indicator's columns is; refuses the file for a missing, unknown, doubled or blank header. */
function mapHeader(
  indicator: Indicator,
  header: SourceTable['header'],
  lineWord: LineWord,
): Map<ColumnKey, number> {
  const columns = columnsFor(indicator);
  const byName = new Map<string, ColumnKey>();
  for (const c of columns)
    for (const name of [c.header, ...c.aliases]) byName.set(normaliseHeader(name), c.key);
  const names = header.names.map(normaliseHeader);
  let last = names.length - 1;
  while (last >= 0 && names[last] === '') last--;
  const positions = new Map<ColumnKey, number>();
  const problems: string[] = [];
  for (let i = 0; i <= last; i++) {
    const name = names[i] as string;
    if (name === '') {
      problems.push(`kolonne ${i + 1} har ingen overskrift`);
      continue;
    }
    const key = byName.get(name);
    const raw = shown(header.names[i] ?? '');
    if (key === undefined) problems.push(`ukendt kolonne "${raw}"`);
    else if (positions.has(key)) problems.push(`kolonnen "${raw}" står to gange`);
    else positions.set(key, i);
  }
  for (const c of columns) if (!positions.has(c.key)) problems.push(`kolonnen "${c.header}" mangler`);
  if (problems.length > 0)
    throw new IndicatorFileError(
      `kolonneoverskrifterne passer ikke til indikatoren "${indicator.id}": ${problems.join('; ')}. ` +
        `Forventede kolonner: ${columns.map((c) => c.header).join(', ')}`,
      { line: header.line, lineWord },
    );
  return positions;
}
