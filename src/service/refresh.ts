// `refresh`: runs every StatBank query the loaded strategies declare (the population by origin and each
// indicator DST can serve). All responses are fetched before anything is stored, so a refresh that cannot
// reach the API — or loses it halfway — changes nothing.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SourceKind } from '../domain/observation/index.ts';
import type { StatbankQuery, StrategyDefinition } from '../domain/strategy/index.ts';
import {
  DEFAULT_STATBANK_LIMITS,
  LIMIT_SETTINGS,
  readTableInfo,
  StatbankFormatError,
  StatbankRequestError,
  type StatbankClient,
  type TableInfo,
} from '../sources/statbank/index.ts';
import { asksForEveryCode, queryCells } from '../sources/statbank/query-cells.ts';
import { InvalidInputError } from './errors.ts';
import { importObservations, type ImportOutcome } from './observations.ts';
import { csvAnswerItems } from './statbank-csv-answer.ts';
import { jsonStatItems, STATBANK_LICENCE } from './statbank-file.ts';
import type { WriteContext } from './write-gate.ts';

export interface RefreshQuery {
  /** What the query is for: `population` or an indicator id, with the strategy it came from. */
  readonly purpose: string;
  readonly query: StatbankQuery;
}

/** Every query of the given strategies, each distinct query once. */
export function refreshQueries(definitions: readonly StrategyDefinition[]): readonly RefreshQuery[] {
  const seen = new Map<string, RefreshQuery>();
  const add = (purpose: string, query: StatbankQuery | undefined) => {
    if (!query) return;
    const key = JSON.stringify(query);
    if (!seen.has(key)) seen.set(key, { purpose, query });
  };
  for (const d of definitions) {
    add(`${d.id}: population`, d.targetGroup?.populationQuery);
    for (const a of d.areas)
      for (const i of a.indicators) {
        add(`${d.id}: ${i.id}`, i.source.statbank);
        // The population a share computed across sources is of (FOLK1E aged 16-64 by origin).
        const combine = i.source.combine;
        if (combine?.kind === 'counts-over-population')
          add(`${d.id}: ${i.id} (denominator)`, combine.denominator?.statbank);
      }
  }
  return [...seen.values()];
}

export interface RefreshProgress {
  readonly phase: 'fetch' | 'store';
  readonly done: number;
  readonly total: number;
  readonly purpose: string;
}

export interface RefreshResult {
  /** The source the figures came from. */
  readonly source: SourceKind;
  readonly purpose: string;
  readonly table: string;
  readonly outcome: ImportOutcome;
  /** StatBank only: the format asked for, JSON-stat or BULK for a request past StatBank's cap on the others. */
  readonly format?: 'JSONSTAT' | 'BULK';
  /** The cells the request asked for, counted from the query (and the tableinfo for a `*`), when known. */
  readonly cells?: number | undefined;
  /** What the answer's codes needed: area codes read with their leading zeros added. */
  readonly notes?: readonly string[];
}

/** StatBank answers at most this many cells in any format but BULK. */
export const STATBANK_ANSWER_CAP = 1_000_000;

export interface RefreshOptions {
  /**
   * Past this many cells a query is asked as BULK: STATBANK_MAX_CELLS, at most StatBank's own cap (a lower
   * setting asks for BULK sooner; a higher one cannot make StatBank answer more in JSON-stat).
   */
  readonly maxCells?: number;
  /** Told of each query as soon as it is stored (a caller keeping a record of a refresh that fails later). */
  readonly onResult?: (r: RefreshResult) => void;
}

/**
 * The format a query is asked in: its cells counted from the query — a `*` by the table's code list, so the
 * tableinfo is asked for first — and BULK when they pass the cap. A tableinfo that cannot be had leaves the count
 * unknown and the query asked as JSON-stat (StatBank then refuses one past its cap, and the refresh says so).
 */
async function chooseFormat(
  client: StatbankClient,
  query: StatbankQuery,
  maxCells: number,
): Promise<{ format: 'JSONSTAT' | 'BULK'; cells: number | undefined; info: TableInfo | undefined }> {
  let info: TableInfo | undefined;
  if (asksForEveryCode(query))
    try {
      info = readTableInfo(await client.fetchTableInfo(query.table));
    } catch (e) {
      if (!(e instanceof StatbankRequestError || e instanceof StatbankFormatError)) throw e;
    }
  const counted = queryCells(query, info);
  if (counted.cells === undefined || counted.cells <= maxCells)
    return { format: 'JSONSTAT', cells: counted.cells, info };
  // BULK sums over nothing: a variable the query leaves out would be refused by StatBank.
  if (counted.omitted.length > 0)
    throw new InvalidInputError(
      `${query.table}: the query asks for ${counted.cells} cells, past the ${maxCells} StatBank answers outside BULK (${LIMIT_SETTINGS.maxCells}), and BULK needs every variable named; add ${counted.omitted.join(', ')} to the query`,
    );
  return { format: 'BULK', cells: counted.cells, info };
}

export async function refreshFromStatbank(
  ctx: WriteContext,
  client: StatbankClient,
  queries: readonly RefreshQuery[],
  onProgress: (p: RefreshProgress) => void = () => undefined,
  options: RefreshOptions = {},
): Promise<readonly RefreshResult[]> {
  const maxCells = Math.min(options.maxCells ?? DEFAULT_STATBANK_LIMITS.maxCells, STATBANK_ANSWER_CAP);
  const fetched: {
    q: RefreshQuery;
    /** The answer: its bytes, or for BULK the temporary file it was written to as it came. */
    body: Uint8Array | { file: string };
    request: { url: string; body: string };
    at: Date;
    format: 'JSONSTAT' | 'BULK';
    cells: number | undefined;
    unit: string | undefined;
  }[] = [];
  // A BULK answer (millions of rows) goes to a temporary file as it arrives, not into memory; removed at the end.
  let spool: string | undefined;
  try {
    for (const [i, q] of queries.entries()) {
      onProgress({ phase: 'fetch', done: i, total: queries.length, purpose: q.purpose });
      const { format, cells, info } = await chooseFormat(client, q.query, maxCells);
      const at = { q, at: ctx.now(), format, cells, unit: info?.unit };
      if (format === 'BULK') {
        spool ??= await mkdtemp(path.join(tmpdir(), 'pejlemaerke-refresh-'));
        const file = path.join(spool, `${i}.csv`);
        const { request, body } = await client.fetchDataStream(q.query, format);
        await pipeline(Readable.from(body), createWriteStream(file));
        fetched.push({ ...at, request, body: { file } });
      } else {
        const { request, body } = await client.fetchData(q.query, format);
        fetched.push({ ...at, request, body });
      }
    }
    return await store(ctx, client, fetched, onProgress, options.onResult);
  } finally {
    if (spool) await rm(spool, { recursive: true, force: true });
  }
}

async function store(
  ctx: WriteContext,
  client: StatbankClient,
  fetched: readonly {
    q: RefreshQuery;
    body: Uint8Array | { file: string };
    request: { url: string; body: string };
    at: Date;
    format: 'JSONSTAT' | 'BULK';
    cells: number | undefined;
    unit: string | undefined;
  }[],
  onProgress: (p: RefreshProgress) => void,
  onResult: (r: RefreshResult) => void = () => undefined,
): Promise<readonly RefreshResult[]> {
  const results: RefreshResult[] = [];
  for (const [i, f] of fetched.entries()) {
    onProgress({ phase: 'store', done: i, total: fetched.length, purpose: f.q.purpose });
    const table = f.q.query.table.toUpperCase();
    const areaCodesPadded = new Map<string, string>();
    const items =
      f.body instanceof Uint8Array
        ? jsonStatItems(f.body, table, `${table} from ${client.baseUrl}`, { areaCodesPadded })
        : csvAnswerItems(createReadStream(f.body.file), { table, unit: countUnit(f.unit), areaCodesPadded });
    const outcome = await importObservations(
      ctx,
      {
        source: 'statbank',
        table,
        query: `POST ${f.request.url} ${f.request.body}`,
        retrievedAt: f.at,
        licence: STATBANK_LICENCE,
        note: f.q.purpose,
      },
      items,
      { series: [table] },
    );
    const notes =
      areaCodesPadded.size > 0
        ? [
            `area codes without leading zeros read as three digits: ${[...areaCodesPadded]
              .slice(0, 10)
              .map(([raw, read]) => `${raw} as ${read}`)
              .join(', ')}${areaCodesPadded.size > 10 ? ` and ${areaCodesPadded.size - 10} more` : ''}`,
          ]
        : [];
    const result: RefreshResult = {
      source: 'statbank',
      purpose: f.q.purpose,
      table,
      outcome,
      format: f.format,
      cells: f.cells,
      notes,
    };
    results.push(result);
    onResult(result);
  }
  onProgress({ phase: 'store', done: fetched.length, total: fetched.length, purpose: '' });
  return results;
}

/** The tableinfo's unit as a CSV import's unit: a count ("Antal") is "number", as JSON-stat's "Number" is. */
function countUnit(unit: string | undefined): string {
  const u = unit?.trim().toLowerCase();
  return u === undefined || u === '' || u === 'antal' || u === 'number' ? 'number' : u;
}
