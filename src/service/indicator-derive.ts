// Indicators computed from the StatBank tables they read: after a refresh or an import of a table, every loaded
// indicator whose definition says how (`source.derive`) is computed from the table's current figures and stored
// as its own series, a batch naming the table, the derivation and the table's batches. The same figures twice
// store nothing new; a revised table figure gives revised indicator figures.
import {
  absentCodes,
  derivationReads,
  deriveShares,
  resolveDerivationCodes,
  type Derived,
  type DerivedIndicator,
} from '../domain/observation/index.ts';
import type { Derivation, StrategyDefinition } from '../domain/strategy/index.ts';
import { currentTableCells, seriesAreas, seriesDimensionSets } from '../store/table-cells.ts';
import { findBatches, importObservations, type ImportOutcome } from './observations.ts';
import { STATBANK_LICENCE } from './statbank-file.ts';
import { getStrategy, listStrategies } from './strategies.ts';
import type { WriteContext } from './write-gate.ts';

export interface DerivationResult {
  readonly strategy: string;
  readonly indicator: string;
  /** The indicator's title, as its pages show it. */
  readonly title: string;
  readonly table: string;
  /** Undefined when the table gave no figure for the indicator (see `skipped`). */
  readonly outcome: ImportOutcome | undefined;
  /** What could not be computed, and why (the first hundred), and how much. */
  readonly skipped: readonly { readonly area: string; readonly period: string; readonly reason: string }[];
  readonly skippedCount: number;
  /**
   * How the table's codes were met: a code found under another spelling (leading zeros), the origin variable's
   * total as the table writes it, codes not read.
   */
  readonly codeNotes: readonly string[];
}

/**
 * Computes and stores every indicator of the definitions that is derived from one of `tables` (every derived
 * indicator when absent), each in a transaction of its own.
 */
export async function deriveIndicators(
  ctx: WriteContext,
  definitions: readonly StrategyDefinition[],
  tables?: readonly string[],
): Promise<readonly DerivationResult[]> {
  const wanted = tables ? new Set(tables.map((t) => t.toUpperCase())) : undefined;
  const results: DerivationResult[] = [];
  for (const definition of definitions)
    for (const indicator of definition.areas.flatMap((a) => a.indicators)) {
      const derive = indicator.source.derive;
      const query = indicator.source.statbank;
      if (!derive || !query) continue;
      const table = query.table.toUpperCase();
      if (wanted && !wanted.has(table)) continue;
      // The table's codes first: the derivation is matched to the table's spelling of them, and only the cells
      // of the code sets it reads are read.
      const sets = await seriesDimensionSets(ctx.database.db, table);
      const codes = new Map<string, Set<string>>();
      for (const { dims } of sets)
        for (const variable in dims) {
          let set = codes.get(variable);
          if (!set) codes.set(variable, (set = new Set()));
          set.add(dims[variable] as string);
        }
      const resolved = resolveDerivationCodes(derive, codes);
      const keys = sets.filter((s) => derivationReads(resolved.derivation, s.dims)).map((s) => s.key);
      const derived = await deriveByAreas(ctx, table, keys, codes, indicator, resolved.derivation);
      const rows = derived.cells;
      const base = {
        strategy: definition.id,
        indicator: indicator.id,
        title: indicator.title,
        table,
        skipped: derived.skipped,
        skippedCount: derived.skippedCount,
        codeNotes: resolved.notes,
      };
      if (derived.observations.length === 0) {
        results.push({ ...base, outcome: undefined });
        continue;
      }
      const batchIds = [...rows.batchIds].sort((a, b) => Number(a) - Number(b));
      const batches = await findBatches(ctx.database, batchIds);
      // The figures are as recent as the newest table figure they were computed from.
      const retrievedAt = new Date(Math.max(...batches.map((b) => b.provenance.retrievedAt.getTime())));
      const outcome = await importObservations(
        ctx,
        {
          source: 'statbank',
          table,
          query: `computed from ${table} (import batches ${batchIds.join(', ')}) as ${JSON.stringify(derive)}${resolved.notes.length > 0 ? `; ${resolved.notes.join('; ')}` : ''}`,
          retrievedAt,
          licence: STATBANK_LICENCE,
          note: `${definition.id}: ${indicator.id}`,
        },
        derived.observations.map((observation, i) => ({ line: i + 1, observation })),
        { series: [indicator.id] },
      );
      results.push({ ...base, outcome });
    }
  return results;
}

/** Areas whose cells are read and computed at a time: a table of every municipality is not held at once. */
const AREAS_AT_A_TIME = 16;

/**
 * The derivation computed a few areas at a time (its figures are each of one area): the table's codes are checked
 * once for the whole table, then each group of areas' cells is read and computed. Gives the batches the cells came
 * from, for the provenance.
 */
async function deriveByAreas(
  ctx: WriteContext,
  table: string,
  keys: readonly string[],
  codes: ReadonlyMap<string, ReadonlySet<string>>,
  indicator: DerivedIndicator,
  derivation: Derivation,
): Promise<Derived & { readonly cells: { readonly batchIds: ReadonlySet<string> } }> {
  const absent = absentCodes(derivation, codes);
  const batchIds = new Set<string>();
  if (absent.length > 0)
    return {
      observations: [],
      skipped: [{ area: '', period: '', reason: `the table has no cells for ${absent.join(', ')}` }],
      skippedCount: 1,
      cells: { batchIds },
    };
  const areas = await seriesAreas(ctx.database.db, table);
  const observations: Derived['observations'][number][] = [];
  const skipped: Derived['skipped'][number][] = [];
  let skippedCount = 0;
  for (let at = 0; at < areas.length; at += AREAS_AT_A_TIME) {
    const cells = await currentTableCells(
      ctx.database.db,
      table,
      keys,
      areas.slice(at, at + AREAS_AT_A_TIME),
    );
    for (const c of cells) batchIds.add(c.batchId);
    const d = deriveShares(indicator, derivation, cells, { codesChecked: true });
    observations.push(...d.observations);
    skipped.push(...d.skipped.slice(0, Math.max(0, 100 - skipped.length)));
    skippedCount += d.skippedCount;
  }
  return { observations, skipped, skippedCount, cells: { batchIds } };
}

/** `deriveIndicators` over every strategy loaded in the database. */
export async function deriveLoadedIndicators(
  ctx: WriteContext,
  tables?: readonly string[],
): Promise<readonly DerivationResult[]> {
  const strategies = await Promise.all(
    (await listStrategies(ctx.database)).map((s) => getStrategy(ctx.database, s.strategyId)),
  );
  return deriveIndicators(
    ctx,
    strategies.flatMap((s) => (s ? [s.definition] : [])),
    tables,
  );
}

/** One line per derived indicator, for the command line. */
export function describeDerivation(r: DerivationResult): string {
  const what =
    r.outcome === undefined
      ? 'no figures'
      : `${r.outcome.received} figures, ${r.outcome.stored} new or revised${r.outcome.batchId ? ` (import batch ${r.outcome.batchId})` : ''}`;
  const skipped =
    r.skippedCount > 0
      ? `; ${r.skippedCount} not computed, e.g. ${[r.skipped[0]?.area, r.skipped[0]?.period].filter(Boolean).join(' ')}${r.skipped[0]?.area ? ': ' : ''}${r.skipped[0]?.reason}`
      : '';
  const codes = r.codeNotes.length > 0 ? `; codes: ${r.codeNotes.join('; ')}` : '';
  return `${r.indicator} computed from ${r.table}: ${what}${skipped}${codes}`;
}
