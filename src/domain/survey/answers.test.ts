// Answers checked against the bundled questionnaires: each type's values, required and hidden questions,
// number validators and text lengths, and a page or submission refused with every problem named.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkComplete, checkPage, DEFAULT_TEXT_MAX } from './answers.ts';
import { parseQuestionnaire } from './parse.ts';
import type { Questionnaire } from './schema.ts';

function bundled(id: string): Questionnaire {
  const r = parseQuestionnaire(readFileSync(new URL(`../../../surveys/${id}.json`, import.meta.url)), id);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.questionnaire;
}

const fvu = bundled('fvu-sprogtilbud');
const bolig = bundled('boligsocial-deltagelse');
const forening = bundled('foreningsdemokrati');

describe('checkPage', () => {
  const ok = { tilbudstype: 'fvu-dansk', 'brugere-i-alt': '40', 'registrerer-herkomst': 'true' };
  const cases: readonly {
    name: string;
    q: Questionnaire;
    page: number;
    given: Record<string, unknown>;
    earlier?: Record<string, unknown>;
    stored?: Record<string, unknown>;
    codes?: readonly string[];
  }[] = [
    {
      name: 'a shown required question unanswered',
      q: fvu,
      page: 0,
      given: ok,
      codes: ['required'],
    },
    {
      name: 'numbers from form text, a decimal comma, and yes as true',
      q: fvu,
      page: 0,
      given: { ...ok, 'brugere-ikke-vestlig': '25' },
      stored: {
        tilbudstype: 'fvu-dansk',
        'brugere-i-alt': 40,
        'registrerer-herkomst': true,
        'brugere-ikke-vestlig': 25,
      },
    },
    {
      name: 'a hidden question is dropped and not required',
      q: fvu,
      page: 0,
      given: { ...ok, 'registrerer-herkomst': false, 'brugere-ikke-vestlig': 99 },
      stored: { tilbudstype: 'fvu-dansk', 'brugere-i-alt': 40, 'registrerer-herkomst': false },
    },
    {
      name: 'a value outside the validator, not a choice, not a number, not yes or no',
      q: fvu,
      page: 0,
      given: { tilbudstype: 'noget', 'brugere-i-alt': 100001, 'registrerer-herkomst': 'måske' },
      codes: ['not-a-choice', 'too-large', 'not-yes-no'],
    },
    {
      name: 'a name not on the page',
      q: fvu,
      page: 0,
      given: { ...ok, 'brugere-ikke-vestlig': 1, skjult: 'x' },
      codes: ['unknown-question'],
    },
    {
      name: 'a rating outside its scale and not whole',
      q: bolig,
      page: 1,
      given: { 'deltagelse-ikke-vestlig': 6, 'deltagelse-oevrige': '2,5', 'samme-grad': 'ja' },
      codes: ['too-large', 'not-whole', 'not-a-choice'],
    },
    {
      name: 'checkbox values kept as the choices spell them, once each',
      q: forening,
      page: 1,
      given: { foreningstype: 'idraet', indsatser: ['flere-sprog', 'flere-sprog', 'intet'] },
      stored: { foreningstype: 'idraet', indsatser: ['flere-sprog', 'intet'] },
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const r = checkPage(c.q, c.page, c.given, c.earlier);
      if (c.codes) {
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.problems.map((p) => p.code)).toEqual(c.codes);
      } else expect(r).toEqual({ ok: true, answers: c.stored });
    });

  it('refuses a 10 MB text at once, and keeps a text exactly as given', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const r = checkPage(bolig, 0, { rolle: 'andet', 'rolle-andet': huge });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ question: 'rolle-andet', code: 'too-long', limit: 200 });
    const given = '  <b>Formand</b> & "kasserer"  ';
    expect(checkPage(bolig, 0, { rolle: 'andet', 'rolle-andet': given })).toEqual({
      ok: true,
      answers: { rolle: 'andet', 'rolle-andet': given },
    });
    const control = checkPage(bolig, 0, { rolle: 'andet', 'rolle-andet': 'a\u0000b' });
    expect(!control.ok && control.problems[0]?.code).toBe('control-characters');
    expect(DEFAULT_TEXT_MAX).toBeGreaterThan(0);
  });
});

describe('checkComplete', () => {
  it('names every required question left blank on any page', () => {
    const r = checkComplete(bolig, { rolle: 'bestyrelse' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.every((p) => p.code === 'required')).toBe(true);
  });
});
