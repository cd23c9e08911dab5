// The check of an uploaded StatBank file before its import starts: bounded work whatever the file declares.
// A JSON-stat file is parsed and its declared cells, dimensions and categories checked (no cell is made); a CSV
// is read as a stream to count its rows and its codes, stopping at the first limit passed.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  LIMIT_SETTINGS,
  readStatbankCsvFieldBatches,
  StatbankFormatError,
  type StatbankLimits,
} from '../sources/statbank/index.ts';
import { checkColumns, readOneDataset, rowLimit, tableIdOf } from './statbank-file.ts';
import { fileRefused } from './statbank-refusal.ts';

export interface InspectedStatbankFile {
  readonly format: 'jsonstat' | 'csv';
  /** The table the file is of (given, or named by a JSON-stat file); undefined when neither says. */
  readonly table: string | undefined;
  /** The cells a JSON-stat file declares, or the rows of a CSV. */
  readonly rows: number;
}

/** Throws StatbankFileRefusedError (with the limit, the file's figure and the setting) past any limit. */
export async function inspectStatbankFile(
  file: string,
  name: string,
  format: 'jsonstat' | 'csv',
  limits: StatbankLimits,
  table?: string,
): Promise<InspectedStatbankFile> {
  if (format === 'jsonstat') {
    const bytes = await readFile(file);
    const dataset = readOneDataset(bytes, name, limits);
    return { format, table: table ?? tableIdOf(bytes), rows: dataset.cellCount };
  }
  let rows = 0;
  let columns: Set<string>[] | undefined;
  let categories = 0;
  try {
    for await (const { layout, rows: batch } of readStatbankCsvFieldBatches(createReadStream(file))) {
      if (columns === undefined) {
        checkColumns(name, layout.columns.length - 1, limits);
        columns = layout.columns.map(() => new Set<string>());
      }
      rows += batch.length;
      if (rows > limits.maxRows) throw rowLimit(name, rows, limits, 'more than');
      for (const row of batch)
        for (let k = 0; k < layout.columns.length; k++) {
          if (k === layout.valueIndex) continue;
          const seen = columns[k] as Set<string>;
          const code = row.fields[k] as string;
          if (seen.has(code)) continue;
          seen.add(code);
          if (++categories > limits.maxCategories)
            throw fileRefused(
              `${name}: the file has more than ${limits.maxCategories} codes over its variables; at most ${limits.maxCategories} are accepted (${LIMIT_SETTINGS.maxCategories}); nothing was imported`,
              {
                code: 'limit.categories',
                params: {
                  declared: `> ${limits.maxCategories}`,
                  max: limits.maxCategories,
                  setting: LIMIT_SETTINGS.maxCategories,
                },
              },
            );
        }
    }
  } catch (e) {
    // A line the reader refuses is reported, with every other refused line, by the import itself.
    if (!(e instanceof StatbankFormatError)) throw e;
  }
  return { format, table, rows };
}
