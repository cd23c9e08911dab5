// Turns an indicator view into what the page, its chart and its table show: formatted figures (Danish or
// English), the status sentence, the projection sentence, and the chart specifications. The same published
// figures feed the chart and the table, so they can never disagree.
import { reasonText, statusTexts, type Assessment, type Projection } from '../domain/engine/index.ts';
import type { Indicator } from '../domain/strategy/index.ts';
import type { IndicatorView, PeriodRow, PublishedFigure } from '../service/indicators.ts';
import { renderLineChart, type ChartPoint } from './charts/line-chart.ts';
import { formatNumber, formatPeriod } from './format.ts';
import type { Language, Translate } from './i18n/messages.ts';

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
}

export interface PresentedIndicator {
  readonly status: string;
  readonly statusKey: Assessment['status'];
  readonly statusDetail: string;
  readonly projection: string;
  readonly rows: readonly PresentedRow[];
  readonly chart: string;
  readonly gapChart: string | undefined;
  readonly breakdowns: readonly {
    heading: string;
    items: readonly { label: string; status: string; statusKey: string }[];
  }[];
  readonly valueHeading: string;
  readonly gapHeading: string;
}

export function presentIndicator(
  view: IndicatorView,
  lang: Language,
  t: Translate,
  areaName: string,
): PresentedIndicator {
  const ind = view.indicator;
  const fmt = valueFormatter(ind, lang);
  const fmtGap = gapFormatter(ind, lang);
  const shown = (f: PublishedFigure, format: (n: number) => string) =>
    f.kind === 'value' ? format(f.value) : f.kind === 'suppressed' ? f.display : '–';
  const interval = (f: PublishedFigure, format: (n: number) => string) =>
    f.kind === 'value' && f.low !== undefined && f.high !== undefined
      ? `${format(f.low)} – ${format(f.high)}`
      : '';
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
  }));

  const point = (f: PublishedFigure): ChartPoint | null =>
    f.kind === 'value' ? { y: f.value, low: f.low, high: f.high } : null;
  const categories = view.rows.map((r) => formatPeriod(r.period, lang));
  const watermark = view.illustrative ? t('illustrative.watermark') : undefined;
  const chart = renderLineChart({
    id: `chart-${ind.id}`,
    title: `${ind.title}: ${areaName}`,
    description: t('chart.levelsDescription', {
      target: ind.targetGroup.label,
      comparison: ind.comparisonGroup?.label ?? '',
    }),
    categories,
    series: [
      { label: ind.targetGroup.label, style: 'primary', points: view.rows.map((r) => point(r.target.share)) },
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
    formatY: fmt,
    formatTick: tickFormatter(ind, lang),
    includeZero: ind.unit !== 'score',
    watermark,
  });
  const gapChart =
    ind.kind === 'gap'
      ? renderLineChart({
          id: `gap-${ind.id}`,
          title: `${ind.gapMeasure === 'ratio' ? t('indicator.gapRatio') : ind.unit === 'share' ? t('indicator.gapPoints') : t('indicator.gap')}: ${ind.title}`,
          description: t('chart.gapDescription'),
          categories,
          series: [{ label: t('indicator.gap'), style: 'gap', points: view.rows.map((r) => point(r.gap)) }],
          formatY: fmtGap,
          formatTick: (n: number) => formatNumber(n, lang, ind.gapMeasure === 'ratio' ? 1 : 0),
          zeroLine: ind.gapMeasure !== 'ratio',
          height: 240,
          watermark,
        })
      : undefined;

  return {
    status: statusTexts[view.assessment.status][lang],
    statusKey: view.assessment.status,
    statusDetail: statusDetail(view, lang, t, fmtGap),
    projection: projectionText(view.projection, lang, t),
    rows,
    chart,
    gapChart,
    breakdowns: view.breakdowns.map((b) => ({
      heading: t(`breakdown.${b.kind}`),
      items: b.values.map((v) => ({
        label: t(`breakdownValue.${v.value}` as Parameters<Translate>[0]) || v.value,
        status: statusTexts[v.assessment.status][lang],
        statusKey: v.assessment.status,
      })),
    })),
    valueHeading: t(`unit.${ind.unit}`),
    gapHeading:
      ind.gapMeasure === 'ratio'
        ? t('indicator.gapRatio')
        : ind.unit === 'share'
          ? t('indicator.gapPoints')
          : t('indicator.gap'),
  };
}

function statusDetail(
  view: IndicatorView,
  lang: Language,
  t: Translate,
  fmtGap: (n: number) => string,
): string {
  const a = view.assessment;
  // A change in a ratio is itself a ratio (current ratio / baseline ratio); in a difference, a difference.
  const fmtChange =
    view.indicator.gapMeasure === 'ratio' ? (n: number) => `${formatNumber(n, lang, 2)}×` : fmtGap;
  const level = formatNumber(Math.round(view.level * 100), lang);
  if (a.status === 'not-enough-data' || a.status === 'invalid') return reasonText(a.reason, lang);
  if (!view.changePublishable) return t('indicator.changeSuppressed');
  if (a.status === 'no-spread')
    return t('indicator.changeNoSpread', {
      from: formatPeriod(a.baseline.period, lang),
      to: formatPeriod(a.current.period, lang),
      base: fmtGap(a.baseline.gap.estimate),
      now: fmtGap(a.current.gap.estimate),
    });
  return t('indicator.changeWithInterval', {
    from: formatPeriod(a.baseline.period, lang),
    to: formatPeriod(a.current.period, lang),
    base: fmtGap(a.baseline.gap.estimate),
    now: fmtGap(a.current.gap.estimate),
    level,
    low: fmtChange(a.change.lower),
    high: fmtChange(a.change.upper),
    change: fmtChange(a.change.estimate),
  });
}

function projectionText(p: Projection, lang: Language, t: Translate): string {
  switch (p.kind) {
    case 'reaches-zero':
      return p.range.earliestYear === p.range.latestYear
        ? t('projection.reaches', { year: p.year })
        : t('projection.reachesRange', { year: p.year, from: p.range.earliestYear, to: p.range.latestYear });
    case 'already-closed':
      return t('projection.closed');
    case 'not-at-this-pace':
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

function valueFormatter(ind: Indicator, lang: Language): (n: number) => string {
  if (ind.unit === 'share') return (n) => `${formatNumber(n * 100, lang, 1)} %`;
  if (ind.unit === 'weeks') return (n) => `${formatNumber(n, lang, 1)} ${lang === 'da' ? 'uger' : 'weeks'}`;
  if (ind.unit === 'score') return (n) => formatNumber(n, lang, 2);
  return (n) => formatNumber(n, lang);
}

/** Gaps in percentage points for shares, as a ratio (×) where the strategy says "set i forhold til". */
function gapFormatter(ind: Indicator, lang: Language): (n: number) => string {
  if (ind.gapMeasure === 'ratio') return (n) => `${formatNumber(n, lang, 2)}×`;
  // The engine gives differences of shares in percentage points already.
  if (ind.unit === 'share') return (n) => `${formatNumber(n, lang, 1)} ${lang === 'da' ? 'pct.point' : 'pp'}`;
  return valueFormatter(ind, lang);
}
