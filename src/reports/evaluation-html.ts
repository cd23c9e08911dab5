// The evaluation report as one printable HTML document (Danish, A4): a front page, a summary table, each focus
// area with its ambition and goal, every indicator's chart and table, the interventions, the tovholder's
// assessment and proposed adjustments, and at the end the method and the data sources. The figures, charts and
// status words come from the same presenter as the indicator pages (passed in by the caller, which may reach the
// web layer), so disclosure control and wording are exactly the pages'. Headings run h1 → h2 → h3 → h4 without
// gaps, every chart has a text alternative and its table, and table headers repeat on each printed page.
import type { IndicatorView } from '../service/indicators.ts';
import { printableChartSvg } from './chart-svg.ts';
import { softHyphens } from './danish-hyphens.ts';
import type { ReportIndicator, ReportModel } from './evaluation-model.ts';

const lower = (s: string) => s.toLocaleLowerCase('da');

/** One row of an indicator's table as the pages print it (formatted, protected). */
export interface PresentedReportRow {
  readonly period: string;
  readonly target: string;
  readonly targetInterval: string;
  readonly targetSize: string;
  readonly comparison: string;
  readonly comparisonInterval: string;
  readonly comparisonSize: string;
  readonly gap: string;
  readonly gapInterval: string;
}

/** What the indicator page shows of a view: status words, the change since the baseline, projection, charts. */
export interface PresentedReportIndicator {
  readonly status: string;
  readonly statusDetail: string;
  readonly projection: string;
  readonly rows: readonly PresentedReportRow[];
  /** SVG, with a title and description for its text alternative. */
  readonly chart: string;
  readonly gapChart: string | undefined;
  readonly valueHeading: string;
  readonly gapHeading: string;
}

export type ReportPresenter = (view: IndicatorView) => PresentedReportIndicator;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const months = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
];

/** 2023-09-01 → "1. september 2023". */
export function danishLongDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d}. ${months[(m ?? 1) - 1]} ${y}`;
}

/** 2021 → "2021", 2021K2 → "2. kvt. 2021", 2021M09 → "september 2021". */
export function danishPeriod(p: string): string {
  const q = /^(\d{4})K([1-4])$/.exec(p);
  if (q) return `${q[2]}. kvt. ${q[1]}`;
  const m = /^(\d{4})M(\d{2})$/.exec(p);
  if (m) return `${months[Number(m[2]) - 1]} ${m[1]}`;
  return p;
}

export const ILLUSTRATIVE = 'ILLUSTRATIVE TAL – ikke målte tal';

export const sourceNames: Readonly<Record<string, string>> = {
  statbank: 'Danmarks Statistik, Statistikbanken',
  jobindsats: 'Jobindsats (STAR)',
  uddannelsesstatistik: 'Uddannelsesstatistik (Børne- og Undervisningsministeriet)',
  integrationsbarometer: 'Integrationsbarometeret',
  file: 'Fil indlæst i Pejlemærke',
  'strategy-document': 'Strategidokumentet',
  illustrative: 'Illustrative tal (dannet af Pejlemærke)',
  survey: 'Lokal spørgeskemaundersøgelse',
};

const style = `
@page { size: A4; margin: 18mm 16mm 22mm 16mm; }
html { font-family: "IBM Plex Sans", "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a; }
body { margin: 0; line-height: 1.4; hyphens: auto; }
h1 { font-size: 24pt; margin: 0 0 8mm; }
h2 { font-size: 16pt; margin: 10mm 0 3mm; break-after: avoid; }
h3 { font-size: 12.5pt; margin: 6mm 0 2mm; break-after: avoid; }
h4 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2.5mm; orphans: 3; widows: 3; }
.front { break-after: page; padding-top: 30mm; }
.front .kicker { font-size: 13pt; text-transform: uppercase; letter-spacing: 0.05em; }
.front dl { display: grid; grid-template-columns: max-content 1fr; gap: 2mm 6mm; font-size: 12pt; }
.front dt { font-weight: 700; }
.front dd { margin: 0; }
.draft-mark { display: inline-block; border: 2px solid #1a1a1a; padding: 1mm 4mm; font-size: 18pt; font-weight: 700; }
.illustrative-flag { border-left: 4px solid #1a1a1a; padding: 1mm 3mm; font-weight: 700; }
.area { break-before: page; }
.indicator { margin-top: 4mm; }
div.figure { margin: 2mm 0 3mm; break-inside: avoid; }
div.figure svg { max-width: 100%; height: auto; }
.chart-narrow { display: none; }
p.figcaption { font-size: 9pt; color: #3d3d3d; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 4mm; font-size: 9pt; }
caption { text-align: left; font-weight: 700; padding-bottom: 1mm; caption-side: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 1px solid #8c8c8c; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid #1a1a1a; }
td.num, th.num { text-align: right; white-space: nowrap; }
thead th.num { white-space: normal; }
.muted { color: #3d3d3d; }
.missing { font-style: italic; }
.preline { white-space: pre-line; }
`;

function frontPage(m: ReportModel): string {
  const rows: [string, string][] = [
    ['Strategi', `${m.strategyTitle} (version ${m.strategyVersion})`],
    ['Kommune', m.municipality],
    ['Evalueringsperiode', `${danishLongDate(m.periodFrom)} – ${danishLongDate(m.periodTo)}`],
    ['Strategiens periode', m.strategyPeriod.label],
    ...(m.committee ? ([['Udvalg', m.committee]] as [string, string][]) : []),
    [m.draft ? 'Udkast pr.' : 'Fastfrosset', danishLongDate(m.date)],
  ];
  return `<section class="front" aria-labelledby="title">
<p class="kicker">${m.committee ? `Evaluering til ${esc(m.committee)}` : 'Evaluering'}</p>
<h1 id="title">${esc(m.roundName)}</h1>
${m.draft ? '<p class="draft-mark">Udkast</p>\n<p>Runden er ikke fastfrosset: tallene og teksterne kan stadig ændre sig.</p>' : ''}
<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
${m.illustrative ? `<p class="illustrative-flag">${ILLUSTRATIVE}: rapporten bruger illustrative tal for ${esc(m.illustrativeIndicators.join(', ') || 'nogle datasæt')}. De er markeret på hver side, hvor de står.</p>` : ''}
</section>`;
}

function summary(m: ReportModel): string {
  const body = m.areas
    .flatMap((a) =>
      a.indicators.length === 0
        ? [
            `<tr><th scope="row">${esc(a.title)}</th><td colspan="4" class="missing">Ingen ${esc(lower(m.levels.indicators))}</td></tr>`,
          ]
        : a.indicators.map(
            (i, k) =>
              `<tr>${k === 0 ? `<th scope="row" rowspan="${a.indicators.length}">${esc(softHyphens(a.title))}<br><span class="muted">${esc(a.statusText)}</span></th>` : ''}<td>${esc(softHyphens(i.title))}${i.illustrative ? ' <strong>(illustrative tal)</strong>' : ''}</td><td>${esc(i.hasData ? i.statusText : 'Ingen data')}</td><td class="num">${esc(i.baselinePeriod ? danishPeriod(i.baselinePeriod) : '–')}</td><td class="num">${esc(i.currentPeriod ? danishPeriod(i.currentPeriod) : i.periods.length > 0 ? danishPeriod(i.periods.at(-1) as string) : '–')}</td></tr>`,
          ),
    )
    .join('\n');
  return `<section aria-labelledby="summary">
<h2 id="summary">Sammenfatning</h2>
<p>Områdernes status følger flertalsreglen (se Metode); hver indikators status bygger på ændringen fra basisåret til det seneste dataår (for et gab: gabets ændring) eller på, om målet er nået.</p>
<table>
<caption>Status for ${esc(lower(m.levels.areas))} og ${esc(lower(m.levels.indicators))}</caption>
<thead><tr><th scope="col">${esc(softHyphens(m.levels.area))}</th><th scope="col">${esc(softHyphens(m.levels.indicator))}</th><th scope="col">Status</th><th scope="col" class="num">Basisår</th><th scope="col" class="num">Seneste dataår</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</section>`;
}

/** An indicator's table as both renderers print it: the column headings, then one row per data year. */
export function indicatorTable(
  i: ReportIndicator,
  p: PresentedReportIndicator,
): {
  readonly head: readonly { readonly text: string; readonly numeric: boolean }[];
  readonly rows: readonly { readonly period: string; readonly cells: readonly string[] }[];
} {
  const ind = i.view.indicator;
  const share = ind.unit === 'share';
  const cmp = ind.comparisonGroup !== undefined;
  const num = (text: string) => ({ text, numeric: true });
  const head = [
    { text: 'Dataår', numeric: false },
    num(ind.targetGroup?.label ?? 'Værdi'),
    num('Interval'),
    ...(share ? [num('Gruppens størrelse')] : []),
    ...(cmp
      ? [
          num(ind.comparisonGroup?.label ?? ''),
          num('Interval'),
          ...(share ? [num('Gruppens størrelse')] : []),
          num(p.gapHeading),
          num('Interval'),
        ]
      : []),
  ];
  const rows = p.rows.map((r) => ({
    period: r.period,
    cells: [
      r.target,
      r.targetInterval,
      ...(share ? [r.targetSize] : []),
      ...(cmp
        ? [r.comparison, r.comparisonInterval, ...(share ? [r.comparisonSize] : []), r.gap, r.gapInterval]
        : []),
    ],
  }));
  return { head, rows };
}

function indicatorSection(i: ReportIndicator, present: ReportPresenter, areaName: string): string {
  const head = `<h4 id="ind-${esc(i.id)}">${esc(i.title)}</h4>`;
  const flag = i.illustrative ? `<p class="illustrative-flag">${ILLUSTRATIVE}</p>` : '';
  if (!i.hasData)
    return `<section class="indicator" aria-labelledby="ind-${esc(i.id)}">${head}
<p class="missing">Ingen data: der er ingen tal for indikatoren i ${esc(areaName)} i de datasæt, rapporten bygger på.</p></section>`;
  const p = present(i.view);
  const ind = i.view.indicator;
  const table = indicatorTable(i, p);
  const cols = table.head.length;
  const headCells = table.head.map(
    (h) => `<th scope="col"${h.numeric ? ' class="num"' : ''}>${esc(softHyphens(h.text))}</th>`,
  );
  const rows = table.rows
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.period)}</th>${r.cells.map((c) => `<td class="num">${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const flagRow = i.illustrative
    ? `<tr><th scope="colgroup" colspan="${cols}">${ILLUSTRATIVE}</th></tr>`
    : '';
  return `<section class="indicator" aria-labelledby="ind-${esc(i.id)}">${head}
${flag}
<p><strong>Status:</strong> ${esc(p.status)}. ${esc(p.statusDetail)}</p>
${ind.kind === 'gap' ? `<p><strong>Fremskrivning:</strong> ${esc(p.projection)}</p>` : ''}
<p><strong>Dataår:</strong> ${esc(i.periods.map(danishPeriod).join(', '))}${i.baselinePeriod ? `; basisår ${esc(danishPeriod(i.baselinePeriod))}` : ''}.</p>
<div class="figure">${printableChartSvg(p.chart)}<p class="figcaption">Figur: ${esc(ind.title)}, ${esc(areaName)}. Tallene bag figuren står i tabellen nedenfor.</p></div>
${p.gapChart ? `<div class="figure">${printableChartSvg(p.gapChart)}<p class="figcaption">Figur: ${esc(p.gapHeading)}, ${esc(ind.title)}. Tallene står i tabellen nedenfor.</p></div>` : ''}
<table>
<caption>Tabel: ${esc(ind.title)}, ${esc(areaName)} (${esc(p.valueHeading)})${i.illustrative ? ' – illustrative tal' : ''}</caption>
<thead>${flagRow}<tr>${headCells.join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="muted">".." betyder, at tallet ikke vises af hensyn til diskretion; "–", at der ikke er noget tal.</p>
</section>`;
}

function areaSection(a: ReportModel['areas'][number], m: ReportModel, present: ReportPresenter): string {
  const interventions =
    a.interventions.length === 0
      ? '<p class="missing">Ingen indsatser er registreret for området.</p>'
      : `<table>
<caption>${esc(m.levels.interventions)} i ${esc(a.title)}</caption>
<thead><tr><th scope="col">${esc(m.levels.intervention)}</th><th scope="col">Status</th><th scope="col">Seneste noter</th></tr></thead>
<tbody>
${a.interventions
  .map(
    (x) =>
      `<tr><th scope="row">${esc(x.title)}</th><td>${esc(x.statusText)}</td><td>${
        x.notes.length === 0
          ? '<span class="missing">Ingen noter</span>'
          : x.notes
              .map(
                (n) =>
                  `<p>${esc(danishLongDate(n.notedOn))}: <span class="preline">${esc(n.body)}</span></p>`,
              )
              .join('')
      }</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
  const assessment = a.assessment
    ? `<div class="preline">${esc(a.assessment.assessment || '(ingen vurdering skrevet)')}</div>
<p class="muted">${a.assessment.signedOffBy ? `Godkendt af ${esc(a.assessment.signedOffBy)} ${esc(danishLongDate(a.assessment.signedOffOn ?? m.date))}.` : 'Vurderingen er ikke godkendt af tovholderen.'}</p>
<h3>Forslag til justeringer</h3>
<div class="preline">${a.assessment.adjustments ? esc(a.assessment.adjustments) : '<span class="missing">Ingen forslag til justeringer.</span>'}</div>`
    : `<p class="missing">Tovholderen (${esc(a.leadCentre)}) har endnu ikke skrevet en vurdering.</p>
<h3>Forslag til justeringer</h3>
<p class="missing">Ingen forslag til justeringer endnu.</p>`;
  return `<section class="area" aria-labelledby="area-${esc(a.id)}">
<h2 id="area-${esc(a.id)}">${esc(a.title)}</h2>
<p><strong>Status for området:</strong> ${esc(a.statusText)}. <strong>Tovholder:</strong> ${esc(a.leadCentre)}.</p>
${a.illustrative ? `<p class="illustrative-flag">${ILLUSTRATIVE}: området bruger illustrative tal.</p>` : ''}
${a.ambition ? `<h3>Ambition</h3>\n<p>${esc(a.ambition)}</p>\n` : ''}${a.goal.length > 0 || a.goals.length > 0 ? `<h3>${esc(a.goals.length > 1 ? m.levels.goals : m.levels.goal)}</h3>\n` : ''}${a.goal.map((g) => `<p>${esc(g)}</p>\n`).join('')}${a.statements.length > 0 ? `<ul>${a.statements.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>\n` : ''}${a.goals.map((g) => `<p><strong>${esc(g.title)}</strong>${g.text ? ` ${esc(g.text)}` : ''}</p>\n`).join('')}<h3>${esc(m.levels.indicators)}</h3>
${a.indicators.map((i) => indicatorSection(i, present, m.municipality)).join('\n')}
<h3>${esc(m.levels.interventions)}</h3>
${interventions}
<h3>Tovholderens vurdering</h3>
${assessment}
</section>`;
}

function ending(m: ReportModel): string {
  const sources =
    m.sources.length === 0
      ? '<p class="missing">Rapporten bygger ikke på nogen importerede tal.</p>'
      : `<table>
<caption>Datasæt (importer) bag rapportens tal</caption>
<thead><tr><th scope="col">Import</th><th scope="col">Kilde</th><th scope="col">Tabel eller fil</th><th scope="col">Hentet</th><th scope="col">Licens</th></tr></thead>
<tbody>
${m.sources
  .map(
    (s) =>
      `<tr><th scope="row">${esc(s.batchId)}</th><td>${esc(sourceNames[s.source] ?? s.source)}${s.illustrative ? ` <strong>(${ILLUSTRATIVE})</strong>` : ''}</td><td>${esc(s.table ?? s.fileName ?? '–')}</td><td class="num">${esc(danishLongDate(s.retrievedAt.slice(0, 10)))}</td><td>${esc(s.licence ?? 'ikke oplyst')}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
  return `<section class="area" aria-labelledby="method">
<h2 id="method">Metode</h2>
${m.method.map((p) => `<p>${esc(p)}</p>`).join('\n')}
${m.population ? `<p>Befolkningen i ${esc(m.municipality)} ${esc(danishPeriod(m.population.period))}: ${esc(m.population.total)} i alt, heraf ${esc(m.population.nonWestern)} med ikke-vestlig baggrund (${esc(m.population.share)}).</p>` : '<p class="missing">Der er ingen befolkningstal for perioden i de datasæt, rapporten bygger på.</p>'}
<h2 id="sources">Datakilder</h2>
${sources}
${m.illustrative ? `<h2 id="illustrative">Illustrative tal</h2>\n<p class="illustrative-flag">Disse indikatorer bruger illustrative tal, ikke målte: ${esc(m.illustrativeIndicators.join(', ') || 'se datakilderne')}.</p>` : ''}
</section>`;
}

/** The whole report as an HTML document. */
export function renderReportHtml(m: ReportModel, present: ReportPresenter): string {
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>${esc(m.title)}</title>
<meta name="author" content="${esc(m.municipality)}">
<meta name="description" content="${esc(`Evaluering af ${m.strategyTitle}${m.committee ? ` til ${m.committee}` : ''}`)}">
<style>${style}</style>
</head>
<body>
<main>
${frontPage(m)}
${summary(m)}
${m.areas.map((a) => areaSection(a, m, present)).join('\n')}
${ending(m)}
</main>
</body>
</html>
`;
}
