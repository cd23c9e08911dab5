// Disclosure control of one view's table: which shares, group sizes, counts and gaps of each period may be published.
import {
  displayValue,
  protectCount,
  protectShare,
  type DisclosureConfig,
  type Locale,
} from '../domain/disclosure/index.ts';
import {
  confidenceAt,
  wilsonInterval,
  type Estimate,
  type Observation,
  type PeriodGap,
  type SeriesPoint,
} from '../domain/engine/index.ts';
import type { Indicator } from '../domain/strategy/index.ts';
import type { HiddenFigures } from './breakdown-disclosure.ts';
import type { SurveyRowResponses } from './survey-figures.ts';

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
  /** For a figure from a survey round: the organisations that answered and the response rate. */
  readonly survey?: SurveyRowResponses | undefined;
}

/** The multiplier of every published share's interval: the engine's default level, at which views are assessed. */
const SHARE_Z = confidenceAt().z;

// Figures that say the same thing are one shared (immutable) object: a national recomputation publishes
// hundreds of thousands of them.
const MISSING: PublishedFigure = { kind: 'missing' };
const MISSING_GROUP: GroupFigure = { share: MISSING, size: MISSING };
const HIDDEN: PublishedFigure = { kind: 'suppressed', display: '..' };

/**
 * Disclosure per period: a share is published only under the share rule; a group size or count of 1–4 is
 * hidden (".."); so is whatever `hidden` says the table protection of a breakdown with its total hides (see
 * `breakdown-disclosure.ts`), a share with its interval whenever its count or group size is; a gap is published
 * only when both shares are, since a gap and one share give the other.
 * `gaps` are the engine's, computed at the default level, so a gap estimate's group intervals are the very
 * Wilson intervals the published shares carry and are taken from it rather than computed again.
 */
export function publishRows(
  indicator: Indicator,
  series: readonly SeriesPoint[],
  gaps: readonly PeriodGap[],
  config: DisclosureConfig,
  locale: Locale,
  hidden?: (period: string, group: 'target' | 'comparison') => HiddenFigures | undefined,
  /**
   * The shares count organisations that answered a survey, not persons: a share is published with its interval
   * whenever it stands (the round's minimum of responding organisations was applied when it was published).
   */
  organisations = false,
): PeriodRow[] {
  // The engine lists the same periods in time order, the series in label order; mostly the same order.
  let byPeriod: Map<string, PeriodGap['gap']> | undefined;
  const gapAt = (i: number, period: string) => {
    const same = gaps[i];
    if (same && same.period === period) return same.gap;
    byPeriod ??= new Map(gaps.map((g) => [g.period, g.gap]));
    return byPeriod.get(period);
  };
  const isGap = indicator.kind === 'gap';
  return series.map((p, i) => {
    const g = gapAt(i, p.period);
    const intervals = g?.kind === 'estimate' ? g : undefined;
    const target = withHidden(
      publishGroup(p.target, config, locale, indicator.unit, intervals?.target, organisations),
      hidden?.(p.period, 'target'),
    );
    const comparison = isGap
      ? withHidden(
          publishGroup(p.comparison, config, locale, indicator.unit, intervals?.comparison, organisations),
          hidden?.(p.period, 'comparison'),
        )
      : undefined;
    let gap = MISSING;
    if (g && (g.kind === 'estimate' || g.kind === 'no-spread')) {
      const bothPublished = target.share.kind === 'value' && comparison?.share.kind === 'value';
      if (!bothPublished) gap = HIDDEN;
      else
        gap =
          g.kind === 'estimate'
            ? { kind: 'value', value: g.estimate, low: g.lower, high: g.upper }
            : { kind: 'value', value: g.estimate };
    }
    return { period: p.period, target, comparison, gap };
  });
}

/** A group's figures with what a table protection hides besides: a hidden size hides the share too. */
function withHidden(g: GroupFigure, h: HiddenFigures | undefined): GroupFigure {
  if (!h || (!h.share && !h.size)) return g;
  const hide = (f: PublishedFigure) => (f.kind === 'value' ? HIDDEN : f);
  return { share: h.share || h.size ? hide(g.share) : g.share, size: h.size ? hide(g.size) : g.size };
}

function publishGroup(
  o: Observation,
  config: DisclosureConfig,
  locale: Locale,
  unit: Indicator['unit'],
  interval: Estimate | undefined,
  organisations = false,
): GroupFigure {
  if (o.kind === 'missing') return MISSING_GROUP;
  if (o.kind === 'value') {
    if (unit === 'count') {
      const cell = protectCount(Math.round(o.value), config);
      const share: PublishedFigure =
        cell.kind === 'count'
          ? { kind: 'value', value: o.value }
          : { kind: 'suppressed', display: displayValue(cell, locale) };
      return { share, size: share };
    }
    return { share: { kind: 'value', value: o.value }, size: MISSING };
  }
  if (organisations && o.denominator > 0 && o.numerator >= 0 && o.numerator <= o.denominator) {
    const ci = interval ?? wilsonInterval(o.numerator, o.denominator, SHARE_Z);
    return {
      share: { kind: 'value', value: o.numerator / o.denominator, low: ci.lower, high: ci.upper },
      size: { kind: 'value', value: o.denominator },
    };
  }
  // Counts may be fractional (full-time persons); the rule is applied to whole persons.
  const num = Math.round(o.numerator);
  const den = Math.round(o.denominator);
  const cell = protectShare({ numerator: Math.min(num, den), denominator: den }, config);
  const sizeCell = protectCount(den, config);
  const size: PublishedFigure =
    sizeCell.kind === 'count'
      ? { kind: 'value', value: o.denominator }
      : { kind: 'suppressed', display: displayValue(sizeCell, locale) };
  if (cell.kind === 'suppressed') return { share: suppressed(displayValue(cell, locale)), size };
  const ci = interval ?? wilsonInterval(o.numerator, o.denominator, SHARE_Z);
  return {
    share: { kind: 'value', value: o.numerator / o.denominator, low: ci.lower, high: ci.upper },
    size,
  };
}

const suppressed = (display: string): PublishedFigure =>
  display === '..' ? HIDDEN : { kind: 'suppressed', display };
