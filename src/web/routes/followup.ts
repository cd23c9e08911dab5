// Follow-up rounds: the integration team opens a round with a deadline and closes it when the notes are in;
// each area's tovholder writes the area's status note for the round; everyone logged in sees, per round,
// which areas have reported, which came in late and who is late now.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { areaResource, decide } from '../../domain/access/index.ts';
import {
  checkRoundForm,
  checkRoundNoteForm,
  roundLimits,
  roundNoteStatuses,
} from '../../domain/followup/index.ts';
import type { StrategyDefinition } from '../../domain/strategy/index.ts';
import { ConflictError, NotFoundError } from '../../service/errors.ts';
import {
  addRoundNote,
  closeRound,
  listRoundSummaries,
  openRound,
  roundNotesOf,
  roundSummary,
  type RoundSummary,
} from '../../service/followup-rounds.ts';
import { getStrategy } from '../../service/strategies.ts';
import { allowAction, allowPage, field, formToken, hrefWith } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { reloginFromForm, reloginView, type Relogin } from '../auth/relogin.ts';
import { fieldMessage, formErrors, type FormError } from '../form-errors.ts';
import { HttpError } from '../http-error.ts';
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
  return d.centres.find((c) => c.id === id)?.name ?? id;
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
      };
    }),
  };
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

  // The overview: every round with its counts, the newest in full, and (for administrators) a new round.
  const overviewPage = async (
    req: FastifyRequest<{ Params: StrategyParams }>,
    reply: FastifyReply,
    code: number,
    options: { values?: { title: string; deadline: string }; errors?: readonly FormError[] } = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const s = await strategyOf(req.params.id);
    const summaries = await listRoundSummaries(writeContext(req, deps), s.strategyId);
    const errs = formErrors(options.errors ?? []);
    const q = req.query as Record<string, unknown>;
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
            rounds: summaries.map((x) => presentSummary(lang, t, s.definition, x)),
            canManage: decide(req.auth.actor, 'round.manage').allowed,
            values: options.values ?? { title: '', deadline: '' },
            errors: errs.list,
            fieldErrors: errs.byField,
            saved: q.gemt === '1',
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
    const values = { title: field(req.body, 'title') ?? '', deadline: field(req.body, 'deadline') ?? '' };
    const checked = checkRoundForm(values);
    if (!checked.ok) {
      const t = translator(requestLanguage(req));
      const labels = { title: t('round.field.title'), deadline: t('round.field.deadline') };
      const errors = checked.errors.map((e) => ({
        id: e.field,
        message: fieldMessage(t, labels[e.field], e.problem, {
          max: roundLimits.titleMax,
          length: [...values.title.trim()].length,
        }),
      }));
      return overviewPage(req, reply, 400, { values, errors });
    }
    const round = await openRound(writeContext(req, deps), s.strategyId, values);
    return reply.redirect(
      hrefWith(`${base(s.strategyId)}/${round.id}`, requestLanguage(req), { gemt: '1' }),
      303,
    );
  });

  app.get<{ Params: RoundParams }>('/strategier/:id/opfoelgning/:roundId', async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
    const lang = requestLanguage(req);
    const t = translator(lang);
    const summary = await found(roundSummary(writeContext(req, deps), req.params.id, req.params.roundId));
    const d = summary.strategy.definition;
    const q = req.query as Record<string, unknown>;
    const presented = presentSummary(lang, t, d, summary);
    return reply.type('text/html').send(
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
          saved: q.gemt === '1',
          closeAction: link(`${base(d.id)}/${summary.round.id}/luk`, lang),
          csrfToken: formToken(req, reply),
        },
      ),
    );
  });

  app.post<{ Params: RoundParams }>('/strategier/:id/opfoelgning/:roundId/luk', async (req, reply) => {
    const s = await strategyOf(req.params.id);
    const subject = { type: 'followup-round', id: `${s.strategyId}/${req.params.roundId}` };
    if (!(await allowPage(req, reply, deps, 'round.manage', { subject }))) return reply;
    try {
      await found(closeRound(writeContext(req, deps), s.strategyId, req.params.roundId));
    } catch (e) {
      if (e instanceof ConflictError) throw new HttpError(409, 'the round is already closed');
      throw e;
    }
    return reply.redirect(
      hrefWith(`${base(s.strategyId)}/${req.params.roundId}`, requestLanguage(req), { gemt: '1' }),
      303,
    );
  });

  // One area in one round: its status note (the newest counts; earlier ones stay listed).
  const notePage = async (
    req: FastifyRequest<{ Params: RoundAreaParams }>,
    reply: FastifyReply,
    code: number,
    options: {
      values?: { status: string; body: string };
      errors?: readonly FormError[];
      relogin?: Relogin;
      closed?: boolean;
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
            notes: (data?.notes ?? []).map((n) => ({
              ...n,
              statusText: t(`round.noteStatus.${n.status}` as 'round.noteStatus.on-track'),
            })),
            canWrite,
            closed: options.closed || !!round?.closedAt,
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
      const s = await strategyOf(req.params.id);
      const area = s.definition.areas.find((a) => a.id === req.params.areaId);
      if (!area) throw new HttpError(404, 'focus area not found');
      const relogin = await reloginFromForm(req, reply, deps);
      if (!req.auth.viewer)
        return notePage(req, reply, relogin.status === 'failed' ? relogin.httpStatus : 401, {
          values,
          relogin,
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
        return notePage(req, reply, 400, { values, errors });
      }
      try {
        await found(
          addRoundNote(
            writeContext(req, deps),
            s.strategyId,
            req.params.roundId,
            area.id,
            values,
            req.auth.viewer.name,
          ),
        );
      } catch (e) {
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
