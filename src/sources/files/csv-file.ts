// A CSV indicator file as a source table: decoded (UTF-8 or Windows-1252), split, its template marker found.
import { parseCsv, type Delimiter } from './csv.ts';
import { decodeText, type TextEncoding } from './encoding.ts';
import { IndicatorFileError } from './errors.ts';
import type { SourceTable } from './table.ts';

export interface CsvSource extends SourceTable {
  readonly encoding: TextEncoding;
  readonly delimiter: Delimiter;
}

/** The template's comment line names its indicator: "# Pejlemærke-skabelon version 1 for indikatoren <id>." */
export const TEMPLATE_MARKER = /skabelon version (\d+) for indikatoren ([a-z0-9]+(?:-[a-z0-9]+)*)/i;

export function readCsvSource(bytes: Uint8Array): CsvSource {
  const { text, encoding } = decodeText(bytes);
  const csv = parseCsv(text);
  if (csv.header.problem)
    throw new IndicatorFileError(`kolonneoverskrifterne har ${csv.header.problem}`, {
      line: csv.header.line,
      lineWord: 'linje',
    });
  const names = csv.header.fields;
  let width = names.length;
  while (width > 0 && names[width - 1]?.trim() === '') width--;
  return {
    encoding,
    delimiter: csv.delimiter,
    lineWord: 'linje',
    header: { line: csv.header.line, names },
    records: (function* () {
      for (const r of csv.records)
        yield {
          line: r.line,
          cells: r.fields,
          problem:
            r.problem ??
            (r.fields.length < width
              ? `linjen har ${r.fields.length} ${r.fields.length === 1 ? 'felt' : 'felter'}, men overskriften har ${width}; ` +
                `er skilletegnet "${csv.delimiter}" brugt i alle linjer?`
              : undefined),
        };
    })(),
    templateFor: () => csv.comments.map((c) => TEMPLATE_MARKER.exec(c)?.[2]).find((id) => id !== undefined),
    cellName: (_line, column) => `felt ${column}`,
  };
}
