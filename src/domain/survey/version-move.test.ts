// The answered-question rule on small questionnaires: each change and whether a round's answers still fit it.
import { describe, expect, it } from 'vitest';
import { parseQuestionnaire } from './parse.ts';
import type { Questionnaire } from './schema.ts';
import { versionMoveProblems } from './version-move.ts';

function questionnaire(elements: readonly Record<string, unknown>[]): Questionnaire {
  const parsed = parseQuestionnaire(
    Buffer.from(
      JSON.stringify({
        id: 'proeve',
        kind: 'survey',
        strategy: 'en-strategi',
        title: 'Prøve',
        pages: [{ name: 'side', elements }],
        indicatorFeeds: [],
      }),
    ),
    'proeve',
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.questionnaire;
}

const farve = { type: 'radiogroup', name: 'farve', title: 'Farve', choices: ['roed', 'blaa'] };
const antal = { type: 'number', name: 'antal', title: 'Antal' };
const valg = { type: 'checkbox', name: 'valg', title: 'Valg', choices: ['a', 'b', 'c'] };
const before = questionnaire([farve, antal, valg]);

describe('versionMoveProblems', () => {
  it.each([
    ['no answers, every question gone', [], [{ type: 'comment', name: 'ny', title: 'Ny' }], []],
    [
      'a title changed and a question added',
      [{ farve: 'roed' }],
      [{ ...farve, title: 'Ny' }, antal, valg, { type: 'comment', name: 'x', title: 'X' }],
      [],
    ],
    ['an unanswered question removed', [{ farve: 'roed' }], [farve, valg], []],
    ['a blank answer does not count', [{ antal: '', valg: [] }], [farve], []],
    ['an answered question removed', [{ antal: 3 }], [farve, valg], [{ kind: 'removed', question: 'antal' }]],
    [
      'an answered question retyped',
      [{ antal: 3 }],
      [farve, { ...antal, type: 'text', inputType: 'number' }, valg],
      [{ kind: 'retyped', question: 'antal', from: 'number', to: 'text-number' }],
    ],
    [
      'a chosen choice dropped, in a checkbox too',
      [{ farve: 'blaa', valg: ['a', 'c'] }, { farve: 'roed' }],
      [{ ...farve, choices: ['roed', 'groen'] }, antal, { ...valg, choices: ['a', 'b'] }],
      [
        { kind: 'choice-dropped', question: 'farve', value: 'blaa' },
        { kind: 'choice-dropped', question: 'valg', value: 'c' },
      ],
    ],
    [
      'an unchosen choice dropped',
      [{ farve: 'roed' }],
      [{ ...farve, choices: ['roed', 'groen'] }, antal, valg],
      [],
    ],
  ] as const)('%s', (_name, answers, after, expected) => {
    expect(versionMoveProblems(before, questionnaire(after), answers)).toEqual(expected);
  });
});
