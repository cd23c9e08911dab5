// A higher minimum of responding organisations (SURVEY_MIN_RESPONDENTS) carries through: the stored marker and
// the words on the page name it, and a minimum below 3 is raised to 3.
import { describe, expect, it } from 'vitest';
import { placeFeeds } from '../domain/survey/index.ts';
import type { PeriodRow } from './indicator-publish.ts';
import { withSurveyResponses } from './survey-figures.ts';
import { suppressedMarker, surveyObservations } from './survey-publish.ts';

const feed = {
  indicator: 'aktiviteter-med-mangfoldig-deltagelse',
  question: 'andel-mangfoldige',
  rule: 'share-of-choices' as const,
  choices: ['alle'],
  group: 'all' as const,
};
const placements = placeFeeds(
  [feed],
  [{ id: 'aktiviteter-med-mangfoldig-deltagelse', kind: 'level', unit: 'share' }],
);

describe('the minimum of responding organisations', () => {
  it('is named in the stored marker, and never below 3', () => {
    expect(suppressedMarker(5)).toBe('<5');
    expect(suppressedMarker(1)).toBe('<3');
    const figures = [
      { ...feed, area: '151', respondents: 4, suppressed: true },
      {
        ...feed,
        area: '151',
        respondents: 6,
        suppressed: false,
        value: { rule: 'share-of-choices' as const, numerator: 3, denominator: 6, share: 0.5 },
      },
    ];
    const [hidden, shown] = surveyObservations(figures, '2024', placements, 5);
    expect(hidden).toMatchObject({
      dims: { group: 'target' },
      value: { kind: 'missing', reason: 'confidential', marker: '<5' },
    });
    expect(hidden).not.toHaveProperty('numerator');
    expect(shown).toMatchObject({ value: { kind: 'number', value: 0.5 }, numerator: 3, denominator: 6 });
  });

  it('is named on the page in Danish and English', () => {
    const row: PeriodRow = {
      period: '2024',
      target: { share: { kind: 'missing' }, size: { kind: 'missing' } },
      comparison: undefined,
      gap: { kind: 'missing' },
    };
    const response = {
      respondents: 4,
      organisations: 9,
      responding: 4,
      rate: 4 / 9,
      minimum: 5,
      suppressed: true,
      round: 'Runde',
    };
    const responses = new Map([['2024', { target: response }]]);
    expect(withSurveyResponses([row], responses, 'da')[0]?.target.share).toEqual({
      kind: 'suppressed',
      display: '<5 besvarelser',
    });
    expect(withSurveyResponses([row], responses, 'en')[0]?.target.size).toEqual({
      kind: 'suppressed',
      display: '<5 responses',
    });
  });
});
