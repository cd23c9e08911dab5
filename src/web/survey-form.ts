// The respondent's answer form as the page shows it: one questionnaire page turned into fields (ids, labels in
// the reader's language, the values typed or stored, and each problem worded beside its question), a posted
// form turned back into the answers the service checks, and where a respondent resumes. A question whose
// visibleIf is false by the answers of earlier pages is not shown; one that depends on a question of the same
// page is shown with a note, since without JavaScript the page cannot change as it is filled in.
import {
  choiceValues,
  evaluateExpression,
  parseExpression,
  referencedQuestions,
  textIn,
  checkPage,
  type AnswerProblem,
  type Answers,
  type Question,
  type Questionnaire,
} from '../domain/survey/index.ts';
import { formatNumber } from './format.ts';
import type { Language, MessageKey, Translate } from './i18n/messages.ts';

/** Form fields of questions carry this prefix, so no question name can meet `_csrf` or the form's own fields. */
export const FIELD_PREFIX = 'q-';

export interface OptionView {
  readonly id: string;
  readonly value: string;
  readonly label: string;
  readonly checked: boolean;
}

export interface FieldView {
  readonly kind: 'radio' | 'checkbox' | 'select' | 'text' | 'number' | 'textarea';
  /** The id of the input (or the first option's), which the error summary links to. */
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly required: boolean;
  /** For a question shown although its condition depends on this page: when to answer it. */
  readonly condition: string;
  readonly options: readonly OptionView[];
  readonly value: string;
  readonly maxLength?: number;
  readonly minText: string;
  readonly maxText: string;
  readonly error?: string;
}

export interface ErrorView {
  /** The field's id, or the form's when the problem belongs to no question of the page. */
  readonly id: string;
  readonly message: string;
}

const fieldId = (name: string) => `${FIELD_PREFIX}${name}`;

function visibleBy(q: Question, answers: Answers): boolean {
  if (q.visibleIf === undefined) return true;
  const parsed = parseExpression(q.visibleIf);
  return parsed.ok ? evaluateExpression(parsed.expression, answers) : true;
}

function shown(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function asList(value: unknown): readonly string[] {
  if (Array.isArray(value)) return value.map(shown);
  const s = shown(value);
  return s === '' ? [] : [s];
}

/** A value as a problem's message may quote it: short, one line. */
function quoted(value: unknown): string {
  const s = Array.isArray(value) ? value.map(shown).join(', ') : shown(value);
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/** The problem in the reader's words, beside its question. */
export function problemText(
  p: AnswerProblem,
  given: unknown,
  q: Question | undefined,
  t: Translate,
  lang: Language,
): string {
  const limit = p.limit === undefined ? '' : formatNumber(p.limit, lang, Number.isInteger(p.limit) ? 0 : 2);
  // The questionnaire's own message for a broken validator, when it has one.
  const broken =
    p.code === 'too-small' || p.code === 'too-large'
      ? 'numeric'
      : p.code === 'too-short' || p.code === 'too-long'
        ? 'text'
        : undefined;
  const own =
    q && broken && 'validators' in q
      ? (q.validators ?? []).find((v) => v.type === broken && v.text !== undefined)?.text
      : undefined;
  const keys: Record<AnswerProblem['code'], MessageKey> = {
    'unknown-question': 'survey.problem.unknownQuestion',
    required: 'survey.problem.required',
    'not-a-choice': 'survey.problem.notAChoice',
    'not-a-number': 'survey.problem.notANumber',
    'not-whole': 'survey.problem.notWhole',
    'too-small': 'survey.problem.tooSmall',
    'too-large': 'survey.problem.tooLarge',
    'not-text': 'survey.problem.notText',
    'too-short': 'survey.problem.tooShort',
    'too-long': 'survey.problem.tooLong',
    'control-characters': 'survey.problem.controlCharacters',
    'not-yes-no': 'survey.problem.notYesNo',
  };
  const length = typeof given === 'string' ? formatNumber([...given.slice(0, 200_000)].length, lang) : '';
  const text = t(keys[p.code], { limit, value: quoted(given), name: p.question.slice(0, 60), length });
  return own ? `${text} ${textIn(own, lang)}` : text;
}

function optionsOf(q: Question, id: string, selected: readonly string[], t: Translate, lang: Language) {
  const opts: { value: string; label: string }[] = [];
  if (q.type === 'radiogroup' || q.type === 'dropdown' || q.type === 'checkbox')
    for (const c of q.choices) {
      const value = typeof c === 'object' ? c.value : c;
      const label = typeof c === 'object' && c.text !== undefined ? textIn(c.text, lang) : String(value);
      opts.push({ value: String(value), label });
    }
  else if (q.type === 'boolean')
    opts.push(
      { value: 'true', label: textIn(q.labelTrue, lang) || t('survey.yes') },
      { value: 'false', label: textIn(q.labelFalse, lang) || t('survey.no') },
    );
  else if (q.type === 'rating')
    for (const v of choiceValues(q) ?? [])
      opts.push({ value: String(v), label: formatNumber(Number(v), lang) });
  return opts.map((o, i) => ({
    ...o,
    id: i === 0 ? id : `${id}-${i}`,
    checked: selected.includes(o.value),
  }));
}

function textLimit(q: Question): number | undefined {
  if (q.type !== 'text' && q.type !== 'comment') return undefined;
  if (q.type === 'text' && q.inputType === 'number') return undefined;
  const maxima = (q.validators ?? []).flatMap((v) =>
    v.type === 'text' && v.maxLength !== undefined ? [v.maxLength] : [],
  );
  return maxima.length > 0 ? Math.min(...maxima) : undefined;
}

export interface PageView {
  readonly fields: readonly FieldView[];
  readonly errors: readonly ErrorView[];
}

/**
 * One page's fields. `values` are what to show — the answers posted when the page comes back with problems,
 * else the stored ones — and `stored` the answers saved so far, by which a question of this page is shown
 * or left out.
 */
export function pageView(
  questionnaire: Questionnaire,
  page: number,
  values: Readonly<Record<string, unknown>>,
  stored: Answers,
  problems: readonly AnswerProblem[],
  t: Translate,
  lang: Language,
  options: {
    /** For an example of the page: every question shown, each conditional one with its condition's note. */
    readonly everyQuestion?: boolean;
  } = {},
): PageView {
  const p = questionnaire.pages[page];
  if (!p) return { fields: [], errors: [] };
  const here = new Set(p.elements.map((q) => q.name));
  const titles = new Map(
    questionnaire.pages.flatMap((x) => x.elements.map((q) => [q.name, q.title] as const)),
  );
  const fields: FieldView[] = [];
  const errors: ErrorView[] = [];
  for (const q of p.elements) {
    const parsed = q.visibleIf === undefined ? undefined : parseExpression(q.visibleIf);
    const referenced = parsed?.ok ? referencedQuestions(parsed.expression) : [];
    const onThisPage = options.everyQuestion ? referenced : referenced.filter((n) => here.has(n));
    // Decided by earlier pages alone: a hidden question is not shown at all.
    if (onThisPage.length === 0 && !visibleBy(q, stored)) continue;
    const id = fieldId(q.name);
    const raw = values[q.name];
    const problem = problems.find((x) => x.question === q.name);
    const error = problem && problemText(problem, raw, q, t, lang);
    if (error) errors.push({ id, message: `${textIn(q.title, lang)}: ${error}` });
    const condition =
      onThisPage.length === 0
        ? ''
        : t('survey.condition', {
            questions: onThisPage.map((n) => `"${textIn(titles.get(n), lang)}"`).join(', '),
          });
    const kind: FieldView['kind'] =
      q.type === 'radiogroup' || q.type === 'boolean' || q.type === 'rating'
        ? 'radio'
        : q.type === 'checkbox'
          ? 'checkbox'
          : q.type === 'dropdown'
            ? 'select'
            : q.type === 'comment'
              ? 'textarea'
              : q.type === 'number' || (q.type === 'text' && q.inputType === 'number')
                ? 'number'
                : 'text';
    const maxLength = textLimit(q);
    fields.push({
      kind,
      id,
      name: id,
      title: textIn(q.title, lang),
      description: textIn(q.description, lang),
      required: q.isRequired === true,
      condition,
      options: optionsOf(q, id, asList(raw), t, lang),
      value: kind === 'checkbox' ? '' : Array.isArray(raw) ? '' : shown(raw),
      ...(maxLength !== undefined && { maxLength }),
      minText: q.type === 'rating' ? textIn(q.minRateDescription, lang) : '',
      maxText: q.type === 'rating' ? textIn(q.maxRateDescription, lang) : '',
      ...(error && { error }),
    });
  }
  for (const problem of problems)
    if (!here.has(problem.question))
      errors.push({ id: 'survey-form', message: problemText(problem, undefined, undefined, t, lang) });
  return { fields, errors };
}

/** The answers a posted page gives, by question name: every field with the prefix, as it was sent. */
export function postedAnswers(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>))
    if (key.startsWith(FIELD_PREFIX)) out[key.slice(FIELD_PREFIX.length)] = value;
  return out;
}

/**
 * Where a respondent resumes: the first page reached whose answers do not pass its check (a required
 * question unanswered), else the furthest page reached.
 */
export function resumePage(questionnaire: Questionnaire, answers: Answers, furthest: number): number {
  const last = Math.min(furthest, questionnaire.pages.length - 1);
  for (let p = 0; p < last; p++) {
    const page = questionnaire.pages[p];
    const given = Object.fromEntries(
      (page?.elements ?? []).filter((q) => q.name in answers).map((q) => [q.name, answers[q.name]]),
    );
    if (!checkPage(questionnaire, p, given, answers).ok) return p;
  }
  return Math.max(last, 0);
}

/** The answers for the receipt: each shown question's title and its answer in words. */
export function answerSummary(
  questionnaire: Questionnaire,
  answers: Answers,
  t: Translate,
  lang: Language,
): { readonly title: string; readonly rows: { readonly question: string; readonly answer: string }[] }[] {
  return questionnaire.pages.map((p) => ({
    title: textIn(p.title, lang),
    rows: p.elements
      .filter((q) => visibleBy(q, answers))
      .map((q) => {
        const v = answers[q.name];
        const opts = optionsOf(q, '', asList(v), t, lang);
        const answer =
          v === undefined
            ? t('survey.receipt.unanswered')
            : opts.length > 0
              ? opts
                  .filter((o) => o.checked)
                  .map((o) => o.label)
                  .join(', ')
              : typeof v === 'number'
                ? formatNumber(v, lang, Number.isInteger(v) ? 0 : 2)
                : shown(v);
        return { question: textIn(q.title, lang), answer };
      }),
  }));
}
