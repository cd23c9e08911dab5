// CSV for Danish Excel: UTF-8 with BOM (so æøå survive), `;` between fields (the comma is the decimal mark),
// CRLF line ends, decimal commas, and cells that start with = + - @ prefixed with ' so no formula runs.

export type CsvCell = string | number | null | undefined;

export function toExcelCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((r) => r.map(formatCell).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function formatCell(c: CsvCell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return Number.isFinite(c) ? String(c).replace('.', ',') : '';
  const guarded = /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
  return /[;"\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}
