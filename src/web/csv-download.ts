// CSV for Danish Excel, one set of rules for every download: UTF-8 with BOM (so æøå survive), `;` between
// fields (the comma is the decimal mark), CRLF line ends, numbers with decimal commas, and text that starts
// with = + - @ (or a tab or CR) prefixed with ' so Excel never runs it as a formula (OWASP "CSV injection").

/** A number printed with a fixed number of decimals (60 with one decimal is "60,0", as the page shows it). */
export interface FixedNumber {
  readonly number: number;
  readonly decimals: number;
}

export type CsvCell = string | number | FixedNumber | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  // A number is data, never a formula: written with a decimal comma and not guarded.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', ',') : '';
  if (typeof value === 'object')
    return Number.isFinite(value.number) ? value.number.toFixed(value.decimals).replace('.', ',') : '';
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(';')}\r\n`;
}

export function toExcelCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${[header, ...rows].map(csvLine).join('')}`;
}
