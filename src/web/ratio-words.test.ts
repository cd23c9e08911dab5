// A change of a ratio in words people use: per cent higher or lower, not "0,96×".
import { describe, expect, it } from 'vitest';
import { translator } from './i18n/messages.ts';
import { ratioChangeWords } from './indicator-presenter.ts';

describe('ratio changes in words', () => {
  it.each([
    [0.96, 'da', '4 % lavere'],
    [1.12, 'da', '12 % højere'],
    [1.002, 'da', 'uændret'],
    [0.5, 'en', '50% lower'],
  ] as const)('%d (%s) → %s', (factor, lang, words) => {
    expect(ratioChangeWords(factor, lang, translator(lang))).toBe(words);
  });
});
