// Finishing a survey round from its page, for administrators: publishing a closed round's results after a
// confirmation page (`publishSurveyRound`, with the server's SURVEY_MIN_RESPONDENTS), and downloading its raw
// answers as CSV or XLSX (`exportAnswers`, `exportAnswersXlsx`: audited, refused once the answers are purged).
// Also what the round page shows of this: the publish button or why there is none, the figures stored and the
// indicators they went to, and the download links with the note that they hold personal answers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SURVEY_MIN_RESPONDENTS_FLOOR } from '../../platform/survey-settings.ts';
import { danishDate } from '../../domain/followup/index.ts';
import { ConflictError, NotFoundError } from '../../service/errors.ts';
import { roundFinish, type RoundFinish } from '../../service/survey-round-finish.ts';
import {
  exportAnswers,
  exportAnswersXlsx,
  getSurveyRound,
  publishSurveyRound,
  responseRates,
  type SurveyRoundRow,
} from '../../service/surveys.ts';
import { allowPage, field, formToken, hrefWith, sendStatusPage } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { HttpError } from '../http-error.ts';
import { translator, type Language, type Translate } from '../i18n/messages.ts';
import { link, renderPage, type Crumb } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

interface RoundParams {
  roundId: string;
}

type Notice = { text: string; variant: 'success' | 'info' | 'warning' | 'error' };

export interface RoundFinishOptions {
  /** SURVEY_MIN_RESPONDENTS: the fewest responding organisations a published cell comes from (never below 3). */
  readonly minRespondents?: number | undefined;
  /** The round page with a notice, for a refusal beside the buttons. */
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

const whole = (v: unknown) => (typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : undefined);

/** The notice after publishing, from the counts the redirect carries; undefined on any other visit. */
export function publishedNotice(t: Translate, query: unknown, round: SurveyRoundRow): Notice | undefined {
  const q = (query ?? {}) as Record<string, unknown>;
  const figures = whole(q.tal);
  if (q.offentliggjort !== '1' || round.state !== 'published' || figures === undefined) return undefined;
  return {
    text: t('survey.finish.published.notice', {
      figures,
      suppressed: whole(q.skjult) ?? 0,
      respondents: whole(q.svar) ?? 0,
      recipients: whole(q.af) ?? 0,
    }),
    variant: 'success',
  };
}

/** What the round page shows of publishing and the raw answers. */
export function finishView(t: Translate, lang: Language, round: SurveyRoundRow, finish: RoundFinish) {
  const href = (p: string) => link(`${roundHref(round.id)}${p}`, lang);
  const day = (d: Date | null) => (d ? formatDate(danishDate(d), lang) : '');
  return {
    state: round.state,
    publishHref: href('/offentliggoer'),
    publishedText:
      round.state === 'published'
        ? finish.batch
          ? t('survey.finish.published.batch', {
              date: day(round.publishedAt),
              figures: finish.batch.figures,
              stored: finish.batch.stored,
            })
          : t('survey.finish.published.noBatch', {
              date: day(round.publishedAt),
            })
        : undefined,
    indicators: finish.indicators.map((i) => ({
      title: i.title ?? i.id,
      href: link(
        `/strategier/${encodeURIComponent(finish.strategyId)}/indikatorer/${encodeURIComponent(i.id)}`,
        lang,
      ),
    })),
    purgedText: finish.purgedAt
      ? t('survey.finish.answers.purged', {
          date: day(finish.purgedAt),
        })
      : undefined,
    linksHref: href('/links'),
    lastListText: finish.lastLinkList
      ? t('survey.links.lastList', {
          at: formatDateTime(finish.lastLinkList.at, lang),
          by: finish.lastLinkList.by,
          n: finish.lastLinkList.links,
        })
      : undefined,
    csvHref: href('/svar.csv'),
    xlsxHref: href('/svar.xlsx'),
  };
}

export function registerSurveyRoundFinish(
  app: FastifyInstance,
  deps: AuthDeps,
  options: RoundFinishOptions,
): void {
  const min = Math.max(SURVEY_MIN_RESPONDENTS_FLOOR, options.minRespondents ?? SURVEY_MIN_RESPONDENTS_FLOOR);
  const adminOf = async (req: FastifyRequest<{ Params: RoundParams }>, reply: FastifyReply) =>
    allowPage(req, reply, deps, 'survey.manage', {
      subject: { type: 'survey-round', id: req.params.roundId },
    });

  // The confirmation page: what publishing does. An open round gets the reason instead; a published one its page.
  app.get<{ Params: RoundParams }>(`${base}/runder/:roundId/offentliggoer`, async (req, reply) => {
    if (!(await adminOf(req, reply))) return reply;
    const lang = requestLanguage(req);
    const t = translator(lang);
    const round = await found(getSurveyRound(deps.database, req.params.roundId));
    if (round.state === 'published') return reply.redirect(link(roundHref(round.id), lang), 303);
    if (round.state === 'open')
      return options.roundPage(req, reply, 409, {
        notice: { text: t('survey.finish.publish.stillOpen'), variant: 'error' },
      });
    const rates = await responseRates(deps.database, round.id);
    const finish = await roundFinish(deps.database, round);
    return reply.type('text/html').send(
      renderPage(
        'survey-publish.njk',
        { lang, path: requestPath(req) },
        {
          title: t('survey.finish.publish.title', { name: round.name }),
          breadcrumbs: options.crumbs(lang, [
            { text: t('survey.admin.title'), href: link(base, lang) },
            { text: round.name, href: link(roundHref(round.id), lang) },
            { text: t('survey.finish.publish.crumb') },
          ]),
          roundPeriod: round.period,
          min,
          answered: rates.total.answered,
          recipients: rates.total.recipients,
          indicators: finishView(t, lang, round, finish).indicators,
          action: link(`${roundHref(round.id)}/offentliggoer`, lang),
          cancelHref: link(roundHref(round.id), lang),
          csrfToken: formToken(req, reply),
        },
      ),
    );
  });

  app.post<{ Params: RoundParams }>(`${base}/runder/:roundId/offentliggoer`, async (req, reply) => {
    if (!(await adminOf(req, reply))) return reply;
    const lang = requestLanguage(req);
    const t = translator(lang);
    const round = await found(getSurveyRound(deps.database, req.params.roundId));
    if (field(req.body, 'confirm') !== 'ja')
      return reply.redirect(link(`${roundHref(round.id)}/offentliggoer`, lang), 303);
    const refuse = (key: 'stillOpen' | 'already' | 'nothing') =>
      options.roundPage(req, reply, 409, {
        notice: { text: t(`survey.finish.publish.${key}`), variant: 'error' },
      });
    if (round.state === 'open') return refuse('stillOpen');
    if (round.state === 'published') return refuse('already');
    try {
      const p = await publishSurveyRound(writeContext(req, deps), round.id, { minRespondents: min });
      if (p.status === 'already-published') return await refuse('already');
      return await reply.redirect(
        hrefWith(roundHref(round.id), lang, {
          offentliggjort: '1',
          tal: String(p.figures),
          skjult: String(p.suppressed),
          svar: String(p.respondents),
          af: String(p.recipients),
        }),
        303,
      );
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const now = await getSurveyRound(deps.database, round.id);
      return refuse(now.state === 'open' ? 'stillOpen' : now.state === 'published' ? 'already' : 'nothing');
    }
  });

  // The raw answers: personal data, so never kept by a browser or a proxy, and every download audited.
  const download = (format: 'csv' | 'xlsx') =>
    app.get<{ Params: RoundParams }>(`${base}/runder/:roundId/svar.${format}`, async (req, reply) => {
      if (!(await adminOf(req, reply))) return reply;
      const round = await found(getSurveyRound(deps.database, req.params.roundId));
      try {
        const ctx = writeContext(req, deps);
        const body =
          format === 'csv' ? await exportAnswers(ctx, round.id) : await exportAnswersXlsx(ctx, round.id);
        return await reply
          .type(
            format === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header(
            'Content-Disposition',
            `attachment; filename="undersoegelse-runde-${round.id}-svar.${format}"`,
          )
          .header('Cache-Control', 'no-store')
          .send(body);
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
        const finish = await roundFinish(deps.database, round);
        return sendStatusPage(
          req,
          reply,
          409,
          'survey.finish.answers.goneTitle',
          'survey.finish.answers.gone',
          {
            date: finish.purgedAt ? formatDate(danishDate(finish.purgedAt), requestLanguage(req)) : '',
          },
        );
      }
    });
  download('csv');
  download('xlsx');
}
