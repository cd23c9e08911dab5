// A closed round's answers as observations of the indicators its questionnaire feeds: one figure per feed and
// area, for the round's period, keyed by the feed's group and question (an indicator may be fed by several
// questions for one group). A figure from fewer than the minimum of responding organisations is stored as a
// confidential missing value marked "<3" — never as 0 and never with its counts.
import type { Observation } from '../domain/observation/index.ts';
import { ALL_AREAS, MIN_RESPONDENTS_FLOOR, type FeedFigure } from '../domain/survey/index.ts';

export const SUPPRESSED_MARKER = `<${MIN_RESPONDENTS_FLOOR}`;

const unitOf = (rule: 'share-of-choices' | 'mean' | 'sum'): string =>
  rule === 'share-of-choices' ? 'share' : rule === 'mean' ? 'score' : 'count';

export function surveyObservations(
  figures: readonly (FeedFigure & { readonly rule: 'share-of-choices' | 'mean' | 'sum' })[],
  period: string,
): Observation[] {
  const out: Observation[] = [];
  for (const f of figures) {
    // The figure over all areas has no area code of its own; each area's figure is stored under its code.
    if (f.area === ALL_AREAS) continue;
    const base = {
      series: f.indicator,
      area: f.area,
      period,
      dims: { group: f.group, question: f.question },
      unit: unitOf(f.rule),
      status: 'final' as const,
      illustrative: false,
    };
    const v = f.value;
    if (f.suppressed || !v) {
      out.push({ ...base, value: { kind: 'missing', reason: 'confidential', marker: SUPPRESSED_MARKER } });
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
