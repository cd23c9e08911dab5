// Follow-up rounds: the integration team opens a round with a deadline; each focus area's tovholder writes a
// status note for it (a new note replaces the shown one, the earlier stay in the history); the overview says
// who is late. A closed round takes no more notes, so what went to the politicians stays as it was.
import { areaResource } from '../domain/access/index.ts';
import {
  checkRoundForm,
  checkRoundNoteForm,
  roundCounts,
  roundOverview,
  type AreaRoundEntry,
  type AreaRoundState,
} from '../domain/followup/index.ts';
import type { Area } from '../domain/strategy/index.ts';
import * as store from '../store/round-store.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import { actorName } from './intervention-seed.ts';
import { getStrategy, type StrategyVersion } from './strategies.ts';
import { authorize, write, type WriteContext } from './write-gate.ts';

export type { RoundNoteRow, RoundRow } from '../store/round-store.ts';

async function strategyOf(ctx: WriteContext, strategyId: string): Promise<StrategyVersion> {
  const s = await getStrategy(ctx.database, strategyId);
  if (!s) throw new NotFoundError('strategy not found');
  return s;
}

function parseRoundId(id: string): string {
  if (!/^[1-9]\d{0,15}$/.test(id)) throw new NotFoundError('follow-up round not found');
  return id;
}

async function roundOf(ctx: WriteContext, strategyId: string, roundId: string): Promise<store.RoundRow> {
  const round = await store.findRound(ctx.database.db, strategyId, parseRoundId(roundId));
  if (!round) throw new NotFoundError('follow-up round not found');
  return round;
}

export interface RoundSummary {
  readonly round: store.RoundRow;
  readonly entries: readonly AreaRoundEntry<store.RoundNoteRow>[];
  readonly counts: Record<AreaRoundState, number>;
}

function summarise(
  s: StrategyVersion,
  round: store.RoundRow,
  notes: readonly store.RoundNoteRow[],
  now: Date,
): RoundSummary {
  const latest = new Map<string, store.RoundNoteRow>();
  for (const n of notes) if (!latest.has(n.areaId)) latest.set(n.areaId, n);
  const entries = roundOverview(
    round,
    s.definition.areas.map((a) => a.id),
    latest,
    now,
  );
  return { round, entries, counts: roundCounts(entries) };
}

/** Every round, newest first, each with its areas' states: the coordinator's "who is late". */
export async function listRoundSummaries(
  ctx: WriteContext,
  strategyId: string,
): Promise<readonly RoundSummary[]> {
  await authorize(ctx, 'internal.read');
  const s = await strategyOf(ctx, strategyId);
  const rounds = await store.listRounds(ctx.database.db, strategyId);
  const out: RoundSummary[] = [];
  for (const r of rounds)
    out.push(summarise(s, r, await store.listRoundNotes(ctx.database.db, r.id), ctx.now()));
  return out;
}

export async function roundSummary(
  ctx: WriteContext,
  strategyId: string,
  roundId: string,
): Promise<RoundSummary & { readonly strategy: StrategyVersion }> {
  await authorize(ctx, 'internal.read');
  const s = await strategyOf(ctx, strategyId);
  const round = await roundOf(ctx, strategyId, roundId);
  const notes = await store.listRoundNotes(ctx.database.db, round.id);
  return { ...summarise(s, round, notes, ctx.now()), strategy: s };
}

/** One area's notes in a round, newest first (the first is the one shown). */
export async function roundNotesOf(
  ctx: WriteContext,
  strategyId: string,
  roundId: string,
  areaId: string,
): Promise<{
  round: store.RoundRow;
  area: Area;
  notes: readonly store.RoundNoteRow[];
  strategy: StrategyVersion;
}> {
  await authorize(ctx, 'internal.read');
  const s = await strategyOf(ctx, strategyId);
  const area = s.definition.areas.find((a) => a.id === areaId);
  if (!area) throw new NotFoundError('focus area not found');
  const round = await roundOf(ctx, strategyId, roundId);
  return { round, area, notes: await store.listRoundNotes(ctx.database.db, round.id, areaId), strategy: s };
}

export async function openRound(
  ctx: WriteContext,
  strategyId: string,
  form: { readonly title: string; readonly deadline: string },
): Promise<store.RoundRow> {
  await strategyOf(ctx, strategyId);
  return write(
    ctx,
    'round.manage',
    async (trx, at) => {
      const checked = checkRoundForm(form);
      if (!checked.ok)
        throw new InvalidInputError(
          'the round was refused; nothing was stored',
          checked.errors.map((e) => `${e.field}: ${e.problem}`),
        );
      const round = await store.insertRound(trx, {
        strategyId,
        title: checked.title,
        deadline: checked.deadline,
        at,
        by: actorName(ctx.actor),
      });
      return {
        result: round,
        audit: {
          subjectType: 'followup-round',
          subjectId: `${strategyId}/${round.id}`,
          after: { title: round.title, deadline: round.deadline },
        },
      };
    },
    { subject: { type: 'strategy', id: strategyId } },
  );
}

export async function closeRound(
  ctx: WriteContext,
  strategyId: string,
  roundId: string,
): Promise<store.RoundRow> {
  const round = await roundOf(ctx, strategyId, roundId);
  return write(
    ctx,
    'round.manage',
    async (trx, at) => {
      const closed = await store.closeRound(trx, round.id, at, actorName(ctx.actor));
      if (!closed) throw new ConflictError('the round is already closed');
      return {
        result: closed,
        audit: {
          subjectType: 'followup-round',
          subjectId: `${strategyId}/${round.id}`,
          before: { closed: false },
          after: { closed: true },
          action: 'round.close',
        },
      };
    },
    { subject: { type: 'followup-round', id: `${strategyId}/${round.id}` } },
  );
}

export async function addRoundNote(
  ctx: WriteContext,
  strategyId: string,
  roundId: string,
  areaId: string,
  form: { readonly status: string; readonly body: string },
  author: string,
): Promise<store.RoundNoteRow> {
  const s = await strategyOf(ctx, strategyId);
  const area = s.definition.areas.find((a) => a.id === areaId);
  if (!area) throw new NotFoundError('focus area not found');
  const round = await roundOf(ctx, strategyId, roundId);
  const subject = { type: 'area', id: `${strategyId}/${areaId}` };
  return write(
    ctx,
    'area.edit',
    async (trx, at) => {
      const checked = checkRoundNoteForm(form);
      if (!checked.ok)
        throw new InvalidInputError(
          'the status note was refused; nothing was stored',
          checked.errors.map((e) => `${e.field}: ${e.problem}`),
        );
      const current = await store.findRound(trx, strategyId, round.id, { forUpdate: true });
      if (!current || current.closedAt) throw new ConflictError('the round is closed');
      const note = await store.insertRoundNote(trx, {
        roundId: round.id,
        areaId,
        status: checked.status,
        body: checked.body,
        createdAt: at,
        createdBy: ctx.actor.kind === 'user' ? (ctx.actor.userId ?? null) : null,
        author,
      });
      return {
        result: note,
        audit: {
          subjectType: 'area',
          subjectId: subject.id,
          after: { round: round.id, note: note.id, status: note.status, body: note.body },
          action: 'round.note',
        },
      };
    },
    { resource: areaResource(area), subject },
  );
}
