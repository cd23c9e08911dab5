// Observations as lines of the staging table's COPY text, and the fixed-size slices those lines travel in.
import type { Dimensions, Observation } from '../domain/observation/index.ts';
import { copyBoolean, copyNullableText, copyNumber, copyRow, copyText } from './copy-text.ts';

/** The staging table's columns, in the order each line gives them. */
export const STAGED_COLUMNS =
  'series, area, period, dims, dims_key, value, missing_reason, missing_marker, numerator, denominator, unit, status, illustrative';

/** One observation as a line: the plain statement of the format, and the reference `lineEncoder` must equal. */
export function stagedLine(o: Observation): string {
  const v = o.value;
  const number = v.kind === 'number';
  return copyRow([
    copyText(o.series),
    copyText(o.area),
    copyText(o.period),
    copyText(JSON.stringify(o.dims)),
    copyText(fastDimsKey(o.dims)),
    copyNumber(number ? v.value : null),
    copyNullableText(number ? null : v.reason),
    copyNullableText(number ? null : v.marker),
    copyNumber(o.numerator),
    copyNumber(o.denominator),
    copyText(o.unit),
    copyText(o.status),
    copyBoolean(o.illustrative),
  ]);
}

/**
 * The same string as the domain's `dimsKey`, without sorting when the names already come in order. Like
 * `dimsKey`, names are ordered by UTF-16 code units (the default of `Array.prototype.sort`).
 */
export function fastDimsKey(dims: Dimensions): string {
  let keys = Object.keys(dims);
  for (let i = 1; i < keys.length; i++)
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      keys = keys.sort();
      break;
    }
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out += i === 0 ? `${k}=${dims[k]}` : `;${k}=${dims[k]}`;
  }
  return out;
}

/** A code that needs escaping neither in JSON nor in COPY text (and holds no surrogate, to keep the test simple). */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** How one set of dimension names is written: JSON name prefixes in the row's order, key prefixes sorted. */
interface DimsShape {
  readonly names: readonly string[];
  readonly jsonPrefixes: readonly string[];
  readonly sortedIndex: readonly number[];
  readonly keyPrefixes: readonly string[];
}

function shapeOf(names: readonly string[]): DimsShape {
  const sortedIndex = names.map((_, i) => i).sort((a, b) => cmp(names[a] as string, names[b] as string));
  return {
    names,
    jsonPrefixes: names.map((k, i) => copyText(`${i === 0 ? '{' : ','}${JSON.stringify(k)}:"`)),
    sortedIndex,
    keyPrefixes: sortedIndex.map((i, j) => copyText(`${j === 0 ? '' : ';'}${names[i]}=`)),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Encodes observations exactly as `stagedLine` does, faster: the rows of one file share their dimension names,
 * so the names' JSON and their sorted order are worked out once and reused while the next row has the same.
 */
export function lineEncoder(): (o: Observation) => string {
  let shape: DimsShape = shapeOf([]);
  const dimsFields = (dims: Dimensions): string => {
    const names = Object.keys(dims);
    if (names.length === 0) return '{}\t';
    if (!sameNames(names, shape.names)) shape = shapeOf(names);
    let json = '';
    for (let i = 0; i < names.length; i++) {
      const code = dims[names[i] as string] as string;
      if (NEEDS_ESCAPE.test(code)) return `${copyText(JSON.stringify(dims))}\t${copyText(fastDimsKey(dims))}`;
      json += `${shape.jsonPrefixes[i] as string}${code}"`;
    }
    let key = '';
    for (let j = 0; j < names.length; j++)
      key +=
        (shape.keyPrefixes[j] as string) + (dims[names[shape.sortedIndex[j] as number] as string] as string);
    return `${json}}\t${key}`;
  };
  return (o) => {
    const v = o.value;
    const missing =
      v.kind === 'number'
        ? `${copyNumber(v.value)}\t\\N\t\\N`
        : `\\N\t${copyText(v.reason)}\t${copyText(v.marker)}`;
    return (
      `${copyText(o.series)}\t${copyText(o.area)}\t${copyText(o.period)}\t${dimsFields(o.dims)}\t${missing}\t` +
      `${copyNumber(o.numerator)}\t${copyNumber(o.denominator)}\t${copyText(o.unit)}\t${copyText(o.status)}\t` +
      `${copyBoolean(o.illustrative)}\n`
    );
  };
}

/**
 * Lines gathered into fixed buffers of `size` bytes: memory stays the same at any number of rows, and no
 * long string is built (and kept alive through garbage collections) on the way.
 */
export class SliceWriter {
  #buffer: Buffer;
  #spare: Buffer;
  #used = 0;
  /** Lines that did not fit, waiting for the next buffer. */
  #overflow: string[] = [];

  constructor(readonly size: number) {
    this.#buffer = Buffer.allocUnsafe(size);
    this.#spare = Buffer.allocUnsafe(size);
  }

  /** Adds a line; true when the buffer is (nearly) full and should be taken. */
  add(line: string): boolean {
    const free = this.size - this.#used;
    // Three bytes of UTF-8 per UTF-16 unit at most, so the exact length is needed only near the end.
    if (this.#overflow.length > 0 || (line.length * 3 > free && Buffer.byteLength(line) > free)) {
      this.#overflow.push(line);
      return true;
    }
    this.#used += this.#buffer.write(line, this.#used);
    return this.size - this.#used < 4096;
  }

  /**
   * The lines gathered so far, as slices to send in order; the writer goes on in its spare buffer. The slices
   * stay valid until the next `take()`, which reuses their memory, so the caller sends them before it takes again.
   */
  take(): Buffer[] {
    const out: Buffer[] = [];
    if (this.#used > 0) out.push(this.#buffer.subarray(0, this.#used));
    [this.#buffer, this.#spare] = [this.#spare, this.#buffer];
    this.#used = 0;
    const overflow = this.#overflow;
    this.#overflow = [];
    for (const line of overflow) {
      const bytes = Buffer.byteLength(line);
      if (bytes > this.size) out.push(Buffer.from(line, 'utf8'));
      else if (bytes > this.size - this.#used) {
        out.push(Buffer.from(this.#buffer.subarray(0, this.#used)));
        this.#used = this.#buffer.write(line, 0);
      } else this.#used += this.#buffer.write(line, this.#used);
    }
    return out;
  }
}
