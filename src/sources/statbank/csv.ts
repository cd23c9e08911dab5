// A reader for StatBank CSV responses (format CSV or BULK): a header of variable codes, then one cell per line.
import { splitFields } from './csv-fields.ts';
import { decodeBody, stripBom } from './decode.ts';
import { StatbankFormatError, type StatbankReason } from './errors.ts';

/** The column that holds the figure; StatBank calls it INDHOLD in both languages. */
export const VALUE_COLUMN = 'INDHOLD';

/**
 * StatBank's markers for a figure that is not given: `..` confidential, `.` not applicable or too uncertain,
 * `x` not available, `-` nil. They are kept, not turned into null or 0, because they mean different things.
 */
export const MISSING_MARKERS = ['..', '.', 'x', '-'] as const;
export type MissingMarker = (typeof MISSING_MARKERS)[number];

export interface MissingValue {
  readonly kind: 'missing';
  readonly marker: MissingMarker;
}

export type StatbankCsvValue = number | MissingValue;

export interface StatbankCsvRow {
  /** The physical line in the body (header = 1), for messages that point at the source. */
  readonly line: number;
  /** Variable code → the field as written (a code, a text or "code text", as valuePresentation asked). */
  readonly coordinates: Readonly<Record<string, string>>;
  readonly value: StatbankCsvValue;
}

export interface StatbankCsvTable {
  /** The header's variable codes, in column order, without INDHOLD. */
  readonly variables: readonly string[];
  readonly rows: readonly StatbankCsvRow[];
}

/**
 * The decimal separator. The API writes "," with lang=da and "." with lang=en, and never groups thousands
 * (rOpenGov/dkstat reads da with read.csv2 and en with read.csv). So "1.234" is one point two three four.
 * `auto` (the default) takes whichever the first decimal number uses and then refuses the other one, so that
 * a file which mixes them (and so may hold thousand separators after all) fails instead of being misread.
 */
export type DecimalSeparator = ',' | '.' | 'auto';

export interface StatbankCsvOptions {
  readonly decimalSeparator?: DecimalSeparator;
}

export function isMissing(value: StatbankCsvValue): value is MissingValue {
  return typeof value !== 'number';
}

const MISSING: ReadonlyMap<string, MissingValue> = new Map(
  MISSING_MARKERS.map((marker) => [marker, Object.freeze({ kind: 'missing', marker } as const)]),
);
const NUMBER = /^-?\d+(?:([.,])\d+)?$/;

/** The whole body at once; for BULK files of any size use readStatbankCsvStream. */
export function readStatbankCsv(
  input: string | Uint8Array,
  options: StatbankCsvOptions = {},
): StatbankCsvTable {
  const text = decodeBody(input, 'csv');
  const reader = new CsvLineReader(options);
  const rows: StatbankCsvRow[] = [];
  let start = 0;
  let lineNumber = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lineNumber++;
    const row = reader.read(stripCr(text.slice(start, end)), lineNumber);
    if (row !== undefined) rows.push(row);
    if (newline === -1) break;
    start = newline + 1;
  }
  return { variables: reader.finish(), rows };
}

export function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Reads a body line by line (header first); shared by the whole-body and the streaming reader. */
export class CsvLineReader {
  #layout: CsvLayout | undefined;
  #decimal: DecimalSeparator;

  constructor(options: StatbankCsvOptions = {}) {
    this.#decimal = options.decimalSeparator ?? 'auto';
  }

  get variables(): readonly string[] | undefined {
    return this.#layout?.variables;
  }

  /** A data row, or undefined for the header and for blank lines (which carry nothing). */
  read(line: string, lineNumber: number): StatbankCsvRow | undefined {
    const row = this.readFields(line, lineNumber);
    return row === undefined ? undefined : this.#withCoordinates(row);
  }

  /**
   * A data row as its fields (the value column's too, as written), or undefined for the header and blank lines:
   * for a caller that maps columns by position (`layout`) rather than by name, on files of millions of rows.
   */
  readFields(line: string, lineNumber: number): StatbankCsvFieldsRow | undefined {
    const text = lineNumber === 1 ? stripBom(line) : line;
    if (text === '') return undefined;
    if (this.#layout === undefined) {
      this.#layout = readHeader(text, lineNumber);
      return undefined;
    }
    const layout = this.#layout;
    const fields = splitFields(text, lineNumber);
    if (fields.length !== layout.columns.length) {
      const hint =
        fields.length === 1 && /[,\t]/.test(text) ? ' (this line does not seem to be ;-separated)' : '';
      throw new StatbankFormatError(
        'csv',
        `line ${lineNumber}: ${fields.length} ${fields.length === 1 ? 'field' : 'fields'}, but the header has ${layout.columns.length} (${columnList(layout.columns, ';')})${hint}`,
        { line: lineNumber },
        {
          code: 'csv.fieldCount',
          params: {
            line: lineNumber,
            fields: fields.length,
            expected: layout.columns.length,
            columns: columnList(layout.columns, ';'),
          },
        },
      );
    }
    return {
      line: lineNumber,
      fields,
      value: this.#value(fields[layout.valueIndex] ?? '', lineNumber, layout),
    };
  }

  /** The header's columns and where the value is; undefined before the header line. */
  get layout(): CsvLayout | undefined {
    return this.#layout;
  }

  /** The variables; throws if the body never had a header. */
  finish(): readonly string[] {
    if (this.#layout === undefined)
      throw new StatbankFormatError(
        'csv',
        'the body is empty: there is no header line',
        {},
        { code: 'csv.empty', params: {} },
      );
    return this.#layout.variables;
  }

  #withCoordinates(row: StatbankCsvFieldsRow): StatbankCsvRow {
    const { columns, valueIndex } = this.#layout as CsvLayout;
    const fields = row.fields;
    // A plain loop: this runs a million times for a BULK file, where fromEntries/flatMap showed in profiles.
    const coordinates: Record<string, string> = {};
    for (let k = 0; k < columns.length; k++) {
      if (k === valueIndex) continue;
      const name = columns[k] ?? '';
      const field = fields[k] ?? '';
      // Assignment to "__proto__" would set the prototype instead of adding a column.
      if (name === '__proto__')
        Object.defineProperty(coordinates, name, {
          value: field,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else coordinates[name] = field;
    }
    return { line: row.line, coordinates, value: row.value };
  }

  #value(field: string, lineNumber: number, layout: CsvLayout): StatbankCsvValue {
    // Most figures are plain whole numbers: read those without the pattern (a match array a row adds up).
    if (isPlainInteger(field)) return Number(field);
    const text = field.trim();
    const missing = MISSING.get(text);
    if (missing !== undefined) return missing;
    const match = NUMBER.exec(text);
    if (match === null)
      return valueError(
        lineNumber,
        layout,
        `cannot read ${JSON.stringify(excerpt(field))} as a number or a missing-value marker (${MISSING_MARKERS.join(', ')})`,
        { code: 'csv.value', params: { field: excerpt(field), markers: MISSING_MARKERS.join(', ') } },
      );
    const separator = match[1];
    if (separator === ',' || separator === '.') {
      if (this.#decimal === 'auto') this.#decimal = separator;
      else if (this.#decimal !== separator)
        return valueError(
          lineNumber,
          layout,
          `${JSON.stringify(excerpt(field))} uses "${separator}" as decimal separator where the file uses "${this.#decimal}"`,
          {
            code: 'csv.decimal',
            params: { field: excerpt(field), separator, fileSeparator: this.#decimal },
          },
        );
    }
    return Number(separator === ',' ? text.replace(',', '.') : text);
  }
}

/** Digits only, perhaps after a minus, and not so many that the number loses its exactness. */
function isPlainInteger(field: string): boolean {
  const n = field.length;
  let i = field.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n || n - i > 15) return false;
  for (; i < n; i++) {
    const c = field.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function valueError(
  lineNumber: number,
  layout: CsvLayout,
  why: string,
  reason: { code: 'csv.value' | 'csv.decimal'; params: Record<string, string> },
): never {
  const column = layout.valueIndex + 1;
  throw new StatbankFormatError(
    'csv',
    `line ${lineNumber}, column ${column} (${VALUE_COLUMN}): ${why}`,
    { line: lineNumber, column },
    { code: reason.code, params: { ...reason.params, line: lineNumber, column } },
  );
}

/** A field as quoted in a message: at most 40 characters. */
function excerpt(field: string): string {
  return field.length > 40 ? `${field.slice(0, 40)}…` : field;
}

/** A header's columns for a message: the first ten, each at most 40 characters, and how many more. */
export function columnList(columns: readonly string[], separator: string, quote = false): string {
  const shown = columns
    .slice(0, 10)
    .map((c) => (quote ? JSON.stringify(excerpt(c)) : excerpt(c)))
    .join(separator);
  return columns.length > 10 ? `${shown}${separator}… (+${columns.length - 10})` : shown;
}

/** A data row by position: every field as written (the value column's too), and the value read. */
export interface StatbankCsvFieldsRow {
  readonly line: number;
  readonly fields: readonly string[];
  readonly value: StatbankCsvValue;
}

export interface CsvLayout {
  readonly columns: readonly string[];
  readonly variables: readonly string[];
  readonly valueIndex: number;
}

function readHeader(line: string, lineNumber: number): CsvLayout {
  const fail = (why: string, reason: StatbankReason): never => {
    throw new StatbankFormatError('csv', `line ${lineNumber}: ${why}`, { line: lineNumber }, reason);
  };
  const start = line.trimStart();
  if (start.startsWith('{') || start.startsWith('<')) {
    const kind = start.startsWith('{') ? 'JSON' : 'XML/HTML';
    return fail(`the body is ${kind}, not CSV: ${excerpt(line)}`, {
      code: 'csv.notCsv',
      params: { kind, start: excerpt(line) },
    });
  }
  const columns = splitFields(line, lineNumber);
  if (columns.length === 1) {
    const other = line.includes('\t') ? 'tab' : line.includes(',') ? ',' : undefined;
    if (other !== undefined)
      return fail(
        `wrong delimiter: the header is separated by ${other === 'tab' ? 'tabs' : '"," (commas)'}; StatBank CSV uses ";"`,
        { code: 'csv.delimiter', params: { delimiter: other } },
      );
  }
  const seen = new Set<string>();
  for (const [k, name] of columns.entries()) {
    if (name.trim() === '')
      return fail(`header column ${k + 1} has no name`, {
        code: 'csv.unnamedColumn',
        params: { column: k + 1 },
      });
    if (seen.has(name))
      return fail(`header column "${excerpt(name)}" appears twice`, {
        code: 'csv.duplicateColumn',
        params: { name: excerpt(name) },
      });
    seen.add(name);
  }
  const valueIndex = columns.indexOf(VALUE_COLUMN);
  if (valueIndex === -1)
    return fail(`missing ${VALUE_COLUMN} column: the header has ${columnList(columns, ', ', true)}`, {
      code: 'csv.noValueColumn',
      params: { column: VALUE_COLUMN, columns: columnList(columns, ', ', true), count: columns.length },
    });
  return { columns, variables: columns.filter((_, k) => k !== valueIndex), valueIndex };
}
