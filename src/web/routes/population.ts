// The population by origin: the strategy's table for any area and quarter, its development, downloads and API.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../service/database.ts';
import { areaNames } from '../../service/areas.ts';
import { populationExtent, populationSeries, populationTable } from '../../service/population.ts';
import { toExcelCsv } from '../csv-download.ts';
import { provenanceJson } from '../provenance-json.ts';
import { HttpError } from '../http-error.ts';
import { translator } from '../i18n/messages.ts';
import { keptForPublic, type KeptPages } from '../kept-pages.ts';
import { loadingNotice } from '../loading-notice.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

const AREA = /^\d{3}$/;
const QUARTER = /^\d{4}K[1-4]$/;

interface Query {
  omraade?: string;
  kvartal?: string;
  area?: string;
  period?: string;
}

export function registerPopulation(
  app: FastifyInstance,
  database: Database,
  kept: KeptPages,
  defaultArea: () => Promise<string>,
): void {
  /** Reads and checks area and quarter; a value that is given but malformed is a 400, never a silent default. */
  const choose = async (req: FastifyRequest, names: { area: keyof Query; period: keyof Query }) => {
    const q = (req.query ?? {}) as Query;
    const area = q[names.area];
    const period = q[names.period];
    if (area !== undefined && (typeof area !== 'string' || !AREA.test(area)))
      throw new HttpError(400, `${names.area} must be a three-digit area code such as 151`);
    if (period !== undefined && (typeof period !== 'string' || !QUARTER.test(period)))
      throw new HttpError(400, `${names.period} must be a quarter such as 2021K2`);
    const extent = await populationExtent(database);
    const chosenArea = area ?? (await defaultArea());
    const chosenPeriod = period ?? extent.periods.filter((p) => QUARTER.test(p)).at(-1);
    return { area: chosenArea, period: chosenPeriod, extent };
  };

  app.get('/befolkning', keptForPublic, (req, reply) =>
    kept.serve(req, reply, async () => {
      const lang = requestLanguage(req);
      const t = translator(lang);
      const { area, period, extent } = await choose(req, { area: 'omraade', period: 'kvartal' });
      const answer = period
        ? await populationTable(database, { area, period })
        : ({ ok: false, reason: 'no-data' } as const);
      const series = await populationSeries(database, { area });
      return renderPage(
        'population.njk',
        { lang, path: requestPath(req) },
        {
          title: t('population.title'),
          breadcrumbs: [{ text: t('nav.home'), href: link('/', lang) }, { text: t('population.title') }],
          datasetLoading: loadingNotice(database, 'any-area'),
          area,
          quarter: period,
          answer,
          series,
          areas: extent.areas,
          periods: extent.periods.filter((p) => QUARTER.test(p)).reverse(),
          areaLabel: await areaNames(lang),
          csvHref: `/befolkning.csv?omraade=${area}${period ? `&kvartal=${period}` : ''}`,
          jsonHref: `/api/v1/population?area=${area}${period ? `&period=${period}` : ''}`,
        },
      );
    }),
  );

  app.get('/befolkning.csv', async (req, reply: FastifyReply) => {
    const { area, period } = await choose(req, { area: 'omraade', period: 'kvartal' });
    if (!period) throw new HttpError(404, 'no population figures');
    const answer = await populationTable(database, { area, period });
    if (!answer.ok) throw new HttpError(404, 'no population figures for that area and quarter');
    const rows = (['total', 'denmark', 'western', 'nonWestern'] as const).map((k) => {
      const r = answer.table[k];
      return [
        area,
        period,
        k,
        r.total,
        r.danishOrigin,
        r.immigrants,
        r.descendants,
        answer.illustrative ? 'illustrativ' : 'målt',
      ];
    });
    const csv = toExcelCsv(
      ['område', 'kvartal', 'række', 'i_alt', 'dansk_oprindelse', 'indvandrere', 'efterkommere', 'status'],
      rows,
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="befolkning-${area}-${period}.csv"`)
      .send(csv);
  });

  app.get('/api/v1/population', async (req) => {
    const { area, period } = await choose(req, { area: 'area', period: 'period' });
    if (!period) throw new HttpError(404, 'no population figures');
    const answer = await populationTable(database, { area, period });
    if (!answer.ok) throw new HttpError(404, `no population figures for area ${area} in ${period}`);
    return {
      data: {
        area,
        period,
        table: answer.table,
        totalMatchesSource: answer.totalMatches,
        illustrative: answer.illustrative,
        provenance: provenanceJson(answer.sources),
      },
    };
  });
}
