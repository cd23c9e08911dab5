// Indicator views and area summaries are kept between requests; on both databases: an import of changed figures
// and a new strategy version each give a freshly computed view, an unchanged database the kept one.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import type { Database } from '../store/database.ts';
import { areaSummaries, indicatorView, indicatorViews } from './indicators.ts';
import { importObservations } from './observations.ts';
import { getStrategy, loadDefinition, loadDefinitionFile } from './strategies.ts';

const strategyFile = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
  'strategies',
  'ballerup-integrationsstrategi-2021-2023.yaml',
);
const INDICATOR = 'ungdomsuddannelse-20-24';

describe.each(testDatabases)('indicator views on $name', ({ open }) => {
  let database: Database;
  let clock = new Date('2026-03-01T09:00:00Z');
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => clock });
  const tick = () => (clock = new Date(clock.getTime() + 60_000));
  let strategyId: string;

  const definition = async (): Promise<StrategyDefinition> => {
    const s = await getStrategy(database, strategyId);
    if (!s) throw new Error('no strategy');
    return s.definition;
  };

  const share = (period: string, group: string, numerator: number, denominator: number): Observation => ({
    series: INDICATOR,
    area: '151',
    period,
    dims: { group },
    value: { kind: 'number', value: numerator / denominator },
    numerator,
    denominator,
    unit: 'share',
    status: 'final',
    illustrative: false,
  });

  const load = async (rows: readonly Observation[]) => {
    tick();
    return importObservations(
      ctx(),
      { source: 'file', fileName: 'test.csv', retrievedAt: clock, licence: 'test' },
      rows.map((observation, i) => ({ line: i + 1, observation })),
    );
  };

  beforeAll(async () => {
    database = await open();
    const loaded = await loadDefinitionFile(ctx(), strategyFile);
    strategyId = loaded.version.strategyId;
    await load([share('2021', 'target', 300, 1000), share('2021', 'comparison', 600, 1000)]);
  });
  afterAll(async () => database.close());

  it('gives the kept view while nothing changes', async () => {
    const d = await definition();
    const first = await indicatorView(database, d, INDICATOR, '151');
    // The definition is read again for every request; the same content finds the same view.
    const again = await indicatorView(database, await definition(), INDICATOR, '151');
    expect(first?.rows.map((r) => r.period)).toEqual(['2021']);
    expect(again).toBe(first);
    // Another language, area or disclosure setting is another view.
    expect(await indicatorView(database, d, INDICATOR, '151', { locale: 'en' })).not.toBe(first);
    expect(await indicatorView(database, d, INDICATOR, '101')).not.toBe(first);
  });

  it('computes the view again after an import', async () => {
    const d = await definition();
    const before = await indicatorView(database, d, INDICATOR, '151');
    const summaryBefore = await areaSummaries(database, d, '151');
    expect(summaryBefore.flatMap((a) => a.indicators).find((i) => i.id === INDICATOR)?.status).toBe(
      'not-enough-data',
    );

    const outcome = await load([share('2022', 'target', 420, 1000), share('2022', 'comparison', 610, 1000)]);
    expect(outcome.status).toBe('stored');

    const after = await indicatorView(database, d, INDICATOR, '151');
    expect(after).not.toBe(before);
    expect(after?.rows.map((r) => r.period)).toEqual(['2021', '2022']);
    expect(after?.assessment.status).toBe('closing');
    const summaryAfter = await areaSummaries(database, d, '151');
    expect(summaryAfter).not.toBe(summaryBefore);
    expect(summaryAfter.flatMap((a) => a.indicators).find((i) => i.id === INDICATOR)?.status).toBe('closing');
    expect(await areaSummaries(database, d, '151')).toBe(summaryAfter);
  });

  it('computes the view again after a revised figure, and reads an earlier moment uncached', async () => {
    const d = await definition();
    const before = await indicatorView(database, d, INDICATOR, '151');
    const revisedAt = tick();
    await load([share('2022', 'target', 450, 1000)]);
    const after = await indicatorView(database, d, INDICATOR, '151');
    expect(after).not.toBe(before);
    const gap = (v: typeof after) => v?.rows.find((r) => r.period === '2022')?.gap;
    expect(gap(after)).toMatchObject({ kind: 'value', value: expect.closeTo(-16, 9) });
    const earlier = await indicatorView(database, d, INDICATOR, '151', { asOf: revisedAt });
    expect(gap(earlier)).toMatchObject({ kind: 'value', value: expect.closeTo(-19, 9) });
  });

  it('computes the view again for a new strategy version that changes the indicator', async () => {
    const d = await definition();
    const before = await indicatorView(database, d, INDICATOR, '151');
    const summaryBefore = await areaSummaries(database, d, '151');
    expect(before?.assessment.status).toBe('closing');

    const changed: StrategyDefinition = {
      ...d,
      areas: d.areas.map((a) => ({
        ...a,
        indicators: a.indicators.map((i) => (i.id === INDICATOR ? { ...i, baseline: '2022' } : i)),
      })),
    };
    tick();
    const outcome = await loadDefinition(ctx(), changed, 'content-with-baseline-2022', 'test.yaml');
    expect(outcome.status).toBe('new-version');

    const next = await definition();
    const after = await indicatorView(database, next, INDICATOR, '151');
    expect(after).not.toBe(before);
    expect(after?.indicator.baseline).toBe('2022');
    expect(after?.assessment.status).toBe('not-enough-data');
    const summaryAfter = await areaSummaries(database, next, '151');
    expect(summaryAfter).not.toBe(summaryBefore);
    expect(summaryAfter.flatMap((a) => a.indicators).find((i) => i.id === INDICATOR)?.status).toBe(
      'not-enough-data',
    );
  });

  it('gives the same views for many areas at once as one at a time', async () => {
    const d = await definition();
    const all = await indicatorViews(database, d, ['151', '101']);
    for (const area of ['151', '101']) {
      const list = all.get(area) ?? [];
      expect(list.map((v) => v.indicator.id)).toEqual(d.areas.flatMap((a) => a.indicators).map((i) => i.id));
      for (const view of list)
        expect(view).toEqual(await indicatorView(database, d, view.indicator.id, area));
    }
  });

  it('reads every series of many areas as of one moment', async () => {
    const d = await definition();
    const asOf = new Date(clock);
    await load([
      share('2030', 'target', 310, 1000),
      share('2030', 'comparison', 590, 1000),
      { ...share('2030', 'target', 50, 100), area: '101' },
    ]);
    const all = await indicatorViews(database, d, ['151', '101'], { asOf });
    for (const area of ['151', '101'])
      for (const view of all.get(area) ?? []) {
        expect(view.rows.map((r) => r.period)).not.toContain('2030');
        expect(view).toEqual(await indicatorView(database, d, view.indicator.id, area, { asOf }));
      }
    const now = await indicatorViews(database, d, ['151', '101']);
    const latest = (area: string) => now.get(area)?.find((v) => v.indicator.id === INDICATOR);
    expect(latest('151')?.rows.map((r) => r.period)).toContain('2030');
    expect(latest('101')?.rows.map((r) => r.period)).toContain('2030');
  });
});
