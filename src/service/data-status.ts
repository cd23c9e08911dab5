// The data status of a strategy: per indicator where its figures come from (read from the definition's `source`
// generically: its kind, and every table or cube any of its declared queries names), whether each shown area holds
// real, illustrative or no figures and its newest period, when the figures were last fetched or imported (the
// import batches' provenance), the next period expected from the indicator's frequency and lag, and warnings: a
// release that is overdue (the expected period's release date has passed and no figure for it is stored), a last
// refresh of one of its sources that failed or was interrupted (the stored runs, `refresh-record.ts`), a last
// computation that met codes absent from the answer, a source whose key is not configured.
import { danishDate } from '../domain/followup/index.ts';
import { expectedRelease, followingPeriod, laterPeriod } from '../domain/observation/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import { newestBatchIds } from '../store/batch-status-store.ts';
import { currentFigures, findBatches, type BatchRecord } from '../store/observation-store.ts';
import { areaGroups, comparisonAreas } from './areas.ts';
import { combineSeries } from './cross-source-derive.ts';
import type { Database } from './database.ts';
import { newestComputed, newestRunBySource, type RefreshRunView } from './refresh-record.ts';
import type { RefreshSource } from './refresh-run.ts';

type Indicator = StrategyDefinition['areas'][number]['indicators'][number];

export type AreaRole = 'own' | 'region' | 'country' | 'compared';
/** What an area holds of an indicator's figures: real ones only, illustrative ones only, both, or none. */
export type AreaData = 'real' | 'illustrative' | 'mixed' | 'missing';

export interface AreaStatus {
  readonly code: string;
  readonly role: AreaRole;
  readonly data: AreaData;
  readonly newestPeriod: string | undefined;
  readonly newestRealPeriod: string | undefined;
}

export interface IndicatorSourceStatus {
  readonly kind: string;
  readonly publisher: string;
  /** Every table or cube the source names, in the order met (declared list first, then the queries). */
  readonly tables: readonly string[];
  /** The refresh sources whose queries the definition declares; empty for figures that are uploaded. */
  readonly refreshedFrom: readonly RefreshSource[];
  /** True when the figures are computed from a table's cells (`source.derive`). */
  readonly derived: boolean;
  /** True when the figures are computed across sources' answers (`source.combine`). */
  readonly combined: boolean;
}

export interface BatchSummary {
  readonly id: string;
  readonly source: string;
  readonly table: string | undefined;
  readonly fileName: string | undefined;
  readonly retrievedAt: Date;
  readonly importedAt: Date;
  readonly importedBy: string;
  readonly illustrative: boolean;
}

export type StatusWarning = 'overdue' | 'refresh-failed' | 'codes-absent' | 'not-configured';

/** A source of the indicator whose newest refresh run failed or was interrupted, and that run. */
export interface SourceFailure {
  readonly source: RefreshSource;
  readonly run: RefreshRunView;
}

export interface IndicatorStatus {
  readonly id: string;
  readonly title: string;
  readonly areaId: string;
  readonly areaTitle: string;
  readonly frequency: Indicator['frequency'];
  readonly lagMonths: number | undefined;
  readonly source: IndicatorSourceStatus;
  readonly areas: readonly AreaStatus[];
  /** The newest real period of the strategy's own area. */
  readonly newestRealPeriod: string | undefined;
  /** The newest batch of real figures and of illustrative ones feeding the indicator (its series or its tables). */
  readonly lastReal: BatchSummary | undefined;
  readonly lastIllustrative: BatchSummary | undefined;
  /** The period expected after the newest real one, and the date its figures are expected. */
  readonly next: { readonly period: string; readonly release: string } | undefined;
  readonly warnings: readonly StatusWarning[];
  /** The indicator's sources whose newest refresh failed or was interrupted. */
  readonly refreshFailures: readonly SourceFailure[];
  /** The codes the definition names that the newest computation of the indicator did not find, and when. */
  readonly absentCodes: { readonly codes: string; readonly at: Date } | undefined;
  /** The keyed sources this indicator needs that have no key. */
  readonly unconfigured: readonly RefreshSource[];
}

export interface DataStatus {
  readonly strategyId: string;
  readonly areaCode: string;
  /** Today's Danish date, against which releases are judged. */
  readonly today: string;
  readonly indicators: readonly IndicatorStatus[];
}

export interface DataStatusInput {
  readonly now: Date;
  /** Keyed sources without their key. */
  readonly unconfigured?: readonly RefreshSource[];
  /** How many similar municipalities to compare with (as the indicator pages do). */
  readonly similar?: number;
}

/** What one area holds of one series. */
interface Held {
  newest?: string;
  newestReal?: string;
  illustrative: boolean;
  readonly batches: Set<string>;
}

const refreshKeys: readonly RefreshSource[] = ['statbank', 'jobindsats', 'uddannelsesstatistik'];

/** The source as the definition gives it, read without knowing every field a later format may add. */
export function indicatorSource(source: Indicator['source']): IndicatorSourceStatus {
  const tables: string[] = [];
  const add = (t: unknown) => {
    if (typeof t === 'string' && t.trim() !== '' && !tables.includes(t)) tables.push(t);
  };
  for (const t of source.tables ?? []) add(t);
  const record = source as unknown as Record<string, unknown>;
  const queries = (value: unknown): readonly Record<string, unknown>[] =>
    Array.isArray(value)
      ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)
      : typeof value === 'object' && value !== null
        ? [value as Record<string, unknown>]
        : [];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'tables' || key === 'derive' || key === 'combine') continue;
    for (const q of queries(value)) {
      add(q.table);
      add(q.cube);
      // An education statistics query names its cube by field, topic and subtopic.
      if (typeof q.field === 'string' && typeof q.topic === 'string' && typeof q.subtopic === 'string')
        add(`${q.field}/${q.topic}/${q.subtopic}`);
    }
  }
  // A share across sources reads its Jobindsats tables over its StatBank table, or its exam cube.
  if (source.combine) for (const t of combineSeries(source.combine)) add(t);
  return {
    kind: source.kind,
    publisher: source.publisher,
    tables,
    refreshedFrom: refreshKeys.filter((k) => record[k] !== undefined),
    derived: record.derive !== undefined,
    combined: source.combine !== undefined,
  };
}

export async function dataStatus(
  database: Database,
  definition: StrategyDefinition,
  input: DataStatusInput,
): Promise<DataStatus> {
  const today = danishDate(input.now);
  const own = definition.organisation.areaCode;
  const codes = await comparisonAreas(own, input.similar ?? 5);
  const roles = await areaRoles(own, codes);
  const indicators = definition.areas.flatMap((a) => a.indicators.map((i) => ({ area: a, indicator: i })));
  const figures = await currentFigures(database.db, {
    series: [...new Set(indicators.map((x) => x.indicator.id))],
    areas: codes,
  });
  const bySeries = new Map<string, Map<string, Held>>();
  for (const g of figures) {
    let areas = bySeries.get(g.series);
    if (!areas) bySeries.set(g.series, (areas = new Map()));
    const held: Held = areas.get(g.area) ?? { illustrative: false, batches: new Set<string>() };
    for (const f of g.figures) {
      held.newest = laterPeriod(held.newest, f.period);
      if (!f.illustrative) held.newestReal = laterPeriod(held.newestReal, f.period);
      else held.illustrative = true;
      held.batches.add(f.batchId);
    }
    areas.set(g.area, held);
  }
  const sources = new Map(indicators.map((x) => [x.indicator.id, indicatorSource(x.indicator.source)]));
  const tableBatchIds = await newestBatchIds(database.db, {
    tables: [...new Set([...sources.values()].flatMap((s) => s.tables.map((t) => t.toUpperCase())))],
    notes: indicators.map((x) => `${definition.id}: ${x.indicator.id}`),
  });
  const seriesBatchIds = [...bySeries.values()].flatMap((areas) =>
    [...areas.values()].flatMap((h) => [...h.batches]),
  );
  const batches = new Map(
    (await findBatches(database.db, [...new Set([...tableBatchIds, ...seriesBatchIds])])).map((b) => [
      b.id,
      b,
    ]),
  );

  const unconfigured = input.unconfigured ?? [];
  const runs = await newestRunBySource(database, input.now);
  const computed = await newestComputed(
    database,
    indicators.map((x) => `${definition.id}: ${x.indicator.id}`),
  );
  return {
    strategyId: definition.id,
    areaCode: own,
    today,
    indicators: indicators.map(({ area, indicator }): IndicatorStatus => {
      const source = sources.get(indicator.id) ?? indicatorSource(indicator.source);
      const held = bySeries.get(indicator.id) ?? new Map<string, Held>();
      const areas = codes.map((code): AreaStatus => {
        const h = held.get(code);
        const real = h?.newestReal !== undefined;
        const any = h?.newest !== undefined;
        const data: AreaData = !any ? 'missing' : !real ? 'illustrative' : h.illustrative ? 'mixed' : 'real';
        return {
          code,
          role: roles.get(code) ?? 'compared',
          data,
          newestPeriod: h?.newest,
          newestRealPeriod: h?.newestReal,
        };
      });
      const newestRealPeriod = held.get(own)?.newestReal;
      const next = nextRelease(indicator, newestRealPeriod);
      // The batches that fed the indicator: those of its figures in these areas, and the newest of its tables.
      const feeding = new Set<string>();
      for (const h of held.values()) for (const id of h.batches) feeding.add(id);
      const tables = new Set(source.tables.map((t) => t.toUpperCase()));
      const note = `${definition.id}: ${indicator.id}`;
      for (const id of tableBatchIds) {
        const b = batches.get(id);
        if (
          b &&
          ((b.provenance.table && tables.has(b.provenance.table.toUpperCase())) || b.provenance.note === note)
        )
          feeding.add(id);
      }
      const fed = [...feeding].flatMap((id) => batches.get(id) ?? []);
      const missingKeys = source.refreshedFrom.filter((s) => unconfigured.includes(s));
      const warnings: StatusWarning[] = [];
      if (next && next.release <= today) warnings.push('overdue');
      const refreshFailures = source.refreshedFrom.flatMap((s): SourceFailure[] => {
        const run = runs.get(s);
        return run && (run.shownState === 'failed' || run.shownState === 'interrupted')
          ? [{ source: s, run }]
          : [];
      });
      if (refreshFailures.length > 0) warnings.push('refresh-failed');
      const last = computed.get(note);
      const absentCodes =
        last?.outcome === 'codes-absent' && last.detail ? { codes: last.detail, at: last.at } : undefined;
      if (absentCodes) warnings.push('codes-absent');
      if (missingKeys.length > 0) warnings.push('not-configured');
      return {
        id: indicator.id,
        title: indicator.title,
        areaId: area.id,
        areaTitle: area.title,
        frequency: indicator.frequency,
        lagMonths: indicator.lagMonths,
        source,
        areas,
        newestRealPeriod,
        lastReal: newestBatch(fed.filter((b) => !b.illustrative)),
        lastIllustrative: newestBatch(fed.filter((b) => b.illustrative)),
        next,
        warnings,
        refreshFailures,
        absentCodes,
        unconfigured: missingKeys,
      };
    }),
  };
}

/**
 * The period after the newest real one and its expected release. A survey is published after each round, not on
 * a calendar, and an indicator with no real figure has nothing to count on from: neither has an expected release.
 */
export function nextRelease(
  indicator: { readonly frequency: Indicator['frequency']; readonly lagMonths?: number | undefined },
  newestReal: string | undefined,
): { period: string; release: string } | undefined {
  if (indicator.frequency === 'survey-round' || newestReal === undefined) return undefined;
  const period = followingPeriod(newestReal);
  const release = period ? expectedRelease(period, indicator.lagMonths ?? 0) : undefined;
  return period && release ? { period, release } : undefined;
}

function newestBatch(list: readonly BatchRecord[]): BatchSummary | undefined {
  let best: BatchRecord | undefined;
  for (const b of list)
    if (
      !best ||
      b.importedAt > best.importedAt ||
      (+b.importedAt === +best.importedAt && BigInt(b.id) > BigInt(best.id))
    )
      best = b;
  return best
    ? {
        id: best.id,
        source: best.provenance.source,
        table: best.provenance.table,
        fileName: best.provenance.fileName,
        retrievedAt: best.provenance.retrievedAt,
        importedAt: best.importedAt,
        importedBy: best.importedBy,
        illustrative: best.illustrative,
      }
    : undefined;
}

async function areaRoles(own: string, codes: readonly string[]): Promise<ReadonlyMap<string, AreaRole>> {
  const roles = new Map<string, AreaRole>();
  for (const g of await areaGroups(codes, 'da'))
    for (const a of g.areas)
      roles.set(a.code, g.group === 'country' ? 'country' : g.group === 'regions' ? 'region' : 'compared');
  roles.set(own, 'own');
  return roles;
}
