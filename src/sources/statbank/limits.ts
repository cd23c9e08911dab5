// How much work a StatBank file may ask for, checked before the work starts: the cells a JSON-stat dataset
// declares (the product of its dimension sizes, before any cell is made), its dimensions and categories, and
// the rows a CSV holds. A file past a limit is refused whole with the limit, the file's figure and the setting.
import { DEFAULT_STATBANK_BOUNDS } from '../../platform/config.ts';

/** The bounds a reader applies; every field is a count. */
export interface StatbankLimits {
  /** Cells a JSON-stat dataset may declare (the product of its sizes). */
  readonly maxCells: number;
  /** Dimensions (variables) of a dataset or columns besides INDHOLD of a CSV. */
  readonly maxDimensions: number;
  /** Categories (codes) over all dimensions together. */
  readonly maxCategories: number;
  /** Data rows of a CSV file. */
  readonly maxRows: number;
  /** The setting named when `maxRows` is passed (default STATBANK_MAX_ROWS). */
  readonly rowSetting?: string;
}

/** The setting that changes each limit, named in every refusal. */
export const LIMIT_SETTINGS = {
  maxCells: 'STATBANK_MAX_CELLS',
  maxDimensions: 'STATBANK_MAX_DIMENSIONS',
  maxCategories: 'STATBANK_MAX_CATEGORIES',
  maxRows: 'STATBANK_MAX_ROWS',
} as const satisfies Record<Exclude<keyof StatbankLimits, 'rowSetting'>, string>;

/**
 * The defaults. HFUDD11 for three areas with every other variable whole is 3 × 4 × 93 × 12 × 3 × 18 = 723,168
 * cells in 6 dimensions with 133 categories; StatBank itself answers at most 1,000,000 cells outside BULK. The
 * bundled strategy's LIGEUB1 query (2.2 million cells) is asked for as BULK and streamed, so it is not bounded by
 * these. See ARCHITECTURE.md.
 */
export const DEFAULT_STATBANK_LIMITS: StatbankLimits = {
  maxCells: DEFAULT_STATBANK_BOUNDS.maxCells,
  maxDimensions: DEFAULT_STATBANK_BOUNDS.maxDimensions,
  maxCategories: DEFAULT_STATBANK_BOUNDS.maxCategories,
  maxRows: DEFAULT_STATBANK_BOUNDS.maxRows,
};

/** The command line streams a CSV of any size in bounded memory; its row limit is its own setting. */
export const DEFAULT_CLI_MAX_ROWS = DEFAULT_STATBANK_BOUNDS.cliMaxRows;
export const CLI_MAX_ROWS_SETTING = 'STATBANK_CLI_MAX_ROWS';
