// Queries on observations and their import batches. Rows are only ever added: a changed figure is a new row,
// and a read names the moment it reads "as of" (now by default).
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  dimsKey,
  type Observation,
  type ObservedValue,
  type Provenance,
} from '../domain/observation/index.ts';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

/** Rows go to the database in slices of this size: large enough to be fast, small enough for any parameter limit. */
const SLICE = 2_000;

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

/**
 * Stages the rows in a temporary table and keeps those that differ from the current vintage of their key.
 * Must run inside a transaction; the caller decides whether to keep the batch (it is dropped with the
 * transaction if nothing changed).
 */
export async function stageObservations(
  trx: Transaction<Tables>,
  rows: readonly Observation[],
  create = true,
): Promise<void> {
  if (create)
    await sql`
    create temporary table staged_observation (
      series text, area text, period text, dims jsonb, dims_key text, value double precision,
      missing_reason text, missing_marker text, numerator double precision, denominator double precision,
      unit text, status text, illustrative boolean
    ) on commit drop`.execute(trx);
  for (let i = 0; i < rows.length; i += SLICE) {
    const slice = rows.slice(i, i + SLICE);
    const col = <T>(f: (o: Observation) => T) => slice.map(f);
    const num = (o: ObservedValue) => (o.kind === 'number' ? o.value : null);
    await sql`
      insert into staged_observation
      select * from unnest(
        ${col((o) => o.series)}::text[], ${col((o) => o.area)}::text[], ${col((o) => o.period)}::text[],
        ${col((o) => JSON.stringify(o.dims))}::jsonb[], ${col((o) => dimsKey(o.dims))}::text[],
        ${col((o) => num(o.value))}::double precision[],
        ${col((o) => (o.value.kind === 'missing' ? o.value.reason : null))}::text[],
        ${col((o) => (o.value.kind === 'missing' ? o.value.marker : null))}::text[],
        ${col((o) => o.numerator ?? null)}::double precision[], ${col((o) => o.denominator ?? null)}::double precision[],
        ${col((o) => o.unit)}::text[], ${col((o) => o.status)}::text[], ${col((o) => o.illustrative)}::boolean[]
      )`.execute(trx);
  }
}

/**
 * A staged row (alias s) that differs from the current vintage of its key, or whose key is new. Equal figures
 * are not stored again: that is what makes the same file imported twice store nothing.
 */
const differsFromCurrent = sql`
  where not exists (
    select 1 from (
      select distinct on (o.series, o.area, o.period, o.dims_key) o.*
      from observation o
      where o.series = s.series and o.area = s.area and o.period = s.period and o.dims_key = s.dims_key
      order by o.series, o.area, o.period, o.dims_key, o.recorded_at desc, o.id desc
    ) c
    where c.value is not distinct from s.value and c.missing_reason is not distinct from s.missing_reason
      and c.numerator is not distinct from s.numerator and c.denominator is not distinct from s.denominator
      and c.unit = s.unit and c.status = s.status and c.illustrative = s.illustrative
  )`;

/** How many staged rows differ from the current vintage (new keys included). */
export async function countChangedStaged(trx: Transaction<Tables>): Promise<number> {
  const r = await sql<{ n: string }>`
    select count(*) as n from staged_observation s ${differsFromCurrent}`.execute(trx);
  return Number(r.rows[0]?.n ?? 0);
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

/** Moves the changed staged rows into the observation table as the batch's new vintage. */
export async function insertChangedStaged(
  trx: Transaction<Tables>,
  batchId: string,
  recordedAt: Date,
): Promise<number> {
  const r = await sql`
    insert into observation (batch_id, series, area, period, dims, dims_key, value, missing_reason, missing_marker,
      numerator, denominator, unit, status, illustrative, recorded_at)
    select ${batchId}::bigint, s.series, s.area, s.period, s.dims, s.dims_key, s.value, s.missing_reason, s.missing_marker,
      s.numerator, s.denominator, s.unit, s.status, s.illustrative, ${recordedAt}::timestamptz
    from staged_observation s ${differsFromCurrent}`.execute(trx);
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
