// Observations gathered into segments (one key's figures over its periods) and written as lines of the staging
// table's COPY text, in fixed-size slices.
import type { Dimensions, Observation } from '../domain/observation/index.ts';
import { copyBoolean, CopyEncodingError, copyText, COPY_NULL } from './copy-text.ts';

/** The staging table's columns, in the order each line gives them. */
export const STAGED_COLUMNS =
  'series, area, dims, dims_key, unit, status, illustrative, periods, vals, missing_reasons, missing_markers, numerators, denominators';

/** The most figures one segment holds; a key with more periods gets several segments. */
export const MAX_SEGMENT_LENGTH = 4096;

/**
 * One key's figures in one import, in the order they came. Figures are doubles with NaN where a figure is
 * missing (never a figure itself: only finite numbers are stored), so the arrays hold unboxed numbers.
 */
export interface Segment {
  readonly series: string;
  readonly area: string;
  readonly dimsJson: string;
  readonly dimsKey: string;
  readonly unit: string;
  readonly status: string;
  readonly illustrative: boolean;
  readonly periods: string[];
  readonly values: number[];
  /** Null until a figure of the segment is missing (or has a numerator, a denominator). */
  reasons: (string | null)[] | null;
  markers: (string | null)[] | null;
  numerators: number[] | null;
  denominators: number[] | null;
}

/** A dimension set's key, its JSON, and what the grouper finds it by. */
interface DimsKnown {
  readonly key: string;
  readonly json: string;
  readonly handle: Dimensions | string;
}

/** A key whose figures are in more than one segment of an import. */
export interface SplitKey {
  readonly series: string;
  readonly area: string;
  readonly dimsKey: string;
}

/** Keys the grouper remembers to find those split over segments; past this, all segments are compared. */
const MAX_REMEMBERED_KEYS = 200_000;

/** A key given more than once in one segment. */
export interface RepeatedFigure {
  readonly series: string;
  readonly area: string;
  readonly period: string;
  readonly dims: string;
  readonly count: number;
}

/**
 * Observations grouped by key: rows of a statistical table come in any order of their variables, so the figures
 * of one key are gathered over a window of rows and written as one segment when the window is full. A key
 * whose rows span windows gets one segment per window; the store finds repeats across them.
 */
export class SegmentGrouper {
  /**
   * The window's segments by dimension set, then by area (or by area, series, unit, status and flag, for rows
   * that differ from the window's first in any of those): two short lookups a row instead of one long key.
   */
  #byDims = new Map<Dimensions | string, Map<string, Segment>>();
  /** Segments that reached MAX_SEGMENT_LENGTH and were replaced by a new one for the same key. */
  #full: Segment[] = [];
  #usual: Observation | undefined;
  #buffered = 0;
  #lastDims: Dimensions | undefined;
  #lastKnown: DimsKnown | undefined;
  #dimsKnown = new WeakMap<Dimensions, DimsKnown>();
  readonly repeats: RepeatedFigure[] = [];
  repeatCount = 0;
  /** Each key (series, area, dimensions) written so far, while there are not too many to remember. */
  #written: Set<string> | undefined = new Set();
  /** Keys written in more than one segment, whose segments must be compared for repeated periods. */
  readonly splitKeys: SplitKey[] = [];

  /**
   * `window`: how many figures are held before `drain()` should be called; `prefix`: COPY text put before each
   * line (fields the caller's table has first).
   */
  constructor(
    readonly window: number,
    readonly prefix = '',
  ) {}

  /** Adds one validated row; true when the window is full. */
  add(o: Observation): boolean {
    const dims = o.dims;
    // Rows from one file share their dimension sets (a StatBank reader hands out one frozen object per set):
    // each set's key and JSON are worked out once. A frozen set is found by identity, any other by its key.
    let known = dims === this.#lastDims ? this.#lastKnown : this.#dimsKnown.get(dims);
    if (known === undefined) {
      const key = fastDimsKey(dims);
      known = { key, json: JSON.stringify(dims), handle: Object.isFrozen(dims) ? dims : key };
      this.#dimsKnown.set(dims, known);
    }
    this.#lastDims = dims;
    this.#lastKnown = known;
    let byArea = this.#byDims.get(known.handle);
    if (byArea === undefined) this.#byDims.set(known.handle, (byArea = new Map()));
    const usual = (this.#usual ??= o);
    const id =
      o.series === usual.series &&
      o.unit === usual.unit &&
      o.status === usual.status &&
      o.illustrative === usual.illustrative
        ? o.area
        : `${o.area}\u0000${o.series}\u0000${o.unit}\u0000${o.status}\u0000${o.illustrative ? 1 : 0}`;
    let s = byArea.get(id);
    if (s === undefined || s.periods.length >= MAX_SEGMENT_LENGTH) {
      if (s !== undefined) this.#full.push(s);
      s = {
        series: o.series,
        area: o.area,
        dimsJson: known.json,
        dimsKey: known.key,
        unit: o.unit,
        status: o.status,
        illustrative: o.illustrative,
        periods: [],
        values: [],
        reasons: null,
        markers: null,
        numerators: null,
        denominators: null,
      };
      byArea.set(id, s);
    }
    const n = s.periods.length;
    s.periods.push(o.period);
    const v = o.value;
    // Reasons and markers are both null or both kept, filled with nulls for the figures before.
    if (v.kind === 'number') {
      if (!Number.isFinite(v.value)) throw new CopyEncodingError(`not a finite number: ${v.value}`);
      s.values.push(v.value);
      if (s.reasons) {
        s.reasons.push(null);
        (s.markers as (string | null)[]).push(null);
      }
    } else {
      s.values.push(Number.NaN);
      (s.reasons ??= new Array<string | null>(n).fill(null)).push(v.reason);
      (s.markers ??= new Array<string | null>(n).fill(null)).push(v.marker);
    }
    if (o.numerator !== undefined || s.numerators)
      (s.numerators ??= new Array<number>(n).fill(Number.NaN)).push(o.numerator ?? Number.NaN);
    if (o.denominator !== undefined || s.denominators)
      (s.denominators ??= new Array<number>(n).fill(Number.NaN)).push(o.denominator ?? Number.NaN);
    return ++this.#buffered >= this.window;
  }

  /** The segments gathered so far, as COPY lines; the grouper starts an empty window. */
  *drain(): Generator<string> {
    const full = this.#full;
    const byDims = this.#byDims;
    this.#full = [];
    this.#byDims = new Map();
    this.#buffered = 0;
    for (const s of full) yield this.#line(s);
    for (const byArea of byDims.values()) for (const s of byArea.values()) yield this.#line(s);
  }

  /**
   * True when a repeat across segments cannot be ruled out by the keys remembered: past `MAX_REMEMBERED_KEYS`
   * (a file of millions of keys) every segment is compared.
   */
  get compareAllSegments(): boolean {
    return this.#written === undefined;
  }

  #line(s: Segment): string {
    this.#checkRepeats(s);
    const written = this.#written;
    if (written !== undefined) {
      const key = `${s.series}\u0000${s.area}\u0000${s.dimsKey}`;
      if (!written.has(key)) written.add(key);
      else if (this.splitKeys.length < MAX_REMEMBERED_KEYS)
        this.splitKeys.push({ series: s.series, area: s.area, dimsKey: s.dimsKey });
      else this.#written = undefined;
      if (written.size > MAX_REMEMBERED_KEYS) this.#written = undefined;
    }
    return this.prefix + segmentLine(s);
  }

  get buffered(): number {
    return this.#buffered;
  }

  #checkRepeats(s: Segment): void {
    const periods = s.periods;
    // Periods mostly come in order, and then none repeats; only others need counting.
    let ordered = true;
    for (let i = 1; i < periods.length && ordered; i++)
      ordered = (periods[i - 1] as string) < (periods[i] as string);
    if (ordered || new Set(periods).size === periods.length) return;
    const counts = new Map<string, number>();
    for (const p of periods) counts.set(p, (counts.get(p) ?? 0) + 1);
    for (const [period, count] of counts)
      if (count > 1) {
        this.repeatCount++;
        if (this.repeats.length < 10)
          this.repeats.push({ series: s.series, area: s.area, period, dims: s.dimsKey, count });
      }
  }
}

/** One segment as a line of the staging table's COPY text. */
export function segmentLine(s: Segment): string {
  return (
    `${copyText(s.series)}\t${copyText(s.area)}\t${copyText(s.dimsJson)}\t${copyText(s.dimsKey)}\t` +
    `${copyText(s.unit)}\t${copyText(s.status)}\t${copyBoolean(s.illustrative)}\t` +
    `{${s.periods.join(',')}}\t${numberArray(s.values)}\t${textArray(s.reasons)}\t${textArray(s.markers)}\t` +
    `${numberArray(s.numerators)}\t${numberArray(s.denominators)}\n`
  );
}

/**
 * An array of doubles as PostgreSQL's array literal, inside COPY text (digits, signs, "e", "." and NULL need no
 * escape in either); NaN, the segment's mark for no figure, is NULL. JavaScript's shortest round-trip form is
 * read back as the same double.
 */
function numberArray(xs: readonly number[] | null): string {
  if (xs === null) return COPY_NULL;
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (i > 0) out += ',';
    if (Number.isNaN(x)) out += 'NULL';
    else if (Number.isFinite(x)) out += String(x);
    else throw new CopyEncodingError(`not a finite number: ${x}`);
  }
  return `${out}}`;
}

/** An array of texts: each element quoted (so none reads as NULL or splits at a comma), then escaped for COPY. */
function textArray(xs: readonly (string | null)[] | null): string {
  if (xs === null) return COPY_NULL;
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (i > 0) out += ',';
    out += x === null || x === undefined ? 'NULL' : `"${x.replace(/[\\"]/g, '\\$&')}"`;
  }
  return copyText(`${out}}`);
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

/**
 * Lines gathered into buffers of `size` bytes: memory stays the same at any number of rows (the caller bounds the
 * slices it holds), and no long string is built (and kept alive through garbage collections) on the way.
 */
export class SliceWriter {
  #buffer: Buffer;
  #used = 0;
  /** Lines that did not fit, waiting for the next buffer. */
  #overflow: string[] = [];

  constructor(readonly size: number) {
    this.#buffer = Buffer.allocUnsafe(size);
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

  /** The lines gathered so far, as slices to send in order; the writer goes on in a new buffer. */
  take(): Buffer[] {
    const out: Buffer[] = [];
    if (this.#used > 0) {
      out.push(this.#buffer.subarray(0, this.#used));
      this.#buffer = Buffer.allocUnsafe(this.size);
    }
    this.#used = 0;
    const overflow = this.#overflow;
    this.#overflow = [];
    for (const line of overflow) {
      const bytes = Buffer.byteLength(line);
      if (bytes > this.size) out.push(Buffer.from(line, 'utf8'));
      else if (bytes > this.size - this.#used) {
        out.push(this.#buffer.subarray(0, this.#used));
        this.#buffer = Buffer.allocUnsafe(this.size);
        this.#used = this.#buffer.write(line, 0);
      } else this.#used += this.#buffer.write(line, this.#used);
    }
    return out;
  }
}
