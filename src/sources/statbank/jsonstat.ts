// A JSON-stat reader: finds the datasets in a v1 bundle (wrapped or not) or a v2 dataset/collection and reads them.
import { decodeBody } from './decode.ts';
import { StatbankFormatError } from './errors.ts';
import { describe, isObject, optionalString, own, type JsonObject } from './json-guards.ts';
import { normaliseDataset } from './jsonstat-dataset.ts';
import { foundValue } from './reasons.ts';
import type { StatbankLimits } from './limits.ts';
import type { JsonStatDataset, JsonStatValue, JsonStatVersion } from './jsonstat-types.ts';

export interface ReadJsonStatOptions {
  /**
   * JSON-stat allows string cell values (json-stat.org's order.json). Statistics are numbers, so by default a
   * string value is an error; set this to read such files anyway.
   */
  readonly allowStringValues?: boolean;
  /** With `readJsonStat`: which dataset of a bundle or collection to read (its bundle key or `link.item[i]`). */
  readonly name?: string;
  /** Bounds on what each dataset may declare, checked before its cells are read (default: the reader's own cap). */
  readonly limits?: Pick<StatbankLimits, 'maxCells' | 'maxDimensions' | 'maxCategories'>;
}

export interface NamedJsonStatDataset<V extends JsonStatValue = number> {
  /** The bundle key (v1: "dataset", "oecd"), `link.item[i]` (v2 collection), or null (a bare dataset). */
  readonly name: string | null;
  readonly dataset: JsonStatDataset<V>;
}

type StringValues = ReadJsonStatOptions & { readonly allowStringValues: true };
type NumericValues = ReadJsonStatOptions & { readonly allowStringValues?: false };

/** Every dataset in a JSON-stat response, in file order. */
export function readJsonStatAll(input: string | Uint8Array, options?: NumericValues): NamedJsonStatDataset[];
export function readJsonStatAll(
  input: string | Uint8Array,
  options: StringValues,
): NamedJsonStatDataset<JsonStatValue>[];
export function readJsonStatAll(
  input: string | Uint8Array,
  options: ReadJsonStatOptions = {},
): NamedJsonStatDataset<JsonStatValue>[] {
  return datasetsOf(parseJson(input), options);
}

/** The one dataset of a response (StatBank always sends one), or the one called `options.name`. */
export function readJsonStat(input: string | Uint8Array, options?: NumericValues): JsonStatDataset;
export function readJsonStat(
  input: string | Uint8Array,
  options: StringValues,
): JsonStatDataset<JsonStatValue>;
export function readJsonStat(
  input: string | Uint8Array,
  options: ReadJsonStatOptions = {},
): JsonStatDataset<JsonStatValue> {
  return pickOne(datasetsOf(parseJson(input), options), options.name);
}

/** As readJsonStatAll, for a body already parsed (e.g. by `response.json()`). */
export function jsonStatFromValue(document: unknown, options?: NumericValues): NamedJsonStatDataset[];
export function jsonStatFromValue(
  document: unknown,
  options: StringValues,
): NamedJsonStatDataset<JsonStatValue>[];
export function jsonStatFromValue(
  document: unknown,
  options: ReadJsonStatOptions = {},
): NamedJsonStatDataset<JsonStatValue>[] {
  return datasetsOf(document, options);
}

function parseJson(input: string | Uint8Array): unknown {
  const text = decodeBody(input, 'jsonstat');
  if (text.trim() === '')
    throw new StatbankFormatError('jsonstat', 'the body is empty', {}, { code: 'json.empty', params: {} });
  try {
    return JSON.parse(text);
  } catch (e) {
    // A body cut off in transfer is the usual cause; JSON.parse's own message gives the position.
    const reason = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(reason)?.[1];
    throw new StatbankFormatError(
      'jsonstat',
      `not valid JSON (truncated?): ${reason.slice(0, 120)}`,
      {},
      { code: 'json.syntax', params: { position: position ?? '–' } },
    );
  }
}

function pickOne(
  found: NamedJsonStatDataset<JsonStatValue>[],
  name: string | undefined,
): JsonStatDataset<JsonStatValue> {
  const shown = found.slice(0, 10).map((f) => (f.name === null ? '(unnamed)' : foundValue(f.name)));
  const names = found.length > 10 ? `${shown.join(', ')}, … (+${found.length - 10})` : shown.join(', ');
  if (name !== undefined) {
    const hit = found.find((f) => f.name === name);
    if (hit === undefined)
      throw new StatbankFormatError(
        'jsonstat',
        `no dataset "${name}"; the file holds ${names}`,
        {},
        { code: 'jsonstat.noNamedDataset', params: { name, names } },
      );
    return hit.dataset;
  }
  const [only] = found;
  if (only === undefined || found.length > 1)
    throw new StatbankFormatError(
      'jsonstat',
      `expected one dataset but the file holds ${found.length}: ${names}`,
      {},
      { code: 'jsonstat.severalDatasets', params: { count: found.length, names } },
    );
  return only.dataset;
}

function datasetsOf(document: unknown, options: ReadJsonStatOptions): NamedJsonStatDataset<JsonStatValue>[] {
  const allowStringValues = options.allowStringValues === true;
  const read = (
    raw: unknown,
    name: string | null,
    version: JsonStatVersion,
  ): NamedJsonStatDataset<JsonStatValue> => ({
    name,
    dataset: normaliseDataset(raw, { name, version, allowStringValues, limits: options.limits }),
  });
  if (!isObject(document))
    throw new StatbankFormatError(
      'jsonstat',
      `expected a JSON object at the top, found ${describe(document)}`,
      {},
      { code: 'json.notObject', params: { found: foundValue(document) } },
    );
  refuseApiError(document);

  const cls = own(document, 'class');
  if (cls === 'dataset') return [read(document, null, '2.0')];
  if (cls === 'collection') return collectionItems(document).map(({ item, name }) => read(item, name, '2.0'));
  if (cls === 'bundle') return bundleMembers(document).map(([name, member]) => read(member, name, '2.0'));
  if (cls !== undefined)
    throw new StatbankFormatError(
      'jsonstat',
      `unsupported class ${describe(cls)}; expected "dataset" or "collection"`,
      {},
      { code: 'jsonstat.unsupportedClass', params: { found: foundValue(cls) } },
    );
  // No class: JSON-stat 1.x. Either a bare dataset (gmohandas/denstatbank's mocks) or a bundle of named ones.
  if (Object.hasOwn(document, 'dimension') || Object.hasOwn(document, 'value'))
    return [read(document, null, '1.0')];
  return bundleMembers(document).map(([name, member]) => read(member, name, '1.0'));
}

function bundleMembers(document: JsonObject): [string, unknown][] {
  // Every object member of a bundle is a dataset; members such as "version" or "class" are plain strings.
  const members = Object.entries(document).filter(([, v]) => isObject(v));
  if (members.length === 0)
    throw new StatbankFormatError(
      'jsonstat',
      'no dataset found: expected class "dataset" or "collection", a "dataset" wrapper or a bundle of datasets',
      {},
      { code: 'jsonstat.noDataset', params: {} },
    );
  return members;
}

function collectionItems(document: JsonObject): { item: JsonObject; name: string }[] {
  const link = own(document, 'link');
  const items = isObject(link) ? own(link, 'item') : undefined;
  if (!Array.isArray(items))
    throw new StatbankFormatError(
      'jsonstat',
      'collection: expected "link.item" to be an array of items',
      {},
      { code: 'jsonstat.collectionShape', params: {} },
    );
  // Items that are only links carry no data; only embedded datasets can be read here.
  const embedded = items.flatMap((item: unknown, i) =>
    isObject(item) && own(item, 'class') === 'dataset' && Object.hasOwn(item, 'dimension')
      ? [{ item, name: `link.item[${i}]` }]
      : [],
  );
  if (embedded.length === 0)
    throw new StatbankFormatError(
      'jsonstat',
      'collection holds no embedded datasets, only links to fetch separately',
      {},
      { code: 'jsonstat.collectionLinksOnly', params: {} },
    );
  return embedded;
}

/** StatBank answers a bad request with `{"errorTypeCode": ..., "message": ...}`; say that, not "missing dimension". */
function refuseApiError(document: JsonObject): void {
  const code = optionalString(own(document, 'errorTypeCode'));
  const message = optionalString(own(document, 'message'));
  if (code !== undefined && !Object.hasOwn(document, 'dimension'))
    throw new StatbankFormatError(
      'jsonstat',
      `the API answered with an error (${code}): ${(message ?? '(no message)').slice(0, 200)}`,
      {},
      { code: 'jsonstat.apiError', params: { code, message: (message ?? '–').slice(0, 200) } },
    );
}
