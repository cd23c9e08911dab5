// Interventions (indsatser): seeded from the strategy's bullets when a definition is loaded, then kept by the
// area's tovholder — status, centres, period, the indicators each is meant to move, and dated progress notes.
// Every change goes through the write gate as `area.edit` on the area the intervention belongs to in the
// database, so an editor cannot reach another area's intervention by changing an id in a request.
import { randomBytes } from 'node:crypto';
import { areaResource, decide, type Actor } from '../domain/access/index.ts';
import {
  leadMovesAway,
  checkInterventionForm,
  checkText,
  danishDate,
  interventionLimits,
  parseIsoDate,
  type FieldError,
  type InterventionForm,
  type InterventionInput,
} from '../domain/followup/index.ts';
import type { Area, StrategyDefinition } from '../domain/strategy/index.ts';
import * as store from '../store/intervention-store.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import { actorName } from './intervention-seed.ts';
import { getStrategy, type StrategyVersion } from './strategies.ts';
import { authorize, write, type WriteContext } from './write-gate.ts';
import type { Database } from './database.ts';

export type { InterventionNoteRow, InterventionRow } from '../store/intervention-store.ts';

function userId(actor: Actor): string | null {
  return actor.kind === 'user' ? (actor.userId ?? null) : null;
}

export function listInterventions(
  database: Database,
  strategyId: string,
  areaId?: string,
): Promise<readonly store.InterventionRow[]> {
  return store.listInterventions(database.db, strategyId, areaId === undefined ? {} : { areaId });
}

/** The interventions that name an indicator among those they are meant to move. */
export async function interventionsForIndicator(
  database: Database,
  strategyId: string,
  indicatorId: string,
): Promise<readonly store.InterventionRow[]> {
  const all = await store.listInterventions(database.db, strategyId);
  return all.filter((i) => i.indicatorIds.includes(indicatorId));
}

export interface InterventionRecord {
  readonly strategy: StrategyVersion;
  /** The focus area it belongs to, from the latest strategy version; undefined if that area was removed. */
  readonly area: Area | undefined;
  readonly intervention: store.InterventionRow;
}

/** An intervention with its strategy and area; archived ones too (their page says so). */
export async function getIntervention(
  database: Database,
  strategyId: string,
  id: string,
): Promise<InterventionRecord | undefined> {
  if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(id)) return undefined;
  const strategy = await getStrategy(database, strategyId);
  if (!strategy) return undefined;
  const intervention = await store.findIntervention(database.db, strategyId, id);
  if (!intervention) return undefined;
  const area = strategy.definition.areas.find((a) => a.id === intervention.areaId);
  return { strategy, area, intervention };
}

/** What the form may choose from: the strategy's centres and indicators. */
export function interventionChoices(definition: StrategyDefinition) {
  return {
    centres: definition.organisation.units.map((c) => c.id),
    indicators: definition.areas.flatMap((a) => a.indicators.map((i) => i.id)),
  };
}

function refuse(errors: readonly FieldError[]): never {
  throw new InvalidInputError(
    'the intervention was refused; nothing was stored',
    errors.map((e) => `${e.field}: ${e.problem}${e.value === undefined ? '' : ` (${e.value})`}`),
  );
}

function snapshot(i: store.InterventionRow | InterventionInput) {
  return {
    title: i.title,
    description: i.description,
    status: i.status,
    leadCentre: i.leadCentre,
    involvedCentres: i.involvedCentres,
    startsOn: i.startsOn,
    endsOn: i.endsOn,
    indicatorIds: i.indicatorIds,
  };
}

export async function createIntervention(
  ctx: WriteContext,
  strategyId: string,
  areaId: string,
  form: InterventionForm,
): Promise<store.InterventionRow> {
  const strategy = await getStrategy(ctx.database, strategyId);
  const area = strategy?.definition.areas.find((a) => a.id === areaId);
  if (!strategy || !area) throw new NotFoundError('focus area not found');
  const subject = { type: 'area', id: `${strategyId}/${areaId}` };
  return write(
    ctx,
    'area.edit',
    async (trx, at) => {
      const checked = checkInterventionForm(form, interventionChoices(strategy.definition));
      if (!checked.ok) refuse(checked.errors);
      const row = await store.insertIntervention(trx, {
        ...checked.input,
        strategyId,
        id: `indsats-${randomBytes(5).toString('hex')}`,
        areaId,
        sourceItem: null,
        position: await store.nextPosition(trx, strategyId, areaId),
        at,
        by: actorName(ctx.actor),
      });
      return {
        result: row,
        audit: { subjectType: 'intervention', subjectId: `${strategyId}/${row.id}`, after: snapshot(row) },
      };
    },
    { resource: areaResource(area), subject },
  );
}

/** The area an existing intervention belongs to, as the policy sees it; an orphan is the coordinator's. */
function resourceOf(record: InterventionRecord) {
  const d = record.strategy.definition;
  if (record.area) return areaResource(record.area);
  // Without a coordinating unit, only the coordinators (administrators) may act on it.
  const lead = d.coordination?.owner ?? '';
  return areaResource({ organisation: { lead, involved: [] } });
}

async function existing(ctx: WriteContext, strategyId: string, id: string): Promise<InterventionRecord> {
  const record = await getIntervention(ctx.database, strategyId, id);
  if (!record) throw new NotFoundError('intervention not found');
  return record;
}

/**
 * An editor's save would move the intervention's responsible centre from one of their centres to another's,
 * and the form did not confirm it. Nothing was stored; `canStillEdit` says whether the policy still lets them
 * edit it afterwards (through the focus area's centres).
 */
export class LeadMoveUnconfirmedError extends ConflictError {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly canStillEdit: boolean,
  ) {
    super(`the responsible centre would move from ${from} to ${to}, outside the editor's own centres`);
  }
}

/** The centres of an editor who is not an administrator (the ones a lead move is judged against). */
function editorCentres(actor: Actor): readonly string[] | undefined {
  if (actor.kind !== 'user' || actor.roles.includes('admin') || !actor.roles.includes('editor'))
    return undefined;
  return actor.centres ?? [];
}

export async function updateIntervention(
  ctx: WriteContext,
  strategyId: string,
  id: string,
  revision: number,
  form: InterventionForm,
  options: { readonly confirmLeadMove?: boolean } = {},
): Promise<store.InterventionRow> {
  const record = await existing(ctx, strategyId, id);
  const subject = { type: 'intervention', id: `${strategyId}/${id}` };
  return write(
    ctx,
    'area.edit',
    async (trx, at) => {
      const checked = checkInterventionForm(form, interventionChoices(record.strategy.definition));
      if (!checked.ok) refuse(checked.errors);
      const before = await store.findIntervention(trx, strategyId, id, { forUpdate: true });
      if (!before) throw new NotFoundError('intervention not found');
      if (before.archivedAt) throw new ConflictError('the intervention has been archived');
      if (before.revision !== revision)
        throw new ConflictError(
          `the intervention was changed by someone else (now revision ${before.revision})`,
        );
      const own = editorCentres(ctx.actor);
      const from = before.leadCentre;
      if (
        own &&
        from !== null &&
        !options.confirmLeadMove &&
        leadMovesAway(own, from, checked.input.leadCentre)
      )
        throw new LeadMoveUnconfirmedError(
          from,
          checked.input.leadCentre,
          decide(ctx.actor, 'area.edit', resourceOf(record)).allowed,
        );
      const after = await store.updateIntervention(
        trx,
        { strategyId, id, revision },
        checked.input,
        at,
        actorName(ctx.actor),
      );
      if (!after) throw new ConflictError('the intervention was changed by someone else');
      return {
        result: after,
        audit: {
          subjectType: 'intervention',
          subjectId: subject.id,
          before: snapshot(before),
          after: snapshot(after),
        },
      };
    },
    { resource: resourceOf(record), subject },
  );
}

export async function archiveIntervention(
  ctx: WriteContext,
  strategyId: string,
  id: string,
): Promise<store.InterventionRow> {
  const record = await existing(ctx, strategyId, id);
  const subject = { type: 'intervention', id: `${strategyId}/${id}` };
  return write(
    ctx,
    'area.edit',
    async (trx, at) => {
      const after = await store.archiveIntervention(trx, { strategyId, id }, at, actorName(ctx.actor));
      if (!after) throw new ConflictError('the intervention is already archived');
      return {
        result: after,
        audit: {
          subjectType: 'intervention',
          subjectId: subject.id,
          before: { archived: false, title: after.title },
          after: { archived: true },
          action: 'intervention.archive',
        },
      };
    },
    { resource: resourceOf(record), subject },
  );
}

export type InterventionNoteProblem =
  'required' | 'tooLong' | 'controlCharacters' | 'format' | 'doesNotExist' | 'outOfRange' | 'future';

export interface InterventionNoteError {
  readonly field: 'notedOn' | 'body';
  readonly problem: InterventionNoteProblem;
}

/** A progress note's date (the day it tells about; not in the future) and text. */
export function checkInterventionNote(
  form: { readonly notedOn: string; readonly body: string },
  now: Date,
): { ok: true; notedOn: string; body: string } | { ok: false; errors: readonly InterventionNoteError[] } {
  const errors: InterventionNoteError[] = [];
  let notedOn = '';
  if (form.notedOn.trim() === '') errors.push({ field: 'notedOn', problem: 'required' });
  else {
    const d = parseIsoDate(form.notedOn);
    if (!d.ok) errors.push({ field: 'notedOn', problem: d.problem });
    else if (d.date > danishDate(now)) errors.push({ field: 'notedOn', problem: 'future' });
    else notedOn = d.date;
  }
  const body = checkText(form.body, { max: interventionLimits.noteMax, required: true, multiline: true });
  if (!body.ok) errors.push({ field: 'body', problem: body.problem });
  if (errors.length > 0 || !body.ok) return { ok: false, errors };
  return { ok: true, notedOn, body: body.text };
}

export async function addInterventionNote(
  ctx: WriteContext,
  strategyId: string,
  id: string,
  form: { readonly notedOn: string; readonly body: string },
  author: string,
): Promise<store.InterventionNoteRow> {
  const record = await existing(ctx, strategyId, id);
  const subject = { type: 'intervention', id: `${strategyId}/${id}` };
  return write(
    ctx,
    'area.edit',
    async (trx, at) => {
      const checked = checkInterventionNote(form, at);
      if (!checked.ok)
        throw new InvalidInputError(
          'the note was refused; nothing was stored',
          checked.errors.map((e) => `${e.field}: ${e.problem}`),
        );
      if (record.intervention.archivedAt) throw new ConflictError('the intervention has been archived');
      const note = await store.insertInterventionNote(trx, {
        strategyId,
        interventionId: id,
        notedOn: checked.notedOn,
        body: checked.body,
        createdAt: at,
        createdBy: userId(ctx.actor),
        author,
      });
      return {
        result: note,
        audit: {
          subjectType: 'intervention',
          subjectId: subject.id,
          after: { note: note.id, notedOn: note.notedOn, body: note.body },
          action: 'intervention.note',
        },
      };
    },
    { resource: resourceOf(record), subject },
  );
}

/** Progress notes are for staff: every logged-in role reads them. */
export async function readInterventionNotes(
  ctx: WriteContext,
  strategyId: string,
  id: string,
): Promise<readonly store.InterventionNoteRow[]> {
  await authorize(ctx, 'internal.read');
  return store.listInterventionNotes(ctx.database.db, strategyId, id);
}

/** Whether the actor may change this intervention (for showing or hiding the edit links). */
export function interventionResource(record: InterventionRecord) {
  return resourceOf(record);
}
