// Indicator figures out of the system — CSV for Danish Excel, XLSX, JSON-stat and the JSON API (observations
// and assessment) — every one through the same disclosure-controlled view as the page; and the method page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  areaOutcomeRule,
  areaStatusRule,
  areaStatusRuleSource,
  colourRules,
  targetRule,
} from '../../domain/engine/index.ts';
import type { Database } from '../../service/database.ts';
import { indicatorView, type IndicatorView, type PublishedFigure } from '../../service/indicators.ts';
import { barometerOverview } from '../../service/national-reference.ts';
import { getStrategy, listStrategies, type StrategyVersion } from '../../service/strategies.ts';
import { presentBarometerOverview } from '../barometer-overview.ts';
import { provenanceJson } from '../provenance-json.ts';
import { HttpError } from '../http-error.ts';
import { indicatorCsv, indicatorJsonStat, indicatorXlsx } from '../indicator-downloads.ts';
import { translator } from '../i18n/messages.ts';
import { levelAssessmentJson } from '../level-assessment-json.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';
import { statusWord } from '../status-words.ts';

export function registerIndicatorOutputs(app: FastifyInstance, database: Database): void {
  /** The strategy that holds the indicator; `strategy=` chooses when two strategies use the same id. */
  const findIndicator = async (id: string, strategyParam: unknown): Promise<StrategyVersion> => {
    if (
      strategyParam !== undefined &&
      (typeof strategyParam !== 'string' || !/^[a-z0-9-]{1,200}$/.test(strategyParam))
    )
      throw new HttpError(400, 'strategy must be a strategy id');
    const all = await Promise.all(
      (await listStrategies(database)).map((s) => getStrategy(database, s.strategyId)),
    );
    const holding = all.filter(
      (s): s is StrategyVersion =>
        !!s &&
        (strategyParam === undefined || s.strategyId === strategyParam) &&
        s.definition.areas.some((a) => a.indicators.some((i) => i.id === id)),
    );
    if (holding.length === 0) throw new HttpError(404, `indicator ${id} not found`);
    if (holding.length > 1)
      throw new HttpError(400, `indicator ${id} exists in several strategies; add strategy=<id>`);
    return holding[0] as StrategyVersion;
  };

  const viewFor = async (req: FastifyRequest<{ Params: { id: string } }>, areaName: 'area' | 'omraade') => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const s = await findIndicator(req.params.id, q.strategy);
    const area = q[areaName] ?? s.definition.organisation.areaCode;
    if (typeof area !== 'string' || !/^\d{3}$/.test(area))
      throw new HttpError(400, `${areaName} must be a three-digit area code such as 151`);
    const view = await indicatorView(database, s.definition, req.params.id, area, {
      locale: requestLanguage(req),
    });
    if (!view) throw new HttpError(404, `indicator ${req.params.id} not found`);
    return { s, view };
  };

  app.get<{ Params: { id: string } }>('/api/v1/indicators/:id/observations', async (req) => {
    const { s, view } = await viewFor(req, 'area');
    return {
      data: {
        strategy: s.strategyId,
        strategyVersion: s.version,
        indicator: view.indicator.id,
        area: view.area,
        unit: view.indicator.unit,
        illustrative: view.illustrative,
        disclosure: view.rows.some((r) => r.survey)
          ? `survey figures: a figure from fewer than ${surveyMinimum(view)} responding organisations is suppressed ("<${surveyMinimum(view)} besvarelser"); a share of the responding organisations is published with its interval; counts of persons of 1-4 are suppressed`
          : 'counts of 1-4 and shares whose numerator or complement is below 5 are suppressed',
        // An area's figures are all real or all illustrative (real ones replace the generated series whole);
        // each period says which, so a row taken out of the answer still carries it.
        periods: view.rows.map((r) => ({
          period: r.period,
          illustrative: view.illustrative,
          target: { share: figure(r.target.share), size: figure(r.target.size) },
          comparison: r.comparison
            ? { share: figure(r.comparison.share), size: figure(r.comparison.size) }
            : null,
          gap: figure(r.gap),
          ...(r.survey ? { responses: surveyResponsesJson(r.survey) } : {}),
        })),
        provenance: provenance(view),
      },
    };
  });

  app.get<{ Params: { id: string } }>('/api/v1/indicators/:id/assessment', async (req) => {
    const { s, view } = await viewFor(req, 'area');
    const a = view.assessment;
    const base = {
      strategy: s.strategyId,
      indicator: view.indicator.id,
      area: view.area,
      illustrative: view.illustrative,
      status: view.status,
      statusText: {
        da: statusWord(view.status, 'da'),
        en: statusWord(view.status, 'en'),
      },
    };
    if (view.levelAssessment)
      return {
        data: {
          ...base,
          ...levelAssessmentJson(view.levelAssessment, view.changePublishable),
          provenance: provenance(view),
        },
      };
    if (a.status === 'not-enough-data' || a.status === 'invalid')
      return { data: { ...base, reason: a.reason } };
    // The change is published only when the gaps behind it are; the status itself is always published.
    const change = view.changePublishable
      ? a.status === 'no-spread'
        ? { estimate: a.change.additive, interval: null }
        : {
            estimate: a.change.additive.estimate,
            interval: [a.change.additive.lower, a.change.additive.upper],
            level: a.level,
          }
      : null;
    return {
      data: {
        ...base,
        baselinePeriod: a.baseline.period,
        currentPeriod: a.current.period,
        change,
        projection:
          view.projection.kind === 'reaches-zero'
            ? {
                year: view.projection.year,
                range: [view.projection.range.earliestYear, view.projection.range.latestYear],
              }
            : { kind: view.projection.kind },
        provenance: provenance(view),
      },
    };
  });

  app.get<{ Params: { id: string } }>('/indikatorer/:id.csv', async (req, reply) => {
    const { view } = await viewFor(req, 'omraade');
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${view.indicator.id}-${view.area}.csv"`)
      .send(indicatorCsv(view, requestLanguage(req)));
  });

  app.get<{ Params: { id: string } }>('/api/v1/indicators/:id/jsonstat', async (req) => {
    const { view } = await viewFor(req, 'area');
    return indicatorJsonStat(view, `${view.indicator.title}, ${view.area}`);
  });

  app.get<{ Params: { id: string } }>('/indikatorer/:id.xlsx', async (req, reply) => {
    const { view } = await viewFor(req, 'omraade');
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', `attachment; filename="${view.indicator.id}-${view.area}.xlsx"`)
      .send(await indicatorXlsx(view, requestLanguage(req)));
  });

  app.get('/metode', async (req, reply) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    // The barometer is named only where a loaded strategy compares with it.
    const strategies = await Promise.all(
      (await listStrategies(database)).map((s) => getStrategy(database, s.strategyId)),
    );
    const barometer = strategies.some((s) =>
      s?.definition.areas.some((a) => a.indicators.some((i) => i.nationalMeasure !== undefined)),
    );
    const measures = barometer
      ? presentBarometerOverview(
          await barometerOverview(
            database,
            strategies.flatMap((s) => (s ? [s.definition] : [])),
          ),
          lang,
          t,
        )
      : undefined;
    return reply.type('text/html').send(
      renderPage(
        'method.njk',
        { lang, path: requestPath(req) },
        {
          title: t('method.title'),
          breadcrumbs: [{ text: t('nav.home'), href: link('/', lang) }, { text: t('method.title') }],
          areaRule: areaStatusRule,
          areaRuleSource: barometer ? areaStatusRuleSource : undefined,
          barometerMeasures: measures,
          areaOutcomeRule,
          targetRule,
          colourRule: colourRules['traffic-light'],
        },
      ),
    );
  });
}

function figure(f: PublishedFigure) {
  if (f.kind === 'value')
    return {
      value: f.value,
      ...(f.low !== undefined && f.high !== undefined ? { interval: [f.low, f.high] } : {}),
    };
  if (f.kind === 'suppressed') return { suppressed: f.display };
  return { missing: true };
}

function surveyMinimum(view: IndicatorView): number {
  const s = view.rows.find((r) => r.survey)?.survey;
  return s?.target?.minimum ?? s?.comparison?.minimum ?? 3;
}

/** A survey figure's responding organisations and the round's response rate; never an answer or a name. */
function surveyResponsesJson(s: NonNullable<IndicatorView['rows'][number]['survey']>) {
  const group = (g: typeof s.target) =>
    g ? { respondents: g.respondents, suppressed: g.suppressed, minimumRespondents: g.minimum } : null;
  const any = s.target ?? s.comparison;
  return {
    round: any?.round ?? null,
    target: group(s.target),
    comparison: group(s.comparison),
    organisationsInvited: any?.organisations ?? null,
    organisationsResponding: any?.responding ?? null,
    responseRate: any?.rate ?? null,
  };
}

function provenance(view: IndicatorView) {
  return provenanceJson(view.sources);
}
