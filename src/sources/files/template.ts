// The template of an indicator's file, as CSV for Danish Excel and as XLSX with an instructions sheet.
//
// CSV: UTF-8 with a byte-order mark (so Danish Excel shows æ, ø and å), ";" and CRLF. Line 1 is the header;
// the lines after it start with "#" and are skipped by the reader: a marker naming the template's format version
// and indicator, one example row, and each column's allowed values (the groups' among them). A CSV has no second sheet, and an example row that is not a comment would be
// imported the day someone forgets to delete it; a "#" row shows the shape in the right columns and is harmless.
// XLSX: the sheet "data" holds only the header; the sheet "vejledning" explains every column and shows the example.
import type ExcelJS from 'exceljs';
import { baselinePeriod, type Indicator, type StrategyDefinition } from '../../domain/strategy/index.ts';
import {
  columnsFor,
  frequencyLabel,
  groupValues,
  originValues,
  periodFormat,
  sexValues,
  TEMPLATE_VERSION,
  unitLabel,
  type Column,
} from './columns.ts';
import { loadExcel } from '../../platform/excel.ts';
import { DATA_SHEET, GUIDE_ID_LABEL, GUIDE_SHEET, columnLetters } from './xlsx-file.ts';

export type TemplateFormat = 'csv' | 'xlsx';

/** Rows of the data sheet that get the drop-down lists and text format. */
const PREPARED_ROWS = 5_000;

export function templateFileName(indicator: Pick<Indicator, 'id'>, format: TemplateFormat): string {
  return `skabelon-${indicator.id}.${format}`;
}

/** A period of the indicator's frequency near the strategy's start: the baseline when it fits. */
export function examplePeriod(strategy: StrategyDefinition, indicator: Indicator): string {
  const baseline = baselinePeriod(indicator);
  if (baseline && periodFormat(indicator).pattern.test(baseline)) return baseline;
  const [year, month] = strategy.period.from.split('-') as [string, string];
  switch (indicator.frequency) {
    case 'quarter':
      return `${year}K${Math.ceil(Number(month) / 3)}`;
    case 'month':
      return `${year}M${month}`;
    default:
      return year;
  }
}

/** One example row, in the column order, as text a Danish reader writes it. */
export function exampleRow(strategy: StrategyDefinition, indicator: Indicator): readonly string[] {
  const example: Record<Column['key'], string> = {
    area: strategy.organisation.areaCode,
    period: examplePeriod(strategy, indicator),
    group: groupValues.target[0],
    sex: sexValues.women[0],
    origin: originValues.immigrants[0],
    ageBand: '18-29',
    numerator: '120',
    denominator: '450',
    value: indicator.unit === 'weeks' ? '12,5' : '3,4',
    count: '85',
  };
  return columnsFor(indicator).map((c) => example[c.key]);
}

function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A comment line may not hold the delimiter, or Excel would split it over several cells. */
const commentText = (text: string) => text.replace(/[;\r\n]+/g, ',');

export function csvTemplate(strategy: StrategyDefinition, indicator: Indicator): Uint8Array {
  const columns = columnsFor(indicator);
  const lines = [
    columns.map((c) => csvField(c.header)).join(';'),
    `# Pejlemærke-skabelon version ${TEMPLATE_VERSION} for indikatoren ${indicator.id}. Linjer der begynder med # læses ikke.`,
    commentText(
      `# ${indicator.title}: ${unitLabel(indicator)}, pr. ${frequencyLabel(indicator)}. ` +
        `Skriv én linje pr. område, periode og gruppe under overskrifterne. Decimaler med komma, ingen tusindtalsseparator.`,
    ),
    // What each column may hold, as the XLSX template's instructions sheet says it (a CSV has no second sheet).
    ...columns.map((c) =>
      commentText(`# kolonnen ${c.header} - tilladte værdier: ${c.allowed}. ${c.meaning}.`),
    ),
    `# eksempel: ${exampleRow(strategy, indicator).map(csvField).join(';')}`,
  ];
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/** exceljs has range data validations (`dataValidations.add('C2:C5000', …)`) but does not declare them. */
interface WithDataValidations {
  readonly dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
}

const choiceLists: Partial<Record<Column['key'], readonly string[]>> = {
  group: [groupValues.target[0], groupValues.comparison[0]],
  sex: [sexValues.women[0], sexValues.men[0], sexValues.total[0]],
  origin: [originValues.immigrants[0], originValues.descendants[0], originValues.total[0]],
};

export async function xlsxTemplate(strategy: StrategyDefinition, indicator: Indicator): Promise<Uint8Array> {
  const columns = columnsFor(indicator);
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Pejlemærke';
  workbook.title = `Skabelon: ${indicator.title}`;

  const data = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  data.addRow(columns.map((c) => c.header)).font = { bold: true };
  columns.forEach((c, i) => {
    const column = data.getColumn(i + 1);
    column.width = Math.max(12, c.header.length + 4);
    // Text format keeps 085 and 2021K2 as typed; Excel would otherwise read 085 as 85 and 1-12 as a date.
    if (c.text) column.numFmt = '@';
    const list = choiceLists[c.key];
    if (list) {
      const letter = columnLetters(i + 1);
      (data as unknown as WithDataValidations).dataValidations.add(`${letter}2:${letter}${PREPARED_ROWS}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${list.join(',')}"`],
        showErrorMessage: true,
        errorTitle: 'Ugyldig værdi',
        error: `Skriv ${list.join(', ')}`,
      });
    }
  });
  data.getRow(1).eachCell((cell) => (cell.numFmt = '@'));

  const guide = workbook.addWorksheet(GUIDE_SHEET);
  guide.getColumn(1).width = 24;
  guide.getColumn(2).width = 70;
  guide.getColumn(3).width = 48;
  guide.getColumn(4).width = 14;
  const wrap = { wrapText: true, vertical: 'top' } as const;
  const add = (values: readonly string[], bold = false) => {
    const row = guide.addRow([...values]);
    row.alignment = wrap;
    if (bold) row.font = { bold: true };
  };
  add([`Vejledning: ${indicator.title}`], true);
  add([GUIDE_ID_LABEL, indicator.id]);
  add(['Måling', indicator.measurement]);
  add(['Enhed', unitLabel(indicator)]);
  add(['Hyppighed', frequencyLabel(indicator)]);
  add([
    'Målgruppe',
    (indicator.targetGroup?.label ?? 'gruppen') +
      (indicator.targetGroup?.restriction ? ` (${indicator.targetGroup.restriction})` : ''),
  ]);
  if (indicator.comparisonGroup) add(['Sammenligningsgruppe', indicator.comparisonGroup.label]);
  if (indicator.population) add(['Hvem der tælles', indicator.population]);
  add(['Kilde', indicator.source.publisher]);
  add(['Skabelonversion', String(TEMPLATE_VERSION)]);
  add([]);
  add(['Sådan udfylder du arket "data"'], true);
  const steps = [
    'Skriv én række pr. område, periode og gruppe under overskrifterne. Lad overskrifterne stå, som de er, og tilføj ingen kolonner.',
    `Perioden skrives som ${periodFormat(indicator).hint}.`,
    'Skriv tal med decimalkomma (12,5) og uden tusindtalsseparator (1234, ikke 1.234).',
    'Store og små bogstaver er lige gode, og de engelske ord accepteres også: target, comparison, women, men, ' +
      'immigrants, descendants og total.',
    'Brug ikke formler: har du regnet tallene ud i Excel, så kopiér dem og indsæt dem som værdier (Indsæt → Indsæt værdier).',
    ...(indicator.unit === 'share'
      ? ['Andelen beregnes som tæller divideret med nævner: skriv de to antal, ikke procenten.']
      : []),
    'Hele filen afvises, hvis én række er forkert, og intet indlæses. Fejlene vises med rækkenummer, så de kan rettes.',
    'Indlæses den samme fil igen, ændres intet. Rettede tal gemmes som en ny version; de tidligere tal bevares.',
    'Kan filen kun gemmes som CSV, så vælg "CSV UTF-8" eller "CSV (semikolonsepareret)".',
  ];
  steps.forEach((s, i) => add([`${i + 1}.`, s]));
  add([]);
  add(['Kolonne', 'Betydning', 'Tilladte værdier', 'Eksempel'], true);
  const example = exampleRow(strategy, indicator);
  columns.forEach((c, i) => add([c.header, c.meaning, c.allowed, example[i] ?? '']));
  add([]);
  add(['Eksempel på en udfyldt række (kun et eksempel; det står ikke i arket "data")'], true);
  add(columns.map((c) => c.header));
  add(example);

  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as unknown as ArrayBuffer);
}
