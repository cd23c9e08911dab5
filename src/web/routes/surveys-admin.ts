// The coordinator's survey pages under /undersoegelser: the questionnaires (with a read-only preview of each)
// and the rounds with their response rates, for everyone logged in who may read them (an editor only the
// rounds about their areas, survey-scope.ts; small groups' counts hidden from all but administrators); for
// administrators also a form to open a round, and on a round's page its recipients' mail state, the buttons
// that send invitations, reminders and retries, a bounce mark per recipient, the recipient CSV upload (all or
// nothing, each bad line named) and closing after a confirmation page. Raw answers are never shown here;
// publishing and their download are in survey-round-finish.ts, the printable list of links in
// survey-round-links.ts, both registered from here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decide } from '../../domain/access/index.ts';
import { checkText, danishDate, parseIsoDate } from '../../domain/followup/index.ts';
import { textIn, type Questionnaire } from '../../domain/survey/index.ts';
import { createMailer, type Mailer } from '../../platform/mail.ts';
import type { MailSettings } from '../../platform/mail-settings.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../service/errors.ts';
import { getStrategy } from '../../service/strategies.ts';
import { markBounced, recipientDeliveries, type SendMode } from '../../service/survey-mail.ts';
import { latestSendJob, SendJobBusyError, sendSurveyMail } from '../../service/survey-send-job.ts';
import { SurveySendJobs } from '../../service/survey-send-runner.ts';
import { MAX_RECIPIENT_FILE_BYTES } from '../../service/survey-recipients.ts';
import { memoryUploadReader } from '../auth/memory-upload.ts';
import {
  closeSurveyRound,
  getSurveyRound,
  importRecipients,
  listQuestionnaires,
  listSurveyRounds,
  openSurveyRound,
  readQuestionnaireFile,
  responseRates,
  type RateGroup,
  type SurveyRoundRow,
} from '../../service/surveys.ts';
import { allowAction, allowPage, field, formToken, hrefWith, sendStatusPage } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { fieldMessage, formErrors, type FormError } from '../form-errors.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { HttpError } from '../http-error.ts';
import { translator, type Language, type MessageKey, type Translate } from '../i18n/messages.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';
import { recipientProblem } from '../survey-recipient-words.ts';
import { finishView, publishedNotice, registerSurveyRoundFinish } from './survey-round-finish.ts';
import { registerSurveyRoundLinks } from './survey-round-links.ts';
import { roundFinish } from '../../service/survey-round-finish.ts';
import { sendJobStatus, sendJobView } from '../survey-send-words.ts';
import { registerSurveySendStatus } from './survey-send-status.ts';
import { readableRounds, roundScope } from '../../service/survey-scope.ts';
import { hiddenRateGroups, MIN_RATE_GROUP, totalHidden } from '../../domain/survey/rate-disclosure.ts';
import { newestQuestionnaire } from '../../service/questionnaire-editor.ts';
import { registerQuestionnaireEditor } from './questionnaire-editor.ts';

export interface SurveyAdminOptions {
  /** The mail settings the server runs with; without SMTP the send buttons say that mail is off. */
  readonly mail?: MailSettings | undefined;
  /** SURVEY_MIN_RESPONDENTS, for publishing a round from its page (never below 3). */
  readonly minRespondents?: number | undefined;
  /** The send jobs' runner; by default one made here, which takes up jobs left unfinished when the app is ready. */
  readonly sendJobs?: SurveySendJobs | undefined;
}

const base = '/undersoegelser';
const roundHref = (id: string) => `${base}/runder/${id}`;
const FILE_FIELD = 'modtagere';

interface RoundParams {
  roundId: string;
}

async function found<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NotFoundError) throw new HttpError(404, e.message);
    throw e;
  }
}

const percentText = (g: RateGroup, lang: Language) =>
  g.rate === undefined
    ? '–'
    : `${(g.rate * 100).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 0 })} %`;

// ————— the recipient upload: read before the form check, as the other upload pages do —————

const recipientUpload = (deps: AuthDeps) =>
  memoryUploadReader(deps, {
    action: 'survey.manage',
    fileField: FILE_FIELD,
    maxFileBytes: MAX_RECIPIENT_FILE_BYTES,
    maxFieldBytes: 1024,
    what: 'recipient upload',
  });

// ————— presenting —————

function questionnaireTitle(q: Questionnaire, lang: Language): string {
  return textIn(q.title, lang) || q.id;
}

function stateWord(t: Translate, state: SurveyRoundRow['state']): string {
  return t(`survey.admin.state.${state}` as MessageKey);
}

interface OpenForm {
  readonly questionnaire: string;
  readonly name: string;
  readonly opens: string;
  readonly closes: string;
  readonly period: string;
  readonly types: string;
}

const emptyForm: OpenForm = { questionnaire: '', name: '', opens: '', closes: '', period: '', types: '' };

function openFormValues(body: unknown): OpenForm {
  const v = (n: string) => (field(body, n) ?? '').slice(0, 2000);
  return {
    questionnaire: v('questionnaire'),
    name: v('name'),
    opens: v('opens'),
    closes: v('closes'),
    period: v('period'),
    types: v('types'),
  };
}

function openFormErrors(t: Translate, form: OpenForm, known: readonly string[]): FormError[] {
  const errors: FormError[] = [];
  const label = (k: 'questionnaire' | 'name' | 'opens' | 'closes' | 'period' | 'types') =>
    t(`survey.admin.field.${k}` as MessageKey);
  if (form.questionnaire === '')
    errors.push({ id: 'questionnaire', message: t('survey.admin.error.questionnaireMissing') });
  else if (!known.includes(form.questionnaire))
    errors.push({
      id: 'questionnaire',
      message: t('survey.admin.error.questionnaireUnknown', { id: form.questionnaire.slice(0, 100) }),
    });
  if (form.name.trim() !== '') {
    const name = checkText(form.name, { max: 200, required: false, multiline: false });
    if (!name.ok)
      errors.push({
        id: 'name',
        message: fieldMessage(t, label('name'), name.problem, {
          max: 200,
          length: [...form.name.trim()].length,
        }),
      });
  }
  const dates: Record<'opens' | 'closes', string | undefined> = { opens: undefined, closes: undefined };
  for (const k of ['opens', 'closes'] as const) {
    if (form[k].trim() === '') {
      errors.push({ id: k, message: fieldMessage(t, label(k), 'required') });
      continue;
    }
    const d = parseIsoDate(form[k]);
    if (d.ok) dates[k] = d.date;
    else errors.push({ id: k, message: fieldMessage(t, label(k), d.problem) });
  }
  if (dates.opens && dates.closes && dates.closes < dates.opens)
    errors.push({
      id: 'closes',
      message: t('survey.admin.error.closesBeforeOpens', {
        closes: formatDate(dates.closes, 'da'),
        opens: formatDate(dates.opens, 'da'),
      }),
    });
  if (form.period.trim() !== '' && !/^\d{4}(K[1-4]|M(0[1-9]|1[0-2]))?$/.test(form.period.trim()))
    errors.push({
      id: 'period',
      message: t('survey.admin.error.period', { value: form.period.trim().slice(0, 40) }),
    });
  const types = form.types.split(',').map((x) => x.trim());
  if (types.some((x) => [...x].length > 100))
    errors.push({ id: 'types', message: t('survey.admin.error.typeTooLong') });
  return errors;
}

// ————— the routes —————

export function registerSurveyAdmin(
  app: FastifyInstance,
  deps: AuthDeps,
  options: SurveyAdminOptions = {},
): void {
  const mailer: Mailer = createMailer(options.mail?.smtp);
  const recipients = recipientUpload(deps);
  // Mail goes out from send jobs run in this process outside the request; with mail off none is queued.
  const sendJobs =
    options.sendJobs ??
    new SurveySendJobs(deps.database, mailer, {
      publicUrl: options.mail?.publicUrl,
      // Outside the request a mail that fails for a passing reason is tried once more, two seconds later.
      attempts: 2,
      now: deps.now,
      onError: (job, e) => app.log.error({ err: e, job }, 'survey send job failed'),
    });
  // Also with mail off: a job left by a server that had it is then ended as failed, saying so.
  if (!options.sendJobs) {
    app.addHook('onReady', async () => sendJobs.start());
    app.addHook('onClose', async () => sendJobs.stop());
  }
  const isAdmin = (req: FastifyRequest) => decide(req.auth.actor, 'survey.manage').allowed;
  const crumbs = (lang: Language, extra: { text: string; href?: string }[]) => {
    const t = translator(lang);
    return [{ text: t('nav.home'), href: link('/', lang) }, ...extra];
  };

  const questionnaires = async (lang: Language) => {
    const listed = await listQuestionnaires(deps.database);
    const out = [];
    for (const l of listed) {
      if (l.errors) continue;
      // The newest stored version (it may have been edited in the browser), else the bundled file.
      const stored = l.version === undefined ? undefined : await newestQuestionnaire(deps.database, l.id);
      const read = stored
        ? { ok: true as const, ...stored }
        : l.file
          ? await readQuestionnaireFile(l.file)
          : undefined;
      if (!read?.ok) continue;
      out.push({
        listing: l,
        questionnaire: read.questionnaire,
        title: questionnaireTitle(read.questionnaire, lang),
      });
    }
    return out;
  };

  const indicatorTitles = async (strategyId: string) => {
    const s = await getStrategy(deps.database, strategyId);
    const titles = new Map<string, string>();
    for (const a of s?.definition.areas ?? []) for (const i of a.indicators) titles.set(i.id, i.title);
    return { titles, strategy: s };
  };

  // The list: questionnaires and rounds, and for administrators the form that opens a round.
  const listPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    code: number,
    o: { values?: OpenForm; errors?: readonly FormError[] } = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const qs = await questionnaires(lang);
    const rows = [];
    for (const q of qs) {
      const { titles } = await indicatorTitles(q.questionnaire.strategy);
      rows.push({
        id: q.listing.id,
        title: q.title,
        href: link(`${base}/skemaer/${q.listing.id}`, lang),
        kindText: t(`survey.admin.kind.${q.listing.kind}` as MessageKey),
        versionText:
          q.listing.version === undefined
            ? t('survey.admin.notRegistered')
            : q.listing.changed
              ? t('survey.admin.versionChanged', { version: q.listing.version })
              : t('survey.admin.version', { version: q.listing.version }),
        feeds: [...new Set(q.questionnaire.indicatorFeeds.map((f) => f.indicator))].map(
          (id) => titles.get(id) ?? id,
        ),
      });
    }
    const titleById = new Map(qs.map((q) => [q.listing.id, q.title]));
    const rounds = [];
    // An editor reads only the rounds about a focus area of theirs (survey-scope.ts).
    const all = await listSurveyRounds(deps.database);
    const readable = await readableRounds(deps.database, req.auth.actor, all);
    for (const r of readable) {
      const rates = await responseRates(deps.database, r.id);
      rounds.push({
        id: r.id,
        name: r.name,
        href: link(roundHref(r.id), lang),
        questionnaire: titleById.get(r.questionnaireId) ?? r.questionnaireId,
        stateText: stateWord(t, r.state),
        state: r.state,
        opens: r.opensOn,
        closes: r.closesOn,
        recipients: rates.total.recipients,
        answered: rates.total.answered,
        rate: percentText(rates.total, lang),
        // Whether one or two organisations have answered is theirs alone to see for administrators.
        hidden: !isAdmin(req) && totalHidden(rates.total.recipients),
        hiddenText: t('survey.scope.hiddenTotal', { recipients: rates.total.recipients }),
      });
    }
    const errs = formErrors(o.errors ?? []);
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'surveys.njk',
          { lang, path: requestPath(req) },
          {
            title: t('survey.admin.title'),
            breadcrumbs: crumbs(lang, [{ text: t('survey.admin.title') }]),
            questionnaires: rows,
            rounds,
            canManage: isAdmin(req),
            scopeNote: readable.length < all.length ? t('survey.scope.note') : undefined,
            choices: qs.map((q) => ({ value: q.listing.id, text: q.title })),
            values: o.values ?? emptyForm,
            errors: errs.list,
            fieldErrors: errs.byField,
            action: link(base, lang),
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  app.get(base, async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
    return listPage(req, reply, 200);
  });

  app.post(base, async (req, reply) => {
    if (
      !(await allowPage(req, reply, deps, 'survey.manage', { subject: { type: 'survey-round', id: 'new' } }))
    )
      return reply;
    const lang = requestLanguage(req);
    const t = translator(lang);
    const values = openFormValues(req.body);
    const known = (await questionnaires(lang)).map((q) => q.listing.id);
    const errors = openFormErrors(t, values, known);
    if (errors.length > 0) return listPage(req, reply, 400, { values, errors });
    const types = values.types
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    try {
      const { round } = await openSurveyRound(writeContext(req, deps), {
        questionnaire: values.questionnaire,
        name: values.name.trim() === '' ? undefined : values.name,
        opens: values.opens.trim(),
        closes: values.closes.trim(),
        period: values.period.trim() === '' ? undefined : values.period.trim(),
        types,
      });
      return reply.redirect(hrefWith(roundHref(round.id), lang, { aabnet: '1' }), 303);
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
      return listPage(req, reply, 400, {
        values,
        errors: [{ id: 'questionnaire', message: t('survey.admin.error.openRefused') }],
      });
    }
  });

  // A questionnaire's pages and questions, read-only.
  app.get<{ Params: { qid: string } }>(`${base}/skemaer/:qid`, async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
    const lang = requestLanguage(req);
    const t = translator(lang);
    const q = (await questionnaires(lang)).find((x) => x.listing.id === req.params.qid);
    if (!q) throw new HttpError(404, 'questionnaire not found');
    const { titles } = await indicatorTitles(q.questionnaire.strategy);
    const pages = q.questionnaire.pages.map((p, i) => ({
      title: textIn(p.title, lang) || t('survey.admin.pageN', { n: i + 1 }),
      description: textIn(p.description, lang),
      questions: p.elements.map((e) => ({
        title: textIn(e.title, lang),
        description: textIn(e.description, lang),
        typeText: t(`survey.admin.qtype.${e.type}` as MessageKey),
        required: e.isRequired === true,
        conditional: e.visibleIf !== undefined,
        choices:
          e.type === 'radiogroup' || e.type === 'dropdown' || e.type === 'checkbox'
            ? e.choices.map((c) =>
                typeof c === 'object' ? textIn(c.text, lang) || String(c.value) : String(c),
              )
            : e.type === 'boolean'
              ? [
                  textIn(e.labelTrue, lang) || t('survey.admin.yes'),
                  textIn(e.labelFalse, lang) || t('survey.admin.no'),
                ]
              : e.type === 'rating'
                ? [t('survey.admin.scale', { min: e.rateMin ?? 1, max: e.rateMax ?? 5 })]
                : [],
      })),
    }));
    const questionTitle = new Map(
      q.questionnaire.pages.flatMap((p) => p.elements.map((e) => [e.name, textIn(e.title, lang)] as const)),
    );
    const feeds = q.questionnaire.indicatorFeeds.map((f) => ({
      indicator: titles.get(f.indicator) ?? f.indicator,
      question: questionTitle.get(f.question) ?? f.question,
      ruleText: t(`survey.admin.rule.${f.rule}` as MessageKey),
      groupText: t(`survey.admin.group.${f.group}` as MessageKey),
    }));
    return reply.type('text/html').send(
      renderPage(
        'survey-questionnaire.njk',
        { lang, path: requestPath(req) },
        {
          title: q.title,
          breadcrumbs: crumbs(lang, [
            { text: t('survey.admin.title'), href: link(base, lang) },
            { text: q.title },
          ]),
          description: textIn(q.questionnaire.description, lang),
          kindText: t(`survey.admin.kind.${q.listing.kind}` as MessageKey),
          versionText:
            q.listing.version === undefined
              ? t('survey.admin.notRegistered')
              : t('survey.admin.version', { version: q.listing.version }),
          pages,
          feeds,
          otherLangHref: link(`${base}/skemaer/${q.listing.id}`, lang === 'da' ? 'en' : 'da'),
          editHref: isAdmin(req) ? link(`${base}/skemaer/${q.listing.id}/rediger`, lang) : undefined,
        },
      ),
    );
  });

  // One round: facts and response rates for everyone logged in; for administrators the mail and the upload.
  const roundPage = async (
    req: FastifyRequest<{ Params: RoundParams }>,
    reply: FastifyReply,
    code: number,
    o: {
      notice?: { text: string; variant: 'success' | 'info' | 'warning' | 'error' };
      uploadErrors?: readonly string[];
    } = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const round = await found(getSurveyRound(deps.database, req.params.roundId));
    const rates = await responseRates(deps.database, round.id);
    const { strategy } = await indicatorTitles(
      ((await questionnaires(lang)).find((q) => q.listing.id === round.questionnaireId)?.questionnaire
        .strategy ?? '') as string,
    );
    const areaName = (code: string) =>
      strategy && strategy.definition.organisation.areaCode === code
        ? strategy.definition.organisation.name
        : code;
    const admin = isAdmin(req);
    const focus = await roundScope(deps.database, round);
    // Administrators see each organisation's state anyway; others do not see a small group's (rate-disclosure.ts).
    const hiddenWord = t('survey.scope.hidden');
    const rateRow = (g: RateGroup, label: string, hidden = false) =>
      hidden
        ? { label, recipients: g.recipients, answered: hiddenWord, started: hiddenWord, rate: hiddenWord }
        : {
            label,
            recipients: g.recipients,
            answered: g.answered,
            started: g.started,
            rate: percentText(g, lang),
          };
    const hide = (groups: readonly RateGroup[]) =>
      admin ? groups.map(() => false) : hiddenRateGroups(groups, rates.total.recipients);
    const hiddenByArea = hide(rates.byArea);
    const hiddenByType = hide(rates.byType);
    const deliveries = admin ? await recipientDeliveries(deps.database, round.id) : [];
    const today = danishDate(deps.now());
    const sendable = round.state === 'open' && today >= round.opensOn && today <= round.closesOn;
    const q = req.query as Record<string, unknown>;
    const count = (k: string) =>
      typeof q[k] === 'string' && /^\d{1,6}$/.test(q[k]) ? Number(q[k]) : undefined;
    const named = (id: unknown) =>
      typeof id === 'string' ? deliveries.find((d) => d.recipient.id === id)?.recipient : undefined;
    const bounceTarget = named(q.modtager);
    const notice =
      o.notice ??
      publishedNotice(t, q, round) ??
      (q.aabnet === '1'
        ? { text: t('survey.admin.opened'), variant: 'success' as const }
        : q.lukket === '1' && round.state !== 'open'
          ? { text: t('survey.admin.closedDone'), variant: 'success' as const }
          : q.mail === 'fra'
            ? { text: t('survey.admin.send.off', { n: count('n') ?? 0 }), variant: 'warning' as const }
            : count('indlaest') !== undefined
              ? {
                  text: t('survey.admin.upload.done', { n: count('indlaest') ?? 0 }),
                  variant: 'success' as const,
                }
              : bounceTarget && (q.afvist === '1' || q.afvist === '0')
                ? {
                    text: t(q.afvist === '1' ? 'survey.admin.bounce.marked' : 'survey.admin.bounce.undone', {
                      organisation: bounceTarget.organisation,
                      email: bounceTarget.email,
                    }),
                    variant: 'success' as const,
                  }
                : undefined);
    const anyFailed = deliveries.some((d) => d.state === 'failed');
    const latestJob = admin ? await latestSendJob(deps.database, round.id) : undefined;
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'survey-round.njk',
          { lang, path: requestPath(req) },
          {
            title: round.name,
            breadcrumbs: crumbs(lang, [
              { text: t('survey.admin.title'), href: link(base, lang) },
              { text: round.name },
            ]),
            round: {
              id: round.id,
              name: round.name,
              state: round.state,
              stateText: stateWord(t, round.state),
              opens: round.opensOn,
              closes: round.closesOn,
              period: round.period,
              questionnaireHref: link(`${base}/skemaer/${round.questionnaireId}`, lang),
              questionnaire: round.questionnaireId,
              version: round.questionnaireVersion,
              scope: round.scopeTypes.length === 0 ? t('survey.admin.scopeAll') : round.scopeTypes.join(', '),
              focusAreas: focus.areas.map((a) => a.title).join(', ') || t('survey.scope.none'),
            },
            total: {
              ...rateRow(rates.total, t('survey.admin.rates.total')),
              hidden: !admin && totalHidden(rates.total.recipients),
              hiddenText: t('survey.scope.hiddenTotal', { recipients: rates.total.recipients }),
            },
            byArea: rates.byArea.map((g, i) => rateRow(g, areaName(g.key), hiddenByArea[i])),
            byType: rates.byType.map((g, i) => rateRow(g, g.key, hiddenByType[i])),
            hiddenNote: [...hiddenByArea, ...hiddenByType].some(Boolean)
              ? t('survey.scope.hiddenNote', { min: MIN_RATE_GROUP })
              : undefined,
            bounced: rates.bounced,
            isAdmin: admin,
            mailOn: mailer.enabled,
            open: round.state === 'open',
            sendable,
            notSendableText:
              round.state !== 'open'
                ? undefined
                : today < round.opensOn
                  ? t('survey.admin.send.notYetOpen', { date: formatDate(round.opensOn, lang) })
                  : today > round.closesOn
                    ? t('survey.admin.send.pastClose', { date: formatDate(round.closesOn, lang) })
                    : undefined,
            anyFailed,
            deliveries: deliveries.map((d) => ({
              id: d.recipient.id,
              organisation: d.recipient.organisation,
              type: d.recipient.organisationType,
              contact: d.recipient.contactName,
              email: d.recipient.email,
              bounced: d.recipient.bounced,
              state: d.state,
              stateText: t(`survey.admin.mailState.${d.state}` as MessageKey),
              detail:
                d.state === 'failed' && d.delivery?.failure
                  ? t('survey.admin.mailDetail.failed', {
                      kind: t(`survey.admin.mailKind.${d.delivery.failure.kind}` as MessageKey),
                      at: formatDateTime(d.delivery.failure.at, lang),
                      reason: d.delivery.failure.reason,
                    })
                  : d.delivery?.remindedAt
                    ? t('survey.admin.mailDetail.reminded', {
                        n: d.delivery.reminders,
                        at: formatDateTime(d.delivery.remindedAt, lang),
                      })
                    : d.delivery?.invitedAt
                      ? t('survey.admin.mailDetail.invited', {
                          at: formatDateTime(d.delivery.invitedAt, lang),
                        })
                      : '',
            })),
            notice,
            uploadErrors: o.uploadErrors ?? [],
            errors:
              (o.uploadErrors ?? []).length > 0
                ? [{ id: 'modtagere', message: t('survey.admin.upload.refused') }]
                : [],
            action: (p: string) => link(`${roundHref(round.id)}${p}`, lang),
            maxKb: Math.round(MAX_RECIPIENT_FILE_BYTES / 1024),
            csrfToken: formToken(req, reply),
            finish: finishView(t, lang, round, await roundFinish(deps.database, round)),
            sendJob: latestJob && {
              ...sendJobView(t, lang, latestJob),
              statusHref: link(`${roundHref(round.id)}/udsendelse`, lang),
              refreshHref: `${link(roundHref(round.id), lang)}#udsendelse`,
            },
          },
        ),
      );
  };

  registerSurveyRoundFinish(app, deps, { minRespondents: options.minRespondents, roundPage, crumbs });
  registerSurveyRoundLinks(app, deps, { publicUrl: options.mail?.publicUrl, roundPage, crumbs });
  registerQuestionnaireEditor(app, deps);

  app.get<{ Params: RoundParams }>(`${base}/runder/:roundId`, async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
    const round = await found(getSurveyRound(deps.database, req.params.roundId));
    const { resource } = await roundScope(deps.database, round);
    const subject = { type: 'survey-round', id: round.id };
    if (!(await allowAction(req, reply, deps, 'survey.read', { resource, subject }))) return reply;
    return roundPage(req, reply, 200);
  });

  const adminOf = async (req: FastifyRequest<{ Params: RoundParams }>, reply: FastifyReply) =>
    allowPage(req, reply, deps, 'survey.manage', {
      subject: { type: 'survey-round', id: req.params.roundId },
    });

  app.post<{ Params: RoundParams }>(`${base}/runder/:roundId/send`, async (req, reply) => {
    if (!(await adminOf(req, reply))) return reply;
    const t = translator(requestLanguage(req));
    const round = await found(getSurveyRound(deps.database, req.params.roundId));
    const modeField = field(req.body, 'mode');
    const mode: SendMode | undefined =
      modeField === 'invitations' || modeField === 'reminders' || modeField === 'retry'
        ? modeField
        : undefined;
    const refuse = (key: MessageKey, vars?: Record<string, string>) =>
      roundPage(req, reply, 409, { notice: { text: t(key, vars), variant: 'error' } });
    if (!mode)
      return roundPage(req, reply, 400, {
        notice: { text: t('survey.admin.send.badMode'), variant: 'error' },
      });
    if (round.state !== 'open') return refuse('survey.admin.send.closed');
    if (mailer.enabled && options.mail?.publicUrl === undefined)
      return refuse('survey.admin.send.noPublicUrl');
    const lang = requestLanguage(req);
    try {
      if (!mailer.enabled) {
        // Mail off: nothing is queued; the page says who would have been mailed.
        const run = await sendSurveyMail(writeContext(req, deps), mailer, round.id, mode, {
          publicUrl: options.mail?.publicUrl,
        });
        return await reply.redirect(
          hrefWith(roundHref(round.id), lang, { mail: 'fra', n: String(run.due.length) }),
          303,
        );
      }
      // Queued and started outside the request: the round page shows its progress and then its outcome.
      await sendJobs.queue(writeContext(req, deps), round.id, mode);
      return await reply.redirect(`${link(roundHref(round.id), lang)}#udsendelse`, 303);
    } catch (e) {
      if (e instanceof SendJobBusyError)
        return refuse('survey.admin.job.busy', { status: sendJobStatus(t, lang, e.job) });
      if (e instanceof ConflictError) {
        const today = danishDate(deps.now());
        if (today < round.opensOn)
          return refuse('survey.admin.send.notYetOpen', { date: formatDate(round.opensOn, lang) });
        if (today > round.closesOn)
          return refuse('survey.admin.send.pastClose', { date: formatDate(round.closesOn, lang) });
        return refuse('survey.admin.send.closed');
      }
      throw e;
    }
  });

  registerSurveySendStatus(app, deps, { roundHref });

  app.post<{ Params: RoundParams }>(`${base}/runder/:roundId/afvist`, async (req, reply) => {
    if (!(await adminOf(req, reply))) return reply;
    const lang = requestLanguage(req);
    const t = translator(lang);
    const round = await found(getSurveyRound(deps.database, req.params.roundId));
    const recipient = (field(req.body, 'recipient') ?? '').slice(0, 20);
    const undo = field(req.body, 'undo') === 'ja';
    try {
      const r = await markBounced(writeContext(req, deps), round.id, recipient, !undo);
      return await reply.redirect(
        hrefWith(roundHref(round.id), lang, { afvist: r.bounced ? '1' : '0', modtager: r.id }),
        303,
      );
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      return roundPage(req, reply, 400, {
        notice: { text: t('survey.admin.bounce.unknown'), variant: 'error' },
      });
    }
  });

  app.get<{ Params: RoundParams }>(`${base}/runder/:roundId/luk`, async (req, reply) => {
    if (!(await adminOf(req, reply))) return reply;
    const lang = requestLanguage(req);
    const t = translator(lang);
    const round = await found(getSurveyRound(deps.database, req.params.roundId));
    if (round.state !== 'open') return reply.redirect(link(roundHref(round.id), lang), 303);
    const rates = await responseRates(deps.database, round.id);
    return reply.type('text/html').send(
      renderPage(
        'survey-close.njk',
        { lang, path: requestPath(req) },
        {
          title: t('survey.admin.close.title', { name: round.name }),
          breadcrumbs: crumbs(lang, [
            { text: t('survey.admin.title'), href: link(base, lang) },
            { text: round.name, href: link(roundHref(round.id), lang) },
            { text: t('survey.admin.close.crumb') },
          ]),
          round: { name: round.name, closes: round.closesOn },
          rates: {
            answered: rates.total.answered,
            recipients: rates.total.recipients,
            rate: percentText(rates.total, lang),
          },
          action: link(`${roundHref(round.id)}/luk`, lang),
          cancelHref: link(roundHref(round.id), lang),
          csrfToken: formToken(req, reply),
        },
      ),
    );
  });

  app.post<{ Params: RoundParams }>(`${base}/runder/:roundId/luk`, async (req, reply) => {
    if (!(await adminOf(req, reply))) return reply;
    const lang = requestLanguage(req);
    const t = translator(lang);
    const round = await found(getSurveyRound(deps.database, req.params.roundId));
    if (field(req.body, 'confirm') !== 'ja')
      return reply.redirect(link(`${roundHref(round.id)}/luk`, lang), 303);
    try {
      await closeSurveyRound(writeContext(req, deps), round.id);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      return roundPage(req, reply, 409, {
        notice: { text: t('survey.admin.close.already'), variant: 'error' },
      });
    }
    return reply.redirect(hrefWith(roundHref(round.id), lang, { lukket: '1' }), 303);
  });

  app.post<{ Params: RoundParams }>(
    `${base}/runder/:roundId/modtagere`,
    { preValidation: recipients.reader },
    async (req, reply) => {
      // The file of a visitor whose session has ended was never read: say so, rather than send to a login
      // page after which the file would have to be chosen again anyway.
      if (!req.auth.viewer)
        return sendStatusPage(req, reply, 401, 'auth.relogin.title', 'survey.admin.upload.loginAgain');
      if (!(await adminOf(req, reply))) return reply;
      const lang = requestLanguage(req);
      const t = translator(lang);
      const round = await found(getSurveyRound(deps.database, req.params.roundId));
      const state = recipients.stateOf(req);
      const upload = state?.upload;
      const refuse = (lines: readonly string[]) => roundPage(req, reply, 400, { uploadErrors: lines });
      if (round.state !== 'open') return refuse([t('survey.admin.upload.closed')]);
      if (state?.broken) return refuse([t('survey.admin.upload.broken')]);
      if (!upload) return refuse([t('survey.admin.upload.noFile')]);
      if (upload.tooLarge)
        return refuse([
          t('survey.admin.upload.tooLarge', {
            file: upload.name,
            kb: Math.round(MAX_RECIPIENT_FILE_BYTES / 1024),
          }),
        ]);
      try {
        const r = await importRecipients(writeContext(req, deps), round.id, upload.bytes, upload.name);
        return await reply.redirect(hrefWith(roundHref(round.id), lang, { indlaest: String(r.added) }), 303);
      } catch (e) {
        if (e instanceof InvalidInputError)
          return refuse(
            (e.details.length > 0 ? e.details : [e.message]).map((d) => recipientProblem(t, d, upload.name)),
          );
        if (e instanceof ConflictError) return refuse([t('survey.admin.upload.closed')]);
        throw e;
      }
    },
  );
}
