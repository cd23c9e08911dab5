// Checking a respondent's answers against the questionnaire: one page at a time as it is saved, and the whole
// at submission. Each value is checked for its question's type, choices, number validators and text length;
// a question hidden by its visibleIf is not asked, so its answer is dropped and it cannot be required. Text is
// kept as given (only an empty or blank text counts as no answer); the pages escape it when they show it.
import { evaluateExpression, parseExpression } from './expression.ts';
import { allQuestions } from './parse.ts';
import { choiceValues, type Question, type Questionnaire } from './schema.ts';

/** A text question without a maxLength validator takes at most this many characters; a comment this many. */
export const DEFAULT_TEXT_MAX = 1000;
export const DEFAULT_COMMENT_MAX = 10_000;

export type AnswerProblemCode =
  | 'unknown-question'
  | 'required'
  | 'not-a-choice'
  | 'not-a-number'
  | 'not-whole'
  | 'too-small'
  | 'too-large'
  | 'not-text'
  | 'too-short'
  | 'too-long'
  | 'control-characters'
  | 'not-yes-no';

export interface AnswerProblem {
  readonly question: string;
  readonly code: AnswerProblemCode;
  /** An English sentence naming the question and what is wrong. */
  readonly message: string;
  /** The bound a too-small, too-large, too-short or too-long value broke. */
  readonly limit?: number;
}

export type Answers = Readonly<Record<string, unknown>>;

export type AnswerCheck =
  | { readonly ok: true; readonly answers: Answers }
  | { readonly ok: false; readonly problems: readonly AnswerProblem[] };

function isBlank(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (typeof v === 'string' && v.trim() === '') ||
    (Array.isArray(v) && v.length === 0)
  );
}

function visible(q: Question, answers: Answers): boolean {
  if (q.visibleIf === undefined) return true;
  const parsed = parseExpression(q.visibleIf);
  // The parser refused a questionnaire with an unreadable expression, so this holds for a stored one.
  return parsed.ok ? evaluateExpression(parsed.expression, answers) : true;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  // A Danish form may write a decimal comma; spaces or dots as thousands separators are not guessed at.
  const s = v.trim().replace(/^(-?\d+),(\d+)$/, '$1.$2');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** One value checked for its question: the value to store, or the problem. */
function checkValue(q: Question, raw: unknown): { value: unknown } | Omit<AnswerProblem, 'question'> {
  const title = `"${q.name}"`;
  switch (q.type) {
    case 'radiogroup':
    case 'dropdown': {
      const values = choiceValues(q) ?? [];
      const hit = values.find((c) => String(c) === String(raw));
      if (hit === undefined || (typeof raw !== 'string' && typeof raw !== 'number'))
        return {
          code: 'not-a-choice',
          message: `${title}: ${JSON.stringify(raw)} is not one of its choices`,
        };
      return { value: hit };
    }
    case 'checkbox': {
      const values = choiceValues(q) ?? [];
      const list = Array.isArray(raw) ? raw : [raw];
      const out: (string | number)[] = [];
      for (const item of list) {
        const hit = values.find((c) => String(c) === String(item));
        if (hit === undefined || (typeof item !== 'string' && typeof item !== 'number'))
          return {
            code: 'not-a-choice',
            message: `${title}: ${JSON.stringify(item)} is not one of its choices`,
          };
        if (!out.includes(hit)) out.push(hit);
      }
      return { value: out };
    }
    case 'boolean': {
      if (raw === true || raw === 'true') return { value: true };
      if (raw === false || raw === 'false') return { value: false };
      return { code: 'not-yes-no', message: `${title}: expected yes or no (true or false)` };
    }
    case 'rating': {
      const n = toNumber(raw);
      const min = q.rateMin ?? 1;
      const max = q.rateMax ?? 5;
      if (n === undefined) return { code: 'not-a-number', message: `${title}: expected a number` };
      if (!Number.isInteger(n)) return { code: 'not-whole', message: `${title}: expected a whole number` };
      if (n < min) return { code: 'too-small', limit: min, message: `${title}: ${n} is below ${min}` };
      if (n > max) return { code: 'too-large', limit: max, message: `${title}: ${n} is above ${max}` };
      return { value: n };
    }
    case 'number':
    case 'text':
    case 'comment': {
      if (q.type === 'number' || (q.type === 'text' && q.inputType === 'number')) {
        const n = toNumber(raw);
        if (n === undefined)
          return { code: 'not-a-number', message: `${title}: ${JSON.stringify(raw)} is not a number` };
        for (const v of q.validators ?? []) {
          if (v.type !== 'numeric') continue;
          if (v.minValue !== undefined && n < v.minValue)
            return { code: 'too-small', limit: v.minValue, message: `${title}: ${n} is below ${v.minValue}` };
          if (v.maxValue !== undefined && n > v.maxValue)
            return { code: 'too-large', limit: v.maxValue, message: `${title}: ${n} is above ${v.maxValue}` };
        }
        return { value: n };
      }
      if (typeof raw !== 'string') return { code: 'not-text', message: `${title}: expected text` };
      const multiline = q.type === 'comment';
      const textRules = (q.validators ?? []).filter((v) => v.type === 'text');
      const max = Math.min(
        ...textRules.map((v) => v.maxLength ?? Infinity),
        textRules.some((v) => v.maxLength !== undefined)
          ? Infinity
          : multiline
            ? DEFAULT_COMMENT_MAX
            : DEFAULT_TEXT_MAX,
      );
      // Counted in characters, as a person counts them; a 10 MB text stops here, long before it is stored.
      const length = raw.length > max * 2 ? Infinity : [...raw].length;
      if (length > max)
        return { code: 'too-long', limit: max, message: `${title}: longer than ${max} characters` };
      for (const v of textRules)
        if (v.minLength !== undefined && length < v.minLength)
          return {
            code: 'too-short',
            limit: v.minLength,
            message: `${title}: shorter than ${v.minLength} characters`,
          };
      const disallowed = multiline ? /[^\P{Cc}\n\r\t]/u : /[^\P{Cc}\t]/u;
      if (
        disallowed.test(raw) ||
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(raw)
      )
        return {
          code: 'control-characters',
          message: `${title}: holds control characters${multiline ? '' : ' or line breaks'}`,
        };
      return { value: raw };
    }
  }
}

/**
 * Checks the answers given on one page (0-based), with `earlier` the answers stored so far: the visibleIf of a
 * question may name a question of another page. Gives the page's answers to store — visible, answered
 * questions only — or every problem found. A required visible question left blank is a problem here too,
 * so a page cannot be passed without it.
 */
export function checkPage(
  questionnaire: Questionnaire,
  page: number,
  given: Answers,
  earlier: Answers = {},
  /** A draft (the respondent going back a page): values are checked, a required question may be blank. */
  options: { readonly ignoreRequired?: boolean } = {},
): AnswerCheck {
  const p = questionnaire.pages[page];
  if (!p) throw new RangeError(`the questionnaire has no page ${page}`);
  const problems: AnswerProblem[] = [];
  const names = new Set(p.elements.map((q) => q.name));
  for (const key of Object.keys(given))
    if (!names.has(key))
      problems.push({
        question: key,
        code: 'unknown-question',
        message: `"${key}" is not a question on page ${page + 1} ("${p.name}")`,
      });
  const kept: Record<string, unknown> = {};
  // Values are checked first, so that a visibleIf sees the stored form (true, not "true").
  for (const q of p.elements) {
    const raw = given[q.name];
    if (isBlank(raw)) continue;
    const checked = checkValue(q, raw);
    if ('value' in checked) kept[q.name] = checked.value;
    else problems.push({ question: q.name, ...checked });
  }
  const merged: Record<string, unknown> = { ...earlier };
  for (const q of p.elements) delete merged[q.name];
  Object.assign(merged, kept);
  for (const q of p.elements) {
    if (!visible(q, merged)) {
      delete kept[q.name];
      continue;
    }
    if (q.isRequired && !options.ignoreRequired && isBlank(given[q.name]))
      problems.push({ question: q.name, code: 'required', message: `"${q.name}" must be answered` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers: kept };
}

/** At submission: every page checked again over the whole answer, so nothing required and visible is missing. */
export function checkComplete(questionnaire: Questionnaire, answers: Answers): AnswerCheck {
  const problems: AnswerProblem[] = [];
  const kept: Record<string, unknown> = {};
  questionnaire.pages.forEach((page, p) => {
    const given = Object.fromEntries(
      page.elements.filter((q) => q.name in answers).map((q) => [q.name, answers[q.name]]),
    );
    const r = checkPage(questionnaire, p, given, answers);
    if (r.ok) Object.assign(kept, r.answers);
    else problems.push(...r.problems);
  });
  const known = new Set(allQuestions(questionnaire).map((x) => x.question.name));
  for (const key of Object.keys(answers))
    if (!known.has(key))
      problems.push({ question: key, code: 'unknown-question', message: `"${key}" is not a question` });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers: kept };
}
