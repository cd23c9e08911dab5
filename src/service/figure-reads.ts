// Current figures of many series and areas handed over one series at a time, the next read under way meanwhile.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/database.ts';
import {
  currentFigures,
  findBatches,
  type BatchRecord,
  type CurrentFigure,
} from '../store/observation-store.ts';
import type { Tables } from '../store/tables.ts';

export interface FigureQuery {
  readonly series: readonly string[];
  readonly areas: readonly string[];
  readonly asOf?: Date | undefined;
  /** Only figures of these import batches (a frozen evaluation's pins). */
  readonly batches?: readonly string[] | undefined;
}

/** One series' current figures per area (areas without figures are absent) and the batches they came in. */
export type SeriesHandler = (
  series: string,
  figuresByArea: ReadonlyMap<string, readonly CurrentFigure[]>,
  batches: ReadonlyMap<string, BatchRecord>,
) => void;

/**
 * Calls `use` for each series, in the given order. For several areas each series is read on its own, and the
 * next series' read is sent before `use` works on the last one: the database finds and sorts the next figures
 * while this process computes, so a national recomputation takes about the longer of the two rather than
 * their sum. The reads share one read-only snapshot (repeatable read), so the series agree with each other
 * as they did when read in one query. One area's figures are few and are read in one query.
 */
export async function forEachSeries(database: Database, q: FigureQuery, use: SeriesHandler): Promise<void> {
  if (q.series.length === 0) return;
  const batches = new Map<string, BatchRecord>();
  if (q.areas.length <= 1 || q.series.length === 1) {
    await readAndHand(database.db, q.series, q, batches, use);
    return;
  }
  await database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const ahead = (series: string) => {
        const reading = read(trx, [series], q, batches);
        // If `use` throws, the read under way is never awaited; its failure must not go unhandled.
        reading.catch(() => undefined);
        return reading;
      };
      let next = ahead(q.series[0] as string);
      for (let k = 0; k < q.series.length; k++) {
        const found = await next;
        const following = q.series[k + 1];
        if (following !== undefined) next = ahead(following);
        hand([q.series[k] as string], found, batches, use);
      }
    });
}

type Db = Kysely<Tables> | Transaction<Tables>;

async function readAndHand(
  db: Db,
  series: readonly string[],
  q: FigureQuery,
  batches: Map<string, BatchRecord>,
  use: SeriesHandler,
): Promise<void> {
  hand(series, await read(db, series, q, batches), batches, use);
}

/** The series' figures grouped by series and area, with every batch they name added to `batches`. */
async function read(
  db: Db,
  series: readonly string[],
  q: FigureQuery,
  batches: Map<string, BatchRecord>,
): Promise<Map<string, Map<string, readonly CurrentFigure[]>>> {
  const found = await currentFigures(db, { series, areas: q.areas, asOf: q.asOf, batches: q.batches });
  const grouped = new Map<string, Map<string, readonly CurrentFigure[]>>();
  const unknown = new Set<string>();
  for (const g of found) {
    let byArea = grouped.get(g.series);
    if (!byArea) {
      byArea = new Map();
      grouped.set(g.series, byArea);
    }
    byArea.set(g.area, g.figures);
    for (const f of g.figures) if (!batches.has(f.batchId)) unknown.add(f.batchId);
  }
  if (unknown.size > 0) for (const b of await findBatches(db, [...unknown])) batches.set(b.id, b);
  return grouped;
}

function hand(
  series: readonly string[],
  grouped: ReadonlyMap<string, ReadonlyMap<string, readonly CurrentFigure[]>>,
  batches: ReadonlyMap<string, BatchRecord>,
  use: SeriesHandler,
): void {
  for (const s of series) use(s, grouped.get(s) ?? new Map(), batches);
}
