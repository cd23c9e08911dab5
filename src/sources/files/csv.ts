// Splits decoded CSV text into records: ";" or "," (found from the header line), quoted fields with "" for a
// quote inside, line breaks inside quotes, CRLF, LF or CR. Comment lines (starting with #) and empty rows are
// skipped but counted, so every record keeps the line number a spreadsheet or text editor shows.
import { IndicatorFileError } from './errors.ts';

export type Delimiter = ';' | ',';

export interface CsvRecord {
  /** The line the record starts on, 1-based. */
  readonly line: number;
  readonly fields: readonly string[];
  /** Set when the record is malformed in a way that leaves the rest of the file readable. */
  readonly problem?: string | undefined;
}

export interface CsvTable {
  readonly delimiter: Delimiter;
  readonly header: CsvRecord;
  /** Read once, lazily. */
  readonly records: Iterable<CsvRecord>;
  /** The text of every comment line passed so far, without its "#", for the template marker. */
  readonly comments: readonly string[];
}

const QUOTE = 34;
const CR = 13;
const LF = 10;
const HASH = 35;

/**
 * The delimiter is read from the header line alone: a data value may hold a decimal comma, the header never does.
 * Semicolon wins when both occur, since that is what Danish Excel writes.
 */
export function detectDelimiter(headerLine: string, line: number): Delimiter {
  let quoted = false;
  let comma = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ';') return ';';
    else if (!quoted && c === ',') comma = true;
  }
  if (comma) return ',';
  throw new IndicatorFileError(
    'kolonneoverskrifterne er ikke adskilt af semikolon (;) eller komma (,); ' +
      'gem filen som CSV fra Excel, eller brug skabelonen',
    { line, lineWord: 'linje' },
  );
}

/**
 * Finds the header and hands back the records lazily: a file of hundreds of thousands of rows is validated as it is
 * split, and only the valid rows are kept. Comment lines are collected as they are passed.
 */
export function parseCsv(text: string): CsvTable {
  const comments: string[] = [];
  const state: { delimiter?: Delimiter } = {};
  const items = scan(text, state);
  let header: CsvRecord | undefined;
  for (let next = items.next(); !next.done; next = items.next()) {
    if (typeof next.value === 'string') comments.push(next.value);
    else {
      header = next.value;
      break;
    }
  }
  if (header === undefined || state.delimiter === undefined)
    throw new IndicatorFileError('filen er tom: den har hverken kolonneoverskrifter eller rækker');
  const records = function* (): Generator<CsvRecord> {
    for (let next = items.next(); !next.done; next = items.next()) {
      if (typeof next.value === 'string') comments.push(next.value);
      else yield next.value;
    }
  };
  return { delimiter: state.delimiter, header, records: records(), comments };
}

/** Yields each comment's text (without "#") and each non-blank record, in file order. */
function* scan(text: string, state: { delimiter?: Delimiter }): Generator<string | CsvRecord> {
  let delimiterCode = 0;
  let i = 0;
  let line = 1;
  const n = text.length;

  /** Moves past the line break at i: CRLF, LF or a lone CR. */
  const skipBreak = (): void => {
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    line++;
  };
  const atBreak = (c: number) => c === CR || c === LF;
  const restOfLine = (): string => {
    const from = i;
    while (i < n && !atBreak(text.charCodeAt(i))) i++;
    return text.slice(from, i);
  };

  while (i < n) {
    const start = line;
    if (text.charCodeAt(i) === HASH) {
      const comment = restOfLine().slice(1).trim();
      if (i < n) skipBreak();
      yield comment;
      continue;
    }
    if (state.delimiter === undefined) {
      // Look ahead at the physical line to choose the delimiter before the header is split.
      let end = i;
      while (end < n && !atBreak(text.charCodeAt(end))) end++;
      const first = text.slice(i, end);
      if (first.trim() === '') {
        i = end;
        if (i < n) skipBreak();
        continue;
      }
      state.delimiter = detectDelimiter(first, start);
      delimiterCode = state.delimiter.charCodeAt(0);
    }
    const fields: string[] = [];
    let problem: string | undefined;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const opened = line;
        i++;
        let value = '';
        let from = i;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1)
            throw new IndicatorFileError(
              `et citationstegn (") i felt ${fields.length + 1} åbnes, men lukkes aldrig`,
              { line: opened, lineWord: 'linje' },
            );
          line += countBreaks(text, from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += text.slice(from, q);
          i = q + 1;
          break;
        }
        const next = text.charCodeAt(i);
        if (i < n && next !== delimiterCode && !atBreak(next)) {
          problem ??= `tekst efter det afsluttende citationstegn i felt ${fields.length + 1}`;
          while (i < n && text.charCodeAt(i) !== delimiterCode && !atBreak(text.charCodeAt(i))) i++;
        }
        fields.push(value);
      } else {
        const from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === delimiterCode || atBreak(c)) break;
          i++;
        }
        fields.push(text.slice(from, i));
      }
      if (i < n && text.charCodeAt(i) === delimiterCode) {
        i++;
        continue;
      }
      if (i < n) skipBreak();
      break;
    }
    // Excel pads blank rows to the width of the sheet (";;;;"): they are not records.
    if (problem === undefined && fields.every((f) => f.trim() === '')) continue;
    yield { line: start, fields, problem };
  }
}

function countBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) breaks++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) breaks++;
  }
  return breaks;
}
