// Queries on strategies and their versions. Definitions go in as validated documents and come out
// as the stored JSON; the service layer re-validates on the way out.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface StrategyVersionRow {
  readonly strategyId: string;
  readonly version: number;
  readonly contentHash: string;
  readonly formatVersion: number;
  readonly title: string;
  readonly sourceFile: string;
  readonly loadedAt: Date;
  readonly loadedBy: string;
}

export interface StrategyVersionWithDefinition extends StrategyVersionRow {
  readonly definition: unknown;
}

const versionColumns = [
  'strategy_id',
  'version',
  'content_hash',
  'format_version',
  'title',
  'source_file',
  'loaded_at',
  'loaded_by',
] as const;

function toRow(r: {
  strategy_id: string;
  version: number;
  content_hash: string;
  format_version: number;
  title: string;
  source_file: string;
  loaded_at: Date;
  loaded_by: string;
}): StrategyVersionRow {
  return {
    strategyId: r.strategy_id,
    version: r.version,
    contentHash: r.content_hash,
    formatVersion: r.format_version,
    title: r.title,
    sourceFile: r.source_file,
    loadedAt: r.loaded_at,
    loadedBy: r.loaded_by,
  };
}

export async function latestVersion(db: Db, strategyId: string): Promise<StrategyVersionRow | undefined> {
  const r = await db
    .selectFrom('strategy_version')
    .select(versionColumns)
    .where('strategy_id', '=', strategyId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r && toRow(r);
}

/** The latest version of every strategy, ordered by title. */
export async function listLatestVersions(db: Db): Promise<readonly StrategyVersionRow[]> {
  const rows = await db
    .selectFrom('strategy_version as v')
    .select(versionColumns.map((c) => `v.${c}` as const))
    .where('v.version', '=', (eb) =>
      eb
        .selectFrom('strategy_version as w')
        .select(sql<number>`max(w.version)`.as('m'))
        .whereRef('w.strategy_id', '=', 'v.strategy_id'),
    )
    .orderBy('v.title')
    .orderBy('v.strategy_id')
    .execute();
  return rows.map(toRow);
}

export async function listVersions(db: Db, strategyId: string): Promise<readonly StrategyVersionRow[]> {
  const rows = await db
    .selectFrom('strategy_version')
    .select(versionColumns)
    .where('strategy_id', '=', strategyId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toRow);
}

/** One version with its definition; the latest when `version` is not given. */
export async function findVersion(
  db: Db,
  strategyId: string,
  version?: number,
): Promise<StrategyVersionWithDefinition | undefined> {
  let q = db
    .selectFrom('strategy_version')
    .select([...versionColumns, 'definition'])
    .where('strategy_id', '=', strategyId);
  q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
  const r = await q.executeTakeFirst();
  return r && { ...toRow(r), definition: r.definition };
}

export interface NewVersion {
  readonly strategyId: string;
  readonly contentHash: string;
  readonly formatVersion: number;
  readonly title: string;
  readonly definition: unknown;
  readonly sourceFile: string;
  readonly loadedAt: Date;
  readonly loadedBy: string;
}

/** Appends a version numbered one above the latest. Call inside a transaction that has locked the strategy. */
export async function insertVersion(db: Db, v: NewVersion): Promise<StrategyVersionRow> {
  await db
    .insertInto('strategy')
    .values({ id: v.strategyId })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  // Serialise concurrent loads of the same strategy so two versions never get the same number.
  await sql`select id from strategy where id = ${v.strategyId} for update`.execute(db);
  const latest = await latestVersion(db, v.strategyId);
  const row = await db
    .insertInto('strategy_version')
    .values({
      strategy_id: v.strategyId,
      version: (latest?.version ?? 0) + 1,
      content_hash: v.contentHash,
      format_version: v.formatVersion,
      definition: JSON.stringify(v.definition),
      title: v.title,
      source_file: v.sourceFile,
      loaded_at: v.loadedAt,
      loaded_by: v.loadedBy,
    })
    .returning(versionColumns)
    .executeTakeFirstOrThrow();
  return toRow(row);
}
