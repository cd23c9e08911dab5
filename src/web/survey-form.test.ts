// The answer form's model on a questionnaire of its own: a question hidden by an earlier page's answer is left
// out (and one depending on its own page shown with a note), posted fields read back by their prefix, every
// problem worded in Danish and English, where a respondent resumes, and the receipt's answers in words.
import { describe, expect, it } from 'vitest';
import { checkPage, parseQuestionnaire, type Questionnaire } from '../domain/survey/index.ts';
import { translator } from './i18n/messages.ts';
import { answerSummary, pageView, postedAnswers, resumePage } from './survey-form.ts';

const parsed = parseQuestionnaire(
  Buffer.from(
    JSON.stringify({
      id: 'proeve',
      kind: 'survey',
      strategy: 'ballerup-integrationsstrategi-2021-2023',
      title: { da: 'Prøve', en: 'Trial' },
      pages: [
        {
          name: 'a',
          title: { da: 'Først', en: 'First' },
          elements: [
            {
              type: 'boolean',
              name: 'har-hold',
              title: { da: 'Har I hold?', en: 'Do you have teams?' },
              isRequired: true,
            },
            {
              type: 'number',
              name: 'hold',
              title: { da: 'Hvor mange hold?', en: 'How many teams?' },
              visibleIf: '{har-hold} = true',
              validators: [
                {
                  type: 'numeric',
                  minValue: 1,
                  maxValue: 50,
                  text: { da: 'Tæl holdene.', en: 'Count the teams.' },
                },
              ],
            },
          ],
        },
        {
          name: 'b',
          elements: [
            {
              type: 'comment',
              name: 'om-holdene',
              title: { da: 'Fortæl om holdene', en: 'Tell us about the teams' },
              visibleIf: '{har-hold} = true',
              isRequired: true,
              validators: [{ type: 'text', maxLength: 20 }],
            },
            { type: 'rating', name: 'tilfreds', title: 'Hvor tilfreds er I?', rateMin: 1, rateMax: 3 },
          ],
        },
      ],
      indicatorFeeds: [],
    }),
  ),
  'proeve.json',
);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const q: Questionnaire = parsed.questionnaire;
const da = translator('da');
const en = translator('en');

describe('the answer form’s model', () => {
  it('leaves out a question an earlier page hides, and notes one its own page decides', () => {
    const hidden = pageView(q, 1, {}, { 'har-hold': false }, [], da, 'da');
    expect(hidden.fields.map((f) => f.name)).toEqual(['q-tilfreds']);
    const shown = pageView(q, 1, {}, { 'har-hold': true }, [], da, 'da');
    expect(shown.fields.map((f) => [f.name, f.kind, f.required, f.maxLength])).toEqual([
      ['q-om-holdene', 'textarea', true, 20],
      ['q-tilfreds', 'radio', false, undefined],
    ]);
    expect(shown.fields[1]?.options.map((o) => [o.id, o.value, o.label])).toEqual([
      ['q-tilfreds', '1', '1'],
      ['q-tilfreds-1', '2', '2'],
      ['q-tilfreds-2', '3', '3'],
    ]);
    const first = pageView(q, 0, { 'har-hold': 'true' }, {}, [], en, 'en');
    expect(first.fields[0]?.options.map((o) => [o.label, o.checked])).toEqual([
      ['Yes', true],
      ['No', false],
    ]);
    expect(first.fields[1]?.condition).toBe('Answer only if it fits your answer to "Do you have teams?".');
  });

  it('words each problem beside its question and in the summary, with the questionnaire’s own text', () => {
    const given = postedAnswers({ _csrf: 'x', side: '1', 'q-har-hold': 'true', 'q-hold': '51', 'q-ny': 'y' });
    expect(given).toEqual({ 'har-hold': 'true', hold: '51', ny: 'y' });
    const check = checkPage(q, 0, given);
    if (check.ok) throw new Error('expected problems');
    const view = pageView(q, 0, given, {}, check.problems, da, 'da');
    expect(view.fields[1]?.error).toBe('Tallet må højst være 50. Tæl holdene.');
    // The questions' problems in their order, then what belongs to no question of the page.
    expect(view.errors).toEqual([
      { id: 'q-hold', message: 'Hvor mange hold?: Tallet må højst være 50. Tæl holdene.' },
      { id: 'survey-form', message: 'Feltet "ny" hører ikke til denne side og blev ikke gemt.' },
    ]);
    const long = checkPage(q, 1, { 'om-holdene': 'ø'.repeat(21) }, { 'har-hold': true });
    if (long.ok) throw new Error('expected problems');
    expect(
      pageView(q, 1, { 'om-holdene': 'ø'.repeat(21) }, { 'har-hold': true }, long.problems, en, 'en')
        .fields[0]?.error,
    ).toBe('The text is too long: at most 20 characters, and you wrote 21.');
  });

  it('resumes on the first page reached that is not complete', () => {
    expect(resumePage(q, {}, 0)).toBe(0);
    expect(resumePage(q, { 'har-hold': true, hold: 3 }, 1)).toBe(1);
    // Page 1 lost its required answer (changed elsewhere): back to it.
    expect(resumePage(q, { hold: 3 }, 1)).toBe(0);
    expect(resumePage(q, { 'har-hold': false }, 9)).toBe(1);
  });

  it('gives the receipt’s answers in words', () => {
    const summary = answerSummary(q, { 'har-hold': true, hold: 3, 'om-holdene': 'Tre hold' }, da, 'da');
    expect(summary).toEqual([
      {
        title: 'Først',
        rows: [
          { question: 'Har I hold?', answer: 'Ja' },
          { question: 'Hvor mange hold?', answer: '3' },
        ],
      },
      {
        title: '',
        rows: [
          { question: 'Fortæl om holdene', answer: 'Tre hold' },
          { question: 'Hvor tilfreds er I?', answer: 'Ikke besvaret' },
        ],
      },
    ]);
  });
});
