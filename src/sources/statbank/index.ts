// The StatBank response readers: JSON-stat, CSV (whole or streamed) and tableinfo. Pure: the caller fetches.
export {
  StatbankFormatError,
  type StatbankFormat,
  type StatbankErrorLocation,
  type StatbankReason,
} from './errors.ts';
export { STATBANK_REASON_CODES, foundValue, type StatbankReasonCode } from './reasons.ts';
export {
  CLI_MAX_ROWS_SETTING,
  DEFAULT_CLI_MAX_ROWS,
  DEFAULT_STATBANK_LIMITS,
  LIMIT_SETTINGS,
  type StatbankLimits,
} from './limits.ts';
export {
  readJsonStat,
  readJsonStatAll,
  jsonStatFromValue,
  type NamedJsonStatDataset,
  type ReadJsonStatOptions,
} from './jsonstat.ts';
export { MAX_JSONSTAT_CELLS } from './jsonstat-dataset.ts';
export type {
  JsonStatCategory,
  JsonStatCell,
  JsonStatCoordinates,
  JsonStatDataset,
  JsonStatDimension,
  JsonStatUnit,
  JsonStatValue,
  JsonStatVersion,
} from './jsonstat-types.ts';
export {
  MISSING_MARKERS,
  VALUE_COLUMN,
  isMissing,
  readStatbankCsv,
  type DecimalSeparator,
  type MissingMarker,
  type MissingValue,
  type StatbankCsvOptions,
  type CsvLayout,
  type StatbankCsvFieldsRow,
  type StatbankCsvRow,
  type StatbankCsvTable,
  type StatbankCsvValue,
} from './csv.ts';
export {
  readStatbankCsvBatches,
  readStatbankCsvFieldBatches,
  type StatbankCsvFieldBatch,
  readStatbankCsvStream,
  type StatbankCsvStreamOptions,
} from './csv-stream.ts';
export {
  readTableInfo,
  tableInfoFromValue,
  timeVariable,
  type TableInfo,
  type TableInfoValue,
  type TableInfoVariable,
} from './tableinfo.ts';
export {
  cellConverter,
  columnConverter,
  cellsToObservations,
  type CellConversion,
  type RefusedCell,
  type StatbankCell,
  type ConversionOptions,
  type ConversionResult,
} from './to-observations.ts';
export {
  DEFAULT_STATBANK_URL,
  StatbankRequestError,
  StatbankUnavailableError,
  statbankClient,
  type StatbankClient,
  type StatbankClientOptions,
  type StatbankRequest,
} from './client.ts';
