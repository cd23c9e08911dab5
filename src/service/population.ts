// The population by origin — the strategy's own table — for an area and a quarter, and its development over
// time, built from FOLK1E observations with their provenance.
import {
  disclosureConfig,
  type CountCell,
  type DisclosureConfig,
  type ShareCell,
} from '../domain/disclosure/index.ts';
import {
  buildPopulationTable,
  protectPopulationTable,
  type PublishedPopulationTable,
  type Provenance,
} from '../domain/observation/index.ts';
import type { Database } from '../store/database.ts';
import { currentObservations, findBatches, seriesExtent } from '../store/observation-store.ts';

/** The series of the population figures (an evaluation pins its batches). */
export const POPULATION_SERIES = 'FOLK1E';
const SERIES = POPULATION_SERIES;
/** FOLK1E's totals over sex and age: the table the strategy prints. */
const TOTALS = { KØN: 'TOT', ALDER: 'IALT' } as const;

export interface SourceNote {
  readonly batchId: string;
  readonly provenance: Provenance;
  readonly illustrative: boolean;
  readonly importedAt: Date;
}

export type PopulationAnswer =
  | {
      readonly ok: true;
      readonly area: string;
      readonly period: string;
      /** The table as it may be published: protected as one table (see `population-disclosure.ts`). */
      readonly table: PublishedPopulationTable;
      /** Whether DST's own total cell agrees with the sum of the parts. */
      readonly totalMatches: boolean;
      readonly illustrative: boolean;
      readonly sources: readonly SourceNote[];
    }
  | { readonly ok: false; readonly reason: 'no-data' | 'incomplete'; readonly missing?: readonly string[] };

export async function populationTable(
  database: Database,
  q: { area: string; period: string; asOf?: Date; batches?: readonly string[] },
  config: DisclosureConfig = disclosureConfig(),
): Promise<PopulationAnswer> {
  const rows = await currentObservations(database.db, {
    series: SERIES,
    areas: [q.area],
    periods: [q.period],
    dims: TOTALS,
    asOf: q.asOf,
    batches: q.batches,
  });
  if (rows.length === 0) return { ok: false, reason: 'no-data' };
  const cells = new Map<string, number>();
  for (const r of rows)
    if (r.value.kind === 'number' && r.dims.HERKOMST) cells.set(r.dims.HERKOMST, r.value.value);
  const built = buildPopulationTable(cells);
  if (!built.ok) return { ok: false, reason: 'incomplete', missing: built.missing };
  const batches = await findBatches(database.db, [...new Set(rows.map((r) => r.batchId))]);
  return {
    ok: true,
    area: q.area,
    period: q.period,
    table: protectPopulationTable(built.table, config),
    totalMatches: built.totalMatches,
    illustrative: rows.some((r) => r.illustrative),
    sources: batches.map((b) => ({
      batchId: b.id,
      provenance: b.provenance,
      illustrative: b.illustrative,
      importedAt: b.importedAt,
    })),
  };
}

/** A quarter of the development table: the same published figures as that quarter's own table. */
export interface PopulationPoint {
  readonly period: string;
  readonly total: CountCell;
  readonly nonWestern: CountCell;
  readonly nonWesternShare: ShareCell;
  readonly illustrative: boolean;
}

/** Every quarter of an area, oldest first: the target group's size and share over time. */
export async function populationSeries(
  database: Database,
  q: { area: string; asOf?: Date; batches?: readonly string[] },
  config: DisclosureConfig = disclosureConfig(),
): Promise<readonly PopulationPoint[]> {
  const rows = await currentObservations(database.db, {
    series: SERIES,
    areas: [q.area],
    dims: TOTALS,
    asOf: q.asOf,
    batches: q.batches,
  });
  const byPeriod = new Map<string, { cells: Map<string, number>; illustrative: boolean }>();
  for (const r of rows) {
    if (r.value.kind !== 'number' || !r.dims.HERKOMST) continue;
    const entry = byPeriod.get(r.period) ?? { cells: new Map(), illustrative: false };
    entry.cells.set(r.dims.HERKOMST, r.value.value);
    entry.illustrative ||= r.illustrative;
    byPeriod.set(r.period, entry);
  }
  const points: PopulationPoint[] = [];
  for (const [period, { cells, illustrative }] of [...byPeriod].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const built = buildPopulationTable(cells);
    if (!built.ok) continue;
    const t = protectPopulationTable(built.table, config);
    points.push({
      period,
      total: t.total.total,
      nonWestern: t.nonWestern.total,
      nonWesternShare: t.nonWesternShare,
      illustrative,
    });
  }
  return points;
}

/** The areas and quarters FOLK1E has figures for, for the choosers. */
export function populationExtent(database: Database): Promise<{ periods: string[]; areas: string[] }> {
  return seriesExtent(database.db, SERIES);
}

/**
 * The quarter a page opens on when none is asked for: the newest quarter of measured figures, as the front
 * page's table is; the newest illustrative quarter only when the area has no measured quarter at all (and then
 * `onlyIllustrative`, for the page to say so). Undefined when there are no figures.
 */
export function openingQuarter(points: readonly PopulationPoint[]): {
  readonly period: string | undefined;
  readonly onlyIllustrative: boolean;
} {
  const measured = points.filter((p) => !p.illustrative).at(-1);
  if (measured) return { period: measured.period, onlyIllustrative: false };
  const any = points.at(-1);
  return { period: any?.period, onlyIllustrative: any !== undefined };
}
