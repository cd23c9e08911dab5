// Interventions (indsatser): a public list and page per intervention — status, centres, period and the
// indicators it is meant to move, each with its current status — and, for the area's tovholder and the
// coordinators, forms to add, edit and archive interventions and to write dated progress notes. A form
// sent after the session ended comes back with the text as typed and a place to log in again.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { areaResource, decide, type Resource } from '../../domain/access/index.ts';
import {
  checkInterventionForm,
  interventionLimits,
  interventionStatuses,
  isInterventionStatus,
  type InterventionForm,
} from '../../domain/followup/index.ts';
import {
  CROSS_CUTTING_AREA,
  unitName,
  type Area,
  type StrategyDefinition,
} from '../../domain/strategy/index.ts';
import { ConflictError } from '../../service/errors.ts';
import { areaSummaries } from '../../service/indicators.ts';
import {
  addInterventionNote,
  archiveIntervention,
  checkInterventionNote,
  createIntervention,
  getIntervention,
  interventionChoices,
  interventionResource,
  LeadMoveUnconfirmedError,
  listInterventions,
  readInterventionNotes,
  updateIntervention,
  type InterventionRecord,
  type InterventionRow,
} from '../../service/interventions.ts';
import { endedItems, getStrategy, type StrategyVersion } from '../../service/strategies.ts';
import { allowAction, allowPage, field, fields, formToken, hrefWith } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { reloginFromForm, reloginView, type Relogin } from '../auth/relogin.ts';
import { fieldMessage, formErrors, type FormError } from '../form-errors.ts';
import { formatDate } from '../format.ts';
import { HttpError } from '../http-error.ts';
import { interventionStatusText, statusWord } from '../status-words.ts';
import { translator, type Language, type Translate } from '../i18n/messages.ts';
import { openRoundNotices } from '../open-rounds.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

interface StrategyParams {
  id: string;
}
interface InterventionParams extends StrategyParams {
  interventionId: string;
}
interface AreaParams extends StrategyParams {
  areaId: string;
}

const base = (strategyId: string) => `/strategier/${strategyId}/indsatser`;

/** The indicators' current status in the municipality, by indicator id. */
async function indicatorStatuses(deps: AuthDeps, definition: StrategyDefinition, lang: Language) {
  const summaries = await areaSummaries(deps.database, definition, definition.organisation.areaCode);
  const out = new Map<string, { key: string; text: string }>();
  for (const s of summaries)
    for (const i of s.indicators) out.set(i.id, { key: i.status, text: statusWord(i.status, lang) });
  return out;
}

function centreName(definition: StrategyDefinition, id: string): string {
  return unitName(definition, id);
}

/** The status as the page says it; "Ikke angivet" where neither the strategy nor anyone since has set it. */
function statusText(t: Translate, i: InterventionRow): string {
  return interventionStatusText(t, i.status);
}

function leadText(t: Translate, d: StrategyDefinition, i: InterventionRow): string {
  return i.leadCentre === null ? t('notStated') : centreName(d, i.leadCentre);
}

function periodText(t: Translate, day: (d: string) => string, row: InterventionRow): string {
  if (row.startsOn && row.endsOn)
    return t('interventions.periodFromTo', { from: day(row.startsOn), to: day(row.endsOn) });
  if (row.startsOn) return t('interventions.periodFrom', { from: day(row.startsOn) });
  if (row.endsOn) return t('interventions.periodTo', { to: day(row.endsOn) });
  return t('notStated');
}

function formFromBody(body: unknown): InterventionForm {
  return {
    title: field(body, 'title') ?? '',
    description: field(body, 'description') ?? '',
    status: field(body, 'status') ?? '',
    leadCentre: field(body, 'leadCentre') ?? '',
    involvedCentres: fields(body, 'involvedCentres'),
    startsOn: field(body, 'startsOn') ?? '',
    endsOn: field(body, 'endsOn') ?? '',
    indicatorIds: fields(body, 'indicatorIds'),
  };
}

function formFromRow(row: InterventionRow): InterventionForm {
  return {
    title: row.title,
    description: row.description,
    status: row.status ?? '',
    leadCentre: row.leadCentre ?? '',
    involvedCentres: row.involvedCentres,
    startsOn: row.startsOn ?? '',
    endsOn: row.endsOn ?? '',
    indicatorIds: row.indicatorIds,
  };
}

export function registerInterventions(app: FastifyInstance, deps: AuthDeps): void {
  const strategyOf = async (id: string): Promise<StrategyVersion> => {
    const s = await getStrategy(deps.database, id);
    if (!s) throw new HttpError(404, 'strategy not found');
    return s;
  };
  const recordOf = async (
    req: FastifyRequest<{ Params: InterventionParams }>,
  ): Promise<InterventionRecord> => {
    const r = await getIntervention(deps.database, req.params.id, req.params.interventionId);
    if (!r) throw new HttpError(404, 'intervention not found');
    return r;
  };
  /** The intervention as the policy and the audit log see it: its area's centres, and its id. */
  const gate = (record: InterventionRecord) => ({
    resource: interventionResource(record),
    subject: { type: 'intervention', id: `${record.strategy.strategyId}/${record.intervention.id}` },
  });
  const mayEdit = (req: FastifyRequest, resource: Resource) =>
    !!req.auth.viewer && decide(req.auth.actor, 'area.edit', resource).allowed;
  const crumbs = (lang: Language, s: StrategyVersion, extra: { text: string; href?: string }[]) => {
    const t = translator(lang);
    return [
      { text: t('nav.home'), href: link('/', lang) },
      { text: s.definition.title, href: link(`/strategier/${s.strategyId}`, lang) },
      { text: t('interventions.title'), href: link(base(s.strategyId), lang) },
      ...extra,
    ];
  };

  // The list: every intervention by focus area, optionally one status only.
  app.get<{ Params: StrategyParams }>('/strategier/:id/indsatser', async (req, reply) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const s = await strategyOf(req.params.id);
    const raw = (req.query as Record<string, unknown>).status;
    if (raw !== undefined && raw !== '' && (typeof raw !== 'string' || !isInterventionStatus(raw)))
      throw new HttpError(400, t('interventions.badStatus'));
    const status = typeof raw === 'string' && raw !== '' ? raw : undefined;
    const all = await listInterventions(deps.database, s.strategyId);
    const ended = await endedItems(deps.database, s.strategyId);
    const day = (d: string) => formatDate(d, lang);
    const row = (i: InterventionRow) => ({
      href: link(`${base(s.strategyId)}/${i.id}`, lang),
      title: i.title,
      status: i.status ?? 'unstated',
      statusText: statusText(t, i),
      endedBy: i.sourceItem ? ended.interventions.get(i.sourceItem)?.version : undefined,
      lead: leadText(t, s.definition, i),
      period: periodText(t, day, i),
      indicators: i.indicatorIds.length,
    });
    const shown = (i: InterventionRow) => !status || i.status === status;
    const areas = s.definition.areas.map((a) => ({
      area: a,
      canCreate: mayEdit(req, areaResource(a)),
      createHref: link(`/strategier/${s.strategyId}/omraader/${a.id}/indsatser/ny`, lang),
      items: all.filter((i) => i.areaId === a.id && shown(i)).map(row),
    }));
    // The strategy's cross-cutting interventions, where it has any, after the areas'.
    const across = all.filter((i) => i.areaId === CROSS_CUTTING_AREA);
    if (across.length > 0) {
      const level = s.definition.levels.intervention;
      areas.push({
        area: {
          id: 'paa-tvaers',
          title: t('strategy.crossCutting', {
            level: lang === 'da' ? (level.daPlural ?? level.da) : (level.enPlural ?? level.en),
          }),
        } as Area,
        canCreate: false,
        createHref: '',
        items: across.filter(shown).map(row),
      });
    }
    return reply.type('text/html').send(
      renderPage(
        'interventions.njk',
        { lang, path: requestPath(req) },
        {
          title: t('interventions.title'),
          organisationName: s.definition.organisation.name,
          breadcrumbs: [...crumbs(lang, s, []).slice(0, 2), { text: t('interventions.title') }],
          s,
          areas,
          statuses: interventionStatuses,
          status: status ?? '',
          action: link(base(s.strategyId), lang),
        },
      ),
    );
  });

  // One intervention: what it is, the indicators it should move, and (for staff) its progress notes.
  const detailPage = async (
    req: FastifyRequest<{ Params: InterventionParams }>,
    reply: FastifyReply,
    code: number,
    options: {
      note?: { notedOn: string; body: string };
      errors?: readonly FormError[];
      relogin?: Relogin;
      conflict?: boolean;
    } = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const record = await recordOf(req);
    const { strategy: s, intervention: i } = record;
    const d = s.definition;
    const statuses = await indicatorStatuses(deps, d, lang);
    const ended = await endedItems(deps.database, s.strategyId);
    const indicators = i.indicatorIds.map((id) => {
      const area = d.areas.find((a) => a.indicators.some((x) => x.id === id));
      const ind = area?.indicators.find((x) => x.id === id);
      const st = statuses.get(id);
      // A link to an indicator a later version dropped: named as it was, and marked as ended by that version.
      const gone = ind ? undefined : ended.indicators.get(id);
      if (!ind)
        return {
          title: gone?.title ?? id,
          href: undefined,
          areaTitle: '',
          statusKey: 'ended',
          statusText: gone
            ? t('interventions.indicatorEnded', { version: gone.version })
            : t('interventions.indicatorUnknown'),
        };
      return {
        title: ind.title,
        href: link(`/strategier/${s.strategyId}/indikatorer/${id}`, lang),
        areaTitle: area?.title ?? '',
        statusKey: st?.key ?? 'not-enough-data',
        statusText: st?.text ?? statusWord('not-enough-data', lang),
      };
    });
    const viewer = req.auth.viewer;
    const notes = viewer ? await readInterventionNotes(writeContext(req, deps), s.strategyId, i.id) : [];
    const canEdit = !i.archivedAt && mayEdit(req, interventionResource(record));
    // The area's tovholder is told of the open rounds the area must write in.
    const openRounds =
      canEdit && record.area
        ? await openRoundNotices(writeContext(req, deps), lang, s.strategyId, record.area.id)
        : [];
    const errs = formErrors(options.errors ?? []);
    const q = req.query as Record<string, unknown>;
    const day = (x: string) => formatDate(x, lang);
    const href = `${base(s.strategyId)}/${i.id}`;
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'intervention.njk',
          { lang, path: requestPath(req) },
          {
            title: i.title,
            organisationName: d.organisation.name,
            breadcrumbs: crumbs(lang, s, [{ text: shorten(i.title) }]),
            s,
            i,
            endedBy: i.sourceItem ? ended.interventions.get(i.sourceItem) : undefined,
            levels: d.levels,
            areaHref: record.area
              ? link(`/strategier/${s.strategyId}/omraader/${record.area.id}`, lang)
              : undefined,
            areaTitle: record.area?.title,
            statusText: statusText(t, i),
            lead: leadText(t, d, i),
            involved: i.involvedCentres.map((c) => centreName(d, c)),
            periodText: periodText(t, day, i),
            indicators,
            notes,
            openRounds,
            canEdit,
            // A visitor whose session ended still sees the form they were filling in.
            showNoteForm: canEdit || (!!options.relogin && !viewer),
            editHref: link(`${href}/rediger`, lang),
            archiveHref: link(`${href}/arkiver`, lang),
            noteAction: link(`${href}/noter`, lang),
            note: options.note ?? { notedOn: '', body: '' },
            noteMax: interventionLimits.noteMax,
            errors: errs.list,
            fieldErrors: errs.byField,
            conflict: options.conflict,
            saved: q.gemt === '1',
            noteSaved: q.note === '1',
            relogin: reloginView(req, t, options.relogin),
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  app.get<{ Params: InterventionParams }>('/strategier/:id/indsatser/:interventionId', (req, reply) =>
    detailPage(req, reply, 200),
  );

  app.post<{ Params: InterventionParams }>(
    '/strategier/:id/indsatser/:interventionId/noter',
    async (req, reply) => {
      const note = { notedOn: field(req.body, 'notedOn') ?? '', body: field(req.body, 'body') ?? '' };
      const record = await recordOf(req);
      const relogin = await reloginFromForm(req, reply, deps);
      if (!req.auth.viewer)
        return detailPage(req, reply, relogin.status === 'failed' ? relogin.httpStatus : 401, {
          note,
          relogin,
        });
      if (!(await allowAction(req, reply, deps, 'area.edit', gate(record)))) return reply;
      const lang = requestLanguage(req);
      const t = translator(lang);
      const checked = checkInterventionNote(note, deps.now());
      if (!checked.ok) {
        const labels = { notedOn: t('interventions.note.date'), body: t('interventions.note.body') };
        const errors = checked.errors.map((e) => ({
          id: e.field === 'notedOn' ? 'notedOn' : 'body',
          message: fieldMessage(t, labels[e.field], e.problem, {
            max: interventionLimits.noteMax,
            length: [...note.body.trim()].length,
          }),
        }));
        return detailPage(req, reply, 400, { note, errors });
      }
      try {
        await addInterventionNote(
          writeContext(req, deps),
          record.strategy.strategyId,
          record.intervention.id,
          note,
          req.auth.viewer.name,
        );
      } catch (e) {
        if (e instanceof ConflictError) return detailPage(req, reply, 409, { note, conflict: true });
        throw e;
      }
      return reply.redirect(
        hrefWith(`${base(record.strategy.strategyId)}/${record.intervention.id}`, lang, { note: '1' }) +
          '#noter',
        303,
      );
    },
  );

  // The form to add or edit an intervention.
  const formPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    code: number,
    ctx: { s: StrategyVersion; area: Area | undefined; areaId: string; record?: InterventionRecord },
    options: {
      form: InterventionForm;
      revision?: number;
      errors?: readonly FormError[];
      relogin?: Relogin;
      conflict?: boolean;
      leadMove?: LeadMoveUnconfirmedError;
    },
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const d = ctx.s.definition;
    const errs = formErrors(options.errors ?? []);
    const editing = ctx.record !== undefined;
    const action = editing
      ? link(`${base(ctx.s.strategyId)}/${ctx.record?.intervention.id}/rediger`, lang)
      : link(`/strategier/${ctx.s.strategyId}/omraader/${ctx.areaId}/indsatser/ny`, lang);
    const heading = editing ? t('interventions.edit') : t('interventions.new');
    const crumbExtra = editing
      ? [
          {
            text: shorten(ctx.record?.intervention.title ?? ''),
            href: link(`${base(ctx.s.strategyId)}/${ctx.record?.intervention.id}`, lang),
          },
          { text: heading },
        ]
      : [{ text: heading }];
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'intervention-form.njk',
          { lang, path: requestPath(req) },
          {
            title: `${heading}: ${ctx.area?.title ?? ctx.areaId}`,
            heading,
            organisationName: d.organisation.name,
            breadcrumbs: crumbs(lang, ctx.s, crumbExtra),
            areaTitle: ctx.area?.title ?? ctx.areaId,
            values: options.form,
            revision: options.revision,
            statuses: interventionStatuses,
            centres: d.organisation.units,
            indicatorGroups: d.areas.map((a) => ({
              title: a.title,
              indicators: a.indicators.map((x) => ({ id: x.id, title: x.title })),
            })),
            limits: interventionLimits,
            errors: errs.list,
            fieldErrors: errs.byField,
            conflict: options.conflict,
            leadMove: options.leadMove && {
              title: t('interventions.leadMove.title'),
              body: t('interventions.leadMove.body', {
                from: centreName(d, options.leadMove.from),
                to: centreName(d, options.leadMove.to),
              }),
              edit: options.leadMove.canStillEdit
                ? t('interventions.leadMove.canEdit', { area: ctx.area?.title ?? ctx.areaId })
                : t('interventions.leadMove.cannotEdit'),
              confirm: t('interventions.leadMove.confirm', { to: centreName(d, options.leadMove.to) }),
            },
            relogin: reloginView(req, t, options.relogin),
            action,
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  const formErrorList = (
    t: Translate,
    form: InterventionForm,
    errors: ReturnType<typeof checkInterventionForm>,
  ) => {
    if (errors.ok) return [];
    const labels: Record<keyof InterventionForm, string> = {
      title: t('interventions.field.title'),
      description: t('interventions.field.description'),
      status: t('interventions.field.status'),
      leadCentre: t('interventions.field.lead'),
      involvedCentres: t('interventions.field.involved'),
      startsOn: t('interventions.field.startsOn'),
      endsOn: t('interventions.field.endsOn'),
      indicatorIds: t('interventions.field.indicators'),
    };
    const ids: Record<keyof InterventionForm, string> = {
      title: 'title',
      description: 'description',
      status: 'status',
      leadCentre: 'leadCentre',
      involvedCentres: 'involvedCentres',
      startsOn: 'startsOn',
      endsOn: 'endsOn',
      indicatorIds: 'indicatorIds',
    };
    return errors.errors.map((e) => {
      const max = e.field === 'title' ? interventionLimits.titleMax : interventionLimits.descriptionMax;
      const text = e.field === 'title' || e.field === 'description' ? form[e.field].trim() : '';
      return {
        id: ids[e.field],
        message: fieldMessage(t, labels[e.field], e.problem, {
          value: e.value,
          max,
          length: [...text].length,
        }),
      };
    });
  };

  const areaOf = async (req: FastifyRequest<{ Params: AreaParams }>) => {
    const s = await strategyOf(req.params.id);
    const area = s.definition.areas.find((a) => a.id === req.params.areaId);
    if (!area) throw new HttpError(404, 'focus area not found');
    return { s, area };
  };

  app.get<{ Params: AreaParams }>('/strategier/:id/omraader/:areaId/indsatser/ny', async (req, reply) => {
    const { s, area } = await areaOf(req);
    const subject = { type: 'area', id: `${s.strategyId}/${area.id}` };
    if (!(await allowPage(req, reply, deps, 'area.edit', { resource: areaResource(area), subject })))
      return reply;
    const form: InterventionForm = {
      title: '',
      description: '',
      status: 'planned',
      leadCentre: area.organisation.lead,
      involvedCentres: area.organisation.involved,
      startsOn: '',
      endsOn: '',
      indicatorIds: [],
    };
    return formPage(req, reply, 200, { s, area, areaId: area.id }, { form });
  });

  app.post<{ Params: AreaParams }>('/strategier/:id/omraader/:areaId/indsatser/ny', async (req, reply) => {
    const { s, area } = await areaOf(req);
    const form = formFromBody(req.body);
    const ctx = { s, area, areaId: area.id };
    const relogin = await reloginFromForm(req, reply, deps);
    if (!req.auth.viewer)
      return formPage(req, reply, relogin.status === 'failed' ? relogin.httpStatus : 401, ctx, {
        form,
        relogin,
      });
    const subject = { type: 'area', id: `${s.strategyId}/${area.id}` };
    if (!(await allowAction(req, reply, deps, 'area.edit', { resource: areaResource(area), subject })))
      return reply;
    const t = translator(requestLanguage(req));
    const checked = checkInterventionForm(form, interventionChoices(s.definition));
    if (!checked.ok) return formPage(req, reply, 400, ctx, { form, errors: formErrorList(t, form, checked) });
    const row = await createIntervention(writeContext(req, deps), s.strategyId, area.id, form);
    return reply.redirect(
      hrefWith(`${base(s.strategyId)}/${row.id}`, requestLanguage(req), { gemt: '1' }),
      303,
    );
  });

  app.get<{ Params: InterventionParams }>(
    '/strategier/:id/indsatser/:interventionId/rediger',
    async (req, reply) => {
      const record = await recordOf(req);
      if (!(await allowPage(req, reply, deps, 'area.edit', gate(record)))) return reply;
      if (record.intervention.archivedAt)
        throw new HttpError(409, translator(requestLanguage(req))('interventions.archivedNoEdit'));
      return formPage(
        req,
        reply,
        200,
        { s: record.strategy, area: record.area, areaId: record.intervention.areaId, record },
        { form: formFromRow(record.intervention), revision: record.intervention.revision },
      );
    },
  );

  app.post<{ Params: InterventionParams }>(
    '/strategier/:id/indsatser/:interventionId/rediger',
    async (req, reply) => {
      const record = await recordOf(req);
      const form = formFromBody(req.body);
      const rawRevision = field(req.body, 'revision') ?? '';
      const revision = /^[1-9]\d{0,8}$/.test(rawRevision) ? Number(rawRevision) : undefined;
      const ctx = { s: record.strategy, area: record.area, areaId: record.intervention.areaId, record };
      const relogin = await reloginFromForm(req, reply, deps);
      if (!req.auth.viewer)
        return formPage(req, reply, relogin.status === 'failed' ? relogin.httpStatus : 401, ctx, {
          form,
          revision,
          relogin,
        });
      if (!(await allowAction(req, reply, deps, 'area.edit', gate(record)))) return reply;
      const t = translator(requestLanguage(req));
      if (revision === undefined) throw new HttpError(400, t('interventions.badRevision'));
      const checked = checkInterventionForm(form, interventionChoices(record.strategy.definition));
      if (!checked.ok)
        return formPage(req, reply, 400, ctx, { form, revision, errors: formErrorList(t, form, checked) });
      try {
        await updateIntervention(
          writeContext(req, deps),
          record.strategy.strategyId,
          record.intervention.id,
          revision,
          form,
          { confirmLeadMove: field(req.body, 'confirmLeadMove') === 'ja' },
        );
      } catch (e) {
        // The responsible centre would leave the editor's own centres: ask, keeping everything typed.
        if (e instanceof LeadMoveUnconfirmedError)
          return formPage(req, reply, 200, ctx, { form, revision, leadMove: e });
        // Someone saved first: show their version's number so the user can merge and send again.
        if (e instanceof ConflictError) {
          const now = await getIntervention(
            deps.database,
            record.strategy.strategyId,
            record.intervention.id,
          );
          return formPage(req, reply, 409, ctx, {
            form,
            revision: now?.intervention.revision ?? revision,
            conflict: true,
          });
        }
        throw e;
      }
      return reply.redirect(
        hrefWith(`${base(record.strategy.strategyId)}/${record.intervention.id}`, requestLanguage(req), {
          gemt: '1',
        }),
        303,
      );
    },
  );

  // Archiving asks first; an archived intervention keeps its page and notes but leaves the lists.
  const archivePage = async (
    req: FastifyRequest<{ Params: InterventionParams }>,
    reply: FastifyReply,
    record: InterventionRecord,
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const href = `${base(record.strategy.strategyId)}/${record.intervention.id}`;
    return reply.type('text/html').send(
      renderPage(
        'intervention-archive.njk',
        { lang, path: requestPath(req) },
        {
          title: t('interventions.archive.title'),
          organisationName: record.strategy.definition.organisation.name,
          breadcrumbs: crumbs(lang, record.strategy, [
            { text: shorten(record.intervention.title), href: link(href, lang) },
            { text: t('interventions.archive.title') },
          ]),
          i: record.intervention,
          action: link(`${href}/arkiver`, lang),
          cancelHref: link(href, lang),
          csrfToken: formToken(req, reply),
        },
      ),
    );
  };

  app.get<{ Params: InterventionParams }>(
    '/strategier/:id/indsatser/:interventionId/arkiver',
    async (req, reply) => {
      const record = await recordOf(req);
      if (!(await allowPage(req, reply, deps, 'area.edit', gate(record)))) return reply;
      // Already archived (by someone else, or a second click): the page says so.
      if (record.intervention.archivedAt)
        return reply.redirect(
          link(`${base(record.strategy.strategyId)}/${record.intervention.id}`, requestLanguage(req)),
          303,
        );
      return archivePage(req, reply, record);
    },
  );

  app.post<{ Params: InterventionParams }>(
    '/strategier/:id/indsatser/:interventionId/arkiver',
    async (req, reply) => {
      const record = await recordOf(req);
      if (!(await allowPage(req, reply, deps, 'area.edit', gate(record)))) return reply;
      try {
        await archiveIntervention(
          writeContext(req, deps),
          record.strategy.strategyId,
          record.intervention.id,
        );
      } catch (e) {
        // Archived already: nothing more to do, and the page shows when it happened.
        if (!(e instanceof ConflictError)) throw e;
      }
      return reply.redirect(
        hrefWith(`${base(record.strategy.strategyId)}/${record.intervention.id}`, requestLanguage(req), {
          gemt: '1',
        }),
        303,
      );
    },
  );
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text;
}
