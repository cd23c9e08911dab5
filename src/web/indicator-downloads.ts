// Indicator figures as JSON-stat 2.0 and as XLSX, made from the same disclosure-controlled view as the page:
// a suppressed figure is a null value with status "<5" or ".." (JSON-stat) or the marker as text (XLSX).
import { loadExcel } from '../platform/excel.ts';
import type { IndicatorView, PublishedFigure } from '../service/indicators.ts';

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
      'Disclosure control: counts of 1-4 and shares whose numerator or complement is below 5 are suppressed (status "<5" or "..").',
      ...(view.illustrative ? ['ILLUSTRATIVE FIGURES: made by a documented generator, not measured.'] : []),
    ],
    extension: { indicator: view.indicator.id, area: view.area, illustrative: view.illustrative },
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
            target: view.indicator.targetGroup.label,
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

export async function indicatorXlsx(view: IndicatorView, title: string): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet('data');
  ws.addRow([title]);
  ws.addRow([`område ${view.area}`, view.illustrative ? 'ILLUSTRATIVE TAL – ikke målt' : 'målte tal']);
  ws.addRow(['periode', 'målgruppe', 'målgruppe_antal', 'sammenligning', 'sammenligning_antal', 'gab']);
  const cell = (f: PublishedFigure | undefined) =>
    !f || f.kind === 'missing' ? null : f.kind === 'suppressed' ? f.display : f.value;
  for (const r of view.rows)
    ws.addRow([
      r.period,
      cell(r.target.share),
      cell(r.target.size),
      cell(r.comparison?.share),
      cell(r.comparison?.size),
      cell(r.gap),
    ]);
  ws.addRow([]);
  ws.addRow(['«<5» = et antal fra 1 til 4; «..» = skjult, så små antal ikke kan regnes ud.']);
  const src = wb.addWorksheet('kilder');
  src.addRow(['kilde', 'tabel', 'forespørgsel', 'fil', 'sha256', 'hentet', 'indlæst', 'illustrativ']);
  for (const s of view.sources)
    src.addRow([
      s.provenance.source,
      s.provenance.table ?? '',
      s.provenance.query ?? '',
      s.provenance.fileName ?? '',
      s.provenance.sha256 ?? '',
      s.provenance.retrievedAt.toISOString(),
      s.importedAt.toISOString(),
      s.illustrative ? 'ja' : 'nej',
    ]);
  // Text that looks like a formula is stored as text: exceljs writes strings as strings, never as formulas.
  return Buffer.from(await wb.xlsx.writeBuffer());
}
