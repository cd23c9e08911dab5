// The municipality's page beside the frozen reports of its figures, on both databases: a revision that would let
// a reader of the report work out a small count from today's page hides more, as the report showed it.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import type { Database } from '../store/database.ts';
import { keepReportContent, evaluationData, freezeEvaluation, openEvaluation } from './evaluations.ts';
import { indicatorView } from './indicators.ts';
import { importObservations } from './observations.ts';
import { releasesOf } from './releases.ts';
import { getStrategy, loadDefinitionFile } from './strategies.ts';
import { dataGeneration } from '../store/observation-store.ts';
import { listRounds } from '../store/evaluation-store.ts';
import { disclosureConfig, type DisclosureConfig } from '../domain/disclosure/index.ts';

const strategy = 'ballerup-integrationsstrategi-2021-2023';
const INDICATOR = 'ungdomsuddannelse-20-24';
const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const config: DisclosureConfig = disclosureConfig();

const share = (
  group: string,
  numerator: number,
  denominator: number,
  sex?: 'women' | 'men',
  area = '151',
): Observation => ({
  series: INDICATOR,
  area,
  period: '2022',
  dims: sex ? { group, sex } : { group },
  value: { kind: 'number', value: numerator / denominator },
  numerator,
  denominator,
  unit: 'share',
  status: 'final',
  illustrative: false,
});

describe.each(testDatabases)('releases on $name', ({ open }) => {
  let database: Database;
  let clock = new Date('2023-09-01T09:00:00Z');
  const ctx = (actor: Actor) => ({ database, actor, now: () => clock });
  const load = async (rows: readonly Observation[]) => {
    clock = new Date(clock.getTime() + 60_000);
    return importObservations(
      ctx(cliActor('tester')),
      { source: 'file', fileName: 'test.csv', retrievedAt: clock, licence: 'test' },
      rows.map((observation, i) => ({ line: i + 1, observation })),
    );
  };
  const definition = async () => {
    const s = await getStrategy(database, strategy);
    if (!s) throw new Error('no strategy');
    return s.definition;
  };
  const indicatorOf = (d: Awaited<ReturnType<typeof definition>>) => {
    const indicator = d.areas.flatMap((a) => a.indicators).find((i) => i.id === INDICATOR);
    if (!indicator) throw new Error('no indicator');
    return indicator;
  };
  /** Whether the view hides the total's, the women's and the men's share of 2022 in the target group. */
  const hiddenIn = (view: Awaited<ReturnType<typeof indicatorView>>) => {
    const sex = view?.breakdowns.find((b) => b.kind === 'sex');
    const hidden = (rows: readonly { period: string; target: { share: { kind: string } } }[] | undefined) =>
      rows?.find((r) => r.period === '2022')?.target.share.kind === 'suppressed';
    return {
      total: hidden(view?.rows),
      women: hidden(sex?.values.find((v) => v.value === 'women')?.rows),
      men: hidden(sex?.values.find((v) => v.value === 'men')?.rows),
    };
  };

  beforeAll(async () => {
    database = await open();
    await loadDefinitionFile(ctx(cliActor('tester')), ballerupFile);
    // As the report of 2022 saw it: women 6 of 37, men 0 of 15, total 6 of 52; nothing small.
    await load([
      share('target', 6, 52),
      share('target', 6, 37, 'women'),
      share('target', 0, 15, 'men'),
      share('comparison', 600, 1000),
      share('target', 6, 52, undefined, '101'),
      share('target', 5, 37, 'women', '101'),
      share('target', 1, 15, 'men', '101'),
    ]);
  });
  afterAll(async () => database.close());

  it('a revision beside a frozen report: today hides the women too, the report and other areas are untouched', async () => {
    expect(hiddenIn(await indicatorView(database, await definition(), INDICATOR, '151'))).toEqual({
      total: false,
      women: false,
      // A share of 0 % is not published (the share rule); nothing else is hidden.
      men: true,
    });
    const round = await openEvaluation(ctx(admin), strategy, {
      name: 'Status 2022',
      from: '2022-01-01',
      to: '2022-12-31',
    });
    const before = await dataGeneration(database.db);
    clock = new Date(clock.getTime() + 60_000);
    await freezeEvaluation(ctx(admin), round.id);
    // A frozen round is a release: the kept views are made again.
    expect(await dataGeneration(database.db)).not.toBe(before);
    const report = await evaluationData(database, round.id);

    // The sexes are revised, the total is not: women 5 of 37, men 1 of 15.
    await load([share('target', 5, 37, 'women'), share('target', 1, 15, 'men')]);
    const d = await definition();
    // On its own, today's table would hide the total and show the women: the report's 6 − 5 gives the men's 1.
    const alone = hiddenIn(
      await indicatorView(database, d, INDICATOR, '151', { asOf: new Date('2100-01-01') }),
    );
    expect(alone).toEqual({ total: true, women: false, men: true });
    // Beside the report, which showed 6 of 52, the total stays shown and the women's share goes.
    const today = hiddenIn(await indicatorView(database, d, INDICATOR, '151'));
    expect(today).toEqual({ total: false, women: true, men: true });
    // Another municipality's figures were in no report of this strategy.
    expect(hiddenIn(await indicatorView(database, d, INDICATOR, '101'))).toEqual(alone);
    // The frozen report reads its pins, as it did.
    const again = await evaluationData(database, round.id);
    expect(again.views.find((v) => v.indicator.id === INDICATOR)?.rows).toEqual(
      report.views.find((v) => v.indicator.id === INDICATOR)?.rows,
    );
    // A draft's report of today's figures is protected as the page is.
    const draft = await openEvaluation(ctx(admin), strategy, {
      name: 'Udkast',
      from: '2022-01-01',
      to: '2022-12-31',
    });
    const draftView = (await evaluationData(database, draft.id)).views.find(
      (v) => v.indicator.id === INDICATOR,
    );
    expect(hiddenIn(draftView)).toEqual(today);
    // So is a round frozen after the revision: its report is protected beside the one before it.
    clock = new Date(clock.getTime() + 60_000);
    await freezeEvaluation(ctx(admin), draft.id);
    const second = (await evaluationData(database, draft.id)).views.find((v) => v.indicator.id === INDICATOR);
    expect(hiddenIn(second)).toEqual(today);
    const releases = await releasesOf(database, d, [indicatorOf(d)], '151', config, { before: draft.id });
    expect(releases.get(INDICATOR)).toHaveLength(1);
  });

  it('what a release showed is read from its kept content, and unreadable content is computed again', async () => {
    const d = await definition();
    const indicator = indicatorOf(d);
    const round = await openEvaluation(ctx(admin), strategy, {
      name: 'Med indhold',
      from: '2022-01-01',
      to: '2022-12-31',
    });
    clock = new Date(clock.getTime() + 60_000);
    await freezeEvaluation(ctx(admin), round.id);
    // Kept content that says the report hid the 2022 total of the target group.
    const json = JSON.stringify({
      areas: [
        {
          indicators: [
            {
              id: INDICATOR,
              view: {
                area: '151',
                rows: [
                  {
                    period: '2022',
                    target: {
                      share: { kind: 'suppressed', display: '..' },
                      size: { kind: 'value', value: 52 },
                    },
                    comparison: {
                      share: { kind: 'value', value: 0.6 },
                      size: { kind: 'value', value: 1000 },
                    },
                    gap: { kind: 'suppressed', display: '..' },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const sha256 = createHash('sha256').update(json).digest('hex');
    await keepReportContent(ctx(admin), round.id, { format: 1, json, sha256 });
    const releases = (await releasesOf(database, d, [indicator], '151', config)).get(INDICATOR) ?? [];
    expect(releases).toHaveLength(3);
    expect(releases[2]?.rows[0]?.target.share.kind).toBe('suppressed');
    // The earlier rounds kept no content: what they showed is computed from their pins.
    expect(releases[0]?.rows.find((r) => r.period === '2022')?.target.share.kind).toBe('value');
    // None in another area, and none before the first round.
    expect((await releasesOf(database, d, [indicator], '101', config)).size).toBe(0);
    const firstId = (await listRounds(database.db, strategy)).find((r) => r.name === 'Status 2022')?.id;
    expect((await releasesOf(database, d, [indicator], '151', config, { before: firstId })).size).toBe(0);
  });
});
