// The streaming StatBank CSV reader, for BULK downloads too large to hold: rows come out one at a time.
import {
  CsvLineReader,
  type CsvLayout,
  type StatbankCsvFieldsRow,
  type StatbankCsvOptions,
  type StatbankCsvRow,
} from './csv.ts';
import { splitLines, type Chunks } from './lines.ts';

export interface StatbankCsvStreamOptions extends StatbankCsvOptions {
  /** Called once with the header's variable codes (without INDHOLD), before the first row. */
  readonly onHeader?: (variables: readonly string[]) => void;
  /** Refuse lines longer than this many characters (default 1 MiB). */
  readonly maxLineLength?: number;
}

/**
 * Reads a StatBank CSV body from chunks of text or bytes (a Node Readable, a fetch body's reader, an array).
 * Memory stays at one chunk plus one line, whatever the number of rows. Errors are StatbankFormatError, raised
 * when the bad line is reached; rows before it have already been yielded, so a caller importing into a database
 * should do so in a transaction.
 */
export async function* readStatbankCsvStream(
  chunks: Chunks,
  options: StatbankCsvStreamOptions = {},
): AsyncGenerator<StatbankCsvRow, void, undefined> {
  for await (const rows of readStatbankCsvBatches(chunks, options)) yield* rows;
}

/**
 * The same rows as `readStatbankCsvStream`, a chunk's worth at a time: on a file of millions of rows, one step of
 * an async generator per row costs more than reading the row.
 */
export function readStatbankCsvBatches(
  chunks: Chunks,
  options: StatbankCsvStreamOptions = {},
): AsyncGenerator<StatbankCsvRow[], void, undefined> {
  return batches(chunks, options, (reader, line, n) => reader.read(line, n));
}

/** A chunk's rows by position, with the header's layout they follow. */
export interface StatbankCsvFieldBatch {
  readonly layout: CsvLayout;
  readonly rows: StatbankCsvFieldsRow[];
}

/** The rows by position (fields rather than named coordinates), a chunk's worth at a time, with the layout. */
export async function* readStatbankCsvFieldBatches(
  chunks: Chunks,
  options: StatbankCsvStreamOptions = {},
): AsyncGenerator<StatbankCsvFieldBatch, void, undefined> {
  let layout: CsvLayout | undefined;
  for await (const rows of batches(chunks, options, (reader, line, n) => {
    const row = reader.readFields(line, n);
    layout ??= reader.layout;
    return row;
  }))
    yield { layout: layout as CsvLayout, rows };
}

async function* batches<Row>(
  chunks: Chunks,
  options: StatbankCsvStreamOptions,
  read: (reader: CsvLineReader, line: string, lineNumber: number) => Row | undefined,
): AsyncGenerator<Row[], void, undefined> {
  const reader = new CsvLineReader(options);
  let announced = false;
  const lineOptions =
    options.maxLineLength === undefined
      ? { format: 'csv' as const }
      : { format: 'csv' as const, maxLineLength: options.maxLineLength };
  for await (const batch of splitLines(chunks, lineOptions)) {
    const rows: Row[] = [];
    const lines = batch.lines;
    for (let k = 0; k < lines.length; k++) {
      let row: Row | undefined;
      try {
        row = read(reader, lines[k] as string, batch.firstLine + k);
      } catch (e) {
        // The rows before the bad line still come out, in order, before the error.
        if (rows.length > 0) yield rows;
        throw e;
      }
      if (!announced && reader.variables !== undefined) {
        announced = true;
        options.onHeader?.(reader.variables);
      }
      if (row !== undefined) rows.push(row);
    }
    if (rows.length > 0) yield rows;
  }
  reader.finish();
}
