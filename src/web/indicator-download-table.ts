// The rows an indicator's CSV and XLSX downloads hold: one row per period, group and measure (the tidy shape
// Open SDG and Statistikbanken's own downloads use), each figure rounded to the precision the page shows it
// in — shares in per cent with one decimal, gaps in percentage points with one decimal, ratios with two —
// with its unit and its interval bounds in their own columns, and a suppressed or missing figure as its
// marker (".." or "–") with the reason beside it. Made from the same disclosure-controlled view as the page.
import type { Indicator } from '../domain/strategy/index.ts';
import type { IndicatorView, PublishedFigure } from '../service/indicators.ts';
import type { Language } from './i18n/messages.ts';

export type ColumnKey =
  | 'indicator'
  | 'area'
  | 'period'
  | 'group'
  | 'measure'
  | 'value'
  | 'lower'
  | 'upper'
  | 'unit'
  | 'marker'
  | 'reason'
  | 'figures';

export interface DownloadColumn {
  readonly key: ColumnKey;
  readonly name: string;
  /** What the column holds, for the explanation sheet. */
  readonly explanation: string;
  readonly numeric: boolean;
}

export interface DownloadRow {
  readonly indicator: string;
  readonly area: string;
  readonly period: string;
  readonly group: string;
  readonly measure: string;
  /** Rounded to `decimals`; undefined where the figure is suppressed or missing (see marker). */
  readonly value: number | undefined;
  readonly lower: number | undefined;
  readonly upper: number | undefined;
  readonly unit: string;
  readonly marker: string;
  readonly reason: string;
  readonly figures: string;
  /** Decimals of value, lower and upper: the number format of the row's numeric cells. */
  readonly decimals: number;
}

export interface DownloadTable {
  readonly columns: readonly DownloadColumn[];
  readonly rows: readonly DownloadRow[];
  /** Units and markers with their meanings, for the explanation sheet. */
  readonly units: readonly { readonly unit: string; readonly meaning: string }[];
  readonly markers: readonly { readonly marker: string; readonly meaning: string }[];
}

const words = {
  da: {
    columns: {
      indicator: ['indikator', 'Indikatorens id i strategien.'],
      area: ['område', 'Danmarks Statistiks kommunekode (000 = hele landet).'],
      period: [
        'periode',
        'År (2021), kvartal (2021K2) eller måned (2021M09) som Danmarks Statistik skriver dem.',
      ],
      group: ['gruppe', 'Målgruppen, sammenligningsgruppen eller forskellen mellem dem.'],
      measure: ['mål', 'Hvad tallet er: andel, antal i gruppen, værdi eller gab.'],
      value: [
        'værdi',
        'Tallet, afrundet som på siden; tomt når tallet er skjult eller mangler (se markering).',
      ],
      lower: ['nedre_95', 'Nedre grænse for 95 %-intervallet, i samme enhed som værdien.'],
      upper: ['øvre_95', 'Øvre grænse for 95 %-intervallet, i samme enhed som værdien.'],
      unit: ['enhed', 'Enheden for værdi og intervalgrænser.'],
      marker: ['markering', 'Tegnet der står i stedet for et skjult («..») eller manglende («–») tal.'],
      reason: ['forklaring', 'Hvorfor tallet er skjult eller mangler.'],
      figures: [
        'datagrundlag',
        '«målt» for tal fra kilden, «illustrativ» for tal lavet af en dokumenteret generator.',
      ],
    },
    measured: 'målt',
    illustrative: 'illustrativ',
    share: 'andel',
    size: 'antal i gruppen',
    value: 'værdi',
    count: 'antal',
    gap: 'gab',
    pairDifference: 'forskel (målgruppe − sammenligning)',
    pairRatio: 'forhold (målgruppe / sammenligning)',
    units: {
      percent: ['procent', 'Andel af gruppen i procent (0–100).'],
      points: ['procentpoint', 'Forskel mellem to andele i procentpoint.'],
      times: [
        'gange',
        'Forhold mellem to tal: målgruppens tal delt med sammenligningsgruppens (1 = lige niveau).',
      ],
      persons: ['personer', 'Antal personer.'],
      weeks: ['uger', 'Antal uger.'],
      score: ['score', 'Score på undersøgelsens skala.'],
      number: ['antal', 'Antal.'],
      organisations: ['organisationer', 'Antal organisationer, der har svaret på spørgsmålet bag tallet.'],
    },
    responses: 'besvarelser',
    responseRate: 'svarprocent',
    invited: 'inviterede organisationer',
    fewResponses: (n: string) => `Færre end ${n} organisationer har svaret; tallet vises ikke.`,
    small: (n: string) => `Et antal fra 1 til ${n} vises ikke (diskretionering).`,
    hiddenShare: 'Skjult af diskretionering: for få personer i tælleren eller i resten af gruppen.',
    hiddenGap: 'Skjult: gabet vises kun, når begge gruppers andele vises.',
    hiddenCount:
      'Skjult ved diskretionering: et lille antal eller et tal, som et lille antal kunne indkredses ud fra.',
    missing: 'Intet tal for perioden.',
    markers: {
      fewResponses: (n: string) => `Et tal fra færre end ${n} svarende organisationer.`,
      small: (n: string) => `Et antal fra 1 til ${n} (primær diskretionering).`,
      hidden:
        'Skjult ved diskretionering: et lille antal, en andel af for få personer eller et tal, som et skjult tal kunne indkredses ud fra. De ser ens ud, så man ikke kan se, hvilke der er de små.',
      missing: 'Intet tal: kilden har ikke tallet for perioden.',
    },
  },
  en: {
    columns: {
      indicator: ['indicator', "The indicator's id in the strategy."],
      area: ['area', "Statistics Denmark's municipality code (000 = the whole country)."],
      period: [
        'period',
        'Year (2021), quarter (2021K2) or month (2021M09) as Statistics Denmark writes them.',
      ],
      group: ['group', 'The target group, the comparison group or the difference between them.'],
      measure: ['measure', 'What the figure is: share, group size, value or gap.'],
      value: [
        'value',
        'The figure, rounded as on the page; empty when it is suppressed or missing (see marker).',
      ],
      lower: ['lower_95', 'Lower bound of the 95% interval, in the same unit as the value.'],
      upper: ['upper_95', 'Upper bound of the 95% interval, in the same unit as the value.'],
      unit: ['unit', 'The unit of the value and the interval bounds.'],
      marker: ['marker', 'The sign that stands for a suppressed ("..") or missing ("–") figure.'],
      reason: ['reason', 'Why the figure is suppressed or missing.'],
      figures: [
        'figures',
        '"measured" for figures from the source, "illustrative" for figures made by a documented generator.',
      ],
    },
    measured: 'measured',
    illustrative: 'illustrative',
    share: 'share',
    size: 'group size',
    value: 'value',
    count: 'count',
    gap: 'gap',
    pairDifference: 'difference (target − comparison)',
    pairRatio: 'ratio (target / comparison)',
    units: {
      percent: ['per cent', 'Share of the group in per cent (0–100).'],
      points: ['percentage points', 'Difference between two shares in percentage points.'],
      times: [
        'times',
        "Ratio of two figures: the target group's divided by the comparison group's (1 = parity).",
      ],
      persons: ['persons', 'Number of persons.'],
      weeks: ['weeks', 'Number of weeks.'],
      score: ['score', "Score on the survey's scale."],
      number: ['count', 'Count.'],
      organisations: [
        'organisations',
        'Number of organisations that answered the question behind the figure.',
      ],
    },
    responses: 'responses',
    responseRate: 'response rate',
    invited: 'invited organisations',
    fewResponses: (n: string) => `Fewer than ${n} organisations answered; the figure is not shown.`,
    small: (n: string) => `A count from 1 to ${n} is not shown (disclosure control).`,
    hiddenShare:
      'Suppressed by disclosure control: too few persons in the numerator or in the rest of the group.',
    hiddenGap: "Suppressed: the gap is shown only when both groups' shares are.",
    hiddenCount:
      'Suppressed by disclosure control: a small count, or a figure from which a small count could be narrowed down.',
    missing: 'No figure for the period.',
    markers: {
      fewResponses: (n: string) => `A figure from fewer than ${n} responding organisations.`,
      small: (n: string) => `A count from 1 to ${n} (primary suppression).`,
      hidden:
        'Suppressed by disclosure control: a small count, a share of too few persons, or a figure from which a hidden one could be narrowed down. All look the same, so a reader cannot tell which are the small ones.',
      missing: 'No figure: the source has none for the period.',
    },
  },
} as const;

type UnitKey = keyof (typeof words)['da']['units'];

const columnOrder: readonly ColumnKey[] = [
  'indicator',
  'area',
  'period',
  'group',
  'measure',
  'value',
  'lower',
  'upper',
  'unit',
  'marker',
  'reason',
  'figures',
];
const numericColumns = new Set<ColumnKey>(['value', 'lower', 'upper']);

/** How a measure is shown: its unit, the factor from the stored figure, and the decimals the page shows. */
interface Scale {
  readonly unit: UnitKey;
  readonly factor: number;
  readonly decimals: number;
}

function valueScale(ind: Indicator): Scale {
  switch (ind.unit) {
    case 'share':
      return { unit: 'percent', factor: 100, decimals: 1 };
    case 'weeks':
      return { unit: 'weeks', factor: 1, decimals: 1 };
    case 'score':
      return { unit: 'score', factor: 1, decimals: 2 };
    default:
      return { unit: 'number', factor: 1, decimals: 0 };
  }
}

function gapScale(ind: Indicator): Scale {
  if (ind.gapMeasure === 'ratio') return { unit: 'times', factor: 1, decimals: 2 };
  // The engine gives differences of shares in percentage points already.
  if (ind.unit === 'share') return { unit: 'points', factor: 1, decimals: 1 };
  return valueScale(ind);
}

const figureOf = (value: number): PublishedFigure => ({ kind: 'value', value });

/** Rounded half away from zero at `decimals`, without the binary tail (-0.7000000000000002 → -0.7). */
export function roundTo(n: number, decimals: number): number {
  const p = 10 ** decimals;
  const r = (Math.sign(n) * Math.round(Math.abs(n) * p + 1e-9)) / p;
  return Object.is(r, -0) ? 0 : Number(r.toFixed(decimals));
}

export function indicatorDownloadTable(view: IndicatorView, lang: Language): DownloadTable {
  const w = words[lang];
  const ind = view.indicator;
  const figures = view.illustrative ? w.illustrative : w.measured;
  const unitsUsed = new Set<UnitKey>();
  const markersUsed = new Map<string, string>();
  const rows: DownloadRow[] = [];
  const hiddenReason = (measure: 'share' | 'size' | 'gap' | 'responses' | 'rate') =>
    measure === 'gap'
      ? w.hiddenGap
      : measure === 'share' && ind.unit !== 'count'
        ? w.hiddenShare
        : w.hiddenCount;

  const add = (
    period: string,
    group: string,
    measure: 'share' | 'size' | 'gap' | 'responses' | 'rate',
    f: PublishedFigure,
    scale: Scale,
  ) => {
    unitsUsed.add(scale.unit);
    const base = {
      indicator: ind.id,
      area: view.area,
      period,
      group,
      measure:
        measure === 'responses'
          ? w.responses
          : measure === 'rate'
            ? w.responseRate
            : measure === 'gap'
              ? w.gap
              : measure === 'size'
                ? w.size
                : ind.unit === 'share'
                  ? w.share
                  : ind.unit === 'count'
                    ? w.count
                    : w.value,
      unit: w.units[scale.unit][0],
      figures,
      decimals: scale.decimals,
    };
    if (f.kind === 'value') {
      const r = (n: number | undefined) =>
        n === undefined ? undefined : roundTo(n * scale.factor, scale.decimals);
      rows.push({ ...base, value: r(f.value), lower: r(f.low), upper: r(f.high), marker: '', reason: '' });
      return;
    }
    const marker = f.kind === 'suppressed' ? f.display : '–';
    const few = /^<(\d+) (besvarelser|responses)$/.exec(marker);
    if (few) {
      markersUsed.set(marker, w.markers.fewResponses(few[1] ?? ''));
      rows.push({
        ...base,
        value: undefined,
        lower: undefined,
        upper: undefined,
        marker,
        reason: w.fewResponses(few[1] ?? ''),
      });
      return;
    }
    const small = /^<(\d+)$/.exec(marker);
    const below = small ? String(Number(small[1]) - 1) : '';
    const reason = f.kind === 'missing' ? w.missing : small ? w.small(below) : hiddenReason(measure);
    markersUsed.set(
      marker,
      f.kind === 'missing' ? w.markers.missing : small ? w.markers.small(below) : w.markers.hidden,
    );
    rows.push({ ...base, value: undefined, lower: undefined, upper: undefined, marker, reason });
  };

  const value = valueScale(ind);
  const size: Scale = { unit: 'persons', factor: 1, decimals: 0 };
  const gap = gapScale(ind);
  const pair = ind.gapMeasure === 'ratio' ? w.pairRatio : w.pairDifference;
  for (const r of view.rows) {
    add(r.period, ind.targetGroup?.label ?? ind.title, 'share', r.target.share, value);
    if (ind.unit === 'share') add(r.period, ind.targetGroup?.label ?? ind.title, 'size', r.target.size, size);
    if (ind.comparisonGroup) {
      const c = r.comparison ?? { share: { kind: 'missing' } as const, size: { kind: 'missing' } as const };
      add(r.period, ind.comparisonGroup.label, 'share', c.share, value);
      if (ind.unit === 'share') add(r.period, ind.comparisonGroup.label, 'size', c.size, size);
    }
    if (ind.kind === 'gap') add(r.period, pair, 'gap', r.gap, gap);
    // A survey figure's responding organisations, and the round's response rate in the area.
    const s = r.survey;
    const responses: Scale = { unit: 'organisations', factor: 1, decimals: 0 };
    if (s?.target)
      add(
        r.period,
        ind.targetGroup?.label ?? ind.title,
        'responses',
        figureOf(s.target.respondents),
        responses,
      );
    if (s?.comparison && ind.comparisonGroup)
      add(r.period, ind.comparisonGroup.label, 'responses', figureOf(s.comparison.respondents), responses);
    const rate = (s?.target ?? s?.comparison)?.rate;
    if (s && rate !== undefined)
      add(r.period, w.invited, 'rate', figureOf(rate), { unit: 'percent', factor: 100, decimals: 1 });
  }

  return {
    columns: columnOrder.map((key) => ({
      key,
      name: w.columns[key][0],
      explanation: w.columns[key][1],
      numeric: numericColumns.has(key),
    })),
    rows,
    units: [...unitsUsed].map((u) => ({ unit: w.units[u][0], meaning: w.units[u][1] })),
    markers: [...markersUsed].map(([marker, meaning]) => ({ marker, meaning })),
  };
}
