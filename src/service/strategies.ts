// Strategy use cases: validate a definition file, load it as a new version, list and read versions.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  diffDefinitions,
  formatDefinitionError,
  MAX_DEFINITION_BYTES,
  parseStrategyDefinition,
  strategySchema,
  type Change,
  type DefinitionError,
  type StrategyDefinition,
} from '../domain/strategy/index.ts';
import type { Database } from '../store/database.ts';
import * as store from '../store/strategy-store.ts';
import { InvalidInputError } from './errors.ts';
import { seedInterventions } from './intervention-seed.ts';
import { write, type WriteContext } from './write-gate.ts';

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
  return parseStrategyDefinition(await readFile(file), shown);
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
  return write<LoadOutcome>(ctx, 'strategy.load', async (trx, at) => {
    const previous = await store.findVersion(trx, definition.id);
    if (previous && previous.contentHash === contentHash) {
      const { definition: _stored, ...version } = previous;
      // A database from before interventions were kept gets them from the unchanged definition.
      const seeded = await seedInterventions(trx, definition, at, ctx.actor);
      return { result: { status: 'unchanged', version }, audit: seededAudit(definition.id, seeded) };
    }
    const version = await store.insertVersion(trx, {
      strategyId: definition.id,
      contentHash,
      formatVersion: definition.formatVersion,
      title: definition.title,
      definition,
      sourceFile,
      loadedAt: at,
      loadedBy: ctx.actor.id,
    });
    const seeded = await seedInterventions(trx, definition, at, ctx.actor);
    const audit = {
      subjectType: 'strategy',
      subjectId: definition.id,
      before: previous ? { version: previous.version, contentHash: previous.contentHash } : undefined,
      after: { version: version.version, contentHash, sourceFile },
    };
    // The load is the newest entry; the interventions it seeded come just before it.
    const audits = [...(seededAudit(definition.id, seeded) ?? []), audit];
    if (!previous) return { result: { status: 'created', version }, audit: audits };
    const changes = diffDefinitions(readDefinition(previous.definition), definition);
    return { result: { status: 'new-version', version, changes }, audit: audits };
  });
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
  const [a, b] = await Promise.all([
    store.findVersion(database.db, id, version - 1),
    store.findVersion(database.db, id, version),
  ]);
  if (!a || !b) return [];
  return diffDefinitions(readDefinition(a.definition), readDefinition(b.definition));
}

/** Stored definitions were valid when written; re-parsing applies defaults and catches a corrupted row. */
function readDefinition(stored: unknown): StrategyDefinition {
  return strategySchema.parse(stored);
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
