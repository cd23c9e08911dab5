// Queries on evaluation rounds, their areas' assessments, the batches a frozen round is pinned to, and the
// files produced from it. The tables are migration 012's; they are queried in SQL here so that the row types
// stay beside the queries.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export type EvaluationState = 'draft' | 'frozen' | 'decided';

export interface EvaluationRoundRow {
  readonly id: string;
  readonly strategyId: string;
  readonly strategyVersion: number;
  readonly name: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly state: EvaluationState;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly frozenAt: Date | null;
  readonly frozenBy: string | null;
  /** The interventions as they stood at the freeze (null before). */
  readonly interventions: unknown;
  readonly contentSha256: string | null;
  /** The format of the report content kept with the round (migration 020); null while none is kept. */
  readonly contentFormat: number | null;
  /** The frozen hash that today's content replaced, where an administrator chose to keep today's. */
  readonly contentReplacedSha256: string | null;
  readonly decidedAt: Date | null;
  readonly decidedBy: string | null;
  readonly decisionDate: string | null;
  readonly decisionText: string | null;
  readonly decisionVersion: number | null;
}

export interface EvaluationAreaRow {
  readonly roundId: string;
  readonly areaId: string;
  readonly assessment: string;
  readonly adjustments: string;
  readonly updatedAt: Date;
  readonly updatedBy: string;
  readonly signedOffAt: Date | null;
  readonly signedOffBy: string | null;
}

export interface EvaluationFileRow {
  readonly format: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly firstProducedAt: Date;
}

interface RoundRecord {
  id: string;
  strategy_id: string;
  strategy_version: number;
  name: string;
  period_from: string;
  period_to: string;
  state: EvaluationState;
  created_at: Date;
  created_by: string;
  frozen_at: Date | null;
  frozen_by: string | null;
  interventions: unknown;
  content_sha256: string | null;
  content_format: number | null;
  content_replaced_sha256: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_date: string | null;
  decision_text: string | null;
  decision_version: number | null;
}

// Dates as text, so a calendar date never passes through a time zone.
const roundColumns = sql`id::text as id, strategy_id, strategy_version, name, period_from::text as period_from,
  period_to::text as period_to, state, created_at, created_by, frozen_at, frozen_by, interventions, content_sha256,
  content_format, content_replaced_sha256, decided_at, decided_by, decision_date::text as decision_date, decision_text, decision_version`;

const toRound = (r: RoundRecord): EvaluationRoundRow => ({
  id: r.id,
  strategyId: r.strategy_id,
  strategyVersion: r.strategy_version,
  name: r.name,
  periodFrom: r.period_from,
  periodTo: r.period_to,
  state: r.state,
  createdAt: new Date(r.created_at),
  createdBy: r.created_by,
  frozenAt: r.frozen_at && new Date(r.frozen_at),
  frozenBy: r.frozen_by,
  interventions: r.interventions,
  contentSha256: r.content_sha256,
  contentFormat: r.content_format,
  contentReplacedSha256: r.content_replaced_sha256,
  decidedAt: r.decided_at && new Date(r.decided_at),
  decidedBy: r.decided_by,
  decisionDate: r.decision_date,
  decisionText: r.decision_text,
  decisionVersion: r.decision_version,
});

export async function insertRound(
  db: Db,
  r: {
    strategyId: string;
    strategyVersion: number;
    name: string;
    from: string;
    to: string;
    at: Date;
    by: string;
  },
): Promise<EvaluationRoundRow> {
  const row = await sql<RoundRecord>`
    insert into evaluation_round (strategy_id, strategy_version, name, period_from, period_to, created_at, created_by)
    values (${r.strategyId}, ${r.strategyVersion}, ${r.name}, ${r.from}, ${r.to}, ${r.at}, ${r.by})
    returning ${roundColumns}`.execute(db);
  return toRound(row.rows[0] as RoundRecord);
}

export async function findRound(
  db: Db,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<EvaluationRoundRow | undefined> {
  const lock = options.forUpdate ? sql`for update` : sql``;
  const r =
    await sql<RoundRecord>`select ${roundColumns} from evaluation_round where id = ${id} ${lock}`.execute(db);
  const row = r.rows[0];
  return row && toRound(row);
}

/** Newest first. */
export async function listRounds(db: Db, strategyId?: string): Promise<readonly EvaluationRoundRow[]> {
  const where = strategyId === undefined ? sql`` : sql`where strategy_id = ${strategyId}`;
  const r =
    await sql<RoundRecord>`select ${roundColumns} from evaluation_round ${where} order by id desc`.execute(
      db,
    );
  return r.rows.map(toRound);
}

/** Freezes a draft round; undefined when it is not (or no longer) a draft. */
export async function freezeRound(
  db: Db,
  id: string,
  f: { at: Date; by: string; strategyVersion: number; interventions: unknown },
): Promise<EvaluationRoundRow | undefined> {
  const r = await sql<RoundRecord>`
    update evaluation_round set state = 'frozen', frozen_at = ${f.at}, frozen_by = ${f.by},
      strategy_version = ${f.strategyVersion}, interventions = ${JSON.stringify(f.interventions)}::jsonb
    where id = ${id} and state = 'draft'
    returning ${roundColumns}`.execute(db);
  const row = r.rows[0];
  return row && toRound(row);
}

/** Sets the content hash of a frozen round once; undefined when it already had one. */
export async function setContentHash(
  db: Db,
  id: string,
  sha256: string,
): Promise<EvaluationRoundRow | undefined> {
  const r = await sql<RoundRecord>`
    update evaluation_round set content_sha256 = ${sha256}
    where id = ${id} and state <> 'draft' and content_sha256 is null
    returning ${roundColumns}`.execute(db);
  const row = r.rows[0];
  return row && toRound(row);
}

/** A report's content as kept with its round (the canonical text is read only when a report is produced). */
export interface StoredContent {
  readonly format: number;
  readonly json: string;
  readonly sha256: string;
}

export async function findContent(db: Db, id: string): Promise<StoredContent | undefined> {
  const r = await sql<{ content_format: number; content_json: string; content_sha256: string }>`
    select content_format, content_json, content_sha256 from evaluation_round
    where id = ${id} and content_json is not null`.execute(db);
  const row = r.rows[0];
  return row && { format: row.content_format, json: row.content_json, sha256: row.content_sha256 };
}

/**
 * Keeps a frozen round's report content once: where no hash is kept yet, or where the kept hash is this
 * content's (a round frozen before contents were kept). Undefined when the round has content already or
 * its hash is another's.
 */
export async function setContent(
  db: Db,
  id: string,
  c: StoredContent,
): Promise<EvaluationRoundRow | undefined> {
  const r = await sql<RoundRecord>`
    update evaluation_round set content_format = ${c.format}, content_json = ${c.json}, content_sha256 = ${c.sha256}
    where id = ${id} and state <> 'draft' and content_json is null
      and (content_sha256 is null or content_sha256 = ${c.sha256})
    returning ${roundColumns}`.execute(db);
  const row = r.rows[0];
  return row && toRound(row);
}

/**
 * Keeps today's content for a round frozen before contents were kept whose frozen hash (`replaced`) today's
 * computation no longer gives; the frozen hash stays beside it. Undefined when the round is not in that state.
 */
export async function replaceContent(
  db: Db,
  id: string,
  c: StoredContent,
  replaced: string,
): Promise<EvaluationRoundRow | undefined> {
  const r = await sql<RoundRecord>`
    update evaluation_round set content_format = ${c.format}, content_json = ${c.json}, content_sha256 = ${c.sha256},
      content_replaced_sha256 = content_sha256
    where id = ${id} and state <> 'draft' and content_json is null and content_sha256 = ${replaced}
    returning ${roundColumns}`.execute(db);
  const row = r.rows[0];
  return row && toRound(row);
}

export async function decideRound(
  db: Db,
  id: string,
  d: { at: Date; by: string; date: string; text: string; version: number | null },
): Promise<EvaluationRoundRow | undefined> {
  const r = await sql<RoundRecord>`
    update evaluation_round set state = 'decided', decided_at = ${d.at}, decided_by = ${d.by},
      decision_date = ${d.date}, decision_text = ${d.text}, decision_version = ${d.version}
    where id = ${id} and state = 'frozen'
    returning ${roundColumns}`.execute(db);
  const row = r.rows[0];
  return row && toRound(row);
}

/** Names the version that followed a decided round that names none; undefined when it is not such a round. */
export async function linkDecisionVersion(
  db: Db,
  id: string,
  version: number,
): Promise<EvaluationRoundRow | undefined> {
  const r = await sql<RoundRecord>`
    update evaluation_round set decision_version = ${version}
    where id = ${id} and state = 'decided' and decision_version is null
    returning ${roundColumns}`.execute(db);
  const row = r.rows[0];
  return row && toRound(row);
}

interface AreaRecord {
  round_id: string;
  area_id: string;
  assessment: string;
  adjustments: string;
  updated_at: Date;
  updated_by: string;
  signed_off_at: Date | null;
  signed_off_by: string | null;
}

const toArea = (r: AreaRecord): EvaluationAreaRow => ({
  roundId: r.round_id,
  areaId: r.area_id,
  assessment: r.assessment,
  adjustments: r.adjustments,
  updatedAt: new Date(r.updated_at),
  updatedBy: r.updated_by,
  signedOffAt: r.signed_off_at && new Date(r.signed_off_at),
  signedOffBy: r.signed_off_by,
});

const areaColumns = sql`round_id::text as round_id, area_id, assessment, adjustments, updated_at, updated_by,
  signed_off_at, signed_off_by`;

export async function listAreas(db: Db, roundId: string): Promise<readonly EvaluationAreaRow[]> {
  const r = await sql<AreaRecord>`
    select ${areaColumns} from evaluation_area where round_id = ${roundId} order by area_id`.execute(db);
  return r.rows.map(toArea);
}

/** Writes an area's texts; a sign-off given to earlier texts is taken away when they change. */
export async function upsertArea(
  db: Db,
  a: { roundId: string; areaId: string; assessment: string; adjustments: string; at: Date; by: string },
): Promise<EvaluationAreaRow> {
  const r = await sql<AreaRecord>`
    insert into evaluation_area (round_id, area_id, assessment, adjustments, updated_at, updated_by)
    values (${a.roundId}, ${a.areaId}, ${a.assessment}, ${a.adjustments}, ${a.at}, ${a.by})
    on conflict (round_id, area_id) do update set assessment = excluded.assessment,
      adjustments = excluded.adjustments, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
      signed_off_at = case when evaluation_area.assessment = excluded.assessment
        and evaluation_area.adjustments = excluded.adjustments then evaluation_area.signed_off_at end,
      signed_off_by = case when evaluation_area.assessment = excluded.assessment
        and evaluation_area.adjustments = excluded.adjustments then evaluation_area.signed_off_by end
    returning ${areaColumns}`.execute(db);
  return toArea(r.rows[0] as AreaRecord);
}

export async function signOffArea(
  db: Db,
  a: { roundId: string; areaId: string; at: Date; by: string },
): Promise<EvaluationAreaRow | undefined> {
  const r = await sql<AreaRecord>`
    update evaluation_area set signed_off_at = ${a.at}, signed_off_by = ${a.by}
    where round_id = ${a.roundId} and area_id = ${a.areaId}
    returning ${areaColumns}`.execute(db);
  const row = r.rows[0];
  return row && toArea(row);
}

/** Pins every batch that holds figures of the series, as they are stored at this moment. */
export async function pinBatches(db: Db, roundId: string, series: readonly string[]): Promise<number> {
  if (series.length === 0) return 0;
  const r = await sql`
    insert into evaluation_pin (round_id, series, batch_id)
    select distinct ${roundId}::bigint, series, batch_id from observation_segment
    where series = any(${[...series]}::text[])
    on conflict do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** The pinned batch ids of each series. */
export async function pinsOf(db: Db, roundId: string): Promise<ReadonlyMap<string, readonly string[]>> {
  const r = await sql<{ series: string; batch_id: string }>`
    select series, batch_id::text as batch_id from evaluation_pin where round_id = ${roundId}
    order by series, batch_id`.execute(db);
  const out = new Map<string, string[]>();
  for (const row of r.rows) {
    let list = out.get(row.series);
    if (!list) out.set(row.series, (list = []));
    list.push(row.batch_id);
  }
  return out;
}

/** Records a produced file; true when this content had not been produced from the round before. */
export async function recordFile(
  db: Db,
  f: { roundId: string; format: string; sha256: string; bytes: number; at: Date; by: string },
): Promise<boolean> {
  const r = await sql`
    insert into evaluation_file (round_id, format, sha256, bytes, first_produced_at, produced_by)
    values (${f.roundId}, ${f.format}, ${f.sha256}, ${f.bytes}, ${f.at}, ${f.by})
    on conflict do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function listFiles(db: Db, roundId: string): Promise<readonly EvaluationFileRow[]> {
  const r = await sql<{ format: string; sha256: string; bytes: number; first_produced_at: Date }>`
    select format, sha256, bytes, first_produced_at from evaluation_file where round_id = ${roundId}
    order by first_produced_at, format, sha256`.execute(db);
  return r.rows.map((x) => ({
    format: x.format,
    sha256: x.sha256,
    bytes: x.bytes,
    firstProducedAt: new Date(x.first_produced_at),
  }));
}
