// The data status page (`/datastatus`, or `/strategier/<id>/datastatus` for one of several strategies): per
// indicator its source, what each shown area holds (real, illustrative, none) and its newest period, when it was
// last fetched or imported, the next release expected and warnings. Public; an administrator also sees the
// batches, who imported them, which sources are configured, and starts a refresh (`POST /datastatus/opdater`),
// which runs as a job (`service/refresh-job.ts`) whose page (`/datastatus/opdatering/<id>`) shows its progress
// (`assets/import-job.js` polls `<id>/status`) and then its outcome. The last refresh and each source's are read
// from the stored runs (`service/refresh-record.ts`), so a failure shows after a restart and for a command-line
// run; administrators see the last 10 runs. Never kept: it shows the clock and the refresh state.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decide } from '../../domain/access/index.ts';
import { areaNames } from '../../service/areas.ts';
import type { Database } from '../../service/database.ts';
import {
  dataStatus,
  type AreaStatus,
  type BatchSummary,
  type IndicatorStatus,
} from '../../service/data-status.ts';
import { RefreshRunningError, type RefreshJob, type RefreshJobs } from '../../service/refresh-job.ts';
import { planSize, refreshPlan, unconfiguredSources, type RefreshSource } from '../../service/refresh-run.ts';
import { refreshHistory } from '../../service/refresh-record.ts';
import { getStrategy, listStrategies, type StrategyVersion } from '../../service/strategies.ts';
import { allowAction, formToken, loginUrl } from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { formatDate, formatDateTime, formatNumber, formatPeriod } from '../format.ts';
import { HttpError } from '../http-error.ts';
import { translator, type Language, type MessageKey, type Translate } from '../i18n/messages.ts';
import { absentCodesText, newestRunSummary, runHistory, sourceFailureText } from '../refresh-runs-view.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

const JOB_ID = /^[0-9a-f]{32}$/;
const sourceNames: Record<RefreshSource, string> = {
  statbank: 'Statistikbanken',
  jobindsats: 'Jobindsats',
  uddannelsesstatistik: 'Uddannelsesstatistik',
};
const keyVariables = {
  jobindsats: 'JOBINDSATS_API_KEY',
  uddannelsesstatistik: 'UDDANNELSESSTATISTIK_API_KEY',
} as const;
const knownKinds = new Set([
  'statbank',
  'jobindsats',
  'uddannelsesstatistik',
  'integrationsbarometer',
  'survey',
  'count-report',
  'file',
]);

export function refreshJobHref(id: string, lang: Language): string {
  return link(`/datastatus/opdatering/${id}`, lang);
}

const isAdmin = (req: FastifyRequest) => decide(req.auth.actor, 'observations.import').allowed;

export function registerDataStatus(
  app: FastifyInstance,
  database: Database,
  deps: AuthDeps,
  jobs: RefreshJobs,
): void {
  const definitions = async () =>
    (
      await Promise.all((await listStrategies(database)).map((s) => getStrategy(database, s.strategyId)))
    ).flatMap((s) => (s ? [s.definition] : []));

  const statusPage = async (req: FastifyRequest, reply: FastifyReply, s: StrategyVersion) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const admin = isAdmin(req);
    const all = await definitions();
    const unconfigured = unconfiguredSources(refreshPlan(all), jobs.settings).map((u) => u.source);
    const now = deps.now();
    const history = await refreshHistory(database, now, admin ? 10 : 1);
    const last = history[0];
    const status = await dataStatus(database, s.definition, { now, unconfigured });
    const titles = new Map(
      all.flatMap((d) =>
        d.areas.flatMap((a) => a.indicators.map((i): [string, string] => [`${d.id}: ${i.id}`, i.title])),
      ),
    );
    const names = await areaNames(lang);
    const running = jobs.running();
    const title = t('datastatus.title');
    const indicators = status.indicators.map((i) => indicatorView(t, lang, i, names, s.strategyId, admin));
    return reply
      .type('text/html')
      .header('Cache-Control', 'no-store')
      .send(
        renderPage(
          'data-status.njk',
          { lang, path: requestPath(req) },
          {
            title,
            breadcrumbs: [
              { text: t('nav.home'), href: link('/', lang) },
              { text: s.definition.title, href: link(`/strategier/${s.strategyId}`, lang) },
              { text: title },
            ],
            strategyTitle: s.definition.title,
            ownArea: names(status.areaCode),
            today: formatDate(status.today, lang),
            indicators,
            warned: indicators.filter((i) => i.warnings.length > 0).length,
            lastRefresh: last ? newestRunSummary(last, t, lang, admin) : undefined,
            admin: admin
              ? {
                  history: runHistory(history, t, lang, (p) => titles.get(p) ?? p),
                  csrfToken: formToken(req, reply),
                  action: link('/datastatus/opdater', lang),
                  running: running ? { href: refreshJobHref(running.id, lang) } : undefined,
                  sources: sourceSettings(t, jobs, unconfigured, planSize(refreshPlan(all)) > 0),
                }
              : undefined,
          },
        ),
      );
  };

  app.get('/datastatus', async (req, reply) => {
    const list = await listStrategies(database);
    const lang = requestLanguage(req);
    const t = translator(lang);
    if (list.length === 1 && list[0]) {
      const s = await getStrategy(database, list[0].strategyId);
      if (s) return statusPage(req, reply, s);
    }
    // No strategy, or several: each strategy's own status page.
    return reply.type('text/html').send(
      renderPage(
        'data-status-list.njk',
        { lang, path: requestPath(req) },
        {
          title: t('datastatus.title'),
          breadcrumbs: [{ text: t('nav.home'), href: link('/', lang) }, { text: t('datastatus.title') }],
          strategies: list.map((x) => ({
            title: x.title,
            href: link(`/strategier/${encodeURIComponent(x.strategyId)}/datastatus`, lang),
          })),
        },
      ),
    );
  });

  app.get<{ Params: { id: string } }>('/strategier/:id/datastatus', async (req, reply) => {
    const s = await getStrategy(database, req.params.id);
    if (!s) throw new HttpError(404, translator(requestLanguage(req))('datastatus.strategyNotFound'));
    return statusPage(req, reply, s);
  });

  app.post('/datastatus/opdater', async (req, reply) => {
    const lang = requestLanguage(req);
    if (!req.auth.viewer) return reply.redirect(loginUrl(req), 303);
    if (!(await allowAction(req, reply, deps, 'observations.import'))) return reply;
    try {
      const job = await jobs.start(writeContext(req, deps), await definitions());
      return reply.redirect(refreshJobHref(job.id, lang), 303);
    } catch (e) {
      if (!(e instanceof RefreshRunningError)) throw e;
      return sendJobPage(req, reply, e.running, 409);
    }
  });

  const findJob = (req: FastifyRequest<{ Params: { id: string } }>): RefreshJob => {
    const job = JOB_ID.test(req.params.id) ? jobs.get(req.params.id) : undefined;
    if (!job) throw new HttpError(404, translator(requestLanguage(req))('datastatus.refresh.notFound'));
    return job;
  };

  app.get<{ Params: { id: string } }>('/datastatus/opdatering/:id', async (req, reply) => {
    if (!req.auth.viewer) return reply.redirect(loginUrl(req), 303);
    if (!(await allowAction(req, reply, deps, 'observations.import'))) return reply;
    return sendJobPage(req, reply, findJob(req), 200);
  });

  app.get<{ Params: { id: string } }>('/datastatus/opdatering/:id/status', async (req, reply) => {
    if (!req.auth.viewer) return reply.redirect(loginUrl(req), 303);
    if (!(await allowAction(req, reply, deps, 'observations.import'))) return reply;
    const job = findJob(req);
    const lang = requestLanguage(req);
    const summary = refreshSummary(translator(lang), lang, job, true);
    return reply.header('Cache-Control', 'no-store').send({
      state: job.state,
      done: summary.done,
      stepsDone: job.progress?.done ?? 0,
      steps: job.progress?.total ?? 0,
      status: summary.status,
    });
  });
}

/** A refresh's page: its progress or outcome; with 409, the refresh already running when another was asked for. */
function sendJobPage(
  req: FastifyRequest,
  reply: FastifyReply,
  job: RefreshJob,
  code: 200 | 409,
): FastifyReply {
  const lang = requestLanguage(req);
  const t = translator(lang);
  const title = t('datastatus.refresh.title');
  return reply
    .code(code)
    .type('text/html')
    .header('Cache-Control', 'no-store')
    .send(
      renderPage(
        'refresh-job.njk',
        { lang, path: requestPath(req) },
        {
          title,
          breadcrumbs: [
            { text: t('nav.home'), href: link('/', lang) },
            { text: t('datastatus.title'), href: link('/datastatus', lang) },
            { text: title },
          ],
          busy: code === 409,
          job: refreshSummary(t, lang, job, true),
          refreshHref: refreshJobHref(job.id, lang),
          statusHref: link(`/datastatus/opdatering/${job.id}/status`, lang),
          backHref: link('/datastatus', lang),
        },
      ),
    );
}

function sourceSettings(
  t: Translate,
  jobs: RefreshJobs,
  unconfigured: readonly RefreshSource[],
  any: boolean,
) {
  return {
    any,
    rows: (['statbank', 'jobindsats', 'uddannelsesstatistik'] as const).map((s) => ({
      name: sourceNames[s],
      configured: !unconfigured.includes(s),
      text:
        s === 'statbank'
          ? t('datastatus.sources.statbank', { url: jobs.settings.statbankUrl })
          : unconfigured.includes(s)
            ? t('datastatus.sources.noKey', { variable: keyVariables[s] })
            : jobs.settings[s].apiKey === undefined
              ? t('datastatus.sources.noKeyUnused', { variable: keyVariables[s] })
              : t('datastatus.sources.keyed', { url: jobs.settings[s].baseUrl }),
    })),
  };
}

/** A refresh job as its page and the status page show it. */
export function refreshSummary(t: Translate, lang: Language, job: RefreshJob, admin: boolean) {
  const n = (v: number) => formatNumber(v, lang);
  const done = job.finishedAt !== undefined;
  const p = job.progress;
  const step = p ? `${p.purpose ? `${sourceNames[p.source]}: ${p.purpose}` : sourceNames[p.source]}` : '';
  const stored = (job.results ?? []).reduce((sum, r) => sum + r.outcome.stored, 0);
  const status =
    job.state === 'running'
      ? p
        ? t(p.phase === 'fetch' ? 'datastatus.refresh.fetching' : 'datastatus.refresh.storing', {
            done: n(Math.min(p.done + 1, p.total)),
            total: n(p.total),
          })
        : t('datastatus.refresh.starting')
      : job.state === 'failed'
        ? (job.results?.length ?? 0) > 0
          ? t('datastatus.run.failedPartly', { queries: n(job.results?.length ?? 0) })
          : t('datastatus.refresh.failed')
        : job.state === 'stored'
          ? t('datastatus.refresh.stored', { n: n(stored), queries: n(job.results?.length ?? 0) })
          : t('datastatus.refresh.nothing');
  const reason = job.failure
    ? t(`datastatus.refresh.reason.${job.failure.reason}` as MessageKey, {
        source: job.failure.source ? sourceNames[job.failure.source] : t('datastatus.refresh.aSource'),
      })
    : undefined;
  return {
    done,
    state: job.state,
    status,
    step: admin ? step : '',
    reason,
    detail: admin && job.state === 'failed' ? job.message : undefined,
    startedAt: formatDateTime(job.startedAt, lang),
    finishedAt: job.finishedAt ? formatDateTime(job.finishedAt, lang) : undefined,
    startedBy: admin ? job.startedBy : undefined,
    skipped: job.skipped.map((s) =>
      t('datastatus.refresh.skipped', { source: sourceNames[s], variable: keyVariables[s as 'jobindsats'] }),
    ),
    results: admin
      ? (job.results ?? []).map((r) => ({
          table: r.table,
          purpose: r.purpose,
          received: n(r.outcome.received),
          stored: n(r.outcome.stored),
          batch: r.outcome.batchId ?? '',
        }))
      : [],
    derived: admin
      ? [...(job.derived ?? []), ...(job.crossSource ?? [])].map((d) => ({
          title: d.title,
          stored: n(d.outcome?.stored ?? 0),
        }))
      : [],
  };
}

function indicatorView(
  t: Translate,
  lang: Language,
  i: IndicatorStatus,
  names: (code: string) => string,
  strategyId: string,
  admin: boolean,
) {
  const kind = knownKinds.has(i.source.kind)
    ? t(`datastatus.kind.${i.source.kind}` as MessageKey)
    : i.source.kind;
  const how = i.source.combined
    ? t('datastatus.how.combined', { tables: i.source.tables.join(', ') })
    : i.source.derived
      ? t('datastatus.how.derived', { tables: i.source.tables.join(', ') })
      : i.source.refreshedFrom.length > 0
        ? t('datastatus.how.refresh', {
            sources: i.source.refreshedFrom.map((s) => sourceNames[s]).join(', '),
          })
        : t('datastatus.how.upload');
  const frequency =
    i.frequency === 'survey-round'
      ? t('datastatus.frequency.survey-round')
      : t(`datastatus.frequency.${i.frequency}` as MessageKey, { lag: formatNumber(i.lagMonths ?? 0, lang) });
  const next =
    i.frequency === 'survey-round'
      ? t('datastatus.next.survey')
      : i.next
        ? t('datastatus.next.expected', {
            period: formatPeriod(i.next.period, lang),
            date: formatDate(i.next.release, lang),
          })
        : t('datastatus.next.unknown');
  const batch = (b: BatchSummary | undefined) =>
    b
      ? {
          text: t(
            b.source === 'file' || b.fileName ? 'datastatus.batch.imported' : 'datastatus.batch.fetched',
            {
              at: formatDateTime(b.retrievedAt, lang),
            },
          ),
          what: b.fileName ?? b.table ?? '',
          admin: admin
            ? t('datastatus.batch.admin', {
                id: b.id,
                by: b.importedBy,
                at: formatDateTime(b.importedAt, lang),
              })
            : '',
        }
      : undefined;
  const group = (role: AreaStatus['role']) => i.areas.filter((a) => a.role === role);
  const areaRow = (a: AreaStatus) => ({
    name: names(a.code),
    data: t(`datastatus.data.${a.data}` as MessageKey),
    dataKey: a.data,
    newest: a.newestPeriod ? formatPeriod(a.newestPeriod, lang) : '–',
    newestReal:
      a.newestRealPeriod && a.newestRealPeriod !== a.newestPeriod
        ? formatPeriod(a.newestRealPeriod, lang)
        : '',
  });
  const compared = group('compared');
  return {
    id: i.id,
    title: i.title,
    areaTitle: i.areaTitle,
    href: link(`/strategier/${encodeURIComponent(strategyId)}/indikatorer/${encodeURIComponent(i.id)}`, lang),
    kind,
    publisher: i.source.publisher,
    tables: i.source.tables.join(', '),
    how,
    frequency,
    newestReal: i.newestRealPeriod ? formatPeriod(i.newestRealPeriod, lang) : t('datastatus.noReal'),
    next,
    lastReal: batch(i.lastReal),
    lastIllustrative: batch(i.lastIllustrative),
    warnings: i.warnings.map((w) =>
      w === 'overdue' && i.next
        ? t('datastatus.warning.overdue', {
            period: formatPeriod(i.next.period, lang),
            date: formatDate(i.next.release, lang),
          })
        : w === 'not-configured'
          ? t('datastatus.warning.not-configured', {
              sources: i.unconfigured.map((s) => sourceNames[s]).join(', '),
            })
          : w === 'codes-absent' && i.absentCodes
            ? t('datastatus.warning.codes-absent', {
                at: formatDateTime(i.absentCodes.at, lang),
                codes: absentCodesText(i.absentCodes.codes, t, lang),
              })
            : i.refreshFailures.length > 0
              ? i.refreshFailures.map((f) => sourceFailureText(f, t, lang)).join(' ')
              : t('datastatus.warning.refresh-failed'),
    ),
    areas: [
      ...group('own').map((a) => ({ ...areaRow(a), role: t('datastatus.role.own') })),
      ...group('region').map((a) => ({ ...areaRow(a), role: t('datastatus.role.region') })),
      ...group('country').map((a) => ({ ...areaRow(a), role: t('datastatus.role.country') })),
      ...compared.map((a) => ({ ...areaRow(a), role: t('datastatus.role.compared') })),
    ],
  };
}
