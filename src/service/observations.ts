// Importing observations, all or nothing: validated rows are compared with the current vintage; only changed
// figures are stored, as a new vintage under one batch with its provenance. The same rows twice store nothing.
import { observationSchema, type Observation, type Provenance } from '../domain/observation/index.ts';
import * as store from '../store/observation-store.ts';
import type { Database } from '../store/database.ts';
import { InvalidInputError } from './errors.ts';
import { write, type WriteContext } from './write-gate.ts';

export type { BatchRecord, StoredObservation, ObservationQuery } from '../store/observation-store.ts';

export interface RejectedLine {
  /** Line (or row) number in the source, 1-based; 0 when the problem is the whole file. */
  readonly line: number;
  readonly reason: string;
}

export interface ImportOutcome {
  readonly status: 'stored' | 'unchanged';
  readonly batchId?: string | undefined;
  readonly received: number;
  readonly stored: number;
  readonly unchanged: number;
}

/** One item of an import: an observation read from line `line`, or the reason that line was refused. */
export type ImportItem =
  | { readonly line: number; readonly observation: Observation }
  | { readonly line: number; readonly rejected: string };

/** Rows are staged in slices while they stream in, so a file of millions of rows never sits in memory. */
const STAGE_SLICE = 5_000;
const MAX_REPORTED_REJECTIONS = 1_000;

/**
 * Stores a batch, all or nothing. Rows stream into a staging table inside one transaction; any refused row
 * rolls the whole import back and the error lists every reason (the first thousand). Rows equal to the
 * current vintage are not stored again, so the same file twice imports nothing new.
 */
export async function importObservations(
  ctx: WriteContext,
  provenance: Provenance,
  items: Iterable<ImportItem> | AsyncIterable<ImportItem>,
): Promise<ImportOutcome> {
  return write<ImportOutcome>(ctx, 'observations.import', async (trx, at) => {
    const rejected: RejectedLine[] = [];
    let rejectedCount = 0;
    let received = 0;
    let illustrative: boolean | undefined;
    let mixed = false;
    let slice: Observation[] = [];
    let staged = false;
    const flush = async () => {
      if (slice.length === 0) return;
      await store.stageObservations(trx, slice, !staged);
      staged = true;
      slice = [];
    };
    for await (const item of items) {
      received++;
      if ('rejected' in item) {
        rejectedCount++;
        if (rejected.length < MAX_REPORTED_REJECTIONS)
          rejected.push({ line: item.line, reason: item.rejected });
        continue;
      }
      const r = observationSchema.safeParse(item.observation);
      if (!r.success) {
        rejectedCount++;
        if (rejected.length < MAX_REPORTED_REJECTIONS)
          rejected.push({
            line: item.line,
            reason: r.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; '),
          });
        continue;
      }
      if (illustrative === undefined) illustrative = item.observation.illustrative;
      else if (illustrative !== item.observation.illustrative) mixed = true;
      if (rejectedCount === 0) {
        slice.push(item.observation);
        if (slice.length >= STAGE_SLICE) await flush();
      }
    }
    if (rejectedCount > 0)
      throw new ImportRefusedError(
        `${rejectedCount} of ${received} rows were refused; nothing was imported`,
        rejected,
      );
    if (mixed)
      throw new InvalidInputError(
        'the import mixes illustrative and measured figures; import them separately',
      );
    if (received === 0) throw new InvalidInputError('the import holds no rows; nothing was imported');
    await flush();
    const changed = await store.countChangedStaged(trx);
    if (changed === 0) return { result: { status: 'unchanged', received, stored: 0, unchanged: received } };
    const batchId = await store.insertBatch(trx, {
      provenance,
      importedAt: at,
      importedBy: ctx.actor.id,
      illustrative: illustrative ?? false,
      received,
      stored: changed,
    });
    const stored = await store.insertChangedStaged(trx, batchId, at);
    return {
      result: { status: 'stored', batchId, received, stored, unchanged: received - stored },
      audit: {
        subjectType: 'import_batch',
        subjectId: batchId,
        after: {
          source: provenance.source,
          table: provenance.table,
          file: provenance.fileName,
          sha256: provenance.sha256,
          stored,
          received,
        },
      },
    };
  });
}

/** An import refused because of its rows: every rejected line with its reason. */
export class ImportRefusedError extends InvalidInputError {
  constructor(
    message: string,
    readonly rejected: readonly RejectedLine[],
  ) {
    super(
      message,
      rejected.map((r) => (r.line > 0 ? `line ${r.line}: ${r.reason}` : r.reason)),
    );
  }
}

export function currentObservations(database: Database, q: store.ObservationQuery) {
  return store.currentObservations(database.db, q);
}

export function listBatches(database: Database, limit?: number) {
  return store.listBatches(database.db, limit);
}

export function findBatches(database: Database, ids: readonly string[]) {
  return store.findBatches(database.db, ids);
}

export function vintagesOf(database: Database, key: Parameters<typeof store.vintagesOf>[1]) {
  return store.vintagesOf(database.db, key);
}

export function seriesExtent(database: Database, series: string) {
  return store.seriesExtent(database.db, series);
}
