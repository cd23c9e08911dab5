// Editing a questionnaire in the browser: the newest version's JSON to start from, the edited text checked by
// the same parser the command line uses (plus: the id stays the page's, the strategy is loaded, each feed names
// one of its indicators), a new version stored through the write gate when the content differs, and the
// answered-question rule for moving an open round to the new version — checked and done in one transaction with
// the round's row locked, the lock every answer save takes too.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  jsonSyntaxError,
  MAX_QUESTIONNAIRE_BYTES,
  parseQuestionnaire,
  versionMoveProblems,
  type JsonSyntaxProblem,
  type Questionnaire,
  type VersionMoveProblem,
} from '../domain/survey/index.ts';
import { paths } from '../platform/paths.ts';
import * as store from '../store/survey-store.ts';
import type { Database } from './database.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import { getStrategy } from './strategies.ts';
import { write, type WriteContext } from './write-gate.ts';

/** The most an edited questionnaire may be, in UTF-8 bytes: the parser's own limit, as for a file. */
export const MAX_EDITED_BYTES = MAX_QUESTIONNAIRE_BYTES;

export type EditProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'too-large'; readonly bytes: number; readonly limit: number }
  | {
      readonly kind: 'json';
      readonly problem: JsonSyntaxProblem;
      readonly line: number;
      readonly column: number;
      readonly found?: string;
    }
  | { readonly kind: 'other-id'; readonly given: string; readonly expected: string }
  | { readonly kind: 'unknown-strategy'; readonly strategy: string }
  /** A problem the parser found: where (`pages[0].elements[2].visibleIf`) and its English sentence. */
  | { readonly kind: 'parser'; readonly at: string; readonly message: string };

export type EditCheck =
  | { readonly ok: true; readonly questionnaire: Questionnaire; readonly contentHash: string }
  | { readonly ok: false; readonly problems: readonly EditProblem[] };

/** An edited questionnaire refused; nothing was stored. */
export class QuestionnaireEditRefusedError extends InvalidInputError {
  constructor(readonly problems: readonly EditProblem[]) {
    super(
      'the questionnaire was refused; nothing was stored',
      problems.map((p) => JSON.stringify(p)),
    );
  }
}

/** A round's answers do not fit the new version; the round keeps its version. */
export class VersionMoveRefusedError extends ConflictError {
  constructor(
    readonly round: store.SurveyRoundRow,
    readonly version: number,
    readonly problems: readonly VersionMoveProblem[],
  ) {
    super(
      `survey round ${round.id} keeps version ${round.questionnaireVersion}: ${problems
        .map((p) =>
          p.kind === 'removed'
            ? `"${p.question}" has answers and is not in version ${version}`
            : p.kind === 'retyped'
              ? `"${p.question}" has answers as ${p.from} and is ${p.to} in version ${version}`
              : `"${p.question}" has the answer "${p.value}", which is not a choice in version ${version}`,
        )
        .join('; ')}; new rounds use version ${version}`,
    );
  }
}

const questionnaireId = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function parsedVersion(row: store.QuestionnaireVersionRow): Questionnaire {
  const parsed = parseQuestionnaire(Buffer.from(JSON.stringify(row.definition)), row.questionnaireId);
  if (!parsed.ok)
    throw new Error(`questionnaire ${row.questionnaireId} version ${row.version} is unreadable`);
  return parsed.questionnaire;
}

export interface EditorSource {
  readonly questionnaireId: string;
  /** The newest stored version the text is, or undefined for a bundled file never stored. */
  readonly version: number | undefined;
  readonly text: string;
}

/** What the editor starts from: the newest stored version, pretty-printed, else the bundled file as it is. */
export async function editorSource(
  database: Database,
  id: string,
  options: { readonly dir?: string } = {},
): Promise<EditorSource> {
  if (!questionnaireId.test(id)) throw new NotFoundError(`no questionnaire "${id}"`);
  const newest = await store.latestQuestionnaire(database.db, id);
  if (newest)
    return {
      questionnaireId: id,
      version: newest.version,
      text: `${JSON.stringify(newest.definition, null, 2)}\n`,
    };
  try {
    const text = await readFile(path.join(options.dir ?? paths.surveys, `${id}.json`), 'utf8');
    return { questionnaireId: id, version: undefined, text };
  } catch {
    throw new NotFoundError(`no questionnaire "${id}"`);
  }
}

/** The newest stored version of a questionnaire, read through the parser; undefined when none is stored. */
export async function newestQuestionnaire(
  database: Database,
  id: string,
): Promise<{ readonly version: number; readonly questionnaire: Questionnaire } | undefined> {
  const row = await store.latestQuestionnaire(database.db, id);
  return row && { version: row.version, questionnaire: parsedVersion(row) };
}

/**
 * Checks an edited questionnaire as the command line checks a file, and that it keeps the page's id and feeds
 * indicators of a loaded strategy. Reads only.
 */
export async function checkEditedQuestionnaire(
  database: Database,
  id: string,
  text: string,
): Promise<EditCheck> {
  const bytes = Buffer.from(text, 'utf8');
  if (text.trim() === '') return { ok: false, problems: [{ kind: 'empty' }] };
  if (bytes.byteLength > MAX_EDITED_BYTES)
    return {
      ok: false,
      problems: [{ kind: 'too-large', bytes: bytes.byteLength, limit: MAX_EDITED_BYTES }],
    };
  const syntax = jsonSyntaxError(text.replace(/^\uFEFF/, ''));
  if (syntax) return { ok: false, problems: [{ kind: 'json', ...syntax }] };
  const problems: EditProblem[] = [];
  const raw = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  const given = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  if (typeof given === 'string' && given !== id) problems.push({ kind: 'other-id', given, expected: id });
  const first = parseQuestionnaire(bytes, id);
  if (!first.ok) {
    problems.push(...first.errors.map((e) => ({ kind: 'parser' as const, at: e.at, message: e.message })));
    return { ok: false, problems };
  }
  if (problems.length > 0) return { ok: false, problems };
  const strategy = await getStrategy(database, first.questionnaire.strategy);
  if (!strategy)
    return { ok: false, problems: [{ kind: 'unknown-strategy', strategy: first.questionnaire.strategy }] };
  const indicatorIds = new Set(strategy.definition.areas.flatMap((a) => a.indicators.map((i) => i.id)));
  const checked = parseQuestionnaire(bytes, id, { indicatorIds });
  if (!checked.ok)
    return {
      ok: false,
      problems: checked.errors.map((e) => ({ kind: 'parser' as const, at: e.at, message: e.message })),
    };
  return { ok: true, questionnaire: checked.questionnaire, contentHash: checked.contentHash };
}

export type SaveOutcome =
  | {
      readonly status: 'created';
      readonly version: number;
      /** Versions others stored after the one the editor was opened on. */
      readonly savedMeanwhile: number;
    }
  /** The content is the newest version's: nothing stored. */
  | { readonly status: 'unchanged'; readonly version: number }
  /** The content is an earlier version's: nothing stored (a version's content is stored once). */
  | { readonly status: 'earlier'; readonly version: number; readonly newest: number };

/**
 * Stores the edited questionnaire as a new version when its content differs from every stored one; refused
 * whole with every problem otherwise. `basedOn` is the version the editor was opened on. Two saves at once take
 * turns on the questionnaire's lock and end with consecutive versions.
 */
export async function saveQuestionnaireVersion(
  ctx: WriteContext,
  id: string,
  text: string,
  options: { readonly basedOn?: number } = {},
): Promise<SaveOutcome> {
  const checked = await checkEditedQuestionnaire(ctx.database, id, text);
  if (!checked.ok) throw new QuestionnaireEditRefusedError(checked.problems);
  const q = checked.questionnaire;
  return write<SaveOutcome>(
    ctx,
    'survey.manage',
    async (trx, at) => {
      await store.lockQuestionnaire(trx, id);
      const newest = await store.latestQuestionnaire(trx, id);
      if (newest?.contentSha256 === checked.contentHash)
        return { result: { status: 'unchanged' as const, version: newest.version } };
      const { row, created } = await store.insertQuestionnaireVersion(trx, {
        id,
        definition: q,
        contentSha256: checked.contentHash,
        fileName: null,
        at,
        by: ctx.actor.id,
      });
      if (!created)
        return {
          result: {
            status: 'earlier' as const,
            version: row.version,
            newest: newest?.version ?? row.version,
          },
        };
      const basedOn = options.basedOn ?? newest?.version;
      return {
        result: {
          status: 'created' as const,
          version: row.version,
          savedMeanwhile: basedOn === undefined ? 0 : Math.max(0, row.version - basedOn - 1),
        },
        audit: {
          subjectType: 'questionnaire',
          subjectId: `${id}/${row.version}`,
          before: newest ? { version: newest.version, sha256: newest.contentSha256 } : undefined,
          after: { questionnaire: id, version: row.version, sha256: checked.contentHash },
          action: 'survey.edit',
        },
      };
    },
    { subject: { type: 'questionnaire', id } },
  );
}

export interface RoundOnOlderVersion {
  readonly round: store.SurveyRoundRow;
  /** The newest version, which the round may be moved to. */
  readonly newest: number;
  /** Answers in the round (saved pages and submitted). */
  readonly answers: number;
  /** What would stop the move now; empty when it may move. */
  readonly problems: readonly VersionMoveProblem[];
}

/** The open rounds of a questionnaire on a version older than its newest, each with the rule's answer now. */
export async function roundsOnOlderVersions(
  database: Database,
  id: string,
): Promise<readonly RoundOnOlderVersion[]> {
  const newestRow = await store.latestQuestionnaire(database.db, id);
  if (!newestRow) return [];
  const newest = parsedVersion(newestRow);
  const out: RoundOnOlderVersion[] = [];
  for (const round of await store.openRoundsOf(database.db, id)) {
    if (round.questionnaireVersion >= newestRow.version) continue;
    const fromRow = await store.questionnaireVersion(database.db, id, round.questionnaireVersion);
    if (!fromRow) continue;
    const answers = await store.roundAnswers(database.db, round.id);
    out.push({
      round,
      newest: newestRow.version,
      answers: answers.length,
      problems: versionMoveProblems(parsedVersion(fromRow), newest, answers),
    });
  }
  return out;
}

export interface VersionMove {
  readonly round: store.SurveyRoundRow;
  readonly from: number;
}

/**
 * Moves an open round to a newer version of its questionnaire when every answer in it still fits (the
 * answered-question rule); refused with each question otherwise, and the round keeps its version. The round's
 * row is locked for the check and the move, so an answer saved meanwhile waits and is then checked against
 * the version the round is on.
 */
export async function moveRoundToVersion(
  ctx: WriteContext,
  roundId: string,
  version: number,
): Promise<VersionMove> {
  if (!/^[1-9]\d{0,15}$/.test(roundId)) throw new NotFoundError(`survey round "${roundId}" not found`);
  return write(
    ctx,
    'survey.manage',
    async (trx) => {
      const round = await store.findRound(trx, roundId, { forUpdate: true });
      if (!round) throw new NotFoundError(`survey round "${roundId}" not found`);
      if (round.state !== 'open')
        throw new ConflictError(`survey round ${round.id} is ${round.state}; its version is kept`);
      if (!Number.isInteger(version) || version <= round.questionnaireVersion)
        throw new InvalidInputError(
          `survey round ${round.id} is on version ${round.questionnaireVersion}; it moves only to a newer one`,
        );
      const fromRow = await store.questionnaireVersion(
        trx,
        round.questionnaireId,
        round.questionnaireVersion,
      );
      const toRow = await store.questionnaireVersion(trx, round.questionnaireId, version);
      if (!toRow) throw new NotFoundError(`questionnaire ${round.questionnaireId} has no version ${version}`);
      if (!fromRow) throw new Error(`questionnaire ${round.questionnaireId} version is gone`);
      const answers = await store.roundAnswers(trx, round.id);
      const problems = versionMoveProblems(parsedVersion(fromRow), parsedVersion(toRow), answers);
      if (problems.length > 0) throw new VersionMoveRefusedError(round, version, problems);
      const moved = await store.setRoundVersion(trx, round.id, version);
      if (!moved) throw new ConflictError(`survey round ${round.id} is not open; its version is kept`);
      return {
        result: { round: moved, from: round.questionnaireVersion },
        audit: {
          subjectType: 'survey-round',
          subjectId: round.id,
          before: { version: round.questionnaireVersion },
          after: { questionnaire: round.questionnaireId, version, answers: answers.length },
          action: 'survey.version',
        },
      };
    },
    { subject: { type: 'survey-round', id: roundId } },
  );
}
