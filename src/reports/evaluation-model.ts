// The evaluation report as data: a pure function from what a round stands on (`evaluationData`) to every text
// and figure the report prints, in the order it prints them. The renderers (HTML for print and PDF) only lay it
// out, so the content hash — SHA-256 over this model's canonical JSON — says whether two productions of a
// round's report hold the same text and figures, whatever the file format.
import { displayValue } from '../domain/disclosure/index.ts';
import { danishDate } from '../domain/followup/index.ts';
import {
  areaOutcomeRule,
  areaStatusRule,
  areaStatusRuleSource,
  combineOutcomes,
  statusKeyTexts,
  targetRule,
  type AreaOutcomeValue,
  type StatusKey,
} from '../domain/engine/index.ts';
import { unitName } from '../domain/strategy/index.ts';
import type { EvaluationData, InterventionState } from '../service/evaluations.ts';
import type { IndicatorView } from '../service/indicators.ts';
import { reportContentOf } from './report-content.ts';

export interface ReportIndicator {
  readonly id: string;
  readonly title: string;
  /** The status of its kind: a gap's, or a level's, count's or yes/no indicator's. */
  readonly status: StatusKey;
  readonly statusText: string;
  readonly gap: boolean;
  /** Whether any figure is published; an indicator without data is shown as such. */
  readonly hasData: boolean;
  /** The periods (data years) the figures are for, oldest first. */
  readonly periods: readonly string[];
  readonly baselinePeriod: string | undefined;
  readonly currentPeriod: string | undefined;
  readonly illustrative: boolean;
  /** The published view: its table rows are already protected (disclosure control as on the pages). */
  readonly view: IndicatorView;
}

export interface ReportAssessment {
  readonly assessment: string;
  readonly adjustments: string;
  readonly signedOffBy: string | null;
  /** YYYY-MM-DD in Danish time. */
  readonly signedOffOn: string | null;
}

export interface ReportArea {
  readonly id: string;
  readonly title: string;
  readonly ambition: string | undefined;
  readonly goal: readonly string[];
  readonly statements: readonly string[];
  /** The goals (format 2) the area's indicators are grouped under, in the strategy's order. */
  readonly goals: readonly {
    readonly id: string;
    readonly title: string;
    readonly text: string | undefined;
  }[];
  readonly status: AreaOutcomeValue;
  readonly statusText: string;
  readonly leadCentre: string;
  readonly indicators: readonly ReportIndicator[];
  readonly interventions: readonly (InterventionState & { readonly statusText: string })[];
  /** Undefined when the tovholder has written nothing yet: the report says so. */
  readonly assessment: ReportAssessment | undefined;
  readonly illustrative: boolean;
}

export interface ReportSource {
  readonly batchId: string;
  readonly source: string;
  readonly table: string | undefined;
  readonly fileName: string | undefined;
  readonly retrievedAt: string;
  readonly importedAt: string;
  readonly licence: string | undefined;
  readonly note: string | undefined;
  readonly illustrative: boolean;
}

/** The strategy's own names of its levels, in Danish, one and several ("Kerneopgave", "Kerneopgaver"). */
export interface ReportLevels {
  readonly area: string;
  readonly areas: string;
  readonly goal: string;
  readonly goals: string;
  readonly indicator: string;
  readonly indicators: string;
  readonly intervention: string;
  readonly interventions: string;
}

export interface ReportModel {
  readonly lang: 'da';
  readonly levels: ReportLevels;
  readonly title: string;
  readonly roundId: string;
  readonly roundName: string;
  readonly strategyTitle: string;
  readonly strategyVersion: number;
  readonly municipality: string;
  readonly areaCode: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  /** `to` is absent for an open-ended strategy. */
  readonly strategyPeriod: {
    readonly from: string;
    readonly to?: string | undefined;
    readonly label: string;
  };
  /** The body that evaluates the strategy, where the strategy names one. */
  readonly committee: string | undefined;
  /** True until the round is frozen: the front page says "Udkast". */
  readonly draft: boolean;
  /** The date the report stands on: the freeze (Danish time), or the production date of a draft. */
  readonly date: string;
  /** The moment of the freeze (ISO), null for a draft: the PDF's creation date. */
  readonly frozenAt: string | null;
  readonly areas: readonly ReportArea[];
  readonly population:
    | { readonly period: string; readonly total: string; readonly nonWestern: string; readonly share: string }
    | undefined;
  readonly method: readonly string[];
  readonly sources: readonly ReportSource[];
  readonly illustrative: boolean;
  /** The indicators whose figures are illustrative, by title. */
  readonly illustrativeIndicators: readonly string[];
}

export const interventionStatusTexts: Readonly<Record<string, string>> = {
  planned: 'Planlagt',
  ongoing: 'I gang',
  paused: 'Sat på pause',
  completed: 'Afsluttet',
  stopped: 'Stoppet',
};

/** The baseline and latest periods the status compares: the gap's, or the level's change (or latest figure). */
function comparedPeriods(view: IndicatorView): { baseline: string | undefined; current: string | undefined } {
  const level = view.levelAssessment;
  if (level) {
    const c = level.change;
    if (c && 'baseline' in c) return { baseline: c.baseline.period, current: c.current.period };
    return { baseline: undefined, current: level.latest?.period };
  }
  const a = view.assessment;
  return {
    baseline: 'baseline' in a ? a.baseline.period : undefined,
    current: 'current' in a ? a.current.period : undefined,
  };
}

function indicatorOf(view: IndicatorView): ReportIndicator {
  const compared = comparedPeriods(view);
  const published = view.rows.filter(
    (r) => r.target.share.kind !== 'missing' || (r.comparison && r.comparison.share.kind !== 'missing'),
  );
  return {
    id: view.indicator.id,
    title: view.indicator.title,
    status: view.status,
    statusText: statusKeyTexts[view.status].da,
    gap: view.indicator.kind === 'gap',
    hasData: published.length > 0,
    periods: published.map((r) => r.period),
    baselinePeriod: compared.baseline,
    currentPeriod: compared.current,
    illustrative: view.illustrative,
    view,
  };
}

/** How a gap indicator is judged and projected: said where the strategy has gap indicators. */
const gapMethod = [
  'Hver indikator for et gab sammenligner målgruppen med sammenligningsgruppen i strategiens basisår og i den ' +
    'seneste periode med tal. Gabet er forskellen (eller forholdet) mellem de to gruppers andele. Ændringen siden ' +
    'basisåret vurderes med et 95 %-konfidensinterval: ligger hele intervallet på den ene side af nul, ' +
    'lukkes eller øges gabet; ellers er der ingen klar ændring. Andele uden antal har ingen usikkerhed, og ' +
    'deres ændring får ingen status.',
  'Fremskrivningen lægger en vægtet lineær tendens gennem gabet fra basisåret og siger, hvilket år gabet ' +
    'lukkes i det nuværende tempo, hvis det gør før 2100.',
];

/** The majority rule (`combineOutcomes`) said without gaps, for a strategy that measures none. */
function noGapAreaRule(areas: string, indicators: string): string {
  const l = (s: string) => s.toLocaleLowerCase('da');
  return (
    `Status for ${l(areas)} følger en flertalsregel: et område får den status, som mere end halvdelen af dets ` +
    `${l(indicators)} med en status peger på. En udvikling i den ønskede retning, et nået mål eller en ` +
    'indikator på rette vej peger på «i den ønskede retning»; den modsatte udvikling, et ikke nået mål, en ' +
    'indikator, der ikke er på rette vej, eller en klar ændring, hvor strategien ønsker stabilitet, peger på «i ' +
    'den forkerte retning»; ingen klar ændring eller tendens peger på «ingen klar ændring». Er der intet ' +
    'flertal, er status «ingen klar ændring». Indikatorer, der kun følges, og indikatorer uden usikkerhed, uden ' +
    'nok data eller med fejl vises, men stemmer ikke. Stemmer ingen, er status «ikke nok data».'
  );
}

/**
 * The report of a round. `now` dates a draft (a frozen round is dated by its freeze, so its report never
 * changes with the day it is produced).
 */
export function buildReportModel(data: EvaluationData, now: Date): ReportModel {
  const d = data.strategy.definition;
  const viewsById = new Map(data.views.map((v) => [v.indicator.id, v]));
  const areaRows = new Map(data.areas.map((a) => [a.areaId, a]));
  const areas = d.areas.map((area): ReportArea => {
    const indicators = area.indicators.flatMap((i) => {
      const view = viewsById.get(i.id);
      return view ? [indicatorOf(view)] : [];
    });
    const status = combineOutcomes(indicators).status;
    const written = areaRows.get(area.id);
    const hasText = written && (written.assessment !== '' || written.adjustments !== '');
    return {
      id: area.id,
      title: area.title,
      ambition: area.ambition,
      goal: area.goal?.text ?? [],
      statements: area.goal?.statements ?? [],
      goals: area.goals.map((g) => ({ id: g.id, title: g.title, text: g.text })),
      status,
      statusText: statusKeyTexts[status].da,
      leadCentre: unitName(d, area.organisation.lead),
      indicators,
      interventions: data.interventions
        .filter((x) => x.areaId === area.id)
        .map((x) => ({
          ...x,
          statusText: x.status === null ? 'Ikke angivet' : (interventionStatusTexts[x.status] ?? x.status),
        })),
      assessment: hasText
        ? {
            assessment: written.assessment,
            adjustments: written.adjustments,
            signedOffBy: written.signedOffBy,
            signedOffOn: written.signedOffAt && danishDate(written.signedOffAt),
          }
        : undefined,
      illustrative: indicators.some((i) => i.illustrative),
    };
  });
  const illustrativeIndicators = areas.flatMap((a) =>
    a.indicators.filter((i) => i.illustrative).map((i) => i.title),
  );
  const p = data.population;
  const hasGaps = d.areas.some((a) => a.indicators.some((i) => i.kind === 'gap'));
  const name = (l: { readonly da: string; readonly daPlural?: string | undefined }) => l.da;
  const plural = (l: { readonly da: string; readonly daPlural?: string | undefined }) => l.daPlural ?? l.da;
  return {
    lang: 'da',
    levels: {
      area: name(d.levels.area),
      areas: plural(d.levels.area),
      goal: name(d.levels.goal),
      goals: plural(d.levels.goal),
      indicator: name(d.levels.indicator),
      indicators: plural(d.levels.indicator),
      intervention: name(d.levels.intervention),
      interventions: plural(d.levels.intervention),
    },
    title: `${data.round.name} – ${d.title}`,
    roundId: data.round.id,
    roundName: data.round.name,
    strategyTitle: d.title,
    strategyVersion: data.strategy.version,
    municipality: d.organisation.name,
    areaCode: data.areaCode,
    periodFrom: data.round.periodFrom,
    periodTo: data.round.periodTo,
    strategyPeriod: d.period,
    committee: d.evaluation?.body,
    draft: data.round.state === 'draft',
    date: danishDate(data.round.frozenAt ?? now),
    frozenAt: data.round.frozenAt?.toISOString() ?? null,
    areas,
    population: p && {
      period: p.period,
      total: displayValue(p.total, 'da'),
      nonWestern: displayValue(p.nonWestern, 'da'),
      share: displayValue(p.nonWesternShare, 'da'),
    },
    method: [
      ...(d.evaluation ? [d.evaluation.text] : []),
      ...(hasGaps ? gapMethod : []),
      // The rule in gap words where there are gaps; a strategy without them gets it in the words of its kinds.
      ...(hasGaps
        ? [
            areaStatusRule.da,
            // The barometer is named only where the strategy compares with it.
            ...(d.areas.some((a) => a.indicators.some((i) => i.nationalMeasure !== undefined))
              ? [areaStatusRuleSource.da]
              : []),
            ...(d.areas.some((a) => a.indicators.some((i) => i.kind !== 'gap')) ? [areaOutcomeRule.da] : []),
          ]
        : [noGapAreaRule(plural(d.levels.area), plural(d.levels.indicator))]),
      ...(d.areas.some((a) => a.indicators.some((i) => i.target !== undefined)) ? [targetRule.da] : []),
      'Diskretion: tal for små grupper vises ikke (".."), og hvor et skjult tal kunne regnes ud af de øvrige, ' +
        'skjules også et andet tal i tabellen — præcis som på Pejlemærkes sider.',
      data.pinned
        ? 'Rapporten bygger på de datasæt (importer), der var gemt, da runden blev fastfrosset; senere importer og rettelser indgår ikke.'
        : 'Rapporten er et udkast og bygger på de tal, der er gemt nu; tallene fastlåses, når runden fastfryses.',
    ],
    sources: data.batches.map((b) => ({
      batchId: b.id,
      source: b.provenance.source,
      table: b.provenance.table,
      fileName: b.provenance.fileName,
      retrievedAt: b.provenance.retrievedAt.toISOString(),
      importedAt: b.importedAt.toISOString(),
      licence: b.provenance.licence,
      note: b.provenance.note,
      illustrative: b.illustrative,
    })),
    illustrative: illustrativeIndicators.length > 0 || data.batches.some((b) => b.illustrative),
    illustrativeIndicators,
  };
}

/** SHA-256 of the report's text and figures: the model's canonical JSON (`report-content.ts`). */
export function reportContentHash(model: ReportModel): string {
  return reportContentOf(model).sha256;
}
