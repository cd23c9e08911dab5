// What a reader already holds of a strategy's figures in its municipality: the reports of its frozen
// evaluation rounds, each one release of the totals as they were when the round was frozen.
import { createHash } from 'node:crypto';
import type { DisclosureConfig } from '../domain/disclosure/index.ts';
import { danishDate } from '../domain/followup/index.ts';
import type { Indicator, StrategyDefinition } from '../domain/strategy/index.ts';
import type { Database } from '../store/database.ts';
import { findContent, listRounds, pinsOf, type StoredContent } from '../store/evaluation-store.ts';
import {
  currentFigures,
  findBatches,
  type BatchRecord,
  type CurrentFigure,
} from '../store/observation-store.ts';
import { buildRelease, viewTotals, type Release } from './indicator-view.ts';
import type { PeriodRow } from './indicator-publish.ts';

export interface ReleaseQuery {
  /**
   * Only the rounds frozen before this one: the releases a frozen round's own report was protected beside.
   * A draft (or an unknown id) comes after every frozen round.
   */
  readonly before?: string | undefined;
}

/**
 * Per indicator id, the releases of its figures in `area`, oldest first: each frozen round of the strategy
 * whose pinned figures hold the indicator. What a release published is read from the report content kept with
 * the round, which is what was printed; a round without readable kept content is computed again from its
 * pins, beside the releases before it, as its report was. Only the municipality's own area has releases: a
 * report shows no other.
 */
export async function releasesOf(
  database: Database,
  definition: StrategyDefinition,
  indicators: readonly Indicator[],
  area: string,
  config: DisclosureConfig,
  query: ReleaseQuery = {},
): Promise<ReadonlyMap<string, readonly Release[]>> {
  const out = new Map<string, Release[]>();
  if (area !== definition.organisation.areaCode || indicators.length === 0) return out;
  const frozen = (await listRounds(database.db, definition.id))
    .filter((r): r is typeof r & { frozenAt: Date } => r.state !== 'draft' && r.frozenAt !== null)
    .sort((a, b) => a.frozenAt.getTime() - b.frozenAt.getTime() || Number(a.id) - Number(b.id));
  const stop = frozen.findIndex((r) => r.id === query.before);
  const rounds = stop >= 0 ? frozen.slice(0, stop) : frozen;
  const unique = [...new Map(indicators.map((i) => [i.id, i])).values()];
  for (const round of rounds) {
    const pins = await pinsOf(database.db, round.id);
    const series = unique.filter((i) => (pins.get(i.id)?.length ?? 0) > 0);
    if (series.length === 0) continue;
    const batchIds = [...new Set(series.flatMap((i) => pins.get(i.id) ?? []))];
    const found = await currentFigures(database.db, {
      series: series.map((i) => i.id),
      areas: [area],
      batches: batchIds,
    });
    const figuresOf = new Map(found.map((f) => [f.series, f.figures]));
    const printed = publishedRows(await findContent(database.db, round.id), area);
    let batches: Map<string, BatchRecord> | undefined;
    for (const indicator of series) {
      const stored: readonly CurrentFigure[] = figuresOf.get(indicator.id) ?? [];
      if (stored.length === 0) continue;
      const earlier = out.get(indicator.id) ?? [];
      const rows = printed?.get(indicator.id);
      let release: Release;
      if (rows) release = { totals: viewTotals(indicator, stored), rows };
      else {
        batches ??= new Map((await findBatches(database.db, batchIds)).map((b) => [b.id, b]));
        const year = Number(danishDate(round.frozenAt).slice(0, 4));
        release = buildRelease(indicator, area, stored, batches, config, year, earlier);
      }
      out.set(indicator.id, [...earlier, release]);
    }
  }
  return out;
}

/**
 * The rows each indicator's view published in a kept report, by indicator id; undefined when the content is
 * not the text its hash says or is in a format this reader does not know. Only the rows are read, so this
 * knows of content format 1 (`reports/report-content.ts`) just where they are: `areas[].indicators[].view`.
 */
function publishedRows(
  content: StoredContent | undefined,
  area: string,
): ReadonlyMap<string, readonly PeriodRow[]> | undefined {
  if (!content || content.format !== 1) return undefined;
  if (createHash('sha256').update(content.json).digest('hex') !== content.sha256) return undefined;
  const model = JSON.parse(content.json) as {
    areas?: { indicators?: { id?: string; view?: { area?: string; rows?: PeriodRow[] } }[] }[];
  };
  const out = new Map<string, readonly PeriodRow[]>();
  for (const a of model.areas ?? [])
    for (const i of a.indicators ?? [])
      if (i.id && i.view?.area === area && Array.isArray(i.view.rows)) out.set(i.id, i.view.rows);
  return out;
}
