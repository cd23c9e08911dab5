// An indicator for one area, ready to show: its series per group, the gap per period with intervals, the
// assessment and projection from the engine, breakdowns — and disclosure control applied to every figure that
// leaves, so pages, charts, downloads and the API all publish the same thing.
import {
  disclosureConfig,
  displayValue,
  protectList,
  protectShare,
  type CountCell,
  type DisclosureConfig,
  type Locale,
} from '../domain/disclosure/index.ts';
import {
  assessBreakdown,
  assessIndicator,
  combineAreaStatus,
  confidenceAt,
  counts,
  missing,
  plainValue,
  projectGap,
  wilsonInterval,
  type AreaStatus,
  type Assessment,
  type BreakdownAssessment,
  type MissingReason,
  type Observation as EngineObservation,
  type PeriodGap,
  type Projection,
  type SeriesPoint,
} from '../domain/engine/index.ts';
import type { Indicator, StrategyDefinition } from '../domain/strategy/index.ts';
import type { Database } from '../store/database.ts';
import {
  currentFigures,
  dataGeneration,
  findBatches,
  type BatchRecord,
  type CurrentFigure,
} from '../store/observation-store.ts';
import type { SourceNote } from './population.ts';
import { ViewCache } from './view-cache.ts';

/** A figure as it may be published: a value (with its interval where counts allow one), suppressed, or missing. */
export type PublishedFigure =
  | { readonly kind: 'value'; readonly value: number; readonly low?: number; readonly high?: number }
  | { readonly kind: 'suppressed'; readonly display: string }
  | { readonly kind: 'missing' };

export interface GroupFigure {
  readonly share: PublishedFigure;
  /** The group's size (denominator) for shares; the count itself for count indicators. */
  readonly size: PublishedFigure;
}

export interface PeriodRow {
  readonly period: string;
  readonly target: GroupFigure;
  readonly comparison: GroupFigure | undefined;
  readonly gap: PublishedFigure;
}

export interface BreakdownView {
  readonly kind: 'sex' | 'origin-subgroup' | 'age-band';
  readonly values: readonly {
    readonly value: string;
    readonly assessment: Assessment;
    readonly rows: readonly PeriodRow[];
  }[];
}

export interface IndicatorView {
  readonly indicator: Indicator;
  readonly area: string;
  readonly rows: readonly PeriodRow[];
  readonly assessment: Assessment;
  /** False when a figure behind the change is suppressed: then only the status word is published. */
  readonly changePublishable: boolean;
  readonly projection: Projection;
  readonly breakdowns: readonly BreakdownView[];
  readonly illustrative: boolean;
  readonly sources: readonly SourceNote[];
  readonly level: number;
}

const breakdownDims = { sex: 'sex', 'origin-subgroup': 'originSubgroup', 'age-band': 'ageBand' } as const;

/** The multiplier of every published share's interval, at the engine's default level; computed once. */
const SHARE_Z = confidenceAt().z;

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
    });
    const figures = found?.figures ?? [];
    const batches = await findBatches(database.db, [...new Set(figures.map((r) => r.batchId))]);
    return buildView(indicator, area, figures, new Map(batches.map((b) => [b.id, b])), config, locale);
  };
  if (options.asOf) return compute();
  // The generation is read before the figures: a view computed while an import commits is filed under the
  // generation before it, which no later request asks for.
  const generation = await dataGeneration(database.db);
  return cachesOf(database).views.getOrCompute(viewKey(generation, indicator, area, config, locale), compute);
}

/**
 * Every indicator's view for each of the areas, read with one query for all of them and grouped in memory:
 * the same views `indicatorView` gives one at a time, for a whole strategy across many areas.
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
  const found = await currentFigures(database.db, {
    series: [...new Set(indicators.map((i) => i.id))],
    areas,
    asOf: options.asOf,
  });
  const grouped = new Map(found.map((g) => [`${g.series}\u0000${g.area}`, g.figures]));
  const batchIds = new Set<string>();
  for (const g of found) for (const f of g.figures) batchIds.add(f.batchId);
  const batches = await findBatches(database.db, [...batchIds]);
  const byId = new Map(batches.map((b) => [b.id, b]));
  const out = new Map<string, IndicatorView[]>();
  for (const area of areas)
    out.set(
      area,
      indicators.map((ind) =>
        buildView(ind, area, grouped.get(`${ind.id}\u0000${area}`) ?? [], byId, config, locale),
      ),
    );
  return out;
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

/** An indicator's view for one area from its current figures: engine, breakdowns and disclosure. */
function buildView(
  indicator: Indicator,
  area: string,
  rows: readonly CurrentFigure[],
  batches: ReadonlyMap<string, BatchRecord>,
  config: DisclosureConfig,
  locale: Locale,
): IndicatorView {
  // Rows sorted once into their series: the totals (dims { group }) and each breakdown value (dims { group,
  // <dim>: value }). Rows with other dimensions (age bands, or several at once) belong to no series.
  const dimsSeen = new Set<Readonly<Record<string, string>>>();
  const buckets = new Map<string, Map<string, { target?: CurrentFigure; comparison?: CurrentFigure }>>();
  for (const r of rows) {
    dimsSeen.add(r.dims);
    const bucket = bucketOf(r.dims);
    if (bucket === undefined) continue;
    let byPeriod = buckets.get(bucket.key);
    if (!byPeriod) {
      byPeriod = new Map();
      buckets.set(bucket.key, byPeriod);
    }
    const entry = byPeriod.get(r.period) ?? {};
    entry[bucket.group] = r;
    byPeriod.set(r.period, entry);
  }
  const seriesFor = (dim?: string, value?: string): SeriesPoint[] =>
    [...(buckets.get(dim === undefined ? '' : bucketKey(dim, value ?? '')) ?? new Map()).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([period, g]) => ({ period, target: toEngine(g.target), comparison: toEngine(g.comparison) }));

  const totals = seriesFor();
  const assessment = assessIndicator(indicator, totals);
  const projection = projectGap(indicator, totals);
  const tableRows = publishRows(indicator, totals, assessment.gaps, config, locale);

  const breakdowns: BreakdownView[] = [];
  for (const kind of indicator.breakdowns) {
    const dim = breakdownDims[kind];
    const values = [
      ...new Set([...dimsSeen].map((d) => d[dim]).filter((v): v is string => v !== undefined)),
    ].sort();
    if (values.length === 0) continue;
    const bySeries = values.map((value) => ({ value, series: seriesFor(dim, value) }));
    const assessed: readonly BreakdownAssessment[] = assessBreakdown(
      indicator,
      Object.fromEntries(bySeries.map((b) => [b.value, b.series])),
    );
    breakdowns.push({
      kind,
      values: assessed.map((a, i) => ({
        value: a.value,
        assessment: a.assessment,
        rows: publishRows(indicator, bySeries[i]?.series ?? [], a.assessment.gaps, config, locale),
      })),
    });
  }

  const batchIds = [...new Set(rows.map((r) => r.batchId))].sort((a, b) => Number(a) - Number(b));
  const published = new Map(tableRows.map((r) => [r.period, r]));
  const involved = 'baseline' in assessment ? [assessment.baseline.period, assessment.current.period] : [];
  return {
    indicator,
    area,
    rows: tableRows,
    assessment,
    changePublishable: involved.every((p) => published.get(p)?.gap.kind === 'value'),
    projection,
    breakdowns,
    illustrative: rows.some((r) => r.illustrative),
    sources: batchIds
      .map((id) => batches.get(id))
      .filter((b): b is BatchRecord => b !== undefined)
      .map((b) => ({
        batchId: b.id,
        provenance: b.provenance,
        illustrative: b.illustrative,
        importedAt: b.importedAt,
      })),
    level: 'level' in assessment ? assessment.level : 0.95,
  };
}

const bucketKey = (dim: string, value: string) => `${dim}\u0000${value}`;

/** Which series a row's dims put it in, if any; kept per dims object, which the store shares between rows. */
interface Bucket {
  readonly key: string;
  readonly group: 'target' | 'comparison';
}

function bucketOf(dims: Readonly<Record<string, string>>): Bucket | undefined {
  if (bucketsByDims.has(dims)) return bucketsByDims.get(dims);
  const group = dims.group;
  const others = Object.keys(dims).filter((k) => k !== 'group');
  const value = others.length === 1 ? dims[others[0] as string] : undefined;
  const bucket: Bucket | undefined =
    group !== 'target' && group !== 'comparison'
      ? undefined
      : others.length === 0
        ? { key: '', group }
        : others.length === 1 && value !== undefined
          ? { key: bucketKey(others[0] as string, value), group }
          : undefined;
  bucketsByDims.set(dims, bucket);
  return bucket;
}

const bucketsByDims = new WeakMap<Readonly<Record<string, string>>, Bucket | undefined>();

function toEngine(o: CurrentFigure | undefined): EngineObservation {
  if (!o) return missing('not-available');
  if (o.value === null) return missing((o.missingReason ?? 'not-available') as MissingReason);
  if (o.numerator !== null && o.denominator !== null) return counts(o.numerator, o.denominator);
  return plainValue(o.value);
}

/**
 * Disclosure per period: a share is published only under the share rule; a group size or count of 1–4 is
 * shown as "<5"; a gap is published only when both shares are, since a gap and one share give the other.
 */
function publishRows(
  indicator: Indicator,
  series: readonly SeriesPoint[],
  gaps: readonly PeriodGap[],
  config: DisclosureConfig,
  locale: Locale,
): PeriodRow[] {
  const gapByPeriod = new Map(gaps.map((g) => [g.period, g.gap]));
  return series.map((p) => {
    const target = publishGroup(p.target, config, locale, indicator.unit);
    const comparison =
      indicator.kind === 'gap' ? publishGroup(p.comparison, config, locale, indicator.unit) : undefined;
    let gap: PublishedFigure = { kind: 'missing' };
    const g = gapByPeriod.get(p.period);
    const bothPublished = target.share.kind === 'value' && comparison?.share.kind === 'value';
    if (g && (g.kind === 'estimate' || g.kind === 'no-spread')) {
      if (!bothPublished) gap = { kind: 'suppressed', display: '..' };
      else
        gap =
          g.kind === 'estimate'
            ? { kind: 'value', value: g.estimate, low: g.lower, high: g.upper }
            : { kind: 'value', value: g.estimate };
    }
    return { period: p.period, target, comparison, gap };
  });
}

function publishGroup(
  o: EngineObservation,
  config: DisclosureConfig,
  locale: Locale,
  unit: Indicator['unit'],
): GroupFigure {
  if (o.kind === 'missing') return { share: { kind: 'missing' }, size: { kind: 'missing' } };
  if (o.kind === 'value') {
    if (unit === 'count') {
      const cell = protectedCount(Math.round(o.value), config);
      const share: PublishedFigure =
        cell && cell.kind === 'count'
          ? { kind: 'value', value: o.value }
          : { kind: 'suppressed', display: cell ? displayValue(cell, locale) : '..' };
      return { share, size: share };
    }
    return { share: { kind: 'value', value: o.value }, size: { kind: 'missing' } };
  }
  // Counts may be fractional (full-time persons); the rule is applied to whole persons.
  const num = Math.round(o.numerator);
  const den = Math.round(o.denominator);
  const cell = protectShare({ numerator: Math.min(num, den), denominator: den }, config);
  const sizeCell = protectedCount(den, config);
  const size: PublishedFigure =
    sizeCell && sizeCell.kind === 'count'
      ? { kind: 'value', value: o.denominator }
      : { kind: 'suppressed', display: sizeCell ? displayValue(sizeCell, locale) : '..' };
  if (cell.kind === 'suppressed')
    return { share: { kind: 'suppressed', display: displayValue(cell, locale) }, size };
  const ci = wilsonInterval(o.numerator, o.denominator, SHARE_Z);
  return {
    share: { kind: 'value', value: o.numerator / o.denominator, low: ci.lower, high: ci.upper },
    size,
  };
}

/**
 * One count published on its own: a list of one without a total, whose outcome depends only on the count and
 * the configuration. A national recomputation publishes hundreds of thousands of group sizes, most of them
 * repeated, and the general table protection is far more work than a lookup; so each outcome is kept.
 */
function protectedCount(count: number, config: DisclosureConfig): CountCell | undefined {
  let known = countCells.get(config);
  if (!known) {
    known = new Map();
    countCells.set(config, known);
  }
  if (known.has(count)) return known.get(count);
  if (known.size >= 100_000) known.clear();
  const [cell] = protectList([count], config, { total: false }).items;
  known.set(count, cell);
  return cell;
}

/** Per configuration object: one lives as long as the computation (or the process, for a shared one) using it. */
const countCells = new WeakMap<DisclosureConfig, Map<number, CountCell | undefined>>();

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
