// The population by origin: the strategy's table for any area and quarter, its development, downloads and API.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { displayValue, type Cell } from '../../domain/disclosure/index.ts';
import type { PublishedPopulationTable } from '../../domain/observation/index.ts';
import type { Database } from '../../service/database.ts';
import { areaGroups, areaNames } from '../../service/areas.ts';
import {
  openingQuarter,
  populationExtent,
  populationSeries,
  populationTable,
  type PopulationAnswer,
} from '../../service/population.ts';
import { toExcelCsv } from '../csv-download.ts';
import { provenanceJson } from '../provenance-json.ts';
import { HttpError } from '../http-error.ts';
import { translator, type Language } from '../i18n/messages.ts';
import { keptForPublic, type KeptPages } from '../kept-pages.ts';
import { loadingNotice } from '../loading-notice.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

const AREA = /^\d{3}$/;
const QUARTER = /^\d{4}K[1-4]$/;

/** The table's rows as the page shows them (`population.row.*`). */
const ROWS = ['total', 'denmark', 'western', 'nonWestern'] as const;

/**
 * The CSV's column names and row keys: Danish, without æ, ø and å so that every program reads them, and English
 * under ?lang=en. The JSON API keeps its English keys in every language: it is read by programs, and its
 * names are part of its documented, versioned form (/api/v1).
 */
const csvWords: Record<
  Language,
  {
    readonly columns: readonly string[];
    readonly rows: Record<(typeof ROWS)[number], string>;
    readonly status: readonly [string, string];
  }
> = {
  da: {
    columns: [
      'omraade',
      'kvartal',
      'oprindelse',
      'i_alt',
      'dansk_oprindelse',
      'indvandrere',
      'efterkommere',
      'status',
    ],
    rows: {
      total: 'i_alt',
      denmark: 'danmark',
      western: 'vestlig_oprindelse',
      nonWestern: 'ikke_vestlig_oprindelse',
    },
    status: ['maalt', 'illustrativ'],
  },
  en: {
    columns: ['area', 'quarter', 'origin', 'total', 'danish_origin', 'immigrants', 'descendants', 'status'],
    rows: { total: 'total', denmark: 'denmark', western: 'western_origin', nonWestern: 'non_western_origin' },
    status: ['measured', 'illustrative'],
  },
};

interface Query {
  omraade?: string;
  kvartal?: string;
  area?: string;
  period?: string;
}

/** The four figures of each row, in the order of the CSV's and the page's columns. */
const FIGURES = ['total', 'danishOrigin', 'immigrants', 'descendants'] as const;

/** A published count as programs read it: the number, or null where it is hidden. */
const numberOrNull = (c: Cell): number | null => (c.kind === 'suppressed' ? null : c.value);

/** The table for the JSON API: the same keys as before, a hidden count as null, and which counts are hidden. */
function tableJson(table: PublishedPopulationTable) {
  const hidden: string[] = [];
  const rows = Object.fromEntries(
    ROWS.map((k) => [
      k,
      Object.fromEntries(
        FIGURES.map((f) => {
          const c = table[k][f];
          if (c.kind === 'suppressed') hidden.push(`${k}.${f}`);
          return [f, numberOrNull(c)];
        }),
      ),
    ]),
  );
  return { table: rows, hidden };
}

/** A bundled or uploaded file is named by its name: where it lay on the server is no reader's business. */
function withFileNames(answer: PopulationAnswer): PopulationAnswer {
  if (!answer.ok) return answer;
  return {
    ...answer,
    sources: answer.sources.map((s) =>
      s.provenance.fileName
        ? { ...s, provenance: { ...s.provenance, fileName: s.provenance.fileName.split(/[\\/]/).at(-1) } }
        : s,
    ),
  };
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
    // The API answers programs in English; the page and its CSV answer a reader in the page's language.
    const api = names.area === 'area';
    const t = translator(requestLanguage(req));
    if (area !== undefined && (typeof area !== 'string' || !AREA.test(area)))
      throw new HttpError(
        400,
        api ? `${names.area} must be a three-digit area code such as 151` : t('population.badArea'),
      );
    if (period !== undefined && (typeof period !== 'string' || !QUARTER.test(period)))
      throw new HttpError(
        400,
        api ? `${names.period} must be a quarter such as 2021K2` : t('population.badQuarter'),
      );
    const extent = await populationExtent(database);
    const chosenArea = area ?? (await defaultArea());
    const series = await populationSeries(database, { area: chosenArea });
    const opening = openingQuarter(series);
    return {
      area: chosenArea,
      period: period ?? opening.period,
      onlyIllustrative: period === undefined && opening.onlyIllustrative,
      extent,
      series,
    };
  };

  app.get('/befolkning', keptForPublic, (req, reply) =>
    kept.serve(req, reply, async () => {
      const lang = requestLanguage(req);
      const t = translator(lang);
      const { area, period, extent, series, onlyIllustrative } = await choose(req, {
        area: 'omraade',
        period: 'kvartal',
      });
      const answer = period
        ? await populationTable(database, { area, period })
        : ({ ok: false, reason: 'no-data' } as const);
      return renderPage(
        'population.njk',
        { lang, path: requestPath(req) },
        {
          title: t('population.title'),
          breadcrumbs: [{ text: t('nav.home'), href: link('/', lang) }, { text: t('population.title') }],
          datasetLoading: loadingNotice(database, 'any-area'),
          area,
          quarter: period,
          answer: withFileNames(answer),
          hasHidden: answer.ok && tableJson(answer.table).hidden.length > 0,
          seriesHasHidden: series.some((p) =>
            [p.total, p.nonWestern, p.nonWesternShare].some((c) => c.kind === 'suppressed'),
          ),
          series,
          cell: (c: Cell) => displayValue(c, lang),
          areaGroups: await areaGroups(extent.areas, lang),
          onlyIllustrative,
          rows: ROWS,
          periods: extent.periods.filter((p) => QUARTER.test(p)).reverse(),
          areaLabel: await areaNames(lang),
          csvHref: `/befolkning.csv?omraade=${area}${period ? `&kvartal=${period}` : ''}`,
          jsonHref: `/api/v1/population?area=${area}${period ? `&period=${period}` : ''}`,
        },
      );
    }),
  );

  app.get('/befolkning.csv', async (req, reply: FastifyReply) => {
    const words = csvWords[requestLanguage(req)];
    const { area, period } = await choose(req, { area: 'omraade', period: 'kvartal' });
    if (!period) throw new HttpError(404, 'no population figures');
    const answer = await populationTable(database, { area, period });
    if (!answer.ok) throw new HttpError(404, 'no population figures for that area and quarter');
    const rows = ROWS.map((k) => {
      const r = answer.table[k];
      return [
        area,
        period,
        words.rows[k],
        // A hidden count is "..", as on the page and in Statistikbanken's own files.
        ...FIGURES.map((f) => numberOrNull(r[f]) ?? '..'),
        words.status[answer.illustrative ? 1 : 0],
      ];
    });
    const csv = toExcelCsv(words.columns, rows);
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
        ...tableJson(answer.table),
        disclosure:
          "Counts of 1-4, and counts from which the table's sums would narrow a hidden one down, are null and listed in hidden.",
        totalMatchesSource: answer.totalMatches,
        illustrative: answer.illustrative,
        provenance: provenanceJson(answer.sources),
      },
    };
  });
}
