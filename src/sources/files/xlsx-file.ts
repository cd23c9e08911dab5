// An XLSX indicator file as a source table: the zip checked and rebuilt by the guard, then read by exceljs;
// values are taken as exceljs gives them (numbers, text, dates) and a formula anywhere in the data is refused.
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../platform/excel.ts';
import type { CellValue } from './cell-values.ts';
import { normaliseHeader } from './columns.ts';
import { IndicatorFileError } from './errors.ts';
import type { SourceRecord, SourceTable } from './table.ts';
import { guardZip } from './zip-guard.ts';

export interface XlsxSource extends SourceTable {
  readonly sheet: string;
}

export const DATA_SHEET = 'data';
export const GUIDE_SHEET = 'vejledning';
/** The label of the guide sheet's row that names the indicator; the value stands in the next column. */
export const GUIDE_ID_LABEL = 'Indikator-id';

type Cell = { readonly value: CellValue } | { readonly problem: string };

/**
 * One cell's value. Formulas are refused rather than read by their cached result: the result is whatever the
 * program that saved the file last computed (exceljs and many exporters write none), and a figure that depends on
 * other cells is not the figure that was reported.
 */
function readCell(cell: ExcelJS.Cell, formulaType: ExcelJS.ValueType): Cell {
  const formula = () => ({ problem: `${cell.address}: formler accepteres ikke; indsæt værdierne i stedet` });
  if (cell.type === formulaType) return formula();
  const value = cell.value as unknown;
  return fromValue(value, cell.address, formula);
}

function fromValue(value: unknown, address: string, formula: () => Cell): Cell {
  if (value === null || value === undefined) return { value: '' };
  if (typeof value === 'string' || typeof value === 'number') return { value };
  if (typeof value === 'boolean') return { value: value ? 'SAND' : 'FALSK' };
  if (value instanceof Date) return { value };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) return formula();
    if ('error' in v) return { problem: `${address}: cellen har fejlværdien ${String(v.error)}` };
    if (Array.isArray(v.richText))
      return {
        value: (v.richText as { text?: unknown }[])
          .map((r) => (typeof r.text === 'string' ? r.text : ''))
          .join(''),
      };
    if ('text' in v) return fromValue(v.text, address, formula);
  }
  return { problem: `${address}: cellens indhold kan ikke læses` };
}

const isBlank = (v: CellValue) => typeof v === 'string' && v.trim() === '';

export async function readXlsxSource(bytes: Uint8Array): Promise<XlsxSource> {
  const verified = guardZip(bytes);
  const excel = await loadExcel();
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(verified.buffer, verified.byteOffset, verified.byteLength) as never);
  } catch (cause) {
    throw new IndicatorFileError(
      `XLSX-filen kan ikke læses som et regneark (${cause instanceof Error ? cause.message.slice(0, 200) : 'ukendt fejl'}); ` +
        'gem den igen som "Excel-projektmappe (*.xlsx)"',
    );
  }
  const sheets = workbook.worksheets;
  const sheet =
    sheets.find((s) => normaliseHeader(s.name) === DATA_SHEET) ??
    sheets.find((s) => normaliseHeader(s.name) !== GUIDE_SHEET);
  if (!sheet)
    throw new IndicatorFileError(
      `arbejdsbogen har intet ark med data; skriv tallene i arket "${DATA_SHEET}"`,
    );

  let header: { line: number; names: string[] } | undefined;
  const records: SourceRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    const problems: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const c = readCell(cell, excel.ValueType.Formula);
      if ('problem' in c) problems.push(c.problem);
      else cells[column - 1] = c.value;
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    if (problems.length === 0 && cells.every(isBlank)) return;
    if (header === undefined) {
      if (problems.length > 0)
        throw new IndicatorFileError(`kolonneoverskrifterne kan ikke læses: ${problems.join('; ')}`, {
          line: rowNumber,
          lineWord: 'række',
        });
      header = { line: rowNumber, names: cells.map((c) => (typeof c === 'string' ? c : String(c))) };
      return;
    }
    records.push({ line: rowNumber, cells, problem: problems.length > 0 ? problems.join('; ') : undefined });
  });
  if (header === undefined)
    throw new IndicatorFileError(
      `filen er tom: arket "${sheet.name}" har hverken kolonneoverskrifter eller rækker`,
    );
  return {
    sheet: sheet.name,
    lineWord: 'række',
    header,
    records,
    templateFor: () => templateMarker(workbook),
    cellName: (line, column) => `${columnLetters(column)}${line}`,
  };
}

/** The indicator id the template's guide sheet names, if the workbook has one. */
function templateMarker(workbook: ExcelJS.Workbook): string | undefined {
  const guide = workbook.worksheets.find((s) => normaliseHeader(s.name) === GUIDE_SHEET);
  let id: string | undefined;
  guide?.eachRow({ includeEmpty: false }, (row) => {
    if (id !== undefined) return;
    const label = row.getCell(1).value;
    const value = row.getCell(2).value;
    if (
      typeof label === 'string' &&
      normaliseHeader(label) === normaliseHeader(GUIDE_ID_LABEL) &&
      typeof value === 'string'
    )
      id = value.trim();
  });
  return id;
}

/** 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}
