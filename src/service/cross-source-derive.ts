// Indicators computed across sources (`source.combine`): after a refresh, each such indicator is computed from
// the current figures of the answers it names — Jobindsats' tables over FOLK1E's population, or an exam cube — and
// stored as its own series, one batch whose provenance names both sources, their import batches and the period
// rule. Only measured figures are read (never illustrative ones). The same answers twice store nothing new.
import {
  deriveCountsOverPopulation,
  deriveEducationShares,
  type CrossDerived,
  type CubeCell,
  type Provenance,
  type SourceCell,
  type SourceKind,
  type TableCell,
} from '../domain/observation/index.ts';
import type { Combine, Indicator, StrategyDefinition } from '../domain/strategy/index.ts';
import { JOBINDSATS_LICENCE, UDDANNELSESSTATISTIK_LICENCE } from './connector-refresh.ts';
import { currentObservations, findBatches, importObservations, type ImportOutcome } from './observations.ts';
import { STATBANK_LICENCE } from './statbank-file.ts';
import type { WriteContext } from './write-gate.ts';

/** The measure column's dimension in stored Jobindsats figures (`MEASURE_DIMENSION` of the connector). */
const MEASURE = 'MÅL';

export interface CrossSourceResult {
  readonly strategy: string;
  readonly indicator: string;
  readonly title: string;
  /** The answers read, e.g. "Y01A02+Y36A02 / FOLK1E". */
  readonly tables: string;
  /** Undefined when nothing could be computed (see `skipped`). */
  readonly outcome: ImportOutcome | undefined;
  readonly skipped: CrossDerived['skipped'];
  readonly skippedCount: number;
  /** Values of the answers the derivation could not place, each named once. */
  readonly unknown: readonly string[];
}

/** The series a derivation reads, upper case: its Jobindsats tables and StatBank table, or its cube. */
export function combineSeries(combine: Combine): readonly string[] {
  return combine.kind === 'counts-over-population'
    ? [
        ...combine.numerator.jobindsats.map((t) => t.toUpperCase()),
        ...(combine.denominator?.statbank ? [combine.denominator.statbank.table.toUpperCase()] : []),
      ]
    : [combine.cube.toUpperCase()];
}

/** The period rule in words, for provenance and the command line. */
const RULE_TEXT = {
  'quarter-mean-of-months': "a quarter's figure is the mean of its three months",
  'quarter-middle-month': "a quarter's figure is its middle month's",
} as const;

/**
 * Computes and stores every cross-source indicator of the definitions that reads one of `series` (all of them
 * when absent), each in a transaction of its own.
 */
export async function deriveCrossSourceIndicators(
  ctx: WriteContext,
  definitions: readonly StrategyDefinition[],
  series?: readonly string[],
): Promise<readonly CrossSourceResult[]> {
  const wanted = series ? new Set(series.map((s) => s.toUpperCase())) : undefined;
  const results: CrossSourceResult[] = [];
  for (const definition of definitions)
    for (const indicator of definition.areas.flatMap((a) => a.indicators)) {
      const combine = indicator.source.combine;
      if (!combine) continue;
      const reads = combineSeries(combine);
      if (wanted && !reads.some((s) => wanted.has(s))) continue;
      results.push(await deriveOne(ctx, definition, indicator, combine));
    }
  return results;
}

async function measured(ctx: WriteContext, series: string, areas?: readonly string[]) {
  const rows = await currentObservations(ctx.database, { series, ...(areas ? { areas } : {}) });
  return rows.filter((r) => !r.illustrative);
}

async function deriveOne(
  ctx: WriteContext,
  definition: StrategyDefinition,
  indicator: Indicator,
  combine: Combine,
): Promise<CrossSourceResult> {
  let derived: CrossDerived;
  let batchIds: string[];
  let provenance: Omit<Provenance, 'retrievedAt'>;
  let tables: string;
  if (combine.kind === 'counts-over-population') {
    const numeratorTables = combine.numerator.jobindsats.map((t) => t.toUpperCase());
    const numerator: (SourceCell & { batchId: string })[] = [];
    for (const table of numeratorTables)
      for (const r of await measured(ctx, table))
        if (r.dims[MEASURE] === combine.numerator.measure) numerator.push(r);
    const populationTable = combine.denominator?.statbank?.table.toUpperCase() ?? '';
    const areas = [...new Set(numerator.map((c) => c.area))];
    const denominator: (TableCell & { batchId: string })[] =
      areas.length > 0 && populationTable ? await measured(ctx, populationTable, areas) : [];
    derived = deriveCountsOverPopulation(indicator, combine, numerator, denominator);
    tables = `${numeratorTables.join('+')} / ${populationTable}`;
    const numBatches = ids(numerator);
    const denBatches = ids(denominator);
    batchIds = [...new Set([...numBatches, ...denBatches])].sort(byNumber);
    provenance = {
      source: 'jobindsats' satisfies SourceKind,
      table: tables,
      query:
        `computed from Jobindsats ${numeratorTables.join(', ')} ("${combine.numerator.measure}", import batches ${numBatches.join(', ') || 'none'}) ` +
        `over Danmarks Statistik ${populationTable} (import batches ${denBatches.join(', ') || 'none'}); period rule ${combine.periods}: ` +
        `${RULE_TEXT[combine.periods]}, over ${populationTable} in the same quarter; as ${JSON.stringify(combine)}`,
      licence: `${JOBINDSATS_LICENCE}; ${STATBANK_LICENCE}`,
    };
  } else {
    const cube = combine.cube.toUpperCase();
    const cells: (CubeCell & { batchId: string })[] = await measured(ctx, cube);
    derived = deriveEducationShares(indicator, combine, cells);
    tables = cube;
    batchIds = ids(cells).sort(byNumber);
    provenance = {
      source: 'uddannelsesstatistik' satisfies SourceKind,
      table: cube,
      query: `computed from ${cube} (import batches ${batchIds.join(', ') || 'none'}): the share with at least 2 per school year (2022/2023 as 2023), weighed by the number of pupils where the cube gives it; as ${JSON.stringify(combine)}`,
      licence: UDDANNELSESSTATISTIK_LICENCE,
    };
  }
  const base = {
    strategy: definition.id,
    indicator: indicator.id,
    title: indicator.title,
    tables,
    skipped: derived.skipped,
    skippedCount: derived.skippedCount,
    unknown: derived.unknown,
  };
  if (derived.observations.length === 0) return { ...base, outcome: undefined };
  const batches = await findBatches(ctx.database, batchIds);
  // The figures are as recent as the newest figure they were computed from.
  const retrievedAt = new Date(Math.max(...batches.map((b) => b.provenance.retrievedAt.getTime())));
  const outcome = await importObservations(
    ctx,
    { ...provenance, retrievedAt, note: `${definition.id}: ${indicator.id}` },
    derived.observations.map((observation, i) => ({ line: i + 1, observation })),
    { series: [indicator.id] },
  );
  return { ...base, outcome };
}

function ids(rows: readonly { batchId: string }[]): string[] {
  return [...new Set(rows.map((r) => r.batchId))].sort(byNumber);
}

function byNumber(a: string, b: string): number {
  return Number(a) - Number(b);
}

/** One line per indicator, for the command line: what was stored, what was not computed, what was not known. */
export function describeCrossSource(r: CrossSourceResult): string {
  const what =
    r.outcome === undefined
      ? 'no figures'
      : `${r.outcome.received} figures, ${r.outcome.stored} new or revised${r.outcome.batchId ? ` (import batch ${r.outcome.batchId})` : ''}`;
  const first = r.skipped[0];
  const skipped =
    r.skippedCount > 0 && first
      ? `; ${r.skippedCount} not computed, e.g. ${[first.area, first.period].filter(Boolean).join(' ')}${first.area ? ': ' : ''}${first.reason}`
      : '';
  const unknown = r.unknown.length > 0 ? `; not counted, not known: ${r.unknown.slice(0, 5).join(', ')}` : '';
  return `${r.indicator} computed from ${r.tables}: ${what}${skipped}${unknown}`;
}
