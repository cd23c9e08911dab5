// Follow-up rounds: the coordinator opens a round with a deadline (a past one only when the form
// confirms it), corrects its title and deadline while it is open, and closes it after a confirmation page;
// each area's tovholder writes the area's status note for the round, beside the area's interventions and
// indicators, and corrects it with a newer note; everyone logged in sees every open round, which areas have
// reported, which came in late, who is late now and who answers for each area.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { areaResource, decide } from '../../domain/access/index.ts';
import {
  checkRoundForm,
  checkRoundNoteForm,
  danishDate,
  roundLimits,
  roundNoteStatuses,
} from '../../domain/followup/index.ts';
import { unitName, type Area, type StrategyDefinition } from '../../domain/strategy/index.ts';
import { ConflictError, NotFoundError } from '../../service/errors.ts';
import {
  addRoundNote,
  closeRound,
  listRoundSummaries,
  openRound,
  roundNotesOf,
  roundSummary,
  StaleNoteError,
  updateRound,
  type RoundForm,
  type RoundSummary,
} from '../../service/followup-rounds.ts';
import { areaSummaries } from '../../service/indicators.ts';
import { listInterventions } from '../../service/interventions.ts';
import { getStrategy } from '../../service/strategies.ts';
import { allowAction, allowPage, field, formToken, hrefWith } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { reloginFromForm, reloginView, type Relogin } from '../auth/relogin.ts';
import { fieldMessage, formErrors, type FormError } from '../form-errors.ts';
import { formatDate } from '../format.ts';
import { HttpError } from '../http-error.ts';
import { interventionStatusText, statusWord } from '../status-words.ts';
import { translator, type Language, type Translate } from '../i18n/messages.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

interface StrategyParams {
  id: string;
}
interface RoundParams extends StrategyParams {
  roundId: string;
}
interface RoundAreaParams extends RoundParams {
  areaId: string;
}

const base = (strategyId: string) => `/strategier/${strategyId}/opfoelgning`;

/** Service "not found" (an unknown round or area) becomes the Danish 404 page. */
async function found<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NotFoundError) throw new HttpError(404, e.message);
    throw e;
  }
}

function centreName(d: StrategyDefinition, id: string): string {
  return unitName(d, id);
}

function presentSummary(lang: Language, t: Translate, d: StrategyDefinition, summary: RoundSummary) {
  const href = `${base(d.id)}/${summary.round.id}`;
  return {
    id: summary.round.id,
    title: summary.round.title,
    deadline: summary.round.deadline,
    closed: summary.round.closedAt !== null,
    href: link(href, lang),
    counts: summary.counts,
    areas: summary.entries.map((e) => {
      const area = d.areas.find((a) => a.id === e.areaId);
      return {
        id: e.areaId,
        title: area?.title ?? e.areaId,
        lead: area ? centreName(d, area.organisation.lead) : '',
        state: e.state,
        stateText: t(`round.state.${e.state}`),
        note: e.note && {
          status: e.note.status,
          statusText: t(`round.noteStatus.${e.note.status}` as 'round.noteStatus.on-track'),
          author: e.note.author,
          createdAt: e.note.createdAt,
        },
        href: link(`${href}/omraader/${e.areaId}`, lang),
        responsibles: summary.responsibles.get(e.areaId) ?? [],
      };
    }),
  };
}

/** The round form as sent: the confirmation of a past deadline is a checkbox with the value `ja`. */
function roundValues(body: unknown): RoundForm & { readonly confirmPast: boolean } {
  return {
    title: field(body, 'title') ?? '',
    deadline: field(body, 'deadline') ?? '',
    confirmPast: field(body, 'confirmPast') === 'ja',
  };
}

/** The form's problems, worded; `askPast` when the form must show the box that confirms a past deadline. */
function roundErrors(
  lang: Language,
  values: RoundForm,
  now: Date,
): { readonly errors: readonly FormError[]; readonly askPast: boolean } {
  const t = translator(lang);
  const checked = checkRoundForm(values, now);
  if (checked.ok) return { errors: [], askPast: false };
  const labels = { title: t('round.field.title'), deadline: t('round.field.deadline') };
  const askPast = checked.errors.some((e) => e.problem === 'inPast');
  const errors = checked.errors.map((e) => ({
    id: e.field,
    message:
      e.problem === 'inPast'
        ? t('round.deadlineInPast', { date: formatDate(values.deadline.trim(), lang) })
        : fieldMessage(t, labels[e.field], e.problem, {
            max: roundLimits.titleMax,
            length: [...values.title.trim()].length,
          }),
  }));
  return { errors, askPast };
}

export function registerFollowup(app: FastifyInstance, deps: AuthDeps): void {
  const strategyOf = async (id: string) => {
    const s = await getStrategy(deps.database, id);
    if (!s) throw new HttpError(404, 'strategy not found');
    return s;
  };
  const crumbs = (lang: Language, d: StrategyDefinition, extra: { text: string; href?: string }[]) => {
    const t = translator(lang);
    return [
      { text: t('nav.home'), href: link('/', lang) },
      { text: d.title, href: link(`/strategier/${d.id}`, lang) },
      ...extra,
    ];
  };
  const adminSubject = (strategyId: string, roundId: string) => ({
    subject: { type: 'followup-round', id: `${strategyId}/${roundId}` },
  });

  // The overview: every open round with its table, the closed ones by name, and (for administrators) a new round.
  const overviewPage = async (
    req: FastifyRequest<{ Params: StrategyParams }>,
    reply: FastifyReply,
    code: number,
    options: { values?: RoundForm; errors?: readonly FormError[]; askPast?: boolean } = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const s = await strategyOf(req.params.id);
    const summaries = await listRoundSummaries(writeContext(req, deps), s.strategyId);
    const errs = formErrors(options.errors ?? []);
    const rounds = summaries.map((x) => presentSummary(lang, t, s.definition, x));
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'followup.njk',
          { lang, path: requestPath(req) },
          {
            title: t('round.title'),
            organisationName: s.definition.organisation.name,
            breadcrumbs: crumbs(lang, s.definition, [{ text: t('round.title') }]),
            openRounds: rounds.filter((r) => !r.closed),
            closedRounds: rounds.filter((r) => r.closed),
            canManage: decide(req.auth.actor, 'round.manage').allowed,
            values: options.values ?? { title: '', deadline: '' },
            askPast: options.askPast ?? false,
            errors: errs.list,
            fieldErrors: errs.byField,
            action: link(base(s.strategyId), lang),
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  app.get<{ Params: StrategyParams }>('/strategier/:id/opfoelgning', async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
    return overviewPage(req, reply, 200);
  });

  app.post<{ Params: StrategyParams }>('/strategier/:id/opfoelgning', async (req, reply) => {
    const s = await strategyOf(req.params.id);
    if (
      !(await allowPage(req, reply, deps, 'round.manage', {
        subject: { type: 'strategy', id: s.strategyId },
      }))
    )
      return reply;
    const values = roundValues(req.body);
    const { errors, askPast } = roundErrors(requestLanguage(req), values, deps.now());
    if (errors.length > 0) return overviewPage(req, reply, 400, { values, errors, askPast });
    const round = await openRound(writeContext(req, deps), s.strategyId, values);
    return reply.redirect(
      hrefWith(`${base(s.strategyId)}/${round.id}`, requestLanguage(req), { oprettet: '1' }),
      303,
    );
  });

  // One round: its table, and for administrators while it is open a form to correct it and a way to close it.
  const roundPage = async (
    req: FastifyRequest<{ Params: RoundParams }>,
    reply: FastifyReply,
    code: number,
    options: {
      values?: RoundForm;
      errors?: readonly FormError[];
      askPast?: boolean;
      conflict?: boolean;
    } = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const summary = await found(roundSummary(writeContext(req, deps), req.params.id, req.params.roundId));
    const d = summary.strategy.definition;
    const q = req.query as Record<string, unknown>;
    const presented = presentSummary(lang, t, d, summary);
    const errs = formErrors(options.errors ?? []);
    const notice =
      q.oprettet === '1'
        ? t('round.created')
        : q.rettet === '1'
          ? t('round.updated')
          : q.afsluttet === '1' && summary.round.closedAt
            ? t('round.closedDone')
            : undefined;
    const past = summary.round.deadline < danishDate(deps.now());
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'followup-round.njk',
          { lang, path: requestPath(req) },
          {
            title: summary.round.title,
            organisationName: d.organisation.name,
            breadcrumbs: crumbs(lang, d, [
              { text: t('round.title'), href: link(base(d.id), lang) },
              { text: summary.round.title },
            ]),
            round: presented,
            canManage: decide(req.auth.actor, 'round.manage').allowed,
            notice,
            pastWarning: past && !summary.round.closedAt && summary.counts.late > 0,
            conflict: options.conflict,
            values: options.values ?? { title: summary.round.title, deadline: summary.round.deadline },
            askPast: options.askPast ?? false,
            errors: errs.list,
            fieldErrors: errs.byField,
            editAction: link(`${base(d.id)}/${summary.round.id}/rediger`, lang),
            closeHref: link(`${base(d.id)}/${summary.round.id}/luk`, lang),
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  app.get<{ Params: RoundParams }>('/strategier/:id/opfoelgning/:roundId', async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
    return roundPage(req, reply, 200);
  });

  app.post<{ Params: RoundParams }>('/strategier/:id/opfoelgning/:roundId/rediger', async (req, reply) => {
    const s = await strategyOf(req.params.id);
    if (!(await allowPage(req, reply, deps, 'round.manage', adminSubject(s.strategyId, req.params.roundId))))
      return reply;
    const values = roundValues(req.body);
    const { errors, askPast } = roundErrors(requestLanguage(req), values, deps.now());
    if (errors.length > 0) return roundPage(req, reply, 400, { values, errors, askPast });
    try {
      await found(updateRound(writeContext(req, deps), s.strategyId, req.params.roundId, values));
    } catch (e) {
      if (e instanceof ConflictError) return roundPage(req, reply, 409, { values, conflict: true });
      throw e;
    }
    return reply.redirect(
      hrefWith(`${base(s.strategyId)}/${req.params.roundId}`, requestLanguage(req), { rettet: '1' }),
      303,
    );
  });

  // Closing asks first, on a page of its own: what closing means and which areas have not written.
  const closePage = async (req: FastifyRequest<{ Params: RoundParams }>, reply: FastifyReply) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const summary = await found(roundSummary(writeContext(req, deps), req.params.id, req.params.roundId));
    const d = summary.strategy.definition;
    const roundHref = `${base(d.id)}/${summary.round.id}`;
    if (summary.round.closedAt) throw new HttpError(409, t('round.alreadyClosed'));
    const presented = presentSummary(lang, t, d, summary);
    return reply.type('text/html').send(
      renderPage(
        'followup-close.njk',
        { lang, path: requestPath(req) },
        {
          title: t('round.closeTitle', { title: summary.round.title }),
          organisationName: d.organisation.name,
          breadcrumbs: crumbs(lang, d, [
            { text: t('round.title'), href: link(base(d.id), lang) },
            { text: summary.round.title, href: link(roundHref, lang) },
            { text: t('round.close') },
          ]),
          round: presented,
          missing: presented.areas.filter((a) => a.state === 'missing' || a.state === 'late'),
          action: link(`${roundHref}/luk`, lang),
          cancelHref: link(roundHref, lang),
          csrfToken: formToken(req, reply),
        },
      ),
    );
  };

  app.get<{ Params: RoundParams }>('/strategier/:id/opfoelgning/:roundId/luk', async (req, reply) => {
    const s = await strategyOf(req.params.id);
    if (!(await allowPage(req, reply, deps, 'round.manage', adminSubject(s.strategyId, req.params.roundId))))
      return reply;
    return closePage(req, reply);
  });

  app.post<{ Params: RoundParams }>('/strategier/:id/opfoelgning/:roundId/luk', async (req, reply) => {
    const s = await strategyOf(req.params.id);
    if (!(await allowPage(req, reply, deps, 'round.manage', adminSubject(s.strategyId, req.params.roundId))))
      return reply;
    // Only the confirmation page's button carries the confirmation; anything else is shown that page.
    if (field(req.body, 'confirm') !== 'ja') return closePage(req, reply);
    try {
      await found(closeRound(writeContext(req, deps), s.strategyId, req.params.roundId));
    } catch (e) {
      if (e instanceof ConflictError)
        throw new HttpError(409, translator(requestLanguage(req))('round.alreadyClosed'));
      throw e;
    }
    return reply.redirect(
      hrefWith(`${base(s.strategyId)}/${req.params.roundId}`, requestLanguage(req), { afsluttet: '1' }),
      303,
    );
  });

  /** What the tovholder writes about: the area's interventions with status, and its indicators' status. */
  const areaContext = async (lang: Language, t: Translate, d: StrategyDefinition, area: Area) => {
    const interventions = await listInterventions(deps.database, d.id, area.id);
    const summaries = await areaSummaries(deps.database, d, d.organisation.areaCode);
    const own = summaries.find((x) => x.areaId === area.id);
    const byId = new Map((own?.indicators ?? []).map((i) => [i.id, i]));
    return {
      interventions: interventions.map((i) => ({
        title: i.title,
        statusText: interventionStatusText(t, i.status),
        href: link(`/strategier/${d.id}/indsatser/${i.id}`, lang),
      })),
      indicators: area.indicators.map((ind) => {
        const st = byId.get(ind.id);
        return {
          title: ind.title,
          status: st?.status ?? 'not-enough-data',
          statusText: statusWord(st?.status ?? 'not-enough-data', lang),
          illustrative: st?.illustrative ?? false,
          href: link(`/strategier/${d.id}/indikatorer/${ind.id}`, lang),
        };
      }),
    };
  };

  // One area in one round: its status note (the newest counts; a correction supersedes it, the earlier stay).
  const notePage = async (
    req: FastifyRequest<{ Params: RoundAreaParams }>,
    reply: FastifyReply,
    code: number,
    options: {
      values?: { status: string; body: string };
      errors?: readonly FormError[];
      relogin?: Relogin;
      closed?: boolean;
      stale?: boolean;
      supersedes?: string;
    } = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const viewer = req.auth.viewer;
    const s = await strategyOf(req.params.id);
    const area = s.definition.areas.find((a) => a.id === req.params.areaId);
    if (!area) throw new HttpError(404, 'focus area not found');
    // Someone whose session ended sees the form they filled in, not the notes (those need a login).
    const data = viewer
      ? await found(roundNotesOf(writeContext(req, deps), s.strategyId, req.params.roundId, area.id))
      : undefined;
    const round = data?.round;
    const canWrite = viewer
      ? !round?.closedAt && decide(req.auth.actor, 'area.edit', areaResource(area)).allowed
      : !!options.relogin;
    const errs = formErrors(options.errors ?? []);
    const q = req.query as Record<string, unknown>;
    const roundHref = `${base(s.strategyId)}/${req.params.roundId}`;
    const latest = data?.notes[0];
    const byId = new Map((data?.notes ?? []).map((n) => [n.id, n]));
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'round-note.njk',
          { lang, path: requestPath(req) },
          {
            title: `${area.title}: ${round?.title ?? t('round.title')}`,
            organisationName: s.definition.organisation.name,
            breadcrumbs: crumbs(lang, s.definition, [
              { text: t('round.title'), href: link(base(s.strategyId), lang) },
              { text: round?.title ?? req.params.roundId, href: link(roundHref, lang) },
              { text: area.title },
            ]),
            area,
            round,
            notes: (data?.notes ?? []).map((n, i) => ({
              ...n,
              statusText: t(`round.noteStatus.${n.status}` as 'round.noteStatus.on-track'),
              current: i === 0,
              correctsDate: n.supersedes ? byId.get(n.supersedes)?.createdAt : undefined,
            })),
            context: viewer ? await areaContext(lang, t, s.definition, area) : undefined,
            canWrite,
            closed: options.closed || !!round?.closedAt,
            stale: options.stale,
            correcting: latest !== undefined,
            supersedes: options.supersedes ?? latest?.id ?? '',
            statuses: roundNoteStatuses,
            values: options.values ?? { status: latest?.status ?? '', body: latest?.body ?? '' },
            errors: errs.list,
            fieldErrors: errs.byField,
            saved: q.gemt === '1',
            noteMax: roundLimits.noteMax,
            relogin: reloginView(req, t, options.relogin),
            action: link(`${roundHref}/omraader/${area.id}`, lang),
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  app.get<{ Params: RoundAreaParams }>(
    '/strategier/:id/opfoelgning/:roundId/omraader/:areaId',
    async (req, reply) => {
      if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
      return notePage(req, reply, 200);
    },
  );

  app.post<{ Params: RoundAreaParams }>(
    '/strategier/:id/opfoelgning/:roundId/omraader/:areaId',
    async (req, reply) => {
      const values = { status: field(req.body, 'status') ?? '', body: field(req.body, 'body') ?? '' };
      const supersedes = field(req.body, 'supersedes');
      const s = await strategyOf(req.params.id);
      const area = s.definition.areas.find((a) => a.id === req.params.areaId);
      if (!area) throw new HttpError(404, 'focus area not found');
      const relogin = await reloginFromForm(req, reply, deps);
      if (!req.auth.viewer)
        return notePage(req, reply, relogin.status === 'failed' ? relogin.httpStatus : 401, {
          values,
          relogin,
          ...(supersedes !== undefined && { supersedes }),
        });
      const subject = { type: 'area', id: `${s.strategyId}/${area.id}` };
      if (!(await allowAction(req, reply, deps, 'area.edit', { resource: areaResource(area), subject })))
        return reply;
      const t = translator(requestLanguage(req));
      const checked = checkRoundNoteForm(values);
      if (!checked.ok) {
        const labels = { status: t('round.field.status'), body: t('round.field.body') };
        const errors = checked.errors.map((e) => ({
          id: e.field === 'status' ? `status-${roundNoteStatuses[0]}` : 'body',
          message: fieldMessage(t, labels[e.field], e.problem, {
            max: roundLimits.noteMax,
            length: [...values.body.trim()].length,
          }),
        }));
        return notePage(req, reply, 400, { values, errors, ...(supersedes !== undefined && { supersedes }) });
      }
      try {
        await found(
          addRoundNote(
            writeContext(req, deps),
            s.strategyId,
            req.params.roundId,
            area.id,
            { ...values, supersedes },
            req.auth.viewer.name,
          ),
        );
      } catch (e) {
        // Someone wrote a note since this form was opened: keep the text, show theirs, point the form at it.
        if (e instanceof StaleNoteError) return notePage(req, reply, 409, { values, stale: true });
        if (e instanceof ConflictError) return notePage(req, reply, 409, { values, closed: true });
        throw e;
      }
      return reply.redirect(
        hrefWith(`${base(s.strategyId)}/${req.params.roundId}/omraader/${area.id}`, requestLanguage(req), {
          gemt: '1',
        }),
        303,
      );
    },
  );
}
