// An indicator for one area, ready to show: its series per group, the gap per period with intervals, the
// assessment and projection from the engine, breakdowns — and disclosure control applied to every figure that
// leaves, so pages, charts, downloads and the API all publish the same thing.
import {
  disclosureConfig,
  displayValue,
  protectList,
  protectShare,
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
  type Observation as EngineObservation,
  type PeriodGap,
  type Projection,
  type SeriesPoint,
} from '../domain/engine/index.ts';
import type { Indicator, StrategyDefinition } from '../domain/strategy/index.ts';
import type { Database } from '../store/database.ts';
import { currentObservations, findBatches, type StoredObservation } from '../store/observation-store.ts';
import type { SourceNote } from './population.ts';

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
  readonly kind: 'sex' | 'origin-subgroup';
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

const breakdownDims = { sex: 'sex', 'origin-subgroup': 'originSubgroup' } as const;

export async function indicatorView(
  database: Database,
  definition: StrategyDefinition,
  indicatorId: string,
  area: string,
  options: { asOf?: Date; disclosure?: DisclosureConfig; locale?: Locale } = {},
): Promise<IndicatorView | undefined> {
  const indicator = definition.areas.flatMap((a) => a.indicators).find((i) => i.id === indicatorId);
  if (!indicator) return undefined;
  const config = options.disclosure ?? disclosureConfig();
  const locale = options.locale ?? 'da';
  const rows = await currentObservations(database.db, {
    series: indicator.id,
    areas: [area],
    asOf: options.asOf,
  });

  const seriesFor = (extra: Record<string, string>): SeriesPoint[] => {
    const wanted = Object.keys(extra).length + 1;
    const byPeriod = new Map<string, { target?: StoredObservation; comparison?: StoredObservation }>();
    for (const r of rows) {
      if (Object.keys(r.dims).length !== wanted) continue;
      if (!Object.entries(extra).every(([k, v]) => r.dims[k] === v)) continue;
      const group = r.dims.group;
      if (group !== 'target' && group !== 'comparison') continue;
      const entry = byPeriod.get(r.period) ?? {};
      entry[group] = r;
      byPeriod.set(r.period, entry);
    }
    return [...byPeriod.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([period, g]) => ({ period, target: toEngine(g.target), comparison: toEngine(g.comparison) }));
  };

  const totals = seriesFor({});
  const assessment = assessIndicator(indicator, totals);
  const projection = projectGap(indicator, totals);
  const tableRows = publishRows(indicator, totals, assessment.gaps, config, locale);

  const breakdowns: BreakdownView[] = [];
  for (const kind of indicator.breakdowns) {
    if (kind === 'age-band') continue;
    const dim = breakdownDims[kind];
    const values = [
      ...new Set(rows.map((r) => r.dims[dim]).filter((v): v is string => v !== undefined)),
    ].sort();
    if (values.length === 0) continue;
    const bySeries = values.map((value) => ({ value, series: seriesFor({ [dim]: value }) }));
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

  const batches = await findBatches(database.db, [...new Set(rows.map((r) => r.batchId))]);
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
    sources: batches.map((b) => ({
      batchId: b.id,
      provenance: b.provenance,
      illustrative: b.illustrative,
      importedAt: b.importedAt,
    })),
    level: 'level' in assessment ? assessment.level : 0.95,
  };
}

function toEngine(o: StoredObservation | undefined): EngineObservation {
  if (!o) return missing('not-available');
  if (o.value.kind === 'missing') return missing(o.value.reason);
  if (o.numerator !== undefined && o.denominator !== undefined) return counts(o.numerator, o.denominator);
  return plainValue(o.value.value);
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
      const [cell] = protectList([Math.round(o.value)], config, { total: false }).items;
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
  const sizeCell = protectList([den], config, { total: false }).items[0];
  const size: PublishedFigure =
    sizeCell && sizeCell.kind === 'count'
      ? { kind: 'value', value: o.denominator }
      : { kind: 'suppressed', display: sizeCell ? displayValue(sizeCell, locale) : '..' };
  if (cell.kind === 'suppressed')
    return { share: { kind: 'suppressed', display: displayValue(cell, locale) }, size };
  const ci = wilsonInterval(o.numerator, o.denominator, confidenceAt().z);
  return {
    share: { kind: 'value', value: o.numerator / o.denominator, low: ci.lower, high: ci.upper },
    size,
  };
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

/** Each focus area's status by the engine's majority rule, from its indicators' assessments in one municipality. */
export async function areaSummaries(
  database: Database,
  definition: StrategyDefinition,
  area: string,
): Promise<readonly AreaSummary[]> {
  const out: AreaSummary[] = [];
  for (const a of definition.areas) {
    const indicators = [];
    for (const ind of a.indicators) {
      const view = await indicatorView(database, definition, ind.id, area);
      indicators.push({
        id: ind.id,
        status: view?.assessment.status ?? 'not-enough-data',
        illustrative: view?.illustrative ?? false,
      });
    }
    out.push({
      areaId: a.id,
      status: combineAreaStatus(indicators.map((i) => i.status)),
      indicators,
      illustrative: indicators.some((i) => i.illustrative),
    });
  }
  return out;
}
