// One indicator in one area, ready to show: engine, breakdowns and disclosure applied to its current figures.
import type { DisclosureConfig, Locale } from '../domain/disclosure/index.ts';
import {
  assessBreakdown,
  evaluateIndicator,
  type Assessment,
  type LevelAssessment,
  type Projection,
  type SeriesPoint,
  type StatusKey,
} from '../domain/engine/index.ts';
import type { Indicator } from '../domain/strategy/index.ts';
import type { BatchRecord, CurrentFigure } from '../store/observation-store.ts';
import { protectBreakdowns, type ReleasedTotals } from './breakdown-disclosure.ts';
import { publishRows, type PeriodRow } from './indicator-publish.ts';
import { judgeLevel, levelChangePublishable } from './level-view.ts';
import { sortIntoSeries } from './indicator-series.ts';
import { figuresToShow, withHoles } from './real-figures.ts';
import { surveyResponses, withSurveyResponses } from './survey-figures.ts';
import type { SourceNote } from './population.ts';

export interface BreakdownView {
  readonly kind: 'sex' | 'origin-subgroup' | 'age-band';
  readonly values: readonly {
    readonly value: string;
    readonly assessment: Assessment;
    /** A level or count indicator's own judgement of the value's series (undefined for a gap). */
    readonly levelAssessment: LevelAssessment | undefined;
    /** The status shown: the gap's, or the level's. */
    readonly status: StatusKey;
    readonly rows: readonly PeriodRow[];
  }[];
}

export interface IndicatorView {
  readonly indicator: Indicator;
  readonly area: string;
  readonly rows: readonly PeriodRow[];
  readonly assessment: Assessment;
  /** A level, count or yes/no indicator's judgement (`assessLevel`); undefined for a gap indicator. */
  readonly levelAssessment: LevelAssessment | undefined;
  /** The status shown for the indicator, whatever its kind: the gap's, or the level's. */
  readonly status: StatusKey;
  /** False when a figure behind the change is suppressed: then only the status word is published. */
  readonly changePublishable: boolean;
  readonly projection: Projection;
  readonly breakdowns: readonly BreakdownView[];
  readonly illustrative: boolean;
  readonly sources: readonly SourceNote[];
  readonly level: number;
}

/**
 * An earlier release of an indicator's figures in one area (a frozen evaluation round's report): the totals it
 * was computed from and the rows it published, so today's tables can be protected beside what it showed.
 */
export interface Release {
  readonly totals: readonly SeriesPoint[];
  readonly rows: readonly PeriodRow[];
}

/** What a release published of each period's total, as the breakdown protection reads it. */
function releasedTotals(release: Release): ReleasedTotals {
  const totals = new Map(release.totals.map((p) => [p.period, p]));
  const rows = new Map(release.rows.map((r) => [r.period, r]));
  return (period, group) => {
    const observation = totals.get(period)?.[group];
    const row = rows.get(period)?.[group];
    if (!observation || !row) return undefined;
    return { observation, shown: { share: row.share.kind === 'value', size: row.size.kind === 'value' } };
  };
}

const breakdownDims = { sex: 'sex', 'origin-subgroup': 'originSubgroup', 'age-band': 'ageBand' } as const;

/**
 * An indicator's view for one area from its current figures. The engine runs at its default level, which is
 * the level of the published shares' intervals (see `publishRows`). Where any figure is real the illustrative
 * ones are left out (`figuresToShow`), and a series counted by year, quarter or month keeps the periods it has
 * no figure for as holes; survey rounds need not come every year, so theirs are not filled in.
 */
export function buildView(
  indicator: Indicator,
  area: string,
  stored: readonly CurrentFigure[],
  batches: ReadonlyMap<string, BatchRecord>,
  config: DisclosureConfig,
  locale: Locale,
  /** The calendar year the view is for: a target year before it has passed (the engine reads no clock). */
  currentYear?: number,
  /** Earlier releases of the same figures a reader may hold beside this view, oldest first. */
  releases: readonly Release[] = [],
): IndicatorView {
  return viewWithTotals(indicator, area, stored, batches, config, locale, currentYear, releases).view;
}

/** An indicator's figures in one area as a release (see `buildView`), with the totals it was computed from. */
export function buildRelease(
  indicator: Indicator,
  area: string,
  stored: readonly CurrentFigure[],
  batches: ReadonlyMap<string, BatchRecord>,
  config: DisclosureConfig,
  currentYear: number | undefined,
  releases: readonly Release[],
): Release {
  const { view, totals } = viewWithTotals(
    indicator,
    area,
    stored,
    batches,
    config,
    'da',
    currentYear,
    releases,
  );
  return { totals, rows: view.rows };
}

/** The totals of an indicator's stored figures, as its view reads them (with the holes of its periods). */
export function viewTotals(indicator: Indicator, stored: readonly CurrentFigure[]): readonly SeriesPoint[] {
  const holes = indicator.frequency === 'survey-round' ? (s: SeriesPoint[]) => s : withHoles;
  return holes(sortIntoSeries(figuresToShow(stored)).totals);
}

function viewWithTotals(
  indicator: Indicator,
  area: string,
  stored: readonly CurrentFigure[],
  batches: ReadonlyMap<string, BatchRecord>,
  config: DisclosureConfig,
  locale: Locale,
  currentYear: number | undefined,
  releases: readonly Release[],
): { view: IndicatorView; totals: readonly SeriesPoint[] } {
  const rows = figuresToShow(stored);
  const sorted = sortIntoSeries(rows);
  const holes = indicator.frequency === 'survey-round' ? (s: SeriesPoint[]) => s : withHoles;
  const totals = holes(sorted.totals);
  const { assessment, projection } = evaluateIndicator(indicator, totals);
  const levelAssessment = judgeLevel(indicator, totals, currentYear);
  const series = indicator.breakdowns.flatMap((kind) => {
    const dim = breakdownDims[kind];
    const values = sorted.values(dim);
    return values.length === 0
      ? []
      : [{ kind, values: values.map((value) => ({ value, series: holes(sorted.series(dim, value)) })) }];
  });
  // Every breakdown with the total it sums to, protected as one table per period and group, beside what the
  // earlier releases published of the same totals.
  const hidden = protectBreakdowns(totals, series, config, releases.map(releasedTotals));
  // A survey's shares count responding organisations; each figure shows its responses beside it.
  const responses = surveyResponses(indicator.id, area, rows, batches);
  const tableRows = withSurveyResponses(
    publishRows(
      indicator,
      totals,
      assessment.gaps,
      config,
      locale,
      (period, group) => hidden(undefined, period, group),
      responses.size > 0,
    ),
    responses,
    locale,
  );

  const breakdowns: BreakdownView[] = series.map(({ kind, values }) => {
    const assessed = assessBreakdown(indicator, Object.fromEntries(values.map((b) => [b.value, b.series])));
    return {
      kind,
      values: assessed.map((a, i) => {
        const value = values[i];
        const level = judgeLevel(indicator, value?.series ?? [], currentYear);
        return {
          value: a.value,
          assessment: a.assessment,
          levelAssessment: level,
          status: level?.status ?? a.assessment.status,
          rows: publishRows(
            indicator,
            value?.series ?? [],
            a.assessment.gaps,
            config,
            locale,
            (period, group) => hidden({ kind, value: value?.value ?? a.value }, period, group),
          ),
        };
      }),
    };
  });

  const batchIds = new Set<string>();
  let illustrative = false;
  for (const r of rows) {
    batchIds.add(r.batchId);
    if (r.illustrative) illustrative = true;
  }
  const involved = 'baseline' in assessment ? [assessment.baseline.period, assessment.current.period] : [];
  const view: IndicatorView = {
    indicator,
    area,
    rows: tableRows,
    assessment,
    levelAssessment,
    status: levelAssessment?.status ?? assessment.status,
    changePublishable: levelAssessment
      ? levelChangePublishable(levelAssessment, tableRows)
      : involved.every((p) => tableRows.find((r) => r.period === p)?.gap.kind === 'value'),
    projection,
    breakdowns,
    illustrative,
    sources: [...batchIds]
      .sort((a, b) => Number(a) - Number(b))
      .map((id) => batches.get(id))
      .filter((b): b is BatchRecord => b !== undefined)
      .map((b) => ({
        batchId: b.id,
        provenance: b.provenance,
        illustrative: b.illustrative,
        importedAt: b.importedAt,
      })),
    level: levelAssessment?.level ?? ('level' in assessment ? assessment.level : 0.95),
  };
  return { view, totals };
}
