// Refreshing from the two keyed connectors — Jobindsats (STAR) and the education ministry's statistics API — as
// `refresh.ts` does from StatBank: every declared query is fetched and converted before anything is stored, so a
// refresh that cannot reach an API, has its key refused or meets an answer it cannot read changes nothing. Each
// query is stored as its own batch with the exact request, the SHA-256 of what was received and the licence;
// figures the source has revised since the last refresh become new vintages, unchanged ones are not stored again.
import { createHash } from 'node:crypto';
import { observationSchema, type Observation, type SourceKind } from '../domain/observation/index.ts';
import type {
  DeclaredJobindsatsQuery,
  DeclaredUddannelsesstatistikQuery,
  StrategyDefinition,
} from '../domain/strategy/index.ts';
import { loadAreas } from '../sources/areas/index.ts';
import {
  jobindsatsObservations,
  readJobindsatsAnswer,
  type AreaLookup,
  type JobindsatsClient,
  type JobindsatsQuery,
  type JobindsatsRequest,
} from '../sources/jobindsats/index.ts';
import {
  breakdownsOf,
  cubeOf,
  measuresOf,
  readUddannelsesstatistikPages,
  uddannelsesstatistikObservations,
  type UddannelsesstatistikClient,
  type UddannelsesstatistikPage,
  type UddannelsesstatistikQuery,
} from '../sources/uddannelsesstatistik/index.ts';
import { InvalidInputError } from './errors.ts';
import { importObservations, ImportRefusedError, type RejectedLine } from './observations.ts';
import type { RefreshProgress, RefreshResult } from './refresh.ts';
import type { WriteContext } from './write-gate.ts';

export type { RefreshProgress, RefreshResult } from './refresh.ts';
export type { AreaLookup } from '../sources/jobindsats/index.ts';

/**
 * STAR publishes Jobindsats' figures as open data and asks that the source be named; the wording of its terms
 * is kept on jobindsats.dk and is not repeated here.
 */
export const JOBINDSATS_LICENCE =
  'Offentlige data efter STARs vilkår for Jobindsats — Kilde: Jobindsats.dk, Styrelsen for Arbejdsmarked og Rekruttering (STAR)';

/** The ministry's terms of use for the API's figures are not restated here; the source is named as it asks. */
export const UDDANNELSESSTATISTIK_LICENCE =
  'Efter Børne- og Undervisningsministeriets vilkår for uddannelsesstatistik.dk — Kilde: Børne- og Undervisningsministeriet, uddannelsesstatistik.dk';

export interface JobindsatsRefreshQuery {
  /** What the query is for: an indicator id with the strategy it came from. */
  readonly purpose: string;
  readonly query: JobindsatsQuery;
}

export interface UddannelsesstatistikRefreshQuery {
  readonly purpose: string;
  readonly query: UddannelsesstatistikQuery;
}

export interface ConnectorRefreshOptions {
  /** Area names → DST codes; the bundled area registry unless given. */
  readonly areas?: AreaLookup;
  readonly onProgress?: (p: RefreshProgress) => void;
  /** Told of each query as soon as it is stored. */
  readonly onResult?: (r: RefreshResult) => void;
}

/** One fetched and converted query, ready to store. */
interface Prepared {
  readonly purpose: string;
  readonly table: string;
  readonly query: string;
  readonly sha256: string;
  readonly retrievedAt: Date;
  readonly note: string;
  readonly observations: readonly Observation[];
}

/**
 * A refresh whose every query has been fetched, read and checked: storing is all that is left, so a caller that
 * refreshes from several sources can fetch them all before it stores any.
 */
export interface PreparedRefresh {
  readonly source: SourceKind;
  /** Stores each query as its own batch, reporting progress in the `store` phase. */
  store(): Promise<readonly RefreshResult[]>;
}

/** The Jobindsats queries the given strategies declare, each distinct query once. */
export function jobindsatsRefreshQueries(
  definitions: readonly StrategyDefinition[],
): readonly JobindsatsRefreshQuery[] {
  return declared(definitions, (s) => s.jobindsats, toJobindsatsQuery);
}

/** The education statistics queries the given strategies declare, each distinct query once. */
export function uddannelsesstatistikRefreshQueries(
  definitions: readonly StrategyDefinition[],
): readonly UddannelsesstatistikRefreshQuery[] {
  return declared(definitions, (s) => s.uddannelsesstatistik, toUddannelsesstatistikQuery);
}

// The definition format lives in the domain, which may not import the connectors: these two mappings are where the
// compiler checks that a declared query is one the connector can send. The note is for readers, not the API.
function toJobindsatsQuery({ note: _note, ...query }: DeclaredJobindsatsQuery): JobindsatsQuery {
  return query;
}
function toUddannelsesstatistikQuery({
  note: _note,
  ...query
}: DeclaredUddannelsesstatistikQuery): UddannelsesstatistikQuery {
  return query;
}

type IndicatorSource = StrategyDefinition['areas'][number]['indicators'][number]['source'];

function declared<D, Q>(
  definitions: readonly StrategyDefinition[],
  pick: (source: IndicatorSource) => readonly D[] | undefined,
  toQuery: (d: D) => Q,
): readonly { purpose: string; query: Q }[] {
  const seen = new Map<string, { purpose: string; query: Q }>();
  for (const d of definitions)
    for (const a of d.areas)
      for (const i of a.indicators)
        for (const q of pick(i.source) ?? []) {
          const query = toQuery(q);
          const key = JSON.stringify(query);
          if (!seen.has(key)) seen.set(key, { purpose: `${d.id}: ${i.id}`, query });
        }
  return [...seen.values()];
}

export async function refreshFromJobindsats(
  ctx: WriteContext,
  client: JobindsatsClient,
  queries: readonly JobindsatsRefreshQuery[],
  options: ConnectorRefreshOptions = {},
): Promise<readonly RefreshResult[]> {
  return (await prepareJobindsatsRefresh(ctx, client, queries, options)).store();
}

/** Fetches and reads every query; nothing is stored until `store()` of the result is called. */
export async function prepareJobindsatsRefresh(
  ctx: WriteContext,
  client: JobindsatsClient,
  queries: readonly JobindsatsRefreshQuery[],
  options: ConnectorRefreshOptions = {},
): Promise<PreparedRefresh> {
  const progress = options.onProgress ?? (() => undefined);
  const fetched: {
    q: JobindsatsRefreshQuery;
    request: JobindsatsRequest;
    body: Uint8Array;
    at: Date;
  }[] = [];
  for (const [i, q] of queries.entries()) {
    progress({ phase: 'fetch', done: i, total: queries.length, purpose: q.purpose });
    const { request, body } = await client.fetchData(q.query);
    fetched.push({ q, request, body, at: ctx.now() });
  }
  const areas = options.areas ?? (await loadAreas({ withProfiles: false }));
  const prepared = fetched.map((f): Prepared => ({
    purpose: f.q.purpose,
    table: f.q.query.table.toUpperCase(),
    query: `POST ${f.request.url} ${f.request.body ?? ''}`,
    sha256: sha256(f.body),
    retrievedAt: f.at,
    note: f.q.purpose,
    observations: jobindsatsObservations(readJobindsatsAnswer(f.body), f.q.query, areas),
  }));
  return checked(ctx, 'jobindsats', JOBINDSATS_LICENCE, prepared, progress, options.onResult);
}

export async function refreshFromUddannelsesstatistik(
  ctx: WriteContext,
  client: UddannelsesstatistikClient,
  queries: readonly UddannelsesstatistikRefreshQuery[],
  options: ConnectorRefreshOptions = {},
): Promise<readonly RefreshResult[]> {
  return (await prepareUddannelsesstatistikRefresh(ctx, client, queries, options)).store();
}

/** Fetches every page of every query and reads them; nothing is stored until `store()` of the result is called. */
export async function prepareUddannelsesstatistikRefresh(
  ctx: WriteContext,
  client: UddannelsesstatistikClient,
  queries: readonly UddannelsesstatistikRefreshQuery[],
  options: ConnectorRefreshOptions = {},
): Promise<PreparedRefresh> {
  const progress = options.onProgress ?? (() => undefined);
  const fetched: {
    q: UddannelsesstatistikRefreshQuery;
    pages: readonly UddannelsesstatistikPage[];
    at: Date;
  }[] = [];
  for (const [i, q] of queries.entries()) {
    progress({ phase: 'fetch', done: i, total: queries.length, purpose: q.purpose });
    const pages = await client.fetchAll(q.query);
    fetched.push({ q, pages, at: ctx.now() });
  }
  const areas = options.areas ?? (await loadAreas({ withProfiles: false }));
  const prepared = fetched.map((f): Prepared => {
    const bodies = f.pages.map((p) => p.body);
    const rows = readUddannelsesstatistikPages(bodies, [
      ...breakdownsOf(f.q.query),
      ...measuresOf(f.q.query),
    ]);
    const first = f.pages[0]?.request;
    return {
      purpose: f.q.purpose,
      table: cubeOf(f.q.query),
      // The pages differ only in `side`: the first page's request stands for all, with the pages named.
      query: `POST ${first?.url ?? ''} ${first?.body ?? ''} (pages side=1..${f.pages.length}; the last one empty)`,
      sha256: sha256(...bodies),
      retrievedAt: f.at,
      note: `${f.q.purpose}; SHA-256 over the bodies of pages 1–${f.pages.length} in order`,
      observations: uddannelsesstatistikObservations(rows, f.q.query, areas),
    };
  });
  return checked(
    ctx,
    'uddannelsesstatistik',
    UDDANNELSESSTATISTIK_LICENCE,
    prepared,
    progress,
    options.onResult,
  );
}

/**
 * Checks every query's rows before the first is stored — the same rule the import applies row by row — so that a
 * refusal in the last query does not leave the first ones stored.
 */
function checked(
  ctx: WriteContext,
  source: SourceKind,
  licence: string,
  prepared: readonly Prepared[],
  progress: (p: RefreshProgress) => void,
  onResult: (r: RefreshResult) => void = () => undefined,
): PreparedRefresh {
  const rejected: RejectedLine[] = [];
  for (const p of prepared) {
    if (p.observations.length === 0)
      throw new InvalidInputError(
        `${p.table} (${p.purpose}): the answer holds no figures; nothing was imported`,
      );
    p.observations.forEach((o, i) => {
      const r = observationSchema.safeParse(o);
      if (!r.success && rejected.length < 1_000)
        rejected.push({
          line: i + 1,
          reason: `${p.table}: ${r.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ')}`,
        });
    });
  }
  if (rejected.length > 0)
    throw new ImportRefusedError(`${rejected.length} figures were refused; nothing was imported`, rejected);
  return { source, store: () => store(ctx, source, licence, prepared, progress, onResult) };
}

async function store(
  ctx: WriteContext,
  source: SourceKind,
  licence: string,
  prepared: readonly Prepared[],
  progress: (p: RefreshProgress) => void,
  onResult: (r: RefreshResult) => void,
): Promise<readonly RefreshResult[]> {
  const results: RefreshResult[] = [];
  for (const [i, p] of prepared.entries()) {
    progress({ phase: 'store', done: i, total: prepared.length, purpose: p.purpose });
    const outcome = await importObservations(
      ctx,
      {
        source,
        table: p.table,
        query: p.query,
        sha256: p.sha256,
        retrievedAt: p.retrievedAt,
        licence,
        note: p.note,
      },
      p.observations.map((observation, n) => ({ line: n + 1, observation })),
    );
    const result: RefreshResult = { source, purpose: p.purpose, table: p.table, outcome };
    results.push(result);
    onResult(result);
  }
  progress({ phase: 'store', done: prepared.length, total: prepared.length, purpose: '' });
  return results;
}

function sha256(...parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}
