// Turns the bytes of a definition file into a validated strategy, or into errors that name the file,
// the path inside it and what is wrong. Pure: the caller reads the file.
import { createHash } from 'node:crypto';
import { LineCounter, parseDocument } from 'yaml';
import type { ZodIssue } from 'zod';
import { formatPath, strategySchema, type StrategyDefinition } from './schema.ts';

/** A definition is a few hundred kilobytes at most; anything far larger is a mistake, refused before parsing. */
export const MAX_DEFINITION_BYTES = 2 * 1024 * 1024;

export interface DefinitionError {
  readonly file: string;
  /** Path inside the document (`areas[2].indicators[0].direction`), or a line and column for syntax errors. */
  readonly at: string;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly definition: StrategyDefinition; readonly contentHash: string }
  | { readonly ok: false; readonly errors: readonly DefinitionError[] };

export function formatDefinitionError(e: DefinitionError): string {
  return `${e.file}: ${e.at}: ${e.message}`;
}

export function parseStrategyDefinition(bytes: Uint8Array, file: string): ParseResult {
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
    return fail('(root)', 'expected a mapping of fields (formatVersion, id, title, areas, ...)');

  const parsed = strategySchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => issueToError(file, i)) };
  return { ok: true, definition: parsed.data, contentHash: hashDefinition(parsed.data) };
}

/**
 * The hash of the validated content, not of the bytes: a comment or re-indentation is not a new version
 * of the strategy, a changed word is.
 */
export function hashDefinition(definition: StrategyDefinition): string {
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

function issueToError(file: string, issue: ZodIssue): DefinitionError {
  const at = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return {
        file,
        at,
        message:
          issue.received === 'undefined'
            ? `required ${describeType(issue.expected)} is missing`
            : `expected ${describeType(issue.expected)}, got ${describeType(issue.received)}`,
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
    case 'invalid_literal':
      return { file, at, message: issue.message };
    default:
      return { file, at, message: issue.message };
  }
}

function atLine(pos: { line: number; col: number }): string {
  return `line ${pos.line}, column ${pos.col}`;
}

function describeType(t: string): string {
  return t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : t;
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
