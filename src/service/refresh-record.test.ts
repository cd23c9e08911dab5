// Every refresh run kept in the database, on both databases, against a StatBank stand-in on 127.0.0.1 with the
// bundled strategy: a run that stores, a run whose Jobindsats fails beside StatBank and a later StatBank run that
// succeeds (each source's newest outcome), a computed indicator whose codes are absent from the answer, and a
// run left running by a process that stopped.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { folk1e, ligeub1, respelled } from '../../test/support/statbank-answers.ts';
import { startStatbankStandIn, type StatbankStandIn } from '../../test/support/statbank-stand-in.ts';
import { cliActor } from '../domain/access/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import { readAuditPage } from './audit.ts';
import type { Database } from '../store/database.ts';
import { insertRun } from '../store/refresh-run-store.ts';
import { dataStatus } from './data-status.ts';
import {
  newestRunBySource,
  recordedRefresh,
  RecordedRefreshError,
  refreshHistory,
  RUN_STALE_MS,
} from './refresh-record.ts';
import { refreshPlan, type RefreshSettings } from './refresh-run.ts';
import { getStrategy, loadDefinitionFile } from './strategies.ts';

const AREAS = ['000', '084', '151'];
const YOUTH = 'ungdomsuddannelse-20-24';

let standIn: StatbankStandIn;
beforeAll(async () => {
  standIn = await startStatbankStandIn([]);
});
afterAll(() => standIn.close());

describe.each(testDatabases)('refresh runs kept on $name', ({ open }) => {
  let database: Database;
  let definition: StrategyDefinition;
  let clock = new Date('2026-03-01T08:00:00Z');
  const ctx = () => ({ database, actor: cliActor('cron'), now: () => clock });
  const settings = (jobindsatsKey?: string): RefreshSettings => ({
    statbankUrl: standIn.baseUrl,
    // Nothing listens on port 9: a keyed source with its key set is unreachable there.
    jobindsats: { apiKey: jobindsatsKey, baseUrl: 'http://127.0.0.1:9/v2' },
    uddannelsesstatistik: { apiKey: undefined, baseUrl: 'http://127.0.0.1:9' },
  });
  const serve = (renamed = false) => {
    standIn.tables.clear();
    const table = ligeub1({ areas: AREAS, years: ['2023', '2024'] });
    standIn.tables.set(
      'LIGEUB1',
      renamed ? respelled(table, 'HFUDD', (c) => (c === 'H35' ? 'H36' : c)) : table,
    );
    standIn.tables.set('FOLK1E', folk1e({ areas: AREAS }));
  };

  beforeEach(async () => {
    database = await open();
    clock = new Date('2026-03-01T08:00:00Z');
    const loaded = await loadDefinitionFile(ctx(), ballerupFile);
    const s = await getStrategy(database, loaded.version.strategyId);
    if (!s) throw new Error('no strategy');
    definition = s.definition;
  });
  afterEach(async () => database.close());

  it('keeps a run that stored: when, by whom, each query with its batch, and audits its start and end', async () => {
    serve();
    const plan = refreshPlan([definition], ['statbank']);
    const r = await recordedRefresh(ctx(), [definition], plan, settings(), {
      sources: ['statbank'],
      skipped: [],
    });
    const [run] = await refreshHistory(database, clock);
    expect(run).toMatchObject({
      id: r.runId,
      startedBy: 'cron',
      origin: 'cli',
      state: 'stored',
      shownState: 'stored',
      sources: ['statbank'],
      failureReason: undefined,
    });
    expect(run?.finishedAt).toEqual(clock);
    const fetched = run?.outcomes.filter((o) => o.source === 'statbank') ?? [];
    expect(fetched.map((o) => [o.table, o.outcome])).toEqual(
      r.results.map((x) => [x.table, x.outcome.stored > 0 ? 'stored' : 'unchanged']),
    );
    for (const o of fetched.filter((x) => x.outcome === 'stored')) expect(o.batchId).toMatch(/^\d+$/);
    // The two indicators computed from LIGEUB1 are outcomes of their own.
    const computed = run?.outcomes.filter((o) => o.source === 'derived') ?? [];
    expect(computed.map((o) => [o.purpose, o.outcome])).toEqual(
      expect.arrayContaining([[`${definition.id}: ${YOUTH}`, 'stored']]),
    );

    // The same answers again: every query unchanged, the run "nothing".
    clock = new Date(clock.getTime() + 60_000);
    await recordedRefresh(ctx(), [definition], plan, settings(), { sources: ['statbank'], skipped: [] });
    const [again] = await refreshHistory(database, clock);
    expect(again?.state).toBe('nothing');
    const fetchedAgain = again?.outcomes.filter((o) => o.source !== 'derived') ?? [];
    expect(new Set(fetchedAgain.map((o) => o.outcome))).toEqual(new Set(['unchanged']));
    expect(again?.outcomes.some((o) => o.outcome === 'stored')).toBe(false);

    const audit = await readAuditPage(ctx(), {}, 1, 1000);
    const runAudit = audit.rows.filter((x) => x.subjectType === 'refresh-run' && x.subjectId === r.runId);
    expect(runAudit.map((x) => [x.action, x.outcome, x.actor]).sort()).toEqual([
      ['refresh.finish', 'ok', 'cron'],
      ['refresh.start', 'ok', 'cron'],
    ]);
  });

  it('keeps the failed source beside the one that was not stored, and each source its newest outcome', async () => {
    serve();
    const both = refreshPlan([definition], ['statbank', 'jobindsats']);
    const failure = await recordedRefresh(ctx(), [definition], both, settings('key'), {
      sources: ['statbank', 'jobindsats'],
      skipped: [],
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RecordedRefreshError);
    expect(failure).toMatchObject({ reason: 'unreachable', source: 'jobindsats' });
    const [failed] = await refreshHistory(database, clock);
    expect(failed).toMatchObject({
      state: 'failed',
      failureReason: 'unreachable',
      failureSource: 'jobindsats',
      message: expect.stringMatching(/jobindsats/i),
    });
    const outcomes = failed?.outcomes ?? [];
    // The first Jobindsats query failed; the rest and every StatBank query were not stored.
    expect(outcomes.filter((o) => o.outcome === 'failed').map((o) => o.source)).toEqual(['jobindsats']);
    expect(outcomes.find((o) => o.outcome === 'failed')?.detail).toMatch(/^unreachable: /);
    expect(outcomes.filter((o) => o.source === 'statbank').every((o) => o.outcome === 'not-stored')).toBe(
      true,
    );
    expect(outcomes.find((o) => o.source === 'statbank')?.detail).toBe('jobindsats');
    expect(outcomes).toHaveLength(both.jobindsats.length + both.statbank.length);

    // StatBank alone an hour later succeeds: StatBank's newest outcome is that run, Jobindsats' still the failure.
    clock = new Date(clock.getTime() + 3_600_000);
    const ok = await recordedRefresh(
      ctx(),
      [definition],
      refreshPlan([definition], ['statbank']),
      settings(),
      { sources: ['statbank'], skipped: [] },
    );
    const bySource = await newestRunBySource(database, clock);
    expect(bySource.get('statbank')?.id).toBe(ok.runId);
    expect(bySource.get('jobindsats')?.id).toBe(failed?.id);
    expect(bySource.get('uddannelsesstatistik')).toBeUndefined();

    const status = await dataStatus(database, definition, { now: clock });
    const youth = status.indicators.find((i) => i.id === YOUTH);
    expect(youth?.warnings).not.toContain('refresh-failed');
    const support = status.indicators.find((i) => i.id === 'offentlig-forsoergelse');
    expect(support?.warnings).toContain('refresh-failed');
    expect(support?.refreshFailures.map((f) => [f.source, f.run.failureReason])).toEqual([
      ['jobindsats', 'unreachable'],
    ]);
    // A source skipped for want of its key is not counted as asked.
    clock = new Date(clock.getTime() + 60_000);
    await recordedRefresh(ctx(), [definition], refreshPlan([definition], ['statbank']), settings(), {
      sources: ['statbank', 'jobindsats'],
      skipped: ['jobindsats'],
    });
    expect((await newestRunBySource(database, clock)).get('jobindsats')?.id).toBe(failed?.id);
  });

  it('keeps the queries stored before a failure while storing, and names the one that failed', async () => {
    // LIGEUB1's answer arrives but cannot be read: it is read while storing, after both FOLK1E queries.
    const broken = await startStatbankStandIn(
      [folk1e({ areas: AREAS }), ligeub1({ areas: AREAS, years: ['2024'] })],
      {
        intercept: async (where, table, res) => {
          if (!where.endsWith('/data') || table !== 'LIGEUB1') return false;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"dataset": {"not": "json-stat"}}');
          return true;
        },
      },
    );
    try {
      const plan = refreshPlan([definition], ['statbank']);
      const failure = await recordedRefresh(
        ctx(),
        [definition],
        plan,
        { ...settings(), statbankUrl: broken.baseUrl },
        { sources: ['statbank'], skipped: [] },
      ).catch((e: unknown) => e);
      expect(failure).toMatchObject({ reason: 'import-refused', source: 'statbank' });
      expect((failure as RecordedRefreshError).stored.map((r) => r.table)).toEqual(['FOLK1E', 'FOLK1E']);
      const [run] = await refreshHistory(database, clock);
      expect(run?.outcomes.map((o) => [o.table, o.outcome])).toEqual([
        ['FOLK1E', 'stored'],
        ['FOLK1E', 'stored'],
        ['LIGEUB1', 'failed'],
      ]);
      expect(
        run?.outcomes.filter((o) => o.outcome === 'stored').every((o) => /^\d+$/.test(o.batchId ?? '')),
      ).toBe(true);
    } finally {
      await broken.close();
    }
  });

  it('keeps a computed indicator whose codes are absent from the answer, and warns of it', async () => {
    serve(true);
    await recordedRefresh(ctx(), [definition], refreshPlan([definition], ['statbank']), settings(), {
      sources: ['statbank'],
      skipped: [],
    });
    const [run] = await refreshHistory(database, clock);
    expect(run?.state).toBe('stored');
    const youth = run?.outcomes.find(
      (o) => o.source === 'derived' && o.purpose === `${definition.id}: ${YOUTH}`,
    );
    expect(youth).toMatchObject({
      source: 'derived',
      table: 'LIGEUB1',
      outcome: 'codes-absent',
      detail: 'HFUDD=H35',
    });
    const status = await dataStatus(database, definition, { now: clock });
    const i = status.indicators.find((x) => x.id === YOUTH);
    expect(i?.warnings).toContain('codes-absent');
    expect(i?.absentCodes).toEqual({ codes: 'HFUDD=H35', at: clock });
    // The table's answer with the code again: the next run computes it and the warning ends.
    serve();
    clock = new Date(clock.getTime() + 60_000);
    await recordedRefresh(ctx(), [definition], refreshPlan([definition], ['statbank']), settings(), {
      sources: ['statbank'],
      skipped: [],
    });
    const after = await dataStatus(database, definition, { now: clock });
    expect(after.indicators.find((x) => x.id === YOUTH)?.warnings).not.toContain('codes-absent');
  });

  it('shows a run whose process stopped as interrupted once its beat is older than the limit, and beats a working run', async () => {
    const startedAt = new Date(clock.getTime() - 60_000);
    const id = await insertRun(database.db, {
      startedAt,
      startedBy: 'cron',
      origin: 'cli',
      sources: ['statbank'],
      skipped: [],
    });
    expect((await refreshHistory(database, clock))[0]).toMatchObject({ id, shownState: 'running' });
    const later = new Date(startedAt.getTime() + RUN_STALE_MS + 1);
    expect((await refreshHistory(database, later))[0]).toMatchObject({ id, shownState: 'interrupted' });
    expect((await newestRunBySource(database, later)).get('statbank')?.shownState).toBe('interrupted');
    const status = await dataStatus(database, definition, { now: later });
    expect(status.indicators.find((x) => x.id === YOUTH)?.warnings).toContain('refresh-failed');

    // A working run beats its row: with the answers held, its beat moves on while it waits.
    serve();
    let go: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (go = resolve));
    const realNow = { database, actor: cliActor('cron'), now: () => new Date() };
    let runId: string | undefined;
    const held = startStatbankStandIn(
      [ligeub1({ areas: AREAS, years: ['2024'] }), folk1e({ areas: AREAS })],
      { intercept: async () => (await waiting, false) },
    );
    const heldStandIn = await held;
    try {
      const running = recordedRefresh(
        realNow,
        [definition],
        refreshPlan([definition], ['statbank']),
        { ...settings(), statbankUrl: heldStandIn.baseUrl },
        { sources: ['statbank'], skipped: [], beatMs: 50, onStart: (r) => (runId = r) },
      );
      await new Promise((resolve) => setTimeout(resolve, 400));
      const [row] = (await refreshHistory(database, new Date())).filter((r) => r.id === runId);
      expect(row?.state).toBe('running');
      expect(row && row.beatAt > row.startedAt).toBe(true);
      go();
      await running;
    } finally {
      go();
      await heldStandIn.close();
    }
  });
});
