// A printable list of a round's answer links, for recipients without e-mail or for handing out on paper. Issuing a
// link replaces the recipient's earlier one (the database keeps only its hash), so the list is made by a POST
// from a confirmation page that says so, and shown once, never cached: `issueLinks` with the server's PUBLIC_URL,
// for the recipients without a link, or for all of them. Administrators only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, InvalidInputError, NotFoundError } from '../../service/errors.ts';
import { recipientDeliveries } from '../../service/survey-mail.ts';
import { getSurveyRound, issueLinks } from '../../service/surveys.ts';
import { allowPage, field, formToken } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { HttpError } from '../http-error.ts';
import { translator, type Language } from '../i18n/messages.ts';
import { link, renderPage, type Crumb } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

interface RoundParams {
  roundId: string;
}

type Notice = { text: string; variant: 'success' | 'info' | 'warning' | 'error' };

export interface RoundLinksOptions {
  /** PUBLIC_URL: the address the links point to; without it no link is made. */
  readonly publicUrl: string | undefined;
  readonly roundPage: (
    req: FastifyRequest<{ Params: RoundParams }>,
    reply: FastifyReply,
    code: number,
    o: { notice: Notice },
  ) => Promise<FastifyReply>;
  readonly crumbs: (lang: Language, extra: { text: string; href?: string }[]) => readonly Crumb[];
}

const base = '/undersoegelser';
const roundHref = (id: string) => `${base}/runder/${id}`;

async function found<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NotFoundError) throw new HttpError(404, e.message);
    throw e;
  }
}

export function registerSurveyRoundLinks(
  app: FastifyInstance,
  deps: AuthDeps,
  options: RoundLinksOptions,
): void {
  const adminOf = async (req: FastifyRequest<{ Params: RoundParams }>, reply: FastifyReply) =>
    allowPage(req, reply, deps, 'survey.manage', {
      subject: { type: 'survey-round', id: req.params.roundId },
    });

  const confirmPage = async (
    req: FastifyRequest<{ Params: RoundParams }>,
    reply: FastifyReply,
    code: number,
    error?: string,
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const round = await found(getSurveyRound(deps.database, req.params.roundId));
    if (round.state !== 'open')
      return options.roundPage(req, reply, 409, {
        notice: { text: t('survey.links.closed'), variant: 'error' },
      });
    if (options.publicUrl === undefined)
      return options.roundPage(req, reply, 409, {
        notice: { text: t('survey.links.noPublicUrl'), variant: 'error' },
      });
    const recipients = (await recipientDeliveries(deps.database, round.id)).map((d) => d.recipient);
    const withLink = recipients.filter((r) => r.hasLink).length;
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'survey-links-confirm.njk',
          { lang, path: requestPath(req) },
          {
            title: t('survey.links.title', { name: round.name }),
            breadcrumbs: options.crumbs(lang, [
              { text: t('survey.admin.title'), href: link(base, lang) },
              { text: round.name, href: link(roundHref(round.id), lang) },
              { text: t('survey.links.crumb') },
            ]),
            recipients: recipients.length,
            withLink,
            withoutLink: recipients.length - withLink,
            error,
            errors: error ? [{ id: 'hvem-uden', message: error }] : [],
            action: link(`${roundHref(round.id)}/links`, lang),
            cancelHref: link(roundHref(round.id), lang),
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  app.get<{ Params: RoundParams }>(`${base}/runder/:roundId/links`, async (req, reply) => {
    if (!(await adminOf(req, reply))) return reply;
    return confirmPage(req, reply, 200);
  });

  app.post<{ Params: RoundParams }>(`${base}/runder/:roundId/links`, async (req, reply) => {
    if (!(await adminOf(req, reply))) return reply;
    const lang = requestLanguage(req);
    const t = translator(lang);
    const round = await found(getSurveyRound(deps.database, req.params.roundId));
    const who = field(req.body, 'hvem');
    if (round.state !== 'open' || options.publicUrl === undefined) return confirmPage(req, reply, 409);
    if (who !== 'uden' && who !== 'alle') return confirmPage(req, reply, 400, t('survey.links.chooseWho'));
    let issue;
    try {
      issue = await issueLinks(writeContext(req, deps), round.id, {
        baseUrl: options.publicUrl,
        reissue: who === 'alle',
      });
    } catch (e) {
      if (e instanceof ConflictError) return confirmPage(req, reply, 409);
      if (e instanceof InvalidInputError)
        return options.roundPage(req, reply, 409, {
          notice: { text: t('survey.links.noPublicUrl'), variant: 'error' },
        });
      throw e;
    }
    const rows = [...issue.issued]
      .sort((a, b) => a.recipient.organisation.localeCompare(b.recipient.organisation, 'da'))
      .map((i) => ({
        organisation: i.recipient.organisation,
        type: i.recipient.organisationType,
        contact: i.recipient.contactName,
        link: i.link,
      }));
    // The links exist only in this answer: never kept by the browser's cache or a proxy.
    return reply
      .header('Cache-Control', 'no-store')
      .type('text/html')
      .send(
        renderPage(
          'survey-links.njk',
          { lang, path: requestPath(req) },
          {
            title: t('survey.links.listTitle', { name: round.name }),
            breadcrumbs: options.crumbs(lang, [
              { text: t('survey.admin.title'), href: link(base, lang) },
              { text: round.name, href: link(roundHref(round.id), lang) },
              { text: t('survey.links.crumb') },
            ]),
            rows,
            kept: issue.kept.length,
            backHref: link(roundHref(round.id), lang),
          },
        ),
      );
  });
}
