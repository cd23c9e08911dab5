// Strategy use cases: validate a definition file, load it as a new version, list and read versions.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  allInterventions,
  diffDefinitions,
  formatDefinitionError,
  MAX_DEFINITION_BYTES,
  parseStrategyDefinition,
  readStoredDefinition,
  type Change,
  type DefinitionError,
  type StrategyDefinition,
} from '../domain/strategy/index.ts';
import type { Transaction } from 'kysely';
import type { Actor } from '../domain/access/index.ts';
import type { Database } from '../store/database.ts';
import type { Tables } from '../store/tables.ts';
import * as store from '../store/strategy-store.ts';
import { knownAreaCodes } from './areas.ts';
import { InvalidInputError } from './errors.ts';
import { seedInterventions } from './intervention-seed.ts';
import { write, type Change as GateChange, type WriteContext } from './write-gate.ts';

export type { StrategyVersionRow } from '../store/strategy-store.ts';

export interface StrategyVersion extends store.StrategyVersionRow {
  readonly definition: StrategyDefinition;
}

export type LoadOutcome =
  | { readonly status: 'created'; readonly version: store.StrategyVersionRow }
  | {
      readonly status: 'new-version';
      readonly version: store.StrategyVersionRow;
      readonly changes: readonly Change[];
    }
  | { readonly status: 'unchanged'; readonly version: store.StrategyVersionRow };

/** Reads and validates a definition file; refuses by size before reading so a huge file costs nothing. */
export async function readDefinitionFile(
  file: string,
): Promise<
  | { ok: true; definition: StrategyDefinition; contentHash: string }
  | { ok: false; errors: readonly DefinitionError[] }
> {
  const shown = displayPath(file);
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile())
      return { ok: false, errors: [{ file: shown, at: '(file)', message: 'not a regular file' }] };
    size = s.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(e);
    return { ok: false, errors: [{ file: shown, at: '(file)', message }] };
  }
  if (size > MAX_DEFINITION_BYTES) {
    // Let the parser phrase the refusal; give it a stand-in of the same size without reading the file.
    return parseStrategyDefinition(new Uint8Array(size), shown) as {
      ok: false;
      errors: readonly DefinitionError[];
    };
  }
  return parseDefinitionBytes(await readFile(file), shown);
}

/**
 * Validates a definition's bytes as `strategy validate` and `strategy load` do (the same parser, the DST area
 * registry), whether they were read from a file or uploaded; `file` names it in the errors.
 */
export async function parseDefinitionBytes(
  bytes: Uint8Array,
  file: string,
): Promise<
  | { ok: true; definition: StrategyDefinition; contentHash: string }
  | { ok: false; errors: readonly DefinitionError[] }
> {
  return parseStrategyDefinition(bytes, file, { areaCodes: await knownAreaCodes() });
}

/** Validates and stores a definition file as a new version; loading the same content again changes nothing. */
export async function loadDefinitionFile(ctx: WriteContext, file: string): Promise<LoadOutcome> {
  const parsed = await readDefinitionFile(file);
  if (!parsed.ok) {
    throw new InvalidInputError(
      `${displayPath(file)}: the definition was refused; nothing was stored`,
      parsed.errors.map(formatDefinitionError),
    );
  }
  return loadDefinition(ctx, parsed.definition, parsed.contentHash, displayPath(file));
}

export async function loadDefinition(
  ctx: WriteContext,
  definition: StrategyDefinition,
  contentHash: string,
  sourceFile: string,
): Promise<LoadOutcome> {
  return write<LoadOutcome>(ctx, 'strategy.load', (trx, at) =>
    storeDefinition(trx, at, ctx.actor, definition, contentHash, sourceFile),
  );
}

/**
 * Stores a validated definition as the strategy's next version inside the caller's transaction, seeding the
 * interventions of new bullets; the same content as the latest version stores nothing. The change with its
 * audit entries (action `strategy.load`), for a caller that writes more in the same transaction.
 */
export async function storeDefinition(
  trx: Transaction<Tables>,
  at: Date,
  actor: Actor,
  definition: StrategyDefinition,
  contentHash: string,
  sourceFile: string,
): Promise<GateChange<LoadOutcome>> {
  const previous = await store.findVersion(trx, definition.id);
  if (previous && previous.contentHash === contentHash) {
    const { definition: _stored, ...version } = previous;
    // A database from before interventions were kept gets them from the unchanged definition.
    const seeded = await seedInterventions(trx, definition, at, actor);
    return { result: { status: 'unchanged', version }, audit: seededAudit(definition.id, seeded) };
  }
  const version = await store.insertVersion(trx, {
    strategyId: definition.id,
    contentHash,
    formatVersion: definition.format,
    title: definition.title,
    definition,
    sourceFile,
    loadedAt: at,
    loadedBy: actor.id,
  });
  const seeded = await seedInterventions(trx, definition, at, actor);
  const audit = {
    subjectType: 'strategy',
    subjectId: definition.id,
    before: previous ? { version: previous.version, contentHash: previous.contentHash } : undefined,
    after: { version: version.version, contentHash, sourceFile },
    action: 'strategy.load',
  };
  // The load is the newest entry; the interventions it seeded come just before it.
  const audits = [...(seededAudit(definition.id, seeded) ?? []), audit];
  if (!previous) return { result: { status: 'created', version }, audit: audits };
  const changes = diffDefinitions(readDefinition(previous.definition), definition);
  return { result: { status: 'new-version', version, changes }, audit: audits };
}

function seededAudit(strategyId: string, seeded: readonly string[]) {
  if (seeded.length === 0) return undefined;
  return [
    {
      subjectType: 'strategy',
      subjectId: strategyId,
      action: 'intervention.seed',
      after: { interventions: seeded },
    },
  ];
}

export function listStrategies(database: Database): Promise<readonly store.StrategyVersionRow[]> {
  return store.listLatestVersions(database.db);
}

export function listStrategyVersions(
  database: Database,
  id: string,
): Promise<readonly store.StrategyVersionRow[]> {
  return store.listVersions(database.db, id);
}

export async function getStrategy(
  database: Database,
  id: string,
  version?: number,
): Promise<StrategyVersion | undefined> {
  const row = await store.findVersion(database.db, id, version);
  return row && { ...row, definition: parsedDefinition(row) };
}

// A stored version never changes, so its validated definition is kept instead of re-validated on every page.
const parsed = new Map<string, StrategyDefinition>();
const parsedMax = 64;

function parsedDefinition(
  row: store.StrategyVersionRow & { readonly definition: unknown },
): StrategyDefinition {
  const key = `${row.strategyId}\u0000${row.version}\u0000${row.contentHash}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  const definition = readDefinition(row.definition);
  if (parsed.size >= parsedMax) parsed.delete(parsed.keys().next().value as string);
  parsed.set(key, definition);
  return definition;
}

/** The changes that made `version` out of the version before it; empty for the first. */
export async function changesInVersion(
  database: Database,
  id: string,
  version: number,
): Promise<readonly Change[]> {
  if (version <= 1) return [];
  return changesBetween(database, id, version - 1, version);
}

/** What changed from one version to a later one (the frozen version and its revision, say); empty if either is missing. */
export async function changesBetween(
  database: Database,
  id: string,
  from: number,
  to: number,
): Promise<readonly Change[]> {
  const [a, b] = await Promise.all([
    store.findVersion(database.db, id, from),
    store.findVersion(database.db, id, to),
  ]);
  if (!a || !b) return [];
  return diffDefinitions(readDefinition(a.definition), readDefinition(b.definition));
}

/** An indicator or a strategy bullet that an earlier version had and the latest has not. */
export interface EndedItem {
  /** The version that left it out (the first after the last one that had it). */
  readonly version: number;
  readonly loadedAt: Date;
  /** Its title (an indicator) or text (a bullet) in the last version that had it. */
  readonly title: string;
}

export interface EndedItems {
  readonly indicators: ReadonlyMap<string, EndedItem>;
  /** By the bullet's id, as an intervention's `sourceItem` names it. */
  readonly interventions: ReadonlyMap<string, EndedItem>;
}

/**
 * The indicators and intervention bullets that a later version of the strategy dropped, each with the version
 * that dropped it: an intervention seeded from a removed bullet, or a link to a removed indicator, is shown as
 * ended by that version rather than as a bare row. An item dropped and later restored is not ended.
 */
export async function endedItems(database: Database, strategyId: string): Promise<EndedItems> {
  const versions = [...(await store.listVersions(database.db, strategyId))].sort(
    (a, b) => a.version - b.version,
  );
  const indicators = new Map<string, EndedItem>();
  const interventions = new Map<string, EndedItem>();
  let previous: { indicators: Map<string, string>; items: Map<string, string> } | undefined;
  for (const v of versions) {
    const row = await store.findVersion(database.db, strategyId, v.version);
    if (!row) continue;
    const d = readDefinition(row.definition);
    const now = {
      indicators: new Map(d.areas.flatMap((a) => a.indicators.map((i) => [i.id, i.title] as const))),
      items: new Map(allInterventions(d).map(({ item }) => [item.id, item.text] as const)),
    };
    for (const [id] of now.indicators) indicators.delete(id);
    for (const [id] of now.items) interventions.delete(id);
    if (previous) {
      const ended = { version: v.version, loadedAt: v.loadedAt };
      for (const [id, title] of previous.indicators)
        if (!now.indicators.has(id)) indicators.set(id, { ...ended, title });
      for (const [id, title] of previous.items)
        if (!now.items.has(id)) interventions.set(id, { ...ended, title });
    }
    previous = now;
  }
  return { indicators, interventions };
}

/** Stored definitions were valid when written; re-parsing applies defaults and catches a corrupted row. */
function readDefinition(stored: unknown): StrategyDefinition {
  return readStoredDefinition(stored);
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
