// The questionnaire format: a documented, whitelisted subset of the SurveyJS JSON model
// (pages[].elements[]), plus `indicatorFeeds` saying which answer feeds which indicator and by which rule.
// Only the question types that can be answered accessibly on a phone without JavaScript are accepted;
// matrices, ranking and file uploads are refused with the reason.
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected an id of lower-case letters, digits and single hyphens');
const questionName = z
  .string()
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'expected a question name of lower-case letters, digits, - and _');
const nonEmpty = z.string().trim().min(1, 'expected non-empty text').max(2000, 'at most 2000 characters');

/** Text in Danish and, optionally, English: a plain string is Danish (SurveyJS's `default` locale). */
export const localizedText = z.union([
  nonEmpty,
  z.object({ default: nonEmpty.optional(), da: nonEmpty.optional(), en: nonEmpty.optional() }).strict(),
]);
export type LocalizedText = z.infer<typeof localizedText>;

const choiceValue = z.union([z.string().trim().min(1).max(200), z.number().finite()]);
const choice = z.union([
  choiceValue,
  z.object({ value: choiceValue, text: localizedText.optional() }).strict(),
]);

const numericValidator = z
  .object({
    type: z.literal('numeric'),
    minValue: z.number().finite().optional(),
    maxValue: z.number().finite().optional(),
    text: localizedText.optional(),
  })
  .strict();
const textValidator = z
  .object({
    type: z.literal('text'),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).max(100_000).optional(),
    text: localizedText.optional(),
  })
  .strict();

const common = {
  name: questionName,
  title: localizedText,
  description: localizedText.optional(),
  isRequired: z.boolean().optional(),
  visibleIf: z.string().trim().min(1).max(500).optional(),
};

const choices = z.array(choice).min(2, 'expected at least two choices').max(100);

export const questionSchema = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('radiogroup'), choices }).strict(),
  z.object({ ...common, type: z.literal('dropdown'), choices }).strict(),
  z.object({ ...common, type: z.literal('checkbox'), choices }).strict(),
  z
    .object({
      ...common,
      type: z.literal('rating'),
      rateMin: z.number().int().optional(),
      rateMax: z.number().int().optional(),
      minRateDescription: localizedText.optional(),
      maxRateDescription: localizedText.optional(),
    })
    .strict(),
  z
    .object({
      ...common,
      type: z.literal('text'),
      inputType: z.enum(['text', 'number']).optional(),
      validators: z
        .array(z.union([numericValidator, textValidator]))
        .max(4)
        .optional(),
    })
    .strict(),
  z
    .object({ ...common, type: z.literal('number'), validators: z.array(numericValidator).max(4).optional() })
    .strict(),
  z
    .object({ ...common, type: z.literal('comment'), validators: z.array(textValidator).max(4).optional() })
    .strict(),
  z
    .object({
      ...common,
      type: z.literal('boolean'),
      labelTrue: localizedText.optional(),
      labelFalse: localizedText.optional(),
    })
    .strict(),
]);
export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question['type'];
export const questionTypes: readonly QuestionType[] = [
  'radiogroup',
  'checkbox',
  'dropdown',
  'rating',
  'text',
  'comment',
  'number',
  'boolean',
];

/** SurveyJS types that are refused, each with the reason given to the author. */
export const refusedTypes: Readonly<Record<string, string>> = {
  matrix:
    'matrix questions are refused: grids of radio buttons are hard to answer with a screen reader or on a phone',
  matrixdropdown: 'matrix questions are refused: grids are hard to answer with a screen reader or on a phone',
  matrixdynamic: 'matrix questions are refused: grids are hard to answer with a screen reader or on a phone',
  ranking: 'ranking questions are refused: drag-to-rank cannot be answered by keyboard or without JavaScript',
  file: 'file questions are refused: the form does not accept uploads of personal documents',
  signaturepad: 'signature questions are refused: they cannot be answered by keyboard',
  imagepicker: 'image picker questions are refused: use a radiogroup with text choices',
  panel: 'panels are not supported: put the questions on a page of their own',
  paneldynamic: 'dynamic panels are not supported: they need JavaScript',
  multipletext: 'multiple text questions are not supported: use one text question for each value',
  expression: 'expression questions are not supported: the aggregation rules are in indicatorFeeds',
  html: 'html elements are not supported: use the question description for explanatory text',
  image: 'image elements are not supported',
};

export const pageSchema = z
  .object({
    name: questionName,
    title: localizedText.optional(),
    description: localizedText.optional(),
    elements: z.array(z.unknown()).min(1, 'a page needs at least one question').max(50),
  })
  .strict();

/** How answers become an indicator's figure, over the organisations that answered the question. */
export const feedSchema = z.discriminatedUnion('rule', [
  z
    .object({
      indicator: id,
      question: questionName,
      rule: z.literal('share-of-choices'),
      /** The answers that count: the share of responding organisations choosing one of these. */
      choices: z.array(choiceValue).min(1),
      group: z.enum(['target', 'comparison', 'all']).default('all'),
      note: nonEmpty.optional(),
    })
    .strict(),
  z
    .object({
      indicator: id,
      question: questionName,
      rule: z.enum(['mean', 'sum']),
      group: z.enum(['target', 'comparison', 'all']).default('all'),
      note: nonEmpty.optional(),
    })
    .strict(),
]);
export type IndicatorFeed = z.infer<typeof feedSchema>;

export const questionnaireSchema = z
  .object({
    /** Our own fields: the questionnaire's id, its kind and the strategy whose indicators it feeds. */
    id,
    kind: z.enum(['survey', 'count-report']),
    strategy: id,
    title: localizedText,
    description: localizedText.optional(),
    /** SurveyJS's own top-level fields that the form honours. */
    locale: z.enum(['da', 'en']).optional(),
    completedHtml: z
      .never({ message: 'completedHtml is not supported: the receipt page is the same for all' })
      .optional(),
    pages: z.array(pageSchema).min(1, 'expected at least one page').max(30),
    indicatorFeeds: z.array(feedSchema).max(50),
  })
  .strict();

export interface Questionnaire {
  readonly id: string;
  readonly kind: 'survey' | 'count-report';
  readonly strategy: string;
  readonly title: LocalizedText;
  readonly description?: LocalizedText;
  readonly locale?: 'da' | 'en';
  readonly pages: readonly {
    readonly name: string;
    readonly title?: LocalizedText;
    readonly description?: LocalizedText;
    readonly elements: readonly Question[];
  }[];
  readonly indicatorFeeds: readonly IndicatorFeed[];
}

/** The text for a language: Danish falls back to `default`, English falls back to Danish. */
export function textIn(text: LocalizedText | undefined, lang: 'da' | 'en'): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  const da = text.da ?? text.default ?? text.en ?? '';
  return lang === 'en' ? (text.en ?? da) : da;
}

/** The values a choice question offers, or the rating scale's values. */
export function choiceValues(q: Question): readonly (string | number)[] | undefined {
  if (q.type === 'radiogroup' || q.type === 'dropdown' || q.type === 'checkbox')
    return q.choices.map((c) => (typeof c === 'object' ? c.value : c));
  if (q.type === 'rating') {
    const out: number[] = [];
    for (let v = q.rateMin ?? 1; v <= (q.rateMax ?? 5); v++) out.push(v);
    return out;
  }
  if (q.type === 'boolean') return [true, false] as unknown as (string | number)[];
  return undefined;
}

/** Whether a question's answer is a number (number, text with inputType number, rating). */
export function isNumeric(q: Question): boolean {
  return q.type === 'number' || q.type === 'rating' || (q.type === 'text' && q.inputType === 'number');
}
