// The data status of the bundled strategy on both databases, with a fixed clock: what each area holds, the newest
// periods, the batches that fed each indicator, the next expected release and the warnings.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import { expectedRelease, followingPeriod, type Observation } from '../domain/observation/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import type { Database } from '../store/database.ts';
import { finishRun, insertRun } from '../store/refresh-run-store.ts';
import { dataStatus, indicatorSource, nextRelease, type IndicatorStatus } from './data-status.ts';
import { importObservations } from './observations.ts';
import { getStrategy, loadDefinitionFile } from './strategies.ts';

const strategyFile = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
  'strategies',
  'ballerup-integrationsstrategi-2021-2023.yaml',
);

describe('release dates', () => {
  it('follows each kind of period with the next of the same kind', () => {
    expect(followingPeriod('2023')).toBe('2024');
    expect(followingPeriod('2023K3')).toBe('2023K4');
    expect(followingPeriod('2023K4')).toBe('2024K1');
    expect(followingPeriod('2023M09')).toBe('2023M10');
    expect(followingPeriod('2023M12')).toBe('2024M01');
    expect(followingPeriod('2023-12')).toBeUndefined();
  });

  it('expects a period on the first of the month its lag after its end', () => {
    expect(expectedRelease('2023', 0)).toBe('2024-01-01');
    expect(expectedRelease('2023', 5)).toBe('2024-06-01');
    expect(expectedRelease('2023K4', 3)).toBe('2024-04-01');
    expect(expectedRelease('2023K1', 6)).toBe('2023-10-01');
    expect(expectedRelease('2023M11', 1)).toBe('2024-01-01');
    expect(expectedRelease('2023M01', 14)).toBe('2024-04-01');
    expect(expectedRelease('2023', -1)).toBeUndefined();
    expect(expectedRelease('K4', 3)).toBeUndefined();
  });

  it('has no expected release for a survey or without a real figure', () => {
    expect(nextRelease({ frequency: 'quarter', lagMonths: 3 }, '2025K2')).toEqual({
      period: '2025K3',
      release: '2026-01-01',
    });
    expect(nextRelease({ frequency: 'month', lagMonths: 2 }, '2025M12')).toEqual({
      period: '2026M01',
      release: '2026-04-01',
    });
    expect(nextRelease({ frequency: 'year' }, '2024')).toEqual({ period: '2025', release: '2026-01-01' });
    expect(nextRelease({ frequency: 'survey-round', lagMonths: 2 }, '2024')).toBeUndefined();
    expect(nextRelease({ frequency: 'year', lagMonths: 2 }, undefined)).toBeUndefined();
  });
});

describe('the source as the definition gives it', () => {
  it('names every table and cube the declared queries name, and a field a later format adds', () => {
    const s = indicatorSource({
      kind: 'statbank',
      publisher: 'Danmarks Statistik',
      tables: ['HFUDD11'],
      statbank: { table: 'HFUDD11', numerator: {}, denominator: {} },
      uddannelsesstatistik: [
        { field: 'GS', topic: 'KARA', subtopic: 'KARADM', share: 'x', area: 'a', origin: 'o' },
      ],
      // A source field this module does not know: its table is still named.
      ...({ somethingNew: [{ table: 'LIGEUB1' }] } as object),
    } as unknown as Parameters<typeof indicatorSource>[0]);
    expect(s.tables).toEqual(['HFUDD11', 'GS/KARA/KARADM', 'LIGEUB1']);
    expect(s.refreshedFrom).toEqual(['statbank', 'uddannelsesstatistik']);
    expect(s.derived).toBe(false);
  });
});

describe.each(testDatabases)('data status on $name', ({ open }) => {
  let database: Database;
  let definition: StrategyDefinition;
  let clock = new Date('2026-02-01T09:00:00Z');
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => clock });
  const now = new Date('2026-03-01T08:00:00Z');

  const figure = (series: string, area: string, period: string, illustrative = false): Observation => ({
    series,
    area,
    period,
    dims: { group: 'target' },
    value: { kind: 'number', value: 0.3 },
    numerator: 30,
    denominator: 100,
    unit: 'share',
    status: 'final',
    illustrative,
  });
  const load = (rows: readonly Observation[], illustrative = false) => {
    clock = new Date(clock.getTime() + 60_000);
    return importObservations(
      ctx(),
      illustrative
        ? { source: 'illustrative', retrievedAt: clock, note: 'illustrative test figures' }
        : { source: 'file', fileName: 'tal.csv', retrievedAt: clock, licence: 'test' },
      rows.map((observation, i) => ({ line: i + 1, observation })),
    );
  };
  const find = (s: { indicators: readonly IndicatorStatus[] }, id: string) => {
    const i = s.indicators.find((x) => x.id === id);
    if (!i) throw new Error(`no ${id}`);
    return i;
  };

  beforeAll(async () => {
    database = await open();
    const loaded = await loadDefinitionFile(ctx(), strategyFile);
    const s = await getStrategy(database, loaded.version.strategyId);
    if (!s) throw new Error('no strategy');
    definition = s.definition;
    // Quarterly, 6 months' lag: 2025K3 is expected on 2026-04-01 — not yet due.
    await load([
      figure('ledige-efter-13-uger', '151', '2025K1'),
      figure('ledige-efter-13-uger', '151', '2025K2'),
    ]);
    // Quarterly, 3 months' lag: 2025K3 was expected on 2026-01-01 — overdue.
    await load([figure('varighed-afsluttede-sager', '151', '2025K2')]);
    // Yearly, 3 months' lag: 2025 is expected on 2026-04-01.
    await load([figure('sanktionering', '151', '2024')]);
    // Illustrative figures: the region only for one indicator, beside real ones for another.
    await load(
      [
        figure('ledige-efter-13-uger', '084', '2025K4', true),
        figure('sanktionering', '151', '2025', true),
        figure('oplevet-deltagelse-i-boligsociale-aktiviteter', '151', '2024', true),
      ],
      true,
    );
  });
  afterAll(async () => database.close());

  it('says per area what is stored, real or illustrative, and the newest period', async () => {
    const s = await dataStatus(database, definition, { now });
    expect(s.today).toBe('2026-03-01');
    const ledige = find(s, 'ledige-efter-13-uger');
    expect(ledige.areas.map((a) => [a.code, a.role, a.data, a.newestPeriod ?? '-'])).toEqual(
      expect.arrayContaining([
        ['151', 'own', 'real', '2025K2'],
        ['084', 'region', 'illustrative', '2025K4'],
        ['000', 'country', 'missing', '-'],
      ]),
    );
    expect(ledige.areas.filter((a) => a.role === 'compared').length).toBe(5);
    expect(ledige.newestRealPeriod).toBe('2025K2');
    expect(ledige.lastReal?.source).toBe('file');
    expect(ledige.lastReal?.fileName).toBe('tal.csv');
    expect(ledige.lastIllustrative?.illustrative).toBe(true);
    expect(ledige.source.kind).toBe('jobindsats');
    // Its tables are named, but no query is declared: its figures come by upload.
    expect(ledige.source.tables).toEqual(['Y01A02', 'Y36A02', 'Y60A02']);
    expect(ledige.source.refreshedFrom).toEqual([]);
    expect(find(s, 'offentlig-forsoergelse').source.refreshedFrom).toEqual(['jobindsats']);

    const sanktion = find(s, 'sanktionering');
    const own = sanktion.areas.find((a) => a.role === 'own');
    expect([own?.data, own?.newestPeriod, own?.newestRealPeriod]).toEqual(['mixed', '2025', '2024']);
  });

  it('expects the next period after the newest real one and warns when its release has passed', async () => {
    const s = await dataStatus(database, definition, { now });
    expect(find(s, 'ledige-efter-13-uger').next).toEqual({ period: '2025K3', release: '2026-04-01' });
    expect(find(s, 'ledige-efter-13-uger').warnings).toEqual([]);
    expect(find(s, 'varighed-afsluttede-sager').next).toEqual({ period: '2025K3', release: '2026-01-01' });
    expect(find(s, 'varighed-afsluttede-sager').warnings).toEqual(['overdue']);
    // An illustrative 2025 does not count as the release: the real 2025 is what is awaited.
    expect(find(s, 'sanktionering').next).toEqual({ period: '2025', release: '2026-04-01' });
    expect(find(s, 'sanktionering').warnings).toEqual([]);
    // On the release date itself it is due.
    const later = await dataStatus(database, definition, { now: new Date('2026-04-01T06:00:00Z') });
    expect(find(later, 'sanktionering').warnings).toEqual(['overdue']);
    expect(find(later, 'ledige-efter-13-uger').warnings).toEqual(['overdue']);
    // A survey has no calendar; an indicator without a real figure nothing to count from.
    const survey = find(s, 'oplevet-deltagelse-i-boligsociale-aktiviteter');
    expect([survey.next, survey.warnings, survey.source.refreshedFrom]).toEqual([undefined, [], []]);
    expect(find(s, 'virksomhedsrettede-tilbud').next).toBeUndefined();
  });

  it('a stored figure for the expected period ends the warning', async () => {
    await load([figure('varighed-afsluttede-sager', '151', '2025K3')]);
    const s = await dataStatus(database, definition, { now });
    expect(find(s, 'varighed-afsluttede-sager').next).toEqual({ period: '2025K4', release: '2026-04-01' });
    expect(find(s, 'varighed-afsluttede-sager').warnings).toEqual([]);
  });

  it('warns of a failed last refresh and a source without its key, for the indicators they fetch', async () => {
    // A run that failed on Jobindsats, as `refresh-record.ts` keeps it: StatBank was asked too, so both warn.
    const run = (at: Date) =>
      insertRun(database.db, {
        startedAt: at,
        startedBy: 'cron',
        origin: 'cli',
        sources: ['statbank', 'jobindsats', 'uddannelsesstatistik'],
        skipped: [],
      });
    const failedAt = new Date(now.getTime() - 3_600_000);
    const failedRun = await run(failedAt);
    await finishRun(database.db, failedRun, {
      at: failedAt,
      state: 'failed',
      failureReason: 'bad-key',
      failureSource: 'jobindsats',
      message: 'jobindsats: the key was refused',
      outcomes: [],
    });
    const s = await dataStatus(database, definition, { now, unconfigured: ['jobindsats'] });
    expect(find(s, 'offentlig-forsoergelse').warnings).toEqual(['refresh-failed', 'not-configured']);
    expect(find(s, 'offentlig-forsoergelse').unconfigured).toEqual(['jobindsats']);
    expect(find(s, 'offentlig-forsoergelse').refreshFailures.map((f) => [f.source, f.run.id])).toEqual([
      ['jobindsats', failedRun],
    ]);
    expect(find(s, 'ledige-efter-13-uger').warnings).toEqual([]);
    const hfudd = s.indicators.find((i) => i.source.refreshedFrom.includes('statbank'));
    expect(hfudd?.warnings).toEqual(['refresh-failed']);
    expect(find(s, 'oplevet-deltagelse-i-boligsociale-aktiviteter').warnings).toEqual([]);

    // A later run of StatBank alone that succeeded ends StatBank's warning, not Jobindsats'.
    const laterAt = new Date(now.getTime() - 60_000);
    const later = await insertRun(database.db, {
      startedAt: laterAt,
      startedBy: 'cron',
      origin: 'cli',
      sources: ['statbank'],
      skipped: [],
    });
    await finishRun(database.db, later, { at: laterAt, state: 'nothing', outcomes: [] });
    const after = await dataStatus(database, definition, { now });
    expect(after.indicators.find((i) => i.id === hfudd?.id)?.warnings).toEqual([]);
    expect(find(after, 'offentlig-forsoergelse').warnings).toEqual(['refresh-failed']);
    // And one of every source clears the rest.
    const cleared = await run(laterAt);
    await finishRun(database.db, cleared, { at: laterAt, state: 'nothing', outcomes: [] });
    expect(find(await dataStatus(database, definition, { now }), 'offentlig-forsoergelse').warnings).toEqual(
      [],
    );
  });

  it('counts a batch of the table an indicator declares as its last fetch', async () => {
    clock = new Date(clock.getTime() + 60_000);
    const fetchedAt = clock;
    await importObservations(
      ctx(),
      { source: 'statbank', table: 'LIGEUB1', query: 'POST test', retrievedAt: fetchedAt, licence: 'test' },
      [{ line: 1, observation: { ...figure('LIGEUB1', '151', '2024'), unit: 'number' } }],
      { series: ['LIGEUB1'] },
    );
    const s = await dataStatus(database, definition, { now });
    const ligeub1 = s.indicators.filter((i) => i.source.tables.includes('LIGEUB1'));
    expect(ligeub1.length).toBeGreaterThan(0);
    for (const i of ligeub1) {
      expect(i.lastReal?.table).toBe('LIGEUB1');
      expect(i.lastReal?.retrievedAt.toISOString()).toBe(fetchedAt.toISOString());
      // No figure of the indicator itself is stored: its areas hold none.
      expect(i.areas.every((a) => a.data === 'missing')).toBe(true);
    }
  });
});
