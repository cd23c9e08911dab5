// Turns a StatBank response (JSON-stat or CSV cells) into observations: the area and time variables become
// the observation's area and period, every other variable a group dimension; markers become typed missing values.
import {
  normalisePeriod,
  type MissingReason,
  type Observation,
  type ObservedValue,
} from '../../domain/observation/index.ts';

/** Area variables in StatBank tables (OMRÅDE in most, BOPOMR in the education tables). */
const AREA_VARIABLES = new Set(['OMRÅDE', 'OMRADE', 'BOPOMR', 'KOMK', 'REGION']);
const TIME_VARIABLES = new Set(['TID']);
/** The metric dimension of JSON-stat responses: one content per table, not a group. */
const METRIC_VARIABLES = new Set(['CONTENTSCODE']);

const markerReason: Record<string, MissingReason> = {
  '..': 'confidential',
  x: 'confidential',
  '.': 'not-available',
  '-': 'not-applicable',
};

export interface StatbankCell {
  /** 1-based position in the source (line of a CSV, cell number of JSON-stat), for messages. */
  readonly line: number;
  readonly coordinates: Readonly<Record<string, string>>;
  readonly value: number | { readonly marker: string } | null;
}

export interface ConversionResult {
  readonly observations: readonly Observation[];
  readonly rejected: readonly { readonly line: number; readonly reason: string }[];
}

export interface ConversionOptions {
  readonly table: string;
  readonly unit?: string;
  /** Dimensions named by role (JSON-stat) take precedence over the name lists above. */
  readonly timeVariable?: string;
  readonly areaVariable?: string;
  readonly illustrative?: boolean;
}

export function cellsToObservations(
  cells: Iterable<StatbankCell>,
  options: ConversionOptions,
): ConversionResult {
  const observations: Observation[] = [];
  const rejected: { line: number; reason: string }[] = [];
  for (const cell of cells) {
    const dims: Record<string, string> = {};
    let area = '000';
    let period: string | undefined;
    let periodRaw = '';
    let problem: string | undefined;
    for (const [variable, code] of Object.entries(cell.coordinates)) {
      const v = variable.toUpperCase();
      if (variable === options.timeVariable || TIME_VARIABLES.has(v)) {
        periodRaw = code;
        period = normalisePeriod(code);
      } else if (variable === options.areaVariable || AREA_VARIABLES.has(v)) {
        if (/^\d{3}$/.test(code)) area = code;
        else
          problem = `${variable} "${code}" is not a three-digit area code (download the table with valuePresentation=Code)`;
      } else if (!METRIC_VARIABLES.has(v)) dims[v] = code;
    }
    if (!period)
      problem ??= periodRaw
        ? `period "${periodRaw}" does not parse (expected 2021, 2021K2, 2021Q2 or 2021M09)`
        : 'no time variable (Tid)';
    if (problem) {
      rejected.push({ line: cell.line, reason: problem });
      continue;
    }
    const value = toValue(cell.value);
    if (value.kind === 'number' && value.value < 0 && isCountUnit(options.unit)) {
      rejected.push({ line: cell.line, reason: `negative count ${value.value}` });
      continue;
    }
    observations.push({
      series: options.table.toUpperCase(),
      area,
      period: period as string,
      dims,
      value,
      unit: options.unit ?? 'number',
      status: 'final',
      illustrative: options.illustrative ?? false,
    });
  }
  return { observations, rejected };
}

function toValue(v: StatbankCell['value']): ObservedValue {
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (v === null) return { kind: 'missing', reason: 'confidential', marker: '..' };
  return { kind: 'missing', reason: markerReason[v.marker] ?? 'not-available', marker: v.marker };
}

function isCountUnit(unit: string | undefined): boolean {
  return unit === undefined || /^(number|antal|persons|personer)$/i.test(unit);
}
