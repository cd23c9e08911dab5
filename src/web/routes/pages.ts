// The HTML pages: strategies, a strategy at a glance, each focus area, each indicator, the versions, and
// the accessibility statement.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../service/database.ts';
import {
  changesInVersion,
  getStrategy,
  listStrategies,
  listStrategyVersions,
  type StrategyVersion,
} from '../../service/strategies.ts';
import { HttpError, parseVersionParam } from '../http-error.ts';
import { translator } from '../i18n/messages.ts';
import { link, renderPage, type PageRequest } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

interface StrategyParams {
  id: string;
}

export function registerPages(app: FastifyInstance, database: Database): void {
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

  app.get('/', async (req, reply) => {
    const pr = pageRequest(req);
    const strategies = await listStrategies(database);
    const t = translator(pr.lang);
    // With one strategy the front page is that strategy; with several, a list.
    if (strategies.length === 1 && strategies[0]) {
      const s = await getStrategy(database, strategies[0].strategyId);
      if (s) return reply.type('text/html').send(strategyPage(pr, s, s.version));
    }
    return reply
      .type('text/html')
      .send(renderPage('strategies.njk', pr, { title: t('strategies.title'), strategies, breadcrumbs: [] }));
  });

  const strategyPage = (pr: PageRequest, s: StrategyVersion, latestVersion: number) =>
    renderPage('strategy.njk', pr, {
      title: s.definition.title,
      organisationName: s.definition.organisation.name,
      breadcrumbs: [
        { text: translator(pr.lang)('nav.home'), href: link('/', pr.lang) },
        { text: s.definition.title },
      ],
      alternateJson: `/api/v1/strategies/${s.strategyId}`,
      s,
      latestVersion,
    });

  app.get<{ Params: StrategyParams }>('/strategier/:id', async (req, reply) => {
    const pr = pageRequest(req);
    const { s, latestVersion } = await loadStrategy(req, pr);
    return reply.type('text/html').send(strategyPage(pr, s, latestVersion));
  });

  app.get<{ Params: StrategyParams & { areaId: string } }>(
    '/strategier/:id/omraader/:areaId',
    async (req, reply) => {
      const pr = pageRequest(req);
      const { s, latestVersion } = await loadStrategy(req, pr);
      const a = s.definition.areas.find((x) => x.id === req.params.areaId);
      if (!a) throw new HttpError(404, 'focus area not found');
      return reply.type('text/html').send(
        renderPage('area.njk', pr, {
          title: a.title,
          organisationName: s.definition.organisation.name,
          breadcrumbs: [...strategyCrumbs(pr, s), { text: a.title }],
          s,
          a,
          latestVersion,
        }),
      );
    },
  );

  app.get<{ Params: StrategyParams & { indicatorId: string } }>(
    '/strategier/:id/indikatorer/:indicatorId',
    async (req, reply) => {
      const pr = pageRequest(req);
      const { s, latestVersion } = await loadStrategy(req, pr);
      const a = s.definition.areas.find((x) => x.indicators.some((i) => i.id === req.params.indicatorId));
      const ind = a?.indicators.find((i) => i.id === req.params.indicatorId);
      if (!a || !ind) throw new HttpError(404, 'indicator not found');
      return reply.type('text/html').send(
        renderPage('indicator.njk', pr, {
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
          s,
          a,
          ind,
          latestVersion,
        }),
      );
    },
  );

  app.get<{ Params: StrategyParams }>('/strategier/:id/versioner', async (req, reply) => {
    const pr = { ...pageRequest(req), version: undefined };
    const versions = await listStrategyVersions(database, req.params.id);
    const latest = versions[0];
    if (!latest) throw new HttpError(404, 'strategy not found');
    const withChanges = await Promise.all(
      versions.map(async (v) => ({
        ...v,
        changes: await changesInVersion(database, v.strategyId, v.version),
      })),
    );
    const t = translator(pr.lang);
    return reply.type('text/html').send(
      renderPage('versions.njk', pr, {
        title: latest.title,
        breadcrumbs: [
          { text: t('nav.home'), href: link('/', pr.lang) },
          { text: latest.title, href: link(`/strategier/${latest.strategyId}`, pr.lang) },
          { text: t('strategy.versions') },
        ],
        versions: withChanges,
      }),
    );
  });

  app.get('/tilgaengelighed', async (req, reply) => {
    const pr = pageRequest(req);
    const t = translator(pr.lang);
    const strategies = await listStrategies(database);
    const organisationName =
      strategies.length === 1 && strategies[0]
        ? (await getStrategy(database, strategies[0].strategyId))?.definition.organisation.name
        : undefined;
    return reply.type('text/html').send(
      renderPage('accessibility.njk', pr, {
        title: t('a11y.title'),
        organisationName,
        breadcrumbs: [{ text: t('nav.home'), href: link('/', pr.lang) }, { text: t('a11y.title') }],
      }),
    );
  });
}
