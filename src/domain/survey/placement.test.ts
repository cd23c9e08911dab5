// Which feed is an indicator's own figure: the bundled questionnaires against the bundled strategy's indicators
// (a gap's two groups, a level fed over all organisations, a count's target group before the total), and a feed
// whose rule does not give the indicator's unit kept under its question.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQuestionnaire } from './parse.ts';
import { placeFeeds, type FedIndicator } from './placement.ts';
import type { Questionnaire } from './schema.ts';

function bundled(id: string): Questionnaire {
  const r = parseQuestionnaire(readFileSync(new URL(`../../../surveys/${id}.json`, import.meta.url)), id);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.questionnaire;
}

// As the bundled strategy declares them (strategies/ballerup-integrationsstrategi-2021-2023.yaml).
const indicators: FedIndicator[] = [
  { id: 'oplevet-deltagelse-i-boligsociale-aktiviteter', kind: 'gap', unit: 'score' },
  { id: 'aktiviteter-med-mangfoldig-deltagelse', kind: 'level', unit: 'share' },
  { id: 'bestyrelses-og-foreningsdemokrati', kind: 'gap', unit: 'share' },
  { id: 'brugere-af-fvu-dansk-og-sprogtilbud', kind: 'count', unit: 'count' },
];

const placed = (q: Questionnaire, list: readonly FedIndicator[] = indicators) =>
  placeFeeds(q.indicatorFeeds, list).map((p) => [p.feed.question, p.dims, p.primary]);

describe('placeFeeds', () => {
  it('puts a gap indicator’s two means and a level’s share over all organisations in the view’s groups', () => {
    expect(placed(bundled('boligsocial-deltagelse'))).toEqual([
      ['deltagelse-ikke-vestlig', { group: 'target' }, true],
      ['deltagelse-oevrige', { group: 'comparison' }, true],
      ['andel-mangfoldige', { group: 'target' }, true],
    ]);
  });

  it('takes the share for a share indicator and keeps the sums beside it', () => {
    expect(placed(bundled('foreningsdemokrati'))).toEqual([
      ['medlemmer-ikke-vestlig', { group: 'target' }, true],
      ['antal-ikke-vestlig', { group: 'target', question: 'antal-ikke-vestlig' }, false],
      ['bestyrelsesmedlemmer', { group: 'all', question: 'bestyrelsesmedlemmer' }, false],
    ]);
  });

  it('prefers a count’s own target-group feed to the total, whatever their order', () => {
    const fvu = bundled('fvu-sprogtilbud');
    const reversed = { ...fvu, indicatorFeeds: [...fvu.indicatorFeeds].reverse() };
    expect(placed(reversed)).toEqual([
      ['brugere-i-alt', { group: 'all', question: 'brugere-i-alt' }, false],
      ['brugere-ikke-vestlig', { group: 'target' }, true],
    ]);
  });

  it('keeps every feed under its question when the strategy lacks the indicator', () => {
    expect(placed(bundled('fvu-sprogtilbud'), [])).toEqual([
      ['brugere-ikke-vestlig', { group: 'target', question: 'brugere-ikke-vestlig' }, false],
      ['brugere-i-alt', { group: 'all', question: 'brugere-i-alt' }, false],
    ]);
  });
});
