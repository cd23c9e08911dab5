// The HTML pages: strategies, a strategy at a glance, each focus area, each indicator, the versions, and
// the accessibility statement. All are public and the same for every anonymous visitor, so all are kept.
import { statusColour } from '../../domain/engine/index.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../service/database.ts';
import {
  changesBetween,
  changesInVersion,
  getStrategy,
  listStrategies,
  listStrategyVersions,
  type StrategyVersion,
} from '../../service/strategies.ts';
import { areaNames, comparisonAreas } from '../../service/areas.ts';
import { areaSummaries, indicatorView } from '../../service/indicators.ts';
import { decide } from '../../domain/access/index.ts';
import { closedPeriod } from '../../domain/strategy/index.ts';
import { interventionsForIndicator } from '../../service/interventions.ts';
import { datasetLoading } from '../../service/loading-state.ts';
import { seriesExtent } from '../../service/observations.ts';
import { nationalReference } from '../../service/national-reference.ts';
import { presentNational, uploadPath } from '../indicator-reference.ts';
import { keptForPublic, type KeptPages } from '../kept-pages.ts';
import { loadingNotice } from '../loading-notice.ts';
import { HttpError, parseVersionParam } from '../http-error.ts';
import { presentComparison, presentIndicator } from '../indicator-presenter.ts';
import { openRoundNotices } from '../open-rounds.ts';
import { presentGlanceRow } from '../indicator-glance.ts';
import { translator } from '../i18n/messages.ts';
import { areaCountsSentence, interventionStatusText, statusWord } from '../status-words.ts';
import { combineNotes } from '../combine-notes.ts';
import { link, renderPage, type PageRequest } from '../render.ts';
import { listEvaluations } from '../../service/evaluations.ts';
import { requestLanguage, requestPath } from '../request-language.ts';
import { namedChanges } from '../version-changes.ts';

interface StrategyParams {
  id: string;
}

export function registerPages(
  app: FastifyInstance,
  database: Database,
  kept: KeptPages,
  now: () => Date = () => new Date(),
): void {
  const pageRequest = (req: FastifyRequest): PageRequest => ({
    lang: requestLanguage(req),
    path: requestPath(req),
    version: parseVersionParam(req.query),
  });

  const loadStrategy = async (req: FastifyRequest<{ Params: StrategyParams }>, pr: PageRequest) => {
    const s = await getStrategy(database, req.params.id, pr.version);
    if (!s) throw new HttpError(404, 'strategy not found');
    const latest =
      pr.version === undefined
        ? s.version
        : ((await getStrategy(database, req.params.id))?.version ?? s.version);
    return { s, latestVersion: latest };
  };

  const strategyCrumbs = (pr: PageRequest, s: StrategyVersion) => {
    const t = translator(pr.lang);
    return [
      { text: t('nav.home'), href: link('/', pr.lang) },
      { text: s.definition.title, href: link(`/strategier/${s.strategyId}`, pr.lang, pr.version) },
    ];
  };

  app.get('/', keptForPublic, (req, reply) =>
    kept.serve(req, reply, async () => {
      const pr = pageRequest(req);
      const strategies = await listStrategies(database);
      const t = translator(pr.lang);
      // With one strategy the front page is that strategy; with several, a list.
      if (strategies.length === 1 && strategies[0]) {
        const s = await getStrategy(database, strategies[0].strategyId);
        if (s) return strategyPage(pr, s, s.version);
      }
      const withOrganisation = await Promise.all(
        strategies.map(async (v) => ({
          ...v,
          organisation: (await getStrategy(database, v.strategyId))?.definition.organisation,
        })),
      );
      return renderPage('strategies.njk', pr, {
        title: t('strategies.title'),
        strategies: withOrganisation,
        breadcrumbs: [],
      });
    }),
  );

  const statusTexts = async (pr: PageRequest, s: StrategyVersion) => {
    const summaries = await areaSummaries(database, s.definition, s.definition.organisation.areaCode);
    const t = translator(pr.lang);
    return Object.fromEntries(
      summaries.map((x) => [
        x.areaId,
        {
          key: x.status.status,
          text: statusWord(x.status.status, pr.lang),
          countsText: areaCountsSentence(x.status, t),
          total: x.status.total,
          illustrative: x.illustrative,
          indicators: Object.fromEntries(
            x.indicators.map((i) => [i.id, { key: i.status, text: statusWord(i.status, pr.lang) }]),
          ),
        },
      ]),
    );
  };

  // The strategy at a glance: every indicator's published view in the strategy's own municipality. The area
  // summaries just read have put each Danish view in the cache in one query; an English page asks for its own,
  // which are kept too.
  const glanceRows = (pr: PageRequest, s: StrategyVersion) => {
    const t = translator(pr.lang);
    const d = s.definition;
    return Promise.all(
      d.areas.flatMap((a) =>
        a.indicators.map(async (ind) =>
          presentGlanceRow(
            a,
            ind,
            await indicatorView(database, d, ind.id, d.organisation.areaCode, { locale: pr.lang }),
            pr.lang,
            t,
          ),
        ),
      ),
    );
  };

  // While the strategy's own figures load, its areas show no status rather than one computed on part of them.
  const statusesNow = async (pr: PageRequest, s: StrategyVersion) =>
    datasetLoading(database) === 'startup' ? {} : statusTexts(pr, s);

  // The newest round the committee has decided on, whose report the public may download.
  const decidedEvaluationOf = async (strategyId: string, lang: PageRequest['lang']) => {
    const r = (await listEvaluations(database, strategyId)).find((x) => x.state === 'decided');
    return r && { ...r, pdf: link(`/evalueringer/${r.id}/rapport.pdf`, lang) };
  };

  const strategyPage = async (pr: PageRequest, s: StrategyVersion, latestVersion: number) =>
    renderPage('strategy.njk', pr, {
      datasetLoading: loadingNotice(database, 'own-area'),
      statuses: await statusesNow(pr, s),
      glance: await glanceRows(pr, s),
      glanceHasGaps: s.definition.areas.some((a) => a.indicators.some((i) => i.kind === 'gap')),
      title: s.definition.title,
      organisationName: s.definition.organisation.name,
      breadcrumbs: [
        { text: translator(pr.lang)('nav.home'), href: link('/', pr.lang) },
        { text: s.definition.title },
      ],
      alternateJson: `/api/v1/strategies/${s.strategyId}`,
      s,
      latestVersion,
      decidedEvaluation: await decidedEvaluationOf(s.strategyId, pr.lang),
    });

  app.get<{ Params: StrategyParams }>('/strategier/:id', keptForPublic, (req, reply) =>
    kept.serve(req, reply, async () => {
      const pr = pageRequest(req);
      const { s, latestVersion } = await loadStrategy(req, pr);
      return strategyPage(pr, s, latestVersion);
    }),
  );

  app.get<{ Params: StrategyParams & { areaId: string } }>(
    '/strategier/:id/omraader/:areaId',
    keptForPublic,
    (req, reply) =>
      kept.serve(req, reply, async () => {
        const pr = pageRequest(req);
        const { s, latestVersion } = await loadStrategy(req, pr);
        const a = s.definition.areas.find((x) => x.id === req.params.areaId);
        if (!a) throw new HttpError(404, 'focus area not found');
        // Staff see the open follow-up rounds the area must write in (a logged-in page is never kept).
        const openRounds = req.auth.viewer
          ? await openRoundNotices({ database, actor: req.auth.actor, now }, pr.lang, s.strategyId, a.id)
          : [];
        return renderPage('area.njk', pr, {
          openRounds,
          datasetLoading: loadingNotice(database, 'own-area'),
          statuses: await statusesNow(pr, s),
          title: a.title,
          organisationName: s.definition.organisation.name,
          breadcrumbs: [...strategyCrumbs(pr, s), { text: a.title }],
          s,
          a,
          latestVersion,
        });
      }),
  );

  const indicatorPage = async (req: FastifyRequest<{ Params: StrategyParams & { indicatorId: string } }>) => {
    const pr = pageRequest(req);
    const { s, latestVersion } = await loadStrategy(req, pr);
    const a = s.definition.areas.find((x) => x.indicators.some((i) => i.id === req.params.indicatorId));
    const ind = a?.indicators.find((i) => i.id === req.params.indicatorId);
    if (!a || !ind) throw new HttpError(404, 'indicator not found');
    const t = translator(pr.lang);
    const query = req.query as Record<string, unknown>;
    const raw = query.omraade;
    if (raw !== undefined && (typeof raw !== 'string' || !/^\d{3}$/.test(raw)))
      throw new HttpError(400, t('indicator.areaInvalid'));
    const areaCode = (raw as string | undefined) ?? s.definition.organisation.areaCode;
    const extent = await seriesExtent(database, ind.id);
    const areaChoices = [
      ...new Set([...(await comparisonAreas(s.definition.organisation.areaCode)), ...extent.areas]),
    ];
    // `?sammenlign=` is one of the chooser's areas, or empty for no comparison. The value is not echoed
    // unless it is three digits, so nothing a reader typed reaches the page unchecked.
    const rawCompare = query.sammenlign;
    if (rawCompare !== undefined && rawCompare !== '') {
      if (typeof rawCompare !== 'string' || !/^\d{3}$/.test(rawCompare))
        throw new HttpError(400, t('indicator.compareInvalid'));
      if (!areaChoices.includes(rawCompare))
        throw new HttpError(400, t('indicator.compareUnknown', { code: rawCompare }));
    }
    const view = await indicatorView(database, s.definition, ind.id, areaCode, { locale: pr.lang });
    const areaLabel = await areaNames(pr.lang);
    const presented =
      view && view.rows.length > 0
        ? presentIndicator(view, pr.lang, t, areaLabel(areaCode), {
            strategyPeriod: closedPeriod(s.definition.period),
          })
        : undefined;
    // Without a choice the page compares with the whole country, when the country has figures.
    const explicitCompare = typeof rawCompare === 'string' && rawCompare !== '' ? rawCompare : undefined;
    const candidate = rawCompare === undefined ? '000' : explicitCompare;
    const compareCode = candidate !== undefined && candidate !== areaCode ? candidate : undefined;
    const compareView =
      view && presented && compareCode !== undefined
        ? await indicatorView(database, s.definition, ind.id, compareCode, { locale: pr.lang })
        : undefined;
    const comparison =
      view &&
      presented &&
      compareCode !== undefined &&
      (explicitCompare !== undefined || compareView?.rows.length)
        ? presentComparison(
            view,
            areaLabel(areaCode),
            { code: compareCode, name: areaLabel(compareCode), view: compareView },
            pr.lang,
            t,
            { strategyPeriod: closedPeriod(s.definition.period) },
          )
        : undefined;
    const base = `/strategier/${s.strategyId}/indikatorer/${ind.id}`;
    const interventions = (await interventionsForIndicator(database, s.strategyId, ind.id)).map((i) => ({
      title: i.title,
      href: link(`/strategier/${s.strategyId}/indsatser/${i.id}`, pr.lang),
      status: i.status,
      statusText: interventionStatusText(t, i.status),
    }));
    const national = await nationalReference(database, ind);
    return renderPage('indicator.njk', pr, {
      national: national ? presentNational(national, pr.lang, t) : undefined,
      // A visitor's links lead to the login; a logged-in user sees them only if the policy lets them import.
      upload: uploadPath(
        s.definition,
        ind,
        pr.lang,
        t,
        !req.auth.viewer || decide(req.auth.actor, 'observations.import').allowed,
      ),
      datasetLoading: loadingNotice(database, 'any-area'),
      title: ind.title,
      organisationName: s.definition.organisation.name,
      breadcrumbs: [
        ...strategyCrumbs(pr, s),
        {
          text: a.title,
          href: link(`/strategier/${s.strategyId}/omraader/${a.id}`, pr.lang, pr.version),
        },
        { text: ind.title },
      ],
      view,
      presented,
      colour:
        presented && s.definition.colourScheme
          ? {
              key: statusColour(s.definition.colourScheme, view?.status ?? 'not-enough-data'),
              ruleHref: `${link('/metode', pr.lang)}#farver`,
            }
          : undefined,
      combineNotes: combineNotes(ind, t),
      interventions,
      areaCode,
      areaChoices,
      comparison,
      compareChoice:
        comparison?.areaCode ?? (explicitCompare !== areaCode ? explicitCompare : undefined) ?? '',
      areaLabel,
      formAction: base,
      csvHref: `/indikatorer/${ind.id}.csv?omraade=${areaCode}&strategy=${s.strategyId}`,
      jsonHref: `/api/v1/indicators/${ind.id}/observations?area=${areaCode}&strategy=${s.strategyId}`,
      xlsxHref: `/indikatorer/${ind.id}.xlsx?omraade=${areaCode}&strategy=${s.strategyId}`,
      jsonStatHref: `/api/v1/indicators/${ind.id}/jsonstat?area=${areaCode}&strategy=${s.strategyId}`,
      assessmentHref: `/api/v1/indicators/${ind.id}/assessment?area=${areaCode}&strategy=${s.strategyId}`,
      compareDownloads: comparison?.hasData
        ? {
            csv: `/indikatorer/${ind.id}.csv?omraade=${comparison.areaCode}&strategy=${s.strategyId}`,
            xlsx: `/indikatorer/${ind.id}.xlsx?omraade=${comparison.areaCode}&strategy=${s.strategyId}`,
            jsonStat: `/api/v1/indicators/${ind.id}/jsonstat?area=${comparison.areaCode}&strategy=${s.strategyId}`,
          }
        : undefined,
      s,
      a,
      ind,
      latestVersion,
    });
  };

  app.get<{ Params: StrategyParams & { indicatorId: string } }>(
    '/strategier/:id/indikatorer/:indicatorId',
    keptForPublic,
    (req, reply) => kept.serve(req, reply, () => indicatorPage(req)),
  );

  app.get<{ Params: StrategyParams }>('/strategier/:id/versioner', keptForPublic, (req, reply) =>
    kept.serve(req, reply, async () => {
      const pr = { ...pageRequest(req), version: undefined };
      const t = translator(pr.lang);
      const versions = await listStrategyVersions(database, req.params.id);
      const latest = versions[0];
      if (!latest) throw new HttpError(404, 'strategy not found');
      const levels = (await getStrategy(database, req.params.id))?.definition.levels;
      // `?fra=F&til=N`: version N is compared with version F (an evaluation's frozen version and its revision).
      const q = req.query as Record<string, unknown>;
      const asVersion = (v: unknown) => (typeof v === 'string' && /^[1-9]\d{0,5}$/.test(v) ? Number(v) : 0);
      const [from, to] = [asVersion(q.fra), asVersion(q.til)];
      const compared =
        from > 0 && from < to && versions.some((v) => v.version === from) ? { from, to } : undefined;
      const withChanges = await Promise.all(
        versions.map(async (v) => ({
          ...v,
          comparedWith: compared?.to === v.version ? compared.from : undefined,
          changes: namedChanges(
            compared?.to === v.version
              ? await changesBetween(database, v.strategyId, compared.from, v.version)
              : await changesInVersion(database, v.strategyId, v.version),
            pr.lang,
            t,
            levels,
          ),
        })),
      );
      return renderPage('versions.njk', pr, {
        title: latest.title,
        breadcrumbs: [
          { text: t('nav.home'), href: link('/', pr.lang) },
          { text: latest.title, href: link(`/strategier/${latest.strategyId}`, pr.lang) },
          { text: t('strategy.versions') },
        ],
        versions: withChanges,
      });
    }),
  );

  app.get('/tilgaengelighed', keptForPublic, (req, reply) =>
    kept.serve(req, reply, async () => {
      const pr = pageRequest(req);
      const t = translator(pr.lang);
      const strategies = await listStrategies(database);
      const organisationName =
        strategies.length === 1 && strategies[0]
          ? (await getStrategy(database, strategies[0].strategyId))?.definition.organisation.name
          : undefined;
      return renderPage('accessibility.njk', pr, {
        title: t('a11y.title'),
        organisationName,
        breadcrumbs: [{ text: t('nav.home'), href: link('/', pr.lang) }, { text: t('a11y.title') }],
      });
    }),
  );
}
