// One JSON-stat dataset (v1 or v2) checked and normalised: ids, sizes, dimensions and categories in cell order.
import { StatbankFormatError, type StatbankReason } from './errors.ts';
import { describe, isObject, optionalString, own } from './json-guards.ts';
import { readStatuses, readValues, type Fail } from './jsonstat-cells.ts';
import { LIMIT_SETTINGS, type StatbankLimits } from './limits.ts';
import { foundValue, type StatbankReasonCode } from './reasons.ts';
import { Cube } from './jsonstat-cube.ts';
import type {
  JsonStatCategory,
  JsonStatDataset,
  JsonStatDimension,
  JsonStatUnit,
  JsonStatValue,
  JsonStatVersion,
} from './jsonstat-types.ts';

export interface NormaliseOptions {
  readonly version: JsonStatVersion;
  /** Used in messages when a file holds several datasets. */
  readonly name: string | null;
  readonly allowStringValues: boolean;
  readonly limits?: Pick<StatbankLimits, 'maxCells' | 'maxDimensions' | 'maxCategories'> | undefined;
}

/**
 * Above this a file is not something this system asks for (StatBank stops at 1,000,000 cells outside BULK);
 * the cap keeps a corrupt `size` from making us allocate or iterate billions of cells.
 */
export const MAX_JSONSTAT_CELLS = 50_000_000;

export function normaliseDataset(raw: unknown, options: NormaliseOptions): JsonStatDataset<JsonStatValue> {
  const where = options.name === null || options.name === 'dataset' ? '' : `dataset "${options.name}": `;
  const fail: Fail = (detail, code, params = {}) => {
    throw new StatbankFormatError('jsonstat', where + detail, {}, { code, params } as StatbankReason);
  };
  if (!isObject(raw))
    return fail(`expected a dataset object, found ${describe(raw)}`, 'jsonstat.notDataset', {
      found: foundValue(raw),
    });

  const dimensionMember = own(raw, 'dimension');
  if (dimensionMember === undefined)
    return fail('missing dimension: the dataset has no "dimension" member', 'jsonstat.noDimension');
  if (!isObject(dimensionMember))
    return fail(
      `"dimension" should be an object, found ${describe(dimensionMember)}`,
      'jsonstat.dimensionNotObject',
      { found: foundValue(dimensionMember) },
    );

  // v2 puts id/size/role beside dimension; v1 puts them inside it. Either is read, whatever the version says.
  const ids = readIds(own(raw, 'id') ?? own(dimensionMember, 'id'), fail);
  const size = readSize(own(raw, 'size') ?? own(dimensionMember, 'size'), ids.length, fail);
  // What the dataset declares is bounded before any dimension, category or cell is read.
  const cellCount = checkDeclared(ids, size, options.limits, fail);
  const roles = readRoles(own(raw, 'role') ?? own(dimensionMember, 'role'), new Set(ids));

  const dimensions = ids.map((id, k) =>
    readDimension(id, own(dimensionMember, id), size[k] ?? 0, roles, fail),
  );

  const values = readValues(own(raw, 'value'), cellCount, options.allowStringValues, fail);
  const statuses = readStatuses(own(raw, 'status'), cellCount, fail);

  return new Cube(
    {
      version: options.version,
      label: optionalString(own(raw, 'label')) ?? optionalString(own(raw, 'title')),
      source: optionalString(own(raw, 'source')),
      updated: optionalString(own(raw, 'updated')),
    },
    dimensions,
    size,
    cellCount,
    roles,
    values,
    statuses,
  );
}

/**
 * The cells the sizes declare (their product), refused past the limits: the dimensions, the categories over
 * all dimensions, the cells. Without limits, the reader's own cap on cells.
 */
function checkDeclared(
  ids: readonly string[],
  size: readonly number[],
  limits: NormaliseOptions['limits'],
  fail: Fail,
): number {
  const over = (
    what: 'maxCells' | 'maxDimensions' | 'maxCategories',
    code: StatbankReasonCode,
    declared: number,
    noun: string,
  ): never =>
    fail(
      `the dataset declares ${declared} ${noun}; at most ${limits?.[what] ?? MAX_JSONSTAT_CELLS} are accepted (${LIMIT_SETTINGS[what]})`,
      code,
      { declared, max: limits?.[what] ?? MAX_JSONSTAT_CELLS, setting: LIMIT_SETTINGS[what] },
    );
  if (limits !== undefined && ids.length > limits.maxDimensions)
    return over('maxDimensions', 'limit.dimensions', ids.length, 'dimensions');
  let categories = 0;
  for (const n of size) categories += n;
  if (limits !== undefined && categories > limits.maxCategories)
    return over('maxCategories', 'limit.categories', categories, 'categories');
  let cellCount = 1;
  for (const n of size) cellCount *= n;
  if (cellCount > (limits?.maxCells ?? MAX_JSONSTAT_CELLS))
    return limits === undefined
      ? fail(
          `size product ${cellCount} exceeds the ${MAX_JSONSTAT_CELLS} cells this reader accepts`,
          'limit.cells',
          { declared: cellCount, max: MAX_JSONSTAT_CELLS, setting: LIMIT_SETTINGS.maxCells },
        )
      : over('maxCells', 'limit.cells', cellCount, 'cells');
  return cellCount;
}

function readIds(value: unknown, fail: Fail): string[] {
  if (value === undefined)
    return fail('missing dimension ids: neither "id" nor "dimension.id" is given', 'jsonstat.noIds');
  if (!Array.isArray(value))
    return fail(
      `"id" should be an array of dimension ids, found ${describe(value)}`,
      'jsonstat.idsNotArray',
      {
        found: foundValue(value),
      },
    );
  const seen = new Set<string>();
  for (const [k, id] of value.entries()) {
    if (typeof id !== 'string' || id === '')
      return fail(`id[${k}] should be a dimension id, found ${describe(id)}`, 'jsonstat.idNotString', {
        k,
        found: foundValue(id),
      });
    if (seen.has(id))
      return fail(`dimension "${short(id)}" is listed twice in "id"`, 'jsonstat.idTwice', { id: short(id) });
    seen.add(id);
  }
  return value as string[];
}

function readSize(value: unknown, dimensionCount: number, fail: Fail): number[] {
  if (value === undefined)
    return fail('missing size: neither "size" nor "dimension.size" is given', 'jsonstat.noSize');
  if (!Array.isArray(value))
    return fail(`"size" should be an array of counts, found ${describe(value)}`, 'jsonstat.sizeNotArray', {
      found: foundValue(value),
    });
  if (value.length !== dimensionCount)
    return fail(
      `"size" has ${value.length} entries but "id" lists ${dimensionCount} dimensions`,
      'jsonstat.sizeLength',
      { sizes: value.length, ids: dimensionCount },
    );
  return value.map((n: unknown, k) => {
    // CSO Ireland writes sizes as strings ("37"); the number is the same.
    const count = typeof n === 'string' && /^\d{1,15}$/.test(n) ? Number(n) : n;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0)
      return fail(
        `size[${k}] should be a count of categories, found ${describe(n)}`,
        'jsonstat.sizeNotCount',
        {
          k,
          found: foundValue(n),
        },
      );
    return count;
  });
}

function readRoles(value: unknown, known: ReadonlySet<string>): Record<string, string[]> {
  // Roles are descriptive; a malformed role should not cost us the numbers, so it is dropped, not refused.
  const roles: Record<string, string[]> = {};
  if (!isObject(value)) return roles;
  for (const [role, members] of Object.entries(value)) {
    if (!Array.isArray(members)) continue;
    const ids = members.filter((m): m is string => typeof m === 'string' && known.has(m));
    if (ids.length > 0) roles[role] = ids;
  }
  return roles;
}

function readDimension(
  id: string,
  raw: unknown,
  size: number,
  roles: Record<string, string[]>,
  fail: Fail,
): JsonStatDimension {
  const at = `dimension "${short(id)}": `;
  if (raw === undefined)
    return fail(
      `missing dimension: "${short(id)}" is listed in "id" but not described in "dimension"`,
      'jsonstat.dimensionMissing',
      { id: short(id) },
    );
  if (!isObject(raw))
    return fail(`${at}should be an object, found ${describe(raw)}`, 'jsonstat.dimensionShape', {
      id: short(id),
      found: foundValue(raw),
    });
  const category = own(raw, 'category');
  if (!isObject(category))
    return fail(
      `${at}"category" should be an object, found ${describe(category)}`,
      'jsonstat.categoryShape',
      {
        id: short(id),
        found: foundValue(category),
      },
    );

  const labels = own(category, 'label');
  const labelOf = isObject(labels) ? labels : {};
  const codes = readCategoryOrder(own(category, 'index'), labels, id, fail);
  if (codes.length !== size)
    return fail(
      `${at}size is ${size} but category index has ${codes.length} ${codes.length === 1 ? 'entry' : 'entries'}`,
      'jsonstat.sizeMismatch',
      { id: short(id), size, entries: codes.length },
    );

  const units = own(category, 'unit');
  const categories = codes.map((code): JsonStatCategory => {
    const unit = isObject(units) ? readUnit(own(units, code)) : undefined;
    const label = optionalString(own(labelOf, code)) ?? code;
    return unit === undefined ? { code, label } : { code, label, unit };
  });
  const role = Object.keys(roles).find((r) => roles[r]?.includes(id));
  const label = optionalString(own(raw, 'label')) ?? id;
  return role === undefined ? { id, label, categories } : { id, label, role, categories };
}

/** Category codes in cell order. The index decides the order; the label object's key order never does. */
function readCategoryOrder(index: unknown, labels: unknown, dimensionId: string, fail: Fail): string[] {
  const id = short(dimensionId);
  const at = `dimension "${id}": `;
  if (index === undefined) {
    // The specification lets a single-category dimension give only a label. With several labels the order
    // would come from object key order, which JavaScript rewrites for integer-like keys ("2010" before "A").
    if (!isObject(labels))
      return fail(`${at}"category" has neither "index" nor "label"`, 'jsonstat.noIndexNoLabel', { id });
    const keys = Object.keys(labels);
    if (keys.length !== 1)
      return fail(
        `${at}"category" has no "index" and ${keys.length} labels; the order of categories is undefined`,
        'jsonstat.orderUndefined',
        { id, labels: keys.length },
      );
    return keys;
  }
  if (Array.isArray(index)) {
    const seen = new Set<string>();
    for (const [k, code] of index.entries()) {
      if (typeof code !== 'string')
        return fail(
          `${at}category index[${k}] should be a code, found ${describe(code)}`,
          'jsonstat.indexNotCode',
          {
            id,
            k,
            found: foundValue(code),
          },
        );
      if (seen.has(code))
        return fail(`${at}category "${short(code)}" appears twice in the index`, 'jsonstat.codeTwice', {
          id,
          code: short(code),
        });
      seen.add(code);
    }
    return index as string[];
  }
  if (!isObject(index))
    return fail(
      `${at}category index should be an array or an object, found ${describe(index)}`,
      'jsonstat.indexShape',
      {
        id,
        found: foundValue(index),
      },
    );
  const entries = Object.entries(index);
  const codes: string[] = new Array<string>(entries.length);
  for (const [code, position] of entries) {
    if (
      typeof position !== 'number' ||
      !Number.isInteger(position) ||
      position < 0 ||
      position >= entries.length
    )
      return fail(
        `${at}category "${short(code)}" has index ${describe(position)}; expected a position from 0 to ${entries.length - 1}`,
        'jsonstat.indexPosition',
        { id, code: short(code), found: foundValue(position), max: entries.length - 1 },
      );
    if (codes[position] !== undefined)
      return fail(
        `${at}categories "${short(codes[position])}" and "${short(code)}" share index position ${position}`,
        'jsonstat.sharedPosition',
        { id, a: short(codes[position]), b: short(code), position },
      );
    codes[position] = code;
  }
  return codes;
}

/** A code or id as quoted in a message: at most 40 characters. */
function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function readUnit(raw: unknown): JsonStatUnit | undefined {
  if (!isObject(raw)) return undefined;
  const unit: { -readonly [K in keyof JsonStatUnit]: JsonStatUnit[K] } = {};
  const label = optionalString(own(raw, 'label'));
  const base = optionalString(own(raw, 'base'));
  const symbol = optionalString(own(raw, 'symbol'));
  const position = optionalString(own(raw, 'position'));
  const decimals = own(raw, 'decimals');
  if (label !== undefined) unit.label = label;
  if (base !== undefined) unit.base = base;
  if (symbol !== undefined) unit.symbol = symbol;
  if (position !== undefined) unit.position = position;
  if (typeof decimals === 'number' && Number.isInteger(decimals)) unit.decimals = decimals;
  return unit;
}
