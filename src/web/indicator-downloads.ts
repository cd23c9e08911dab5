// Indicator figures as JSON-stat 2.0, CSV for Danish Excel and XLSX, made from the same disclosure-controlled
// view as the page: a suppressed figure is a null value with status ".." (JSON-stat), or an empty value
// beside its marker and the reason (CSV, XLSX; see `indicator-download-table.ts`).
import { loadExcel } from '../platform/excel.ts';
import type { IndicatorView, PublishedFigure } from '../service/indicators.ts';
import { toExcelCsv, type CsvCell } from './csv-download.ts';
import { translator, type Language } from './i18n/messages.ts';
import { indicatorDownloadTable, type DownloadRow } from './indicator-download-table.ts';

type Measure = 'share' | 'size' | 'gap';

/** JSON-stat 2.0: dimensions period × group × measure, row-major with the last dimension fastest. */
export function indicatorJsonStat(view: IndicatorView, label: string): Record<string, unknown> {
  const periods = view.rows.map((r) => r.period);
  const groups = view.indicator.kind === 'gap' ? ['target', 'comparison'] : ['target'];
  const measures: Measure[] = view.indicator.kind === 'gap' ? ['share', 'size', 'gap'] : ['share', 'size'];
  const value: (number | null)[] = [];
  const status: Record<string, string> = {};
  for (const row of view.rows)
    for (const g of groups)
      for (const m of measures) {
        const group = g === 'target' ? row.target : row.comparison;
        // The gap belongs to the pair; it is given on the target row and left empty on the comparison row.
        const f: PublishedFigure =
          m === 'gap'
            ? g === 'target'
              ? row.gap
              : { kind: 'missing' }
            : group
              ? group[m]
              : { kind: 'missing' };
        if (f.kind === 'value') value.push(f.value);
        else {
          value.push(null);
          status[String(value.length - 1)] = f.kind === 'suppressed' ? f.display : '.';
        }
      }
  const index = (ids: readonly string[]) => Object.fromEntries(ids.map((id, i) => [id, i]));
  return {
    version: '2.0',
    class: 'dataset',
    label,
    source: view.sources.map((s) => s.provenance.table ?? s.provenance.source).join(', '),
    updated: view.sources
      .map((s) => s.importedAt.toISOString())
      .sort()
      .at(-1),
    note: [
      'Disclosure control: counts of 1-4, shares whose numerator or complement is below 5, and figures from which a reader could narrow a hidden one down are suppressed; every suppressed figure has the status "..".',
      ...(view.illustrative ? ['ILLUSTRATIVE FIGURES: made by a documented generator, not measured.'] : []),
      ...(view.rows.some((r) => r.survey)
        ? [
            "Survey figures: shares count responding organisations and carry a Wilson interval over them; a figure from fewer than the round's minimum of responding organisations (at least 3) is suppressed; extension.responses gives each period's responses and response rate.",
          ]
        : []),
    ],
    extension: {
      indicator: view.indicator.id,
      area: view.area,
      illustrative: view.illustrative,
      // A survey figure's responding organisations and the round's response rate, by period.
      ...(view.rows.some((r) => r.survey)
        ? {
            responses: Object.fromEntries(
              view.rows.flatMap((r) => {
                const s = r.survey;
                const any = s?.target ?? s?.comparison;
                return s && any
                  ? [
                      [
                        r.period,
                        {
                          target: s.target?.respondents ?? null,
                          comparison: s.comparison?.respondents ?? null,
                          organisationsInvited: any.organisations,
                          organisationsResponding: any.responding,
                          responseRate: any.rate ?? null,
                        },
                      ],
                    ]
                  : [];
              }),
            ),
          }
        : {}),
    },
    id: ['period', 'group', 'measure'],
    size: [periods.length, groups.length, measures.length],
    role: { time: ['period'], metric: ['measure'] },
    dimension: {
      period: { label: 'periode', category: { index: index(periods) } },
      group: {
        label: 'gruppe',
        category: {
          index: index(groups),
          label: {
            target: view.indicator.targetGroup?.label ?? view.indicator.title,
            comparison: view.indicator.comparisonGroup?.label ?? '',
          },
        },
      },
      measure: {
        label: 'mål',
        category: {
          index: index(measures),
          label: { share: 'værdi', size: 'antal i gruppen', gap: 'gab' },
        },
      },
    },
    value,
    ...(Object.keys(status).length > 0 ? { status } : {}),
  };
}

/** The download's rows as CSV for Danish Excel, with the column names in the page's language. */
export function indicatorCsv(view: IndicatorView, lang: Language): string {
  const table = indicatorDownloadTable(view, lang);
  return toExcelCsv(
    table.columns.map((c) => c.name),
    table.rows.map((r) => table.columns.map((c) => csvValue(r, c.key))),
  );
}

function csvValue(r: DownloadRow, key: keyof DownloadRow): CsvCell {
  const v = r[key];
  return typeof v === 'number' ? { number: v, decimals: r.decimals } : v;
}

const sheetWords = {
  da: {
    data: 'data',
    explanation: 'forklaring',
    area: 'Område',
    figures: 'Datagrundlag',
    illustrative: 'ILLUSTRATIVE TAL – lavet af en dokumenteret generator, ikke målt',
    measured: 'Målte tal fra kilden',
    columns: 'Kolonner',
    column: 'kolonne',
    meaning: 'forklaring',
    units: 'Enheder',
    unit: 'enhed',
    markers: 'Markeringer',
    marker: 'markering',
    sources: 'Kilder',
    sourceHeader: [
      'kilde',
      'tabel',
      'forespørgsel',
      'fil',
      'sha256',
      'hentet (UTC)',
      'indlæst (UTC)',
      'licens',
      'illustrativ',
      'note',
    ],
    yes: 'ja',
    no: 'nej',
    disclosure:
      'Diskretionering: antal fra 1 til 4, andele, hvor tælleren eller resten af gruppen er under 5 personer, og tal, som et skjult tal kunne indkredses ud fra, vises alle som «..», så man ikke kan se, hvilke der er de små. Intervaller er 95 %-intervaller (Wilson for andele, Newcombe for forskelle, MOVER-R for forhold).',
  },
  en: {
    data: 'data',
    explanation: 'explanation',
    area: 'Area',
    figures: 'Figures',
    illustrative: 'ILLUSTRATIVE FIGURES – made by a documented generator, not measured',
    measured: 'Measured figures from the source',
    columns: 'Columns',
    column: 'column',
    meaning: 'meaning',
    units: 'Units',
    unit: 'unit',
    markers: 'Markers',
    marker: 'marker',
    sources: 'Sources',
    sourceHeader: [
      'source',
      'table',
      'query',
      'file',
      'sha256',
      'retrieved (UTC)',
      'imported (UTC)',
      'licence',
      'illustrative',
      'note',
    ],
    yes: 'yes',
    no: 'no',
    disclosure:
      'Disclosure control: counts from 1 to 4, shares whose numerator or complement is below 5 persons, and figures from which a suppressed one could be narrowed down are all shown as "..", so a reader cannot tell which are the small ones. Intervals are 95% intervals (Wilson for shares, Newcombe for differences, MOVER-R for ratios).',
  },
} as const;

/**
 * XLSX: the rows on a sheet with a frozen header row, column widths and a number format on every numeric cell
 * (`0.0`, `0.00` or `#,##0` after the row's unit), and a second sheet that explains every column, the units,
 * the markers and where the figures come from.
 */
export async function indicatorXlsx(view: IndicatorView, lang: Language): Promise<Buffer> {
  const table = indicatorDownloadTable(view, lang);
  const w = sheetWords[lang];
  const t = translator(lang);
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet(w.data, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = table.columns.map((c) => ({
    header: c.name,
    key: c.key,
    width: c.numeric ? 11 : c.key === 'group' || c.key === 'reason' ? 48 : c.key === 'measure' ? 18 : 14,
  }));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  const numFmt = (decimals: number) => (decimals === 0 ? '#,##0' : `0.${'0'.repeat(decimals)}`);
  for (const r of table.rows) {
    const row = ws.addRow(table.columns.map((c) => r[c.key] ?? null));
    table.columns.forEach((c, i) => {
      if (c.numeric) row.getCell(i + 1).numFmt = numFmt(r.decimals);
    });
  }

  const ex = wb.addWorksheet(w.explanation);
  ex.columns = [
    { width: 22 },
    { width: 90 },
    { width: 16 },
    { width: 30 },
    { width: 20 },
    { width: 24 },
    { width: 24 },
    { width: 30 },
    { width: 12 },
    { width: 40 },
  ];
  const heading = (text: string) => {
    ex.addRow([]);
    ex.addRow([text]).font = { bold: true, size: 12 };
  };
  ex.addRow([view.indicator.title]).font = { bold: true, size: 14 };
  ex.addRow([w.area, view.area]);
  ex.addRow([w.figures, view.illustrative ? w.illustrative : w.measured]).font = view.illustrative
    ? { bold: true }
    : {};
  heading(w.columns);
  ex.addRow([w.column, w.meaning]).font = { bold: true };
  for (const c of table.columns) ex.addRow([c.name, c.explanation]);
  heading(w.units);
  ex.addRow([w.unit, w.meaning]).font = { bold: true };
  for (const u of table.units) ex.addRow([u.unit, u.meaning]);
  heading(w.markers);
  ex.addRow([w.marker, w.meaning]).font = { bold: true };
  for (const m of table.markers) ex.addRow([m.marker, m.meaning]);
  ex.addRow([w.disclosure]);
  heading(w.sources);
  ex.addRow([...w.sourceHeader]).font = { bold: true };
  for (const s of view.sources)
    ex.addRow([
      t(`source.kind.${s.provenance.source}` as Parameters<typeof t>[0]),
      s.provenance.table ?? '',
      s.provenance.query ?? '',
      s.provenance.fileName ?? '',
      s.provenance.sha256 ?? '',
      s.provenance.retrievedAt.toISOString(),
      s.importedAt.toISOString(),
      s.provenance.licence ?? '',
      s.illustrative ? w.yes : w.no,
      s.provenance.note ?? '',
    ]);
  ex.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  // Text that looks like a formula is stored as text: exceljs writes strings as strings, never as formulas.
  return Buffer.from(await wb.xlsx.writeBuffer());
}
