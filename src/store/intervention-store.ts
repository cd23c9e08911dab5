// Queries on interventions and their progress notes.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { InterventionTable, Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface InterventionRow {
  readonly strategyId: string;
  readonly id: string;
  readonly areaId: string;
  /** The strategy bullet it was seeded from; null for one added later. */
  readonly sourceItem: string | null;
  readonly title: string;
  readonly description: string;
  /** Null where the strategy states none and no one has set it since. */
  readonly status: string | null;
  readonly leadCentre: string | null;
  readonly involvedCentres: readonly string[];
  readonly startsOn: string | null;
  readonly endsOn: string | null;
  readonly indicatorIds: readonly string[];
  readonly position: number;
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly updatedBy: string;
  readonly archivedAt: Date | null;
}

export interface InterventionValues {
  readonly title: string;
  readonly description: string;
  /** Null where the strategy states none and no one has set it since. */
  readonly status: string | null;
  readonly leadCentre: string | null;
  readonly involvedCentres: readonly string[];
  readonly startsOn: string | null;
  readonly endsOn: string | null;
  readonly indicatorIds: readonly string[];
}

function toRow(r: Selectable<InterventionTable>): InterventionRow {
  return {
    strategyId: r.strategy_id,
    id: r.id,
    areaId: r.area_id,
    sourceItem: r.source_item,
    title: r.title,
    description: r.description,
    status: r.status,
    leadCentre: r.lead_centre,
    involvedCentres: r.involved_centres,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    indicatorIds: r.indicator_ids,
    position: r.position,
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    archivedAt: r.archived_at,
  };
}

export async function listInterventions(
  db: Db,
  strategyId: string,
  options: { areaId?: string; includeArchived?: boolean } = {},
): Promise<readonly InterventionRow[]> {
  let q = db.selectFrom('intervention').selectAll().where('strategy_id', '=', strategyId);
  if (options.areaId !== undefined) q = q.where('area_id', '=', options.areaId);
  if (!options.includeArchived) q = q.where('archived_at', 'is', null);
  const rows = await q.orderBy('position').orderBy('id').execute();
  return rows.map(toRow);
}

export async function findIntervention(
  db: Db,
  strategyId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<InterventionRow | undefined> {
  let q = db
    .selectFrom('intervention')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && toRow(r);
}

/** The source items already present for a strategy, archived ones included (they are not seeded again). */
export async function seededItems(db: Db, strategyId: string): Promise<ReadonlySet<string>> {
  const rows = await db
    .selectFrom('intervention')
    .select('source_item')
    .where('strategy_id', '=', strategyId)
    .where('source_item', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.source_item as string));
}

export async function nextPosition(db: Db, strategyId: string, areaId: string): Promise<number> {
  const r = await db
    .selectFrom('intervention')
    .select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
    .where('strategy_id', '=', strategyId)
    .where('area_id', '=', areaId)
    .executeTakeFirstOrThrow();
  return Number(r.next);
}

export async function insertIntervention(
  db: Db,
  row: InterventionValues & {
    readonly strategyId: string;
    readonly id: string;
    readonly areaId: string;
    readonly sourceItem: string | null;
    readonly position: number;
    readonly at: Date;
    readonly by: string;
  },
): Promise<InterventionRow> {
  const r = await db
    .insertInto('intervention')
    .values({
      strategy_id: row.strategyId,
      id: row.id,
      area_id: row.areaId,
      source_item: row.sourceItem,
      title: row.title,
      description: row.description,
      status: row.status,
      lead_centre: row.leadCentre,
      involved_centres: [...row.involvedCentres],
      starts_on: row.startsOn,
      ends_on: row.endsOn,
      indicator_ids: [...row.indicatorIds],
      position: row.position,
      created_at: row.at,
      created_by: row.by,
      updated_at: row.at,
      updated_by: row.by,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRow(r);
}

/** Writes new values and bumps the revision; undefined when the row has moved on from `revision`. */
export async function updateIntervention(
  db: Db,
  key: { readonly strategyId: string; readonly id: string; readonly revision: number },
  values: InterventionValues,
  at: Date,
  by: string,
): Promise<InterventionRow | undefined> {
  const r = await db
    .updateTable('intervention')
    .set({
      title: values.title,
      description: values.description,
      status: values.status,
      lead_centre: values.leadCentre,
      involved_centres: [...values.involvedCentres],
      starts_on: values.startsOn,
      ends_on: values.endsOn,
      indicator_ids: [...values.indicatorIds],
      revision: sql<number>`revision + 1`,
      updated_at: at,
      updated_by: by,
    })
    .where('strategy_id', '=', key.strategyId)
    .where('id', '=', key.id)
    .where('revision', '=', key.revision)
    .where('archived_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return r && toRow(r);
}

export async function archiveIntervention(
  db: Db,
  key: { readonly strategyId: string; readonly id: string },
  at: Date,
  by: string,
): Promise<InterventionRow | undefined> {
  const r = await db
    .updateTable('intervention')
    .set({ archived_at: at, updated_at: at, updated_by: by, revision: sql<number>`revision + 1` })
    .where('strategy_id', '=', key.strategyId)
    .where('id', '=', key.id)
    .where('archived_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return r && toRow(r);
}

export interface InterventionNoteRow {
  readonly id: string;
  readonly interventionId: string;
  readonly notedOn: string;
  readonly body: string;
  readonly createdAt: Date;
  readonly author: string;
}

export async function insertInterventionNote(
  db: Db,
  n: {
    readonly strategyId: string;
    readonly interventionId: string;
    readonly notedOn: string;
    readonly body: string;
    readonly createdAt: Date;
    readonly createdBy: string | null;
    readonly author: string;
  },
): Promise<InterventionNoteRow> {
  const r = await db
    .insertInto('intervention_note')
    .values({
      strategy_id: n.strategyId,
      intervention_id: n.interventionId,
      noted_on: n.notedOn,
      body: n.body,
      created_at: n.createdAt,
      created_by: n.createdBy,
      author: n.author,
    })
    .returning(['id', 'intervention_id', 'noted_on', 'body', 'created_at', 'author'])
    .executeTakeFirstOrThrow();
  return {
    id: r.id,
    interventionId: r.intervention_id,
    notedOn: r.noted_on,
    body: r.body,
    createdAt: r.created_at,
    author: r.author,
  };
}

export async function listInterventionNotes(
  db: Db,
  strategyId: string,
  interventionId: string,
  limit = 200,
): Promise<readonly InterventionNoteRow[]> {
  const rows = await db
    .selectFrom('intervention_note')
    .select(['id', 'intervention_id', 'noted_on', 'body', 'created_at', 'author'])
    .where('strategy_id', '=', strategyId)
    .where('intervention_id', '=', interventionId)
    .orderBy('noted_on', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    interventionId: r.intervention_id,
    notedOn: r.noted_on,
    body: r.body,
    createdAt: r.created_at,
    author: r.author,
  }));
}
