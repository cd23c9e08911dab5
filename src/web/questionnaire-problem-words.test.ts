// Every sentence the questionnaire parser writes is worded in Danish and English by its shape, none falls back to
// the parser's own English: each bad questionnaire below makes one kind of sentence.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/support/app.ts';
import { textProblems } from '../../test/support/page-text.ts';
import { parseQuestionnaire, refusedTypes } from '../domain/survey/index.ts';
import { translator } from './i18n/messages.ts';
import { parserMessage } from './questionnaire-problem-words.ts';

type Json = Record<string, unknown> & {
  pages: ({ elements: Record<string, unknown>[] } & Record<string, unknown>)[];
  indicatorFeeds: Record<string, unknown>[];
};
const q0 = (q: Json) => q.pages[0]?.elements[0] ?? {};
const edits: readonly ((q: Json) => void)[] = [
  (q) => (q0(q).type = 'slider'),
  (q) => delete q0(q).type,
  (q) => delete q0(q).name,
  (q) => (q0(q).visibleIf = '{mangler} = 1'),
  (q) => (q0(q).visibleIf = `{${String(q0(q).name)}} = 1`),
  (q) => (q0(q).visibleIf = '{a} ==== 1'),
  (q) => (q0(q).name = 'brugere-i-alt'),
  (q) =>
    q.pages.push({
      ...(q.pages[0] as Json['pages'][number]),
      elements: [{ type: 'comment', name: 'x', title: 'X' }],
    }),
  (q) => Object.assign(q0(q), { type: 'rating', rateMin: 5, rateMax: 1, choices: undefined }),
  (q) =>
    Object.assign(q0(q), {
      type: 'number',
      choices: undefined,
      validators: [{ type: 'numeric', minValue: 5, maxValue: 1 }],
    }),
  (q) =>
    Object.assign(q0(q), {
      type: 'text',
      choices: undefined,
      validators: [{ type: 'numeric', minValue: 1 }],
    }),
  (q) => (q0(q).choices = ['a', 'a']),
  (q) => ((q.indicatorFeeds[0] ?? {}).question = 'tilbudstype'),
  (q) =>
    q.indicatorFeeds.push({
      indicator: 'brugere-af-fvu-dansk-og-sprogtilbud',
      question: 'brugere-i-alt',
      rule: 'share-of-choices',
      choices: ['x'],
    }),
  (q) =>
    q.indicatorFeeds.push({
      indicator: 'brugere-af-fvu-dansk-og-sprogtilbud',
      question: 'tilbudstype',
      rule: 'share-of-choices',
      choices: ['x'],
    }),
  (q) => q.indicatorFeeds.push({ indicator: 'ingen', question: 'tilbudstype', rule: 'sum' }),
  (q) => ((q.indicatorFeeds[0] ?? {}).question = 'mangler'),
  (q) => (q0(q).hjaelp = 'x'),
  (q) => ((q.indicatorFeeds[0] ?? {}).rule = 'median'),
  (q) => (q.id = 'Stort Id'),
  (q) => (q0(q).name = 'Stort navn'),
  (q) => (q.title = '  '),
  (q) => (q.title = 'x'.repeat(2001)),
  (q) => (q0(q).choices = ['a']),
  (q) => ((q.pages[0] as Json['pages'][number]).elements = []),
  (q) => (q.pages = []),
  (q) => (q.completedHtml = '<p>Tak</p>'),
  (q) => (q0(q).isRequired = 'ja'),
  (q) => Object.assign(q0(q), { type: 'rating', rateMin: 1.5, choices: undefined }),
  (q) => (q.kind = 'quiz'),
  (q) => (q.locale = 'de'),
  (q) => (q0(q).choices = Array.from({ length: 101 }, (_, i) => `v${i}`)),
  (q) => (q0(q).title = { fr: 'Bonjour' }),
  (q) =>
    Object.assign(q0(q), {
      type: 'comment',
      choices: undefined,
      validators: [{ type: 'text', minLength: -1 }],
    }),
  ...Object.keys(refusedTypes).map((type) => (q: Json) => (q0(q).type = type)),
];

describe('questionnaire problems in words', () => {
  it('words every sentence of the parser in Danish and English', async () => {
    const source = await readFile(path.join(repoRoot, 'surveys', 'fvu-sprogtilbud.json'), 'utf8');
    const seen = new Set<string>();
    for (const [i, edit] of edits.entries()) {
      const q = JSON.parse(source) as Json;
      edit(q);
      const parsed = parseQuestionnaire(Buffer.from(JSON.stringify(q)), 'fvu-sprogtilbud.json', {
        indicatorIds: new Set(['brugere-af-fvu-dansk-og-sprogtilbud']),
      });
      expect(parsed.ok, `edit ${i}`).toBe(false);
      if (parsed.ok) continue;
      for (const e of parsed.errors) {
        const da = parserMessage(translator('da'), e.message);
        const en = parserMessage(translator('en'), e.message);
        expect(da, e.message).not.toContain('parserens besked');
        expect(en, e.message).not.toContain('the parser says');
        // Values in quotation marks are the format's own words, to be typed as they are ("share-of-choices").
        expect(textProblems(da.replace(/"[^"]*"/g, ' ')), e.message).toEqual([]);
        seen.add(e.message);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(40);
  });
});
