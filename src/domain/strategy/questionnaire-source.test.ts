// An indicator's source may name the questionnaire whose published rounds are its figures: the bundled strategy
// names one for each of its four survey and count-report indicators, and a source of another kind naming one is
// refused at its path.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDefinitionError, parseStrategyDefinition } from './parse.ts';

const read = (url: string) => readFileSync(new URL(url, import.meta.url));

describe('source.questionnaire', () => {
  it('names the questionnaire of each survey-fed indicator of the bundled strategy', () => {
    const r = parseStrategyDefinition(
      read('../../../strategies/ballerup-integrationsstrategi-2021-2023.yaml'),
      'ballerup.yaml',
    );
    if (!r.ok) throw new Error(r.errors.map(formatDefinitionError).join('\n'));
    const named = r.definition.areas
      .flatMap((a) => a.indicators)
      .filter((i) => i.source.questionnaire !== undefined)
      .map((i) => [i.id, i.source.kind, i.source.questionnaire]);
    expect(named).toEqual([
      ['oplevet-deltagelse-i-boligsociale-aktiviteter', 'survey', 'boligsocial-deltagelse'],
      ['aktiviteter-med-mangfoldig-deltagelse', 'survey', 'boligsocial-deltagelse'],
      ['bestyrelses-og-foreningsdemokrati', 'survey', 'foreningsdemokrati'],
      ['brugere-af-fvu-dansk-og-sprogtilbud', 'count-report', 'fvu-sprogtilbud'],
    ]);
  });

  it('refuses a questionnaire on a source that is not a survey or a count report', () => {
    const minimal = read('../../../test/fixtures/strategies/minimal.yaml').toString('utf8');
    const bad = minimal.replace(
      '          kind: file\n',
      '          kind: file\n          questionnaire: fvu\n',
    );
    expect(bad).not.toBe(minimal);
    const r = parseStrategyDefinition(Buffer.from(bad), 'minimal.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(formatDefinitionError).join('\n')).toMatch(
      /source\.questionnaire.*only allowed when kind is "survey" or "count-report", not "file"/,
    );
  });
});
