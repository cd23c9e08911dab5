// Queries on observations and their import batches. Rows are only ever added: a changed figure is a new row,
// and a read names the moment it reads "as of" (now by default).
import { finished } from 'node:stream/promises';
import { sql, type Kysely, type Transaction } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { dimsKey, type Observation, type Provenance } from '../domain/observation/index.ts';
import type { Database, RawConnection } from './database.ts';
import {
  SegmentGrouper,
  SliceWriter,
  STAGED_COLUMNS,
  type RepeatedFigure,
  type SplitKey,
} from './observation-copy.ts';
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

/** Slices of COPY text of this many bytes: a few round trips per million figures, and flat memory. */
const COPY_SLICE_BYTES = 2 << 20;
const MAX_SLICES_IN_FLIGHT = 4;

/**
 * Figures held before their segments are written: a window of a quarter of a million figures (some 20 MB)
 * gathers a StatBank table's keys over all their periods whichever variable its rows vary fastest.
 */
const SEGMENT_WINDOW = 250_000;

/** Rows streaming, as segments, into the temporary table `staged_segment`, inside the caller's transaction. */
export interface Staging {
  /** Adds one validated row; true when a window is full and `flush()` should be awaited before the next add. */
  add(o: Observation): boolean;
  /** Sends the segments gathered so far; they travel while the next window is gathered. */
  flush(): Promise<void>;
  /** Sends the rest and waits until every segment is in the table. */
  finish(): Promise<StagedRows>;
  /** Waits for a slice still in flight, ignoring its outcome: for a caller that is giving up on the import. */
  settle(): Promise<void>;
}

export interface StagedRows {
  readonly rows: number;
  readonly series: ReadonlySet<string>;
  /** Each series with the periods its figures have. */
  readonly periods: ReadonlyMap<string, ReadonlySet<string>>;
  /** Figures given twice within one segment (at most ten), and how many such figures there were. */
  readonly repeats: readonly RepeatedFigure[];
  readonly repeatCount: number;
  /** Keys written in more than one segment; or every key, when there were too many to remember. */
  readonly splitKeys: readonly SplitKey[] | 'all';
  /** Where the segments went: the staging table, or straight into `observation_segment` under this batch. */
  readonly direct?: DirectTarget | undefined;
  /** The staged segments already compared with the stored ones, window by window: those up to this id. */
  readonly comparedThrough?: string | undefined;
}

/**
 * An import of series the database has never seen stores every figure: its segments are written straight into
 * `observation_segment` under the batch `beginBatch` inserted, completed with its counts at the end.
 */
export interface DirectTarget {
  readonly batchId: string;
  readonly recordedAt: Date;
}

/**
 * Creates the staging table and returns its writer. Segments are sent with COPY FROM STDIN on the transaction's
 * own connection on a server (pg-copy-streams), and with COPY FROM '/dev/blob' on the embedded database, whose
 * one session is the transaction's. The table is dropped with the transaction. With a `direct` target the
 * segments go straight into `observation_segment` instead.
 */
export async function openStaging(
  database: Database,
  trx: Transaction<Tables>,
  direct?: DirectTarget,
  window = SEGMENT_WINDOW,
  options: { readonly compareEachWindow?: boolean } = {},
): Promise<Staging> {
  await sql`
    create temporary table staged_segment (
      id bigserial, series text, area text, dims jsonb, dims_key text, unit text, status text,
      illustrative boolean, periods text[], vals double precision[], missing_reasons text[],
      missing_markers text[], numerators double precision[], denominators double precision[]
    ) on commit drop`.execute(trx);
  // Series the database holds are compared with it a window at a time, once the window's slices are in: on a
  // server, while the next window is read.
  const compareEachWindow = options.compareEachWindow === true && direct === undefined;
  if (compareEachWindow) await createComparisonTables(trx);
  let comparedThrough = compareEachWindow ? '0' : undefined;
  const compareSent = async () => {
    if (comparedThrough !== undefined) comparedThrough = await compareStaged(trx, comparedThrough);
  };
  const send = copySender(await database.connectionOf(trx), direct);
  const grouper = new SegmentGrouper(
    window,
    direct ? `${direct.batchId}\t${direct.recordedAt.toISOString()}\t` : '',
  );
  const slices = new SliceWriter(COPY_SLICE_BYTES);
  const periods = new Map<string, Set<string>>();
  let lastSeries: string | undefined;
  let lastPeriods = new Set<string>();
  let rows = 0;
  let lastPeriod: string | undefined;
  // Slices go one after another on the connection; up to MAX_SLICES_IN_FLIGHT wait their turn while the next
  // ones are built, so reading and the database's work overlap without memory growing.
  let inFlight: Promise<void> = Promise.resolve();
  const queued: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  const sendTaken = async () => {
    while (queued.length >= MAX_SLICES_IN_FLIGHT) await queued.shift();
    if (failure) throw failure.error;
    for (const slice of slices.take()) {
      // Caught here and raised by the next send or finish, so a failed slice is never an unhandled rejection.
      inFlight = inFlight
        .then(async () => {
          if (failure) return;
          await send(slice);
          slices.recycle(slice);
        })
        .catch((error: unknown) => {
          failure ??= { error };
        });
      queued.push(inFlight);
    }
  };
  const flush = async () => {
    for (const _ of grouper.drainInto(slices)) await sendTaken();
    await sendTaken();
    if (compareEachWindow) {
      // After the window's slices on the connection, like them caught here and raised by the next send.
      inFlight = inFlight
        .then(async () => {
          if (!failure) await compareSent();
        })
        .catch((error: unknown) => {
          failure ??= { error };
        });
      queued.push(inFlight);
    }
  };
  return {
    add(o) {
      rows++;
      if (o.series !== lastSeries) {
        lastSeries = o.series;
        lastPeriod = undefined;
        let known = periods.get(o.series);
        if (!known) periods.set(o.series, (known = new Set()));
        lastPeriods = known;
      }
      if (o.period !== lastPeriod) lastPeriods.add((lastPeriod = o.period));
      return grouper.add(o);
    },
    flush,
    async finish() {
      await flush();
      await inFlight;
      if (failure) throw failure.error;
      return {
        rows,
        series: new Set(periods.keys()),
        periods,
        repeats: grouper.repeats,
        repeatCount: grouper.repeatCount,
        splitKeys: grouper.compareAllSegments ? 'all' : grouper.splitKeys,
        direct,
        comparedThrough,
      };
    },
    settle: () => inFlight,
  };
}

function copySender(connection: RawConnection, direct?: DirectTarget): (slice: Buffer) => Promise<void> {
  // Straight into the table, each line starts with the batch id and the moment (the grouper's line prefix).
  const statement = direct
    ? `copy observation_segment (batch_id, recorded_at, ${STAGED_COLUMNS}) from`
    : `copy staged_segment (${STAGED_COLUMNS}) from`;
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
 * Keys given more than once in one import (at most `limit`): one figure per key is all a batch may say. Repeats
 * within a segment were found as it was written; here the segments of a key that spans windows are compared.
 */
export async function duplicateStagedKeys(
  trx: Transaction<Tables>,
  staged: StagedRows,
  limit = 10,
): Promise<readonly { series: string; area: string; period: string; dims: string; count: number }[]> {
  const r = await sql<{ series: string; area: string; period: string; dims_key: string; n: string }>`
    with candidate as materialized (
      select s.series, s.area, s.dims_key, s.periods from ${segmentsOf(staged)} s
      where ${splitKeysFilter(staged)}
    )
    select s.series, s.area, p.period, s.dims_key, count(*) as n
    from candidate s cross join lateral unnest(s.periods) as p(period)
    group by s.series, s.area, s.dims_key, p.period having count(*) > 1
    order by s.series, s.area, s.dims_key, p.period limit ${limit}`.execute(trx);
  const found = new Map<
    string,
    { series: string; area: string; period: string; dims: string; count: number }
  >();
  for (const x of [
    ...staged.repeats,
    ...r.rows.map((x) => ({
      series: x.series,
      area: x.area,
      period: x.period,
      dims: x.dims_key,
      count: Number(x.n),
    })),
  ]) {
    const key = `${x.series}\u0000${x.area}\u0000${x.dims}\u0000${x.period}`;
    const before = found.get(key);
    // A figure repeated inside a segment and across segments is counted once, with all its repeats.
    found.set(key, before ? { ...x, count: before.count + x.count - 1 } : x);
  }
  return [...found.values()].slice(0, limit);
}

/** The import's segments: in the staging table, or in `observation_segment` under the import's batch. */
function segmentsOf(staged: StagedRows) {
  return staged.direct
    ? sql`(select * from observation_segment where batch_id = ${staged.direct.batchId}::bigint)`
    : sql`staged_segment`;
}

/** The segments whose keys the grouper saw in more than one segment (all, when it could not remember). */
function splitKeysFilter(staged: StagedRows) {
  if (staged.splitKeys === 'all')
    return sql`(s.series, s.area, s.dims_key) in (
      select series, area, dims_key from ${segmentsOf(staged)} x group by series, area, dims_key having count(*) > 1)`;
  if (staged.splitKeys.length === 0) return sql`false`;
  const k = staged.splitKeys;
  return sql`(s.series, s.area, s.dims_key) in (
    select * from unnest(${k.map((x) => x.series)}::text[], ${k.map((x) => x.area)}::text[],
      ${k.map((x) => x.dimsKey)}::text[]))`;
}

/** Whether the database holds a figure of any of these series. */
export async function anySeriesKnown(trx: Transaction<Tables>, series: readonly string[]): Promise<boolean> {
  const r = await sql`
    select 1 from observation_segment where series = any(${[...series]}::text[]) limit 1`.execute(trx);
  return r.rows.length > 0;
}

/**
 * Takes the next batch id for an import that writes its segments before its batch row, and defers the segments'
 * foreign key to the commit, when the batch row is there.
 */
/**
 * Inserts the batch row of an import whose segments are written straight into `observation_segment`, before
 * they are: the segments' foreign key is then checked as each slice arrives. Its counts are placeholders (-1)
 * until `completeBatch`, which must come before the commit (the database refuses the commit otherwise).
 */
export async function beginBatch(
  trx: Transaction<Tables>,
  b: { provenance: Provenance; importedAt: Date; importedBy: string },
): Promise<string> {
  return insertBatch(trx, { ...b, illustrative: false, received: -1, stored: -1 });
}

/** Gives a batch begun by `beginBatch` its counts, its file's hash (known once the file is read) and its flag. */
export async function completeBatch(
  trx: Transaction<Tables>,
  id: string,
  b: { sha256: string | undefined; illustrative: boolean; received: number; stored: number },
): Promise<void> {
  await sql`select set_config('pejlemaerke.completing_batch', ${id}, true)`.execute(trx);
  await trx
    .updateTable('import_batch')
    .set({
      sha256: b.sha256 ?? null,
      illustrative: b.illustrative,
      rows_received: b.received,
      rows_stored: b.stored,
      rows_unchanged: b.received - b.stored,
    })
    .where('id', '=', id)
    .execute();
  // Nothing else in the transaction may change a batch.
  await sql`select set_config('pejlemaerke.completing_batch', '', true)`.execute(trx);
}

/** How the staged figures are to be stored: every one (no series known before), or only the changed ones. */
export type StagedChanges =
  | { readonly kind: 'all' | 'written'; readonly rows: number }
  | { readonly kind: 'changed'; readonly rows: number };

/**
 * Compares the staged figures with their current vintages and returns how many are to be stored: the changed
 * figures and the new keys, which are put in `staged_figure`. Equal figures are not stored again: that is what
 * makes the same file imported twice store nothing. Series the database has never seen skip the comparison,
 * since every figure of theirs is new.
 *
 * The comparison goes a segment at a time, never over every figure at once: a staged segment whose key's newest
 * stored segment (among those holding any of its periods) holds the same periods and figures is equal as a
 * whole, found by comparing the arrays; any other is compared figure by figure with its own key's current
 * vintage, worked out from that key's few stored segments. A million figures are then some fifteen thousand
 * small comparisons (each an index lookup of one key) instead of one sort and join of two million rows. An
 * import of declared series the database holds has had its windows compared as they were staged (`openStaging`
 * with `compareEachWindow`); what is left is compared here.
 */
export async function dropUnchangedStaged(
  trx: Transaction<Tables>,
  staged: StagedRows,
): Promise<StagedChanges> {
  if (staged.direct) return { kind: 'written', rows: staged.rows };
  if (staged.rows === 0) return { kind: 'all', rows: 0 };
  if (!(await anySeriesKnown(trx, [...staged.series]))) return { kind: 'all', rows: staged.rows };
  if (staged.comparedThrough === undefined) await createComparisonTables(trx);
  await compareStaged(trx, staged.comparedThrough ?? '0');
  const left = await sql<{ n: string }>`select count(*) as n from staged_figure`.execute(trx);
  return { kind: 'changed', rows: Number(left.rows[0]?.n ?? 0) };
}

/** The tables `compareStaged` fills: staged segments found equal as a whole, and the figures to store. */
async function createComparisonTables(trx: Transaction<Tables>): Promise<void> {
  await sql`
    create temporary table staged_figure (
      segment bigint, series text, area text, dims jsonb, dims_key text, unit text, status text,
      illustrative boolean, period text, value double precision, missing_reason text, missing_marker text,
      numerator double precision, denominator double precision, n bigint
    ) on commit drop`.execute(trx);
  await sql`create temporary table staged_equal (id bigint primary key) on commit drop`.execute(trx);
  await sql`
    create temporary table staged_based (id bigint primary key, base bigint, revised boolean)
    on commit drop`.execute(trx);
}

/**
 * Compares the staged segments after id `after` (all of those in the table now) with the stored ones, and
 * returns the id of the last one compared.
 */
async function compareStaged(trx: Transaction<Tables>, after: string): Promise<string> {
  const r = await sql<{ upto: string | null }>`select max(id)::text as upto from staged_segment`.execute(trx);
  const upto = r.rows[0]?.upto ?? after;
  if (BigInt(upto) <= BigInt(after)) return after;
  const range = sql`s.id > ${after}::bigint and s.id <= ${upto}::bigint`;
  // The staged segments equal as a whole to their key's current figures of the same periods.
  await sql`
    insert into staged_equal
    select s.id from staged_segment s
    cross join lateral (
      select o.periods, o.vals, o.missing_reasons, o.missing_markers, o.numerators, o.denominators, o.unit,
        o.status, o.illustrative
      from observation_segment o
      where o.series = s.series and o.area = s.area and o.dims_key = s.dims_key and o.periods && s.periods
      order by o.recorded_at desc, o.id desc
      limit 1
    ) c
    where ${range} and c.periods = s.periods and c.vals is not distinct from s.vals
      and c.missing_reasons is not distinct from s.missing_reasons
      and c.missing_markers is not distinct from s.missing_markers
      and c.numerators is not distinct from s.numerators and c.denominators is not distinct from s.denominators
      and c.unit = s.unit and c.status = s.status and c.illustrative = s.illustrative`.execute(trx);
  // The others, each with the newest stored segment of its key that has its periods in the same order (its
  // base), and whether a newer one holds any of them (a revision of some figures).
  await sql`
    insert into staged_based
    select s.id, b.id, exists (
      select 1 from observation_segment n
      where n.series = s.series and n.area = s.area and n.dims_key = s.dims_key and n.periods && s.periods
        and (n.recorded_at, n.id) > (b.recorded_at, b.id))
    from staged_segment s
    cross join lateral (
      select o.id, o.recorded_at from observation_segment o
      where o.series = s.series and o.area = s.area and o.dims_key = s.dims_key and o.periods = s.periods
      order by o.recorded_at desc, o.id desc
      limit 1
    ) b
    where ${range} and s.id not in (select id from staged_equal)`.execute(trx);
  // A based segment's figures are its base's, figure for figure, except where a newer segment holds the period.
  await sql`
    insert into staged_figure
    select s.id, s.series, s.area, s.dims, s.dims_key, s.unit, s.status, s.illustrative, f.period, f.value,
      f.missing_reason, f.missing_marker, f.numerator, f.denominator, f.n
    from staged_based x
    join staged_segment s on s.id = x.id
    join observation_segment b on b.id = x.base
    cross join lateral unnest(s.periods, s.vals, s.missing_reasons, s.missing_markers, s.numerators,
      s.denominators, b.vals, b.missing_reasons, b.missing_markers, b.numerators, b.denominators)
      with ordinality as f(period, value, missing_reason, missing_marker, numerator, denominator, b_value,
        b_reason, b_marker, b_numerator, b_denominator, n)
    where x.id > ${after}::bigint and x.id <= ${upto}::bigint and not x.revised
      and (f.value is distinct from f.b_value or f.missing_reason is distinct from f.b_reason
        or f.missing_marker is distinct from f.b_marker or f.numerator is distinct from f.b_numerator
        or f.denominator is distinct from f.b_denominator or b.unit <> s.unit or b.status <> s.status
        or b.illustrative <> s.illustrative)`.execute(trx);
  await sql`
    insert into staged_figure
    select s.id, s.series, s.area, s.dims, s.dims_key, s.unit, s.status, s.illustrative, d.period, d.value,
      d.missing_reason, d.missing_marker, d.numerator, d.denominator, d.n
    from staged_based x
    join staged_segment s on s.id = x.id
    join observation_segment b on b.id = x.base
    cross join lateral (
      select f.* from unnest(s.periods, s.vals, s.missing_reasons, s.missing_markers, s.numerators,
        s.denominators, b.vals, b.missing_reasons, b.missing_markers, b.numerators, b.denominators)
        with ordinality as f(period, value, missing_reason, missing_marker, numerator, denominator, b_value,
          b_reason, b_marker, b_numerator, b_denominator, n)
      left join (
        select distinct on (g.period) g.period, g.value, g.missing_reason, g.missing_marker, g.numerator,
          g.denominator, o.unit, o.status, o.illustrative
        from observation_segment o
        cross join lateral unnest(o.periods, o.vals, o.missing_reasons, o.missing_markers, o.numerators,
          o.denominators) as g(period, value, missing_reason, missing_marker, numerator, denominator)
        where o.series = s.series and o.area = s.area and o.dims_key = s.dims_key and o.periods && s.periods
          and (o.recorded_at, o.id) > (b.recorded_at, b.id)
        order by g.period, o.recorded_at desc, o.id desc
      ) c on c.period = f.period
      where case when c.period is null then
          f.value is distinct from f.b_value or f.missing_reason is distinct from f.b_reason
          or f.missing_marker is distinct from f.b_marker or f.numerator is distinct from f.b_numerator
          or f.denominator is distinct from f.b_denominator or b.unit <> s.unit or b.status <> s.status
          or b.illustrative <> s.illustrative
        else
          c.value is distinct from f.value or c.missing_reason is distinct from f.missing_reason
          or c.missing_marker is distinct from f.missing_marker or c.numerator is distinct from f.numerator
          or c.denominator is distinct from f.denominator or c.unit <> s.unit or c.status <> s.status
          or c.illustrative <> s.illustrative
        end
    ) d
    where x.id > ${after}::bigint and x.id <= ${upto}::bigint and x.revised`.execute(trx);
  // Every other segment's figures that differ from their key's current vintage (the newest stored segment
  // holding the period), or that have none.
  await sql`
    insert into staged_figure
    select s.id, s.series, s.area, s.dims, s.dims_key, s.unit, s.status, s.illustrative, d.period, d.value,
      d.missing_reason, d.missing_marker, d.numerator, d.denominator, d.n
    from staged_segment s
    cross join lateral (
      select f.* from unnest(s.periods, s.vals, s.missing_reasons, s.missing_markers, s.numerators,
        s.denominators) with ordinality as f(period, value, missing_reason, missing_marker, numerator,
        denominator, n)
      left join (
        select distinct on (g.period) g.period, g.value, g.missing_reason, g.missing_marker, g.numerator,
          g.denominator, o.unit, o.status, o.illustrative
        from observation_segment o
        cross join lateral unnest(o.periods, o.vals, o.missing_reasons, o.missing_markers, o.numerators,
          o.denominators) as g(period, value, missing_reason, missing_marker, numerator, denominator)
        where o.series = s.series and o.area = s.area and o.dims_key = s.dims_key and o.periods && s.periods
        order by g.period, o.recorded_at desc, o.id desc
      ) c on c.period = f.period
      where c.period is null or c.value is distinct from f.value
        or c.missing_reason is distinct from f.missing_reason or c.missing_marker is distinct from f.missing_marker
        or c.numerator is distinct from f.numerator or c.denominator is distinct from f.denominator
        or c.unit <> s.unit or c.status <> s.status or c.illustrative <> s.illustrative
    ) d
    where ${range} and s.id not in (select id from staged_equal) and s.id not in (select id from staged_based)`.execute(
    trx,
  );
  return upto;
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

/**
 * Stores the staged figures (those `dropUnchangedStaged` left) as the batch's new vintage, and the periods they
 * bring to their series. Returns the number of figures stored.
 */
export async function insertStaged(
  trx: Transaction<Tables>,
  batchId: string,
  recordedAt: Date,
  staged: StagedRows,
  changes: StagedChanges,
): Promise<number> {
  // 'written': the segments went straight into the table as they were read; only the periods are left to note.
  if (changes.kind === 'all')
    await sql`
      insert into observation_segment (batch_id, series, area, dims, dims_key, unit, status, illustrative,
        recorded_at, periods, vals, missing_reasons, missing_markers, numerators, denominators)
      select ${batchId}::bigint, series, area, dims, dims_key, unit, status, illustrative,
        ${recordedAt}::timestamptz, periods, vals, missing_reasons, missing_markers, numerators, denominators
      from staged_segment order by id`.execute(trx);
  else if (changes.kind === 'changed')
    await sql`
      insert into observation_segment (batch_id, series, area, dims, dims_key, unit, status, illustrative,
        recorded_at, periods, vals, missing_reasons, missing_markers, numerators, denominators)
      select ${batchId}::bigint, series, area, dims, dims_key, unit, status, illustrative,
        ${recordedAt}::timestamptz, array_agg(period order by n), array_agg(value order by n),
        case when bool_or(missing_reason is not null) then array_agg(missing_reason order by n) end,
        case when bool_or(missing_marker is not null) then array_agg(missing_marker order by n) end,
        case when bool_or(numerator is not null) then array_agg(numerator order by n) end,
        case when bool_or(denominator is not null) then array_agg(denominator order by n) end
      from staged_figure
      group by segment, series, area, dims, dims_key, unit, status, illustrative
      order by segment`.execute(trx);
  await noteSeriesPeriods(trx, staged.periods);
  return changes.rows;
}

/** Adds the periods an import brings to each series' list (`series_period`), which the choosers read. */
async function noteSeriesPeriods(
  trx: Transaction<Tables>,
  byPeriod: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<void> {
  const series: string[] = [];
  const periods: string[] = [];
  for (const [s, ps] of byPeriod)
    for (const p of ps) {
      series.push(s);
      periods.push(p);
    }
  await sql`
    insert into series_period (series, period)
    select * from unnest(${series}::text[], ${periods}::text[])
    on conflict do nothing`.execute(trx);
}

export interface ObservationQuery {
  readonly series: string;
  readonly areas?: readonly string[];
  readonly periods?: readonly string[];
  /** Only rows whose dims contain these pairs. */
  readonly dims?: Readonly<Record<string, string>>;
  /** Read the vintage current at this moment; now when absent. */
  readonly asOf?: Date;
  /** Read only figures of these import batches (a frozen evaluation's pins); every batch when absent. */
  readonly batches?: readonly string[] | undefined;
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
  if (q.batches) inner = inner.where(sql<boolean>`batch_id = any(${[...q.batches]}::bigint[])`);
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

/** The unit of a series' newest stored figures; undefined when the series has none. */
export async function unitOfSeries(db: Db, series: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('observation_segment')
    .select('unit')
    .where('series', '=', series)
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.unit;
}

/** The distinct periods and areas a series has, for choosers. */
export async function seriesExtent(db: Db, series: string): Promise<{ periods: string[]; areas: string[] }> {
  const periods = await db
    .selectFrom('series_period')
    .select('period')
    .where('series', '=', series)
    .orderBy('period')
    .execute();
  const areas = await db
    .selectFrom('observation_segment')
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
 * The current vintage of every key of the given series (and areas, when given), in one query and one entry per
 * series and area. The segments come in the vintage index's order, newest first within each key, so the current
 * figure of a period is the first one met: no sort of the figures, and a national read is some ten thousand rows
 * of array texts (periods are codes and missing reasons are words, so neither holds a comma). One exception: an
 * illustrative figure never supersedes a real one of the same key and period, however much later it was stored;
 * the newest real figure is current then.
 */
export async function currentFigures(
  db: Db,
  q: {
    readonly series: readonly string[];
    readonly areas?: readonly string[];
    readonly asOf?: Date | undefined;
    /** Only figures of these import batches (a frozen evaluation's pins); every batch when absent. */
    readonly batches?: readonly string[] | undefined;
  },
): Promise<readonly SeriesFigures[]> {
  if (q.series.length === 0) return [];
  const areas = q.areas && q.areas.length > 0 ? sql`and area = any(${[...q.areas]}::text[])` : sql``;
  const asOf = q.asOf ? sql`and recorded_at <= ${q.asOf}` : sql``;
  const pinned = q.batches ? sql`and batch_id = any(${[...q.batches]}::bigint[])` : sql``;
  const r = await sql<{
    series: string;
    area: string;
    dims_key: string;
    dims: string;
    batch_id: string;
    illustrative: boolean;
    periods: string;
    vals: string;
    reasons: string | null;
    numerators: string | null;
    denominators: string | null;
  }>`
    select series, area, dims_key, dims::text as dims, batch_id::text as batch_id, illustrative,
      array_to_string(periods, ',') as periods, array_to_string(vals, ',', '') as vals,
      array_to_string(missing_reasons, ',', '') as reasons, array_to_string(numerators, ',', '') as numerators,
      array_to_string(denominators, ',', '') as denominators
    from observation_segment
    where series = any(${[...q.series]}::text[]) ${areas} ${asOf} ${pinned}
    order by series, area, dims_key, recorded_at desc, id desc`.execute(db);
  // A series repeats a handful of dimension combinations over thousands of figures: each is parsed once.
  const parsed = new Map<string, Readonly<Record<string, string>>>();
  const out: SeriesFigures[] = [];
  let current: { series: string; area: string; figures: CurrentFigure[] } | undefined;
  let key: string | undefined;
  // The periods of the key met so far, each with where its figure is in `current.figures`, once its second
  // segment comes; before that, the first segment's periods and where its figures start.
  let taken: Map<string, number> | undefined;
  let first: readonly string[] = [];
  let firstAt = 0;
  const number = (x: string | undefined) => (x === undefined || x === '' ? null : Number(x));
  for (const row of r.rows) {
    if (current === undefined || current.series !== row.series || current.area !== row.area) {
      current = { series: row.series, area: row.area, figures: [] };
      out.push(current);
      key = undefined;
    }
    let dims = parsed.get(row.dims);
    if (dims === undefined) parsed.set(row.dims, (dims = JSON.parse(row.dims) as Record<string, string>));
    const periods = row.periods.split(',');
    if (row.dims_key !== key) {
      key = row.dims_key;
      taken = undefined;
      first = periods;
      firstAt = current.figures.length;
    } else taken ??= new Map(first.map((p, i) => [p, firstAt + i]));
    const vals = row.vals.split(',');
    const reasons = row.reasons?.split(',');
    const numerators = row.numerators?.split(',');
    const denominators = row.denominators?.split(',');
    const figureAt = (i: number): CurrentFigure => ({
      period: periods[i] as string,
      dims,
      value: number(vals[i]),
      missingReason: reasons?.[i] || null,
      numerator: number(numerators?.[i]),
      denominator: number(denominators?.[i]),
      batchId: row.batch_id,
      illustrative: row.illustrative,
    });
    for (let i = 0; i < periods.length; i++) {
      if (taken) {
        const period = periods[i] as string;
        const at = taken.get(period);
        if (at !== undefined) {
          // An older real figure takes the place of a newer illustrative one.
          if (!row.illustrative && current.figures[at]?.illustrative) current.figures[at] = figureAt(i);
          continue;
        }
        taken.set(period, current.figures.length);
      }
      current.figures.push(figureAt(i));
    }
  }
  return out;
}

/**
 * What the stored figures are at this moment, as a value that changes with every import that commits: the
 * number of batches and the newest batch id (batches are never deleted, so the pair only grows; the count
 * also moves when a batch with a lower id commits after a higher one), with the number of strategy versions and of
 * frozen evaluation rounds (a frozen round's report is a release the municipality's tables are protected beside).
 */
export async function dataGeneration(db: Db): Promise<string> {
  const r = await sql<{ n: string; last: string | null; versions: string; releases: string }>`
    select count(*) as n, max(id) as last, (select count(*) from strategy_version) as versions,
      (select count(*) from evaluation_round where state <> 'draft') as releases
    from import_batch`.execute(db);
  const row = r.rows[0];
  return `${row?.n ?? 0}:${row?.last ?? 0}:${row?.versions ?? 0}:${row?.releases ?? 0}`;
}
