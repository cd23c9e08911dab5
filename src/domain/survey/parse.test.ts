// The questionnaire format: the bundled drafts are valid and feed real indicators of the strategy; every
// kind of fault is refused with the file, the path and the problem.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDefinitionError, parseStrategyDefinition } from '../strategy/parse.ts';
import { formatQuestionnaireError, parseQuestionnaire, type QuestionnaireError } from './parse.ts';

const repoFile = (path: string): Buffer => readFileSync(new URL(`../../../${path}`, import.meta.url));
const STRATEGY = 'strategies/ballerup-integrationsstrategi-2021-2023.yaml';
const strategy = parseStrategyDefinition(repoFile(STRATEGY), STRATEGY);
if (!strategy.ok) throw new Error(strategy.errors.map(formatDefinitionError).join('\n'));
const indicatorIds = new Set(strategy.definition.areas.flatMap((a) => a.indicators.map((i) => i.id)));

const minimal = {
  id: 'proeve',
  kind: 'survey',
  strategy: 'ballerup-integrationsstrategi-2021-2023',
  title: 'Prøve',
  pages: [
    {
      name: 'side-1',
      elements: [
        { type: 'radiogroup', name: 'a', title: 'A?', choices: ['ja', 'nej'] },
        { type: 'number', name: 'b', title: 'B?', visibleIf: "{a} = 'ja'" },
      ],
    },
  ],
  indicatorFeeds: [{ indicator: 'valgdeltagelse', question: 'a', rule: 'share-of-choices', choices: ['ja'] }],
};

function errorsOf(doc: unknown): QuestionnaireError[] {
  const r = parseQuestionnaire(Buffer.from(JSON.stringify(doc)), 'proeve.json', { indicatorIds });
  if (r.ok) throw new Error('expected the questionnaire to be refused');
  return [...r.errors];
}

function withElements(...elements: unknown[]): unknown {
  return { ...minimal, pages: [{ name: 'side-1', elements }], indicatorFeeds: [] };
}

describe('bundled questionnaires', () => {
  const files = readdirSync(new URL('../../../surveys/', import.meta.url)).filter((f) => f.endsWith('.json'));

  it('has the three drafts', () => {
    expect(files.sort()).toEqual([
      'boligsocial-deltagelse.json',
      'foreningsdemokrati.json',
      'fvu-sprogtilbud.json',
    ]);
  });

  it.each(files)('%s is valid and feeds indicators of the strategy', (file) => {
    const r = parseQuestionnaire(repoFile(`surveys/${file}`), file, { indicatorIds });
    if (!r.ok) throw new Error(r.errors.map(formatQuestionnaireError).join('\n'));
    expect(r.questionnaire.id).toBe(file.replace(/\.json$/, ''));
    expect(r.questionnaire.indicatorFeeds.length).toBeGreaterThan(0);
  });

  it('together feed the four locally collected indicators', () => {
    const fed = new Set(
      files.flatMap((f) => {
        const r = parseQuestionnaire(repoFile(`surveys/${f}`), f, { indicatorIds });
        return r.ok ? r.questionnaire.indicatorFeeds.map((x) => x.indicator) : [];
      }),
    );
    expect([...fed].sort()).toEqual([
      'aktiviteter-med-mangfoldig-deltagelse',
      'bestyrelses-og-foreningsdemokrati',
      'brugere-af-fvu-dansk-og-sprogtilbud',
      'oplevet-deltagelse-i-boligsociale-aktiviteter',
    ]);
  });
});

describe('parseQuestionnaire', () => {
  it('accepts a minimal questionnaire and hashes its content, not its layout', () => {
    const a = parseQuestionnaire(Buffer.from(JSON.stringify(minimal)), 'a.json');
    const b = parseQuestionnaire(Buffer.from(JSON.stringify(minimal, null, 2)), 'b.json');
    expect(a.ok && b.ok && a.contentHash === b.contentHash).toBe(true);
  });

  it('refuses an unknown question type, naming file and path', () => {
    const [e] = errorsOf(withElements({ type: 'slider', name: 'x', title: 'X' }));
    expect(formatQuestionnaireError(e!)).toBe(
      'proeve.json: pages[0].elements[0].type: unknown question type "slider"; expected one of radiogroup, checkbox, dropdown, rating, text, comment, number, boolean',
    );
  });

  it.each([
    ['matrix', /grids/],
    ['ranking', /keyboard/],
    ['file', /uploads/],
  ])('refuses %s with the reason', (type, reason) => {
    const [e] = errorsOf(withElements({ type, name: 'x', title: 'X' }));
    expect(e!.at).toBe('pages[0].elements[0].type');
    expect(e!.message).toMatch(reason);
  });

  it('refuses a visibleIf naming a question that does not exist', () => {
    const [e] = errorsOf(withElements({ type: 'text', name: 'x', title: 'X', visibleIf: "{nope} = 'ja'" }));
    expect(e).toEqual({
      file: 'proeve.json',
      at: 'pages[0].elements[0].visibleIf',
      message: 'names a question that does not exist: "{nope}"',
    });
  });

  it('refuses a visibleIf it cannot read', () => {
    const [e] = errorsOf(
      withElements(
        { type: 'text', name: 'x', title: 'X' },
        { type: 'text', name: 'y', title: 'Y', visibleIf: "iif({x}, 1, 2) = 'a'" },
      ),
    );
    expect(e!.at).toBe('pages[0].elements[1].visibleIf');
    expect(e!.message).toMatch(/^cannot be read/);
  });

  it('refuses duplicate question names across pages', () => {
    const doc = {
      ...minimal,
      pages: [
        { name: 'p1', elements: [{ type: 'text', name: 'x', title: 'X' }] },
        { name: 'p2', elements: [{ type: 'comment', name: 'x', title: 'X igen' }] },
      ],
      indicatorFeeds: [],
    };
    expect(errorsOf(doc)).toEqual([
      {
        file: 'proeve.json',
        at: 'pages[1].elements[0].name',
        message: 'duplicate question name "x" (also pages[0].elements[0])',
      },
    ]);
  });

  it('refuses fields outside the supported subset and a bad field inside a question', () => {
    const errors = errorsOf(
      withElements(
        { type: 'radiogroup', name: 'x', title: 'X', choices: ['a', 'b'], hasOther: true },
        { type: 'rating', name: 'y', title: 'Y', rateMin: 5, rateMax: 1 },
      ),
    );
    expect(errors.map(formatQuestionnaireError)).toEqual([
      'proeve.json: pages[0].elements[0]: unknown field "hasOther" (not in the supported subset)',
    ]);
    expect(
      errorsOf(withElements({ type: 'rating', name: 'y', title: 'Y', rateMin: 5, rateMax: 1 }))[0]!.at,
    ).toBe('pages[0].elements[0].rateMax');
  });

  it('refuses feeds that do not fit', () => {
    const doc = {
      ...minimal,
      indicatorFeeds: [
        { indicator: 'ingen-saadan', question: 'a', rule: 'share-of-choices', choices: ['ja'] },
        { indicator: 'valgdeltagelse', question: 'a', rule: 'share-of-choices', choices: ['maaske'] },
        { indicator: 'valgdeltagelse', question: 'a', rule: 'sum' },
        { indicator: 'valgdeltagelse', question: 'c', rule: 'mean' },
        { indicator: 'valgdeltagelse', question: 'b', rule: 'median' },
      ],
    };
    expect(errorsOf(doc).map((e) => `${e.at}: ${e.message}`)).toEqual([
      'indicatorFeeds[4].rule: expected "share-of-choices", "mean", "sum"',
    ]);
    doc.indicatorFeeds.pop();
    expect(errorsOf(doc).map((e) => `${e.at}: ${e.message}`)).toEqual([
      'indicatorFeeds[0].indicator: "ingen-saadan" is not an indicator of strategy "ballerup-integrationsstrategi-2021-2023"',
      'indicatorFeeds[1].choices[0]: "maaske" is not a choice of "a"',
      'indicatorFeeds[2].rule: sum needs a number question; "a" is radiogroup',
      'indicatorFeeds[3].question: names a question that does not exist: "c"',
    ]);
  });

  it.each([
    ['', '(file): the file is empty'],
    ['{', /^\(file\): not valid JSON/],
    ['[]', /^\(root\)/],
  ])('refuses the bytes %j', (text, expected) => {
    const r = parseQuestionnaire(Buffer.from(text), 'x.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(`${r.errors[0]!.at}: ${r.errors[0]!.message}`).toMatch(expected);
  });

  it('refuses bytes that are not UTF-8', () => {
    const r = parseQuestionnaire(Uint8Array.from([0x7b, 0xe6, 0x7d]), 'x.json');
    expect(!r.ok && r.errors[0]!.message).toMatch(/UTF-8/);
  });
});
