// An edited questionnaire's problems in the reader's words: where (the JSON path the parser names, or the line
// and column of a JSON syntax mistake) and what. The parser speaks English, for the command line; each of its
// sentences is read here by its shape and worded again, and one of an unknown shape is quoted as it is.
import { refusedTypes } from '../domain/survey/index.ts';
import type { EditProblem } from '../service/questionnaire-editor.ts';
import type { MessageKey, Translate } from './i18n/messages.ts';

const kb = (bytes: number) => Math.ceil(bytes / 1024);

function kindWord(t: Translate, kind: string): string {
  const key = `survey.editor.kind.${kind}` as MessageKey;
  const text = t(key);
  return text === key ? kind : text;
}

function refusedReason(t: Translate, type: string): string {
  if (type.startsWith('matrix')) return t('survey.editor.reason.grid');
  if (type === 'ranking' || type === 'signaturepad' || type === 'paneldynamic')
    return t('survey.editor.reason.keyboard');
  if (type === 'file') return t('survey.editor.reason.upload');
  return t('survey.editor.reason.other');
}

type Rule = readonly [RegExp, (t: Translate, m: RegExpExecArray) => string];

/** The parser's sentences (domain/survey/parse.ts and zod's), by their shape. */
const rules: readonly Rule[] = [
  [
    /^unknown question type "(.*)"; expected one of (.*)$/,
    (t, m) => t('survey.editor.parser.unknownType', { type: m[1] ?? '', types: m[2] ?? '' }),
  ],
  [/^"(.*)" is missing$/, (t, m) => t('survey.editor.parser.missing', { field: m[1] ?? '' })],
  [
    /^names a question that does not exist: "\{?(.*?)\}?"$/,
    (t, m) => t('survey.editor.parser.missingQuestion', { name: m[1] ?? '' }),
  ],
  [/^"\{(.*)\}" is the question itself$/, (t, m) => t('survey.editor.parser.itself', { name: m[1] ?? '' })],
  [/^cannot be read: /, (t) => t('survey.editor.parser.unreadable')],
  [
    /^duplicate question name "(.*)" \(also (.*)\)$/,
    (t, m) => t('survey.editor.parser.duplicateQuestion', { name: m[1] ?? '', other: m[2] ?? '' }),
  ],
  [
    /^duplicate page name "(.*)" \(also (.*)\)$/,
    (t, m) => t('survey.editor.parser.duplicatePage', { name: m[1] ?? '', other: m[2] ?? '' }),
  ],
  [/^rateMax must be greater than rateMin$/, (t) => t('survey.editor.parser.rateRange')],
  [/^the minimum is greater than the maximum$/, (t) => t('survey.editor.parser.minMax')],
  [/^a numeric validator needs inputType "number"$/, (t) => t('survey.editor.parser.numericNeedsNumber')],
  [/^two choices have the same value$/, (t) => t('survey.editor.parser.sameChoice')],
  [
    /^"(.*)" is not an indicator of strategy "(.*)"$/,
    (t, m) => t('survey.editor.parser.notIndicator', { indicator: m[1] ?? '', strategy: m[2] ?? '' }),
  ],
  [
    /^share-of-choices needs a choice question; "(.*)" is (.*)$/,
    (t, m) =>
      t('survey.editor.parser.shareNeedsChoices', {
        rule: t('survey.admin.rule.share-of-choices'),
        question: m[1] ?? '',
        type: m[2] ?? '',
      }),
  ],
  [
    /^"(.*)" is not a choice of "(.*)"$/,
    (t, m) => t('survey.editor.parser.notAChoice', { choice: m[1] ?? '', question: m[2] ?? '' }),
  ],
  [
    /^(mean|sum) needs a number question; "(.*)" is (.*)$/,
    (t, m) =>
      t('survey.editor.parser.ruleNeedsNumber', {
        rule: t(`survey.admin.rule.${m[1] === 'mean' ? 'mean' : 'sum'}`),
        question: m[2] ?? '',
        type: m[3] ?? '',
      }),
  ],
  [
    /^unknown fields? (.*) \(not in the supported subset\)$/,
    (t, m) => t('survey.editor.parser.unknownFields', { fields: m[1] ?? '' }),
  ],
  [/^expected ("[^"]*"(?:, "[^"]*")*)$/, (t, m) => t('survey.editor.parser.oneOf', { values: m[1] ?? '' })],
  [/^expected an id of /, (t) => t('survey.editor.parser.idPattern')],
  [/^expected a question name of /, (t) => t('survey.editor.parser.namePattern')],
  [/^expected non-empty text$/, (t) => t('survey.editor.parser.emptyText')],
  [/^at most 2000 characters$/, (t) => t('survey.editor.parser.textMax')],
  [/^expected at least two choices$/, (t) => t('survey.editor.parser.twoChoices')],
  [/^a page needs at least one question$/, (t) => t('survey.editor.parser.pageQuestion')],
  [/^expected at least one page$/, (t) => t('survey.editor.parser.onePage')],
  [/^completedHtml is not supported/, (t) => t('survey.editor.parser.completedHtml')],
  [/^Expected integer, received float$/, (t) => t('survey.editor.parser.integer')],
  [
    /^Expected (\w+), received (\w+)$/,
    (t, m) =>
      t('survey.editor.parser.wrongType', {
        expected: kindWord(t, m[1] ?? ''),
        received: kindWord(t, m[2] ?? ''),
      }),
  ],
  [
    /^Invalid enum value\. Expected (.*), received '(.*)'$/,
    (t, m) => t('survey.editor.parser.enum', { values: m[1] ?? '', value: m[2] ?? '' }),
  ],
  [
    /^Invalid literal value, expected (.*)$/,
    (t, m) => t('survey.editor.parser.oneOf', { values: m[1] ?? '' }),
  ],
  [
    /^(?:Array|String) must contain at most (\d+) /,
    (t, m) => t('survey.editor.parser.most', { n: m[1] ?? '' }),
  ],
  [
    /^(?:Array|String) must contain at least (\d+) /,
    (t, m) => t('survey.editor.parser.least', { n: m[1] ?? '' }),
  ],
  [
    /^Number must be (greater|less) than( or equal to)? (.*)$/,
    (t, m) =>
      t('survey.editor.parser.number', {
        relation: t(`survey.editor.relation.${m[1] ?? 'greater'}${m[2] ? 'Equal' : ''}` as MessageKey),
        n: m[3] ?? '',
      }),
  ],
  [/^Invalid input$/, (t) => t('survey.editor.parser.invalid')],
];

/** A parser sentence in the reader's words. */
export function parserMessage(t: Translate, message: string): string {
  const refused = Object.entries(refusedTypes).find(([, m]) => m === message);
  if (refused) {
    const [type] = refused;
    return t('survey.editor.parser.refusedType', { type, reason: refusedReason(t, type) });
  }
  for (const [re, word] of rules) {
    const m = re.exec(message);
    if (m) return word(t, m);
  }
  return t('survey.editor.parser.other', { message });
}

/** One problem as the error summary and the field show it. */
export function editProblemText(t: Translate, p: EditProblem): string {
  switch (p.kind) {
    case 'empty':
      return t('survey.editor.problem.empty');
    case 'too-large':
      return t('survey.editor.problem.tooLarge', { kb: kb(p.bytes), limit: kb(p.limit) });
    case 'json':
      return t('survey.editor.problem.json', {
        line: p.line,
        column: p.column,
        problem: t(`survey.editor.json.${p.problem}`, { found: p.found ?? '' }),
      });
    case 'other-id':
      return t('survey.editor.problem.otherId', { given: p.given, expected: p.expected });
    case 'unknown-strategy':
      return t('survey.editor.problem.unknownStrategy', { strategy: p.strategy });
    case 'parser':
      return t('survey.editor.problem.at', { at: p.at, message: parserMessage(t, p.message) });
  }
}
