// Survey rounds become the indicators' own figures, on both databases: answers submitted through the service for
// rounds of two focus areas' questionnaires are published, and the indicator views read them — the
// illustrative series replaced whole, a share over the responding organisations with its Wilson interval and
// "no clear change" where the intervals allow, the responses and response rate beside each figure, a round
// answered by two organisations shown as "<3 besvarelser" and never as a number, and a minimum below 3 raised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { ballerupFile } from '../../test/support/app.ts';
import { boligsocialAnswers, foreningAnswers, runPublishedRound } from '../../test/support/survey-round.ts';
import { cliActor } from '../domain/access/index.ts';
import { confidenceAt, wilsonInterval } from '../domain/engine/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import type { Database } from '../store/database.ts';
import { loadBundledDataset } from './bundled-dataset.ts';
import { indicatorView } from './indicators.ts';
import { getStrategy, loadDefinitionFile } from './strategies.ts';

const DIVERSE = 'aktiviteter-med-mangfoldig-deltagelse';
const SCORE = 'oplevet-deltagelse-i-boligsociale-aktiviteter';
const BOARDS = 'bestyrelses-og-foreningsdemokrati';

describe.each(testDatabases)('survey results as indicator figures on $name', ({ open }) => {
  let database: Database;
  let definition: StrategyDefinition;
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => new Date('2026-01-01T12:00:00Z') });
  const view = async (id: string, locale: 'da' | 'en' = 'da') => {
    const v = await indicatorView(database, definition, id, '151', { locale });
    if (!v) throw new Error(`no view of ${id}`);
    return v;
  };

  beforeAll(async () => {
    database = await open();
    const loaded = await loadDefinitionFile(ctx(), ballerupFile);
    const stored = await getStrategy(database, loaded.version.strategyId);
    if (!stored) throw new Error('strategy not stored');
    definition = stored.definition;
    await loadBundledDataset(ctx(), [definition], { scope: 'startup' });
  }, 180_000);
  afterAll(async () => database?.close());

  it('shows illustrative figures before any round is published', async () => {
    for (const id of [DIVERSE, SCORE, BOARDS]) expect((await view(id)).illustrative).toBe(true);
  });

  it('reads published rounds as the figures, with responses, rate, intervals and status', async () => {
    // Five housing associations invited each year; four answer in 2024 and all five in 2025.
    const orgs = ['Baldersbo', 'Grantoften', 'Hedegården', 'Lundegården', 'Ballerup Nord'];
    const first = await runPublishedRound(database, {
      questionnaire: 'boligsocial-deltagelse',
      name: 'Boligsocial 2024',
      period: '2024',
      organisations: orgs.map((name, i) => ({
        name,
        pages: i < 4 ? boligsocialAnswers(2 + (i % 2), 4, i < 2 ? 'de-fleste' : 'faa') : undefined,
      })),
    });
    expect(first).toMatchObject({ status: 'published', recipients: 5, respondents: 4, suppressed: 0 });
    await runPublishedRound(database, {
      questionnaire: 'boligsocial-deltagelse',
      name: 'Boligsocial 2025',
      period: '2025',
      organisations: orgs.map((name, i) => ({
        name,
        pages: boligsocialAnswers(3, 4, i < 3 ? 'alle' : 'omkring-halvdelen'),
      })),
    });

    const diverse = await view(DIVERSE);
    expect(diverse.illustrative).toBe(false);
    expect(diverse.sources.map((s) => s.provenance.source)).toEqual(['survey', 'survey']);
    expect(diverse.rows.map((r) => r.period)).toEqual(['2024', '2025']);
    const [y2024, y2025] = diverse.rows;
    // 2 of 4 organisations, then 3 of 5, each with its Wilson interval over the organisations.
    const w = wilsonInterval(2, 4, confidenceAt().z);
    expect(y2024?.target.share).toMatchObject({ kind: 'value', value: 0.5 });
    if (y2024?.target.share.kind !== 'value') throw new Error('expected a value');
    expect(y2024.target.share.low).toBeCloseTo(w.lower, 10);
    expect(y2024.target.share.high).toBeCloseTo(w.upper, 10);
    expect(y2024.target.size).toEqual({ kind: 'value', value: 4 });
    expect(y2025?.target.share).toMatchObject({ kind: 'value', value: 0.6 });
    expect(y2024?.survey?.target).toEqual({
      respondents: 4,
      organisations: 5,
      responding: 4,
      rate: 0.8,
      minimum: 3,
      suppressed: false,
      round: 'Boligsocial 2024',
    });
    expect(y2025?.survey?.target).toMatchObject({ respondents: 5, responding: 5, rate: 1 });
    // The strategy declares no baseline for the survey indicators, so there is no change to judge.
    expect(diverse.status).toBe('not-enough-data');
    expect(diverse.levelAssessment).toMatchObject({ change: { reason: 'baseline-not-declared' } });
    // With 2024 declared as the baseline: from 50 % to 60 % of a handful of organisations, the intervals overlap
    // widely, so no clear change.
    const withBaseline: StrategyDefinition = {
      ...definition,
      areas: definition.areas.map((a) => ({
        ...a,
        indicators: a.indicators.map((i) => (i.id === DIVERSE ? { ...i, baseline: '2024' } : i)),
      })),
    };
    const judged = await indicatorView(database, withBaseline, DIVERSE, '151');
    expect(judged?.status).toBe('no-clear-change');

    // A gap of two mean scores: both groups' figures and their responses.
    const score = await view(SCORE);
    expect(score.illustrative).toBe(false);
    expect(score.rows[0]?.target.share).toEqual({ kind: 'value', value: 2.5 });
    expect(score.rows[0]?.comparison?.share).toEqual({ kind: 'value', value: 4 });
    expect(score.rows[0]?.gap).toMatchObject({ kind: 'value', value: -1.5 });
    expect(score.rows[0]?.survey?.comparison).toMatchObject({ respondents: 4, rate: 0.8 });
    expect(score.status).toBe('not-enough-data');
    const scoreJudged = await indicatorView(
      database,
      {
        ...definition,
        areas: definition.areas.map((a) => ({
          ...a,
          indicators: a.indicators.map((i) => (i.id === SCORE ? { ...i, baseline: '2024' } : i)),
        })),
      },
      SCORE,
      '151',
    );
    // Means without counts have no known spread: the engine says so rather than guess an interval.
    expect(scoreJudged?.status).toBe('no-spread');
  }, 180_000);

  it('shows a figure from two responding organisations as "<3 besvarelser", never as a number', async () => {
    const out = await runPublishedRound(database, {
      questionnaire: 'foreningsdemokrati',
      name: 'Foreningsdemokrati 2024',
      period: '2024',
      // A minimum below 3 is raised to 3.
      minRespondents: 2,
      organisations: [
        { name: 'Ballerup Idrætsforening', pages: foreningAnswers(7, 2) },
        { name: 'Skovlunde Kulturhus', pages: foreningAnswers(5, 0) },
        { name: 'Måløv Boldklub' },
        { name: 'Ballerup Sejlklub' },
      ],
    });
    expect(out).toMatchObject({ status: 'published', recipients: 4, respondents: 2 });
    const boards = await view(BOARDS);
    expect(boards.illustrative).toBe(false);
    expect(boards.rows).toHaveLength(1);
    const row = boards.rows[0];
    expect(row?.target).toEqual({
      share: { kind: 'suppressed', display: '<3 besvarelser' },
      size: { kind: 'suppressed', display: '<3 besvarelser' },
    });
    expect(row?.survey?.target).toMatchObject({
      respondents: 2,
      organisations: 4,
      responding: 2,
      rate: 0.5,
      suppressed: true,
    });
    expect(boards.status).toBe('not-enough-data');
    expect((await view(BOARDS, 'en')).rows[0]?.target.share).toEqual({
      kind: 'suppressed',
      display: '<3 responses',
    });
    // The other survey indicators, and those of other sources, are untouched.
    expect((await view('brugere-af-fvu-dansk-og-sprogtilbud')).illustrative).toBe(true);
  }, 180_000);
});
