// Follow-up rounds: the coordinator opens a round with a deadline (and may correct its title and
// deadline while it is open); each focus area's tovholder writes a status note for it (a correction is a new
// note that supersedes the shown one, the earlier stay in the history); the overview says who is late and
// names the people who answer for each area. A closed round takes no more notes or changes, so what went to
// the politicians stays as it was.
import { areaResource } from '../domain/access/index.ts';
import {
  areaResponsibles,
  checkRoundForm,
  checkRoundNoteForm,
  checkSupersedes,
  roundCounts,
  roundOverview,
  type AreaRoundEntry,
  type AreaRoundState,
} from '../domain/followup/index.ts';
import type { Area } from '../domain/strategy/index.ts';
import * as store from '../store/round-store.ts';
import { listEditorsOfCentres } from '../store/user-store.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import { actorName } from './intervention-seed.ts';
import { getStrategy, type StrategyVersion } from './strategies.ts';
import { authorize, write, type WriteContext } from './write-gate.ts';

export type { RoundNoteRow, RoundRow } from '../store/round-store.ts';

/** Another note was written for the area since the form was opened; nothing was stored. */
export class StaleNoteError extends ConflictError {
  constructor() {
    super('another status note was written for the area since the form was opened; nothing was stored');
  }
}

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

/** Someone who answers for an area's note: an editor bound to the area's lead centre. */
export interface ResponsiblePerson {
  readonly name: string;
  readonly email: string;
}

export interface RoundSummary {
  readonly round: store.RoundRow;
  readonly entries: readonly AreaRoundEntry<store.RoundNoteRow>[];
  readonly counts: Record<AreaRoundState, number>;
  /** Per area id, the people who answer for its note (empty when no editor of its lead centre is known). */
  readonly responsibles: ReadonlyMap<string, readonly ResponsiblePerson[]>;
}

/** The active editors of each area's lead centre, read once for all areas. */
async function responsiblesOf(
  ctx: WriteContext,
  s: StrategyVersion,
): Promise<ReadonlyMap<string, readonly ResponsiblePerson[]>> {
  const leads = [...new Set(s.definition.areas.map((a) => a.organisation.lead))];
  const people = (await listEditorsOfCentres(ctx.database.db, leads)).map((u) => ({
    ...u,
    disabled: u.disabledAt !== null,
  }));
  return new Map(
    s.definition.areas.map((a) => [
      a.id,
      areaResponsibles(a.organisation.lead, people).map((p) => ({ name: p.displayName, email: p.email })),
    ]),
  );
}

function summarise(
  s: StrategyVersion,
  round: store.RoundRow,
  notes: readonly store.RoundNoteRow[],
  now: Date,
  responsibles: ReadonlyMap<string, readonly ResponsiblePerson[]>,
): RoundSummary {
  const latest = new Map<string, store.RoundNoteRow>();
  for (const n of notes) if (!latest.has(n.areaId)) latest.set(n.areaId, n);
  const entries = roundOverview(
    round,
    s.definition.areas.map((a) => a.id),
    latest,
    now,
  );
  return { round, entries, counts: roundCounts(entries), responsibles };
}

/** Every round, newest first, each with its areas' states: the coordinator's "who is late". */
export async function listRoundSummaries(
  ctx: WriteContext,
  strategyId: string,
): Promise<readonly RoundSummary[]> {
  await authorize(ctx, 'internal.read');
  const s = await strategyOf(ctx, strategyId);
  const rounds = await store.listRounds(ctx.database.db, strategyId);
  const people = await responsiblesOf(ctx, s);
  const out: RoundSummary[] = [];
  for (const r of rounds)
    out.push(summarise(s, r, await store.listRoundNotes(ctx.database.db, r.id), ctx.now(), people));
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
  return { ...summarise(s, round, notes, ctx.now(), await responsiblesOf(ctx, s)), strategy: s };
}

/** The open rounds and this area's state in each, oldest deadline first: what the area's tovholder must do. */
export async function openRoundsForArea(
  ctx: WriteContext,
  strategyId: string,
  areaId: string,
): Promise<readonly { readonly round: store.RoundRow; readonly state: AreaRoundState }[]> {
  await authorize(ctx, 'internal.read');
  const s = await strategyOf(ctx, strategyId);
  if (!s.definition.areas.some((a) => a.id === areaId)) throw new NotFoundError('focus area not found');
  const open = (await store.listRounds(ctx.database.db, strategyId)).filter((r) => r.closedAt === null);
  const out = [];
  for (const round of open) {
    const notes = await store.listRoundNotes(ctx.database.db, round.id, areaId);
    const latest = new Map(notes[0] ? [[areaId, notes[0]]] : []);
    const entry = roundOverview(round, [areaId], latest, ctx.now())[0];
    if (entry) out.push({ round, state: entry.state });
  }
  return out.sort((a, b) => a.round.deadline.localeCompare(b.round.deadline));
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

/** A round's form: `confirmPast` says the administrator has seen that the deadline lies before today. */
export interface RoundForm {
  readonly title: string;
  readonly deadline: string;
  readonly confirmPast?: boolean;
}

function checkedRound(form: RoundForm, at: Date) {
  const checked = checkRoundForm(form, at);
  if (!checked.ok)
    throw new InvalidInputError(
      'the round was refused; nothing was stored',
      checked.errors.map((e) => `${e.field}: ${e.problem}`),
    );
  return checked;
}

export async function openRound(
  ctx: WriteContext,
  strategyId: string,
  form: RoundForm,
): Promise<store.RoundRow> {
  await strategyOf(ctx, strategyId);
  return write(
    ctx,
    'round.manage',
    async (trx, at) => {
      const checked = checkedRound(form, at);
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

/** Corrects an open round's title and deadline (audited with both versions); a closed round stays as it was. */
export async function updateRound(
  ctx: WriteContext,
  strategyId: string,
  roundId: string,
  form: RoundForm,
): Promise<store.RoundRow> {
  const round = await roundOf(ctx, strategyId, roundId);
  const subjectId = `${strategyId}/${round.id}`;
  return write(
    ctx,
    'round.manage',
    async (trx, at) => {
      const checked = checkedRound(form, at);
      const before = await store.findRound(trx, strategyId, round.id, { forUpdate: true });
      if (!before) throw new NotFoundError('follow-up round not found');
      if (before.closedAt) throw new ConflictError('the round is closed');
      const after = await store.updateRound(trx, round.id, checked);
      if (!after) throw new NotFoundError('follow-up round not found');
      return {
        result: after,
        audit: {
          subjectType: 'followup-round',
          subjectId,
          before: { title: before.title, deadline: before.deadline },
          after: { title: after.title, deadline: after.deadline },
          action: 'round.update',
        },
      };
    },
    { subject: { type: 'followup-round', id: subjectId } },
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
  form: {
    readonly status: string;
    readonly body: string;
    /**
     * The id of the note the form was opened on ('' for none). A different current note means someone wrote
     * in the meantime: refused as a conflict. Left out (a caller without a form), the new note supersedes
     * whichever is current.
     */
    readonly supersedes?: string | undefined;
  },
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
      // The round row is locked above, so no other note of the round can slip in between this read and the insert.
      const shown = (await store.listRoundNotes(trx, round.id, areaId))[0]?.id;
      const corrects = checkSupersedes(shown, form.supersedes ?? shown ?? '');
      if (!corrects.ok) throw new StaleNoteError();
      const note = await store.insertRoundNote(trx, {
        supersedes: corrects.supersedes,
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
          after: {
            round: round.id,
            note: note.id,
            status: note.status,
            body: note.body,
            supersedes: note.supersedes,
          },
          action: 'round.note',
        },
      };
    },
    { resource: areaResource(area), subject },
  );
}
