// The streaming StatBank CSV reader, for BULK downloads too large to hold: rows come out one at a time.
import { CsvLineReader, type StatbankCsvOptions, type StatbankCsvRow } from './csv.ts';
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
  const reader = new CsvLineReader(options);
  let announced = false;
  const lineOptions =
    options.maxLineLength === undefined
      ? { format: 'csv' as const }
      : { format: 'csv' as const, maxLineLength: options.maxLineLength };
  for await (const batch of splitLines(chunks, lineOptions)) {
    for (const [k, line] of batch.lines.entries()) {
      const row = reader.read(line, batch.firstLine + k);
      if (!announced && reader.variables !== undefined) {
        announced = true;
        options.onHeader?.(reader.variables);
      }
      if (row !== undefined) yield row;
    }
  }
  reader.finish();
}
