// `import statbank <file>`: a response saved from the StatBank API (JSON-stat or CSV), stored as a refresh
// would store it, with the file's SHA-256 and name as provenance.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  cellConverter,
  cellsToObservations,
  columnConverter,
  DEFAULT_STATBANK_LIMITS,
  LIMIT_SETTINGS,
  readJsonStatAll,
  readStatbankCsvFieldBatches,
  StatbankFormatError,
  type JsonStatDataset,
  type StatbankCell,
  type StatbankCsvFieldsRow,
  type StatbankLimits,
  type StatbankReason,
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
import type { StatbankFileRefusedError } from './statbank-refusal.ts';
import { codedRefusal, fileRefused, MAX_CODED_REFUSALS } from './statbank-refusal.ts';
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
  /**
   * What the file may ask for (default `DEFAULT_STATBANK_LIMITS`): a file past a limit is refused before its
   * cells are made, or, for a CSV's rows, as soon as the row past the limit is read (nothing is stored).
   */
  readonly limits?: StatbankLimits | undefined;
  /** Called as the import goes, with the rows (cells) read so far. */
  readonly onProgress?: ((rowsRead: number) => void) | undefined;
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
    throw fileRefused(`${name}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, {
      code: 'file.notFound',
      params: {},
    });
  });
  if (!info.isFile()) throw fileRefused(`${name}: not a regular file`, { code: 'file.notFile', params: {} });
  if (info.size === 0) throw fileRefused(`${name}: the file is empty`, { code: 'file.empty', params: {} });
  const limits = options.limits ?? DEFAULT_STATBANK_LIMITS;
  const progress = options.onProgress ?? (() => undefined);
  const head = await firstBytes(file, 64);
  const isJson = head
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{');
  const retrievedAt = options.retrievedAt ?? info.mtime;

  if (isJson) {
    if (info.size > MAX_JSON_BYTES)
      throw fileRefused(`${name}: a JSON-stat file may be at most 200 MB; use the CSV or BULK format`, {
        code: 'file.jsonTooLarge',
        params: { mb: 200 },
      });
    const bytes = await readFile(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const table = options.table ?? tableIdOf(bytes);
    if (!table)
      throw fileRefused(
        `${name}: the file does not name its table (extension.px.tableid); give it with --table`,
        { code: 'file.noTableId', params: {} },
      );
    const dataset = readOneDataset(bytes, name, limits);
    const codes = new Map<number, StatbankReason>();
    const outcome = await importObservations(
      ctx,
      provenance(table, name, sha256, retrievedAt, 'jsonstat'),
      jsonStatChunks(dataset, table, codes, progress),
      { series: [table.toUpperCase()] },
    ).catch((e: unknown) => {
      throw e instanceof InvalidInputError ? codedRefusal(e, codes) : e;
    });
    return { ...outcome, table: table.toUpperCase() };
  }

  const table = options.table;
  if (!table)
    throw fileRefused(
      `${name}: a CSV response does not name its table; give it with --table (e.g. --table FOLK1E)`,
      { code: 'file.csvNeedsTable', params: {} },
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
  const codes = new Map<number, StatbankReason>();
  const note = (line: number, why: StatbankReason) => {
    if (codes.size < MAX_CODED_REFUSALS) codes.set(line, why);
  };
  let rowsRead = 0;
  // The converter gives only observations the model's rule accepts: they are handed over as checked chunks.
  const items = async function* (): AsyncGenerator<CheckedObservations | ImportItem[]> {
    try {
      for await (const { layout, rows } of readStatbankCsvFieldBatches(hashed())) {
        if (convert === undefined) checkColumns(name, layout.columns.length - 1, limits);
        convert ??= columnConverter({ table, unit }, layout.columns, layout.valueIndex);
        rowsRead += rows.length;
        if (rowsRead > limits.maxRows) throw rowLimit(name, rowsRead, limits, 'more than');
        progress(rowsRead);
        const checked: Observation[] = [];
        const lines: number[] = [];
        const refused: ImportItem[] = [];
        for (let k = 0; k < rows.length; k++) {
          const row = rows[k] as StatbankCsvFieldsRow;
          const value = typeof row.value === 'number' ? row.value : { marker: row.value.marker };
          const r = convert(row.line, row.fields, value);
          if ('reason' in r) {
            refused.push({ line: row.line, rejected: r.reason });
            note(row.line, r.why);
          } else {
            checked.push(r);
            lines.push(row.line);
          }
        }
        yield { checked, lines };
        if (refused.length > 0) yield refused;
      }
    } catch (e) {
      if (e instanceof StatbankFormatError) {
        note(e.line ?? 0, e.reason);
        yield [{ line: e.line ?? 0, rejected: e.reasonAtLine }];
      } else throw e;
    }
  };
  // The hash is complete once the stream has been read to its end, which the import does before it commits.
  const lazyProvenance = { ...provenance(table, name, '', retrievedAt, 'csv') };
  const outcome = await importObservations(
    ctx,
    lazyProvenance,
    withFinalHash(items(), () => Object.assign(lazyProvenance, { sha256: hash.digest('hex') })),
    { series: [table.toUpperCase()] },
  ).catch((e: unknown) => {
    throw e instanceof InvalidInputError ? codedRefusal(e, codes) : e;
  });
  return { ...outcome, table: table.toUpperCase() };
}

/** The one dataset of a JSON-stat file, its declared cells within the limits; refused whole otherwise. */
export function readOneDataset(bytes: Uint8Array, name: string, limits: StatbankLimits): JsonStatDataset {
  let datasets;
  try {
    datasets = readJsonStatAll(bytes, { limits });
  } catch (e) {
    if (!(e instanceof StatbankFormatError)) throw e;
    throw fileRefused(`${name}: ${e.message}; nothing was imported`, e.reason);
  }
  const first = datasets[0]?.dataset;
  if (!first || datasets.length !== 1)
    throw fileRefused(`${name}: expected one dataset, found ${datasets.length}`, {
      code: 'jsonstat.severalDatasets',
      params: { count: datasets.length, names: '–' },
    });
  return first;
}

/** A CSV's variables (its columns besides INDHOLD) within the limit on dimensions. */
export function checkColumns(name: string, variables: number, limits: StatbankLimits): void {
  if (variables > limits.maxDimensions)
    throw fileRefused(
      `${name}: the header has ${variables} variables; at most ${limits.maxDimensions} are accepted (${LIMIT_SETTINGS.maxDimensions}); nothing was imported`,
      {
        code: 'limit.dimensions',
        params: { declared: variables, max: limits.maxDimensions, setting: LIMIT_SETTINGS.maxDimensions },
      },
      1,
    );
}

/** A CSV past the row limit (counted in full, or `more than` the rows read when reading stopped). */
export function rowLimit(
  name: string,
  rows: number,
  limits: StatbankLimits,
  how: 'more than' | 'exactly',
): StatbankFileRefusedError {
  const setting = limits.rowSetting ?? LIMIT_SETTINGS.maxRows;
  const figure = how === 'more than' ? limits.maxRows : rows;
  return fileRefused(
    `${name}: the file holds ${how === 'more than' ? 'more than ' : ''}${figure} rows; at most ${limits.maxRows} are accepted (${setting}); nothing was imported`,
    {
      code: 'limit.rows',
      params: { declared: how === 'more than' ? `> ${figure}` : figure, max: limits.maxRows, setting },
    },
  );
}

/**
 * A JSON-stat dataset's cells as checked chunks, converted a chunk at a time: the cells are never all made at
 * once, so memory stays that of the import's windows whatever the dataset declares.
 */
async function* jsonStatChunks(
  dataset: JsonStatDataset,
  table: string,
  codes: Map<number, StatbankReason>,
  progress: (rowsRead: number) => void,
): AsyncGenerator<CheckedObservations | ImportItem[]> {
  const time = dataset.roles.time?.[0];
  const unit = dataset.dimensions.find((d) => d.role === 'metric')?.categories[0]?.unit?.base;
  const convert = cellConverter({ table, timeVariable: time, unit: unit?.toLowerCase() });
  let checked: Observation[] = [];
  let lines: number[] = [];
  let refused: ImportItem[] = [];
  let read = 0;
  for (const c of dataset.cells()) {
    const line = c.index + 1;
    // A cell without a figure says why by its status, with the CSV's markers ("..", ".", "-", "x").
    const value = c.value === null && c.status !== undefined ? { marker: c.status } : c.value;
    const r = convert({ line, coordinates: c.coordinates, value });
    if ('reason' in r) {
      refused.push({ line, rejected: r.reason });
      if (codes.size < MAX_CODED_REFUSALS) codes.set(line, r.why);
    } else {
      checked.push(r);
      lines.push(line);
    }
    if (++read % JSON_CHUNK === 0) {
      yield { checked, lines };
      if (refused.length > 0) yield refused;
      checked = [];
      lines = [];
      refused = [];
      progress(read);
    }
  }
  if (checked.length > 0) yield { checked, lines };
  if (refused.length > 0) yield refused;
  progress(read);
}

const JSON_CHUNK = 10_000;

/** A JSON-stat StatBank response as import items; a malformed response is refused whole. */
export function jsonStatItems(
  bytes: Uint8Array,
  table: string,
  name: string,
  options: { readonly areaCodesPadded?: Map<string, string> } = {},
): ImportItem[] {
  let datasets;
  try {
    datasets = readJsonStatAll(bytes, { limits: DEFAULT_STATBANK_LIMITS });
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
  const converted = cellsToObservations(cells(), {
    table,
    timeVariable: time,
    unit: unit?.toLowerCase(),
    ...(options.areaCodesPadded && { areaCodesPadded: options.areaCodesPadded }),
  });
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

export function tableIdOf(bytes: Uint8Array): string | undefined {
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
