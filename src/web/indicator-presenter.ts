// Turns an indicator view into what the page, its chart and its table show: formatted figures (Danish or
// English), the status sentence, the projection sentence, and the chart specifications. The same published
// figures feed the chart and the table, so they can never disagree.
import {
  PROJECTION_HORIZON_YEAR,
  reasonText,
  type Projection,
  type StatusKey,
} from '../domain/engine/index.ts';
import { baselinePeriod, type Indicator } from '../domain/strategy/index.ts';
import type { IndicatorView, PeriodRow, PublishedFigure } from '../service/indicators.ts';
import {
  comparisonStyles,
  maxComparisonLines,
  renderComparisonChart,
  type ComparisonStyle,
} from './charts/comparison-chart.ts';
import { renderLineChart, type ChartPoint, type LineChartSpec } from './charts/line-chart.ts';
import { shortPeriodLabel } from './charts/period-labels.ts';
import { formatNumber, formatPeriod } from './format.ts';
import { formatInUnit, unitHeading } from './unit-format.ts';
import type { Language, Translate } from './i18n/messages.ts';
import { levelStatusDetail } from './level-status-text.ts';
import { statusWord } from './status-words.ts';

export interface PresentedRow {
  readonly period: string;
  readonly target: string;
  readonly targetInterval: string;
  readonly targetSize: string;
  readonly comparison: string;
  readonly comparisonInterval: string;
  readonly comparisonSize: string;
  readonly gap: string;
  readonly gapInterval: string;
  /** A survey figure's responding organisations, and the round's response rate; empty for other sources. */
  readonly targetResponses: string;
  readonly comparisonResponses: string;
  readonly responseRate: string;
}

export interface PresentedIndicator {
  readonly status: string;
  readonly statusKey: StatusKey;
  readonly statusDetail: string;
  readonly projection: string;
  readonly rows: readonly PresentedRow[];
  readonly chart: string;
  readonly gapChart: string | undefined;
  readonly breakdowns: readonly PresentedBreakdown[];
  readonly valueHeading: string;
  readonly gapHeading: string;
  /** Set when any figure comes from a survey round: the table shows responses and the response rate. */
  readonly survey: { readonly note: string } | undefined;
}

/** A figure and its interval as the tables print them; ".." for a suppressed one, "–" for a missing one. */
export interface PresentedCell {
  readonly value: string;
  readonly interval: string;
}

/** One measure over time for several lines (areas or breakdown values): the table beside a comparison chart. */
export interface PresentedSeriesTable {
  readonly columns: readonly string[];
  readonly rows: readonly { readonly period: string; readonly cells: readonly PresentedCell[] }[];
}

/** How a chart line looks, in words, so the legend does not rest on the picture alone. */
export interface LegendEntry {
  readonly label: string;
  readonly pattern: string;
}

export interface PresentedBreakdown {
  readonly kind: string;
  readonly heading: string;
  readonly measureHeading: string;
  readonly items: readonly { label: string; status: string; statusKey: string }[];
  /** Per breakdown value, its latest period's published figures and its status. */
  readonly latest: readonly {
    readonly label: string;
    readonly period: string;
    readonly target: PresentedCell;
    readonly comparison: PresentedCell;
    readonly gap: PresentedCell;
    readonly status: string;
    readonly statusKey: string;
  }[];
  /** The measure over time per value, drawn when the values are few enough to tell apart. */
  readonly chart: string | undefined;
  readonly legend: readonly LegendEntry[];
  readonly overTime: PresentedSeriesTable;
}

/** The indicator in the chosen area beside the same indicator in another area. */
export interface PresentedComparison {
  readonly areaCode: string;
  readonly areaName: string;
  /** False when the other area has nothing published for the indicator: the page says so and draws nothing. */
  readonly hasData: boolean;
  readonly status: string;
  readonly statusKey: StatusKey | undefined;
  readonly statusDetail: string;
  readonly measureHeading: string;
  readonly chart: string | undefined;
  readonly legend: readonly LegendEntry[];
  readonly table: PresentedSeriesTable;
  readonly illustrative: boolean;
}

/** What the charts mark besides the figures: the strategy's period (months `YYYY-MM`, from its definition). */
export interface ChartContext {
  readonly strategyPeriod?: { readonly from: string; readonly to: string } | undefined;
}

export function presentIndicator(
  view: IndicatorView,
  lang: Language,
  t: Translate,
  areaName: string,
  context: ChartContext = {},
): PresentedIndicator {
  const ind = view.indicator;
  const fmt = valueFormatter(ind, lang);
  const fmtGap = gapFormatter(ind, lang);
  const shown = shownFigure;
  const interval = intervalOf;
  const count = (n: number) => formatNumber(n, lang);
  const rows = view.rows.map((r: PeriodRow) => ({
    period: formatPeriod(r.period, lang),
    target: shown(r.target.share, fmt),
    targetInterval: interval(r.target.share, fmt),
    targetSize: shown(r.target.size, count),
    comparison: r.comparison ? shown(r.comparison.share, fmt) : '',
    comparisonInterval: r.comparison ? interval(r.comparison.share, fmt) : '',
    comparisonSize: r.comparison ? shown(r.comparison.size, count) : '',
    gap: shown(r.gap, fmtGap),
    gapInterval: interval(r.gap, fmtGap),
    ...surveyCells(r, lang, t),
  }));
  const minimum = view.rows.find((r) => r.survey)?.survey;
  const surveyMinimum = minimum?.target?.minimum ?? minimum?.comparison?.minimum;

  const periods = view.rows.map((r) => r.period);
  const marks = chartMarks(view, lang, t, context);
  const watermark = view.illustrative ? t('illustrative.watermark') : undefined;
  const chart = renderLineChart({
    ...marks,
    id: `chart-${ind.id}`,
    title: `${ind.title}: ${areaName}`,
    description: t('chart.levelsDescription', {
      target: ind.targetGroup?.label ?? ind.title,
      comparison: ind.comparisonGroup?.label ?? '',
    }),
    periods,
    series: [
      {
        label: ind.targetGroup?.label ?? ind.title,
        style: 'primary',
        points: view.rows.map((r) => point(r.target.share)),
      },
      ...(ind.comparisonGroup
        ? [
            {
              label: ind.comparisonGroup.label,
              style: 'secondary' as const,
              points: view.rows.map((r) => (r.comparison ? point(r.comparison.share) : null)),
            },
          ]
        : []),
    ],
    yLabel: unitHeading(ind.unit, t),
    formatTick: tickFormatter(ind, lang),
    includeZero: ind.unit !== 'score',
    watermark,
  });
  const gap = measureOf(ind, lang, t);
  const gapPoints = view.rows.map((r) => point(r.gap));
  // No gap in any period (one group missing, or every gap hidden): no chart, rather than an empty axis.
  const gapChart =
    ind.kind === 'gap' && gapPoints.some((p) => p !== null)
      ? renderLineChart({
          ...marks,
          id: `gap-${ind.id}`,
          title: `${gap.heading}: ${ind.title}, ${areaName}`,
          description: t('chart.gapDescription'),
          periods,
          series: [{ label: gap.heading, style: 'gap', points: gapPoints }],
          yLabel: gap.axis,
          formatTick: gap.tick,
          target: gap.target,
          zeroLine: gap.zeroLine,
          height: 240,
          watermark,
        })
      : undefined;

  return {
    status: statusWord(view.status, lang),
    statusKey: view.status,
    statusDetail: statusDetail(view, lang, t, fmtGap),
    projection: projectionText(view.projection, lang, t),
    rows,
    chart,
    gapChart,
    breakdowns: view.breakdowns.map((b) => presentBreakdown(view, b, lang, t, context)),
    valueHeading: unitHeading(ind.unit, t),
    gapHeading: gapHeading(ind, t),
    survey:
      surveyMinimum === undefined ? undefined : { note: t('indicator.survey.note', { min: surveyMinimum }) },
  };
}

/** A row's responses and response rate as the table prints them; empty where the row is not a survey's. */
function surveyCells(
  r: PeriodRow,
  lang: Language,
  t: Translate,
): Pick<PresentedRow, 'targetResponses' | 'comparisonResponses' | 'responseRate'> {
  const s = r.survey;
  const any = s?.target ?? s?.comparison;
  const rate =
    any?.rate === undefined
      ? ''
      : t('indicator.survey.rateValue', {
          rate: `${formatNumber(any.rate * 100, lang)}${lang === 'da' ? ' %' : '%'}`,
          responding: formatNumber(any.responding, lang),
          organisations: formatNumber(any.organisations, lang),
        });
  return {
    targetResponses: s?.target ? formatNumber(s.target.respondents, lang) : '',
    comparisonResponses: s?.comparison ? formatNumber(s.comparison.respondents, lang) : '',
    responseRate: rate,
  };
}

/**
 * The indicator's measure in the chosen area beside another area's: the gap for gap indicators, the target
 * group's figure otherwise. Both come from the published views, so a suppressed figure stays suppressed here.
 */
export function presentComparison(
  main: IndicatorView,
  mainName: string,
  compared: { readonly code: string; readonly name: string; readonly view: IndicatorView | undefined },
  lang: Language,
  t: Translate,
  context: ChartContext = {},
): PresentedComparison {
  const ind = main.indicator;
  const m = measureOf(ind, lang, t);
  const { code: areaCode, name: otherName, view: other } = compared;
  if (!other || other.rows.length === 0)
    return {
      areaCode,
      areaName: otherName,
      hasData: false,
      status: '',
      statusKey: undefined,
      statusDetail: '',
      measureHeading: m.heading,
      chart: undefined,
      legend: [],
      table: { columns: [], rows: [] },
      illustrative: false,
    };
  const views = [main, other];
  const names = [mainName, otherName];
  const labels = views.map((v, i) =>
    v.illustrative ? `${names[i] ?? ''} (${t('illustrative.short')})` : (names[i] ?? ''),
  );
  const lines = views.map((v) => v.rows);
  const periods = periodsOf(lines);
  const illustrative = views.some((v) => v.illustrative);
  const chart = renderComparisonChart({
    ...chartMarks(main, lang, t, context),
    id: `compare-${ind.id}`,
    title: t('chart.compareTitle', { measure: m.heading, indicator: ind.title, areas: names.join(' / ') }),
    description: t('chart.compareDescription', { areas: names.join(', ') }),
    periods,
    lines: lines.map((rows, i) => ({ label: labels[i] ?? '', points: pointsAt(rows, periods, m.figure) })),
    yLabel: m.axis,
    formatTick: m.tick,
    zeroLine: m.zeroLine,
    target: m.target,
    includeZero: ind.kind !== 'gap' && ind.unit !== 'score',
    watermark: illustrative ? t('illustrative.watermark') : undefined,
  });
  return {
    areaCode,
    areaName: otherName,
    hasData: true,
    status: statusWord(other.status, lang),
    statusKey: other.status,
    statusDetail: statusDetail(other, lang, t, gapFormatter(ind, lang)),
    measureHeading: m.heading,
    chart,
    legend: legendFor(labels, t),
    table: seriesTable(labels, lines, periods, m, lang),
    illustrative,
  };
}

function presentBreakdown(
  view: IndicatorView,
  b: IndicatorView['breakdowns'][number],
  lang: Language,
  t: Translate,
  context: ChartContext,
): PresentedBreakdown {
  const ind = view.indicator;
  const fmt = valueFormatter(ind, lang);
  const fmtGap = gapFormatter(ind, lang);
  const m = measureOf(ind, lang, t);
  // Sex and origin subgroup have words; an age band is its span, e.g. "16-29 år".
  const labels = b.values.map((v) =>
    b.kind === 'age-band'
      ? t('breakdownValue.ageBand', { band: v.value })
      : t(`breakdownValue.${v.value}` as Parameters<Translate>[0]),
  );
  const heading = t(`breakdown.${b.kind}`);
  const lines = b.values.map((v) => v.rows);
  const periods = periodsOf(lines);
  const cell = (f: PublishedFigure | undefined, format: (n: number) => string): PresentedCell =>
    f ? { value: shownFigure(f, format), interval: intervalOf(f, format) } : { value: '–', interval: '' };
  const drawable =
    b.values.length <= maxComparisonLines &&
    lines.some((rows) => rows.some((r) => m.figure(r).kind === 'value'));
  return {
    kind: b.kind,
    heading,
    measureHeading: m.heading,
    items: b.values.map((v, i) => ({
      label: labels[i] ?? v.value,
      status: statusWord(v.status, lang),
      statusKey: v.status,
    })),
    latest: b.values.map((v, i) => {
      const last = v.rows[v.rows.length - 1];
      return {
        label: labels[i] ?? v.value,
        period: last ? formatPeriod(last.period, lang) : '–',
        target: cell(last?.target.share, fmt),
        comparison: cell(last?.comparison?.share, fmt),
        gap: cell(last?.gap, fmtGap),
        status: statusWord(v.status, lang),
        statusKey: v.status,
      };
    }),
    chart: drawable
      ? renderComparisonChart({
          ...chartMarks(view, lang, t, context),
          id: `breakdown-${ind.id}-${b.kind}`,
          title: t('chart.breakdownTitle', { measure: m.heading, breakdown: heading, indicator: ind.title }),
          description: t('chart.breakdownDescription', { values: labels.join(', ') }),
          periods,
          lines: lines.map((rows, i) => ({
            label: labels[i] ?? '',
            points: pointsAt(rows, periods, m.figure),
          })),
          yLabel: m.axis,
          formatTick: m.tick,
          zeroLine: m.zeroLine,
          target: m.target,
          includeZero: ind.kind !== 'gap' && ind.unit !== 'score',
          watermark: view.illustrative ? t('illustrative.watermark') : undefined,
          height: 200,
        })
      : undefined,
    legend: drawable ? legendFor(labels, t) : [],
    overTime: seriesTable(labels, lines, periods, m, lang),
  };
}

interface Measure {
  readonly heading: string;
  /** The unit of the chart's value axis. */
  readonly axis: string;
  /** The line of no gap (0 points, or 1 for a ratio); named the aim where the strategy asks for parity. */
  readonly target: LineChartSpec['target'];
  readonly figure: (r: PeriodRow) => PublishedFigure;
  readonly format: (n: number) => string;
  readonly tick: (n: number) => string;
  readonly zeroLine: boolean;
}

/** What a comparison compares: the gap where the indicator has one, else the target group's own figure. */
function measureOf(ind: Indicator, lang: Language, t: Translate): Measure {
  if (ind.kind === 'gap') {
    const ratio = ind.gapMeasure === 'ratio';
    const aim = ind.direction === 'parity';
    return {
      heading: gapHeading(ind, t),
      axis: ratio
        ? t('chart.axis.ratio')
        : ind.unit === 'share'
          ? t('chart.axis.points')
          : unitHeading(ind.unit, t),
      target: {
        value: ratio ? 1 : 0,
        label: ratio
          ? t(aim ? 'chart.targetParity' : 'chart.parity')
          : t(aim ? 'chart.targetNoGap' : 'chart.noGap'),
      },
      figure: (r) => r.gap,
      format: gapFormatter(ind, lang),
      tick: (n) => formatNumber(n, lang, ind.gapMeasure === 'ratio' ? 1 : 0),
      zeroLine: !ratio,
    };
  }
  return {
    heading: unitHeading(ind.unit, t),
    axis: unitHeading(ind.unit, t),
    target: undefined,
    figure: (r) => r.target.share,
    format: valueFormatter(ind, lang),
    tick: tickFormatter(ind, lang),
    zeroLine: false,
  };
}

/**
 * The marks every chart of an indicator carries: the time axis' name, the baseline the change is measured
 * from (the assessment's, which is the declared one when the figures have it) and the strategy's period.
 */
function chartMarks(
  view: IndicatorView,
  lang: Language,
  t: Translate,
  context: ChartContext,
): Pick<LineChartSpec, 'lang' | 'xLabel' | 'baseline' | 'strategyPeriod'> {
  const a = view.assessment;
  const base = 'baseline' in a ? a.baseline.period : baselinePeriod(view.indicator);
  const sp = context.strategyPeriod;
  const month = (m: string) => shortPeriodLabel(m.replace('-', 'M'), lang);
  return {
    lang,
    xLabel: t(`chart.axis.${view.indicator.frequency}`),
    baseline: base
      ? { period: base, label: t('chart.baseline', { period: shortPeriodLabel(base, lang) }) }
      : undefined,
    strategyPeriod: sp
      ? { ...sp, label: t('chart.strategyPeriod', { label: `${month(sp.from)}–${month(sp.to)}` }) }
      : undefined,
  };
}

function gapHeading(ind: Indicator, t: Translate): string {
  return ind.gapMeasure === 'ratio'
    ? t('indicator.gapRatio')
    : ind.unit === 'share'
      ? t('indicator.gapPoints')
      : t('indicator.gap');
}

/** Every period any of the lines has, in order (period codes of one frequency sort as text). */
function periodsOf(lines: readonly (readonly PeriodRow[])[]): string[] {
  return [...new Set(lines.flatMap((rows) => rows.map((r) => r.period)))].sort();
}

function pointsAt(
  rows: readonly PeriodRow[],
  periods: readonly string[],
  figure: (r: PeriodRow) => PublishedFigure,
): (ChartPoint | null)[] {
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  return periods.map((p) => {
    const r = byPeriod.get(p);
    return r ? point(figure(r)) : null;
  });
}

function seriesTable(
  columns: readonly string[],
  lines: readonly (readonly PeriodRow[])[],
  periods: readonly string[],
  m: Measure,
  lang: Language,
): PresentedSeriesTable {
  const byPeriod = lines.map((rows) => new Map(rows.map((r) => [r.period, r])));
  return {
    columns,
    rows: periods.map((p) => ({
      period: formatPeriod(p, lang),
      cells: byPeriod.map((rows) => {
        const r = rows.get(p);
        if (!r) return { value: '–', interval: '' };
        const f = m.figure(r);
        return { value: shownFigure(f, m.format), interval: intervalOf(f, m.format) };
      }),
    })),
  };
}

function legendFor(labels: readonly string[], t: Translate): LegendEntry[] {
  return labels.map((label, i) => ({
    label,
    pattern: t(`chart.style.${comparisonStyles[i] as ComparisonStyle}`),
  }));
}

function point(f: PublishedFigure): ChartPoint | null {
  return f.kind === 'value' ? { y: f.value, low: f.low, high: f.high } : null;
}

export function shownFigure(f: PublishedFigure, format: (n: number) => string): string {
  return f.kind === 'value' ? format(f.value) : f.kind === 'suppressed' ? f.display : '–';
}

function intervalOf(f: PublishedFigure, format: (n: number) => string): string {
  return f.kind === 'value' && f.low !== undefined && f.high !== undefined
    ? `${format(f.low)} – ${format(f.high)}`
    : '';
}

function statusDetail(
  view: IndicatorView,
  lang: Language,
  t: Translate,
  fmtGap: (n: number) => string,
): string {
  if (view.levelAssessment)
    return levelStatusDetail(
      { ...view, levelAssessment: view.levelAssessment },
      { value: valueFormatter(view.indicator, lang), difference: fmtGap },
      lang,
      t,
    );
  const a = view.assessment;
  const level = formatNumber(Math.round(view.level * 100), lang);
  if (a.status === 'not-enough-data' || a.status === 'invalid') return reasonText(a.reason, lang);
  if (!view.changePublishable) return t('indicator.changeSuppressed');
  const from = formatPeriod(a.baseline.period, lang);
  const to = formatPeriod(a.current.period, lang);
  if (view.indicator.gapMeasure === 'ratio') {
    // A ratio is read as "2,9 gange så højt", its change as "fra 2,9 til 2,8 gange" and how many per cent higher
    // or lower the ratio became (the engine's change of a ratio is itself a ratio: current / baseline).
    const times = (n: number) => t('indicator.ratio.times', { n: formatNumber(n, lang, 1) });
    const words = {
      from,
      to,
      base: times(a.baseline.gap.estimate),
      now: times(a.current.gap.estimate),
    };
    if (a.status === 'no-spread') return t('indicator.changeRatioNoSpread', words);
    return t('indicator.changeRatioWithInterval', {
      ...words,
      baseN: formatNumber(a.baseline.gap.estimate, lang, 1),
      nowN: formatNumber(a.current.gap.estimate, lang, 1),
      change: ratioChangeWords(a.change.estimate, lang, t),
      level,
      low: ratioChangeWords(a.change.lower, lang, t),
      high: ratioChangeWords(a.change.upper, lang, t),
    });
  }
  if (a.status === 'no-spread')
    return t('indicator.changeNoSpread', {
      from,
      to,
      base: fmtGap(a.baseline.gap.estimate),
      now: fmtGap(a.current.gap.estimate),
    });
  return t('indicator.changeWithInterval', {
    from,
    to,
    base: fmtGap(a.baseline.gap.estimate),
    now: fmtGap(a.current.gap.estimate),
    level,
    low: fmtGap(a.change.lower),
    high: fmtGap(a.change.upper),
    change: fmtGap(a.change.estimate),
  });
}

/** A change of a ratio (current / baseline) as "4 % lavere", "12 % højere" or "uændret", in whole per cent. */
export function ratioChangeWords(factor: number, lang: Language, t: Translate): string {
  const percent = Math.round((factor - 1) * 100);
  if (percent === 0) return t('indicator.ratio.same');
  const n = formatNumber(Math.abs(percent), lang);
  return percent > 0 ? t('indicator.ratio.higher', { n }) : t('indicator.ratio.lower', { n });
}

function projectionText(p: Projection, lang: Language, t: Translate): string {
  switch (p.kind) {
    case 'reaches-zero':
      return p.range.earliestYear === p.range.latestYear
        ? t('projection.reaches', { year: p.year })
        : t('projection.reachesRange', { year: p.year, from: p.range.earliestYear, to: p.range.latestYear });
    case 'already-closed':
      return t('projection.closed');
    case 'no-clear-gap':
      return t('projection.noClearGap');
    case 'no-spread':
      return t('projection.noSpread');
    case 'not-at-this-pace':
      if (p.reason === 'beyond-horizon')
        return t('projection.beyondHorizon', { year: PROJECTION_HORIZON_YEAR });
      return p.reason === 'moving-away' ? t('projection.movingAway') : t('projection.noClearTrend');
    default:
      return `${t('projection.none')} ${reasonText(p.reason, lang)}`;
  }
}

/** Axis ticks: whole percentages for shares, plain numbers otherwise; the unit stands in the caption. */
function tickFormatter(ind: Indicator, lang: Language): (n: number) => string {
  if (ind.unit === 'share') return (n) => `${formatNumber(n * 100, lang, 0)} %`;
  return (n) => formatNumber(n, lang, ind.unit === 'score' ? 1 : 0);
}

export function valueFormatter(ind: Indicator, lang: Language): (n: number) => string {
  // A count stays a bare number in tables, as before; every other unit carries its sign or word.
  if (ind.unit === 'count') return (n) => formatNumber(n, lang);
  return (n) => formatInUnit(n, ind.unit, lang);
}

/** Gaps in percentage points for shares, as "2,92 gange" where the strategy says "set i forhold til". */
export function gapFormatter(ind: Indicator, lang: Language): (n: number) => string {
  if (ind.gapMeasure === 'ratio')
    return (n) => `${formatNumber(n, lang, 2)} ${lang === 'da' ? 'gange' : 'times'}`;
  // The engine gives differences of shares in percentage points already.
  if (ind.unit === 'share') return (n) => `${formatNumber(n, lang, 1)} ${lang === 'da' ? 'pct.point' : 'pp'}`;
  return valueFormatter(ind, lang);
}
