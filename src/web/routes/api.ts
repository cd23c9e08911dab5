// The JSON API, version 1: strategies and their whole definition tree, by version.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../service/database.ts';
import {
  getStrategy,
  listStrategies,
  listStrategyVersions,
  type StrategyVersionRow,
} from '../../service/strategies.ts';
import { HttpError, parseVersionParam } from '../http-error.ts';

function versionSummary(v: StrategyVersionRow) {
  return {
    id: v.strategyId,
    title: v.title,
    version: v.version,
    formatVersion: v.formatVersion,
    contentHash: v.contentHash,
    loadedAt: v.loadedAt.toISOString(),
    links: {
      self: `/api/v1/strategies/${v.strategyId}?version=${v.version}`,
      versions: `/api/v1/strategies/${v.strategyId}/versions`,
      html: `/strategier/${v.strategyId}?version=${v.version}`,
    },
  };
}

export function registerApi(app: FastifyInstance, database: Database): void {
  // Each strategy with the municipality it belongs to: its name and Danmarks Statistik's area code.
  app.get('/api/v1/strategies', async () => {
    const list = await listStrategies(database);
    const data = await Promise.all(
      list.map(async (v) => ({
        ...versionSummary(v),
        organisation: municipality((await getStrategy(database, v.strategyId))?.definition.organisation),
      })),
    );
    return { data };
  });

  app.get<{ Params: { id: string } }>('/api/v1/strategies/:id', async (req) => {
    const version = parseVersionParam(req.query);
    const s = await getStrategy(database, req.params.id, version);
    if (!s)
      throw new HttpError(
        404,
        version === undefined ? 'strategy not found' : `strategy version ${version} not found`,
      );
    const latest = (await listStrategyVersions(database, s.strategyId))[0]?.version ?? s.version;
    return {
      data: {
        ...versionSummary(s),
        organisation: municipality(s.definition.organisation),
        latestVersion: latest,
        definition: s.definition,
      },
    };
  });

  app.get<{ Params: { id: string } }>('/api/v1/strategies/:id/versions', async (req) => {
    const versions = await listStrategyVersions(database, req.params.id);
    if (versions.length === 0) throw new HttpError(404, 'strategy not found');
    return { data: versions.map(versionSummary) };
  });
}

/** The municipality a strategy belongs to, by name and Danmarks Statistik code (its units are the definition's). */
function municipality(o: { readonly name: string; readonly areaCode: string } | undefined) {
  return o && { name: o.name, areaCode: o.areaCode };
}
