// Answers → figures: shares with their counts, means and sums per area and overall, hidden answers not
// counted, one organisation counted once, and fewer than three organisations suppressed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_AREAS, aggregateResponses } from './aggregate.ts';
import { evaluateExpression, parseExpression } from './expression.ts';
import { parseQuestionnaire } from './parse.ts';
import type { Questionnaire } from './schema.ts';

function bundled(id: string): Questionnaire {
  const r = parseQuestionnaire(readFileSync(new URL(`../../../surveys/${id}.json`, import.meta.url)), id);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.questionnaire;
}

describe('aggregateResponses', () => {
  const fvu = bundled('fvu-sprogtilbud');
  const responses = [
    {
      organisation: 'VUC',
      area: 'nord',
      answers: { 'brugere-i-alt': 40, 'registrerer-herkomst': true, 'brugere-ikke-vestlig': 25 },
    },
    {
      organisation: 'Sprogcafé',
      area: 'nord',
      answers: { 'brugere-i-alt': 12, 'registrerer-herkomst': false, 'brugere-ikke-vestlig': 99 },
    },
    {
      organisation: 'AOF',
      area: 'syd',
      answers: { 'brugere-i-alt': '30', 'registrerer-herkomst': true, 'brugere-ikke-vestlig': 10 },
    },
    {
      organisation: 'Lektiecafé',
      area: 'syd',
      answers: { 'brugere-i-alt': 8, 'registrerer-herkomst': true, 'brugere-ikke-vestlig': 4 },
    },
    {
      organisation: 'Lektiecafé',
      area: 'syd',
      answers: { 'brugere-i-alt': 800, 'registrerer-herkomst': true, 'brugere-ikke-vestlig': 400 },
    },
  ];

  it('sums over the organisations, leaving out answers hidden by visibleIf and repeats of an organisation', () => {
    const all = aggregateResponses(fvu, responses).filter((f) => f.area === ALL_AREAS);
    expect(all).toEqual([
      {
        indicator: 'brugere-af-fvu-dansk-og-sprogtilbud',
        group: 'target',
        question: 'brugere-ikke-vestlig',
        area: ALL_AREAS,
        respondents: 3,
        suppressed: false,
        value: { rule: 'sum', sum: 39, n: 3 },
      },
      {
        indicator: 'brugere-af-fvu-dansk-og-sprogtilbud',
        group: 'all',
        question: 'brugere-i-alt',
        area: ALL_AREAS,
        respondents: 4,
        suppressed: false,
        value: { rule: 'sum', sum: 90, n: 4 },
      },
    ]);
  });

  it('suppresses a figure from fewer than three organisations, and never lets the minimum go below three', () => {
    const nord = aggregateResponses(fvu, responses, { minRespondents: 1 }).filter((f) => f.area === 'nord');
    expect(nord.map((f) => [f.respondents, f.suppressed, f.value])).toEqual([
      [1, true, undefined],
      [2, true, undefined],
    ]);
    const strict = aggregateResponses(fvu, responses, { minRespondents: 5 }).filter(
      (f) => f.area === ALL_AREAS,
    );
    expect(strict.every((f) => f.suppressed)).toBe(true);
  });

  it('gives a share with its numerator and denominator, and a mean', () => {
    const bolig = bundled('boligsocial-deltagelse');
    const answers = (org: string, score: number, andel: string) => ({
      organisation: org,
      area: 'hedeparken',
      answers: {
        rolle: 'bestyrelse',
        'deltagelse-ikke-vestlig': score,
        'deltagelse-oevrige': 4,
        'andel-mangfoldige': andel,
      },
    });
    const figures = aggregateResponses(bolig, [
      answers('A', 2, 'alle'),
      answers('B', 3, 'faa'),
      answers('C', 4, 'de-fleste'),
      answers('D', 3, 'ingen'),
    ]).filter((f) => f.area === 'hedeparken');
    expect(figures.map((f) => [f.question, f.value])).toEqual([
      ['deltagelse-ikke-vestlig', { rule: 'mean', mean: 3, n: 4 }],
      ['deltagelse-oevrige', { rule: 'mean', mean: 4, n: 4 }],
      ['andel-mangfoldige', { rule: 'share-of-choices', numerator: 2, denominator: 4, share: 0.5 }],
    ]);
  });

  it('gives no value when nobody answered', () => {
    expect(aggregateResponses(fvu, []).map((f) => [f.respondents, f.suppressed, f.value])).toEqual([
      [0, true, undefined],
      [0, true, undefined],
    ]);
  });
});

describe('visibleIf expressions', () => {
  const check = (source: string, answers: Record<string, unknown>): boolean => {
    const r = parseExpression(source);
    if (!r.ok) throw new Error(r.message);
    return evaluateExpression(r.expression, answers);
  };

  it.each([
    ["{a} = 'x'", { a: 'x' }, true],
    ["{a} = 'x'", {}, false],
    ["{a} != 'x'", {}, true],
    ['{n} > 3', { n: 4 }, true],
    ['{n} >= 3 and {n} <= 5', { n: 6 }, false],
    ["{n} < 1 or {a} = 'x'", { n: 3, a: 'x' }, true],
    ["({n} < 1 or {a} = 'x') and {b} = true", { n: 0, b: false }, false],
    ["{c} contains 'k'", { c: ['j', 'k'] }, true],
    ['{a} notempty', { a: '' }, false],
    ['{a} empty', { a: [] }, true],
  ])('%s with %j is %s', (source, answers, expected) => {
    expect(check(source, answers)).toBe(expected);
  });

  it.each(["{a} = 'x", '{a} =', 'iif(1)', "{a} = 'x' and", '({a} = 1', '{a} 3'])('refuses %j', (source) => {
    expect(parseExpression(source).ok).toBe(false);
  });
});
