// Turns the bytes of a questionnaire file into a validated questionnaire, or into errors naming the file,
// the path inside it and the problem. Pure: the caller reads the file and, when it has the strategy,
// passes its indicator ids so that a feed naming an unknown indicator is refused too.
import { createHash } from 'node:crypto';
import type { ZodIssue } from 'zod';
import { parseExpression, referencedQuestions } from './expression.ts';
import {
  choiceValues,
  isNumeric,
  questionnaireSchema,
  questionSchema,
  questionTypes,
  refusedTypes,
  type Question,
  type Questionnaire,
} from './schema.ts';

export const MAX_QUESTIONNAIRE_BYTES = 512 * 1024;

export interface QuestionnaireError {
  readonly file: string;
  /** Path inside the document, such as `pages[1].elements[0].visibleIf`. */
  readonly at: string;
  readonly message: string;
}

export type QuestionnaireParseResult =
  | { readonly ok: true; readonly questionnaire: Questionnaire; readonly contentHash: string }
  | { readonly ok: false; readonly errors: readonly QuestionnaireError[] };

export function formatQuestionnaireError(e: QuestionnaireError): string {
  return `${e.file}: ${e.at}: ${e.message}`;
}

export interface ParseOptions {
  /** The indicators of the strategy the questionnaire feeds; when given, feeds must name one of them. */
  readonly indicatorIds?: ReadonlySet<string>;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(root)';
}

function issueMessage(i: ZodIssue): string {
  if (i.code === 'unrecognized_keys')
    return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')} (not in the supported subset)`;
  if (i.code === 'invalid_type' && i.received === 'undefined')
    return `"${String(i.path.at(-1) ?? 'value')}" is missing`;
  if (i.code === 'invalid_union_discriminator')
    return `expected ${i.options.map((o) => JSON.stringify(o)).join(', ')}`;
  return i.message;
}

export function parseQuestionnaire(
  bytes: Uint8Array,
  file: string,
  options: ParseOptions = {},
): QuestionnaireParseResult {
  const errors: QuestionnaireError[] = [];
  const fail = (at: string, message: string): QuestionnaireParseResult => ({
    ok: false,
    errors: [{ file, at, message }],
  });
  if (bytes.byteLength === 0) return fail('(file)', 'the file is empty');
  if (bytes.byteLength > MAX_QUESTIONNAIRE_BYTES)
    return fail(
      '(file)',
      `the file is ${bytes.byteLength} bytes; a questionnaire may be at most ${MAX_QUESTIONNAIRE_BYTES}`,
    );
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('(file)', 'not valid UTF-8; save the file as UTF-8');
  }
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (e) {
    return fail('(file)', `not valid JSON: ${(e as Error).message}`);
  }
  const top = questionnaireSchema.safeParse(data);
  if (!top.success)
    return {
      ok: false,
      errors: top.error.issues.map((i) => ({ file, at: formatPath(i.path), message: issueMessage(i) })),
    };

  const pages: { name: string; title?: unknown; description?: unknown; elements: Question[] }[] = [];
  top.data.pages.forEach((page, p) => {
    const elements: Question[] = [];
    page.elements.forEach((element, e) => {
      const at = `pages[${p}].elements[${e}]`;
      const type = (element as { type?: unknown } | null)?.type;
      if (typeof type !== 'string') {
        errors.push({ file, at: `${at}.type`, message: '"type" is missing' });
        return;
      }
      const refused = refusedTypes[type];
      if (refused) {
        errors.push({ file, at: `${at}.type`, message: refused });
        return;
      }
      if (!(questionTypes as readonly string[]).includes(type)) {
        errors.push({
          file,
          at: `${at}.type`,
          message: `unknown question type "${type}"; expected one of ${questionTypes.join(', ')}`,
        });
        return;
      }
      const q = questionSchema.safeParse(element);
      if (!q.success) {
        for (const i of q.error.issues)
          errors.push({
            file,
            at: formatPath([
              ...at
                .split(/[.[\]]+/)
                .filter(Boolean)
                .map(toKey),
              ...i.path,
            ]),
            message: issueMessage(i),
          });
        return;
      }
      elements.push(q.data);
    });
    pages.push({ ...page, elements });
  });
  if (errors.length > 0) return { ok: false, errors };

  // Names are unique across the questionnaire (pages and questions), since answers are keyed by them.
  const byName = new Map<string, { at: string; q: Question }>();
  const pageNames = new Map<string, number>();
  pages.forEach((page, p) => {
    const seen = pageNames.get(page.name);
    if (seen !== undefined)
      errors.push({
        file,
        at: `pages[${p}].name`,
        message: `duplicate page name "${page.name}" (also pages[${seen}])`,
      });
    else pageNames.set(page.name, p);
    page.elements.forEach((q, e) => {
      const at = `pages[${p}].elements[${e}]`;
      const other = byName.get(q.name);
      if (other)
        errors.push({
          file,
          at: `${at}.name`,
          message: `duplicate question name "${q.name}" (also ${other.at})`,
        });
      else byName.set(q.name, { at, q });
    });
  });

  pages.forEach((page, p) =>
    page.elements.forEach((q, e) => {
      const at = `pages[${p}].elements[${e}]`;
      if (q.visibleIf !== undefined) {
        const parsed = parseExpression(q.visibleIf);
        if (!parsed.ok)
          errors.push({ file, at: `${at}.visibleIf`, message: `cannot be read: ${parsed.message}` });
        else
          for (const name of referencedQuestions(parsed.expression)) {
            if (name === q.name)
              errors.push({ file, at: `${at}.visibleIf`, message: `"{${name}}" is the question itself` });
            else if (!byName.has(name))
              errors.push({
                file,
                at: `${at}.visibleIf`,
                message: `names a question that does not exist: "{${name}}"`,
              });
          }
      }
      if (q.type === 'rating' && (q.rateMin ?? 1) >= (q.rateMax ?? 5))
        errors.push({ file, at: `${at}.rateMax`, message: 'rateMax must be greater than rateMin' });
      if ('validators' in q && q.validators)
        q.validators.forEach((v, k) => {
          const bad =
            v.type === 'numeric'
              ? v.minValue !== undefined && v.maxValue !== undefined && v.minValue > v.maxValue
              : v.minLength !== undefined && v.maxLength !== undefined && v.minLength > v.maxLength;
          if (bad)
            errors.push({
              file,
              at: `${at}.validators[${k}]`,
              message: 'the minimum is greater than the maximum',
            });
          if (v.type === 'numeric' && q.type === 'text' && q.inputType !== 'number')
            errors.push({
              file,
              at: `${at}.validators[${k}]`,
              message: 'a numeric validator needs inputType "number"',
            });
        });
      const values = choiceValues(q);
      if (values && new Set(values.map(String)).size !== values.length)
        errors.push({ file, at: `${at}.choices`, message: 'two choices have the same value' });
    }),
  );

  top.data.indicatorFeeds.forEach((feed, f) => {
    const at = `indicatorFeeds[${f}]`;
    if (options.indicatorIds && !options.indicatorIds.has(feed.indicator))
      errors.push({
        file,
        at: `${at}.indicator`,
        message: `"${feed.indicator}" is not an indicator of strategy "${top.data.strategy}"`,
      });
    const target = byName.get(feed.question);
    if (!target) {
      errors.push({
        file,
        at: `${at}.question`,
        message: `names a question that does not exist: "${feed.question}"`,
      });
      return;
    }
    if (feed.rule === 'share-of-choices') {
      const values = choiceValues(target.q);
      if (!values)
        errors.push({
          file,
          at: `${at}.rule`,
          message: `share-of-choices needs a choice question; "${feed.question}" is ${target.q.type}`,
        });
      else
        feed.choices.forEach((c, k) => {
          if (!values.some((v) => String(v) === String(c)))
            errors.push({
              file,
              at: `${at}.choices[${k}]`,
              message: `"${c}" is not a choice of "${feed.question}"`,
            });
        });
    } else if (!isNumeric(target.q)) {
      errors.push({
        file,
        at: `${at}.rule`,
        message: `${feed.rule} needs a number question; "${feed.question}" is ${target.q.type}`,
      });
    }
  });

  if (errors.length > 0) return { ok: false, errors };
  const questionnaire = { ...top.data, pages } as Questionnaire;
  return {
    ok: true,
    questionnaire,
    contentHash: createHash('sha256').update(canonicalJson(questionnaire)).digest('hex'),
  };
}

function toKey(part: string): string | number {
  return /^\d+$/.test(part) ? Number(part) : part;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Every question of the questionnaire in order, with the page it is on. */
export function allQuestions(q: Questionnaire): { readonly page: number; readonly question: Question }[] {
  return q.pages.flatMap((page, p) => page.elements.map((question) => ({ page: p, question })));
}
