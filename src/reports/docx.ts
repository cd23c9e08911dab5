// The evaluation report as a Word document (docx 9.15), laid out from the same report model and presenter as the
// HTML, so its text, figures, disclosure markers and illustrative flags are the HTML's. Real Word styles — Title,
// Heading1 (summary, each focus area, method, sources), Heading2 (an area's sections), Heading3 (each indicator) —
// so Word's navigation pane works and the secretariat can restyle; Danish (da-DK) on the default style and on
// every run; A4 with "Side N af M" fields in the footer; tables whose header rows repeat on each page and whose
// rows do not split across pages; each chart as a PNG with its text alternative (or, when charts cannot be
// drawn, that text in its place and a note on the front page). The file's dates and the zip's are the freeze's,
// so the same round gives the same bytes (`docx-zip.ts`).
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalMergeType,
  WidthType,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { PRINTED_WIDTH_PX, type ChartRasteriser, type ChartRasteriserUnavailable } from './chart-png.ts';
import { chartAltText, chartText, wideChartSvg } from './chart-svg.ts';
import { corePropertiesXml, pinZipDates } from './docx-zip.ts';
import {
  danishLongDate,
  danishPeriod,
  ILLUSTRATIVE,
  indicatorTable,
  sourceNames,
  type ReportPresenter,
} from './evaluation-html.ts';
import type { ReportArea, ReportIndicator, ReportModel } from './evaluation-model.ts';

export interface DocxOptions {
  /** Draws the charts, or says why they cannot be drawn (the document then holds their text alternatives). */
  readonly charts: ChartRasteriser | ChartRasteriserUnavailable;
  /** The footer's words before the page number, as in the PDF. */
  readonly footerText: string;
  /** The document's creation and modification date, and every file date in the zip. */
  readonly date: Date;
}

const LANG = 'da-DK';
const FONT = 'Arial';
/** The text width of an A4 page with 16 mm margins, in twentieths of a point and in CSS pixels. */
const TEXT_WIDTH_TWIPS = 9638;
const TEXT_WIDTH_PX = PRINTED_WIDTH_PX;

type RunStyle = Omit<IRunOptions, 'text' | 'children' | 'language'>;

/** A run of Danish text; line breaks in the text become line breaks in the run (as `white-space: pre-line`). */
const lower = (s: string) => s.toLocaleLowerCase('da');

function run(text: string, style: RunStyle = {}): TextRun {
  const lines = text.split('\n');
  return new TextRun({
    ...style,
    language: { value: LANG },
    children: lines.flatMap((line, k) => (k === 0 ? [line] : [new TextRun({ break: 1 }), line])),
  });
}

const para = (children: ParagraphChild[], options: { keepNext?: boolean } = {}) =>
  new Paragraph({ children, ...(options.keepNext && { keepNext: true }) });
const text = (s: string, style: RunStyle = {}) => para([run(s, style)]);
const missing = (s: string) => text(s, { italics: true });
const muted = (s: string) => text(s, { color: '3D3D3D', size: 18 });
const heading = (level: 1 | 2 | 3, s: string, pageBreakBefore = false) =>
  new Paragraph({
    heading: [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][level - 1],
    children: [run(s)],
    ...(pageBreakBefore && { pageBreakBefore: true }),
  });
const labelled = (label: string, value: string) => para([run(`${label}: `, { bold: true }), run(value)]);
const flag = (s: string) =>
  new Paragraph({
    children: [run(s, { bold: true })],
    border: { left: { style: BorderStyle.SINGLE, size: 24, color: '1A1A1A', space: 6 } },
    indent: { left: 120 },
  });

interface Cell {
  readonly text: string;
  readonly numeric?: boolean;
  readonly bold?: boolean;
  readonly italics?: boolean;
  readonly span?: number;
  readonly merge?: 'restart' | 'continue';
  /** Further paragraphs under the first (an intervention's notes). */
  readonly more?: readonly string[];
}

function cell(c: Cell, header: boolean, width: number): TableCell {
  const style: RunStyle = { size: 18, bold: header || c.bold === true, italics: c.italics === true };
  const alignment = c.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT;
  return new TableCell({
    children: [c.text, ...(c.more ?? [])].map((t) => new Paragraph({ alignment, children: [run(t, style)] })),
    width: { size: width, type: WidthType.DXA },
    ...(c.span && c.span > 1 && { columnSpan: c.span }),
    ...(c.merge && {
      verticalMerge: c.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE,
    }),
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(header && { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E8E8E8' } }),
  });
}

/**
 * A table under its caption: the header rows repeat on every page (`w:tblHeader`) and no row splits across a
 * page (`w:cantSplit`). `weights` share the text width out over the columns.
 */
function table(
  caption: string,
  headRows: readonly (readonly Cell[])[],
  bodyRows: readonly (readonly Cell[])[],
  weights: readonly number[],
): (Paragraph | Table)[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((w / total) * TEXT_WIDTH_TWIPS));
  const widthOf = (cells: readonly Cell[], k: number) => {
    let at = 0;
    for (let j = 0; j < k; j++) at += cells[j]?.span ?? 1;
    const span = cells[k]?.span ?? 1;
    return widths.slice(at, at + span).reduce((a, b) => a + b, 0);
  };
  const row = (cells: readonly Cell[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map((c, k) => cell(c, header, widthOf(cells, k))),
    });
  const line = { style: BorderStyle.SINGLE, size: 4, color: '8C8C8C' } as const;
  return [
    new Paragraph({ keepNext: true, children: [run(caption, { bold: true })], spacing: { before: 120 } }),
    new Table({
      width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
      columnWidths: widths,
      borders: {
        top: line,
        bottom: line,
        left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
        right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
        insideHorizontal: line,
        insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
      },
      rows: [...headRows.map((r) => row(r, true)), ...bodyRows.map((r) => row(r, false))],
    }),
    new Paragraph({ children: [], spacing: { after: 60 } }),
  ];
}

function frontPage(m: ReportModel, chartsMissing: string | undefined): Paragraph[] {
  const rows: [string, string][] = [
    ['Strategi', `${m.strategyTitle} (version ${m.strategyVersion})`],
    ['Kommune', m.municipality],
    ['Evalueringsperiode', `${danishLongDate(m.periodFrom)} – ${danishLongDate(m.periodTo)}`],
    ['Strategiens periode', m.strategyPeriod.label],
    ...(m.committee ? ([['Udvalg', m.committee]] as [string, string][]) : []),
    [m.draft ? 'Udkast pr.' : 'Fastfrosset', danishLongDate(m.date)],
  ];
  return [
    new Paragraph({
      spacing: { before: 1700 },
      children: [run(`Evaluering til ${m.committee}`, { allCaps: true, size: 26 })],
    }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [run(m.roundName)] }),
    ...(m.draft
      ? [
          new Paragraph({
            children: [run('Udkast', { bold: true, size: 36 })],
            border: {
              top: { style: BorderStyle.SINGLE, size: 12, color: '1A1A1A', space: 2 },
              bottom: { style: BorderStyle.SINGLE, size: 12, color: '1A1A1A', space: 2 },
              left: { style: BorderStyle.SINGLE, size: 12, color: '1A1A1A', space: 4 },
              right: { style: BorderStyle.SINGLE, size: 12, color: '1A1A1A', space: 4 },
            },
          }),
          text('Runden er ikke fastfrosset: tallene og teksterne kan stadig ændre sig.'),
        ]
      : []),
    ...rows.map(([k, v]) => labelled(k, v)),
    ...(m.illustrative
      ? [
          flag(
            `${ILLUSTRATIVE}: rapporten bruger illustrative tal for ${m.illustrativeIndicators.join(', ') || 'nogle datasæt'}. De er markeret på hver side, hvor de står.`,
          ),
        ]
      : []),
    ...(chartsMissing
      ? [
          flag(
            'Figurerne er ikke med i dette dokument, fordi de ikke kunne tegnes. Hver figurs tekstalternativ står i ' +
              'stedet for den, og tallene bag den står i tabellen under den.',
          ),
          muted(`Årsag: ${chartsMissing}.`),
        ]
      : []),
    new Paragraph({ children: [new PageBreak()] }),
  ];
}

function summary(m: ReportModel): (Paragraph | Table)[] {
  const body = m.areas.flatMap((a): Cell[][] =>
    a.indicators.length === 0
      ? [
          [
            { text: a.title, bold: true },
            { text: `Ingen ${lower(m.levels.indicators)}`, italics: true, span: 4 },
          ],
        ]
      : a.indicators.map((i, k) => [
          k === 0
            ? { text: a.title, bold: true, more: [a.statusText], merge: 'restart' }
            : { text: '', merge: 'continue' },
          { text: `${i.title}${i.illustrative ? ' (illustrative tal)' : ''}` },
          { text: i.hasData ? i.statusText : 'Ingen data' },
          { text: i.baselinePeriod ? danishPeriod(i.baselinePeriod) : '–', numeric: true },
          {
            text: i.currentPeriod
              ? danishPeriod(i.currentPeriod)
              : i.periods.length > 0
                ? danishPeriod(i.periods.at(-1) as string)
                : '–',
            numeric: true,
          },
        ]),
  );
  return [
    heading(1, 'Sammenfatning'),
    text(
      'Områdernes status følger flertalsreglen (se Metode); hver indikators status bygger på ændringen fra basisåret til det seneste dataår (for et gab: gabets ændring) eller på, om målet er nået.',
    ),
    ...table(
      `Status for ${lower(m.levels.areas)} og ${lower(m.levels.indicators)}`,
      [
        [
          { text: m.levels.area },
          { text: m.levels.indicator },
          { text: 'Status' },
          { text: 'Basisår', numeric: true },
          { text: 'Seneste dataår', numeric: true },
        ],
      ],
      body,
      [3, 4, 2.4, 1.3, 1.6],
    ),
  ];
}

interface Figures {
  readonly charts: DocxOptions['charts'];
  /** Counts the pictures, for their ids in the document. */
  next: number;
}

function figure(svgs: string, caption: string, figures: Figures): Paragraph[] {
  const svg = wideChartSvg(svgs);
  const alt = chartAltText(svg);
  const charts = figures.charts;
  const captionPara = new Paragraph({ children: [run(caption, { size: 18, color: '3D3D3D' })] });
  if (typeof charts !== 'function')
    return [
      para([run('Figur (ikke med i dokumentet): ', { bold: true }), run(alt)], { keepNext: true }),
      captionPara,
    ];
  const picture = charts(svg);
  figures.next += 1;
  const width = Math.min(TEXT_WIDTH_PX, picture.width);
  const height = Math.round((picture.height / picture.width) * width);
  return [
    new Paragraph({
      keepNext: true,
      children: [
        new ImageRun({
          type: 'png',
          data: picture.png,
          transformation: { width, height },
          altText: {
            id: String(figures.next),
            name: `Figur ${figures.next}`,
            title: chartText(svg).title,
            description: alt,
          },
        }),
      ],
    }),
    captionPara,
  ];
}

function indicatorSection(
  i: ReportIndicator,
  present: ReportPresenter,
  areaName: string,
  figures: Figures,
): (Paragraph | Table)[] {
  const head = heading(3, i.title);
  const flagged = i.illustrative ? [flag(ILLUSTRATIVE)] : [];
  if (!i.hasData)
    return [
      head,
      missing(
        `Ingen data: der er ingen tal for indikatoren i ${areaName} i de datasæt, rapporten bygger på.`,
      ),
    ];
  const p = present(i.view);
  const ind = i.view.indicator;
  const t = indicatorTable(i, p);
  const headRows: Cell[][] = [
    ...(i.illustrative ? [[{ text: ILLUSTRATIVE, span: t.head.length }]] : []),
    t.head.map((h) => ({ text: h.text, numeric: h.numeric })),
  ];
  return [
    head,
    ...flagged,
    para([run('Status: ', { bold: true }), run(`${p.status}. ${p.statusDetail}`)]),
    ...(ind.kind === 'gap' ? [para([run('Fremskrivning: ', { bold: true }), run(p.projection)])] : []),
    para([
      run('Dataår: ', { bold: true }),
      run(
        `${i.periods.map(danishPeriod).join(', ')}${i.baselinePeriod ? `; basisår ${danishPeriod(i.baselinePeriod)}` : ''}.`,
      ),
    ]),
    ...figure(
      p.chart,
      `Figur: ${ind.title}, ${areaName}. Tallene bag figuren står i tabellen nedenfor.`,
      figures,
    ),
    ...(p.gapChart
      ? figure(p.gapChart, `Figur: ${p.gapHeading}, ${ind.title}. Tallene står i tabellen nedenfor.`, figures)
      : []),
    ...table(
      `Tabel: ${ind.title}, ${areaName} (${p.valueHeading})${i.illustrative ? ' – illustrative tal' : ''}`,
      headRows,
      t.rows.map((r) => [
        { text: r.period, bold: true },
        ...r.cells.map((c) => ({ text: c, numeric: true })),
      ]),
      [1.4, ...t.head.slice(1).map(() => 1)],
    ),
    muted('".." betyder, at tallet ikke vises af hensyn til diskretion; "–", at der ikke er noget tal.'),
  ];
}

function areaSection(
  a: ReportArea,
  m: ReportModel,
  present: ReportPresenter,
  figures: Figures,
): (Paragraph | Table)[] {
  const interventions =
    a.interventions.length === 0
      ? [missing('Ingen indsatser er registreret for området.')]
      : table(
          `${m.levels.interventions} i ${a.title}`,
          [[{ text: m.levels.intervention }, { text: 'Status' }, { text: 'Seneste noter' }]],
          a.interventions.map((x) => {
            const notes = x.notes.map((n) => `${danishLongDate(n.notedOn)}: ${n.body}`);
            return [
              { text: x.title, bold: true },
              { text: x.statusText },
              notes.length === 0
                ? { text: 'Ingen noter', italics: true }
                : { text: notes[0] as string, more: notes.slice(1) },
            ];
          }),
          [4, 1.5, 5],
        );
  const assessment = a.assessment
    ? [
        text(a.assessment.assessment || '(ingen vurdering skrevet)'),
        muted(
          a.assessment.signedOffBy
            ? `Godkendt af ${a.assessment.signedOffBy} ${danishLongDate(a.assessment.signedOffOn ?? m.date)}.`
            : 'Vurderingen er ikke godkendt af tovholderen.',
        ),
        heading(2, 'Forslag til justeringer'),
        a.assessment.adjustments ? text(a.assessment.adjustments) : missing('Ingen forslag til justeringer.'),
      ]
    : [
        missing(`Tovholderen (${a.leadCentre}) har endnu ikke skrevet en vurdering.`),
        heading(2, 'Forslag til justeringer'),
        missing('Ingen forslag til justeringer endnu.'),
      ];
  return [
    heading(1, a.title, true),
    para([
      run('Status for området: ', { bold: true }),
      run(`${a.statusText}. `),
      run('Tovholder: ', { bold: true }),
      run(`${a.leadCentre}.`),
    ]),
    ...(a.illustrative ? [flag(`${ILLUSTRATIVE}: området bruger illustrative tal.`)] : []),
    ...(a.ambition ? [heading(2, 'Ambition'), text(a.ambition)] : []),
    ...(a.goal.length > 0 || a.goals.length > 0
      ? [heading(2, a.goals.length > 1 ? m.levels.goals : m.levels.goal)]
      : []),
    ...a.goal.map((g) => text(g)),
    ...a.statements.map((s) => new Paragraph({ bullet: { level: 0 }, children: [run(s)] })),
    ...a.goals.map((g) => para([run(g.title, { bold: true }), ...(g.text ? [run(` ${g.text}`)] : [])])),
    heading(2, m.levels.indicators),
    ...a.indicators.flatMap((i) => indicatorSection(i, present, m.municipality, figures)),
    heading(2, m.levels.interventions),
    ...interventions,
    heading(2, 'Tovholderens vurdering'),
    ...assessment,
  ];
}

function ending(m: ReportModel): (Paragraph | Table)[] {
  const sources =
    m.sources.length === 0
      ? [missing('Rapporten bygger ikke på nogen importerede tal.')]
      : table(
          'Datasæt (importer) bag rapportens tal',
          [
            [
              { text: 'Import' },
              { text: 'Kilde' },
              { text: 'Tabel eller fil' },
              { text: 'Hentet', numeric: true },
              { text: 'Licens' },
            ],
          ],
          m.sources.map((s) => [
            { text: s.batchId, bold: true },
            { text: `${sourceNames[s.source] ?? s.source}${s.illustrative ? ` (${ILLUSTRATIVE})` : ''}` },
            { text: s.table ?? s.fileName ?? '–' },
            { text: danishLongDate(s.retrievedAt.slice(0, 10)), numeric: true },
            { text: s.licence ?? 'ikke oplyst' },
          ]),
          [1, 3, 2.5, 2, 2],
        );
  return [
    heading(1, 'Metode', true),
    ...m.method.map((p) => text(p)),
    m.population
      ? text(
          `Befolkningen i ${m.municipality} ${danishPeriod(m.population.period)}: ${m.population.total} i alt, heraf ${m.population.nonWestern} med ikke-vestlig baggrund (${m.population.share}).`,
        )
      : missing('Der er ingen befolkningstal for perioden i de datasæt, rapporten bygger på.'),
    heading(1, 'Datakilder'),
    ...sources,
    ...(m.illustrative
      ? [
          heading(1, 'Illustrative tal'),
          flag(
            `Disse indikatorer bruger illustrative tal, ikke målte: ${m.illustrativeIndicators.join(', ') || 'se datakilderne'}.`,
          ),
        ]
      : []),
  ];
}

const headingStyle = (size: number, before: number) => ({
  run: { font: FONT, size, bold: true, color: '1A1A1A', language: { value: LANG } },
  paragraph: { keepNext: true, keepLines: true, spacing: { before, after: 80 } },
});

/** The whole report as a .docx file. */
export async function renderReportDocx(
  m: ReportModel,
  present: ReportPresenter,
  options: DocxOptions,
): Promise<Buffer> {
  const figures: Figures = { charts: options.charts, next: 0 };
  const chartsMissing = typeof options.charts === 'function' ? undefined : options.charts.unavailable;
  const description = `Evaluering af ${m.strategyTitle} til ${m.committee}`;
  const doc = new Document({
    title: m.title,
    subject: description,
    description,
    creator: m.municipality,
    lastModifiedBy: m.municipality,
    hyphenation: { autoHyphenation: true },
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 21, language: { value: LANG } },
          paragraph: { spacing: { after: 100, line: 276, lineRule: LineRuleType.AUTO } },
        },
        title: headingStyle(48, 0),
        heading1: headingStyle(32, 240),
        heading2: headingStyle(25, 200),
        heading3: headingStyle(22, 160),
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1020, bottom: 1250, left: 907, right: 907, footer: 560 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                tabStops: [{ type: 'right', position: TEXT_WIDTH_TWIPS }],
                children: [
                  run(options.footerText, { size: 16 }),
                  new TextRun({
                    size: 16,
                    language: { value: LANG },
                    children: ['\tSide ', PageNumber.CURRENT, ' af ', PageNumber.TOTAL_PAGES],
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          ...frontPage(m, chartsMissing),
          ...summary(m),
          ...m.areas.flatMap((a) => areaSection(a, m, present, figures)),
          ...ending(m),
        ],
      },
    ],
  });
  const bytes = await Packer.toBuffer(doc, false, [
    {
      path: 'docProps/core.xml',
      data: corePropertiesXml({
        title: m.title,
        subject: description,
        description,
        creator: m.municipality,
        lastModifiedBy: m.municipality,
        language: LANG,
        at: options.date,
      }),
    },
  ]);
  return pinZipDates(bytes, options.date);
}
