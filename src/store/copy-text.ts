// PostgreSQL's COPY text format (the default of COPY ... FROM STDIN): one row a line, a tab between fields,
// `\N` for null, and a backslash escape for the characters that would otherwise end a field or a row.

/** A value the text format cannot carry; validation refuses such a row before it is encoded. */
export class CopyEncodingError extends Error {
  override readonly name = 'CopyEncodingError';
}

export const COPY_NULL = '\\N';

/** Backslash first in the class, so `\\` is matched as one character, not as the start of an escape. */
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escape = (ch: string) => ESCAPES[ch] as string;

/**
 * A text field. PostgreSQL's text types cannot hold NUL, so it is refused here rather than failing the COPY.
 * Every backslash is doubled, which also means no field can ever read as the `\.` end-of-data marker.
 */
export function copyText(value: string): string {
  if (value.includes('\0')) throw new CopyEncodingError('a NUL character cannot be stored');
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, escape) : value;
}

export function copyNullableText(value: string | null | undefined): string {
  return value === null || value === undefined ? COPY_NULL : copyText(value);
}

/**
 * A double precision field. JavaScript's shortest round-trip form ("0.1", "1e+21", "5e-324") is read back by
 * PostgreSQL as the same double, so nothing is lost on the way.
 */
export function copyNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return COPY_NULL;
  if (!Number.isFinite(value)) throw new CopyEncodingError(`not a finite number: ${value}`);
  return String(value);
}

export function copyBoolean(value: boolean): string {
  return value ? 't' : 'f';
}

/** One row: fields already encoded by the functions above, joined by tabs and ended by a newline. */
export function copyRow(fields: readonly string[]): string {
  return `${fields.join('\t')}\n`;
}
