// Reads a dataset's `value` and `status` members, dense or sparse, into lookups by flat cell index.
import { describe, isObject, own } from './json-guards.ts';
import type { JsonStatValue } from './jsonstat-types.ts';
import { foundValue, type StatbankReasonCode } from './reasons.ts';

/** Cell data by flat index; undefined outside the cube (and, for statuses, where a cell has none). */
export interface CellStore<T> {
  get(index: number): T | undefined;
}

/** Refuses the dataset: the English detail, and the reason's code and figures. */
export type Fail = (
  detail: string,
  code: StatbankReasonCode,
  params?: Readonly<Record<string, string | number>>,
) => never;

/** Keys of sparse `value`/`status` objects are flat indices written canonically ("0", "17"). */
function flatIndex(key: string, cellCount: number): number | undefined {
  if (!/^(0|[1-9]\d{0,15})$/.test(key)) return undefined;
  const index = Number(key);
  return index < cellCount ? index : undefined;
}

export function readValues(
  raw: unknown,
  cellCount: number,
  allowStrings: boolean,
  fail: Fail,
): CellStore<JsonStatValue | null> {
  const check = (v: unknown, at: string): JsonStatValue | null => {
    if (v === null) return null;
    // JSON.parse turns 1e400 into Infinity; no statistic is infinite.
    if (typeof v === 'number')
      return Number.isFinite(v) ? v : fail(`${at} is not a finite number`, 'jsonstat.notFinite', { at });
    if (typeof v === 'string' && allowStrings) return v;
    return fail(
      `non-numeric value: ${at} is ${describe(v)}; expected a number or null`,
      'jsonstat.notNumber',
      {
        at,
        found: foundValue(v),
      },
    );
  };
  if (raw === undefined) return fail('missing value: the dataset has no "value" member', 'jsonstat.noValue');
  if (Array.isArray(raw)) {
    if (raw.length !== cellCount)
      return fail(`size product ${cellCount} does not match ${raw.length} values`, 'jsonstat.valueCount', {
        cells: cellCount,
        values: raw.length,
      });
    const values = raw.map((v: unknown, i) => check(v, `value[${i}]`));
    return { get: (i) => values[i] };
  }
  if (!isObject(raw))
    return fail(`"value" should be an array or an object, found ${describe(raw)}`, 'jsonstat.valueShape', {
      found: foundValue(raw),
    });
  // A sparse object: absent keys are null. Eurostat sends 73 values for 1652 cells this way.
  const values = new Map<number, JsonStatValue | null>();
  for (const [key, v] of Object.entries(raw)) {
    const index = flatIndex(key, cellCount);
    if (index === undefined)
      return fail(
        `value key ${foundValue(key)} is not a cell index from 0 to ${cellCount - 1} (size product ${cellCount})`,
        'jsonstat.valueKey',
        { key: foundValue(key), max: cellCount - 1, cells: cellCount },
      );
    values.set(index, check(v, `value[${foundValue(key)}]`));
  }
  return { get: (i) => (i >= 0 && i < cellCount ? (values.get(i) ?? null) : undefined) };
}

export function readStatuses(raw: unknown, cellCount: number, fail: Fail): CellStore<string> {
  const none: CellStore<string> = { get: () => undefined };
  const checkOne = (s: unknown, at: string): string | undefined => {
    if (s === null) return undefined;
    if (typeof s === 'string') return s;
    return fail(
      `unknown status shape: ${at} is ${describe(s)}; expected a string or null`,
      'jsonstat.statusShape',
      {
        at,
        found: foundValue(s),
      },
    );
  };
  const fromArray = (list: readonly unknown[], at: string): CellStore<string> => {
    // One status in an array applies to every cell (json-stat.org's canada.json: ["a"]).
    if (list.length === 1) {
      const only = checkOne(list[0], `${at}[0]`);
      return only === undefined ? none : { get: () => only };
    }
    if (list.length !== cellCount)
      return fail(
        `unknown status shape: ${at} has ${list.length} entries; expected 1 or ${cellCount} (one per cell)`,
        'jsonstat.statusCount',
        { at, entries: list.length, cells: cellCount },
      );
    const statuses = list.map((s, i) => checkOne(s, `${at}[${i}]`));
    return { get: (i) => statuses[i] };
  };

  if (raw === undefined || raw === null) return none;
  // A single string is one status for every cell.
  if (typeof raw === 'string') return { get: () => raw };
  if (Array.isArray(raw)) return fromArray(raw, 'status');
  if (!isObject(raw))
    return fail(`unknown status shape: "status" is ${describe(raw)}`, 'jsonstat.statusShape', {
      at: 'status',
      found: foundValue(raw),
    });
  // Legacy Eurostat (WDDS v1.1) nests a per-cell array under status.value, with labels under status.category.
  const legacy = own(raw, 'value');
  if (Array.isArray(legacy)) return fromArray(legacy, 'status.value');
  const statuses = new Map<number, string>();
  for (const [key, s] of Object.entries(raw)) {
    const index = flatIndex(key, cellCount);
    if (index === undefined)
      return fail(
        `unknown status shape: status key ${foundValue(key)} is not a cell index from 0 to ${cellCount - 1}`,
        'jsonstat.statusKey',
        { key: foundValue(key), max: cellCount - 1 },
      );
    const status = checkOne(s, `status[${foundValue(key)}]`);
    if (status !== undefined) statuses.set(index, status);
  }
  return { get: (i) => statuses.get(i) };
}
