// The notes of a focus area: every logged-in role reads them; the area's tovholder (an editor of a centre
// that leads or joins it) and administrators write them. A note sent after the session ended is shown
// again, with the text as typed, and can be sent again after logging in on the same page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { areaResource, decide } from '../../domain/access/index.ts';
import { addAreaNote, checkNoteBody, readAreaNotes, type NoteProblem } from '../../service/area-notes.ts';
import { getStrategy } from '../../service/strategies.ts';
import { allowAction, allowPage, field, formToken, hrefWith } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { reloginFromForm, reloginView, type Relogin } from '../auth/relogin.ts';
import { HttpError } from '../http-error.ts';
import { translator, type MessageKey } from '../i18n/messages.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

interface AreaParams {
  id: string;
  areaId: string;
}

const problemKeys: Record<NoteProblem, MessageKey> = {
  required: 'notes.required',
  tooLong: 'notes.tooLong',
  controlCharacters: 'notes.controlCharacters',
};

export function registerAreaNotes(app: FastifyInstance, deps: AuthDeps): void {
  const findArea = async (req: FastifyRequest<{ Params: AreaParams }>) => {
    const s = await getStrategy(deps.database, req.params.id);
    const area = s?.definition.areas.find((a) => a.id === req.params.areaId);
    if (!s || !area) throw new HttpError(404, 'focus area not found');
    return { s, area };
  };

  const page = async (
    req: FastifyRequest<{ Params: AreaParams }>,
    reply: FastifyReply,
    status: number,
    options: { body?: string; problem?: NoteProblem; relogin?: Relogin } = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const { s, area } = await findArea(req);
    const viewer = req.auth.viewer;
    const notes = viewer ? await readAreaNotes(writeContext(req, deps), s.strategyId, area.id) : [];
    const canWrite = !viewer || decide(req.auth.actor, 'area.edit', areaResource(area)).allowed;
    const error = options.problem
      ? t(problemKeys[options.problem], { n: [...(options.body ?? '')].length })
      : undefined;
    const base = `/strategier/${s.strategyId}/omraader/${area.id}`;
    const q = req.query as Record<string, unknown>;
    return reply
      .code(status)
      .type('text/html')
      .send(
        renderPage(
          'area-notes.njk',
          { lang, path: requestPath(req) },
          {
            title: `${t('notes.title')}: ${area.title}`,
            organisationName: s.definition.organisation.name,
            breadcrumbs: [
              { text: t('nav.home'), href: link('/', lang) },
              { text: s.definition.title, href: link(`/strategier/${s.strategyId}`, lang) },
              { text: area.title, href: link(base, lang) },
              { text: t('notes.title') },
            ],
            area,
            notes,
            canWrite,
            saved: q.gemt === '1',
            body: options.body ?? '',
            error,
            errors: error ? [{ id: 'body', message: error }] : [],
            relogin: reloginView(req, t, options.relogin),
            action: link(`${base}/noter`, lang),
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  app.get<{ Params: AreaParams }>('/strategier/:id/omraader/:areaId/noter', async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
    return page(req, reply, 200);
  });

  app.post<{ Params: AreaParams }>('/strategier/:id/omraader/:areaId/noter', async (req, reply) => {
    const body = field(req.body, 'body') ?? '';
    const { s, area } = await findArea(req);
    const relogin = await reloginFromForm(req, reply, deps);
    if (!req.auth.viewer)
      return page(req, reply, relogin.status === 'failed' ? relogin.httpStatus : 401, { body, relogin });
    const subject = { type: 'area', id: `${s.strategyId}/${area.id}` };
    if (!(await allowAction(req, reply, deps, 'area.edit', { resource: areaResource(area), subject })))
      return reply;
    const checked = checkNoteBody(body);
    if (!checked.ok) return page(req, reply, 400, { body, problem: checked.problem });
    await addAreaNote(writeContext(req, deps), s.strategyId, area.id, checked.body, req.auth.viewer.name);
    return reply.redirect(
      hrefWith(`/strategier/${s.strategyId}/omraader/${area.id}/noter`, requestLanguage(req), { gemt: '1' }),
      303,
    );
  });
}
