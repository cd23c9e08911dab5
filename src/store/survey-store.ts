// Queries on questionnaire versions, survey rounds, their recipients, answers and deliveries (migration 011).
// In SQL here so the row types stay beside the queries. A recipient's link token is never seen by the store:
// only its SHA-256 comes and goes.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export type SurveyRoundState = 'open' | 'closed' | 'published';

export interface QuestionnaireVersionRow {
  readonly questionnaireId: string;
  readonly version: number;
  readonly definition: unknown;
  readonly contentSha256: string;
  readonly fileName: string | null;
  readonly createdAt: Date;
  readonly createdBy: string;
}

export interface SurveyRoundRow {
  readonly id: string;
  readonly questionnaireId: string;
  readonly questionnaireVersion: number;
  readonly name: string;
  readonly opensOn: string;
  readonly closesOn: string;
  readonly period: string;
  readonly scopeAreas: readonly string[];
  readonly scopeTypes: readonly string[];
  readonly state: SurveyRoundState;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly closedAt: Date | null;
  readonly publishedAt: Date | null;
  readonly publishedBatchId: string | null;
}

export interface RecipientRow {
  readonly id: string;
  readonly roundId: string;
  readonly organisation: string;
  readonly organisationType: string;
  readonly area: string;
  readonly contactName: string;
  readonly email: string;
  readonly hasLink: boolean;
  readonly tokenIssuedAt: Date | null;
  readonly bounced: boolean;
}

export interface AnswerRow {
  readonly roundId: string;
  readonly recipientId: string;
  readonly answers: Readonly<Record<string, unknown>>;
  readonly currentPage: number;
  readonly submittedAt: Date | null;
  readonly updatedAt: Date;
}

const date = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const maybeDate = (v: Date | string | null): Date | null => (v === null ? null : date(v));
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

interface QuestionnaireRecord {
  questionnaire_id: string;
  version: number;
  definition: unknown;
  content_sha256: string;
  file_name: string | null;
  created_at: Date;
  created_by: string;
}

const toQuestionnaire = (r: QuestionnaireRecord): QuestionnaireVersionRow => ({
  questionnaireId: r.questionnaire_id,
  version: r.version,
  definition: json(r.definition),
  contentSha256: r.content_sha256,
  fileName: r.file_name,
  createdAt: date(r.created_at),
  createdBy: r.created_by,
});

/** The newest version of a questionnaire, or undefined when it has none. */
export async function latestQuestionnaire(db: Db, id: string): Promise<QuestionnaireVersionRow | undefined> {
  const r = await sql<QuestionnaireRecord>`
    select * from questionnaire_version where questionnaire_id = ${id}
    order by version desc limit 1`.execute(db);
  return r.rows[0] && toQuestionnaire(r.rows[0]);
}

export async function questionnaireVersion(
  db: Db,
  id: string,
  version: number,
): Promise<QuestionnaireVersionRow | undefined> {
  const r = await sql<QuestionnaireRecord>`
    select * from questionnaire_version where questionnaire_id = ${id} and version = ${version}`.execute(db);
  return r.rows[0] && toQuestionnaire(r.rows[0]);
}

/** The newest version of every questionnaire, by id. */
export async function listQuestionnaires(db: Db): Promise<readonly QuestionnaireVersionRow[]> {
  const r = await sql<QuestionnaireRecord>`
    select distinct on (questionnaire_id) * from questionnaire_version
    order by questionnaire_id, version desc`.execute(db);
  return r.rows.map(toQuestionnaire);
}

/**
 * Stores a version after the newest, unless a version of the same content exists (then that one is returned
 * and `created` is false). Inside a transaction, two registrations of one questionnaire at once take turns on
 * a lock held to the end of the transaction, so they get consecutive versions (or the second finds the first's
 * content). `fileName` is null for a version edited in the browser.
 */
export async function insertQuestionnaireVersion(
  db: Db,
  v: {
    id: string;
    definition: unknown;
    contentSha256: string;
    fileName: string | null;
    at: Date;
    by: string;
  },
): Promise<{ readonly row: QuestionnaireVersionRow; readonly created: boolean }> {
  await lockQuestionnaire(db, v.id);
  const same = await sql<QuestionnaireRecord>`
    select * from questionnaire_version
    where questionnaire_id = ${v.id} and content_sha256 = ${v.contentSha256}`.execute(db);
  if (same.rows[0]) return { row: toQuestionnaire(same.rows[0]), created: false };
  const r = await sql<QuestionnaireRecord>`
    insert into questionnaire_version
      (questionnaire_id, version, definition, content_sha256, file_name, created_at, created_by)
    select ${v.id}, coalesce(max(version), 0) + 1, ${JSON.stringify(v.definition)}::jsonb, ${v.contentSha256},
      ${v.fileName}, ${v.at}, ${v.by}
    from questionnaire_version where questionnaire_id = ${v.id}
    returning *`.execute(db);
  return { row: toQuestionnaire(r.rows[0] as QuestionnaireRecord), created: true };
}

interface RoundRecord {
  id: string;
  questionnaire_id: string;
  questionnaire_version: number;
  name: string;
  opens_on: string;
  closes_on: string;
  period: string;
  scope_areas: string[];
  scope_types: string[];
  state: SurveyRoundState;
  created_at: Date;
  created_by: string;
  closed_at: Date | null;
  published_at: Date | null;
  published_batch_id: string | null;
}

// Dates as text, so a calendar date never passes through a time zone.
const roundColumns = sql`id::text as id, questionnaire_id, questionnaire_version, name,
  opens_on::text as opens_on, closes_on::text as closes_on, period, scope_areas, scope_types, state, created_at,
  created_by, closed_at, published_at, published_batch_id::text as published_batch_id`;

const toRound = (r: RoundRecord): SurveyRoundRow => ({
  id: r.id,
  questionnaireId: r.questionnaire_id,
  questionnaireVersion: r.questionnaire_version,
  name: r.name,
  opensOn: r.opens_on,
  closesOn: r.closes_on,
  period: r.period,
  scopeAreas: r.scope_areas,
  scopeTypes: r.scope_types,
  state: r.state,
  createdAt: date(r.created_at),
  createdBy: r.created_by,
  closedAt: maybeDate(r.closed_at),
  publishedAt: maybeDate(r.published_at),
  publishedBatchId: r.published_batch_id,
});

export async function insertRound(
  db: Db,
  r: {
    questionnaireId: string;
    version: number;
    name: string;
    opensOn: string;
    closesOn: string;
    period: string;
    scopeAreas: readonly string[];
    scopeTypes: readonly string[];
    at: Date;
    by: string;
  },
): Promise<SurveyRoundRow> {
  const row = await sql<RoundRecord>`
    insert into survey_round (questionnaire_id, questionnaire_version, name, opens_on, closes_on, period,
      scope_areas, scope_types, created_at, created_by)
    values (${r.questionnaireId}, ${r.version}, ${r.name}, ${r.opensOn}, ${r.closesOn}, ${r.period},
      ${[...r.scopeAreas]}::text[], ${[...r.scopeTypes]}::text[], ${r.at}, ${r.by})
    returning ${roundColumns}`.execute(db);
  return toRound(row.rows[0] as RoundRecord);
}

export async function findRound(
  db: Db,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<SurveyRoundRow | undefined> {
  const lock = options.forUpdate ? sql`for update` : sql``;
  const r = await sql<RoundRecord>`select ${roundColumns} from survey_round where id = ${id} ${lock}`.execute(
    db,
  );
  return r.rows[0] && toRound(r.rows[0]);
}

/** Newest first. */
export async function listRounds(db: Db): Promise<readonly SurveyRoundRow[]> {
  const r = await sql<RoundRecord>`select ${roundColumns} from survey_round order by id desc`.execute(db);
  return r.rows.map(toRound);
}

/** Closes an open round; undefined when it was not open. */
export async function closeRound(db: Db, id: string, at: Date): Promise<SurveyRoundRow | undefined> {
  const r = await sql<RoundRecord>`
    update survey_round set state = 'closed', closed_at = ${at} where id = ${id} and state = 'open'
    returning ${roundColumns}`.execute(db);
  return r.rows[0] && toRound(r.rows[0]);
}

/** Marks a closed round published with the batch its figures are in; undefined when it was not closed. */
export async function markPublished(
  db: Db,
  id: string,
  at: Date,
  batchId: string | null,
): Promise<SurveyRoundRow | undefined> {
  const r = await sql<RoundRecord>`
    update survey_round set state = 'published', published_at = ${at}, published_batch_id = ${batchId}
    where id = ${id} and state = 'closed'
    returning ${roundColumns}`.execute(db);
  return r.rows[0] && toRound(r.rows[0]);
}

interface RecipientRecord {
  id: string;
  round_id: string;
  organisation: string;
  organisation_type: string;
  area: string;
  /** Null once the round's contact data were deleted (migration 016). */
  contact_name: string | null;
  email: string | null;
  has_link: boolean;
  token_issued_at: Date | null;
  bounced: boolean;
}

const recipientColumns = sql`id::text as id, round_id::text as round_id, organisation, organisation_type, area,
  contact_name, email, token_hash is not null as has_link, token_issued_at, bounced`;

const toRecipient = (r: RecipientRecord): RecipientRow => ({
  id: r.id,
  roundId: r.round_id,
  organisation: r.organisation,
  organisationType: r.organisation_type,
  area: r.area,
  // Empty once the round's contact data were deleted under the retention rule.
  contactName: r.contact_name ?? '',
  email: r.email ?? '',
  hasLink: r.has_link,
  tokenIssuedAt: maybeDate(r.token_issued_at),
  bounced: r.bounced,
});

export interface NewRecipient {
  readonly organisation: string;
  readonly organisationType: string;
  readonly area: string;
  readonly contactName: string;
  readonly email: string;
}

export async function insertRecipients(
  db: Db,
  roundId: string,
  rows: readonly NewRecipient[],
  at: Date,
): Promise<number> {
  let n = 0;
  // A few hundred organisations at most; 200 to a statement keeps the parameters far below the limit.
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const values = sql.join(
      chunk.map(
        (r) =>
          sql`(${roundId}, ${r.organisation}, ${r.organisationType}, ${r.area}, ${r.contactName}, ${r.email}, ${at})`,
      ),
    );
    const r = await sql`
      insert into survey_recipient (round_id, organisation, organisation_type, area, contact_name, email, created_at)
      values ${values}`.execute(db);
    n += Number(r.numAffectedRows ?? chunk.length);
  }
  return n;
}

export async function listRecipients(db: Db, roundId: string): Promise<readonly RecipientRow[]> {
  const r = await sql<RecipientRecord>`
    select ${recipientColumns} from survey_recipient where round_id = ${roundId} order by id`.execute(db);
  return r.rows.map(toRecipient);
}

/** Sets a recipient's link token (its hash); the earlier link, if any, stops working. */
export async function setRecipientToken(db: Db, id: string, tokenHash: Buffer, at: Date): Promise<void> {
  await sql`update survey_recipient set token_hash = ${tokenHash}, token_issued_at = ${at}
    where id = ${id}`.execute(db);
}

export async function setBounced(db: Db, id: string, bounced: boolean): Promise<void> {
  await sql`update survey_recipient set bounced = ${bounced} where id = ${id}`.execute(db);
}

/** The recipient holding this token hash, with the stored hash for the caller's constant-time comparison. */
export async function findRecipientByTokenHash(
  db: Db,
  tokenHash: Buffer,
): Promise<{ readonly recipient: RecipientRow; readonly storedHash: Buffer } | undefined> {
  const r = await sql<RecipientRecord & { token_hash: Uint8Array }>`
    select ${recipientColumns}, token_hash from survey_recipient where token_hash = ${tokenHash}`.execute(db);
  const row = r.rows[0];
  if (!row) return undefined;
  return { recipient: toRecipient(row), storedHash: Buffer.from(row.token_hash) };
}

interface AnswerRecord {
  round_id: string;
  recipient_id: string;
  answers: unknown;
  current_page: number;
  submitted_at: Date | null;
  updated_at: Date;
}

const answerColumns = sql`round_id::text as round_id, recipient_id::text as recipient_id, answers, current_page,
  submitted_at, updated_at`;

const toAnswer = (r: AnswerRecord): AnswerRow => ({
  roundId: r.round_id,
  recipientId: r.recipient_id,
  answers: json(r.answers) as Record<string, unknown>,
  currentPage: r.current_page,
  submittedAt: maybeDate(r.submitted_at),
  updatedAt: date(r.updated_at),
});

export async function findAnswer(
  db: Db,
  roundId: string,
  recipientId: string,
): Promise<AnswerRow | undefined> {
  const r = await sql<AnswerRecord>`select ${answerColumns} from survey_answer
    where round_id = ${roundId} and recipient_id = ${recipientId}`.execute(db);
  return r.rows[0] && toAnswer(r.rows[0]);
}

/**
 * Saves one page: its questions' earlier answers are replaced by `answers` in one statement, so two saves at
 * once (two tabs, a double click) leave one row holding both pages and neither is lost. Undefined when the
 * answer was submitted already (nothing is changed then), unless `submitted` says what a submitted answer's
 * change does to it: `keep` leaves it submitted (the changed answer is still complete), `clear` makes it a
 * draft again, to be sent anew.
 */
export async function savePage(
  db: Db,
  a: {
    roundId: string;
    recipientId: string;
    pageQuestions: readonly string[];
    answers: Readonly<Record<string, unknown>>;
    currentPage: number;
    at: Date;
    submitted?: 'keep' | 'clear';
  },
): Promise<AnswerRow | undefined> {
  const changeSubmitted = a.submitted !== undefined;
  const clear = a.submitted === 'clear';
  const r = await sql<AnswerRecord>`
    insert into survey_answer (round_id, recipient_id, answers, current_page, updated_at)
    values (${a.roundId}, ${a.recipientId}, ${JSON.stringify(a.answers)}::jsonb, ${a.currentPage}, ${a.at})
    on conflict (round_id, recipient_id) do update
      set answers = (survey_answer.answers - ${[...a.pageQuestions]}::text[]) || excluded.answers,
        current_page = excluded.current_page, updated_at = excluded.updated_at,
        submitted_at = case when ${clear} then null else survey_answer.submitted_at end
      where survey_answer.submitted_at is null or ${changeSubmitted}
    returning ${answerColumns}`.execute(db);
  return r.rows[0] && toAnswer(r.rows[0]);
}

/**
 * Marks an answer submitted; undefined when it was already (or has no row). With `again`, an answer submitted
 * before is submitted anew (its changes sent), with the new time.
 */
export async function markSubmitted(
  db: Db,
  roundId: string,
  recipientId: string,
  at: Date,
  options: { readonly again?: boolean } = {},
): Promise<AnswerRow | undefined> {
  const again = options.again === true;
  const r = await sql<AnswerRecord>`
    update survey_answer set submitted_at = ${at}, updated_at = ${at}
    where round_id = ${roundId} and recipient_id = ${recipientId} and (submitted_at is null or ${again})
    returning ${answerColumns}`.execute(db);
  return r.rows[0] && toAnswer(r.rows[0]);
}

/** Every recipient of a round with its answer, if any: the raw material of rates, publishing and the export. */
export async function recipientsWithAnswers(
  db: Db,
  roundId: string,
): Promise<readonly { readonly recipient: RecipientRow; readonly answer: AnswerRow | undefined }[]> {
  const r = await sql<
    RecipientRecord & {
      a_answers: unknown;
      a_page: number | null;
      a_submitted: Date | null;
      a_updated: Date | null;
    }
  >`
    select r.id::text as id, r.round_id::text as round_id, r.organisation, r.organisation_type, r.area,
      r.contact_name, r.email, r.token_hash is not null as has_link, r.token_issued_at, r.bounced,
      a.answers as a_answers, a.current_page as a_page, a.submitted_at as a_submitted, a.updated_at as a_updated
    from survey_recipient r left join survey_answer a on a.recipient_id = r.id and a.round_id = r.round_id
    where r.round_id = ${roundId} order by r.id`.execute(db);
  return r.rows.map((row) => ({
    recipient: toRecipient(row),
    answer:
      row.a_updated === null
        ? undefined
        : {
            roundId: row.round_id,
            recipientId: row.id,
            answers: json(row.a_answers) as Record<string, unknown>,
            currentPage: row.a_page ?? 0,
            submittedAt: maybeDate(row.a_submitted),
            updatedAt: date(row.a_updated),
          },
  }));
}

export async function insertDelivery(
  db: Db,
  d: {
    recipientId: string;
    kind: 'invitation' | 'reminder';
    status: 'sent' | 'failed';
    error?: string;
    at: Date;
  },
): Promise<void> {
  await sql`insert into survey_delivery (recipient_id, kind, status, error, at)
    values (${d.recipientId}, ${d.kind}, ${d.status}, ${d.error ?? null}, ${d.at})`.execute(db);
}

export interface DeliveryRow {
  readonly recipientId: string;
  readonly kind: 'invitation' | 'reminder';
  readonly status: 'sent' | 'failed';
  readonly error: string | null;
  readonly at: Date;
}

export async function listDeliveries(db: Db, recipientId: string): Promise<readonly DeliveryRow[]> {
  const r = await sql<{
    recipient_id: string;
    kind: 'invitation' | 'reminder';
    status: 'sent' | 'failed';
    error: string | null;
    at: Date;
  }>`
    select recipient_id::text as recipient_id, kind, status, error, at from survey_delivery
    where recipient_id = ${recipientId} order by at, id`.execute(db);
  return r.rows.map((x) => ({
    recipientId: x.recipient_id,
    kind: x.kind,
    status: x.status,
    error: x.error,
    at: date(x.at),
  }));
}

// ————— questionnaire versions edited in the browser, and moving a round to a newer version —————

/** Waits for, and holds to the end of the transaction, the lock on storing versions of one questionnaire. */
export async function lockQuestionnaire(db: Db, id: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`questionnaire_version:${id}`}))`.execute(db);
}

/** The open rounds of a questionnaire, oldest first. */
export async function openRoundsOf(db: Db, questionnaireId: string): Promise<readonly SurveyRoundRow[]> {
  const r = await sql<RoundRecord>`
    select ${roundColumns} from survey_round
    where questionnaire_id = ${questionnaireId} and state = 'open' order by id`.execute(db);
  return r.rows.map(toRound);
}

/** Every answer of a round, saved pages and submitted alike. */
export async function roundAnswers(db: Db, roundId: string): Promise<readonly Record<string, unknown>[]> {
  const r = await sql<{ answers: unknown }>`
    select answers from survey_answer where round_id = ${roundId} order by id`.execute(db);
  return r.rows.map((row) => json(row.answers) as Record<string, unknown>);
}

/** Moves an open round to another version of its questionnaire; undefined when it is not open. */
export async function setRoundVersion(
  db: Db,
  id: string,
  version: number,
): Promise<SurveyRoundRow | undefined> {
  const r = await sql<RoundRecord>`
    update survey_round set questionnaire_version = ${version} where id = ${id} and state = 'open'
    returning ${roundColumns}`.execute(db);
  return r.rows[0] && toRound(r.rows[0]);
}

/** The version of a questionnaire with this content, if one is stored. */
export async function versionWithContent(
  db: Db,
  id: string,
  contentSha256: string,
): Promise<QuestionnaireVersionRow | undefined> {
  const r = await sql<QuestionnaireRecord>`
    select * from questionnaire_version
    where questionnaire_id = ${id} and content_sha256 = ${contentSha256}`.execute(db);
  return r.rows[0] && toQuestionnaire(r.rows[0]);
}
