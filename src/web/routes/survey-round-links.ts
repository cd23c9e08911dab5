// A printable list of a round's answer links, for recipients without e-mail or for handing out on paper. Issuing a
// link replaces the recipient's earlier one (the database keeps only its hash), so the list is made by a POST
// from a confirmation page that says so, and shown once, never cached: `issueLinks` with the server's PUBLIC_URL,
// for the recipients without a link, or for all of them, each with its QR code. The page's form carries a
// one-time value (survey-link-lists.ts), so a reload or back and forward of the list issues nothing: it says
// when and by whom the list was made, and offers a new one. Administrators only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, InvalidInputError, NotFoundError } from '../../service/errors.ts';
import { recipientDeliveries } from '../../service/survey-mail.ts';
import {
  linkListState,
  makeLinkList,
  offerLinkList,
  type LinkListRow,
} from '../../service/survey-link-lists.ts';
import { getSurveyRound } from '../../service/surveys.ts';
import { allowPage, field, formToken, sendStatusPage } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { formatDateTime } from '../format.ts';
import { HttpError } from '../http-error.ts';
import { qrSvg } from '../link-qr.ts';
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
    offered?: string,
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
    // A page shown is an offer of one list; kept by no cache, so going back to it offers a new one.
    const nonce = offered ?? (await offerLinkList(writeContext(req, deps), round.id));
    return reply
      .code(code)
      .header('Cache-Control', 'no-store')
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
            nonce,
          },
        ),
      );
  };

  // A form whose one-time value this round never offered (forged, from another round, or over a day old).
  const badNonce = (req: FastifyRequest, reply: FastifyReply) =>
    sendStatusPage(
      req,
      reply.header('Cache-Control', 'no-store'),
      400,
      'survey.links.badNonce.title',
      'survey.links.badNonce.body',
    );

  // The list was made already by this form: nothing is issued again, and a new list is one button away.
  const madePage = (
    req: FastifyRequest<{ Params: RoundParams }>,
    reply: FastifyReply,
    name: string,
    made: { readonly list: LinkListRow; readonly working: number },
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const m = made.list.made;
    const issued = m?.recipientIds.length ?? 0;
    return reply
      .header('Cache-Control', 'no-store')
      .type('text/html')
      .send(
        renderPage(
          'survey-links-made.njk',
          { lang, path: requestPath(req) },
          {
            title: t('survey.links.made.title'),
            breadcrumbs: options.crumbs(lang, [
              { text: t('survey.admin.title'), href: link(base, lang) },
              { text: name, href: link(roundHref(req.params.roundId), lang) },
              { text: t('survey.links.crumb') },
            ]),
            body: t('survey.links.made.body', {
              name,
              at: m ? formatDateTime(m.at, lang) : '',
              by: m?.byName || m?.by || '',
            }),
            working:
              issued === 0
                ? t('survey.links.made.empty')
                : made.working === issued
                  ? t('survey.links.made.allWorking', { n: issued })
                  : t('survey.links.made.someWorking', { working: made.working, issued }),
            againHref: link(`${roundHref(req.params.roundId)}/links`, lang),
            backHref: link(roundHref(req.params.roundId), lang),
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
    const nonce = field(req.body, 'liste');
    if (round.state !== 'open' || options.publicUrl === undefined) return confirmPage(req, reply, 409);
    const state = await linkListState(deps.database, round.id, nonce, deps.now());
    if (state.state === 'made') return madePage(req, reply, round.name, state);
    if (state.state === 'unknown' || nonce === undefined) return badNonce(req, reply);
    if (who !== 'uden' && who !== 'alle')
      return confirmPage(req, reply, 400, t('survey.links.chooseWho'), nonce);
    let outcome;
    try {
      outcome = await makeLinkList(writeContext(req, deps), round.id, {
        nonce,
        baseUrl: options.publicUrl,
        reissue: who === 'alle',
        byName: req.auth.viewer?.name,
      });
    } catch (e) {
      if (e instanceof ConflictError) return confirmPage(req, reply, 409);
      if (e instanceof InvalidInputError)
        return options.roundPage(req, reply, 409, {
          notice: { text: t('survey.links.noPublicUrl'), variant: 'error' },
        });
      throw e;
    }
    if (outcome.state === 'made') return madePage(req, reply, round.name, outcome);
    if (outcome.state === 'unknown') return badNonce(req, reply);
    const issue = outcome.issue;
    const sorted = [...issue.issued].sort((a, b) =>
      a.recipient.organisation.localeCompare(b.recipient.organisation, 'da'),
    );
    const rows = [];
    for (const i of sorted)
      rows.push({
        organisation: i.recipient.organisation,
        type: i.recipient.organisationType,
        contact: i.recipient.contactName,
        link: i.link,
        qr: await qrSvg(i.link),
      });
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
