// Importing observations, all or nothing: validated rows are compared with the current vintage; only changed
// figures are stored, as a new vintage under one batch with its provenance. The same rows twice store nothing.
import {
  areaCodePattern,
  isUnstorableText,
  observationProblem,
  periodCodePattern,
  unstorableMessage,
  type Observation,
  type Provenance,
} from '../domain/observation/index.ts';
import * as store from '../store/observation-store.ts';
import type { Database } from '../store/database.ts';
import { InvalidInputError } from './errors.ts';
import { loadingGeneration } from './loading-state.ts';
import { write, writeGeneration, type WriteContext } from './write-gate.ts';

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
  | {
      readonly line: number;
      readonly observation: Observation;
      /**
       * The reader has applied the model's rule (`observationProblem`) to this row already, as the StatBank
       * converters do for every observation they give: the import does not test it again.
       */
      readonly checked?: true;
    }
  | { readonly line: number; readonly rejected: string };

export interface ImportOptions {
  /**
   * The series every row belongs to, when the source says so before its first row (a StatBank table): a row of
   * another series is refused, and series the database has never seen are written without comparing.
   */
  readonly series?: readonly string[];
  /** Figures gathered before their segments are written (default 250,000); smaller in tests of the windows. */
  readonly segmentWindow?: number;
}

/**
 * A chunk of observations the reader has checked against the model's rule (as `checked` items are), with the
 * line each came from: a reader of millions of rows gives these without an item object a row.
 */
export interface CheckedObservations {
  readonly checked: readonly Observation[];
  readonly lines: readonly number[];
}

type ImportEntry = ImportItem | readonly ImportItem[] | CheckedObservations;

/**
 * The items of an import, one at a time, in arrays or as checked chunks: a reader of millions of rows hands them
 * over a chunk at a time, since a step of an async iteration per row costs more than the row.
 */
export type ImportItems = Iterable<ImportEntry> | AsyncIterable<ImportEntry>;

const MAX_REPORTED_REJECTIONS = 1_000;

/**
 * Stores a batch, all or nothing. Rows stream into a staging table inside one transaction; any refused row
 * rolls the whole import back and the error lists every reason (the first thousand). Rows equal to the
 * current vintage are not stored again, so the same file twice imports nothing new.
 */
export async function importObservations(
  ctx: WriteContext,
  provenance: Provenance,
  items: ImportItems,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  return write<ImportOutcome>(ctx, 'observations.import', async (trx, at) => {
    const rejected: RejectedLine[] = [];
    let rejectedCount = 0;
    let received = 0;
    let illustrative: boolean | undefined;
    let mixed = false;
    const declared = options.series ? new Set(options.series) : undefined;
    const known = declared && declared.size > 0 ? await store.anySeriesKnown(trx, [...declared]) : undefined;
    // Series the database has never seen: every figure is new, so the segments go straight to their table.
    const direct =
      known === false
        ? {
            batchId: await store.beginBatch(trx, { provenance, importedAt: at, importedBy: ctx.actor.id }),
            recordedAt: at,
          }
        : undefined;
    // Series it holds: each window's figures are compared with the stored ones as soon as they are staged.
    const staging = await store.openStaging(ctx.database, trx, direct, options.segmentWindow, {
      compareEachWindow: known === true,
    });
    let staged: store.StagedRows;
    try {
      const take = (item: ImportItem): boolean => {
        received++;
        const observation = 'rejected' in item ? undefined : item.observation;
        const reason =
          observation === undefined
            ? (item as { rejected: string }).rejected
            : declared && !declared.has(observation.series)
              ? `series ${JSON.stringify(observation.series)} is not one this import declared (${[...declared].join(', ')})`
              : (item as { checked?: true }).checked
                ? undefined
                : refusal(observation);
        if (observation === undefined || reason !== undefined) {
          rejectedCount++;
          if (rejected.length < MAX_REPORTED_REJECTIONS)
            rejected.push({ line: item.line, reason: reason ?? '' });
          return false;
        }
        if (illustrative === undefined) illustrative = observation.illustrative;
        else if (illustrative !== observation.illustrative) mixed = true;
        // After the first refusal the rows are only read on, to report every refused line.
        return rejectedCount === 0 && staging.add(observation);
      };
      // A checked observation: only the import's own rules (declared series, one kind of figure) are applied.
      let lastSeries: string | undefined;
      const takeChecked = (observation: Observation, line: number): boolean => {
        received++;
        if (observation.series !== lastSeries) {
          if (declared && !declared.has(observation.series)) {
            rejectedCount++;
            if (rejected.length < MAX_REPORTED_REJECTIONS)
              rejected.push({
                line,
                reason: `series ${JSON.stringify(observation.series)} is not one this import declared (${[...declared].join(', ')})`,
              });
            return false;
          }
          lastSeries = observation.series;
        }
        if (illustrative === undefined) illustrative = observation.illustrative;
        else if (illustrative !== observation.illustrative) mixed = true;
        return rejectedCount === 0 && staging.add(observation);
      };
      for await (const entry of items) {
        if (isItemArray(entry)) {
          for (let k = 0; k < entry.length; k++) if (take(entry[k] as ImportItem)) await staging.flush();
        } else if ('checked' in entry && Array.isArray(entry.checked)) {
          const { checked, lines } = entry as CheckedObservations;
          for (let k = 0; k < checked.length; k++)
            if (takeChecked(checked[k] as Observation, lines[k] ?? 0)) await staging.flush();
        } else if (take(entry as ImportItem)) await staging.flush();
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
      staged = await staging.finish();
    } catch (e) {
      // A slice may still be on its way; the transaction is rolled back only after it has arrived.
      await staging.settle();
      throw e;
    }
    const twice = await store.duplicateStagedKeys(trx, staged);
    if (twice.length > 0)
      throw new InvalidInputError(
        'the import gives the same figure more than once, so which one holds cannot be known; nothing was imported',
        twice.map(
          (d) =>
            `${d.series}, area ${d.area}, period ${d.period}${d.dims ? `, ${d.dims}` : ''}: given ${d.count} times`,
        ),
      );
    const changes = await store.dropUnchangedStaged(trx, staged);
    const changed = changes.rows;
    if (direct)
      // Every row was new, so there is no "unchanged" outcome; the file's hash is known now it has been read.
      await store.completeBatch(trx, direct.batchId, {
        sha256: provenance.sha256,
        illustrative: illustrative ?? false,
        received,
        stored: changed,
      });
    else if (changed === 0)
      return { result: { status: 'unchanged', received, stored: 0, unchanged: received } };
    const batchId =
      direct?.batchId ??
      (await store.insertBatch(trx, {
        provenance,
        importedAt: at,
        importedBy: ctx.actor.id,
        illustrative: illustrative ?? false,
        received,
        stored: changed,
      }));
    const stored = await store.insertStaged(trx, batchId, at, staged, changes);
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

function isItemArray(x: ImportEntry): x is readonly ImportItem[] {
  return Array.isArray(x);
}

/**
 * Why an observation is refused, or undefined when it is valid. The schema is the rule; `plainlyValid` is a
 * quick check that accepts only what the schema accepts, so the schema runs only for rows it is not sure of
 * (on a million-row file, running it for every row costs more than storing them). Text the database cannot
 * store is refused here too: NUL, and unpaired UTF-16 surrogates, which have no UTF-8 form.
 */
function refusal(o: Observation): string | undefined {
  return plainlyValid(o) ? storableText(o) : observationProblem(o);
}

const OBSERVATION_KEYS = new Set([
  'series',
  'area',
  'period',
  'dims',
  'value',
  'numerator',
  'denominator',
  'unit',
  'status',
  'illustrative',
]);
const MISSING_REASONS = new Set(['confidential', 'not-available', 'not-applicable']);

const lastGood: { area?: string; period?: string } = {};

/** The rules of `observationSchema`, checked without building a parsed copy; false means "ask the schema". */
function plainlyValid(o: Observation): boolean {
  if (typeof o !== 'object' || o === null || Object.getPrototypeOf(o) !== Object.prototype) return false;
  // Own names only, each known, and all eight that are required among them (Object.keys costs a row a third of
  // what a for-in with hasOwn does).
  const names = Object.keys(o);
  let required = 0;
  for (let i = 0; i < names.length; i++) {
    const k = names[i] as string;
    if (!OBSERVATION_KEYS.has(k)) return false;
    if (k !== 'numerator' && k !== 'denominator') required++;
  }
  if (required !== 8) return false;
  const { series, area, period, dims, value, numerator, denominator, unit, status, illustrative } = o;
  if (typeof series !== 'string' || series.length < 1 || series.length > 100) return false;
  if (typeof area !== 'string' || typeof period !== 'string') return false;
  // Rows come in runs of one area and one period: the last codes that passed need no second test.
  if (area !== lastGood.area) {
    if (!areaCodePattern.test(area)) return false;
    lastGood.area = area;
  }
  if (period !== lastGood.period) {
    if (!periodCodePattern.test(period)) return false;
    lastGood.period = period;
  }
  if (typeof unit !== 'string' || unit.length < 1 || unit.length > 40) return false;
  if (status !== 'final' && status !== 'provisional') return false;
  if (typeof illustrative !== 'boolean') return false;
  if (!countOrAbsent(numerator) || !countOrAbsent(denominator)) return false;
  if (typeof dims !== 'object' || dims === null || Object.getPrototypeOf(dims) !== Object.prototype)
    return false;
  if (!goodDims.has(dims))
    for (const k in dims) {
      if (!Object.hasOwn(dims, k) || k.length < 1 || k.length > 60) return false;
      const code: unknown = dims[k];
      if (typeof code !== 'string' || code.length > 100) return false;
    }
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return false;
  if (value.kind === 'number') return Object.keys(value).length === 2 && Number.isFinite(value.value);
  if (value.kind === 'missing')
    return (
      Object.keys(value).length === 3 &&
      MISSING_REASONS.has(value.reason) &&
      typeof value.marker === 'string' &&
      value.marker.length <= 10
    );
  return false;
}

function countOrAbsent(x: unknown): boolean {
  return x === undefined || (typeof x === 'number' && Number.isFinite(x) && x >= 0);
}

/**
 * Frozen dimension sets already found valid and storable: a reader that hands out one frozen object per set (the
 * StatBank reader does) has each set checked once, not once per row. Only frozen ones, as they cannot change.
 */
const goodDims = new WeakSet<object>();

/** `unstorableField`, with each frozen dimension set looked at once. */
function storableText(o: Observation): string | undefined {
  if (isUnstorableText(o.series)) return unstorableMessage('series');
  if (isUnstorableText(o.unit)) return unstorableMessage('unit');
  if (o.value.kind === 'missing' && isUnstorableText(o.value.marker))
    return unstorableMessage('value.marker');
  const dims = o.dims;
  if (goodDims.has(dims)) return undefined;
  for (const k in dims)
    if (isUnstorableText(k) || isUnstorableText(dims[k] as string)) return unstorableMessage(`dims.${k}`);
  if (Object.isFrozen(dims)) goodDims.add(dims);
  return undefined;
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

/**
 * A value that changes whenever anything a page shows may have changed: the import batches and strategy
 * versions (from any process) and every write this process has committed. Pages kept for the public are keyed
 * by it.
 */
export async function contentGeneration(database: Database): Promise<string> {
  // The end of a background load counts as a write: a page kept while figures were loading says so.
  const writes = `${writeGeneration()}:${loadingGeneration(database)}`;
  const now = Date.now();
  const last = lastGeneration.get(database);
  // This process's own writes count at once; another process's imports or loads within a second.
  if (last && last.writes === writes && now - last.at < 1000) return last.value;
  const value = `${await store.dataGeneration(database.db)}:${writes}`;
  lastGeneration.set(database, { writes, at: now, value });
  return value;
}

const lastGeneration = new WeakMap<Database, { writes: string; at: number; value: string }>();
