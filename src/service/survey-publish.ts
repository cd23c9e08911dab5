// A closed round's answers as observations of the indicators its questionnaire feeds: one figure per feed and
// area, for the round's period. The feed that is an indicator's own figure for a group is stored under dims
// { group } — what the indicator view reads — and any other feed beside it under { group, question }
// (`placeFeeds`). A share's numerator and denominator are organisations, so the engine's Wilson interval is
// over the responding organisations. A figure from fewer than the minimum of responding organisations is
// stored as a confidential missing value marked "<3" (the minimum) — never as 0 and never with its counts.
import type { Observation } from '../domain/observation/index.ts';
import {
  ALL_AREAS,
  MIN_RESPONDENTS_FLOOR,
  type FeedFigure,
  type FeedPlacement,
  type IndicatorFeed,
} from '../domain/survey/index.ts';

export const SUPPRESSED_MARKER = `<${MIN_RESPONDENTS_FLOOR}`;

/** The marker of a figure suppressed for fewer than `min` responding organisations. */
export const suppressedMarker = (min: number): string => `<${Math.max(MIN_RESPONDENTS_FLOOR, min)}`;

const unitOf = (rule: 'share-of-choices' | 'mean' | 'sum'): string =>
  rule === 'share-of-choices' ? 'share' : rule === 'mean' ? 'score' : 'count';

export type RuledFigure = FeedFigure & { readonly rule: IndicatorFeed['rule'] };

const sameFeed = (f: RuledFigure, feed: IndicatorFeed) =>
  f.indicator === feed.indicator && f.question === feed.question && f.group === feed.group;

/** The dims a figure is stored under: its feed's placement, or { group, question } when it has none. */
function dimsOf(f: RuledFigure, placements: readonly FeedPlacement[]): Readonly<Record<string, string>> {
  return placements.find((p) => sameFeed(f, p.feed))?.dims ?? { group: f.group, question: f.question };
}

export function surveyObservations(
  figures: readonly RuledFigure[],
  period: string,
  placements: readonly FeedPlacement[] = [],
  minRespondents: number = MIN_RESPONDENTS_FLOOR,
): Observation[] {
  const out: Observation[] = [];
  const marker = suppressedMarker(minRespondents);
  for (const f of figures) {
    // The figure over all areas has no area code of its own; each area's figure is stored under its code.
    if (f.area === ALL_AREAS) continue;
    const base = {
      series: f.indicator,
      area: f.area,
      period,
      dims: dimsOf(f, placements),
      unit: unitOf(f.rule),
      status: 'final' as const,
      illustrative: false,
    };
    const v = f.value;
    if (f.suppressed || !v) {
      out.push({ ...base, value: { kind: 'missing', reason: 'confidential', marker } });
    } else if (v.rule === 'share-of-choices') {
      out.push({
        ...base,
        value: { kind: 'number', value: v.share },
        numerator: v.numerator,
        denominator: v.denominator,
      });
    } else {
      out.push({ ...base, value: { kind: 'number', value: v.rule === 'mean' ? v.mean : v.sum } });
    }
  }
  return out;
}

/** One stored figure's responding organisations, as the batch's provenance records it. */
export interface SurveyCell {
  readonly indicator: string;
  readonly area: string;
  readonly dims: Readonly<Record<string, string>>;
  readonly question: string;
  readonly respondents: number;
  readonly suppressed: boolean;
}

/** One area's organisations: invited (distinct among the round's recipients) and responding. */
export interface SurveyAreaCount {
  readonly area: string;
  readonly organisations: number;
  readonly responding: number;
}

export function surveyCells(
  figures: readonly RuledFigure[],
  placements: readonly FeedPlacement[],
): SurveyCell[] {
  return figures
    .filter((f) => f.area !== ALL_AREAS)
    .map((f) => ({
      indicator: f.indicator,
      area: f.area,
      dims: dimsOf(f, placements),
      question: f.question,
      respondents: f.respondents,
      suppressed: f.suppressed || f.value === undefined,
    }));
}
