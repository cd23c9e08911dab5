// `import statbank <file>`: a response saved from the StatBank API (JSON-stat or CSV), stored as a refresh
// would store it, with the file's SHA-256 and name as provenance.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  cellsToObservations,
  columnConverter,
  readJsonStatAll,
  readStatbankCsvFieldBatches,
  StatbankFormatError,
  type StatbankCell,
  type StatbankCsvFieldsRow,
} from '../sources/statbank/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import { unitOfSeries } from '../store/observation-store.ts';
import { InvalidInputError } from './errors.ts';
import {
  importObservations,
  type CheckedObservations,
  type ImportItem,
  type ImportOutcome,
} from './observations.ts';
import type { WriteContext } from './write-gate.ts';

/** JSON-stat responses are read whole (StatBank caps them at 1,000,000 cells); CSV streams at any size. */
const MAX_JSON_BYTES = 200 * 1024 * 1024;
export const STATBANK_LICENCE = 'CC BY 4.0 — Kilde: Danmarks Statistik';

export interface StatbankFileOptions {
  /** The table id; read from a JSON-stat file's extension.px.tableid, required for CSV. */
  readonly table?: string | undefined;
  /** When the file was retrieved from the API, if known; else the file's modification time. */
  readonly retrievedAt?: Date | undefined;
  /**
   * The unit of a CSV response's figures (a CSV names none; JSON-stat does): e.g. "pct." for a table of
   * percentages. When absent, the unit of the series' figures already stored, else "number".
   */
  readonly unit?: string | undefined;
}

/** What an import of a saved response stored, and the table it was of. */
export interface StatbankFileOutcome extends ImportOutcome {
  readonly table: string;
}

export async function importStatbankFile(
  ctx: WriteContext,
  file: string,
  options: StatbankFileOptions = {},
): Promise<StatbankFileOutcome> {
  const name = path.basename(file);
  const info = await stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new InvalidInputError(`${name}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  if (!info.isFile()) throw new InvalidInputError(`${name}: not a regular file`);
  if (info.size === 0) throw new InvalidInputError(`${name}: the file is empty`);
  const head = await firstBytes(file, 64);
  const isJson = head
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{');
  const retrievedAt = options.retrievedAt ?? info.mtime;

  if (isJson) {
    if (info.size > MAX_JSON_BYTES)
      throw new InvalidInputError(
        `${name}: a JSON-stat file may be at most 200 MB; use the CSV or BULK format`,
      );
    const bytes = await readFile(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const table = options.table ?? tableIdOf(bytes);
    if (!table)
      throw new InvalidInputError(
        `${name}: the file does not name its table (extension.px.tableid); give it with --table`,
      );
    const items = jsonStatItems(bytes, table, name);
    const outcome = await importObservations(
      ctx,
      provenance(table, name, sha256, retrievedAt, 'jsonstat'),
      items,
      { series: [table.toUpperCase()] },
    );
    return { ...outcome, table: table.toUpperCase() };
  }

  const table = options.table;
  if (!table)
    throw new InvalidInputError(
      `${name}: a CSV response does not name its table; give it with --table (e.g. --table FOLK1E)`,
    );
  const hash = createHash('sha256');
  // Hash the bytes as they pass to the reader: one read of the file, in the stream's own order.
  const hashed = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      yield chunk as Buffer;
    }
  };
  const unit =
    options.unit?.trim().toLowerCase() || (await unitOfSeries(ctx.database.db, table.toUpperCase()));
  let convert: ReturnType<typeof columnConverter> | undefined;
  // The converter gives only observations the model's rule accepts: they are handed over as checked chunks.
  const items = async function* (): AsyncGenerator<CheckedObservations | ImportItem[]> {
    try {
      for await (const { layout, rows } of readStatbankCsvFieldBatches(hashed())) {
        convert ??= columnConverter({ table, unit }, layout.columns, layout.valueIndex);
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
      if (e instanceof StatbankFormatError) yield [{ line: e.line ?? 0, rejected: e.reasonAtLine }];
      else throw e;
    }
  };
  // The hash is complete once the stream has been read to its end, which the import does before it commits.
  const lazyProvenance = { ...provenance(table, name, '', retrievedAt, 'csv') };
  const outcome = await importObservations(
    ctx,
    lazyProvenance,
    withFinalHash(items(), () => Object.assign(lazyProvenance, { sha256: hash.digest('hex') })),
    { series: [table.toUpperCase()] },
  );
  return { ...outcome, table: table.toUpperCase() };
}

/** A JSON-stat StatBank response as import items; a malformed response is refused whole. */
export function jsonStatItems(bytes: Uint8Array, table: string, name: string): ImportItem[] {
  let datasets;
  try {
    datasets = readJsonStatAll(bytes);
  } catch (e) {
    throw new InvalidInputError(
      `${name}: ${e instanceof StatbankFormatError ? e.message : String(e)}; nothing was imported`,
    );
  }
  const first = datasets[0]?.dataset;
  if (!first || datasets.length !== 1)
    throw new InvalidInputError(`${name}: expected one dataset, found ${datasets.length}`);
  const time = first.roles.time?.[0];
  const unit = first.dimensions.find((d) => d.role === 'metric')?.categories[0]?.unit?.base;
  const cells = function* (): Generator<StatbankCell> {
    for (const c of first.cells())
      yield {
        line: c.index + 1,
        coordinates: c.coordinates,
        // A cell without a figure says why by its status, with the CSV's markers ("..", ".", "-", "x").
        value: c.value === null && c.status !== undefined ? { marker: c.status } : c.value,
      };
  };
  const converted = cellsToObservations(cells(), { table, timeVariable: time, unit: unit?.toLowerCase() });
  return [
    ...converted.rejected.map((r) => ({ line: r.line, rejected: r.reason })),
    ...converted.observations.map((o, i) => ({ line: i + 1, observation: o })),
  ];
}

function provenance(table: string, fileName: string, sha256: string, retrievedAt: Date, format: string) {
  return {
    source: 'statbank' as const,
    table: table.toUpperCase(),
    fileName,
    sha256,
    retrievedAt,
    licence: STATBANK_LICENCE,
    query: `saved StatBank response (${format}) for table ${table.toUpperCase()}`,
  };
}

async function* withFinalHash<T>(items: AsyncIterable<T>, done: () => void): AsyncGenerator<T> {
  for await (const item of items) yield item;
  done();
}

function tableIdOf(bytes: Uint8Array): string | undefined {
  try {
    const json = JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, '')) as Record<
      string,
      unknown
    >;
    const ds = (json.dataset ?? json) as { extension?: { px?: { tableid?: unknown } } };
    const id = ds.extension?.px?.tableid;
    return typeof id === 'string' && /^[A-Za-z0-9]{2,20}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

async function firstBytes(file: string, n: number): Promise<string> {
  const stream = createReadStream(file, { start: 0, end: n - 1 });
  let out = '';
  for await (const chunk of stream) out += (chunk as Buffer).toString('utf8');
  return out;
}
