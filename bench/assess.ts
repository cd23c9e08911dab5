// P2: recomputing every assessment at national scale — the 98 municipalities × every indicator of the Ballerup
// strategy × 40 periods × the indicator's breakdowns — in PostgreSQL, against one hand-written SQL query that
// computes the same per-period gaps (point estimates). Goal: ≤ 2 s and ≤ 2× the SQL. The two must agree on every
// gap, or the run fails.
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { systemActor } from '../src/domain/access/index.ts';
import { dimsKey, type Observation } from '../src/domain/observation/index.ts';
import { unitKey, type Indicator, type StrategyDefinition } from '../src/domain/strategy/index.ts';
import { indicatorView, indicatorViews, type IndicatorView } from '../src/service/indicators.ts';
import { importObservations, type ImportItem } from '../src/service/observations.ts';
import { getStrategy, loadDefinitionFile } from '../src/service/strategies.ts';
import { loadAreas } from '../src/sources/areas/index.ts';
import { rngFor } from '../src/sources/illustrative/index.ts';
import { openDatabase, type Database } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { startPostgres } from '../test/support/postgres-server.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const STRATEGY_FILE = path.join(root, 'strategies', 'ballerup-integrationsstrategi-2021-2023.yaml');
const PERIODS = 40;
const RUNS = 3;

export interface AssessFigures {
  readonly areas: number;
  readonly indicators: number;
  readonly observationRows: number;
  readonly importSeconds: number;
  /** Every view (engine, breakdowns, disclosure) for every area, read at once: the product's national path. */
  readonly serviceSeconds: readonly number[];
  /** The same views one area × indicator at a time, as pages ask for them; one run. */
  readonly perViewSeconds: number;
  readonly sqlSeconds: readonly number[];
  readonly assessments: number;
  readonly gaps: number;
  readonly sqlRows: number;
  /** The machine's 1-minute load average just before the timed runs. */
  readonly load: number;
}

export async function measureAssess(): Promise<AssessFigures> {
  const server = startPostgres(55000 + Math.floor(Math.random() * 5000));
  let database: Database | undefined;
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('create database bench_assess');
    await admin.end();
    database = await openDatabase({ url: server.url.replace(/\/postgres$/, '/bench_assess') });
    await migrateToLatest(database);
    const ctx = { database, actor: systemActor, now: () => new Date() };
    const loaded = await loadDefinitionFile(ctx, STRATEGY_FILE);
    const strategy = await getStrategy(database, loaded.version.strategyId);
    if (!strategy) throw new Error('the strategy was not stored');
    const definition = strategy.definition;
    const areas = (await loadAreas()).municipalities().map((a) => a.code);
    const indicators = definition.areas.flatMap((a) => a.indicators);

    const importStarted = performance.now();
    const imported = await importObservations(
      ctx,
      {
        source: 'illustrative',
        query: `assessment benchmark: ${areas.length} municipalities × ${indicators.length} indicators × ${PERIODS} periods`,
        retrievedAt: new Date('2026-01-01T00:00:00Z'),
        licence: 'generated figures',
      },
      items(definition, areas),
    );
    const importSeconds = (performance.now() - importStarted) / 1000;
    await sql`analyze observation`.execute(database.db);

    const db = database;
    const service = () => indicatorViews(db, definition, areas);
    const gapSql = () => sqlGaps(db, indicators, areas);
    await service();
    await gapSql();
    const load = loadavg()[0] ?? NaN;
    const serviceSeconds: number[] = [];
    const sqlSeconds: number[] = [];
    let views: ReadonlyMap<string, readonly IndicatorView[]> = new Map();
    let sqlRows: readonly SqlGap[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      views = await service();
      serviceSeconds.push((performance.now() - t) / 1000);
      t = performance.now();
      sqlRows = await gapSql();
      sqlSeconds.push((performance.now() - t) / 1000);
    }

    const perViewStarted = performance.now();
    for (const area of areas)
      for (const ind of indicators) await indicatorView(db, definition, ind.id, area, { asOf: new Date() });
    const perViewSeconds = (performance.now() - perViewStarted) / 1000;

    const { assessments, gaps } = verify(views, sqlRows);
    return {
      areas: areas.length,
      indicators: indicators.length,
      observationRows: imported.stored,
      importSeconds,
      serviceSeconds,
      perViewSeconds,
      sqlSeconds,
      assessments,
      gaps,
      sqlRows: sqlRows.length,
      load,
    };
  } finally {
    await database?.close();
    server.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The hand-written query: the current vintage of every figure, each group's share (counts where given, else
// the value), and target against comparison per period, for the totals and each sex and origin subgroup.

interface SqlGap {
  readonly series: string;
  readonly area: string;
  readonly period: string;
  readonly dims_key: string;
  readonly gap: number | null;
}

async function sqlGaps(
  database: Database,
  indicators: readonly Indicator[],
  areas: readonly string[],
): Promise<readonly SqlGap[]> {
  const gapIndicators = indicators.filter((i) => i.kind === 'gap' && i.gapMeasure !== undefined);
  const r = await sql<SqlGap>`
    with spec (series, measure, factor) as (
      select * from unnest(
        ${gapIndicators.map((i) => i.id)}::text[],
        ${gapIndicators.map((i) => i.gapMeasure as string)}::text[],
        ${gapIndicators.map((i) => (i.unit === 'share' ? 100 : 1))}::float8[])
    ),
    cur as materialized (
      select distinct on (s.series, s.area, s.dims_key, f.period)
        s.series, s.area, f.period, s.dims, s.dims_key, f.value, f.numerator, f.denominator
      from observation_segment s
      cross join lateral unnest(s.periods, s.vals, s.numerators, s.denominators)
        as f(period, value, numerator, denominator)
      where s.series in (select series from spec) and s.area = any(${[...areas]}::text[])
      order by s.series, s.area, s.dims_key, f.period, s.recorded_at desc, s.id desc
    ),
    fig as (
      select series, area, period, dims ->> 'group' as grp, dims - 'group' as rest, dims_key,
        case when numerator is not null and denominator is not null then numerator / denominator else value end as x
      from cur
    ),
    pair as (
      select series, area, period, max(dims_key) filter (where grp = 'target') as dims_key,
        max(x) filter (where grp = 'target') as tx, max(x) filter (where grp = 'comparison') as cx,
        count(*) filter (where grp = 'target') as t, count(*) filter (where grp = 'comparison') as c
      from fig
      group by series, area, period, rest
    )
    select p.series, p.area, p.period, p.dims_key,
      case when s.measure = 'ratio' then p.tx / nullif(p.cx, 0) else (p.tx - p.cx) * s.factor end as gap
    from pair p
    join spec s on s.series = p.series
    where p.t = 1 and p.c = 1`.execute(database.db);
  return r.rows;
}

/** Every gap the engine computed must be the query's, and the query may have no gap the engine lacks. */
function verify(
  views: ReadonlyMap<string, readonly IndicatorView[]>,
  rows: readonly SqlGap[],
): { assessments: number; gaps: number } {
  const fromSql = new Map<string, number>();
  for (const r of rows)
    if (r.gap !== null) fromSql.set(`${r.series}|${r.area}|${r.dims_key}|${r.period}`, r.gap);
  let assessments = 0;
  let gaps = 0;
  let compared = 0;
  const check = (view: IndicatorView, dims: Record<string, string>, list: IndicatorView['assessment']) => {
    assessments++;
    if (view.indicator.kind !== 'gap') return;
    for (const g of list.gaps) {
      gaps++;
      if (g.gap.kind !== 'estimate' && g.gap.kind !== 'no-spread') continue;
      const key = `${view.indicator.id}|${view.area}|${dimsKey({ group: 'target', ...dims })}|${g.period}`;
      const expected = fromSql.get(key);
      if (
        expected === undefined ||
        !(Math.abs(expected - g.gap.estimate) <= 1e-9 * Math.max(1, Math.abs(expected)))
      )
        throw new Error(`the engine and the SQL disagree on ${key}: ${g.gap.estimate} against ${expected}`);
      compared++;
    }
  };
  for (const list of views.values())
    for (const view of list) {
      check(view, {}, view.assessment);
      const dimOf = { sex: 'sex', 'origin-subgroup': 'originSubgroup', 'age-band': 'ageBand' } as const;
      for (const b of view.breakdowns)
        for (const v of b.values) check(view, { [dimOf[b.kind]]: v.value }, v.assessment);
    }
  if (compared !== fromSql.size)
    throw new Error(`the engine has ${compared} gaps with an estimate, the SQL ${fromSql.size}`);
  if (compared === 0) throw new Error('no gaps were compared');
  return { assessments, gaps };
}

// ---------------------------------------------------------------------------------------------------------------
// The figures: deterministic, shaped as the engine reads them. Shares as numerator/denominator per group,
// durations and scores as plain values, counts as whole numbers; target and comparison group (gap indicators),
// and each declared breakdown: sex splits both groups, origin subgroups split the target group and repeat the
// whole comparison group, age bands split both.

function* items(definition: StrategyDefinition, areas: readonly string[]): Generator<ImportItem> {
  let line = 0;
  for (const indicator of definition.areas.flatMap((a) => a.indicators))
    for (const area of areas)
      for (const observation of seriesOf(indicator, area)) yield { line: ++line, observation };
}

function periodsOf(indicator: Indicator): readonly string[] {
  const last = 2025;
  if (indicator.frequency === 'quarter')
    return Array.from({ length: PERIODS }, (_, i) => {
      const q = last * 4 + 3 - (PERIODS - 1) + i;
      return `${Math.floor(q / 4)}K${(q % 4) + 1}`;
    });
  if (indicator.frequency === 'month')
    return Array.from({ length: PERIODS }, (_, i) => {
      const m = last * 12 + 11 - (PERIODS - 1) + i;
      return `${Math.floor(m / 12)}M${String((m % 12) + 1).padStart(2, '0')}`;
    });
  return Array.from({ length: PERIODS }, (_, i) => String(last - (PERIODS - 1) + i));
}

interface Cell {
  readonly k: number;
  readonly n: number;
}

function seriesOf(indicator: Indicator, area: string): Observation[] {
  const out: Observation[] = [];
  const fixed = rngFor('assess', indicator.id, area);
  const size = Math.round(fixed.between(300, 8000));
  const level = fixed.between(0.2, 0.6);
  const gap = fixed.between(-0.15, 0.15);
  const trend = fixed.between(-0.003, 0.003);
  const comparison = indicator.kind === 'gap';
  const emit = (period: string, dims: Record<string, string>, cell: Cell | number) => {
    const base = {
      series: indicator.id,
      area,
      period,
      dims,
      unit: unitKey(indicator.unit),
      status: 'final' as const,
      illustrative: true,
    };
    if (typeof cell === 'number') out.push({ ...base, value: { kind: 'number', value: cell } });
    else
      out.push({
        ...base,
        value: { kind: 'number', value: cell.k / cell.n },
        numerator: cell.k,
        denominator: cell.n,
      });
  };
  periodsOf(indicator).forEach((period, i) => {
    const rng = rngFor('assess', indicator.id, area, period);
    const draw = (p: number, n: number): Cell => {
      const q = Math.min(0.95, Math.max(0.05, p));
      return {
        k: Math.min(n, Math.max(0, Math.round(n * q + rng.normal() * Math.sqrt(n * q * (1 - q))))),
        n,
      };
    };
    const n = Math.max(20, Math.round(size * (1 + 0.1 * rng.signed())));
    const pc = level + trend * i;
    const pt = pc + gap;
    const split = (c: Cell, w: number): [Cell, Cell] => {
      const n1 = Math.round(c.n * w);
      const drawn = Math.round(c.k * w + rng.signed() * Math.sqrt(c.k * w));
      // Both parts stay whole shares: 0 ≤ k ≤ n in each.
      const k1 = Math.min(n1, c.k, Math.max(0, c.k - (c.n - n1), drawn));
      return [
        { k: k1, n: n1 },
        { k: c.k - k1, n: c.n - n1 },
      ];
    };
    const plain = (x: number) => Math.round(x * 10) / 10;
    if (indicator.unit === 'share') {
      const target = draw(pt, n);
      const comp = draw(pc, n * 5);
      emit(period, { group: 'target' }, target);
      if (comparison) emit(period, { group: 'comparison' }, comp);
      for (const b of indicator.breakdowns) {
        if (b === 'sex') {
          const [women, men] = split(target, 0.5);
          emit(period, { group: 'target', sex: 'women' }, women);
          emit(period, { group: 'target', sex: 'men' }, men);
          if (comparison) {
            const [cw, cm] = split(comp, 0.5);
            emit(period, { group: 'comparison', sex: 'women' }, cw);
            emit(period, { group: 'comparison', sex: 'men' }, cm);
          }
        } else if (b === 'origin-subgroup') {
          const [imm, desc] = split(target, 0.7);
          emit(period, { group: 'target', originSubgroup: 'immigrants' }, imm);
          emit(period, { group: 'target', originSubgroup: 'descendants' }, desc);
          if (comparison) {
            emit(period, { group: 'comparison', originSubgroup: 'immigrants' }, comp);
            emit(period, { group: 'comparison', originSubgroup: 'descendants' }, comp);
          }
        } else {
          const [young, rest] = split(target, 0.3);
          const [middle, old] = split(rest, 0.5);
          const bands = [young, middle, old] as const;
          const [cy, crest] = split(comp, 0.3);
          const [cmid, cold] = split(crest, 0.5);
          const cbands = [cy, cmid, cold] as const;
          ['18-29', '30-49', '50-64'].forEach((ageBand, j) => {
            emit(period, { group: 'target', ageBand }, bands[j] as Cell);
            if (comparison) emit(period, { group: 'comparison', ageBand }, cbands[j] as Cell);
          });
        }
      }
    } else if (indicator.unit === 'count') {
      emit(period, { group: 'target' }, Math.max(0, Math.round(n * pt * 0.1)));
    } else {
      const scale = indicator.unit === 'weeks' ? 40 : 100;
      const t = plain(Math.max(1, scale * pt + rng.normal()));
      const c = plain(Math.max(1, scale * pc + rng.normal()));
      emit(period, { group: 'target' }, t);
      if (comparison) emit(period, { group: 'comparison' }, c);
      for (const b of indicator.breakdowns) {
        const [dim, values] =
          b === 'sex'
            ? (['sex', ['women', 'men']] as const)
            : b === 'origin-subgroup'
              ? (['originSubgroup', ['immigrants', 'descendants']] as const)
              : (['ageBand', ['18-29', '30-49', '50-64']] as const);
        for (const value of values) {
          emit(period, { group: 'target', [dim]: value }, plain(t * (1 + 0.05 * rng.signed())));
          if (comparison)
            emit(
              period,
              { group: 'comparison', [dim]: value },
              b === 'origin-subgroup' ? c : plain(c * (1 + 0.05 * rng.signed())),
            );
        }
      }
    }
  });
  return out;
}
