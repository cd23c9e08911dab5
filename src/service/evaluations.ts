// The biennial evaluation (the strategy's "evalueres og justeres hver andet år af Økonomiudvalget"): an
// administrator opens a round for a period; each area's tovholder writes an assessment and proposed adjustments
// and signs them off; freezing pins the import batches of every indicator series and of the population figures,
// the strategy version and the interventions as they stood, so the report reads the same however the figures
// are revised or added to later; the committee's decision closes it. Every change goes through the write gate.
import { createHash } from 'node:crypto';
import { areaResource } from '../domain/access/index.ts';
import { checkText, danishDate, parseIsoDate } from '../domain/followup/index.ts';
import type { Area } from '../domain/strategy/index.ts';
import * as store from '../store/evaluation-store.ts';
import { listInterventionNotes, listInterventions } from '../store/intervention-store.ts';
import { findBatches, type BatchRecord } from '../store/observation-store.ts';
import type { Database } from './database.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import { indicatorViews, type IndicatorView } from './indicators.ts';
import { POPULATION_SERIES, populationSeries, type PopulationPoint } from './population.ts';
import { getStrategy, listStrategyVersions, type StrategyVersion } from './strategies.ts';
import { write, type Change, type WriteContext } from './write-gate.ts';

export type {
  EvaluationAreaRow,
  EvaluationFileRow,
  EvaluationRoundRow,
  EvaluationState,
  StoredContent,
} from '../store/evaluation-store.ts';

export const evaluationLimits = { nameMax: 200, textMax: 20_000 } as const;

/** How many of an intervention's newest notes the report prints. */
const NOTES_PER_INTERVENTION = 3;

export interface EvaluationForm {
  readonly name: string;
  /** The period covered, YYYY-MM-DD. */
  readonly from: string;
  readonly to: string;
}

/** An intervention as the report prints it, kept with the round when it is frozen. */
export interface InterventionState {
  readonly id: string;
  readonly areaId: string;
  readonly title: string;
  /** Null where the strategy does not state it and nobody has set it. */
  readonly status: string | null;
  readonly leadCentre: string | null;
  readonly indicatorIds: readonly string[];
  readonly notes: readonly { readonly notedOn: string; readonly body: string; readonly author: string }[];
}

function parseRoundId(id: string): string {
  if (!/^[1-9]\d{0,15}$/.test(id)) throw new NotFoundError(`evaluation round "${id}" not found`);
  return id;
}

async function roundOf(database: Database, id: string): Promise<store.EvaluationRoundRow> {
  const round = await store.findRound(database.db, parseRoundId(id));
  if (!round) throw new NotFoundError(`evaluation round "${id}" not found`);
  return round;
}

async function strategyOf(database: Database, id: string, version?: number): Promise<StrategyVersion> {
  const s = await getStrategy(database, id, version);
  if (!s) throw new NotFoundError(`strategy "${id}" not found`);
  return s;
}

function areaOf(s: StrategyVersion, areaId: string): Area {
  const area = s.definition.areas.find((a) => a.id === areaId);
  if (!area)
    throw new NotFoundError(
      `focus area "${areaId}" is not in the strategy; its areas: ${s.definition.areas.map((a) => a.id).join(', ')}`,
    );
  return area;
}

/** The form checked: a name, and a period of two calendar dates in order. */
export function checkEvaluationForm(form: EvaluationForm): { name: string; from: string; to: string } {
  const errors: string[] = [];
  const name = checkText(form.name, { max: evaluationLimits.nameMax, required: true, multiline: false });
  if (!name.ok) errors.push(`name: ${name.problem}`);
  const from = parseIsoDate(form.from);
  if (!from.ok) errors.push(`from: ${from.problem} (expected a date as YYYY-MM-DD, got "${form.from}")`);
  const to = parseIsoDate(form.to);
  if (!to.ok) errors.push(`to: ${to.problem} (expected a date as YYYY-MM-DD, got "${form.to}")`);
  if (from.ok && to.ok && from.date > to.date) errors.push(`to: before from (${to.date} < ${from.date})`);
  if (errors.length > 0 || !name.ok || !from.ok || !to.ok)
    throw new InvalidInputError('the evaluation round was refused; nothing was stored', errors);
  return { name: name.text, from: from.date, to: to.date };
}

export async function openEvaluation(
  ctx: WriteContext,
  strategyId: string,
  form: EvaluationForm,
): Promise<store.EvaluationRoundRow> {
  const s = await strategyOf(ctx.database, strategyId);
  return write(
    ctx,
    'evaluation.manage',
    async (trx, at) => {
      const checked = checkEvaluationForm(form);
      const round = await store.insertRound(trx, {
        strategyId,
        strategyVersion: s.version,
        ...checked,
        at,
        by: ctx.actor.id,
      });
      return {
        result: round,
        audit: {
          subjectType: 'evaluation-round',
          subjectId: round.id,
          after: { strategy: strategyId, version: s.version, ...checked },
          action: 'evaluation.open',
        },
      };
    },
    { subject: { type: 'strategy', id: strategyId } },
  );
}

/** Writes an area's assessment and proposed adjustments in a draft round; a sign-off of other texts lapses. */
export async function writeAssessment(
  ctx: WriteContext,
  roundId: string,
  areaId: string,
  form: { readonly assessment: string; readonly adjustments: string },
): Promise<store.EvaluationAreaRow> {
  const round = await roundOf(ctx.database, roundId);
  const area = areaOf(await strategyOf(ctx.database, round.strategyId, round.strategyVersion), areaId);
  const subjectId = `${round.id}/${areaId}`;
  return write(
    ctx,
    'area.edit',
    async (trx, at) => {
      const errors: string[] = [];
      const limits = { max: evaluationLimits.textMax, required: false, multiline: true };
      const assessment = checkText(form.assessment, limits);
      if (!assessment.ok) errors.push(`assessment: ${assessment.problem}`);
      const adjustments = checkText(form.adjustments, limits);
      if (!adjustments.ok) errors.push(`adjustments: ${adjustments.problem}`);
      if (!assessment.ok || !adjustments.ok)
        throw new InvalidInputError('the assessment was refused; nothing was stored', errors);
      await draftLocked(trx, round.id);
      const before = (await store.listAreas(trx, round.id)).find((a) => a.areaId === areaId);
      const row = await store.upsertArea(trx, {
        roundId: round.id,
        areaId,
        assessment: assessment.text,
        adjustments: adjustments.text,
        at,
        by: ctx.actor.id,
      });
      return {
        result: row,
        audit: {
          subjectType: 'evaluation-area',
          subjectId,
          before: before && {
            assessment: before.assessment,
            adjustments: before.adjustments,
            signedOff: before.signedOffAt !== null,
          },
          after: {
            assessment: row.assessment,
            adjustments: row.adjustments,
            signedOff: row.signedOffAt !== null,
          },
          action: 'evaluation.assess',
        },
      };
    },
    { resource: areaResource(area), subject: { type: 'evaluation-area', id: subjectId } },
  );
}

/** The tovholder signs off the area's texts as they stand. */
export async function signOffAssessment(
  ctx: WriteContext,
  roundId: string,
  areaId: string,
): Promise<store.EvaluationAreaRow> {
  const round = await roundOf(ctx.database, roundId);
  const area = areaOf(await strategyOf(ctx.database, round.strategyId, round.strategyVersion), areaId);
  const subjectId = `${round.id}/${areaId}`;
  return write(
    ctx,
    'area.signoff',
    async (trx, at) => {
      await draftLocked(trx, round.id);
      const row = await store.signOffArea(trx, { roundId: round.id, areaId, at, by: ctx.actor.id });
      if (!row) throw new ConflictError(`area "${areaId}" has no assessment to sign off yet`);
      return {
        result: row,
        audit: { subjectType: 'evaluation-area', subjectId, after: { signedOffBy: row.signedOffBy } },
      };
    },
    { resource: areaResource(area), subject: { type: 'evaluation-area', id: subjectId } },
  );
}

type Trx = Parameters<Parameters<typeof write>[2]>[0];

async function draftLocked(trx: Trx, roundId: string): Promise<store.EvaluationRoundRow> {
  const round = await store.findRound(trx, roundId, { forUpdate: true });
  if (!round) throw new NotFoundError(`evaluation round "${roundId}" not found`);
  if (round.state !== 'draft')
    throw new ConflictError(`evaluation round ${roundId} is ${round.state}; nothing was changed`);
  return round;
}

/**
 * Freezes a draft round: pins every batch holding figures of the strategy's indicator series and of the
 * population figures, the strategy's newest version and the interventions as they stand. The round row is
 * locked first, so of two freezes at once one freezes and the other finds it frozen (a ConflictError).
 */
export async function freezeEvaluation(
  ctx: WriteContext,
  roundId: string,
): Promise<store.EvaluationRoundRow> {
  const round = await roundOf(ctx.database, roundId);
  // Read before the transaction: the embedded database has one connection, which the transaction holds.
  const versions = await listStrategyVersions(ctx.database, round.strategyId);
  const version = Math.max(round.strategyVersion, ...versions.map((v) => v.version));
  const s = await strategyOf(ctx.database, round.strategyId, version);
  return write(
    ctx,
    'evaluation.manage',
    async (trx, at) => {
      await draftLocked(trx, round.id);
      const series = [
        ...new Set([...s.definition.areas.flatMap((a) => a.indicators.map((i) => i.id)), POPULATION_SERIES]),
      ];
      const pinned = await store.pinBatches(trx, round.id, series);
      const interventions = await interventionStates(trx, round.strategyId);
      const frozen = await store.freezeRound(trx, round.id, {
        at,
        by: ctx.actor.id,
        strategyVersion: version,
        interventions,
      });
      if (!frozen) throw new ConflictError(`evaluation round ${round.id} is no longer a draft`);
      return {
        result: frozen,
        audit: {
          subjectType: 'evaluation-round',
          subjectId: round.id,
          before: { state: 'draft' },
          after: { state: 'frozen', strategyVersion: version, series: series.length, pins: pinned },
          action: 'evaluation.freeze',
        },
      };
    },
    { subject: { type: 'evaluation-round', id: round.id } },
  );
}

async function interventionStates(
  db: Trx | Database['db'],
  strategyId: string,
): Promise<InterventionState[]> {
  const rows = await listInterventions(db, strategyId);
  const out: InterventionState[] = [];
  for (const r of rows) {
    const notes = await listInterventionNotes(db, strategyId, r.id, NOTES_PER_INTERVENTION);
    out.push({
      id: r.id,
      areaId: r.areaId,
      title: r.title,
      status: r.status,
      leadCentre: r.leadCentre,
      indicatorIds: r.indicatorIds,
      notes: notes.map((n) => ({ notedOn: n.notedOn, body: n.body, author: n.author })),
    });
  }
  return out;
}

/** What a frozen round's report is produced from. */
export type KeptContent =
  /** The content kept with the round (now or before): the report is produced from it. */
  | { readonly status: 'kept'; readonly content: store.StoredContent }
  /** A draft: nothing is kept, the report is today's computation. */
  | { readonly status: 'draft' }
  /**
   * A round frozen before contents were kept, whose frozen hash today's computation does not give: no content
   * to produce it from (an administrator may keep today's, `replaceReportContent`).
   */
  | { readonly status: 'differs'; readonly frozenSha256: string };

/**
 * Keeps a frozen round's report content (its canonical text, format and SHA-256) the first time it is produced
 * — at the freeze, or for a round frozen before contents were kept when today's computation gives its frozen
 * hash — and afterwards gives the kept content, whatever today's computation is.
 */
export async function keepReportContent(
  ctx: WriteContext,
  roundId: string,
  today: store.StoredContent,
): Promise<KeptContent> {
  const round = await roundOf(ctx.database, roundId);
  if (round.state === 'draft') return { status: 'draft' };
  const kept = await store.findContent(ctx.database.db, round.id);
  if (kept) return { status: 'kept', content: kept };
  if (round.contentSha256 !== null && round.contentSha256 !== today.sha256)
    return { status: 'differs', frozenSha256: round.contentSha256 };
  return write<KeptContent>(
    ctx,
    'evaluation.manage',
    async (trx) => {
      const set = await store.setContent(trx, round.id, today);
      if (!set) {
        // Another production kept it first (or the round's hash is now another's).
        const now = await store.findContent(trx, round.id);
        if (now) return { result: { status: 'kept', content: now } };
        const row = await store.findRound(trx, round.id);
        return { result: { status: 'differs', frozenSha256: row?.contentSha256 ?? '' } };
      }
      return {
        result: { status: 'kept', content: today },
        audit: {
          subjectType: 'evaluation-round',
          subjectId: round.id,
          ...(round.contentSha256 !== null && { before: { contentSha256: round.contentSha256 } }),
          after: { contentSha256: today.sha256, contentFormat: today.format },
          action: 'evaluation.content',
        },
      };
    },
    { subject: { type: 'evaluation-round', id: round.id } },
  );
}

/**
 * For a round frozen before contents were kept, whose frozen hash today's computation no longer gives: keeps
 * today's content so the report can be produced again, the frozen hash kept beside it. Audited with both.
 */
export async function replaceReportContent(
  ctx: WriteContext,
  roundId: string,
  today: store.StoredContent,
): Promise<store.EvaluationRoundRow> {
  const round = await roundOf(ctx.database, roundId);
  return write(
    ctx,
    'evaluation.manage',
    async (trx) => {
      const now = await store.findRound(trx, round.id, { forUpdate: true });
      const frozen = now?.contentSha256;
      if (!now || now.state === 'draft' || !frozen || (await store.findContent(trx, round.id)))
        throw new ConflictError(
          `evaluation round ${round.id} has no frozen report that today's computation fails to give; nothing was changed`,
        );
      if (frozen === today.sha256)
        throw new ConflictError(
          `today's computation gives the frozen report of evaluation round ${round.id}; nothing was changed`,
        );
      const replaced = await store.replaceContent(trx, round.id, today, frozen);
      if (!replaced)
        throw new ConflictError(`evaluation round ${round.id} changed meanwhile; nothing was changed`);
      return {
        result: replaced,
        audit: {
          subjectType: 'evaluation-round',
          subjectId: round.id,
          before: { contentSha256: frozen },
          after: { contentSha256: today.sha256, contentFormat: today.format, replacedSha256: frozen },
          action: 'evaluation.recompute',
        },
      };
    },
    { subject: { type: 'evaluation-round', id: round.id } },
  );
}

/** Keeps the SHA-256 of a file produced from the round (each distinct file once, audited once). */
export async function recordProducedFile(
  ctx: WriteContext,
  roundId: string,
  format: 'pdf' | 'docx' | 'html',
  bytes: Uint8Array,
): Promise<string> {
  const round = await roundOf(ctx.database, roundId);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return write(
    ctx,
    'internal.read',
    async (trx, at) => {
      const added = await store.recordFile(trx, {
        roundId: round.id,
        format,
        sha256,
        bytes: bytes.byteLength,
        at,
        by: ctx.actor.id,
      });
      return {
        result: sha256,
        ...(added && {
          audit: {
            subjectType: 'evaluation-round',
            subjectId: round.id,
            after: { format, sha256, bytes: bytes.byteLength, state: round.state },
            action: 'evaluation.file',
          },
        }),
      };
    },
    { subject: { type: 'evaluation-round', id: round.id } },
  );
}

export interface DecisionForm {
  readonly date: string;
  readonly text: string;
  readonly strategyVersion?: number | undefined;
}

/** The committee's decision on a frozen round: its date, its text, and the strategy version that followed. */
export async function decideEvaluation(
  ctx: WriteContext,
  roundId: string,
  form: DecisionForm,
): Promise<store.EvaluationRoundRow> {
  const round = await roundOf(ctx.database, roundId);
  const versions = (await listStrategyVersions(ctx.database, round.strategyId)).map((v) => v.version);
  return write(ctx, 'evaluation.manage', (trx, at) => recordDecision(trx, at, ctx, round, form, versions), {
    subject: { type: 'evaluation-round', id: round.id },
  });
}

/**
 * The decision checked and recorded inside the caller's transaction (a revised strategy may be stored in the
 * same one); `versions` are the strategy's versions the decision may name.
 */
export async function recordDecision(
  trx: Trx,
  at: Date,
  ctx: WriteContext,
  round: store.EvaluationRoundRow,
  form: DecisionForm,
  versions: readonly number[],
): Promise<Change<store.EvaluationRoundRow>> {
  const errors: string[] = [];
  const date = parseIsoDate(form.date);
  if (!date.ok) errors.push(`date: ${date.problem} (expected a date as YYYY-MM-DD, got "${form.date}")`);
  const text = checkText(form.text, { max: evaluationLimits.textMax, required: true, multiline: true });
  if (!text.ok) errors.push(`text: ${text.problem}`);
  if (form.strategyVersion !== undefined && !versions.includes(form.strategyVersion))
    errors.push(
      `strategyVersion: ${form.strategyVersion} is not a version of ${round.strategyId} (it has ${versions.join(', ')})`,
    );
  if (errors.length > 0 || !date.ok || !text.ok)
    throw new InvalidInputError('the decision was refused; nothing was stored', errors);
  const current = await store.findRound(trx, round.id, { forUpdate: true });
  if (current?.state !== 'frozen')
    throw new ConflictError(
      `evaluation round ${round.id} is ${current?.state ?? 'gone'}; a decision is recorded on a frozen round`,
    );
  const decided = await store.decideRound(trx, round.id, {
    at,
    by: ctx.actor.id,
    date: date.date,
    text: text.text,
    version: form.strategyVersion ?? null,
  });
  if (!decided) throw new ConflictError(`evaluation round ${round.id} is no longer frozen`);
  return {
    result: decided,
    audit: {
      subjectType: 'evaluation-round',
      subjectId: round.id,
      before: { state: 'frozen' },
      after: {
        state: 'decided',
        date: decided.decisionDate,
        text: decided.decisionText,
        strategyVersion: decided.decisionVersion,
      },
      action: 'evaluation.decide',
    },
  };
}

/**
 * Links a decided round that names no following version to the version that followed it (a revision stored
 * after the decision), inside the caller's transaction.
 */
export async function linkDecisionVersion(
  trx: Trx,
  round: store.EvaluationRoundRow,
  version: number,
): Promise<Change<store.EvaluationRoundRow>> {
  const linked = await store.linkDecisionVersion(trx, round.id, version);
  if (!linked)
    throw new ConflictError(
      `evaluation round ${round.id} is not a decided round without a following version; nothing was stored`,
    );
  return {
    result: linked,
    audit: {
      subjectType: 'evaluation-round',
      subjectId: round.id,
      before: { strategyVersion: null },
      after: { strategyVersion: version },
      action: 'evaluation.decide',
    },
  };
}

export interface EvaluationRecord {
  readonly round: store.EvaluationRoundRow;
  readonly areas: readonly store.EvaluationAreaRow[];
  readonly files: readonly store.EvaluationFileRow[];
}

export async function getEvaluation(database: Database, roundId: string): Promise<EvaluationRecord> {
  const round = await roundOf(database, roundId);
  return {
    round,
    areas: await store.listAreas(database.db, round.id),
    files: await store.listFiles(database.db, round.id),
  };
}

export function listEvaluations(
  database: Database,
  strategyId?: string,
): Promise<readonly store.EvaluationRoundRow[]> {
  return store.listRounds(database.db, strategyId);
}

/** Everything the report of a round stands on: for a frozen round read through its pins only. */
export interface EvaluationData {
  readonly round: store.EvaluationRoundRow;
  readonly areas: readonly store.EvaluationAreaRow[];
  readonly strategy: StrategyVersion;
  /** The municipality's area code and each indicator's view there, in the definition's order. */
  readonly areaCode: string;
  readonly views: readonly IndicatorView[];
  readonly interventions: readonly InterventionState[];
  /** The population by origin in the newest quarter up to the period's end; undefined without figures. */
  readonly population: PopulationPoint | undefined;
  /** The batches the figures come from (for a frozen round: every pinned batch), by id. */
  readonly batches: readonly BatchRecord[];
  readonly pinned: boolean;
}

export async function evaluationData(database: Database, roundId: string): Promise<EvaluationData> {
  const { round, areas } = await getEvaluation(database, roundId);
  const frozen = round.state !== 'draft';
  const strategy = await strategyOf(database, round.strategyId, frozen ? round.strategyVersion : undefined);
  const areaCode = strategy.definition.organisation.areaCode;
  const pins = frozen ? await store.pinsOf(database.db, round.id) : undefined;
  const batchIds = pins && [...new Set([...pins.values()].flat())];
  // A frozen round's targets are judged in the year it was frozen, so its report does not change with the clock.
  // A frozen round's report is protected beside the reports frozen before it, as a draft's beside all of them.
  const byArea = await indicatorViews(database, strategy.definition, [areaCode], {
    ...(batchIds && { batches: batchIds, releasedBefore: round.id }),
    ...(round.frozenAt && { currentYear: Number(danishDate(round.frozenAt).slice(0, 4)) }),
  });
  const views = byArea.get(areaCode) ?? [];
  const points = await populationSeries(database, {
    area: areaCode,
    ...(batchIds && { batches: batchIds }),
  });
  const quarterEnd = (period: string) => {
    const m = /^(\d{4})K([1-4])$/.exec(period);
    return m ? `${m[1]}-${String(Number(m[2]) * 3).padStart(2, '0')}-01` : period;
  };
  const population = points.filter((p) => quarterEnd(p.period) <= round.periodTo).at(-1);
  const used = batchIds ?? [...new Set(views.flatMap((v) => v.sources.map((s) => s.batchId)))];
  const batches = [...(await findBatches(database.db, used))].sort((a, b) => Number(a.id) - Number(b.id));
  return {
    round,
    areas,
    strategy,
    areaCode,
    views,
    interventions: frozen
      ? ((round.interventions ?? []) as InterventionState[])
      : await interventionStates(database.db, round.strategyId),
    population,
    batches,
    pinned: frozen,
  };
}
