// `refresh`: runs every StatBank query the loaded strategies declare (the population by origin and each
// indicator DST can serve). All responses are fetched before anything is stored, so a refresh that cannot
// reach the API — or loses it halfway — changes nothing.
import type { StatbankQuery, StrategyDefinition } from '../domain/strategy/index.ts';
import type { StatbankClient } from '../sources/statbank/index.ts';
import { importObservations, type ImportOutcome } from './observations.ts';
import { jsonStatItems, STATBANK_LICENCE } from './statbank-file.ts';
import type { WriteContext } from './write-gate.ts';

export interface RefreshQuery {
  /** What the query is for: `population` or an indicator id, with the strategy it came from. */
  readonly purpose: string;
  readonly query: StatbankQuery;
}

/** Every query of the given strategies, each distinct query once. */
export function refreshQueries(definitions: readonly StrategyDefinition[]): readonly RefreshQuery[] {
  const seen = new Map<string, RefreshQuery>();
  const add = (purpose: string, query: StatbankQuery | undefined) => {
    if (!query) return;
    const key = JSON.stringify(query);
    if (!seen.has(key)) seen.set(key, { purpose, query });
  };
  for (const d of definitions) {
    add(`${d.id}: population`, d.targetGroup.populationQuery);
    for (const a of d.areas)
      for (const i of a.indicators) {
        add(`${d.id}: ${i.id}`, i.source.statbank);
        // The population a share computed across sources is of (FOLK1E aged 16-64 by origin).
        const combine = i.source.combine;
        if (combine?.kind === 'counts-over-population')
          add(`${d.id}: ${i.id} (denominator)`, combine.denominator?.statbank);
      }
  }
  return [...seen.values()];
}

export interface RefreshProgress {
  readonly phase: 'fetch' | 'store';
  readonly done: number;
  readonly total: number;
  readonly purpose: string;
}

export interface RefreshResult {
  readonly purpose: string;
  readonly table: string;
  readonly outcome: ImportOutcome;
}

export async function refreshFromStatbank(
  ctx: WriteContext,
  client: StatbankClient,
  queries: readonly RefreshQuery[],
  onProgress: (p: RefreshProgress) => void = () => undefined,
): Promise<readonly RefreshResult[]> {
  const fetched: { q: RefreshQuery; body: Uint8Array; request: { url: string; body: string }; at: Date }[] =
    [];
  for (const [i, q] of queries.entries()) {
    onProgress({ phase: 'fetch', done: i, total: queries.length, purpose: q.purpose });
    const { request, body } = await client.fetchData(q.query, 'JSONSTAT');
    fetched.push({ q, body, request, at: ctx.now() });
  }
  const results: RefreshResult[] = [];
  for (const [i, f] of fetched.entries()) {
    onProgress({ phase: 'store', done: i, total: fetched.length, purpose: f.q.purpose });
    const table = f.q.query.table.toUpperCase();
    const items = jsonStatItems(f.body, table, `${table} from ${client.baseUrl}`);
    const outcome = await importObservations(
      ctx,
      {
        source: 'statbank',
        table,
        query: `POST ${f.request.url} ${f.request.body}`,
        retrievedAt: f.at,
        licence: STATBANK_LICENCE,
        note: f.q.purpose,
      },
      items,
      { series: [table] },
    );
    results.push({ purpose: f.q.purpose, table, outcome });
  }
  onProgress({ phase: 'store', done: fetched.length, total: fetched.length, purpose: '' });
  return results;
}
