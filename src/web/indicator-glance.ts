// The strategy at a glance: one row per indicator — its status, the latest published figures of both groups,
// the gap and its change since the baseline, and a small line of the gap over time. Every figure comes from
// the same published (disclosure-controlled) view the indicator's own page shows, formatted the same way.
import type { StatusKey } from '../domain/engine/index.ts';
import type { Indicator } from '../domain/strategy/index.ts';
import type { IndicatorView, PeriodRow } from '../service/indicators.ts';
import { formatNumber, formatPeriod } from './format.ts';
import type { Language, Translate } from './i18n/messages.ts';
import { gapFormatter, shownFigure, valueFormatter } from './indicator-presenter.ts';
import { renderSparkline } from './sparkline.ts';
import { statusWord } from './status-words.ts';

export interface GlanceRow {
  readonly areaId: string;
  readonly areaTitle: string;
  readonly indicatorId: string;
  readonly title: string;
  readonly status: string;
  readonly statusKey: StatusKey;
  readonly illustrative: boolean;
  /** The latest period with a published figure, '–' when there is none. */
  readonly period: string;
  readonly target: string;
  /** '–' when the indicator has no comparison group or the period no figure for it. */
  readonly comparison: string;
  readonly gap: string;
  /** The change in the gap since the baseline period, '..' where it is withheld, '–' where there is none. */
  readonly change: string;
  /** The inline SVG of the gap over time, '' when it has fewer than two published periods. */
  readonly trend: string;
}

const MISSING = '–';

export function presentGlanceRow(
  area: { readonly id: string; readonly title: string },
  indicator: Indicator,
  view: IndicatorView | undefined,
  lang: Language,
  t: Translate,
): GlanceRow {
  const status = view?.status ?? 'not-enough-data';
  const base = {
    areaId: area.id,
    areaTitle: area.title,
    indicatorId: indicator.id,
    title: indicator.title,
    status: statusWord(status, lang),
    statusKey: status,
    illustrative: view?.illustrative ?? false,
  };
  const latest = view ? latestRow(view.rows) : undefined;
  if (!view || !latest)
    return {
      ...base,
      period: MISSING,
      target: MISSING,
      comparison: MISSING,
      gap: MISSING,
      change: MISSING,
      trend: '',
    };
  const fmt = valueFormatter(indicator, lang);
  const fmtGap = gapFormatter(indicator, lang);
  const hasGap = indicator.kind === 'gap' && indicator.comparisonGroup !== undefined;
  return {
    ...base,
    period: formatPeriod(latest.period, lang),
    target: shownFigure(latest.target.share, fmt),
    comparison: latest.comparison ? shownFigure(latest.comparison.share, fmt) : MISSING,
    gap: hasGap ? shownFigure(latest.gap, fmtGap) : MISSING,
    change: hasGap ? changeText(view, lang, t, fmtGap) : MISSING,
    trend: hasGap
      ? renderSparkline({
          values: view.rows.map((r) => (r.gap.kind === 'value' ? r.gap.value : null)),
          reference: indicator.gapMeasure === 'ratio' ? 1 : 0,
        })
      : '',
  };
}

/** The last period with anything published for the target group; else the last period there is. */
function latestRow(rows: readonly PeriodRow[]): PeriodRow | undefined {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]?.target.share.kind !== 'missing') return rows[i];
  return rows[rows.length - 1];
}

function changeText(
  view: IndicatorView,
  lang: Language,
  t: Translate,
  fmtGap: (n: number) => string,
): string {
  const a = view.assessment;
  if (a.status === 'not-enough-data' || a.status === 'invalid') return MISSING;
  // As on the indicator page: a change whose figures are suppressed is not published.
  if (!view.changePublishable) return '..';
  const n = a.change.estimate;
  // A change in a ratio is itself a ratio (current / baseline); in a difference, a signed difference.
  const change =
    view.indicator.gapMeasure === 'ratio'
      ? `${formatNumber(n, lang, 2)}×`
      : `${n > 0 ? '+' : ''}${fmtGap(n)}`;
  return t('glance.changeSince', { change, period: formatPeriod(a.baseline.period, lang) });
}
