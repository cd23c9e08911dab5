// The questionnaire editor, for administrators: `/undersoegelser/skemaer/:qid/rediger` shows the newest version's
// JSON in a textarea; "Vis eksempel" checks the text and shows every page below it as the answer form would
// (the form's own partial, inside a disabled fieldset) with the indicators each question feeds, storing nothing;
// "Gem som ny version" stores it when the content differs. Problems are listed at the top and beside the field,
// and the text comes back exactly as typed. The page lists the open rounds on an older version; each may be
// moved to the newest (`POST /undersoegelser/runder/:roundId/version`) when its answers still fit.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseQuestionnaire, textIn, type Questionnaire } from '../../domain/survey/index.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../service/errors.ts';
import {
  checkEditedQuestionnaire,
  editorSource,
  MAX_EDITED_BYTES,
  moveRoundToVersion,
  newestQuestionnaire,
  QuestionnaireEditRefusedError,
  roundsOnOlderVersions,
  saveQuestionnaireVersion,
  VersionMoveRefusedError,
  type EditProblem,
} from '../../service/questionnaire-editor.ts';
import { getStrategy } from '../../service/strategies.ts';
import { getSurveyRound, roundQuestionnaire } from '../../service/surveys.ts';
import type { VersionMoveProblem } from '../../domain/survey/index.ts';
import { allowAction, allowPage, field, formToken, hrefWith } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { reloginFromForm, reloginView, type Relogin } from '../auth/relogin.ts';
import { bodyErrorMessage, errorLanguage, sendError } from '../error-response.ts';
import { HttpError } from '../http-error.ts';
import { translator, type Language, type MessageKey, type Translate } from '../i18n/messages.ts';
import { editProblemText } from '../questionnaire-problem-words.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';
import { pageView } from '../survey-form.ts';

/**
 * The largest edit posted, in bytes: the text may be 512 KB, and URL-encoding makes a character such as æ (two
 * bytes) six bytes long, so a text up to its limit, and somewhat over it, gets the field's own error with the
 * text kept (the site's other forms stop at 64 KB).
 */
export const EDITOR_BODY_LIMIT = 6 * MAX_EDITED_BYTES + 64 * 1024;

const base = '/undersoegelser';
const editorHref = (qid: string) => `${base}/skemaer/${qid}/rediger`;

interface EditorParams {
  qid: string;
}

type Notice = { readonly text: string; readonly variant: 'success' | 'info' | 'warning' | 'error' };

interface EditorState {
  readonly text?: string;
  readonly basedOn?: number | undefined;
  readonly problems?: readonly EditProblem[];
  readonly preview?: Questionnaire;
  readonly notices?: readonly Notice[];
  readonly refusal?: { readonly text: string; readonly problems: readonly string[] };
  readonly relogin?: Relogin;
}

async function found<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NotFoundError) throw new HttpError(404, e.message);
    throw e;
  }
}

function typeWord(t: Translate, type: string): string {
  return t(
    (type === 'text-number' ? 'survey.editor.qtype.text-number' : `survey.admin.qtype.${type}`) as MessageKey,
  );
}

/** The answered-question rule's problems, naming each question by its title in the round's version. */
function ruleLines(
  t: Translate,
  lang: Language,
  from: Questionnaire | undefined,
  version: number,
  problems: readonly VersionMoveProblem[],
): string[] {
  const questions = new Map(from?.pages.flatMap((p) => p.elements.map((q) => [q.name, q] as const)) ?? []);
  const title = (name: string) => textIn(questions.get(name)?.title, lang) || name;
  return problems.map((p) => {
    if (p.kind === 'removed')
      return t('survey.editor.rule.removed', { question: title(p.question), version });
    if (p.kind === 'retyped')
      return t('survey.editor.rule.retyped', {
        question: title(p.question),
        from: typeWord(t, p.from),
        to: typeWord(t, p.to),
        version,
      });
    const q = questions.get(p.question);
    const choice =
      q && (q.type === 'radiogroup' || q.type === 'dropdown' || q.type === 'checkbox')
        ? q.choices.find((c) => String(typeof c === 'object' ? c.value : c) === p.value)
        : undefined;
    const label = typeof choice === 'object' && choice.text ? textIn(choice.text, lang) : p.value;
    return t('survey.editor.rule.choiceDropped', { question: title(p.question), value: label, version });
  });
}

/** Which question feeds which indicator by which rule, in words. */
async function feedRows(deps: AuthDeps, q: Questionnaire, t: Translate, lang: Language) {
  const s = await getStrategy(deps.database, q.strategy);
  const indicators = new Map(
    (s?.definition.areas ?? []).flatMap((a) => a.indicators.map((i) => [i.id, i.title] as const)),
  );
  const questions = new Map(q.pages.flatMap((p) => p.elements.map((e) => [e.name, e] as const)));
  return q.indicatorFeeds.map((f) => {
    const question = questions.get(f.question);
    const labels =
      f.rule === 'share-of-choices' && question
        ? f.choices.map((c) => {
            const offered =
              question.type === 'radiogroup' || question.type === 'dropdown' || question.type === 'checkbox'
                ? question.choices.find((x) => String(typeof x === 'object' ? x.value : x) === String(c))
                : undefined;
            return typeof offered === 'object' && offered.text ? textIn(offered.text, lang) : String(c);
          })
        : [];
    return {
      indicator: indicators.get(f.indicator) ?? f.indicator,
      question: textIn(question?.title, lang) || f.question,
      ruleText: `${t(`survey.admin.rule.${f.rule}` as MessageKey)}${labels.length > 0 ? `: ${labels.join(', ')}` : ''}`,
      groupText: t(`survey.admin.group.${f.group}` as MessageKey),
    };
  });
}

/** Each page of the questionnaire as the answer form shows it, every conditional question with its note. */
function previewPages(q: Questionnaire, t: Translate, lang: Language) {
  return q.pages.map((p, i) => ({
    title: textIn(p.title, lang) || textIn(q.title, lang),
    description: textIn(p.description, lang),
    pageOf: t('survey.editor.previewPage', { n: i + 1, total: q.pages.length }),
    fields: pageView(q, i, {}, {}, [], t, lang, { everyQuestion: true }).fields,
  }));
}

function queryNumber(q: Record<string, unknown>, k: string): number | undefined {
  const v = q[k];
  return typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
}

export function registerQuestionnaireEditor(app: FastifyInstance, deps: AuthDeps): void {
  const page = async (
    req: FastifyRequest,
    reply: FastifyReply,
    qid: string,
    status: number,
    state: EditorState = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const source = await found(editorSource(deps.database, qid));
    const viewer = req.auth.viewer;
    const current =
      (await newestQuestionnaire(deps.database, qid))?.questionnaire ??
      (() => {
        const parsed = parseQuestionnaire(Buffer.from(source.text), qid);
        return parsed.ok ? parsed.questionnaire : undefined;
      })();
    const title = (current && textIn(current.title, lang)) || qid;
    const problems = (state.problems ?? []).map((p) => editProblemText(t, p));
    const rounds = [];
    if (viewer)
      for (const r of await roundsOnOlderVersions(deps.database, qid)) {
        const from = r.problems.length > 0 ? await roundQuestionnaire(deps.database, r.round.id) : undefined;
        rounds.push({
          name: r.round.name,
          href: link(`${base}/runder/${r.round.id}`, lang),
          facts: t('survey.editor.roundFacts', { version: r.round.questionnaireVersion, answers: r.answers }),
          moveText: t('survey.editor.move', { name: r.round.name }),
          action: link(`${base}/runder/${r.round.id}/version`, lang),
          version: r.newest,
          refusal:
            r.problems.length > 0
              ? t('survey.editor.moveRefused', {
                  name: r.round.name,
                  version: r.round.questionnaireVersion,
                  newest: r.newest,
                })
              : '',
          problems: ruleLines(t, lang, from, r.newest, r.problems),
        });
      }
    const q = req.query as Record<string, unknown>;
    const notices: Notice[] = [...(state.notices ?? [])];
    const saved = queryNumber(q, 'gemt');
    if (saved !== undefined) {
      notices.push({ text: t('survey.editor.created', { version: saved }), variant: 'success' });
      const meanwhile = queryNumber(q, 'imellem');
      if (meanwhile)
        notices.push({
          text: t(meanwhile === 1 ? 'survey.editor.meanwhile' : 'survey.editor.meanwhileMany', {
            n: meanwhile,
          }),
          variant: 'warning',
        });
    }
    const same = queryNumber(q, 'uaendret');
    if (same !== undefined)
      notices.push({ text: t('survey.editor.unchanged', { version: same }), variant: 'info' });
    const earlier = queryNumber(q, 'tidligere');
    if (earlier !== undefined)
      notices.push({
        text: t('survey.editor.earlier', { version: earlier, newest: queryNumber(q, 'nyeste') ?? earlier }),
        variant: 'info',
      });
    const movedRound = typeof q.flyttet === 'string' && /^\d{1,16}$/.test(q.flyttet) ? q.flyttet : undefined;
    if (movedRound) {
      const r = await getSurveyRound(deps.database, movedRound).catch(() => undefined);
      if (r)
        notices.push({
          text: t('survey.editor.moved', { name: r.name, version: r.questionnaireVersion }),
          variant: 'success',
        });
    }
    return reply
      .code(status)
      .type('text/html')
      .send(
        renderPage(
          'survey-editor.njk',
          { lang, path: requestPath(req) },
          {
            title: `${t('survey.editor.title', { title })}${problems.length > 0 ? ` (${t('auth.errorPrefix')})` : ''}`,
            heading: t('survey.editor.title', { title }),
            breadcrumbs: [
              { text: t('nav.home'), href: link('/', lang) },
              { text: t('survey.admin.title'), href: link(base, lang) },
              { text: title, href: link(`${base}/skemaer/${qid}`, lang) },
              { text: t('survey.editor.crumb') },
            ],
            fromText:
              state.text !== undefined
                ? t('survey.editor.unsaved')
                : source.version === undefined
                  ? t('survey.editor.fromFile')
                  : t('survey.editor.from', { version: source.version }),
            hint: t('survey.editor.hint', { kb: Math.round(MAX_EDITED_BYTES / 1024), id: qid }),
            text: state.text ?? source.text,
            basedOn: state.basedOn ?? source.version ?? '',
            errors: problems.map((message) => ({ id: 'definition', message })),
            fieldErrors: problems,
            notices,
            refusal: state.refusal,
            relogin: reloginView(req, t, state.relogin),
            preview: state.preview && {
              pages: previewPages(state.preview, t, lang),
              surveyTitle: textIn(state.preview.title, lang),
              surveyDescription: textIn(state.preview.description, lang),
              feeds: await feedRows(deps, state.preview, t, lang),
            },
            rounds,
            action: link(editorHref(qid), lang),
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  void app.register(async (scope) => {
    // A body too large is worded with this form's limit; anything else goes on to the app's error handler.
    scope.setErrorHandler((error, req, reply) => {
      const body = bodyErrorMessage(
        error,
        errorLanguage(req),
        EDITOR_BODY_LIMIT,
        req.headers['content-type'],
      );
      if (body) return sendError(req, reply, body.status, body.message);
      throw error;
    });

    scope.get<{ Params: EditorParams }>(`${base}/skemaer/:qid/rediger`, async (req, reply) => {
      if (
        !(await allowPage(req, reply, deps, 'survey.manage', {
          subject: { type: 'questionnaire', id: req.params.qid },
        }))
      )
        return reply;
      return page(req, reply, req.params.qid, 200);
    });

    scope.post<{ Params: EditorParams }>(
      `${base}/skemaer/:qid/rediger`,
      { bodyLimit: EDITOR_BODY_LIMIT },
      async (req, reply) => {
        const qid = req.params.qid;
        const text = field(req.body, 'definition') ?? '';
        const basedOnField = field(req.body, 'version');
        const basedOn = basedOnField && /^\d{1,9}$/.test(basedOnField) ? Number(basedOnField) : undefined;
        await found(editorSource(deps.database, qid));
        // A session that ended while the text was being edited: the text comes back with a log-in-again.
        const relogin = await reloginFromForm(req, reply, deps);
        if (!req.auth.viewer)
          return page(req, reply, qid, relogin.status === 'failed' ? relogin.httpStatus : 401, {
            text,
            basedOn,
            relogin,
          });
        if (
          !(await allowAction(req, reply, deps, 'survey.manage', {
            subject: { type: 'questionnaire', id: qid },
          }))
        )
          return reply;
        const t = translator(requestLanguage(req));
        const action = field(req.body, 'handling');
        if (action !== 'eksempel' && action !== 'gem')
          return page(req, reply, qid, 400, {
            text,
            basedOn,
            notices: [{ text: t('survey.editor.badAction'), variant: 'error' }],
          });
        const checked = await checkEditedQuestionnaire(deps.database, qid, text);
        if (!checked.ok) return page(req, reply, qid, 400, { text, basedOn, problems: checked.problems });
        if (action === 'eksempel')
          return page(req, reply, qid, 200, { text, basedOn, preview: checked.questionnaire });
        try {
          const saved = await saveQuestionnaireVersion(writeContext(req, deps), qid, text, { basedOn });
          const lang = requestLanguage(req);
          const params: Record<string, string> =
            saved.status === 'created'
              ? {
                  gemt: String(saved.version),
                  ...(saved.savedMeanwhile > 0 && { imellem: String(saved.savedMeanwhile) }),
                }
              : saved.status === 'unchanged'
                ? { uaendret: String(saved.version) }
                : { tidligere: String(saved.version), nyeste: String(saved.newest) };
          return await reply.redirect(hrefWith(editorHref(qid), lang, params), 303);
        } catch (e) {
          if (e instanceof QuestionnaireEditRefusedError)
            return page(req, reply, qid, 400, { text, basedOn, problems: e.problems });
          throw e;
        }
      },
    );

    scope.post<{ Params: { roundId: string } }>(`${base}/runder/:roundId/version`, async (req, reply) => {
      const roundId = req.params.roundId;
      if (
        !(await allowPage(req, reply, deps, 'survey.manage', {
          subject: { type: 'survey-round', id: roundId },
        }))
      )
        return reply;
      const lang = requestLanguage(req);
      const t = translator(lang);
      const round = await found(getSurveyRound(deps.database, roundId));
      const versionField = field(req.body, 'version');
      const version = versionField && /^\d{1,9}$/.test(versionField) ? Number(versionField) : undefined;
      const refuse = (key: MessageKey, vars?: Record<string, string | number>) =>
        page(req, reply, round.questionnaireId, 409, { notices: [{ text: t(key, vars), variant: 'error' }] });
      if (version === undefined) return refuse('survey.editor.moveBad');
      try {
        await moveRoundToVersion(writeContext(req, deps), round.id, version);
        return await reply.redirect(
          hrefWith(editorHref(round.questionnaireId), lang, { flyttet: round.id }),
          303,
        );
      } catch (e) {
        if (e instanceof VersionMoveRefusedError) {
          const from = await roundQuestionnaire(deps.database, round.id);
          return page(req, reply, round.questionnaireId, 409, {
            refusal: {
              text: t('survey.editor.moveRefused', {
                name: round.name,
                version: e.round.questionnaireVersion,
                newest: e.version,
              }),
              problems: ruleLines(t, lang, from, e.version, e.problems),
            },
          });
        }
        if (e instanceof NotFoundError) return refuse('survey.editor.moveBad');
        if (e instanceof InvalidInputError)
          return refuse('survey.editor.moveNotNewer', { version: round.questionnaireVersion });
        if (e instanceof ConflictError) return refuse('survey.editor.moveNotOpen');
        throw e;
      }
    });
  });
}
