// The respondent's answer form behind a personal link, `/svar/<token>`: one questionnaire page per screen,
// each page saved as it is posted (so a closed tab loses nothing), resumed on the first page not completed,
// "Tilbage" keeping what was typed, and the receipt shown once the submission is committed. The respondent has
// no account: the form is protected like the login form (same-site check and the form cookie's token). Every
// answer carries Cache-Control: no-store, no other site is sent the address as a Referer (the site's
// Referrer-Policy: same-origin), and the token is never logged
// (link-redaction.ts). An unknown or malformed token gets the same 404 page, which says nothing of whether
// such a link exists; a round not open gets a page saying so, without the form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Questionnaire } from '../../domain/survey/index.ts';
import { textIn } from '../../domain/survey/index.ts';
import { ConflictError } from '../../service/errors.ts';
import {
  AnswerRefusedError,
  lookupLink,
  QuestionnaireChangedError,
  saveAnswerPage,
  submitAnswer,
  type LinkLookup,
} from '../../service/surveys.ts';
import type { AnswerProblem } from '../../domain/survey/index.ts';
import { field, formToken } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { bodyErrorMessage, errorLanguage, sendError } from '../error-response.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { translator, type Language, type MessageKey } from '../i18n/messages.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage } from '../request-language.ts';
import { answerSummary, pageView, postedAnswers, resumePage } from '../survey-form.ts';

type Found = Exclude<LinkLookup, { state: 'unknown' }>;

/**
 * The largest answer page taken, in bytes: a comment holds up to 10,000 characters, which URL-encoded can be
 * twelve bytes each (the site's other forms stop at 64 KB).
 */
export const ANSWER_BODY_LIMIT = 256 * 1024;

/** The page number in the address or the form, 1-based; undefined when absent or not a number. */
function pageNumber(v: unknown): number | undefined {
  return typeof v === 'string' && /^[1-9]\d{0,2}$/.test(v) ? Number(v) - 1 : undefined;
}

/** The pages a respondent may open: those reached so far, or every page of an answer sent. */
function reachable(found: Found, page: number): boolean {
  const pages = found.questionnaire.pages.length;
  if (page < 0 || page >= pages) return false;
  return found.answer?.submittedAt ? true : page <= (found.answer?.currentPage ?? 0);
}

export function registerSurveyAnswer(app: FastifyInstance, deps: AuthDeps): void {
  void app.register(async (scope) => {
    // The address holds the token. Referrer-Policy stays the site's same-origin: no other site is told the
    // address, and no-referrer would make the browser send `Origin: null`, which the form check refuses.
    scope.addHook('onSend', (_req, reply, payload, done) => {
      reply.header('Cache-Control', 'no-store');
      done(null, payload);
    });
    // A body too large is worded with this form's limit; anything else goes on to the app's error handler.
    scope.setErrorHandler((error, req, reply) => {
      const body = bodyErrorMessage(
        error,
        errorLanguage(req),
        ANSWER_BODY_LIMIT,
        req.headers['content-type'],
      );
      if (body) return sendError(req, reply, body.status, body.message);
      throw error;
    });
    scope.get('/svar/:token', (req, reply) => show(req, reply, deps));
    scope.post('/svar/:token', { bodyLimit: ANSWER_BODY_LIMIT }, (req, reply) => post(req, reply, deps));
  });
}

const tokenOf = (req: FastifyRequest) => (req.params as { token: string }).token;
const formPath = (req: FastifyRequest) => `/svar/${tokenOf(req)}`;

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

function unknownLink(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const lang = requestLanguage(req);
  const t = translator(lang);
  return html(
    reply,
    404,
    renderPage(
      'error.njk',
      { lang, path: formPath(req) },
      {
        title: t('survey.unknown.title'),
        heading: t('survey.unknown.title'),
        message: t('survey.unknown.body'),
      },
    ),
  );
}

function closedPage(req: FastifyRequest, reply: FastifyReply, found: Found, status: number): FastifyReply {
  const lang = requestLanguage(req);
  const t = translator(lang);
  const dates = {
    opens: formatDate(found.round.opensOn, lang),
    closes: formatDate(found.round.closesOn, lang),
  };
  const notYet = found.state === 'not-yet-open';
  const heading = t(notYet ? 'survey.closed.notYetTitle' : 'survey.closed.title');
  const submitted = found.answer?.submittedAt;
  return html(
    reply,
    status,
    renderPage(
      'survey-closed.njk',
      { lang, path: formPath(req) },
      {
        title: heading,
        heading,
        surveyTitle: textIn(found.questionnaire.title, lang),
        message: t(notYet ? 'survey.closed.notYet' : 'survey.closed.body', dates),
        submitted: submitted ? t('survey.closed.submitted', { time: formatDateTime(submitted, lang) }) : '',
      },
    ),
  );
}

function receipt(req: FastifyRequest, reply: FastifyReply, found: Found): FastifyReply {
  const lang = requestLanguage(req);
  const t = translator(lang);
  const sent = found.answer?.submittedAt ?? new Date(0);
  return html(
    reply,
    200,
    renderPage(
      'survey-receipt.njk',
      { lang, path: formPath(req) },
      {
        title: t('survey.receipt.title'),
        surveyTitle: textIn(found.questionnaire.title, lang),
        sent: t('survey.receipt.sent', { time: formatDateTime(sent, lang) }),
        organisation: t('survey.receipt.organisation', { organisation: found.recipient.organisation }),
        change: t('survey.receipt.change', { closes: formatDate(found.round.closesOn, lang) }),
        changeHref: withPage(formPath(req), lang, 0),
        summary: answerSummary(found.questionnaire, found.answer?.answers ?? {}, t, lang),
      },
    ),
  );
}

function withPage(path: string, lang: Language, page: number): string {
  const q = new URLSearchParams({ side: String(page + 1) });
  if (lang !== 'da') q.set('lang', lang);
  return `${path}?${q.toString()}`;
}

interface FormState {
  readonly page: number;
  /** What the fields show: the answers posted, or the stored ones. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly problems?: readonly AnswerProblem[];
  readonly notice?: MessageKey;
}

function formPage(
  req: FastifyRequest,
  reply: FastifyReply,
  found: Found,
  status: number,
  state: FormState,
): FastifyReply {
  const lang = requestLanguage(req);
  const t = translator(lang);
  const q: Questionnaire = found.questionnaire;
  const p = q.pages[state.page];
  const stored = found.answer?.answers ?? {};
  const view = pageView(q, state.page, state.values, stored, state.problems ?? [], t, lang);
  const surveyTitle = textIn(q.title, lang);
  const pageTitle = textIn(p?.title, lang);
  const notice = state.notice ?? (found.answer?.submittedAt ? 'survey.form.notSent' : undefined);
  return html(
    reply,
    status,
    renderPage(
      'survey-answer.njk',
      { lang, path: formPath(req) },
      {
        title: `${pageTitle || surveyTitle}${view.errors.length > 0 ? ` (${t('survey.form.errorPrefix')})` : ''}`,
        surveyTitle,
        surveyDescription: state.page === 0 ? textIn(q.description, lang) : '',
        pageTitle,
        pageDescription: textIn(p?.description, lang),
        pageOf: t('survey.form.page', { n: state.page + 1, total: q.pages.length }),
        action: link(formPath(req), lang),
        csrfToken: formToken(req, reply),
        side: state.page + 1,
        first: state.page === 0,
        last: state.page === q.pages.length - 1,
        fields: view.fields,
        errors: view.errors,
        notice: notice ? t(notice) : '',
        noticeVariant: state.notice ? 'warning' : 'info',
      },
    ),
  );
}

async function show(req: FastifyRequest, reply: FastifyReply, deps: AuthDeps): Promise<FastifyReply> {
  const found = await lookupLink(deps.database, tokenOf(req), deps.now());
  if (found.state === 'unknown') return unknownLink(req, reply);
  if (found.state !== 'open') return closedPage(req, reply, found, 200);
  const asked = (req.query as Record<string, unknown>).side;
  const stored = found.answer?.answers ?? {};
  if (asked === undefined) {
    if (found.answer?.submittedAt) return receipt(req, reply, found);
    const page = resumePage(found.questionnaire, stored, found.answer?.currentPage ?? 0);
    return formPage(req, reply, found, 200, { page, values: stored });
  }
  const page = pageNumber(asked);
  // A page not reached yet (or none such): back to where the respondent is.
  if (page === undefined || !reachable(found, page))
    return reply.redirect(link(formPath(req), requestLanguage(req)), 303);
  return formPage(req, reply, found, 200, { page, values: stored });
}

async function post(req: FastifyRequest, reply: FastifyReply, deps: AuthDeps): Promise<FastifyReply> {
  const found = await lookupLink(deps.database, tokenOf(req), deps.now());
  if (found.state === 'unknown') return unknownLink(req, reply);
  if (found.state !== 'open') return closedPage(req, reply, found, 409);
  const lang = requestLanguage(req);
  const t = translator(lang);
  const page = pageNumber(field(req.body, 'side'));
  const action = field(req.body, 'handling') ?? 'videre';
  const badRequest = (key: MessageKey) =>
    html(
      reply,
      400,
      renderPage(
        'error.njk',
        { lang, path: formPath(req) },
        { title: t('error.badRequest.title'), heading: t('error.badRequest.title'), message: t(key) },
      ),
    );
  if (page === undefined || !reachable(found, page)) return badRequest('survey.form.badPage');
  const last = page === found.questionnaire.pages.length - 1;
  if (!['videre', 'tilbage', 'send'].includes(action) || (action === 'send' && !last))
    return badRequest('survey.form.badAction');
  if (action === 'tilbage' && page === 0) return badRequest('survey.form.badAction');
  const given = postedAnswers(req.body);
  // A form made for a form cookie the browser no longer has: nothing is saved, what was typed is shown again.
  if (req.auth.form === 'stale')
    return formPage(req, reply, found, 400, { page, values: given, notice: 'survey.form.stale' });

  const ctx = writeContext(req, deps);
  try {
    if (action === 'tilbage') {
      await saveAnswerPage(ctx, tokenOf(req), page, given, { nextPage: page, draft: true });
      return reply.redirect(withPage(formPath(req), lang, page - 1), 303);
    }
    await saveAnswerPage(ctx, tokenOf(req), page, given, { nextPage: last ? page : page + 1 });
    if (action !== 'send') return reply.redirect(withPage(formPath(req), lang, page + 1), 303);
  } catch (e) {
    if (e instanceof AnswerRefusedError)
      return formPage(req, reply, found, 400, {
        page,
        values: given,
        problems: e.problems,
        ...(action === 'tilbage' && { notice: 'survey.form.backBlocked' as const }),
      });
    if (e instanceof QuestionnaireChangedError) return changedMeanwhile(req, reply, deps, found, page, given);
    if (e instanceof ConflictError) return closedAgain(req, reply, deps, found);
    throw e;
  }
  try {
    await submitAnswer(ctx, tokenOf(req));
  } catch (e) {
    if (e instanceof AnswerRefusedError) {
      // A question of another page is missing: that page is shown with its problems.
      const again = await lookupLink(deps.database, tokenOf(req), deps.now());
      if (again.state !== 'open') return closedAgain(req, reply, deps, found);
      const names = e.problems.map((p) => p.question);
      const at = again.questionnaire.pages.findIndex((p) => p.elements.some((q) => names.includes(q.name)));
      const target = at < 0 ? page : at;
      return formPage(req, reply, again, 400, {
        page: target,
        values: again.answer?.answers ?? {},
        problems: e.problems.filter((p) =>
          again.questionnaire.pages[target]?.elements.some((q) => q.name === p.question),
        ),
      });
    }
    if (e instanceof QuestionnaireChangedError) return changedMeanwhile(req, reply, deps, found, page, given);
    if (e instanceof ConflictError) return closedAgain(req, reply, deps, found);
    throw e;
  }
  // The submission is committed: only now is the receipt shown.
  return reply.redirect(link(formPath(req), lang), 303);
}

/** The round closed between the page being read and the save: the closed page, read again. */
async function closedAgain(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthDeps,
  found: Found,
): Promise<FastifyReply> {
  const again = await lookupLink(deps.database, tokenOf(req), deps.now());
  const shown = again.state === 'unknown' ? found : again;
  return closedPage(req, reply, { ...shown, state: shown.state === 'open' ? 'closed' : shown.state }, 409);
}

/**
 * The round moved to a newer questionnaire version while the page was being saved: nothing was saved, and the
 * page comes back as the new version asks it, with what was typed and a note.
 */
async function changedMeanwhile(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthDeps,
  found: Found,
  page: number,
  given: Readonly<Record<string, unknown>>,
): Promise<FastifyReply> {
  const again = await lookupLink(deps.database, tokenOf(req), deps.now());
  if (again.state !== 'open') return closedAgain(req, reply, deps, found);
  const at = Math.min(page, again.questionnaire.pages.length - 1, again.answer?.currentPage ?? 0);
  return formPage(req, reply, again, 409, {
    page: Math.max(at, 0),
    values: given,
    notice: 'survey.form.changed',
  });
}
