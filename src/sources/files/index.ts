// Public entry of the indicator-file source: templates for each indicator, and the reader of filled ones.
export { IndicatorFileError, type LineWord } from './errors.ts';
export {
  MAX_FILE_BYTES,
  MAX_UNCOMPRESSED_BYTES,
  MAX_COMPRESSION_RATIO,
  MAX_ZIP_ENTRIES,
  MAX_COLUMNS,
  MAX_ROWS,
} from './limits.ts';
export {
  TEMPLATE_VERSION,
  columnsFor,
  frequencyLabel,
  periodFormat,
  unitLabel,
  type Column,
  type ColumnKey,
} from './columns.ts';
export type { Figure, IndicatorRow, RowRules } from './row.ts';
export type { RejectedRow } from './table.ts';
export type { TextEncoding } from './encoding.ts';
export type { Delimiter } from './csv.ts';
export {
  checkFileSize,
  formatMegabytes,
  formatRejected,
  readIndicatorFile,
  type IndicatorFile,
  type IndicatorFileReading,
} from './read.ts';
export { csvTemplate, xlsxTemplate, templateFileName, type TemplateFormat } from './template.ts';
