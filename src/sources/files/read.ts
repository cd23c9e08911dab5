// Reads a filled indicator file, CSV or XLSX, into validated rows and rejected lines. Whole-file problems (too
// large, empty, not a spreadsheet, wrong columns) throw IndicatorFileError; wrong rows come back with reasons.
import type { Indicator } from '../../domain/strategy/index.ts';
import { readCsvSource } from './csv-file.ts';
import type { Delimiter } from './csv.ts';
import type { TextEncoding } from './encoding.ts';
import { IndicatorFileError, type LineWord } from './errors.ts';
import { MAX_FILE_BYTES } from './limits.ts';
import type { IndicatorRow, RowRules } from './row.ts';
import { validateTable, type RejectedRow, type SourceTable } from './table.ts';
import { readXlsxSource } from './xlsx-file.ts';
import { hasZipMagic } from './zip-guard.ts';

export interface IndicatorFile {
  /** The file's name as uploaded; only its extension is used, to explain a refusal. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface IndicatorFileReading {
  readonly format: 'csv' | 'xlsx';
  readonly encoding?: TextEncoding | undefined;
  readonly delimiter?: Delimiter | undefined;
  readonly sheet?: string | undefined;
  /** How the file's numbered units are named in messages: "linje" (CSV) or "række" (XLSX). */
  readonly lineWord: LineWord;
  readonly rows: readonly IndicatorRow[];
  readonly rejected: readonly RejectedRow[];
}

/** The old binary Excel format (.xls): an OLE compound file. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** "linje 7: tæller (12) er større end nævner (10)" */
export function formatRejected(r: RejectedRow, lineWord: LineWord): string {
  return r.line > 0 ? `${lineWord} ${r.line}: ${r.reason}` : r.reason;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

/** Refuses by size alone; callers with a file on disk call this with its size before reading it. */
export function checkFileSize(size: number): void {
  if (size === 0) throw new IndicatorFileError('filen er tom');
  if (size > MAX_FILE_BYTES)
    throw new IndicatorFileError(
      `filen fylder ${formatMegabytes(size)}; en indikatorfil må højst fylde ${formatMegabytes(MAX_FILE_BYTES)}`,
    );
}

export async function readIndicatorFile(
  file: IndicatorFile,
  indicator: Indicator,
  rules: RowRules = {},
): Promise<IndicatorFileReading> {
  const { bytes } = file;
  checkFileSize(bytes.byteLength);
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  if (OLE_MAGIC.every((b, i) => bytes[i] === b) || extension === 'xls')
    throw new IndicatorFileError(
      'filen er i det gamle Excel-format (.xls), som ikke læses; gem den som "Excel-projektmappe (*.xlsx)" eller som CSV',
    );
  if (hasZipMagic(bytes)) {
    const source = await readXlsxSource(bytes);
    return { format: 'xlsx', sheet: source.sheet, ...rowsOf(indicator, source, rules) };
  }
  if (extension === 'xlsx' || extension === 'xlsm')
    throw new IndicatorFileError(
      `filen hedder .${extension}, men er ikke en Excel-projektmappe (den er ikke et zip-arkiv); ` +
        'gem den igen fra Excel, eller gem den som CSV',
    );
  const source = readCsvSource(bytes);
  return {
    format: 'csv',
    encoding: source.encoding,
    delimiter: source.delimiter,
    ...rowsOf(indicator, source, rules),
  };
}

function rowsOf(indicator: Indicator, source: SourceTable, rules: RowRules) {
  return { lineWord: source.lineWord, ...validateTable(indicator, source, rules) };
}
