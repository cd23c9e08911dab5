// The biennial evaluation's pages: the rounds with their state, and one round with every focus area's
// assessment, proposed adjustments, interventions and sign-off. The tovholder (an editor of the area's centre)
// and administrators write while the round is a draft; the lead centre's editor signs the area off; an
// administrator opens a round, freezes it after a page saying what freezing means, and records the
// committee's decision (`evaluation-decision.ts`, in the upload scope: it may carry the revised strategy); for a
// round frozen before report contents were kept, an administrator may keep today's. Every change goes through
// the services' write gate; these routes word the answers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { areaResource, decide, type Action, type Resource } from '../../domain/access/index.ts';
import { checkText, parseIsoDate } from '../../domain/followup/index.ts';
import {
  MAX_DEFINITION_BYTES,
  unitName,
  type Area,
  type StrategyDefinition,
} from '../../domain/strategy/index.ts';
import { interventionStatusText } from '../status-words.ts';
import { freezeWithReport, keepTodaysReport, reportComparison } from '../../reports/evaluation-report.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../service/errors.ts';
import { evaluationPins } from '../../service/evaluation-pins.ts';
import {
  evaluationLimits,
  getEvaluation,
  listEvaluations,
  openEvaluation,
  signOffAssessment,
  writeAssessment,
  type EvaluationRoundRow,
  type InterventionState,
} from '../../service/evaluations.ts';
import { listInterventions } from '../../service/interventions.ts';
import { POPULATION_SERIES } from '../../service/population.ts';
import { getStrategy, listStrategies, listStrategyVersions } from '../../service/strategies.ts';
import { authorize } from '../../service/write-gate.ts';
import { refusalSentence } from '../audit-words.ts';
import { allowPage, field, formToken, hrefWith } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { fieldMessage, formErrors, type FormError } from '../form-errors.ts';
import { formatNumber } from '../format.ts';
import { HttpError } from '../http-error.ts';
import { translator, type Language, type MessageKey, type Translate } from '../i18n/messages.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

export const evaluationBase = '/evalueringer';

interface RoundParams {
  roundId: string;
}
interface AreaParams extends RoundParams {
  areaId: string;
}

/** Service "not found" (an unknown or malformed round id, an unknown area) becomes the Danish 404 page. */
export async function found<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NotFoundError) throw new HttpError(404, e.message);
    throw e;
  }
}

export const stateKey = (state: EvaluationRoundRow['state']): MessageKey => `evaluation.state.${state}`;

function centreName(d: StrategyDefinition, id: string): string {
  return unitName(d, id);
}

function presentRound(lang: Language, t: Translate, r: EvaluationRoundRow) {
  return {
    id: r.id,
    name: r.name,
    state: r.state,
    stateText: t(stateKey(r.state)),
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    createdAt: r.createdAt,
    frozenAt: r.frozenAt,
    frozenBy: r.frozenBy,
    decidedAt: r.decidedAt,
    decisionDate: r.decisionDate,
    decisionText: r.decisionText,
    decisionVersion: r.decisionVersion,
    strategyVersion: r.strategyVersion,
    contentReplacedSha256: r.contentReplacedSha256,
    href: link(`${evaluationBase}/${r.id}`, lang),
  };
}

interface OpenValues {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

interface AreaValues {
  readonly assessment: string;
  readonly adjustments: string;
}

interface DecisionValues {
  readonly date: string;
  readonly text: string;
  readonly version: string;
}

/** A date field's problems in the pages' words; undefined when it is a date. */
function dateError(t: Translate, label: string, raw: string): string | undefined {
  if (raw.trim() === '') return fieldMessage(t, label, 'required');
  const d = parseIsoDate(raw.trim());
  return d.ok ? undefined : fieldMessage(t, label, d.problem);
}

function textError(
  t: Translate,
  label: string,
  raw: string,
  options: { max: number; required: boolean; multiline: boolean },
): string | undefined {
  const c = checkText(raw, options);
  if (c.ok) return undefined;
  const length = [...(options.multiline ? raw.replace(/\r\n?/g, '\n') : raw).trim()].length;
  return fieldMessage(t, label, c.problem, { max: options.max, length });
}

export function openErrors(t: Translate, v: OpenValues): FormError[] {
  const errors: FormError[] = [];
  const name = textError(t, t('evaluation.field.name'), v.name, {
    max: evaluationLimits.nameMax,
    required: true,
    multiline: false,
  });
  if (name) errors.push({ id: 'name', message: name });
  const from = dateError(t, t('evaluation.field.from'), v.from);
  if (from) errors.push({ id: 'from', message: from });
  const to = dateError(t, t('evaluation.field.to'), v.to);
  if (to) errors.push({ id: 'to', message: to });
  if (!from && !to && v.to.trim() < v.from.trim())
    errors.push({ id: 'to', message: fieldMessage(t, t('evaluation.field.to'), 'endBeforeStart') });
  return errors;
}

export function areaErrors(t: Translate, areaId: string, v: AreaValues): FormError[] {
  const limits = { max: evaluationLimits.textMax, required: false, multiline: true };
  const errors: FormError[] = [];
  const a = textError(t, t('evaluation.field.assessment'), v.assessment, limits);
  if (a) errors.push({ id: `assessment-${areaId}`, message: a });
  const b = textError(t, t('evaluation.field.adjustments'), v.adjustments, limits);
  if (b) errors.push({ id: `adjustments-${areaId}`, message: b });
  return errors;
}

export function decisionErrors(t: Translate, v: DecisionValues, versions: readonly number[]): FormError[] {
  const errors: FormError[] = [];
  const date = dateError(t, t('evaluation.field.decisionDate'), v.date);
  if (date) errors.push({ id: 'decisionDate', message: date });
  const text = textError(t, t('evaluation.field.decisionText'), v.text, {
    max: evaluationLimits.textMax,
    required: true,
    multiline: true,
  });
  if (text) errors.push({ id: 'decisionText', message: text });
  if (v.version !== '' && !versions.includes(Number(v.version)))
    errors.push({
      id: 'decisionVersion',
      message: fieldMessage(t, t('evaluation.field.decisionVersion'), 'unknown', {
        value: v.version.slice(0, 40),
      }),
    });
  return errors;
}

/** What the page says after a change (from the query of the redirect), and about which area. */
const notices: Readonly<Record<string, MessageKey>> = {
  oprettet: 'evaluation.notice.opened',
  gemt: 'evaluation.notice.saved',
  godkendt: 'evaluation.notice.signedOff',
  frosset: 'evaluation.notice.frozen',
  besluttet: 'evaluation.notice.decided',
  indhold: 'evaluation.notice.recomputed',
};

/** The round page and the policy check, for the decision's routes in the upload scope. */
export interface EvaluationPages {
  allow(
    req: FastifyRequest,
    reply: FastifyReply,
    action: Action,
    options: { resource?: Resource; subject: { type: string; id: string } },
  ): Promise<boolean>;
  roundPage(
    req: FastifyRequest<{ Params: RoundParams }>,
    reply: FastifyReply,
    code: number,
    options?: RoundPageOptions,
  ): Promise<FastifyReply>;
}

export interface RoundPageOptions {
  readonly area?: { id: string; values: AreaValues; errors: readonly FormError[] };
  /** The decision form as posted, with its errors and a refused revision file's errors as the CLI lists them. */
  readonly decision?: {
    values: DecisionValues;
    errors: readonly FormError[];
    revisionLines?: readonly string[];
  };
  /** The revision form of a decided round, as posted. */
  readonly revision?: { errors: readonly FormError[]; revisionLines?: readonly string[] };
  readonly problem?: string;
}

export function registerEvaluations(app: FastifyInstance, deps: AuthDeps): EvaluationPages {
  /** Asks the policy (the write gate logs a refusal); a refusal is a Danish 403 saying why. */
  const allow = async (
    req: FastifyRequest,
    reply: FastifyReply,
    action: Action,
    options: { resource?: Resource; subject: { type: string; id: string } },
  ): Promise<boolean> => {
    if (!(await allowPage(req, reply, deps, 'internal.read'))) return false;
    try {
      await authorize(writeContext(req, deps), action, options);
      return true;
    } catch (e) {
      if (!(e instanceof ForbiddenError)) throw e;
      await statusPage(req, reply, 403, 'auth.forbidden.title', refusalSentence(e.message, tOf(req)));
      return false;
    }
  };
  const tOf = (req: FastifyRequest) => translator(requestLanguage(req));
  const statusPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    code: number,
    heading: MessageKey,
    message: string,
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'error.njk',
          { lang, path: requestPath(req) },
          { title: t(heading), heading: t(heading), message },
        ),
      );
  };
  const crumbs = (lang: Language, extra: { text: string; href?: string }[]) => {
    const t = translator(lang);
    return [
      { text: t('nav.home'), href: link('/', lang) },
      { text: t('evaluation.title'), href: link(evaluationBase, lang) },
      ...extra,
    ];
  };

  // The list of rounds, and for administrators the form that opens one.
  const listPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    code: number,
    options: { values?: OpenValues; errors?: readonly FormError[] } = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const rounds = await listEvaluations(deps.database);
    const strategies = await listStrategies(deps.database);
    const titles = new Map(
      await Promise.all(
        strategies.map(
          async (s) =>
            [
              s.strategyId,
              (await getStrategy(deps.database, s.strategyId))?.definition.title ?? s.strategyId,
            ] as const,
        ),
      ),
    );
    const errs = formErrors(options.errors ?? []);
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'evaluations.njk',
          { lang, path: requestPath(req) },
          {
            title: t('evaluation.title'),
            breadcrumbs: [{ text: t('nav.home'), href: link('/', lang) }, { text: t('evaluation.title') }],
            rounds: rounds.map((r) => ({
              ...presentRound(lang, t, r),
              strategyTitle: titles.get(r.strategyId) ?? r.strategyId,
            })),
            severalStrategies: strategies.length > 1,
            strategies: strategies.map((s) => ({ id: s.strategyId, title: titles.get(s.strategyId) })),
            canManage: decide(req.auth.actor, 'evaluation.manage').allowed && strategies.length > 0,
            values: options.values ?? { name: '', from: '', to: '', strategy: '' },
            errors: errs.list,
            fieldErrors: errs.byField,
            nameMax: evaluationLimits.nameMax,
            action: link(evaluationBase, lang),
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  app.get(evaluationBase, async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
    return listPage(req, reply, 200);
  });

  app.post(evaluationBase, async (req, reply) => {
    const strategies = await listStrategies(deps.database);
    const wanted = field(req.body, 'strategy') ?? '';
    const strategyId = strategies.length === 1 ? strategies[0]?.strategyId : wanted;
    const subject = { type: 'strategy', id: strategyId || '-' };
    if (!(await allow(req, reply, 'evaluation.manage', { subject }))) return reply;
    const t = tOf(req);
    const values = {
      name: field(req.body, 'name') ?? '',
      from: field(req.body, 'from') ?? '',
      to: field(req.body, 'to') ?? '',
      strategy: wanted,
    };
    const errors = openErrors(t, values);
    if (!strategyId || !strategies.some((s) => s.strategyId === strategyId))
      errors.push({
        id: 'strategy',
        message: fieldMessage(t, t('evaluation.field.strategy'), wanted === '' ? 'required' : 'unknown', {
          value: wanted.slice(0, 80),
        }),
      });
    if (errors.length > 0 || !strategyId) return listPage(req, reply, 400, { values, errors });
    const round = await openEvaluation(writeContext(req, deps), strategyId, {
      name: values.name,
      from: values.from.trim(),
      to: values.to.trim(),
    });
    return reply.redirect(
      hrefWith(`${evaluationBase}/${round.id}`, requestLanguage(req), { oprettet: '1' }),
      303,
    );
  });

  // One round: every area with its texts, sign-off and interventions; the forms its reader may use.
  const roundPage = async (
    req: FastifyRequest<{ Params: RoundParams }>,
    reply: FastifyReply,
    code: number,
    options: RoundPageOptions = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const record = await found(getEvaluation(deps.database, req.params.roundId));
    const r = record.round;
    const s = await getStrategy(deps.database, r.strategyId, r.strategyVersion);
    if (!s) throw new HttpError(404, `strategy ${r.strategyId} version ${r.strategyVersion} not found`);
    const d = s.definition;
    const draft = r.state === 'draft';
    const interventions: readonly InterventionState[] = draft
      ? (await listInterventions(deps.database, r.strategyId)).map((i) => ({
          id: i.id,
          areaId: i.areaId,
          title: i.title,
          status: i.status,
          leadCentre: i.leadCentre,
          indicatorIds: i.indicatorIds,
          notes: [],
        }))
      : ((r.interventions ?? []) as InterventionState[]);
    const rows = new Map(record.areas.map((a) => [a.areaId, a]));
    const q = req.query as Record<string, unknown>;
    const noticeKey = Object.keys(notices).find((k) => typeof q[k] === 'string');
    const noticeArea = noticeKey ? d.areas.find((a) => a.id === q[noticeKey]) : undefined;
    const actor = req.auth.actor;
    const areas = d.areas.map((area: Area) => {
      const row = rows.get(area.id);
      const resource = areaResource(area);
      const editing = options.area?.id === area.id ? options.area : undefined;
      const errs = formErrors(editing?.errors ?? []);
      return {
        id: area.id,
        title: area.title,
        lead: centreName(d, area.organisation.lead),
        assessment: row?.assessment ?? '',
        adjustments: row?.adjustments ?? '',
        written: row !== undefined && (row.assessment !== '' || row.adjustments !== ''),
        updatedAt: row?.updatedAt,
        updatedBy: row?.updatedBy,
        signedOffAt: row?.signedOffAt ?? null,
        signedOffBy: row?.signedOffBy ?? null,
        canEdit: draft && decide(actor, 'area.edit', resource).allowed,
        canSignOff:
          draft &&
          row !== undefined &&
          row.signedOffAt === null &&
          decide(actor, 'area.signoff', resource).allowed,
        values: editing?.values ?? { assessment: row?.assessment ?? '', adjustments: row?.adjustments ?? '' },
        errors: errs.list,
        fieldErrors: errs.byField,
        action: link(`${evaluationBase}/${r.id}/omraader/${area.id}`, lang),
        signOffAction: link(`${evaluationBase}/${r.id}/omraader/${area.id}/godkend`, lang),
        interventions: interventions
          .filter((i) => i.areaId === area.id)
          .map((i) => ({
            title: i.title,
            statusText: interventionStatusText(t, i.status),
            href: link(`/strategier/${r.strategyId}/indsatser/${i.id}`, lang),
          })),
      };
    });
    const canManage = decide(actor, 'evaluation.manage').allowed;
    const versions =
      canManage && r.state === 'frozen' ? await listStrategyVersions(deps.database, r.strategyId) : [];
    const decisionErrs = formErrors(options.decision?.errors ?? []);
    const revisionErrs = formErrors(options.revision?.errors ?? []);
    const revisedTo = ['revideret', 'samme'].flatMap((k) =>
      typeof q[k] === 'string' && /^\d{1,6}$/.test(q[k]) ? [{ kind: k, version: q[k] }] : [],
    )[0];
    // Administrators see whether today's computation of a frozen report differs from its kept content.
    // A computation that fails is the report download's to say; the page still shows the round.
    const content =
      canManage && !draft
        ? await reportComparison(writeContext(req, deps), r).catch((e: unknown) => {
            req.log.warn({ err: e, round: r.id }, 'the report could not be computed for comparison');
            return undefined;
          })
        : undefined;
    const pins = draft ? [] : await evaluationPins(deps.database, r.id);
    const indicatorTitles = new Map(
      d.areas.flatMap((a) => a.indicators.map((i) => [i.id, i.title] as const)),
    );
    return reply
      .code(code)
      .type('text/html')
      .send(
        renderPage(
          'evaluation.njk',
          { lang, path: requestPath(req) },
          {
            title: r.name,
            organisationName: d.organisation.name,
            breadcrumbs: crumbs(lang, [{ text: r.name }]),
            round: presentRound(lang, t, r),
            strategyTitle: d.title,
            strategyHref: link(`/strategier/${r.strategyId}`, lang),
            areas,
            notice: noticeKey && t(notices[noticeKey] as MessageKey, { area: noticeArea?.title ?? '' }),
            problem: options.problem,
            signedOff: areas.filter((a) => a.signedOffAt !== null).length,
            canManage,
            freezeHref: link(`${evaluationBase}/${r.id}/frys`, lang),
            decisionAction: link(`${evaluationBase}/${r.id}/beslutning`, lang),
            decisionValues: options.decision?.values ?? { date: '', text: '', version: '' },
            decisionErrors: decisionErrs.list,
            decisionFieldErrors: decisionErrs.byField,
            decisionRevisionLines: options.decision?.revisionLines ?? [],
            canRevise: canManage && r.state === 'decided' && r.decisionVersion === null,
            revisionAction: link(`${evaluationBase}/${r.id}/revision`, lang),
            revisionErrors: revisionErrs.list,
            revisionFieldErrors: revisionErrs.byField,
            revisionLines: options.revision?.revisionLines ?? [],
            revisionNotice:
              revisedTo &&
              t(revisedTo.kind === 'revideret' ? 'evaluation.revision.done' : 'evaluation.revision.same', {
                version: revisedTo.version,
              }),
            versionsHref: r.decisionVersion
              ? hrefWith(`/strategier/${r.strategyId}/versioner`, lang, {
                  fra: String(r.strategyVersion),
                  til: String(r.decisionVersion),
                }) + `#version-${r.decisionVersion}`
              : undefined,
            maxDefinitionMb: MAX_DEFINITION_BYTES / 1024 / 1024,
            versions: versions.map((v) => v.version),
            pins: pins.map((p) => ({
              ...p,
              batches: p.batches.map((b) => ({
                ...b,
                sourceText: t(`source.kind.${b.source}` as MessageKey),
              })),
              title:
                indicatorTitles.get(p.series) ??
                (p.series === POPULATION_SERIES ? t('evaluation.pins.population') : p.series),
            })),
            pinCount: pins.reduce((n, p) => n + p.batches.length, 0),
            files: record.files,
            content,
            contentAction: link(`${evaluationBase}/${r.id}/rapport-indhold`, lang),
            downloads: {
              pdf: link(`${evaluationBase}/${r.id}/rapport.pdf`, lang),
              docx: link(`${evaluationBase}/${r.id}/rapport.docx`, lang),
              html: link(`${evaluationBase}/${r.id}/rapport.html`, lang),
            },
            textMax: evaluationLimits.textMax,
            errors: [...(options.area?.errors ?? []), ...decisionErrs.list, ...revisionErrs.list],
            csrfToken: formToken(req, reply),
          },
        ),
      );
  };

  app.get<{ Params: RoundParams }>(`${evaluationBase}/:roundId`, async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
    return roundPage(req, reply, 200);
  });

  /** The area of a round's strategy version, or the Danish 404. */
  const areaOf = async (roundId: string, areaId: string) => {
    const { round } = await found(getEvaluation(deps.database, roundId));
    const s = await getStrategy(deps.database, round.strategyId, round.strategyVersion);
    const area = s?.definition.areas.find((a) => a.id === areaId);
    if (!area) throw new HttpError(404, `focus area "${areaId}" is not in the round's strategy`);
    return { round, area };
  };
  const stateProblem = (t: Translate, round: EvaluationRoundRow) =>
    round.state === 'draft'
      ? t('evaluation.problem.changed')
      : t('evaluation.problem.notDraft', { state: t(stateKey(round.state)).toLowerCase() });

  app.post<{ Params: AreaParams }>(`${evaluationBase}/:roundId/omraader/:areaId`, {
    // A body over the form limit (a pasted 100 KB text) is answered on the round's page, saying what the limit is.
    errorHandler: async (error, req, reply) => {
      if ((error as { code?: string }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error;
      return roundPage(req as FastifyRequest<{ Params: RoundParams }>, reply, 413, {
        problem: tOf(req)('evaluation.problem.tooLarge', {
          max: formatNumber(evaluationLimits.textMax, requestLanguage(req)),
        }),
      });
    },
    handler: async (req, reply) => {
      if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
      const { round, area } = await areaOf(req.params.roundId, req.params.areaId);
      const subject = { type: 'evaluation-area', id: `${round.id}/${area.id}` };
      if (!(await allow(req, reply, 'area.edit', { resource: areaResource(area), subject }))) return reply;
      const t = tOf(req);
      const values = {
        assessment: field(req.body, 'assessment') ?? '',
        adjustments: field(req.body, 'adjustments') ?? '',
      };
      const errors = areaErrors(t, area.id, values);
      if (errors.length > 0) return roundPage(req, reply, 400, { area: { id: area.id, values, errors } });
      try {
        await writeAssessment(writeContext(req, deps), round.id, area.id, values);
      } catch (e) {
        if (e instanceof ConflictError) {
          const now = (await getEvaluation(deps.database, round.id)).round;
          return roundPage(req, reply, 409, {
            area: { id: area.id, values, errors: [] },
            problem: stateProblem(t, now),
          });
        }
        throw e;
      }
      return reply.redirect(
        hrefWith(`${evaluationBase}/${round.id}`, requestLanguage(req), { gemt: area.id }) +
          `#area-${area.id}`,
        303,
      );
    },
  });

  app.post<{ Params: AreaParams }>(
    `${evaluationBase}/:roundId/omraader/:areaId/godkend`,
    async (req, reply) => {
      if (!(await allowPage(req, reply, deps, 'internal.read'))) return reply;
      const { round, area } = await areaOf(req.params.roundId, req.params.areaId);
      const subject = { type: 'evaluation-area', id: `${round.id}/${area.id}` };
      if (!(await allow(req, reply, 'area.signoff', { resource: areaResource(area), subject }))) return reply;
      const t = tOf(req);
      try {
        await signOffAssessment(writeContext(req, deps), round.id, area.id);
      } catch (e) {
        if (e instanceof ConflictError) {
          const now = (await getEvaluation(deps.database, round.id)).round;
          return roundPage(req, reply, 409, {
            problem:
              now.state === 'draft'
                ? t('evaluation.problem.nothingToSign', { area: area.title })
                : stateProblem(t, now),
          });
        }
        throw e;
      }
      return reply.redirect(
        hrefWith(`${evaluationBase}/${round.id}`, requestLanguage(req), { godkendt: area.id }) +
          `#area-${area.id}`,
        303,
      );
    },
  );

  // Freezing asks first, on a page of its own: what freezing means and which areas are not signed off.
  const freezePage = async (req: FastifyRequest<{ Params: RoundParams }>, reply: FastifyReply) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const record = await found(getEvaluation(deps.database, req.params.roundId));
    const r = record.round;
    const roundHref = `${evaluationBase}/${r.id}`;
    if (r.state !== 'draft')
      return roundPage(req, reply, 409, { problem: t('evaluation.problem.alreadyFrozen') });
    const s = await getStrategy(deps.database, r.strategyId, r.strategyVersion);
    const signed = new Set(record.areas.filter((a) => a.signedOffAt !== null).map((a) => a.areaId));
    return reply.type('text/html').send(
      renderPage(
        'evaluation-freeze.njk',
        { lang, path: requestPath(req) },
        {
          title: t('evaluation.freeze.title', { name: r.name }),
          breadcrumbs: crumbs(lang, [
            { text: r.name, href: link(roundHref, lang) },
            { text: t('evaluation.freeze.crumb') },
          ]),
          round: presentRound(lang, t, r),
          unsigned: (s?.definition.areas ?? []).filter((a) => !signed.has(a.id)).map((a) => a.title),
          action: link(`${roundHref}/frys`, lang),
          cancelHref: link(roundHref, lang),
          csrfToken: formToken(req, reply),
        },
      ),
    );
  };
  const roundSubject = (roundId: string) => ({
    subject: { type: 'evaluation-round', id: roundId.slice(0, 40) },
  });

  app.get<{ Params: RoundParams }>(`${evaluationBase}/:roundId/frys`, async (req, reply) => {
    if (!(await allow(req, reply, 'evaluation.manage', roundSubject(req.params.roundId)))) return reply;
    return freezePage(req, reply);
  });

  app.post<{ Params: RoundParams }>(`${evaluationBase}/:roundId/frys`, async (req, reply) => {
    if (!(await allow(req, reply, 'evaluation.manage', roundSubject(req.params.roundId)))) return reply;
    // Only the confirmation page's button carries the confirmation; anything else is shown that page.
    if (field(req.body, 'confirm') !== 'ja') return freezePage(req, reply);
    try {
      await found(freezeWithReport(writeContext(req, deps), req.params.roundId));
    } catch (e) {
      // Another administrator froze it first (or at the same moment): one freeze stands, this one is told.
      if (e instanceof ConflictError)
        return roundPage(req, reply, 409, { problem: tOf(req)('evaluation.problem.alreadyFrozen') });
      throw e;
    }
    return reply.redirect(
      hrefWith(`${evaluationBase}/${req.params.roundId}`, requestLanguage(req), { frosset: '1' }),
      303,
    );
  });

  // A round frozen before contents were kept, whose report today's computation no longer gives: an administrator
  // keeps today's content so the report can be produced again (audited, the frozen hash kept beside it).
  app.post<{ Params: RoundParams }>(`${evaluationBase}/:roundId/rapport-indhold`, async (req, reply) => {
    if (!(await allow(req, reply, 'evaluation.manage', roundSubject(req.params.roundId)))) return reply;
    try {
      await found(keepTodaysReport(writeContext(req, deps), req.params.roundId));
    } catch (e) {
      if (e instanceof ConflictError)
        return roundPage(req, reply, 409, { problem: tOf(req)('evaluation.problem.recompute') });
      throw e;
    }
    return reply.redirect(
      hrefWith(`${evaluationBase}/${req.params.roundId}`, requestLanguage(req), { indhold: '1' }),
      303,
    );
  });

  return { allow, roundPage };
}
