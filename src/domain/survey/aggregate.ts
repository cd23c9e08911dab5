// Answers → indicator figures by the questionnaire's own rules, per area and for all areas together.
// Every figure carries the number of responding organisations, and a share carries its numerator and
// denominator so the engine can put a Wilson interval round it. A figure from fewer organisations than
// the disclosure minimum (never below 3) is marked suppressed and has no value.
import { evaluateExpression, parseExpression, type Expression } from './expression.ts';
import { allQuestions } from './parse.ts';
import type { IndicatorFeed, Question, Questionnaire } from './schema.ts';

export const MIN_RESPONDENTS_FLOOR = 3;
/** The area key of the figure over all areas together. */
export const ALL_AREAS = '*';

export interface SubmittedResponse {
  readonly organisation: string;
  readonly area: string;
  readonly answers: Readonly<Record<string, unknown>>;
}

export type FeedValue =
  | {
      readonly rule: 'share-of-choices';
      readonly numerator: number;
      readonly denominator: number;
      readonly share: number;
    }
  | { readonly rule: 'mean'; readonly mean: number; readonly n: number }
  | { readonly rule: 'sum'; readonly sum: number; readonly n: number };

export interface FeedFigure {
  readonly indicator: string;
  readonly group: IndicatorFeed['group'];
  readonly question: string;
  readonly area: string;
  /** Organisations that answered the question (where it was shown to them). */
  readonly respondents: number;
  readonly suppressed: boolean;
  /** Absent when suppressed or when no organisation answered. */
  readonly value?: FeedValue;
}

function visibleIfOf(q: Question, cache: Map<string, Expression | null>): Expression | null {
  if (q.visibleIf === undefined) return null;
  const hit = cache.get(q.name);
  if (hit !== undefined) return hit;
  const parsed = parseExpression(q.visibleIf);
  // The parser has already refused a questionnaire with an unreadable expression.
  const e = parsed.ok ? parsed.expression : null;
  cache.set(q.name, e);
  return e;
}

/** The answer a response gives to a question, or undefined when unanswered or hidden by its visibleIf. */
function answerTo(
  q: Question,
  answers: Readonly<Record<string, unknown>>,
  cache: Map<string, Expression | null>,
): unknown {
  const e = visibleIfOf(q, cache);
  if (e && !evaluateExpression(e, answers)) return undefined;
  const v = answers[q.name];
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return undefined;
  return v;
}

function toNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export interface AggregateOptions {
  /** Smallest number of responding organisations a figure may be shown from; raised to 3 if lower. */
  readonly minRespondents?: number;
}

export function aggregateResponses(
  questionnaire: Questionnaire,
  responses: readonly SubmittedResponse[],
  options: AggregateOptions = {},
): FeedFigure[] {
  const min = Math.max(MIN_RESPONDENTS_FLOOR, options.minRespondents ?? MIN_RESPONDENTS_FLOOR);
  const questions = new Map(allQuestions(questionnaire).map(({ question }) => [question.name, question]));
  const cache = new Map<string, Expression | null>();
  const areas = [...new Set(responses.map((r) => r.area))].sort();
  const out: FeedFigure[] = [];
  for (const feed of questionnaire.indicatorFeeds) {
    const q = questions.get(feed.question);
    if (!q) throw new Error(`feed names unknown question ${feed.question}`);
    for (const area of [...areas, ALL_AREAS]) {
      const inArea = area === ALL_AREAS ? responses : responses.filter((r) => r.area === area);
      // One organisation counts once: should two of its recipients answer, its first answer counts.
      const byOrganisation = new Map<string, unknown>();
      for (const r of inArea) {
        const v = answerTo(q, r.answers, cache);
        if (v !== undefined && !byOrganisation.has(r.organisation)) byOrganisation.set(r.organisation, v);
      }
      const values = [...byOrganisation.values()];
      const base = { indicator: feed.indicator, group: feed.group, question: feed.question, area };
      let value: FeedValue | undefined;
      let respondents = values.length;
      if (feed.rule === 'share-of-choices') {
        const wanted = new Set(feed.choices.map(String));
        const numerator = values.filter((v) =>
          Array.isArray(v) ? v.some((x) => wanted.has(String(x))) : wanted.has(String(v)),
        ).length;
        if (respondents > 0)
          value = { rule: feed.rule, numerator, denominator: respondents, share: numerator / respondents };
      } else {
        const numbers = values.map(toNumber).filter((n): n is number => n !== undefined);
        respondents = numbers.length;
        const total = numbers.reduce((a, b) => a + b, 0);
        if (respondents > 0)
          value =
            feed.rule === 'mean'
              ? { rule: 'mean', mean: total / respondents, n: respondents }
              : { rule: 'sum', sum: total, n: respondents };
      }
      const suppressed = respondents < min;
      out.push(
        suppressed || !value
          ? { ...base, respondents, suppressed }
          : { ...base, respondents, suppressed, value },
      );
    }
  }
  return out;
}
