// Indicator views as use cases — one indicator in one area, every indicator in many areas, each area's summary —
// kept between requests; pages, charts, downloads and the API all publish these same views.
import { danishDate } from '../domain/followup/index.ts';
import { disclosureConfig, type DisclosureConfig, type Locale } from '../domain/disclosure/index.ts';
import { combineOutcomes, type AreaOutcome, type StatusKey } from '../domain/engine/index.ts';
import type { Indicator, StrategyDefinition } from '../domain/strategy/index.ts';
import type { Database } from '../store/database.ts';
import { currentFigures, dataGeneration, findBatches } from '../store/observation-store.ts';
import { forEachSeries } from './figure-reads.ts';
import { buildView, type IndicatorView } from './indicator-view.ts';
import { releasesOf } from './releases.ts';
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
  /**
   * Protect the municipality's tables beside the reports of the rounds frozen before this one (a frozen round's
   * own report). Without it, a view of today's figures is protected beside every frozen round's report, and a
   * view as of a moment or of given batches beside none.
   */
  readonly releasedBefore?: string;
  readonly disclosure?: DisclosureConfig;
  readonly locale?: Locale;
  /** The calendar year a target is judged in; by default the year (Danish time) of `asOf`, or of now. */
  readonly currentYear?: number;
}

function yearOf(options: ViewOptions): number {
  return options.currentYear ?? Number(danishDate(options.asOf ?? new Date()).slice(0, 4));
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
  const year = yearOf(options);
  const compute = async () => {
    const [found] = await currentFigures(database.db, {
      series: [indicator.id],
      areas: [area],
      asOf: options.asOf,
      batches: options.batches,
    });
    const figures = found?.figures ?? [];
    const batches = await findBatches(database.db, [...new Set(figures.map((r) => r.batchId))]);
    const releases = await releasesFor(database, definition, [indicator], area, config, options);
    return buildView(
      indicator,
      area,
      figures,
      new Map(batches.map((b) => [b.id, b])),
      config,
      locale,
      year,
      releases.get(indicator.id),
    );
  };
  if (options.asOf || options.batches) return compute();
  // The generation is read before the figures: a view computed while an import commits is filed under the
  // generation before it, which no later request asks for.
  const generation = await dataGeneration(database.db);
  return cachesOf(database).views.getOrCompute(
    viewKey(generation, indicator, area, config, locale, year),
    compute,
  );
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
  const year = yearOf(options);
  // Per indicator (by position: a definition may list an indicator id twice), each area's view.
  const built = indicators.map(() => new Map<string, IndicatorView>());
  const home = definition.organisation.areaCode;
  const releases = areas.includes(home)
    ? await releasesFor(database, definition, indicators, home, config, options)
    : new Map<string, never>();
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
            buildView(
              indicator,
              area,
              figuresByArea.get(area) ?? [],
              batches,
              config,
              locale,
              year,
              area === home ? releases.get(indicator.id) : undefined,
            ),
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

/** The releases a view is protected beside (see `ViewOptions.releasedBefore`). */
function releasesFor(
  database: Database,
  definition: StrategyDefinition,
  indicators: readonly Indicator[],
  area: string,
  config: DisclosureConfig,
  options: ViewOptions,
) {
  if (options.releasedBefore === undefined && (options.asOf || options.batches))
    return Promise.resolve(new Map<string, never>());
  return releasesOf(database, definition, indicators, area, config, { before: options.releasedBefore });
}

function viewKey(
  generation: string,
  indicator: Indicator,
  area: string,
  config: DisclosureConfig,
  locale: Locale,
  year: number,
): string {
  // The view reads nothing of the definition but the indicator, so its content is the key: a new strategy
  // version that changes the indicator gets a new view, one that leaves it alone keeps the same.
  return JSON.stringify([generation, area, locale, year, config, indicator]);
}

export interface AreaSummary {
  readonly areaId: string;
  /** By the majority rule over indicators of every kind (`combineOutcomes`); for gaps alone, the gap rule's. */
  readonly status: AreaOutcome;
  readonly indicators: readonly {
    readonly id: string;
    readonly status: StatusKey;
    /** Whether it measures a gap, so its words are the gap's ("lukkes", "øges"). */
    readonly gap: boolean;
    readonly illustrative: boolean;
  }[];
  readonly illustrative: boolean;
}

/**
 * Each focus area's status by the engine's majority rule, from its indicators' statuses of every kind in one
 * municipality.
 * The views behind it are read in one query and kept for the indicator pages (Danish, default disclosure).
 */
export async function areaSummaries(
  database: Database,
  definition: StrategyDefinition,
  area: string,
): Promise<readonly AreaSummary[]> {
  const generation = await dataGeneration(database.db);
  const year = yearOf({});
  const key = JSON.stringify([generation, area, year, definition.areas.map((a) => [a.id, a.indicators])]);
  const { views, summaries } = cachesOf(database);
  return summaries.getOrCompute(key, async () => {
    const all = (await indicatorViews(database, definition, [area], { currentYear: year })).get(area) ?? [];
    const config = disclosureConfig();
    for (const view of all) views.put(viewKey(generation, view.indicator, area, config, 'da', year), view);
    const byId = new Map(all.map((v) => [v.indicator.id, v]));
    return definition.areas.map((a) => {
      const indicators = a.indicators.map((ind) => {
        const view = byId.get(ind.id);
        return {
          id: ind.id,
          status: view?.status ?? 'not-enough-data',
          gap: ind.kind === 'gap',
          illustrative: view?.illustrative ?? false,
        };
      });
      return {
        areaId: a.id,
        status: combineOutcomes(indicators),
        indicators,
        illustrative: indicators.some((i) => i.illustrative),
      };
    });
  });
}
