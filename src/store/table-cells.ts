// The current cells of a stored statistical table, read for a computation over them: the table's codes first
// (one row per set of dimension codes), then only the cells of the code sets the computation reads, straight from
// the segments. A table of every municipality is millions of cells; an indicator reads a few per cent of them.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ObservedValue } from '../domain/observation/index.ts';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

/** The areas a series has figures for, in order. */
export async function seriesAreas(db: Db, series: string): Promise<readonly string[]> {
  const r = await sql<{ area: string }>`
    select distinct area from observation_segment where series = ${series} order by area`.execute(db);
  return r.rows.map((row) => row.area);
}

/** Every distinct set of dimension codes a series holds, with its key. */
export async function seriesDimensionSets(
  db: Db,
  series: string,
): Promise<readonly { readonly key: string; readonly dims: Readonly<Record<string, string>> }[]> {
  const r = await sql<{ dims_key: string; dims: string }>`
    select distinct dims_key, dims::text as dims from observation_segment where series = ${series}`.execute(
    db,
  );
  return r.rows.map((row) => ({ key: row.dims_key, dims: JSON.parse(row.dims) as Record<string, string> }));
}

export interface StoredTableCell {
  readonly area: string;
  readonly period: string;
  readonly dims: Readonly<Record<string, string>>;
  readonly value: ObservedValue;
  readonly status: 'final' | 'provisional';
  readonly batchId: string;
}

/**
 * The current vintage of every figure of the series whose code set is one of `keys` (in `areas`, when given): per
 * key and period, the newest segment holding the period. The dims objects are shared by the cells of one code set.
 */
export async function currentTableCells(
  db: Db,
  series: string,
  keys: readonly string[],
  areas?: readonly string[],
): Promise<readonly StoredTableCell[]> {
  if (keys.length === 0 || areas?.length === 0) return [];
  const inAreas = areas ? sql`and area = any(${[...areas]}::text[])` : sql``;
  const r = await sql<{
    area: string;
    dims_key: string;
    dims: string;
    status: string;
    batch_id: string;
    periods: string;
    vals: string;
    reasons: string | null;
    markers: string | null;
  }>`
    select area, dims_key, dims::text as dims, status, batch_id::text as batch_id,
      array_to_string(periods, ',') as periods, array_to_string(vals, ',', '') as vals,
      array_to_string(missing_reasons, ',', '') as reasons, array_to_string(missing_markers, ',', '') as markers
    from observation_segment
    where series = ${series} and dims_key = any(${[...keys]}::text[]) ${inAreas}
    order by area, dims_key, recorded_at desc, id desc`.execute(db);
  const parsed = new Map<string, Readonly<Record<string, string>>>();
  const out: StoredTableCell[] = [];
  let key: string | undefined;
  let taken = new Set<string>();
  for (const row of r.rows) {
    const rowKey = `${row.area}\u0000${row.dims_key}`;
    if (rowKey !== key) {
      key = rowKey;
      taken = new Set();
    }
    let dims = parsed.get(row.dims);
    if (dims === undefined)
      parsed.set(row.dims, (dims = Object.freeze(JSON.parse(row.dims) as object) as never));
    const periods = row.periods.split(',');
    const vals = row.vals.split(',');
    const reasons = row.reasons?.split(',');
    const markers = row.markers?.split(',');
    const status = row.status === 'provisional' ? 'provisional' : 'final';
    for (let i = 0; i < periods.length; i++) {
      const period = periods[i] as string;
      if (taken.has(period)) continue;
      taken.add(period);
      const v = vals[i];
      const value: ObservedValue =
        v === undefined || v === ''
          ? {
              kind: 'missing',
              reason: (reasons?.[i] || 'not-available') as 'confidential',
              marker: markers?.[i] || '..',
            }
          : { kind: 'number', value: Number(v) };
      out.push({
        area: row.area,
        period,
        dims: dims as Record<string, string>,
        value,
        status,
        batchId: row.batch_id,
      });
    }
  }
  return out;
}
