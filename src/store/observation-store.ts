// Queries on observations and their import batches. Rows are only ever added: a changed figure is a new row,
// and a read names the moment it reads "as of" (now by default).
import { finished } from 'node:stream/promises';
import { sql, type Kysely, type Transaction } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { dimsKey, type Observation, type Provenance } from '../domain/observation/index.ts';
import type { Database, RawConnection } from './database.ts';
import { lineEncoder, SliceWriter, STAGED_COLUMNS } from './observation-copy.ts';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface BatchRecord {
  readonly id: string;
  readonly provenance: Provenance;
  readonly importedAt: Date;
  readonly importedBy: string;
  readonly illustrative: boolean;
  readonly rowsReceived: number;
  readonly rowsStored: number;
  readonly rowsUnchanged: number;
}

export interface StoredObservation extends Observation {
  readonly id: string;
  readonly batchId: string;
  readonly recordedAt: Date;
}

/** Slices of COPY text of this many bytes: a few dozen round trips per million rows, and flat memory. */
const COPY_SLICE_BYTES = 2 << 20;

/** Rows streaming into the temporary table `staged_observation`, inside the caller's transaction. */
export interface Staging {
  /** Adds one validated row; true when a slice is full and `flush()` should be awaited before the next add. */
  add(o: Observation): boolean;
  /** Sends the slice built so far; it travels while the next one is built. */
  flush(): Promise<void>;
  /** Sends the rest and waits until every row is in the table. */
  finish(): Promise<StagedRows>;
  /** Waits for a slice still in flight, ignoring its outcome: for a caller that is giving up on the import. */
  settle(): Promise<void>;
}

export interface StagedRows {
  readonly rows: number;
  readonly series: ReadonlySet<string>;
}

/**
 * Creates the staging table and returns its writer. Rows are sent with COPY FROM STDIN on the transaction's own
 * connection on a server (pg-copy-streams), and with COPY FROM '/dev/blob' on the embedded database, whose one
 * session is the transaction's. The table is dropped with the transaction.
 */
export async function openStaging(database: Database, trx: Transaction<Tables>): Promise<Staging> {
  await sql`
    create temporary table staged_observation (
      series text, area text, period text, dims jsonb, dims_key text, value double precision,
      missing_reason text, missing_marker text, numerator double precision, denominator double precision,
      unit text, status text, illustrative boolean
    ) on commit drop`.execute(trx);
  const send = copySender(await database.connectionOf(trx));
  const encode = lineEncoder();
  const slices = new SliceWriter(COPY_SLICE_BYTES);
  const series = new Set<string>();
  let lastSeries: string | undefined;
  let rows = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const flush = async () => {
    // The previous slice must have arrived before its buffer is written again.
    await inFlight;
    if (failure) throw failure.error;
    const ready = slices.take();
    if (ready.length === 0) return;
    // Caught here and raised by the next flush or finish, so a failed slice is never an unhandled rejection.
    inFlight = (async () => {
      for (const slice of ready) await send(slice);
    })().catch((error: unknown) => {
      failure = { error };
    });
  };
  return {
    add(o) {
      rows++;
      if (o.series !== lastSeries) series.add((lastSeries = o.series));
      return slices.add(encode(o));
    },
    flush,
    async finish() {
      await flush();
      await inFlight;
      if (failure) throw failure.error;
      return { rows, series };
    },
    settle: () => inFlight,
  };
}

function copySender(connection: RawConnection): (slice: Buffer) => Promise<void> {
  const statement = `copy staged_observation (${STAGED_COLUMNS}) from`;
  if (connection.kind === 'server') {
    const { client } = connection;
    return async (slice) => {
      const stream = client.query(copyFrom(`${statement} stdin`));
      stream.end(slice);
      // 'finish' comes once the server has acknowledged the rows, 'error' if it refused them.
      await finished(stream);
    };
  }
  const { pglite } = connection;
  return async (slice) => {
    await pglite.query(`${statement} '/dev/blob'`, [], { blob: new Blob([slice as Buffer<ArrayBuffer>]) });
  };
}

/**
 * A staged row (alias s) whose current vintage holds the same figure. Equal figures are not stored again: that
 * is what makes the same file imported twice store nothing.
 */
const sameAsCurrent = sql`
  select 1 from (
    select distinct on (o.series, o.area, o.period, o.dims_key) o.*
    from observation o
    where o.series = s.series and o.area = s.area and o.period = s.period and o.dims_key = s.dims_key
    order by o.series, o.area, o.period, o.dims_key, o.recorded_at desc, o.id desc
  ) c
  where c.value is not distinct from s.value and c.missing_reason is not distinct from s.missing_reason
    and c.numerator is not distinct from s.numerator and c.denominator is not distinct from s.denominator
    and c.unit = s.unit and c.status = s.status and c.illustrative = s.illustrative`;

/** Keys given more than once in one import (at most `limit`): one figure per key is all a batch may say. */
export async function duplicateStagedKeys(
  trx: Transaction<Tables>,
  limit = 10,
): Promise<readonly { series: string; area: string; period: string; dims: string; count: number }[]> {
  const r = await sql<{ series: string; area: string; period: string; dims_key: string; n: string }>`
    select series, area, period, dims_key, count(*) as n from staged_observation
    group by series, area, period, dims_key having count(*) > 1
    order by series, area, period, dims_key limit ${limit}`.execute(trx);
  return r.rows.map((x) => ({
    series: x.series,
    area: x.area,
    period: x.period,
    dims: x.dims_key,
    count: Number(x.n),
  }));
}

/**
 * Removes the staged rows equal to their current vintage and returns how many are left: the changed figures and
 * the new keys. Series the database has never seen skip the comparison, since every row of theirs is new.
 */
export async function dropUnchangedStaged(trx: Transaction<Tables>, staged: StagedRows): Promise<number> {
  if (staged.rows === 0) return 0;
  const known = await sql`
    select 1 from observation where series = any(${[...staged.series]}::text[]) limit 1`.execute(trx);
  if (known.rows.length === 0) return staged.rows;
  // Fresh statistics, so the comparison looks each key up in the vintage index: with none (the embedded database
  // never analyzes by itself; a server only after a while), a narrower index can be chosen and scanned per row.
  await sql`analyze observation`.execute(trx);
  const r = await sql`delete from staged_observation s where exists (${sameAsCurrent})`.execute(trx);
  return staged.rows - Number(r.numAffectedRows ?? 0);
}

export async function insertBatch(
  trx: Transaction<Tables>,
  b: {
    provenance: Provenance;
    importedAt: Date;
    importedBy: string;
    illustrative: boolean;
    received: number;
    stored: number;
  },
): Promise<string> {
  const p = b.provenance;
  const row = await trx
    .insertInto('import_batch')
    .values({
      source: p.source,
      source_table: p.table ?? null,
      query: p.query ?? null,
      file_name: p.fileName ?? null,
      sha256: p.sha256 ?? null,
      licence: p.licence ?? null,
      note: p.note ?? null,
      retrieved_at: p.retrievedAt,
      imported_at: b.importedAt,
      imported_by: b.importedBy,
      illustrative: b.illustrative,
      rows_received: b.received,
      rows_stored: b.stored,
      rows_unchanged: b.received - b.stored,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Moves the staged rows (those `dropUnchangedStaged` left) into the observation table as the batch's new vintage. */
export async function insertStaged(
  trx: Transaction<Tables>,
  batchId: string,
  recordedAt: Date,
): Promise<number> {
  const r = await sql`
    insert into observation (batch_id, series, area, period, dims, dims_key, value, missing_reason, missing_marker,
      numerator, denominator, unit, status, illustrative, recorded_at)
    select ${batchId}::bigint, s.series, s.area, s.period, s.dims, s.dims_key, s.value, s.missing_reason, s.missing_marker,
      s.numerator, s.denominator, s.unit, s.status, s.illustrative, ${recordedAt}::timestamptz
    from staged_observation s`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

export interface ObservationQuery {
  readonly series: string;
  readonly areas?: readonly string[];
  readonly periods?: readonly string[];
  /** Only rows whose dims contain these pairs. */
  readonly dims?: Readonly<Record<string, string>>;
  /** Read the vintage current at this moment; now when absent. */
  readonly asOf?: Date;
}

/** The current vintage of each matching key, as of the given moment. */
export async function currentObservations(
  db: Db,
  q: ObservationQuery,
): Promise<readonly StoredObservation[]> {
  let inner = db
    .selectFrom('observation')
    .selectAll()
    .distinctOn(['series', 'area', 'period', 'dims_key'])
    .where('series', '=', q.series);
  if (q.areas && q.areas.length > 0) inner = inner.where('area', 'in', [...q.areas]);
  if (q.periods && q.periods.length > 0) inner = inner.where('period', 'in', [...q.periods]);
  if (q.dims && Object.keys(q.dims).length > 0)
    inner = inner.where(sql<boolean>`dims @> ${JSON.stringify(q.dims)}::jsonb`);
  if (q.asOf) inner = inner.where('recorded_at', '<=', q.asOf);
  const rows = await inner
    .orderBy('series')
    .orderBy('area')
    .orderBy('period')
    .orderBy('dims_key')
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    batchId: r.batch_id,
    recordedAt: r.recorded_at,
    series: r.series,
    area: r.area,
    period: r.period,
    dims: r.dims,
    value:
      r.value === null
        ? {
            kind: 'missing',
            reason: (r.missing_reason ?? 'not-available') as 'confidential',
            marker: r.missing_marker ?? '..',
          }
        : { kind: 'number', value: r.value },
    numerator: r.numerator ?? undefined,
    denominator: r.denominator ?? undefined,
    unit: r.unit,
    status: r.status as Observation['status'],
    illustrative: r.illustrative,
  }));
}

/** Every vintage of one key, newest first: how a figure was revised. */
export async function vintagesOf(
  db: Db,
  key: { series: string; area: string; period: string; dims: Readonly<Record<string, string>> },
): Promise<readonly { value: number | null; recordedAt: Date; batchId: string }[]> {
  const rows = await db
    .selectFrom('observation')
    .select(['value', 'recorded_at', 'batch_id'])
    .where('series', '=', key.series)
    .where('area', '=', key.area)
    .where('period', '=', key.period)
    .where('dims_key', '=', dimsKey(key.dims))
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ value: r.value, recordedAt: r.recorded_at, batchId: r.batch_id }));
}

export async function listBatches(db: Db, limit = 100): Promise<readonly BatchRecord[]> {
  const rows = await db.selectFrom('import_batch').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toBatch);
}

export async function findBatches(db: Db, ids: readonly string[]): Promise<readonly BatchRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('import_batch')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toBatch);
}

/** The distinct periods and areas a series has, for choosers. */
export async function seriesExtent(db: Db, series: string): Promise<{ periods: string[]; areas: string[] }> {
  const periods = await db
    .selectFrom('observation')
    .select('period')
    .distinct()
    .where('series', '=', series)
    .orderBy('period')
    .execute();
  const areas = await db
    .selectFrom('observation')
    .select('area')
    .distinct()
    .where('series', '=', series)
    .orderBy('area')
    .execute();
  return { periods: periods.map((p) => p.period), areas: areas.map((a) => a.area) };
}

function toBatch(r: {
  id: string;
  source: string;
  source_table: string | null;
  query: string | null;
  file_name: string | null;
  sha256: string | null;
  licence: string | null;
  note: string | null;
  retrieved_at: Date;
  imported_at: Date;
  imported_by: string;
  illustrative: boolean;
  rows_received: number;
  rows_stored: number;
  rows_unchanged: number;
}): BatchRecord {
  return {
    id: r.id,
    provenance: {
      source: r.source as Provenance['source'],
      table: r.source_table ?? undefined,
      query: r.query ?? undefined,
      fileName: r.file_name ?? undefined,
      sha256: r.sha256 ?? undefined,
      licence: r.licence ?? undefined,
      note: r.note ?? undefined,
      retrievedAt: r.retrieved_at,
    },
    importedAt: r.imported_at,
    importedBy: r.imported_by,
    illustrative: r.illustrative,
    rowsReceived: r.rows_received,
    rowsStored: r.rows_stored,
    rowsUnchanged: r.rows_unchanged,
  };
}

/** A current figure as the indicator views read it: only the columns they use. */
export interface CurrentFigure {
  readonly period: string;
  readonly dims: Readonly<Record<string, string>>;
  /** Null when the figure is missing; `missingReason` then says why. */
  readonly value: number | null;
  readonly missingReason: string | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly batchId: string;
  readonly illustrative: boolean;
}

/** The current figures of one series in one area. */
export interface SeriesFigures {
  readonly series: string;
  readonly area: string;
  readonly figures: readonly CurrentFigure[];
}

/**
 * The current vintage of every key of the given series (and areas, when given), in one query and one row per
 * series and area. A national read is hundreds of thousands of figures; sent row by row, decoding the rows
 * costs more than finding them. So each series and area comes as one text, a figure per record (ASCII record
 * separator) and a field per unit (ASCII unit separator): no field can hold either, as periods and missing
 * reasons are codes, numbers are digits and dimensions are JSON, which writes control characters escaped.
 * A JSON aggregate would be simpler but costs the database several times as much to build.
 */
export async function currentFigures(
  db: Db,
  q: { readonly series: readonly string[]; readonly areas?: readonly string[]; readonly asOf?: Date },
): Promise<readonly SeriesFigures[]> {
  if (q.series.length === 0) return [];
  const areas = q.areas && q.areas.length > 0 ? sql`and area = any(${[...q.areas]}::text[])` : sql``;
  const asOf = q.asOf ? sql`and recorded_at <= ${q.asOf}` : sql``;
  const r = await sql<{ series: string; area: string; figures: string }>`
    select series, area,
      string_agg(concat_ws(chr(31), period, dims::text, coalesce(value::text, ''), coalesce(missing_reason, ''),
        coalesce(numerator::text, ''), coalesce(denominator::text, ''), batch_id, illustrative::int), chr(30))
        as figures
    from (
      select distinct on (series, area, period, dims_key) *
      from observation
      where series = any(${[...q.series]}::text[]) ${areas} ${asOf}
      order by series, area, period, dims_key, recorded_at desc, id desc
    ) current
    group by series, area`.execute(db);
  // A series repeats a handful of dimension combinations over thousands of figures: each is parsed once.
  const parsed = new Map<string, Readonly<Record<string, string>>>();
  const dimsOf = (text: string) => {
    let dims = parsed.get(text);
    if (!dims) {
      dims = JSON.parse(text) as Record<string, string>;
      parsed.set(text, dims);
    }
    return dims;
  };
  return r.rows.map((row) => ({
    series: row.series,
    area: row.area,
    figures: readFigures(row.figures, dimsOf),
  }));
}

/** The records of one `currentFigures` text, read field by field in place (splitting costs twice as much). */
function readFigures(
  text: string,
  dimsOf: (text: string) => Readonly<Record<string, string>>,
): CurrentFigure[] {
  const out: CurrentFigure[] = [];
  const next = (from: number) => text.indexOf('\x1f', from + 1);
  const number = (from: number, to: number) => (to > from + 1 ? Number(text.slice(from + 1, to)) : null);
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\x1e', start);
    if (end < 0) end = text.length;
    // The ends of the period, dims, value, missing reason, numerator, denominator and batch id fields.
    const period = next(start - 1);
    const dims = next(period);
    const value = next(dims);
    const reason = next(value);
    const numerator = next(reason);
    const denominator = next(numerator);
    const batch = next(denominator);
    out.push({
      period: text.slice(start, period),
      dims: dimsOf(text.slice(period + 1, dims)),
      value: number(dims, value),
      missingReason: reason > value + 1 ? text.slice(value + 1, reason) : null,
      numerator: number(reason, numerator),
      denominator: number(numerator, denominator),
      batchId: text.slice(denominator + 1, batch),
      illustrative: text.charCodeAt(batch + 1) === 49, // "1"
    });
    start = end + 1;
  }
  return out;
}

/**
 * What the stored figures are at this moment, as a value that changes with every import that commits: the
 * number of batches and the newest batch id (batches are never deleted, so the pair only grows; the count
 * also moves when a batch with a lower id commits after a higher one).
 */
export async function dataGeneration(db: Db): Promise<string> {
  const r = await sql<{ n: string; last: string | null; versions: string }>`
    select count(*) as n, max(id) as last, (select count(*) from strategy_version) as versions
    from import_batch`.execute(db);
  const row = r.rows[0];
  return `${row?.n ?? 0}:${row?.last ?? 0}:${row?.versions ?? 0}`;
}
