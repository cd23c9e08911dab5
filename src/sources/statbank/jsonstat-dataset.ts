// One JSON-stat dataset (v1 or v2) checked and normalised: ids, sizes, dimensions and categories in cell order.
import { StatbankFormatError } from './errors.ts';
import { describe, isObject, optionalString, own } from './json-guards.ts';
import { readStatuses, readValues, type Fail } from './jsonstat-cells.ts';
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
}

/**
 * Above this a file is not something this system asks for (StatBank stops at 1,000,000 cells outside BULK);
 * the cap keeps a corrupt `size` from making us allocate or iterate billions of cells.
 */
export const MAX_JSONSTAT_CELLS = 50_000_000;

export function normaliseDataset(raw: unknown, options: NormaliseOptions): JsonStatDataset<JsonStatValue> {
  const where = options.name === null || options.name === 'dataset' ? '' : `dataset "${options.name}": `;
  const fail = (detail: string): never => {
    throw new StatbankFormatError('jsonstat', where + detail);
  };
  if (!isObject(raw)) return fail(`expected a dataset object, found ${describe(raw)}`);

  const dimensionMember = own(raw, 'dimension');
  if (dimensionMember === undefined) return fail('missing dimension: the dataset has no "dimension" member');
  if (!isObject(dimensionMember))
    return fail(`"dimension" should be an object, found ${describe(dimensionMember)}`);

  // v2 puts id/size/role beside dimension; v1 puts them inside it. Either is read, whatever the version says.
  const ids = readIds(own(raw, 'id') ?? own(dimensionMember, 'id'), fail);
  const size = readSize(own(raw, 'size') ?? own(dimensionMember, 'size'), ids.length, fail);
  const roles = readRoles(own(raw, 'role') ?? own(dimensionMember, 'role'), new Set(ids));

  const dimensions = ids.map((id, k) =>
    readDimension(id, own(dimensionMember, id), size[k] ?? 0, roles, fail),
  );
  let cellCount = 1;
  for (const n of size) cellCount *= n;
  if (cellCount > MAX_JSONSTAT_CELLS)
    return fail(`size product ${cellCount} exceeds the ${MAX_JSONSTAT_CELLS} cells this reader accepts`);

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

function readIds(value: unknown, fail: Fail): string[] {
  if (value === undefined) return fail('missing dimension ids: neither "id" nor "dimension.id" is given');
  if (!Array.isArray(value))
    return fail(`"id" should be an array of dimension ids, found ${describe(value)}`);
  const seen = new Set<string>();
  for (const [k, id] of value.entries()) {
    if (typeof id !== 'string' || id === '')
      return fail(`id[${k}] should be a dimension id, found ${describe(id)}`);
    if (seen.has(id)) return fail(`dimension "${id}" is listed twice in "id"`);
    seen.add(id);
  }
  return value as string[];
}

function readSize(value: unknown, dimensionCount: number, fail: Fail): number[] {
  if (value === undefined) return fail('missing size: neither "size" nor "dimension.size" is given');
  if (!Array.isArray(value)) return fail(`"size" should be an array of counts, found ${describe(value)}`);
  if (value.length !== dimensionCount)
    return fail(`"size" has ${value.length} entries but "id" lists ${dimensionCount} dimensions`);
  return value.map((n: unknown, k) => {
    // CSO Ireland writes sizes as strings ("37"); the number is the same.
    const count = typeof n === 'string' && /^\d{1,15}$/.test(n) ? Number(n) : n;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0)
      return fail(`size[${k}] should be a count of categories, found ${describe(n)}`);
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
  const at = `dimension "${id}": `;
  if (raw === undefined)
    return fail(`missing dimension: "${id}" is listed in "id" but not described in "dimension"`);
  if (!isObject(raw)) return fail(`${at}should be an object, found ${describe(raw)}`);
  const category = own(raw, 'category');
  if (!isObject(category)) return fail(`${at}"category" should be an object, found ${describe(category)}`);

  const labels = own(category, 'label');
  const labelOf = isObject(labels) ? labels : {};
  const codes = readCategoryOrder(own(category, 'index'), labels, at, fail);
  if (codes.length !== size)
    return fail(
      `${at}size is ${size} but category index has ${codes.length} ${codes.length === 1 ? 'entry' : 'entries'}`,
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
function readCategoryOrder(index: unknown, labels: unknown, at: string, fail: Fail): string[] {
  if (index === undefined) {
    // The specification lets a single-category dimension give only a label. With several labels the order
    // would come from object key order, which JavaScript rewrites for integer-like keys ("2010" before "A").
    if (!isObject(labels)) return fail(`${at}"category" has neither "index" nor "label"`);
    const keys = Object.keys(labels);
    if (keys.length !== 1)
      return fail(
        `${at}"category" has no "index" and ${keys.length} labels; the order of categories is undefined`,
      );
    return keys;
  }
  if (Array.isArray(index)) {
    const seen = new Set<string>();
    for (const [k, code] of index.entries()) {
      if (typeof code !== 'string')
        return fail(`${at}category index[${k}] should be a code, found ${describe(code)}`);
      if (seen.has(code)) return fail(`${at}category "${code}" appears twice in the index`);
      seen.add(code);
    }
    return index as string[];
  }
  if (!isObject(index))
    return fail(`${at}category index should be an array or an object, found ${describe(index)}`);
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
        `${at}category "${code}" has index ${describe(position)}; expected a position from 0 to ${entries.length - 1}`,
      );
    if (codes[position] !== undefined)
      return fail(`${at}categories "${codes[position]}" and "${code}" share index position ${position}`);
    codes[position] = code;
  }
  return codes;
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
