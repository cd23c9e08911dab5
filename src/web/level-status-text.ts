// The sentence under a level, count or yes/no indicator's status: its change since the baseline with the
// interval used, the target's judgement, or why there is none. Every number shown is a published one.
import {
  reasonText,
  type DatedFigure,
  type LevelAssessment,
  type LevelTarget,
  type TargetJudgement,
} from '../domain/engine/index.ts';
import type { Indicator } from '../domain/strategy/index.ts';
import type { PeriodRow } from '../service/indicators.ts';
import { formatNumber, formatPeriod } from './format.ts';
import type { Language, MessageKey, Translate } from './i18n/messages.ts';

/** How the page formats the indicator's figures and their differences (`indicator-presenter.ts`). */
export interface LevelFormats {
  readonly value: (n: number) => string;
  /** A difference: percentage points for a share, the unit otherwise. */
  readonly difference: (n: number) => string;
}

export interface LevelStatusInput {
  readonly indicator: Indicator;
  readonly levelAssessment: LevelAssessment;
  readonly changePublishable: boolean;
  readonly rows: readonly PeriodRow[];
}

export function levelStatusDetail(
  view: LevelStatusInput,
  formats: LevelFormats,
  lang: Language,
  t: Translate,
  target?: LevelTarget,
): string {
  const a = view.levelAssessment;
  const level = formatNumber(Math.round(a.level * 100), lang);
  const latest = latestSentence(view, formats, lang, t, level);
  const why = a.reason && a.reason !== 'parity-without-comparison' ? reasonText(a.reason, lang) : '';
  if (a.status === 'invalid') return why;
  if (a.status === 'not-enough-data') return join([why, latest]);
  if (a.status === 'not-assessed') return join([t('levelReason.parity-without-comparison'), latest]);
  if (a.status === 'monitor') return join([t('level.monitor'), latest]);
  if (!view.changePublishable) return t('indicator.changeSuppressed');
  const sentences = [changeSentence(view, formats, lang, t, level)];
  if (a.direction === 'stable') sentences.push(t('level.stableAim'));
  if (target && a.target)
    sentences.push(targetSentence(a.target, target, view.indicator, formats, lang, t, level));
  const c = a.change;
  if (!c || c.kind === 'invalid' || c.kind === 'not-enough-data') sentences.push(latest);
  return join(sentences);
}

function join(sentences: readonly string[]): string {
  return sentences.filter((s) => s !== '').join(' ');
}

function signed(n: number, text: string): string {
  return n > 0 ? `+${text}` : text;
}

function dated(d: DatedFigure, fmt: (n: number) => string, lang: Language, t: Translate): string {
  const value = fmt(d.figure.estimate);
  return d.period === undefined
    ? t('level.fromUnknownYear', { value })
    : t('level.from', { value, period: formatPeriod(d.period, lang) });
}

function changeSentence(
  view: LevelStatusInput,
  formats: LevelFormats,
  lang: Language,
  t: Translate,
  level: string,
): string {
  const c = view.levelAssessment.change;
  if (!c || c.kind === 'invalid' || c.kind === 'not-enough-data') return '';
  const fmt = formats.value;
  const words = { base: dated(c.baseline, fmt, lang, t), now: dated(c.current, fmt, lang, t) };
  const change = (n: number) => signed(n, formats.difference(n));
  if (c.kind === 'no-spread') return t('level.changeNoSpread', { ...words, change: change(c.difference) });
  if (c.method === 'newcombe')
    return t('level.changeWithInterval', {
      ...words,
      change: change(c.difference.estimate),
      level,
      low: change(c.difference.lower),
      high: change(c.difference.upper),
    });
  const difference = change(c.difference);
  if (!c.ratio) return t('level.countChangeFromZero', { ...words, change: difference, level });
  const percent = (r: number) => Math.round((r - 1) * 100);
  const relative = (r: number) => {
    const p = percent(r);
    if (p === 0) return t('level.relative.same');
    const n = formatNumber(Math.abs(p), lang);
    return p > 0 ? t('level.relative.more', { n }) : t('level.relative.less', { n });
  };
  const bound = (r: number) => signed(percent(r), `${formatNumber(percent(r), lang)} %`);
  return t('level.countChangeWithInterval', {
    ...words,
    change: difference,
    relative: relative(c.ratio.estimate),
    level,
    low: bound(c.ratio.lower),
    high: bound(c.ratio.upper),
  });
}

/** The latest figure as published: a suppressed one stays suppressed, with no interval. */
function latestSentence(
  view: LevelStatusInput,
  formats: LevelFormats,
  lang: Language,
  t: Translate,
  level: string,
): string {
  const latest = view.levelAssessment.latest;
  if (!latest || latest.period === undefined) return '';
  const published = view.rows.find((r) => r.period === latest.period)?.target.share;
  if (!published || published.kind === 'missing') return '';
  const period = formatPeriod(latest.period, lang);
  if (published.kind === 'suppressed') return t('level.latest', { value: published.display, period });
  const fmt = formats.value;
  const f = latest.figure;
  if (f.kind !== 'estimate') return t('level.latest', { value: fmt(f.estimate), period });
  return t('level.latestWithInterval', {
    value: fmt(f.estimate),
    period,
    level,
    low: fmt(f.lower),
    high: fmt(f.upper),
  });
}

function targetSentence(
  judgement: TargetJudgement,
  target: LevelTarget,
  indicator: Indicator,
  formats: LevelFormats,
  lang: Language,
  t: Translate,
  level: string,
): string {
  const fmt = formats.value;
  const aim = t(`level.target.${target.comparison}` as MessageKey, { value: fmt(target.value) });
  const described =
    target.year === undefined ? aim : t('level.target.byYear', { target: aim, year: target.year });
  switch (judgement.kind) {
    case 'not-enough-data':
      return reasonText(judgement.reason, lang);
    case 'latest':
      if (judgement.status === 'target-met')
        return judgement.figure.kind === 'estimate'
          ? t('level.targetMet', { target: described })
          : t('level.targetMetNoSpread', { target: described });
      return judgement.status === 'target-not-met'
        ? t('level.targetNotMet', { target: described })
        : t('level.targetUnclear', { target: described });
    case 'no-spread':
      return t('level.targetNoSpread', {
        target: described,
        observed: t(`level.observed.${judgement.observed}`),
      });
    case 'pace': {
      const share = indicator.unit === 'share';
      const perYear = (n: number) =>
        signed(
          n,
          share ? t('level.perYearPoints', { n: formatNumber(n * 100, lang, 1) }) : formatNumber(n, lang, 1),
        );
      if (judgement.projected)
        return t('level.targetPaceYear', {
          slope: perYear(judgement.slope.estimate),
          projected: fmt(judgement.projected.value.estimate),
          year: judgement.projected.year,
          low: fmt(judgement.projected.value.lower),
          high: fmt(judgement.projected.value.upper),
          target: described,
        });
      return t('level.targetPace', {
        slope: perYear(judgement.slope.estimate),
        level,
        low: perYear(judgement.slope.lower),
        high: perYear(judgement.slope.upper),
        target: described,
      });
    }
  }
}
