// Indicator views as use cases — one indicator in one area, every indicator in many areas, each area's summary —
// kept between requests; pages, charts, downloads and the API all publish these same views.
import { disclosureConfig, type DisclosureConfig, type Locale } from '../domain/disclosure/index.ts';
import { combineAreaStatus, type AreaStatus, type Assessment } from '../domain/engine/index.ts';
import type { Indicator, StrategyDefinition } from '../domain/strategy/index.ts';
import type { Database } from '../store/database.ts';
import { currentFigures, dataGeneration, findBatches } from '../store/observation-store.ts';
import { forEachSeries } from './figure-reads.ts';
import { buildView, type IndicatorView } from './indicator-view.ts';
import { ViewCache } from './view-cache.ts';

export type { GroupFigure, PeriodRow, PublishedFigure } from './indicator-publish.ts';
export type { BreakdownView, IndicatorView } from './indicator-view.ts';

/**
 * Per database: views of a few hundred indicator × area × language combinations (every page of a strategy for
 * several areas) and the area summaries of a hundred areas.
 */
const caches = new WeakMap<
  Database,
  { views: ViewCache<IndicatorView | undefined>; summaries: ViewCache<readonly AreaSummary[]> }
>();

function cachesOf(database: Database) {
  let c = caches.get(database);
  if (!c) {
    c = { views: new ViewCache(500), summaries: new ViewCache(100) };
    caches.set(database, c);
  }
  return c;
}

export interface ViewOptions {
  /** Read the figures as of this moment; such views are not cached. */
  readonly asOf?: Date;
  /** Read only figures of these import batches (a frozen evaluation's pins); such views are not cached. */
  readonly batches?: readonly string[];
  readonly disclosure?: DisclosureConfig;
  readonly locale?: Locale;
}

export async function indicatorView(
  database: Database,
  definition: StrategyDefinition,
  indicatorId: string,
  area: string,
  options: ViewOptions = {},
): Promise<IndicatorView | undefined> {
  const indicator = definition.areas.flatMap((a) => a.indicators).find((i) => i.id === indicatorId);
  if (!indicator) return undefined;
  const config = options.disclosure ?? disclosureConfig();
  const locale = options.locale ?? 'da';
  const compute = async () => {
    const [found] = await currentFigures(database.db, {
      series: [indicator.id],
      areas: [area],
      asOf: options.asOf,
      batches: options.batches,
    });
    const figures = found?.figures ?? [];
    const batches = await findBatches(database.db, [...new Set(figures.map((r) => r.batchId))]);
    return buildView(indicator, area, figures, new Map(batches.map((b) => [b.id, b])), config, locale);
  };
  if (options.asOf || options.batches) return compute();
  // The generation is read before the figures: a view computed while an import commits is filed under the
  // generation before it, which no later request asks for.
  const generation = await dataGeneration(database.db);
  return cachesOf(database).views.getOrCompute(viewKey(generation, indicator, area, config, locale), compute);
}

/**
 * Every indicator's view for each of the areas: the same views `indicatorView` gives one at a time, for a whole
 * strategy across many areas (a national recomputation), with each series' figures read once for all areas.
 */
export async function indicatorViews(
  database: Database,
  definition: StrategyDefinition,
  areas: readonly string[],
  options: ViewOptions = {},
): Promise<ReadonlyMap<string, readonly IndicatorView[]>> {
  const indicators = definition.areas.flatMap((a) => a.indicators);
  const config = options.disclosure ?? disclosureConfig();
  const locale = options.locale ?? 'da';
  // Per indicator (by position: a definition may list an indicator id twice), each area's view.
  const built = indicators.map(() => new Map<string, IndicatorView>());
  await forEachSeries(
    database,
    {
      series: [...new Set(indicators.map((i) => i.id))],
      areas,
      asOf: options.asOf,
      batches: options.batches,
    },
    (series, figuresByArea, batches) =>
      indicators.forEach((indicator, i) => {
        if (indicator.id !== series) return;
        for (const area of areas)
          built[i]?.set(
            area,
            buildView(indicator, area, figuresByArea.get(area) ?? [], batches, config, locale),
          );
      }),
  );
  return new Map(
    areas.map((area) => [
      area,
      built.map((views) => {
        const view = views.get(area);
        if (!view) throw new Error(`no view was built for ${area}`);
        return view;
      }),
    ]),
  );
}

function viewKey(
  generation: string,
  indicator: Indicator,
  area: string,
  config: DisclosureConfig,
  locale: Locale,
): string {
  // The view reads nothing of the definition but the indicator, so its content is the key: a new strategy
  // version that changes the indicator gets a new view, one that leaves it alone keeps the same.
  return JSON.stringify([generation, area, locale, config, indicator]);
}

export interface AreaSummary {
  readonly areaId: string;
  readonly status: AreaStatus;
  readonly indicators: readonly {
    readonly id: string;
    readonly status: Assessment['status'];
    readonly illustrative: boolean;
  }[];
  readonly illustrative: boolean;
}

/**
 * Each focus area's status by the engine's majority rule, from its indicators' assessments in one municipality.
 * The views behind it are read in one query and kept for the indicator pages (Danish, default disclosure).
 */
export async function areaSummaries(
  database: Database,
  definition: StrategyDefinition,
  area: string,
): Promise<readonly AreaSummary[]> {
  const generation = await dataGeneration(database.db);
  const key = JSON.stringify([generation, area, definition.areas.map((a) => [a.id, a.indicators])]);
  const { views, summaries } = cachesOf(database);
  return summaries.getOrCompute(key, async () => {
    const all = (await indicatorViews(database, definition, [area])).get(area) ?? [];
    const config = disclosureConfig();
    for (const view of all) views.put(viewKey(generation, view.indicator, area, config, 'da'), view);
    const byId = new Map(all.map((v) => [v.indicator.id, v]));
    return definition.areas.map((a) => {
      const indicators = a.indicators.map((ind) => {
        const view = byId.get(ind.id);
        return {
          id: ind.id,
          status: view?.assessment.status ?? 'not-enough-data',
          illustrative: view?.illustrative ?? false,
        };
      });
      return {
        areaId: a.id,
        status: combineAreaStatus(indicators.map((i) => i.status)),
        indicators,
        illustrative: indicators.some((i) => i.illustrative),
      };
    });
  });
}
