// Every reason a StatBank file can be refused for, as a code: the readers give the code with its figures, and a
// user interface words it in its language (the web layer's messages, `statbank.reason.<code>`).

export const STATBANK_REASON_CODES = [
  // limits (limits.ts): declared, max, setting
  'limit.cells',
  'limit.dimensions',
  'limit.categories',
  'limit.rows',
  // bytes and lines
  'encoding',
  'lineTooLong',
  // CSV
  'csv.empty',
  'csv.notCsv',
  'csv.delimiter',
  'csv.unnamedColumn',
  'csv.duplicateColumn',
  'csv.noValueColumn',
  'csv.fieldCount',
  'csv.unclosedQuote',
  'csv.afterQuote',
  'csv.value',
  'csv.decimal',
  // JSON and JSON-stat
  'json.empty',
  'json.syntax',
  'json.notObject',
  'jsonstat.apiError',
  'jsonstat.unsupportedClass',
  'jsonstat.noDataset',
  'jsonstat.collectionShape',
  'jsonstat.collectionLinksOnly',
  'jsonstat.noNamedDataset',
  'jsonstat.severalDatasets',
  'jsonstat.notDataset',
  'jsonstat.noDimension',
  'jsonstat.dimensionNotObject',
  'jsonstat.noIds',
  'jsonstat.idsNotArray',
  'jsonstat.idNotString',
  'jsonstat.idTwice',
  'jsonstat.noSize',
  'jsonstat.sizeNotArray',
  'jsonstat.sizeLength',
  'jsonstat.sizeNotCount',
  'jsonstat.dimensionMissing',
  'jsonstat.dimensionShape',
  'jsonstat.categoryShape',
  'jsonstat.sizeMismatch',
  'jsonstat.noIndexNoLabel',
  'jsonstat.orderUndefined',
  'jsonstat.indexNotCode',
  'jsonstat.codeTwice',
  'jsonstat.indexShape',
  'jsonstat.indexPosition',
  'jsonstat.sharedPosition',
  'jsonstat.noValue',
  'jsonstat.valueShape',
  'jsonstat.valueCount',
  'jsonstat.valueKey',
  'jsonstat.notFinite',
  'jsonstat.notNumber',
  'jsonstat.statusShape',
  'jsonstat.statusCount',
  'jsonstat.statusKey',
  // the file as a whole (service/statbank-file.ts)
  'file.notFound',
  'file.notFile',
  'file.empty',
  'file.jsonTooLarge',
  'file.noTableId',
  'file.csvNeedsTable',
  // one row that cannot become a figure (to-observations.ts)
  'row.area',
  'row.period',
  'row.noTime',
  'row.negative',
  'row.invalid',
  // the import's own refusals (service/observations.ts)
  'import.twice',
  'import.noRows',
  // anything else, with its English detail
  'other',
] as const;

export type StatbankReasonCode = (typeof STATBANK_REASON_CODES)[number];

/**
 * A value found where something else was expected, in a notation that reads the same in Danish and English:
 * `null`, `"text"` (at most 40 characters), `12`, `true`, `[…] (3)`, `{…}`.
 */
export function foundValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return '–';
  if (Array.isArray(value)) return `[…] (${value.length})`;
  if (typeof value === 'object') return '{…}';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
