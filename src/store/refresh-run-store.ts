// The refresh runs and their outcomes (migration 021): a run is inserted when it starts, beaten while it works,
// and finished with its state and one outcome row per query or computed indicator.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export type RefreshRunOrigin = 'web' | 'cli';
export type StoredRunState = 'running' | 'stored' | 'nothing' | 'failed';
export type RunOutcomeSource = 'statbank' | 'jobindsats' | 'uddannelsesstatistik' | 'derived';
/**
 * What came of one query or computed indicator: new or revised figures stored, nothing new, the source failed
 * (`detail` the failure code), fetched but not stored because another source failed (`detail` that source),
 * codes the definition names absent from the answer (`detail` the codes), or nothing computed (`detail` why).
 */
export type RunOutcomeKind =
  'stored' | 'unchanged' | 'failed' | 'not-stored' | 'codes-absent' | 'not-computed';

export interface RunOutcomeRow {
  readonly source: RunOutcomeSource;
  readonly purpose: string;
  readonly table: string;
  readonly outcome: RunOutcomeKind;
  readonly received: number | undefined;
  readonly stored: number | undefined;
  readonly batchId: string | undefined;
  readonly detail: string | undefined;
}

export interface StoredRun {
  readonly id: string;
  readonly startedAt: Date;
  readonly beatAt: Date;
  readonly finishedAt: Date | undefined;
  readonly startedBy: string;
  readonly origin: RefreshRunOrigin;
  readonly sources: readonly string[];
  readonly skipped: readonly string[];
  readonly state: StoredRunState;
  readonly failureReason: string | undefined;
  readonly failureSource: string | undefined;
  readonly message: string | undefined;
  readonly outcomes: readonly RunOutcomeRow[];
}

const date = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export async function insertRun(
  db: Db,
  r: {
    readonly startedAt: Date;
    readonly startedBy: string;
    readonly origin: RefreshRunOrigin;
    readonly sources: readonly string[];
    readonly skipped: readonly string[];
  },
): Promise<string> {
  const row = await sql<{ id: string }>`
    insert into refresh_run (started_at, beat_at, started_by, origin, sources, skipped, state)
    values (${r.startedAt}, ${r.startedAt}, ${r.startedBy}, ${r.origin}, ${[...r.sources]}::text[],
      ${[...r.skipped]}::text[], 'running')
    returning id::text as id`.execute(db);
  const id = row.rows[0]?.id;
  if (id === undefined) throw new Error('the refresh run was not inserted');
  return id;
}

/** Beats a running run; false when it is no longer running. */
export async function beatRun(db: Db, id: string, at: Date): Promise<boolean> {
  const r = await sql`update refresh_run set beat_at = ${at} where id = ${id} and state = 'running'`.execute(
    db,
  );
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Ends a running run with its state and outcomes; false (and nothing written) when it was not running. */
export async function finishRun(
  db: Db,
  id: string,
  f: {
    readonly at: Date;
    readonly state: Exclude<StoredRunState, 'running'>;
    readonly failureReason?: string | undefined;
    readonly failureSource?: string | undefined;
    readonly message?: string | undefined;
    readonly outcomes: readonly RunOutcomeRow[];
  },
): Promise<boolean> {
  const r = await sql`
    update refresh_run set state = ${f.state}, finished_at = ${f.at}, beat_at = ${f.at},
      failure_reason = ${f.failureReason ?? null}, failure_source = ${f.failureSource ?? null},
      message = ${f.message ?? null}
    where id = ${id} and state = 'running'`.execute(db);
  if (Number(r.numAffectedRows ?? 0) === 0) return false;
  for (const [position, o] of f.outcomes.entries())
    await sql`
      insert into refresh_run_outcome
        (run_id, position, source, purpose, table_name, outcome, received, stored, batch_id, detail)
      values (${id}, ${position}, ${o.source}, ${o.purpose}, ${o.table}, ${o.outcome}, ${o.received ?? null},
        ${o.stored ?? null}, ${o.batchId ?? null}, ${o.detail ?? null})`.execute(db);
  return true;
}

interface RunRow {
  id: string;
  started_at: Date | string;
  beat_at: Date | string;
  finished_at: Date | string | null;
  started_by: string;
  origin: RefreshRunOrigin;
  sources: string[];
  skipped: string[];
  state: StoredRunState;
  failure_reason: string | null;
  failure_source: string | null;
  message: string | null;
}

/** The newest runs, newest first, each with its outcomes in the order they were written. */
export async function newestRuns(db: Db, limit: number): Promise<readonly StoredRun[]> {
  const runs = await sql<RunRow>`
    select id::text as id, started_at, beat_at, finished_at, started_by, origin, sources, skipped, state,
      failure_reason, failure_source, message
    from refresh_run order by started_at desc, id desc limit ${limit}`.execute(db);
  return withOutcomes(db, runs.rows);
}

/**
 * Per source, the newest run that asked it for figures (it was in the run's sources and not skipped for want of
 * its key), with that run's outcomes.
 */
export async function newestRunPerSource(
  db: Db,
  sources: readonly string[],
): Promise<ReadonlyMap<string, StoredRun>> {
  if (sources.length === 0) return new Map();
  const rows = await sql<RunRow & { source: string }>`
    select distinct on (s.source) s.source, r.id::text as id, r.started_at, r.beat_at, r.finished_at,
      r.started_by, r.origin, r.sources, r.skipped, r.state, r.failure_reason, r.failure_source, r.message
    from unnest(${[...sources]}::text[]) as s (source)
    join refresh_run r on s.source = any(r.sources) and not (s.source = any(r.skipped))
    order by s.source, r.started_at desc, r.id desc`.execute(db);
  const runs = await withOutcomes(db, rows.rows);
  const byId = new Map(runs.map((r) => [r.id, r]));
  const out = new Map<string, StoredRun>();
  for (const row of rows.rows) {
    const run = byId.get(row.id);
    if (run) out.set(row.source, run);
  }
  return out;
}

async function withOutcomes(db: Db, rows: readonly RunRow[]): Promise<readonly StoredRun[]> {
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.id))];
  const outcomes = await sql<{
    run_id: string;
    source: RunOutcomeSource;
    purpose: string;
    table_name: string;
    outcome: RunOutcomeKind;
    received: number | null;
    stored: number | null;
    batch_id: string | null;
    detail: string | null;
  }>`
    select run_id::text as run_id, source, purpose, table_name, outcome, received, stored,
      batch_id::text as batch_id, detail
    from refresh_run_outcome where run_id = any(${ids}::bigint[]) order by run_id, position`.execute(db);
  const byRun = new Map<string, RunOutcomeRow[]>();
  for (const o of outcomes.rows) {
    let list = byRun.get(o.run_id);
    if (!list) byRun.set(o.run_id, (list = []));
    list.push({
      source: o.source,
      purpose: o.purpose,
      table: o.table_name,
      outcome: o.outcome,
      received: opt(o.received),
      stored: opt(o.stored),
      batchId: opt(o.batch_id),
      detail: opt(o.detail),
    });
  }
  const seen = new Set<string>();
  return rows.flatMap((r): StoredRun[] => {
    if (seen.has(r.id)) return [];
    seen.add(r.id);
    return [
      {
        id: r.id,
        startedAt: date(r.started_at),
        beatAt: date(r.beat_at),
        finishedAt: r.finished_at === null ? undefined : date(r.finished_at),
        startedBy: r.started_by,
        origin: r.origin,
        sources: r.sources,
        skipped: r.skipped,
        state: r.state,
        failureReason: opt(r.failure_reason),
        failureSource: opt(r.failure_source),
        message: opt(r.message),
        outcomes: byRun.get(r.id) ?? [],
      },
    ];
  });
}

/**
 * Per purpose (`strategy: indicator`), the newest outcome of computing it in a finished run, with when that run
 * started.
 */
export async function newestComputedOutcomes(
  db: Db,
  purposes: readonly string[],
): Promise<ReadonlyMap<string, RunOutcomeRow & { readonly at: Date }>> {
  if (purposes.length === 0) return new Map();
  const r = await sql<{
    purpose: string;
    table_name: string;
    outcome: RunOutcomeKind;
    received: number | null;
    stored: number | null;
    batch_id: string | null;
    detail: string | null;
    started_at: Date | string;
  }>`
    select distinct on (o.purpose) o.purpose, o.table_name, o.outcome, o.received, o.stored,
      o.batch_id::text as batch_id, o.detail, r.started_at
    from refresh_run_outcome o join refresh_run r on r.id = o.run_id
    where o.source = 'derived' and o.purpose = any(${[...purposes]}::text[])
    order by o.purpose, r.started_at desc, r.id desc`.execute(db);
  return new Map(
    r.rows.map((o) => [
      o.purpose,
      {
        source: 'derived' as const,
        purpose: o.purpose,
        table: o.table_name,
        outcome: o.outcome,
        received: opt(o.received),
        stored: opt(o.stored),
        batchId: opt(o.batch_id),
        detail: opt(o.detail),
        at: date(o.started_at),
      },
    ]),
  );
}
