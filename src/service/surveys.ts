// Local surveys (spørgeskemaundersøgelser): the bundled questionnaires registered as versions, a round opened on
// one version for a period and scope, its recipients imported from a CSV file, personal links issued, answers
// saved a page at a time and submitted through a link, response rates, and closing and publishing: the
// answers aggregated by the questionnaire's own rules into the indicators' figures, stored as an import batch
// with its provenance. Every change goes through the write gate and is audited.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Provenance } from '../domain/observation/index.ts';
import { danishDate, checkText, parseIsoDate } from '../domain/followup/index.ts';
import {
  aggregateResponses,
  checkComplete,
  checkPage,
  formatQuestionnaireError,
  MIN_RESPONDENTS_FLOOR,
  parseQuestionnaire,
  placeFeeds,
  type AnswerProblem,
  type Questionnaire,
} from '../domain/survey/index.ts';
import { paths } from '../platform/paths.ts';
import * as store from '../store/survey-store.ts';
import { purgedAt } from '../store/survey-retention-store.ts';
import type { Database } from './database.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import { importObservations } from './observations.ts';
import { getStrategy } from './strategies.ts';
import { answersCsv } from './survey-answers-csv.ts';
import { answersXlsx } from './survey-answers-xlsx.ts';
import { looksLikeToken, newToken, sameHash, surveyLink, tokenHash } from './survey-links.ts';
import { surveyCells, surveyObservations, type SurveyAreaCount } from './survey-publish.ts';
import { readRecipientFile, type RecipientArea } from './survey-recipients.ts';
import { write, type WriteContext } from './write-gate.ts';
import type { Transaction } from 'kysely';
import type { Tables } from '../store/tables.ts';

export type {
  AnswerRow,
  QuestionnaireVersionRow,
  RecipientRow,
  SurveyRoundRow,
  SurveyRoundState,
} from '../store/survey-store.ts';

/** A page's answers refused: each problem names the question and carries a code the form can word. */
export class AnswerRefusedError extends InvalidInputError {
  constructor(
    message: string,
    readonly problems: readonly AnswerProblem[],
  ) {
    super(
      message,
      problems.map((p) => p.message),
    );
  }
}

/**
 * The round was moved to another questionnaire version between the page being read and its save: nothing was
 * saved, and the page is to be shown again as the round's version asks it.
 */
export class QuestionnaireChangedError extends ConflictError {}

function sameVersion(locked: store.SurveyRoundRow, read: store.SurveyRoundRow, what: string): void {
  if (locked.questionnaireVersion !== read.questionnaireVersion)
    throw new QuestionnaireChangedError(
      `the questionnaire changed to version ${locked.questionnaireVersion} meanwhile; nothing was ${what}`,
    );
}

const roundName = { max: 200, required: true, multiline: false } as const;

function parseRoundId(id: string): string {
  if (!/^[1-9]\d{0,15}$/.test(id)) throw new NotFoundError(`survey round "${id}" not found`);
  return id;
}

async function roundOf(database: Database, id: string): Promise<store.SurveyRoundRow> {
  const round = await store.findRound(database.db, parseRoundId(id));
  if (!round) throw new NotFoundError(`survey round "${id}" not found`);
  return round;
}

/** A stored version's questionnaire, read again through the parser (the stored JSON is its validated form). */
function questionnaireOf(row: store.QuestionnaireVersionRow): Questionnaire {
  const parsed = parseQuestionnaire(
    Buffer.from(JSON.stringify(row.definition)),
    `${row.questionnaireId} version ${row.version}`,
  );
  if (!parsed.ok) throw new Error(parsed.errors.map(formatQuestionnaireError).join('; '));
  return parsed.questionnaire;
}

/** Parsed versions by their content's hash: a stored version never changes, so each content is parsed once. */
const parsedVersions = new Map<string, Questionnaire>();

async function versionOf(database: Database, round: store.SurveyRoundRow): Promise<Questionnaire> {
  const row = await store.questionnaireVersion(
    database.db,
    round.questionnaireId,
    round.questionnaireVersion,
  );
  if (!row)
    throw new Error(`questionnaire ${round.questionnaireId} version ${round.questionnaireVersion} is gone`);
  const known = parsedVersions.get(row.contentSha256);
  if (known) return known;
  const q = questionnaireOf(row);
  // A handful of questionnaires exist; the bound only keeps a long-running process from growing without end.
  if (parsedVersions.size >= 100) parsedVersions.clear();
  parsedVersions.set(row.contentSha256, q);
  return q;
}

// ————— questionnaires —————

export type QuestionnaireFileResult =
  | { readonly ok: true; readonly questionnaire: Questionnaire; readonly contentHash: string }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Reads and checks a questionnaire file; with a database, a feed must name an indicator of its strategy when
 * that strategy is loaded.
 */
export async function readQuestionnaireFile(
  file: string,
  database?: Database,
): Promise<QuestionnaireFileResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return { ok: false, errors: [`${file}: ${(e as NodeJS.ErrnoException).message}`] };
  }
  const first = parseQuestionnaire(bytes, file);
  if (!first.ok || !database) return withMessages(first);
  const strategy = await getStrategy(database, first.questionnaire.strategy);
  if (!strategy) return withMessages(first);
  const indicatorIds = new Set(strategy.definition.areas.flatMap((a) => a.indicators.map((i) => i.id)));
  return withMessages(parseQuestionnaire(bytes, file, { indicatorIds }));
}

function withMessages(r: ReturnType<typeof parseQuestionnaire>): QuestionnaireFileResult {
  return r.ok ? r : { ok: false, errors: r.errors.map(formatQuestionnaireError) };
}

export interface RegisterOutcome {
  readonly status: 'created' | 'unchanged';
  readonly version: store.QuestionnaireVersionRow;
}

/** Stores a questionnaire file as a new version when its content changed; the same content changes nothing. */
export async function registerQuestionnaireFile(ctx: WriteContext, file: string): Promise<RegisterOutcome> {
  const read = await readQuestionnaireFile(file, ctx.database);
  if (!read.ok)
    throw new InvalidInputError(`${file}: not a usable questionnaire; nothing was stored`, read.errors);
  const q = read.questionnaire;
  return write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      const { row, created } = await store.insertQuestionnaireVersion(trx, {
        id: q.id,
        definition: q,
        contentSha256: read.contentHash,
        fileName: path.basename(file),
        at,
        by: ctx.actor.id,
      });
      return {
        result: { status: created ? 'created' : 'unchanged', version: row },
        audit: created
          ? {
              subjectType: 'questionnaire',
              subjectId: `${q.id}/${row.version}`,
              after: { id: q.id, version: row.version, sha256: read.contentHash, file: path.basename(file) },
              action: 'survey.register',
            }
          : undefined,
      };
    },
    { subject: { type: 'questionnaire', id: q.id } },
  );
}

/** The bundled questionnaire files, by file name. */
export async function bundledQuestionnaireFiles(dir: string = paths.surveys): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => path.join(dir, n));
}

export interface QuestionnaireListing {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly file?: string;
  /** The newest stored version, or undefined when the questionnaire was never registered. */
  readonly version?: number;
  /** The bundled file's content was never stored (it becomes a new version when a round opens). */
  readonly changed: boolean;
  /** Problems of a bundled file that cannot be read. */
  readonly errors?: readonly string[];
}

/** The bundled questionnaires and the stored ones, each with its newest version; reads only. */
export async function listQuestionnaires(
  database: Database,
  dir: string = paths.surveys,
): Promise<readonly QuestionnaireListing[]> {
  const stored = new Map((await store.listQuestionnaires(database.db)).map((r) => [r.questionnaireId, r]));
  const out: QuestionnaireListing[] = [];
  for (const file of await bundledQuestionnaireFiles(dir)) {
    const read = await readQuestionnaireFile(file);
    if (!read.ok) {
      out.push({
        id: path.basename(file, '.json'),
        title: '',
        kind: '',
        file,
        changed: false,
        errors: read.errors,
      });
      continue;
    }
    const q = read.questionnaire;
    const row = stored.get(q.id);
    stored.delete(q.id);
    out.push({
      id: q.id,
      title: typeof q.title === 'string' ? q.title : (q.title.da ?? q.title.default ?? ''),
      kind: q.kind,
      file,
      version: row?.version,
      // A file whose content is an earlier version's (the newest was edited in the browser) is not new.
      changed:
        row !== undefined &&
        row.contentSha256 !== read.contentHash &&
        !(await store.versionWithContent(database.db, q.id, read.contentHash)),
    });
  }
  for (const row of stored.values()) {
    const q = questionnaireOf(row);
    out.push({
      id: row.questionnaireId,
      title: typeof q.title === 'string' ? q.title : (q.title.da ?? q.title.default ?? ''),
      kind: q.kind,
      version: row.version,
      changed: false,
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// ————— rounds —————

export interface RoundForm {
  /** A bundled questionnaire's id, or a questionnaire file. */
  readonly questionnaire: string;
  readonly name?: string;
  /** YYYY-MM-DD, both days included. */
  readonly opens: string;
  readonly closes: string;
  /** The period its figures are for (2023, 2023K2, 2023M09); default the year it closes. */
  readonly period?: string;
  readonly areas?: readonly string[];
  readonly types?: readonly string[];
}

/** The areas a recipient may be in: the strategy's municipality, by its code or its name. */
async function strategyAreas(database: Database, strategyId: string): Promise<readonly RecipientArea[]> {
  const s = await getStrategy(database, strategyId);
  if (!s)
    throw new InvalidInputError(
      `strategy "${strategyId}" is not loaded; load it first (pejlemaerke strategy load <file>)`,
    );
  const name = s.definition.organisation.name;
  const short = name.replace(/\s+kommune$/i, '');
  return [
    {
      code: s.definition.organisation.areaCode,
      names: [...new Set([name, short].map((n) => n.toLowerCase()))],
    },
  ];
}

/** Finds the questionnaire a round is opened on: a bundled id or a file; registered first if new or changed. */
async function questionnaireFileFor(questionnaire: string, dir: string): Promise<string> {
  if (questionnaire.endsWith('.json') || questionnaire.includes('/')) return questionnaire;
  const file = path.join(dir, `${questionnaire}.json`);
  const bundled = await bundledQuestionnaireFiles(dir);
  if (!bundled.includes(file))
    throw new NotFoundError(
      `no questionnaire "${questionnaire}"; bundled: ${bundled.map((f) => path.basename(f, '.json')).join(', ') || 'none'}`,
    );
  return file;
}

export async function openSurveyRound(
  ctx: WriteContext,
  form: RoundForm,
  options: { readonly dir?: string } = {},
): Promise<{ readonly round: store.SurveyRoundRow; readonly registered: RegisterOutcome }> {
  const errors: string[] = [];
  const opens = parseIsoDate(form.opens);
  if (!opens.ok) errors.push(`opens: ${opens.problem} (expected a date as YYYY-MM-DD, got "${form.opens}")`);
  const closes = parseIsoDate(form.closes);
  if (!closes.ok)
    errors.push(`closes: ${closes.problem} (expected a date as YYYY-MM-DD, got "${form.closes}")`);
  if (opens.ok && closes.ok && closes.date < opens.date)
    errors.push(`closes: before opens (${closes.date} < ${opens.date})`);
  const period = form.period ?? (closes.ok ? closes.date.slice(0, 4) : '');
  // Without --period the year comes from closes; a bad closes is reported once, above.
  if ((form.period !== undefined || closes.ok) && !/^\d{4}(K[1-4]|M(0[1-9]|1[0-2]))?$/.test(period))
    errors.push(`period: expected a year, quarter or month such as 2023, 2023K2 or 2023M09, got "${period}"`);
  const name = form.name === undefined ? undefined : checkText(form.name, roundName);
  if (name && !name.ok) errors.push(`name: ${name.problem}`);
  if (errors.length > 0 || !opens.ok || !closes.ok)
    throw new InvalidInputError('the survey round was refused; nothing was stored', errors);

  const file = await questionnaireFileFor(form.questionnaire, options.dir ?? paths.surveys);
  const read = await readQuestionnaireFile(file, ctx.database);
  if (!read.ok)
    throw new InvalidInputError(`${file}: not a usable questionnaire; nothing was stored`, read.errors);
  // Named by its id, a questionnaire whose bundled file is stored already opens on its newest version: one
  // edited in the browser is newer than the file it began as. A file named by its path opens on that file.
  const byId = file !== form.questionnaire;
  const newest = byId ? await store.latestQuestionnaire(ctx.database.db, read.questionnaire.id) : undefined;
  const edited =
    newest &&
    (await store.versionWithContent(ctx.database.db, read.questionnaire.id, read.contentHash)) !==
      undefined &&
    newest.contentSha256 !== read.contentHash
      ? newest
      : undefined;
  const q = edited ? questionnaireOf(edited) : read.questionnaire;
  const areas = await strategyAreas(ctx.database, q.strategy);
  const scopeAreas: string[] = [];
  for (const a of form.areas ?? []) {
    const hit = areas.find((x) => x.code === a || x.names.includes(a.toLowerCase()));
    if (!hit)
      throw new InvalidInputError(
        `area "${a}" is not an area of strategy ${q.strategy} (${areas.map((x) => x.code).join(', ')}); nothing was stored`,
      );
    scopeAreas.push(hit.code);
  }
  const scopeTypes = [...new Set((form.types ?? []).map((t) => t.trim()).filter(Boolean))];
  const registered: RegisterOutcome = edited
    ? { status: 'unchanged', version: edited }
    : await registerQuestionnaireFile(ctx, file);
  const title = typeof q.title === 'string' ? q.title : (q.title.da ?? q.title.default ?? q.id);
  const round = await write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      const row = await store.insertRound(trx, {
        questionnaireId: q.id,
        version: registered.version.version,
        name: name?.ok ? name.text : `${title} ${period}`.slice(0, 200),
        opensOn: opens.date,
        closesOn: closes.date,
        period,
        scopeAreas,
        scopeTypes,
        at,
        by: ctx.actor.id,
      });
      return {
        result: row,
        audit: {
          subjectType: 'survey-round',
          subjectId: row.id,
          after: {
            questionnaire: q.id,
            version: row.questionnaireVersion,
            name: row.name,
            opens: row.opensOn,
            closes: row.closesOn,
            period,
            areas: scopeAreas,
            types: scopeTypes,
          },
          action: 'survey.open',
        },
      };
    },
    { subject: { type: 'questionnaire', id: q.id } },
  );
  return { round, registered };
}

export async function getSurveyRound(database: Database, id: string): Promise<store.SurveyRoundRow> {
  return roundOf(database, id);
}

/** The questionnaire a round was opened on, as that version stood (its feeds name the indicators it feeds). */
export async function roundQuestionnaire(database: Database, id: string): Promise<Questionnaire> {
  return versionOf(database, await roundOf(database, id));
}

export async function listSurveyRounds(database: Database): Promise<readonly store.SurveyRoundRow[]> {
  return store.listRounds(database.db);
}

async function lockedRound(
  trx: Parameters<Parameters<typeof write>[2]>[0],
  id: string,
): Promise<store.SurveyRoundRow> {
  const round = await store.findRound(trx, id, { forUpdate: true });
  if (!round) throw new NotFoundError(`survey round "${id}" not found`);
  return round;
}

export async function closeSurveyRound(ctx: WriteContext, roundId: string): Promise<store.SurveyRoundRow> {
  const round = await roundOf(ctx.database, roundId);
  return write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      const closed = await store.closeRound(trx, round.id, at);
      if (!closed) {
        const now = await lockedRound(trx, round.id);
        throw new ConflictError(`survey round ${round.id} is ${now.state} already; nothing was changed`);
      }
      return {
        result: closed,
        audit: {
          subjectType: 'survey-round',
          subjectId: round.id,
          before: { state: 'open' },
          after: { state: 'closed' },
          action: 'survey.close',
        },
      };
    },
    { subject: { type: 'survey-round', id: round.id } },
  );
}

// ————— recipients and links —————

export interface RecipientImport {
  readonly added: number;
  readonly encoding: string;
  readonly delimiter: string;
}

/** Imports a CSV file of recipients into a round, all or nothing. */
export async function importRecipients(
  ctx: WriteContext,
  roundId: string,
  bytes: Uint8Array,
  fileName: string,
): Promise<RecipientImport> {
  const round = await roundOf(ctx.database, roundId);
  const q = await versionOf(ctx.database, round);
  const all = await strategyAreas(ctx.database, q.strategy);
  const areas = round.scopeAreas.length > 0 ? all.filter((a) => round.scopeAreas.includes(a.code)) : all;
  return write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      const locked = await lockedRound(trx, round.id);
      if (locked.state !== 'open')
        throw new ConflictError(`survey round ${round.id} is ${locked.state}; no recipients can be added`);
      const existing = new Set(
        (await store.listRecipients(trx, round.id)).map(
          (r) => `${r.organisation.toLowerCase()}\n${r.email.toLowerCase()}`,
        ),
      );
      const reading = readRecipientFile(bytes, fileName, { areas, types: round.scopeTypes, existing });
      const added = await store.insertRecipients(trx, round.id, reading.recipients, at);
      return {
        result: { added, encoding: reading.encoding, delimiter: reading.delimiter },
        audit: {
          subjectType: 'survey-round',
          subjectId: round.id,
          after: { file: fileName, added, encoding: reading.encoding },
          action: 'survey.recipients',
        },
      };
    },
    { subject: { type: 'survey-round', id: round.id } },
  );
}

export interface IssuedLink {
  readonly recipient: store.RecipientRow;
  readonly link: string;
}

export interface LinkIssue {
  readonly issued: readonly IssuedLink[];
  /** Recipients that hold a link already and were left alone (without `reissue`). */
  readonly kept: readonly store.RecipientRow[];
}

/**
 * Issues personal links. The token is shown only now: the database keeps its hash alone, so a link cannot be
 * printed again. Recipients that hold a link keep it unless `reissue` is given, which makes their earlier link
 * stop working; `recipients` limits the issue to those ids.
 */
export async function issueLinks(
  ctx: WriteContext,
  roundId: string,
  options: {
    readonly baseUrl: string;
    readonly reissue?: boolean;
    readonly recipients?: readonly string[];
    /** Runs in the issue's transaction once the links are set; what it throws undoes the issue. */
    readonly within?: (trx: Transaction<Tables>, at: Date, issue: LinkIssue) => Promise<void>;
  },
): Promise<LinkIssue> {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new InvalidInputError(
      `the base URL "${options.baseUrl}" is not a URL, e.g. https://pejlemaerke.ballerup.dk`,
    );
  }
  if (base.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(base.hostname))
    throw new InvalidInputError(
      `the base URL must be https:// (http:// only on this machine), not "${options.baseUrl}"`,
    );
  const round = await roundOf(ctx.database, roundId);
  return write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      const locked = await lockedRound(trx, round.id);
      if (locked.state !== 'open')
        throw new ConflictError(`survey round ${round.id} is ${locked.state}; no links are issued`);
      const all = await store.listRecipients(trx, round.id);
      const wanted = options.recipients ? new Set(options.recipients) : undefined;
      if (wanted)
        for (const id of wanted)
          if (!all.some((r) => r.id === id))
            throw new NotFoundError(`recipient ${id} is not in survey round ${round.id}`);
      const chosen = all.filter((r) => !wanted || wanted.has(r.id));
      const issued: IssuedLink[] = [];
      const kept: store.RecipientRow[] = [];
      for (const r of chosen) {
        if (r.hasLink && !options.reissue) {
          kept.push(r);
          continue;
        }
        const token = newToken();
        await store.setRecipientToken(trx, r.id, tokenHash(token), at);
        issued.push({
          recipient: { ...r, hasLink: true, tokenIssuedAt: at },
          link: surveyLink(base.href, token),
        });
      }
      await options.within?.(trx, at, { issued, kept });
      return {
        result: { issued, kept },
        audit:
          issued.length === 0
            ? undefined
            : {
                subjectType: 'survey-round',
                subjectId: round.id,
                after: {
                  issued: issued.length,
                  reissued: issued.filter((i) => all.find((r) => r.id === i.recipient.id)?.hasLink).length,
                  recipients: issued.map((i) => i.recipient.id),
                },
                action: 'survey.links',
              },
      };
    },
    { subject: { type: 'survey-round', id: round.id } },
  );
}

// ————— answering through a link —————

export type LinkLookup =
  | { readonly state: 'unknown' }
  | {
      readonly state: 'not-yet-open' | 'closed' | 'open';
      readonly round: store.SurveyRoundRow;
      readonly recipient: store.RecipientRow;
      readonly questionnaire: Questionnaire;
      /** The answer so far; absent before the first page is saved. */
      readonly answer: store.AnswerRow | undefined;
    };

function roundStateOn(round: store.SurveyRoundRow, today: string): 'not-yet-open' | 'closed' | 'open' {
  if (round.state !== 'open' || today > round.closesOn) return 'closed';
  return today < round.opensOn ? 'not-yet-open' : 'open';
}

/** The recipient a link's token belongs to and whether the round takes answers today (Danish time). */
export async function lookupLink(database: Database, token: string, now: Date): Promise<LinkLookup> {
  if (!looksLikeToken(token)) return { state: 'unknown' };
  const hash = tokenHash(token);
  const found = await store.findRecipientByTokenHash(database.db, hash);
  if (!found || !sameHash(found.storedHash, hash)) return { state: 'unknown' };
  const round = await roundOf(database, found.recipient.roundId);
  return {
    state: roundStateOn(round, danishDate(now)),
    round,
    recipient: found.recipient,
    questionnaire: await versionOf(database, round),
    answer: await store.findAnswer(database.db, round.id, found.recipient.id),
  };
}

async function openLink(ctx: WriteContext, token: string) {
  const found = await lookupLink(ctx.database, token, ctx.now());
  if (found.state === 'unknown')
    throw new NotFoundError('the link is not known (it may have been replaced by a newer one)');
  if (found.state === 'not-yet-open')
    throw new ConflictError(`the survey opens on ${found.round.opensOn}; nothing was saved`);
  if (found.state === 'closed') throw new ConflictError('the survey is closed; nothing was saved');
  return found;
}

/**
 * Saves the answers of one page (0-based) and the furthest page the respondent has reached (`nextPage`, never
 * lowered); refused whole on any problem. While the round is open a submitted answer may be changed: it stays
 * submitted while the changed whole is still complete, and is a draft to be sent again when it is not.
 */
export async function saveAnswerPage(
  ctx: WriteContext,
  token: string,
  page: number,
  given: Readonly<Record<string, unknown>>,
  options: {
    readonly nextPage?: number;
    /** Going back a page: what was typed is kept though a required question is still blank. */
    readonly draft?: boolean;
  } = {},
): Promise<store.AnswerRow> {
  const found = await openLink(ctx, token);
  const q = found.questionnaire;
  if (!Number.isInteger(page) || page < 0 || page >= q.pages.length)
    throw new InvalidInputError(
      `page ${page + 1} is not a page of the questionnaire (it has ${q.pages.length})`,
    );
  const checked = checkPage(q, page, given, found.answer?.answers ?? {}, {
    ignoreRequired: options.draft === true,
  });
  if (!checked.ok)
    throw new AnswerRefusedError(
      `page ${page + 1}: the answers were refused; nothing was saved`,
      checked.problems,
    );
  const wanted = Math.min(Math.max(options.nextPage ?? page, 0), q.pages.length - 1);
  const pageQuestions = (q.pages[page]?.elements ?? []).map((e) => e.name);
  const subjectId = found.recipient.id;
  return write(
    ctx,
    'survey.answer',
    async (trx, at) => {
      // The round is read again under a lock: a close between the check above and this save wins.
      const round = await lockedRound(trx, found.round.id);
      if (roundStateOn(round, danishDate(at)) !== 'open')
        throw new ConflictError('the survey is closed; nothing was saved');
      // The page was checked against the version read before the lock; a move since then is seen here.
      sameVersion(round, found.round, 'saved');
      // Read again under the round's lock, which every save and submission of the round takes.
      const current = await store.findAnswer(trx, round.id, found.recipient.id);
      let submitted: 'keep' | 'clear' | undefined;
      if (current?.submittedAt) {
        const merged: Record<string, unknown> = { ...current.answers };
        for (const name of pageQuestions) delete merged[name];
        Object.assign(merged, checked.answers);
        submitted = checkComplete(q, merged).ok ? 'keep' : 'clear';
      }
      const row = await store.savePage(trx, {
        roundId: round.id,
        recipientId: found.recipient.id,
        pageQuestions,
        answers: checked.answers,
        currentPage: Math.max(wanted, current?.currentPage ?? 0),
        at,
        ...(submitted && { submitted }),
      });
      if (!row) throw new ConflictError('the answer has been submitted already; nothing was changed');
      return {
        result: row,
        audit: {
          subjectType: 'survey-recipient',
          subjectId,
          // The questions answered, not the answers: the log is read by more people than the answers are.
          after: {
            round: round.id,
            page: page + 1,
            answered: Object.keys(checked.answers),
            ...(submitted && { submitted: submitted === 'keep' ? 'kept' : 'withdrawn' }),
          },
          action: 'survey.save',
        },
      };
    },
    { subject: { type: 'survey-recipient', id: subjectId } },
  );
}

/**
 * Submits the answer: every page checked again, so nothing required and shown is missing. An answer submitted
 * before is submitted again with its changes (the same row, the new time); two submissions at once take the
 * round's lock in turn and leave one answer.
 */
export async function submitAnswer(ctx: WriteContext, token: string): Promise<store.AnswerRow> {
  const found = await openLink(ctx, token);
  const checked = checkComplete(found.questionnaire, found.answer?.answers ?? {});
  if (!checked.ok)
    throw new AnswerRefusedError('the answer is not complete; nothing was submitted', checked.problems);
  const subjectId = found.recipient.id;
  return write(
    ctx,
    'survey.answer',
    async (trx, at) => {
      const round = await lockedRound(trx, found.round.id);
      if (roundStateOn(round, danishDate(at)) !== 'open')
        throw new ConflictError('the survey is closed; nothing was submitted');
      sameVersion(round, found.round, 'submitted');
      // Checked again under the round's lock: a save from another tab since the check above is seen here.
      const current = await store.findAnswer(trx, round.id, found.recipient.id);
      const recheck = checkComplete(found.questionnaire, current?.answers ?? {});
      if (!recheck.ok)
        throw new AnswerRefusedError('the answer is not complete; nothing was submitted', recheck.problems);
      const again = current?.submittedAt !== null && current?.submittedAt !== undefined;
      const row = await store.markSubmitted(trx, round.id, found.recipient.id, at, { again: true });
      if (!row) throw new ConflictError('the answer has no saved page; nothing was submitted');
      return {
        result: row,
        audit: {
          subjectType: 'survey-recipient',
          subjectId,
          after: { round: round.id, ...(again && { again: true }) },
          action: 'survey.submit',
        },
      };
    },
    { subject: { type: 'survey-recipient', id: subjectId } },
  );
}

// ————— response rates —————

export interface RateGroup {
  readonly key: string;
  readonly recipients: number;
  /** Submitted answers. */
  readonly answered: number;
  /** Answers begun but not submitted. */
  readonly started: number;
  /** answered / recipients; absent with no recipients. */
  readonly rate?: number;
}

export interface ResponseRates {
  readonly round: store.SurveyRoundRow;
  readonly total: RateGroup;
  readonly byArea: readonly RateGroup[];
  readonly byType: readonly RateGroup[];
  readonly bounced: number;
  readonly withoutLink: number;
}

function group(key: string, rows: readonly { answer: store.AnswerRow | undefined }[]): RateGroup {
  const answered = rows.filter((r) => r.answer?.submittedAt).length;
  const started = rows.filter((r) => r.answer && !r.answer.submittedAt).length;
  return rows.length === 0
    ? { key, recipients: 0, answered, started }
    : { key, recipients: rows.length, answered, started, rate: answered / rows.length };
}

function groupBy<T>(rows: readonly T[], keyOf: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(keyOf(r), [...(out.get(keyOf(r)) ?? []), r]);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export async function responseRates(database: Database, roundId: string): Promise<ResponseRates> {
  const round = await roundOf(database, roundId);
  const rows = await store.recipientsWithAnswers(database.db, round.id);
  return {
    round,
    total: group('*', rows),
    byArea: [...groupBy(rows, (r) => r.recipient.area)].map(([k, v]) => group(k, v)),
    byType: [...groupBy(rows, (r) => r.recipient.organisationType)].map(([k, v]) => group(k, v)),
    bounced: rows.filter((r) => r.recipient.bounced).length,
    withoutLink: rows.filter((r) => !r.recipient.hasLink).length,
  };
}

// ————— publishing —————

export interface PublishOptions {
  /** The fewest responding organisations a figure is published from (SURVEY_MIN_RESPONDENTS); never below 3. */
  readonly minRespondents?: number;
}

export interface PublishOutcome {
  readonly status: 'published' | 'already-published';
  readonly round: store.SurveyRoundRow;
  readonly batchId: string | null;
  readonly figures: number;
  readonly suppressed: number;
  readonly recipients: number;
  readonly respondents: number;
}

/**
 * Publishes a closed round: the submitted answers aggregated by the questionnaire's feeds into each area's
 * figure for the round's period, stored as one import batch naming the questionnaire version, the round and
 * its counts; a figure from fewer than 3 organisations is stored as suppressed. The import is idempotent, and
 * a published round is not published again, so publishing twice stores nothing new.
 */
export async function publishSurveyRound(
  ctx: WriteContext,
  roundId: string,
  options: PublishOptions = {},
): Promise<PublishOutcome> {
  const min = Math.max(MIN_RESPONDENTS_FLOOR, options.minRespondents ?? MIN_RESPONDENTS_FLOOR);
  const round = await roundOf(ctx.database, roundId);
  if (round.state === 'open')
    throw new ConflictError(
      `survey round ${round.id} is still open; close it first (pejlemaerke survey close ${round.id})`,
    );
  const q = await versionOf(ctx.database, round);
  const rows = await store.recipientsWithAnswers(ctx.database.db, round.id);
  const responses = rows
    .filter((r) => r.answer?.submittedAt)
    .map((r) => ({
      organisation: r.recipient.organisation,
      area: r.recipient.area,
      answers: r.answer?.answers ?? {},
    }));
  const feeds = q.indicatorFeeds;
  const strategy = await getStrategy(ctx.database, q.strategy);
  const placements = placeFeeds(
    q.indicatorFeeds,
    strategy?.definition.areas.flatMap((a) => a.indicators) ?? [],
  );
  const figures = aggregateResponses(q, responses, { minRespondents: min }).map((f) => {
    const feed = feeds.find(
      (x) => x.indicator === f.indicator && x.question === f.question && x.group === f.group,
    );
    return { ...f, rule: feed?.rule ?? 'sum' };
  });
  // An area whose recipients sent no answer still has its cells: suppressed (no organisation answered), not absent.
  const answeredAreas = new Set(responses.map((r) => r.area));
  for (const area of [...new Set(rows.map((r) => r.recipient.area))].sort())
    if (!answeredAreas.has(area))
      for (const feed of feeds)
        figures.push({
          indicator: feed.indicator,
          group: feed.group,
          question: feed.question,
          area,
          respondents: 0,
          suppressed: true,
          rule: feed.rule,
        });
  const observations = surveyObservations(figures, round.period, placements, min);
  const areaCounts: SurveyAreaCount[] = [...new Set(rows.map((r) => r.recipient.area))]
    .sort()
    .map((area) => ({
      area,
      organisations: new Set(
        rows.filter((r) => r.recipient.area === area).map((r) => r.recipient.organisation),
      ).size,
      responding: new Set(responses.filter((r) => r.area === area).map((r) => r.organisation)).size,
    }));
  const counts = {
    recipients: rows.length,
    respondents: new Set(responses.map((r) => r.organisation)).size,
    figures: observations.length,
    suppressed: observations.filter((o) => o.value.kind === 'missing').length,
  };
  if (round.state === 'published')
    return { status: 'already-published', round, batchId: round.publishedBatchId, ...counts };
  if (observations.length === 0)
    throw new ConflictError(
      `survey round ${round.id} has no recipients with an area, so there is nothing to publish`,
    );

  const provenance: Provenance = {
    source: 'survey',
    table: q.id,
    query: JSON.stringify({
      questionnaire: q.id,
      version: round.questionnaireVersion,
      round: round.id,
      name: round.name,
      period: round.period,
      opens: round.opensOn,
      closes: round.closesOn,
      recipients: counts.recipients,
      respondents: counts.respondents,
      minimumRespondents: min,
      areas: areaCounts,
      cells: surveyCells(figures, placements),
    }),
    retrievedAt: round.closedAt ?? ctx.now(),
    licence: `Ballerup Kommune; aggregates of at least ${min} responding organisations`,
    note: `Spørgeskemarunde ${round.id} "${round.name}", ${q.id} version ${round.questionnaireVersion}`,
  };
  const imported = await importObservations(
    ctx,
    provenance,
    observations.map((observation, i) => ({ line: i + 1, observation })),
  );
  const batchId = imported.batchId ?? null;
  // The batch and the state are two transactions: should this step fail, publishing again finds the figures
  // stored (the import stores nothing new) and marks the round.
  const published = await write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      const row = await store.markPublished(trx, round.id, at, batchId);
      if (!row) {
        const now = await lockedRound(trx, round.id);
        throw new ConflictError(`survey round ${round.id} is ${now.state}; it was not published again`);
      }
      return {
        result: row,
        audit: {
          subjectType: 'survey-round',
          subjectId: round.id,
          before: { state: 'closed' },
          after: { state: 'published', batch: batchId, ...counts },
          action: 'survey.publish',
        },
      };
    },
    { subject: { type: 'survey-round', id: round.id } },
  );
  return { status: 'published', round: published, batchId, ...counts };
}

// ————— export and the mail part's bookkeeping —————

/** The raw answers as CSV; reading them is recorded in the audit log. */
export async function exportAnswers(ctx: WriteContext, roundId: string): Promise<string> {
  return exportAnswersAs(ctx, roundId, 'csv', async (q, rows) => answersCsv(q, rows));
}

/** The raw answers as an XLSX workbook; reading them is recorded in the audit log. */
export async function exportAnswersXlsx(ctx: WriteContext, roundId: string): Promise<Buffer> {
  return exportAnswersAs(ctx, roundId, 'xlsx', answersXlsx);
}

async function exportAnswersAs<T>(
  ctx: WriteContext,
  roundId: string,
  format: 'csv' | 'xlsx',
  make: (q: Questionnaire, rows: Awaited<ReturnType<typeof store.recipientsWithAnswers>>) => Promise<T>,
): Promise<T> {
  const round = await roundOf(ctx.database, roundId);
  const q = await versionOf(ctx.database, round);
  const purged = await purgedAt(ctx.database.db, round.id);
  if (purged)
    throw new ConflictError(
      `the raw answers of survey round ${round.id} were deleted on ${purged.toISOString().slice(0, 10)} (SURVEY_RETENTION_DAYS); only its published figures are kept`,
    );
  return write(
    ctx,
    'survey.manage',
    async (trx) => {
      const rows = await store.recipientsWithAnswers(trx, round.id);
      return {
        result: await make(q, rows),
        audit: {
          subjectType: 'survey-round',
          subjectId: round.id,
          after: { rows: rows.length, format },
          action: 'survey.export',
        },
      };
    },
    { subject: { type: 'survey-round', id: round.id } },
  );
}

/** Records an invitation or reminder sent or failed, and marks a bounced address; for the mail sender. */
export async function recordDelivery(
  ctx: WriteContext,
  recipientId: string,
  d: {
    readonly kind: 'invitation' | 'reminder';
    readonly status: 'sent' | 'failed';
    readonly error?: string;
    readonly bounced?: boolean;
  },
): Promise<void> {
  await write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      await store.insertDelivery(trx, {
        recipientId,
        kind: d.kind,
        status: d.status,
        error: d.status === 'failed' ? (d.error ?? 'unknown error').slice(0, 2000) : undefined,
        at,
      });
      if (d.bounced !== undefined) await store.setBounced(trx, recipientId, d.bounced);
      return {
        result: undefined,
        audit: {
          subjectType: 'survey-recipient',
          subjectId: recipientId,
          after: { kind: d.kind, status: d.status, bounced: d.bounced },
          action: 'survey.manage',
        },
      };
    },
    { subject: { type: 'survey-recipient', id: recipientId } },
  );
}
