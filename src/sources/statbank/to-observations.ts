// Turns a StatBank response (JSON-stat or CSV cells) into observations: the area and time variables become
// the observation's area and period, every other variable a group dimension; markers become typed missing values.
import {
  normalisePeriod,
  observationProblem,
  type MissingReason,
  type Observation,
  type ObservedValue,
} from '../../domain/observation/index.ts';
import type { StatbankReason } from './errors.ts';

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

/** A cell that cannot become an observation: its line, the English reason, and the reason as a code. */
export interface RefusedCell {
  readonly line: number;
  readonly reason: string;
  readonly why: StatbankReason;
}

export interface ConversionResult {
  readonly observations: readonly Observation[];
  readonly rejected: readonly RefusedCell[];
}

export interface ConversionOptions {
  readonly table: string;
  readonly unit?: string;
  /** Dimensions named by role (JSON-stat) take precedence over the name lists above. */
  readonly timeVariable?: string;
  readonly areaVariable?: string;
  readonly illustrative?: boolean;
  /**
   * When given, an area code of one or two digits ("0", "84": a list that lost its leading zeros) is read as the
   * three-digit code ("000", "084") and recorded here, raw → read, so the caller can say so; refused otherwise.
   */
  readonly areaCodesPadded?: Map<string, string>;
}

export function cellsToObservations(
  cells: Iterable<StatbankCell>,
  options: ConversionOptions,
): ConversionResult {
  const observations: Observation[] = [];
  const rejected: RefusedCell[] = [];
  const convert = cellConverter(options);
  for (const cell of cells) {
    const r = convert(cell);
    if ('reason' in r) rejected.push(r);
    else observations.push(r);
  }
  return { observations, rejected };
}

/** A cell as an observation, or the reason it cannot be one. */
export type CellConversion = Observation | RefusedCell;

type Role = { readonly kind: 'time' | 'area' | 'metric' } | { readonly kind: 'dim'; readonly name: string };

/** Entries kept by each of a converter's caches; past this a cache starts again, so memory stays bounded. */
const CACHE_LIMIT = 50_000;

/**
 * Converts cells one at a time. A table's millions of cells share a few variables, periods and dimension sets,
 * so each variable's role, each period's reading and each set of dimension codes is worked out once: cells with
 * the same codes share one frozen `dims` object.
 */
export function cellConverter(options: ConversionOptions): (cell: StatbankCell) => CellConversion {
  const roles = new Map<string, Role>();
  const roleOf = (variable: string): Role => {
    let role = roles.get(variable);
    if (role === undefined) roles.set(variable, (role = roleFor(variable, options)));
    return role;
  };
  const finish = finisher(options);
  let dimsSets = new Map<string, Dims>();
  return (cell) => {
    const coordinates = cell.coordinates;
    let area = '000';
    let periodRaw: string | undefined;
    let problem: AreaProblem | undefined;
    // The dimension names and codes in the cell's order, each after its length so that no two sets read alike:
    // the key of the shared dims object.
    let codes = '';
    for (const variable in coordinates) {
      if (!Object.hasOwn(coordinates, variable)) continue;
      const code = coordinates[variable] as string;
      const role = roleOf(variable);
      if (role.kind === 'time') periodRaw = code;
      else if (role.kind === 'area') {
        if (isAreaCode(code)) area = code;
        else {
          const padded = padArea(code, options.areaCodesPadded);
          if (padded !== undefined) area = padded;
          else problem = areaProblem(variable, code);
        }
      } else if (role.kind === 'dim') codes += `${role.name.length}:${role.name}${code.length}:${code}`;
    }
    let dims = dimsSets.get(codes);
    if (dims === undefined) {
      const d: Record<string, string> = {};
      for (const variable in coordinates) {
        if (!Object.hasOwn(coordinates, variable)) continue;
        const role = roleOf(variable);
        if (role.kind === 'dim') d[role.name] = coordinates[variable] as string;
      }
      if (dimsSets.size >= CACHE_LIMIT) dimsSets = new Map();
      dims = Object.freeze(d);
      dimsSets.set(codes, dims);
    }
    return finish(cell.line, area, periodRaw, problem, dims, cell.value);
  };
}

/**
 * Converts CSV rows by position: the columns' roles are worked out once from the header, and the dimension codes
 * find their shared `dims` object by one lookup per column, with no per-row object of named coordinates. Gives
 * what `cellConverter` gives for the same row read by name.
 */
export function columnConverter(
  options: ConversionOptions,
  columns: readonly string[],
  valueIndex: number,
): (line: number, fields: readonly string[], value: StatbankCell['value']) => CellConversion {
  const plan = columns.map((c, k) =>
    k === valueIndex ? ({ kind: 'metric' } as const) : roleFor(c, options),
  );
  const times = plan.flatMap((r, k) => (r.kind === 'time' ? [k] : []));
  const areas = plan.flatMap((r, k) => (r.kind === 'area' ? [k] : []));
  const dimColumns = plan.flatMap((r, k) => (r.kind === 'dim' ? [k] : []));
  const dimNames = dimColumns.map((k) => (plan[k] as { name: string }).name);
  const finish = finisher(options);
  // A tree of the dimension codes, one level per dimension column; its leaves are the shared dims objects.
  type Node = CodeNode<Node | Dims>;
  let root: Node = new CodeNode();
  let leaves = 0;
  const dimsOf = (fields: readonly string[]): Dims => {
    let node = root;
    const last = dimColumns.length - 1;
    for (let d = 0; d < last; d++) {
      const code = fields[dimColumns[d] as number] as string;
      let next = node.get(code) as Node | undefined;
      if (next === undefined) node.set(code, (next = new CodeNode()));
      node = next;
    }
    if (last < 0) return EMPTY_DIMS;
    const code = fields[dimColumns[last] as number] as string;
    let dims = node.get(code) as Dims | undefined;
    if (dims === undefined) {
      if (++leaves > CACHE_LIMIT) {
        root = new CodeNode();
        leaves = 0;
      }
      const d: Record<string, string> = {};
      for (let j = 0; j < dimColumns.length; j++)
        d[dimNames[j] as string] = fields[dimColumns[j] as number] as string;
      dims = Object.freeze(d);
      node.set(code, dims);
    }
    return dims;
  };
  // Rows come in runs of one area: the last code that passed needs no second test.
  let lastArea: string | undefined;
  return (line, fields, value) => {
    let area = '000';
    let periodRaw: string | undefined;
    let problem: AreaProblem | undefined;
    // Every area and time column in order, as the named reading does: the last one given counts.
    for (let j = 0; j < areas.length; j++) {
      const k = areas[j] as number;
      const code = fields[k] as string;
      if (code === lastArea || isAreaCode(code)) area = lastArea = code;
      else {
        const padded = padArea(code, options.areaCodesPadded);
        if (padded !== undefined) area = padded;
        else problem = areaProblem(columns[k] as string, code);
      }
    }
    for (let j = 0; j < times.length; j++) periodRaw = fields[times[j] as number] as string;
    return finish(line, area, periodRaw, problem, dimsOf(fields), value);
  };
}

type Dims = Readonly<Record<string, string>>;
const EMPTY_DIMS: Dims = Object.freeze({});

/**
 * One level of the dimension-code tree. Each row's codes are new strings, and a Map would hash every one of them;
 * a variable mostly has few codes, and rows repeat the code of the row before, so the last code found is tried
 * first, then a short list is compared, and only a variable of many codes gets a Map.
 */
class CodeNode<T> {
  #lastCode: string | undefined;
  #lastItem: T | undefined;
  #codes: string[] = [];
  #items: T[] = [];
  #map: Map<string, T> | undefined;

  get(code: string): T | undefined {
    if (code === this.#lastCode) return this.#lastItem;
    let item: T | undefined;
    if (this.#map !== undefined) item = this.#map.get(code);
    else {
      const codes = this.#codes;
      for (let i = 0; i < codes.length; i++)
        if (codes[i] === code) {
          item = this.#items[i];
          break;
        }
    }
    if (item !== undefined) {
      this.#lastCode = code;
      this.#lastItem = item;
    }
    return item;
  }

  set(code: string, item: T): void {
    if (this.#map !== undefined) this.#map.set(code, item);
    else if (this.#codes.length < 8) {
      this.#codes.push(code);
      this.#items.push(item);
    } else {
      this.#map = new Map(this.#codes.map((c, i) => [c, this.#items[i] as T]));
      this.#map.set(code, item);
    }
  }
}

function roleFor(variable: string, options: ConversionOptions): Role {
  const v = variable.toUpperCase();
  if (variable === options.timeVariable || TIME_VARIABLES.has(v)) return { kind: 'time' };
  if (variable === options.areaVariable || AREA_VARIABLES.has(v)) return { kind: 'area' };
  if (METRIC_VARIABLES.has(v)) return { kind: 'metric' };
  return { kind: 'dim', name: v };
}

function isAreaCode(code: string): boolean {
  return code.length === 3 && AREA_CODE.test(code);
}

/** A one- or two-digit area code as three digits, recorded; undefined when not asked for or not such a code. */
function padArea(code: string, padded: Map<string, string> | undefined): string | undefined {
  if (padded === undefined || !/^\d{1,2}$/.test(code)) return undefined;
  const read = code.padStart(3, '0');
  if (!padded.has(code)) padded.set(code, read);
  return read;
}

interface AreaProblem {
  readonly variable: string;
  readonly code: string;
}

function areaProblem(variable: string, code: string): AreaProblem {
  return { variable, code: code.length > 40 ? `${code.slice(0, 40)}…` : code };
}

function areaRefusal(line: number, p: AreaProblem): RefusedCell {
  return {
    line,
    reason: `${p.variable} "${p.code}" is not a three-digit area code (download the table with valuePresentation=Code)`,
    why: { code: 'row.area', params: { variable: p.variable, code: p.code } },
  };
}

/** The model's rule refused a row: the field it names (before the first ":") and the English text. */
function invalidRefusal(line: number, problem: string): RefusedCell {
  const field = /^([^:;]{1,80}):/.exec(problem)?.[1] ?? 'row';
  return {
    line,
    reason: problem,
    why: { code: 'row.invalid', params: { field, detail: problem.slice(0, 200) } },
  };
}

const AREA_CODE = /^\d{3}$/;

/**
 * The part both converters share: the period read (once per code), the value, the count rule, the observation.
 * Every observation it gives satisfies the model's rule (`observationProblem`): the area and period are tested
 * here, the table, unit and each set of dimensions once (on a sample row), and a value the usual tests do not
 * cover (not a finite number, or an unknown marker) on its own row. So an import need not test its rows again.
 */
function finisher(options: ConversionOptions) {
  const series = options.table.toUpperCase();
  const unit = options.unit ?? 'number';
  const illustrative = options.illustrative ?? false;
  const countUnit = isCountUnit(options.unit);
  const dimsProblems = new WeakMap<Dims, string | null>();
  // Rows of one dimension set often follow each other: the last one's answer needs no lookup.
  let lastDims: Dims | undefined;
  let lastProblem: string | null = null;
  const dimsProblem = (dims: Dims): string | null => {
    if (dims === lastDims) return lastProblem;
    let p = dimsProblems.get(dims);
    if (p === undefined) {
      const sample = {
        series,
        area: '000',
        period: '2021',
        dims,
        value: { kind: 'number', value: 0 },
        unit,
        status: 'final',
        illustrative,
      };
      dimsProblems.set(dims, (p = observationProblem(sample) ?? null));
    }
    lastDims = dims;
    lastProblem = p;
    return p;
  };
  let periods = new Map<string, string | null>();
  // Rows come in runs of one period: the last one read needs no lookup.
  let lastRaw: string | undefined;
  let lastPeriod: string | null = null;
  const periodOf = (raw: string): string | null => {
    if (raw === lastRaw) return lastPeriod;
    let p = periods.get(raw);
    if (p === undefined) {
      if (periods.size >= CACHE_LIMIT) periods = new Map();
      periods.set(raw, (p = normalisePeriod(raw) ?? null));
    }
    lastRaw = raw;
    lastPeriod = p;
    return p;
  };
  return (
    line: number,
    area: string,
    periodRaw: string | undefined,
    areaProblem: AreaProblem | undefined,
    dims: Dims,
    raw: StatbankCell['value'],
  ): CellConversion => {
    const period = periodRaw === undefined ? null : periodOf(periodRaw);
    if (period === null) {
      if (areaProblem !== undefined) return areaRefusal(line, areaProblem);
      if (periodRaw === undefined || periodRaw === '')
        return { line, reason: 'no time variable (Tid)', why: { code: 'row.noTime', params: {} } };
      const shown = periodRaw.length > 40 ? `${periodRaw.slice(0, 40)}…` : periodRaw;
      return {
        line,
        reason: `period "${shown}" does not parse (expected 2021, 2021K2, 2021Q2 or 2021M09)`,
        why: { code: 'row.period', params: { period: shown } },
      };
    }
    if (areaProblem !== undefined) return areaRefusal(line, areaProblem);
    const problem = dimsProblem(dims);
    if (problem !== null) return invalidRefusal(line, problem);
    const value = toValue(raw);
    if (value.kind === 'number' && value.value < 0 && countUnit)
      return {
        line,
        reason: `negative count ${value.value}`,
        why: { code: 'row.negative', params: { value: value.value } },
      };
    const o: Observation = { series, area, period, dims, value, unit, status: 'final', illustrative };
    const usual =
      value.kind === 'number' ? Number.isFinite(value.value) : Object.hasOwn(markerReason, value.marker);
    if (!usual) {
      const p = observationProblem(o);
      if (p !== undefined) return invalidRefusal(line, p);
    }
    return o;
  };
}

function toValue(v: StatbankCell['value']): ObservedValue {
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (v === null) return { kind: 'missing', reason: 'confidential', marker: '..' };
  return { kind: 'missing', reason: markerReason[v.marker] ?? 'not-available', marker: v.marker };
}

function isCountUnit(unit: string | undefined): boolean {
  return unit === undefined || /^(number|antal|persons|personer)$/i.test(unit);
}
