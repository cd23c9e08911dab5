// Turns the bytes of a definition file into a validated strategy, or into errors that name the file,
// the path inside it and what is wrong. Pure: the caller reads the file.
import { createHash } from 'node:crypto';
import { LineCounter, parseDocument } from 'yaml';
import type { ZodIssue } from 'zod';
import { convertV1 } from './convert-v1.ts';
import { formatPath, strategySchema, type StrategyDefinition } from './schema.ts';
import { strategySchemaV1, type StrategyDefinitionV1 } from './schema-v1.ts';

/** A definition is a few hundred kilobytes at most; anything far larger is a mistake, refused before parsing. */
export const MAX_DEFINITION_BYTES = 2 * 1024 * 1024;

export interface DefinitionError {
  readonly file: string;
  /** Path inside the document (`areas[2].indicators[0].direction`), or a line and column for syntax errors. */
  readonly at: string;
  readonly message: string;
  /** Where the fault is in the file (1-based), when it can be placed: the value, or the mapping it is missing from. */
  readonly line?: number;
  readonly column?: number;
  /** The path by the ids of the items it passes: `indicator "andel" in area "sundhed", field direction`. */
  readonly where?: string;
}

export type ParseResult =
  | {
      readonly ok: true;
      /** The definition in version 2, whichever version the file was written in. */
      readonly definition: StrategyDefinition;
      readonly contentHash: string;
      /** The format the file was written in: 1 (converted on read) or 2. */
      readonly sourceFormat: 1 | 2;
    }
  | { readonly ok: false; readonly errors: readonly DefinitionError[] };

/** `file:line:column: where (path): message` where the fault can be placed, else `file: path: message`. */
export function formatDefinitionError(e: DefinitionError): string {
  if (e.line === undefined) return `${e.file}: ${e.at}: ${e.message}`;
  const where = e.where && e.where !== e.at ? `${e.where} (${e.at})` : e.at;
  return `${e.file}:${e.line}:${e.column ?? 1}: ${where}: ${e.message}`;
}

export interface ParseOptions {
  /**
   * The Danmarks Statistik area codes that exist (the area registry): a benchmark naming another code is
   * refused. Without it only the form of a code (three digits) is checked.
   */
  readonly areaCodes?: ReadonlySet<string>;
}

/** Which format a document is in: `format: 2`, else version 1 (`formatVersion: 1`, or no version at all). */
export function formatOf(data: object): 1 | 2 | 'unknown' {
  const d = data as { format?: unknown; formatVersion?: unknown };
  if (d.format !== undefined) return d.format === 2 && d.formatVersion === undefined ? 2 : 'unknown';
  return 1;
}

export function parseStrategyDefinition(
  bytes: Uint8Array,
  file: string,
  options: ParseOptions = {},
): ParseResult {
  const fail = (at: string, message: string): ParseResult => ({ ok: false, errors: [{ file, at, message }] });
  if (bytes.byteLength === 0) return fail('(file)', 'the file is empty');
  if (bytes.byteLength > MAX_DEFINITION_BYTES)
    return fail(
      '(file)',
      `the file is ${formatMegabytes(bytes.byteLength)}; a strategy definition may be at most ${formatMegabytes(MAX_DEFINITION_BYTES)}`,
    );
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(
      '(file)',
      `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(bytes)}); save the file as UTF-8`,
    );
  }
  if (source.trim() === '') return fail('(file)', 'the file holds only white space');

  // Without prettyErrors the errors carry only offsets (no linePos); the line counter turns them into lines.
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        file,
        at: atLine(lineCounter.linePos(e.pos[0])),
        message: `syntax error: ${firstLine(e.message)}`,
      })),
    };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return fail('(root)', 'expected a mapping of fields (format, id, title, areas, ...)');

  const version = formatOf(data);
  const toErrors = (issues: readonly ZodIssue[]): ParseResult => ({
    ok: false,
    errors: issues.flatMap(flattenUnion).map((i) => ({
      ...issueToError(file, i, valueAt(data, i.path)),
      ...placeOf(doc, lineCounter, i.path),
      where: whereOf(data, i.path),
    })),
  });
  if (version === 'unknown')
    return toErrors([
      {
        code: 'custom',
        path: ['format' in data ? 'format' : 'formatVersion'],
        message: 'expected "format: 2", or "formatVersion: 1" for a version 1 definition',
      },
    ]);
  if (version === 1) {
    // No version at all is read as version 1, the only format there was before the version field changed.
    const withVersion = 'formatVersion' in data ? data : { formatVersion: 1, ...data };
    const v1 = strategySchemaV1.safeParse(withVersion);
    if (!v1.success) return toErrors(v1.error.issues);
    // The hash stays that of the version 1 content, so a file loaded before version 2 is not a new version.
    return {
      ok: true,
      definition: convertV1(v1.data),
      contentHash: hashDefinition(v1.data),
      sourceFormat: 1,
    };
  }
  const parsed = strategySchema.safeParse(data);
  if (!parsed.success) return toErrors(parsed.error.issues);
  const unknownAreas = benchmarkAreaIssues(parsed.data, options.areaCodes);
  if (unknownAreas.length > 0) return toErrors(unknownAreas);
  return { ok: true, definition: parsed.data, contentHash: hashDefinition(parsed.data), sourceFormat: 2 };
}

/** A stored definition (version 1 as stored before version 2, or version 2) as version 2. */
export function readStoredDefinition(stored: unknown): StrategyDefinition {
  if (stored !== null && typeof stored === 'object' && formatOf(stored) === 1)
    return convertV1(strategySchemaV1.parse(stored));
  return strategySchema.parse(stored);
}

/** Benchmarks naming an area code the registry does not have. */
function benchmarkAreaIssues(d: StrategyDefinition, codes: ReadonlySet<string> | undefined): ZodIssue[] {
  if (!codes) return [];
  const issues: ZodIssue[] = [];
  d.areas.forEach((a, ai) =>
    a.indicators.forEach((ind, ii) => {
      const b = ind.benchmark;
      if (b && 'area' in b && !codes.has(b.area))
        issues.push({
          code: 'custom',
          path: ['areas', ai, 'indicators', ii, 'benchmark', 'area'],
          message: `indicator "${ind.id}": no Danmarks Statistik area has code "${b.area}" (for example "000" is the whole country, "084" Region Hovedstaden)`,
        });
    }),
  );
  return issues;
}

/**
 * A value that fits none of a union's forms: the errors of the form it comes closest to (the one whose type it
 * has, with the fewest errors), or one message naming the forms when it has the type of none.
 */
function flattenUnion(issue: ZodIssue): ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const depth = issue.path.length;
  const candidates = issue.unionErrors
    .map((e) => e.issues)
    .filter((issues) => !issues.some((i) => i.path.length === depth && i.code === 'invalid_type'))
    .sort((a, b) => a.length - b.length);
  const best = candidates[0];
  if (best) return best.flatMap(flattenUnion);
  return [{ ...issue, message: 'expected one of the forms this field allows (see docs/strategy-format.md)' }];
}

/**
 * The hash of the validated content, not of the bytes: a comment or re-indentation is not a new version
 * of the strategy, a changed word is.
 */
export function hashDefinition(definition: StrategyDefinition | StrategyDefinitionV1): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function issueToError(file: string, issue: ZodIssue, given: unknown): DefinitionError {
  const at = formatPath(issue.path);
  const field = issue.path.at(-1);
  switch (issue.code) {
    case 'invalid_type':
      return {
        file,
        at,
        message:
          issue.received === 'undefined'
            ? `${typeof field === 'string' ? `"${field}"` : 'a value'} is missing (expected ${describeType(issue.expected)})`
            : `expected ${describeType(issue.expected)}, got ${describeValue(given, issue.received)}`,
      };
    case 'invalid_enum_value':
      return {
        file,
        at,
        message: `expected ${listChoices(issue.options)}, got ${JSON.stringify(issue.received)}`,
      };
    case 'unrecognized_keys':
      return {
        file,
        at,
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      };
    case 'invalid_string':
    case 'too_small':
    case 'too_big':
      return {
        file,
        at,
        message: given === undefined ? issue.message : `${issue.message}; got ${shortJson(given)}`,
      };
    default:
      return { file, at, message: issue.message };
  }
}

/** The value at a path of the data, or undefined where the path leads nowhere. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** The line and column of the value at the path, or of the nearest mapping or list above it that is there. */
function placeOf(
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): { line?: number; column?: number } {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = doc.getIn(path.slice(0, n) as (string | number)[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) {
      const pos = lineCounter.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}

/** What the items of each id-keyed list are called in a path read by ids. */
const itemNames: Record<string, string> = {
  areas: 'area',
  indicators: 'indicator',
  items: 'intervention',
  centres: 'centre',
  units: 'unit',
  goals: 'goal',
  jobindsats: 'query',
};

/** `area "sundhed" › indicator "andel" › direction`: each list item with an id named by it. */
function whereOf(data: unknown, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let v: unknown = data;
  let field: (string | number)[] = [];
  path.forEach((key, i) => {
    const next = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
    const id = next !== null && typeof next === 'object' ? (next as { id?: unknown }).id : undefined;
    const list = path[i - 1];
    if (typeof key === 'number' && typeof id === 'string' && typeof list === 'string') {
      field.pop();
      if (field.length > 0) parts.push(formatPath(field));
      parts.push(`${itemNames[list] ?? list} "${id}"`);
      field = [];
    } else field.push(typeof key === 'number' ? key : String(key));
    v = next;
  });
  if (field.length > 0) parts.push(formatPath(field));
  return parts.join(' › ') || '(root)';
}

function describeValue(value: unknown, received: string): string {
  if (received === 'object') return 'a mapping';
  if (received === 'array') return 'a list';
  if (value === undefined) return received;
  return `${received === 'string' ? 'the text' : `the ${received}`} ${shortJson(value)}`;
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function atLine(pos: { line: number; col: number }): string {
  return `line ${pos.line}, column ${pos.col}`;
}

function describeType(t: string): string {
  return t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : t === 'string' ? 'text' : t;
}

function listChoices(options: readonly (string | number)[]): string {
  const quoted = options.map((o) => JSON.stringify(o));
  return quoted.length <= 1
    ? (quoted[0] ?? '')
    : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // Binary search on the longest prefix that decodes in streaming mode (valid, or valid but for a character
  // still incomplete at its end). Every shorter prefix has the same property, so the search is sound; cutting
  // a few bytes off instead, as a first version did, let the answer land up to 3 bytes past the bad byte.
  let lo = 0;
  let hi = bytes.byteLength;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (decodes(bytes.subarray(0, mid), true)) lo = mid;
    else hi = mid - 1;
  }
  // A character left incomplete at the end of that prefix starts the bad sequence: back up to its first byte.
  let start = lo;
  while (start > 0 && start > lo - 4 && !decodes(bytes.subarray(0, start), false)) start--;
  return start;
}

function decodes(prefix: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(prefix, { stream });
    return true;
  } catch {
    return false;
  }
}
