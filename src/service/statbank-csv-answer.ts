// A StatBank answer in the CSV layout (format CSV or BULK: a header of variable codes ending in INDHOLD, `;`,
// CRLF), read a chunk of rows at a time into checked observations for an import, as `import statbank` reads a
// saved CSV. A BULK answer of millions of rows is never turned into one array of rows.
import type { Observation } from '../domain/observation/index.ts';
import {
  columnConverter,
  StatbankFormatError,
  type StatbankCsvFieldsRow,
  readStatbankCsvFieldBatches,
} from '../sources/statbank/index.ts';
import type { CheckedObservations, ImportItem } from './observations.ts';

export interface CsvAnswerOptions {
  readonly table: string;
  /** The figures' unit (a CSV names none); "number" unless given. */
  readonly unit?: string;
  /** Area codes that came without their leading zeros, raw → read (see `ConversionOptions`). */
  readonly areaCodesPadded?: Map<string, string>;
}

/** The answer's rows as import items: checked observations a chunk at a time, refused rows with their reason. */
export async function* csvAnswerItems(
  body: Uint8Array | AsyncIterable<Uint8Array>,
  options: CsvAnswerOptions,
): AsyncGenerator<CheckedObservations | ImportItem[]> {
  let convert: ReturnType<typeof columnConverter> | undefined;
  try {
    for await (const { layout, rows } of readStatbankCsvFieldBatches(
      body instanceof Uint8Array ? slices(body) : body,
    )) {
      convert ??= columnConverter(
        {
          table: options.table,
          unit: options.unit ?? 'number',
          ...(options.areaCodesPadded && { areaCodesPadded: options.areaCodesPadded }),
        },
        layout.columns,
        layout.valueIndex,
      );
      const checked: Observation[] = [];
      const lines: number[] = [];
      const refused: ImportItem[] = [];
      for (let k = 0; k < rows.length; k++) {
        const row = rows[k] as StatbankCsvFieldsRow;
        const value = typeof row.value === 'number' ? row.value : { marker: row.value.marker };
        const r = convert(row.line, row.fields, value);
        if ('reason' in r) refused.push({ line: row.line, rejected: r.reason });
        else {
          checked.push(r);
          lines.push(row.line);
        }
      }
      yield { checked, lines };
      if (refused.length > 0) yield refused;
    }
  } catch (e) {
    if (!(e instanceof StatbankFormatError)) throw e;
    yield [{ line: e.line ?? 0, rejected: e.reasonAtLine }];
  }
}

/** The body in slices of 64 KiB, as a file is read: the reader's batches are a slice's rows (a larger slice made the import's windows hold more: 1 MiB cost some 250 MB more at peak on LIGEUB1's 2.2 million rows). */
function* slices(body: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < body.length; at += SLICE) yield body.subarray(at, at + SLICE);
}

const SLICE = 1 << 16;
