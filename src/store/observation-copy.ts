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

/** A closed window: its segments, where each one's figures start in `order`, and the few figures' extras. */
interface Window {
  readonly segments: readonly Gathering[];
  readonly start: Int32Array;
  readonly order: Int32Array;
  readonly missing: ReadonlyMap<number, { readonly reason: string; readonly marker: string | null }>;
  readonly numerator: ReadonlyMap<number, number>;
  readonly denominator: ReadonlyMap<number, number>;
}

/** One segment's plain figures in a closed window: `count` of them, listed in `order` from `from`. */
export interface FigureRun {
  readonly order: Int32Array;
  readonly from: number;
  readonly count: number;
  readonly valueOf: Float64Array;
  /** The segment's periods as an array literal, `{2021K1,2021K2}`, in UTF-8. */
  readonly periods: Uint8Array;
}

/** A segment being gathered: its key, and how many of the window's figures are its. */
interface Gathering {
  readonly series: string;
  readonly area: string;
  readonly dims: DimsKnown;
  readonly unit: string;
  readonly status: string;
  readonly illustrative: boolean;
  count: number;
  /** Whether any of its figures is missing, has a numerator, has a denominator. */
  missing: boolean;
  numerators: boolean;
  denominators: boolean;
}

/**
 * Observations grouped by key: rows of a statistical table come in any order of their variables, so the figures
 * of one key are gathered over a window of rows and written as one segment when the window is full. A key
 * whose rows span windows gets one segment per window; the store finds repeats across them.
 *
 * The window's figures live in typed arrays made once and filled again for every window: a window outlives
 * several young collections, and figures kept in ordinary arrays would each be moved to the old generation and
 * stay there, as garbage, until a full collection, so memory would grow with every window.
 */
export class SegmentGrouper {
  /**
   * The window's segments by area (or by area, series, unit, status and flag, for rows that differ from the
   * window's first in any of those), then by dimension set: two short lookups a row instead of one long key.
   * Rows come in runs of one area, so the area's map of the row before is tried first: an area code read from a
   * file is a new string on every row, and a lookup would hash it again.
   */
  #byArea = new Map<string, Map<Dimensions | string, number>>();
  #lastArea: string | undefined;
  #lastByDims: Map<Dimensions | string, number> | undefined;
  /** The window's segments, in the order they were begun; a segment's number is its place here. */
  #segments: Gathering[] = [];
  /** For each figure of the window, in the order they came: its segment, its period's number, its value. */
  #segmentOf: Int32Array;
  #periodOf: Int32Array;
  #valueOf: Float64Array;
  /** The window's figures ordered by segment, made by `drain`. */
  #order: Int32Array;
  /** The few figures with more than a number: a missing figure's reason and marker, numerators, denominators. */
  #missing = new Map<number, { readonly reason: string; readonly marker: string | null }>();
  #numerator = new Map<number, number>();
  #denominator = new Map<number, number>();
  /** Every period met so far, numbered. */
  #periodIds = new Map<string, number>();
  #periods: string[] = [];
  /** Each period's UTF-8 bytes, by number, for segments written as bytes. */
  #periodBytes: Uint8Array[] = [];
  /**
   * The periods of the segment written last, by number, and their array literal: the keys of a table mostly
   * share their periods, so most segments reuse the literal of the one before.
   */
  #literalIds = new Int32Array(0);
  #literal: Uint8Array = new Uint8Array(0);
  #lastPeriod: string | undefined;
  #lastPeriodId = 0;
  #usual: Observation | undefined;
  #buffered = 0;
  #lastDims: Dimensions | undefined;
  #lastKnown: DimsKnown | undefined;
  #dimsKnown = new WeakMap<Dimensions, DimsKnown>();
  readonly repeats: RepeatedFigure[] = [];
  repeatCount = 0;
  /**
   * Each key (series, area, dimensions) written so far, while there are not too many to remember, with the place
   * of the lowest and highest period its segments have had: a later segment of the key whose periods all lie
   * outside that span cannot repeat one of them, so only keys whose spans meet need comparing in the database.
   */
  #written: Map<string, number> | undefined = new Map();
  #lowest: string[] = [];
  #highest: string[] = [];
  /** The span of periods of the segment `#checkRepeats` looked at last. */
  #low = '';
  #high = '';
  /** The periods' literal that span is of, when that segment was plain and repeated no period. */
  #spanOf: Uint8Array | undefined;
  /** Keys written in more than one segment, whose segments must be compared for repeated periods. */
  readonly splitKeys: SplitKey[] = [];

  /**
   * `window`: how many figures are held before `drain()` should be called; `prefix`: COPY text put before each
   * line (fields the caller's table has first).
   */
  constructor(
    readonly window: number,
    readonly prefix = '',
  ) {
    const size = Math.max(16, window);
    this.#segmentOf = new Int32Array(size);
    this.#periodOf = new Int32Array(size);
    this.#valueOf = new Float64Array(size);
    this.#order = new Int32Array(size);
  }

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
    const usual = (this.#usual ??= o);
    const id =
      o.series === usual.series &&
      o.unit === usual.unit &&
      o.status === usual.status &&
      o.illustrative === usual.illustrative
        ? o.area
        : `${o.area}\u0000${o.series}\u0000${o.unit}\u0000${o.status}\u0000${o.illustrative ? 1 : 0}`;
    let byDims = id === this.#lastArea ? this.#lastByDims : this.#byArea.get(id);
    if (byDims === undefined) this.#byArea.set(id, (byDims = new Map()));
    this.#lastArea = id;
    this.#lastByDims = byDims;
    let k = byDims.get(known.handle);
    let s = k === undefined ? undefined : (this.#segments[k] as Gathering);
    if (s === undefined || s.count >= MAX_SEGMENT_LENGTH) {
      k = this.#segments.length;
      s = {
        series: o.series,
        area: o.area,
        dims: known,
        unit: o.unit,
        status: o.status,
        illustrative: o.illustrative,
        count: 0,
        missing: false,
        numerators: false,
        denominators: false,
      };
      this.#segments.push(s);
      byDims.set(known.handle, k);
    }
    const v = o.value;
    if (v.kind === 'number' && !Number.isFinite(v.value))
      throw new CopyEncodingError(`not a finite number: ${v.value}`);
    const i = this.#buffered;
    if (i === this.#segmentOf.length) this.#grow();
    s.count++;
    this.#segmentOf[i] = k as number;
    this.#periodOf[i] = this.#periodId(o.period);
    if (v.kind === 'number') this.#valueOf[i] = v.value;
    else {
      this.#valueOf[i] = Number.NaN;
      this.#missing.set(i, { reason: v.reason, marker: v.marker });
      s.missing = true;
    }
    if (o.numerator !== undefined) {
      this.#numerator.set(i, o.numerator);
      s.numerators = true;
    }
    if (o.denominator !== undefined) {
      this.#denominator.set(i, o.denominator);
      s.denominators = true;
    }
    return ++this.#buffered >= this.window;
  }

  /** The segments gathered so far, as COPY lines; the grouper starts an empty window. */
  *drain(): Generator<string> {
    const w = this.#closeWindow();
    for (let k = 0; k < w.segments.length; k++)
      yield this.#line(this.#segment(w, w.segments[k] as Gathering, w.start[k] as number));
  }

  /**
   * The segments gathered so far, written into `slices`; yields each time the slices are full and should be
   * taken (the caller sends them, then goes on). A segment of plain figures (no missing one, no counts) is written
   * as bytes straight from the window, with no line of text built on the way; any other as `drain` gives it.
   */
  *drainInto(slices: SliceWriter): Generator<void> {
    const w = this.#closeWindow();
    for (let k = 0; k < w.segments.length; k++) {
      const g = w.segments[k] as Gathering;
      const from = w.start[k] as number;
      if (g.missing || g.numerators || g.denominators) {
        if (slices.add(this.#line(this.#segment(w, g, from)))) yield;
        continue;
      }
      const literal = this.#periodsLiteral(w.order, from, g.count);
      // The same periods as the plain segment noted before, which repeated none: the same span, no repeat.
      if (literal === this.#spanOf) this.#remember(g.series, g.area, g.dims.key);
      else {
        const periods = new Array<string>(g.count);
        for (let j = 0; j < g.count; j++)
          periods[j] = this.#periods[this.#periodOf[w.order[from + j] as number] as number] as string;
        const repeatFree = this.#checkRepeats(g.series, g.area, g.dims.key, periods);
        this.#remember(g.series, g.area, g.dims.key);
        this.#spanOf = repeatFree ? literal : undefined;
      }
      const head = this.prefix + segmentHead(keyOf(g));
      const figures: FigureRun = {
        order: w.order,
        from,
        count: g.count,
        valueOf: this.#valueOf,
        periods: literal,
      };
      let written = slices.addFigures(head, figures);
      // Taken, the slices start a fresh buffer: the line then fits, or is found too long for any.
      while (written === 'no room') {
        yield;
        written = slices.addFigures(head, figures);
      }
      if (written === 'too long') {
        // Already noted above: the line is written as `drain` would, without noting it twice.
        if (slices.add(this.prefix + segmentLine(this.#segment(w, g, from)))) yield;
      } else if (written === 'full') yield;
    }
  }

  /** Ends the window: its segments, and its figures ordered by segment; the grouper starts an empty one. */
  #closeWindow(): Window {
    const n = this.#buffered;
    const segments = this.#segments;
    const window = {
      segments,
      start: new Int32Array(segments.length + 1),
      order: this.#order,
      missing: this.#missing,
      numerator: this.#numerator,
      denominator: this.#denominator,
    };
    this.#segments = [];
    this.#byArea = new Map();
    this.#lastArea = undefined;
    this.#lastByDims = undefined;
    this.#missing = new Map();
    this.#numerator = new Map();
    this.#denominator = new Map();
    this.#buffered = 0;
    // The figures ordered by segment, keeping their order within one (a counting sort).
    const segmentOf = this.#segmentOf;
    const start = window.start;
    for (let i = 0; i < n; i++) (start[(segmentOf[i] as number) + 1] as number)++;
    for (let k = 1; k <= segments.length; k++) start[k] = (start[k] as number) + (start[k - 1] as number);
    const next = start.slice(0, segments.length);
    const order = this.#order;
    for (let i = 0; i < n; i++) {
      const k = segmentOf[i] as number;
      order[(next[k] as number)++] = i;
    }
    return window;
  }

  /** One segment of a closed window, its figures in arrays. */
  #segment(w: Window, g: Gathering, from: number): Segment {
    const names = this.#periods;
    const periodOf = this.#periodOf;
    const valueOf = this.#valueOf;
    const order = w.order;
    const periods = new Array<string>(g.count);
    const values = new Array<number>(g.count);
    const reasons = g.missing ? new Array<string | null>(g.count) : null;
    const markers = g.missing ? new Array<string | null>(g.count) : null;
    const numerators = g.numerators ? new Array<number>(g.count) : null;
    const denominators = g.denominators ? new Array<number>(g.count) : null;
    for (let j = 0; j < g.count; j++) {
      const i = order[from + j] as number;
      periods[j] = names[periodOf[i] as number] as string;
      values[j] = valueOf[i] as number;
      if (reasons !== null && markers !== null) {
        const m = w.missing.get(i);
        reasons[j] = m?.reason ?? null;
        markers[j] = m?.marker ?? null;
      }
      if (numerators !== null) numerators[j] = w.numerator.get(i) ?? Number.NaN;
      if (denominators !== null) denominators[j] = w.denominator.get(i) ?? Number.NaN;
    }
    return {
      ...keyOf(g),
      periods,
      values,
      reasons,
      markers,
      numerators,
      denominators,
    };
  }

  /**
   * True when a repeat across segments cannot be ruled out by the keys remembered: past `MAX_REMEMBERED_KEYS`
   * (a file of millions of keys) every segment is compared.
   */
  get compareAllSegments(): boolean {
    return this.#written === undefined;
  }

  /** The array literal of a segment's periods, the one before's when they are the same. */
  #periodsLiteral(order: Int32Array, from: number, count: number): Uint8Array {
    const periodOf = this.#periodOf;
    const last = this.#literalIds;
    let same = last.length === count;
    for (let j = 0; j < count && same; j++) same = last[j] === periodOf[order[from + j] as number];
    if (same) return this.#literal;
    const ids = new Int32Array(count);
    let length = 1 + Math.max(count, 1);
    for (let j = 0; j < count; j++) {
      const id = periodOf[order[from + j] as number] as number;
      ids[j] = id;
      length += (this.#periodBytes[id] as Uint8Array).length;
    }
    const literal = new Uint8Array(length);
    let at = 0;
    literal[at++] = OPEN_BRACE;
    for (let j = 0; j < count; j++) {
      if (j > 0) literal[at++] = COMMA;
      const bytes = this.#periodBytes[ids[j] as number] as Uint8Array;
      literal.set(bytes, at);
      at += bytes.length;
    }
    literal[at++] = CLOSE_BRACE;
    this.#literalIds = ids;
    this.#literal = literal;
    return literal;
  }

  #periodId(period: string): number {
    if (period === this.#lastPeriod) return this.#lastPeriodId;
    let id = this.#periodIds.get(period);
    if (id === undefined) {
      id = this.#periods.length;
      this.#periods.push(period);
      this.#periodIds.set(period, id);
      const bytes = Buffer.from(period, 'utf8');
      this.#periodBytes.push(bytes);
    }
    this.#lastPeriod = period;
    this.#lastPeriodId = id;
    return id;
  }

  /** Room for more figures than the window, for a caller that adds on without draining. */
  #grow(): void {
    const size = this.#segmentOf.length * 2;
    const segmentOf = new Int32Array(size);
    const periodOf = new Int32Array(size);
    const valueOf = new Float64Array(size);
    segmentOf.set(this.#segmentOf);
    periodOf.set(this.#periodOf);
    valueOf.set(this.#valueOf);
    this.#segmentOf = segmentOf;
    this.#periodOf = periodOf;
    this.#valueOf = valueOf;
    this.#order = new Int32Array(size);
  }

  #line(s: Segment): string {
    this.#checkRepeats(s.series, s.area, s.dimsKey, s.periods);
    this.#remember(s.series, s.area, s.dimsKey);
    this.#spanOf = undefined;
    return this.prefix + segmentLine(s);
  }

  /** Remembers a segment's key with the span of periods `#checkRepeats` found. */
  #remember(series: string, area: string, dimsKey: string): void {
    const written = this.#written;
    if (written !== undefined) {
      const key = `${series}\u0000${area}\u0000${dimsKey}`;
      const at = written.get(key);
      const low = this.#low;
      const high = this.#high;
      if (at === undefined) {
        written.set(key, this.#lowest.length);
        this.#lowest.push(low);
        this.#highest.push(high);
      } else {
        const lowest = this.#lowest[at] as string;
        const highest = this.#highest[at] as string;
        if (high >= lowest && low <= highest) {
          if (this.splitKeys.length < MAX_REMEMBERED_KEYS) this.splitKeys.push({ series, area, dimsKey });
          else this.#forget();
        }
        if (low < lowest) this.#lowest[at] = low;
        if (high > highest) this.#highest[at] = high;
      }
      if (written.size > MAX_REMEMBERED_KEYS) this.#forget();
    }
  }

  /** Past MAX_REMEMBERED_KEYS: every segment will be compared, and no key need be remembered. */
  #forget(): void {
    this.#written = undefined;
    this.#lowest = [];
    this.#highest = [];
  }

  get buffered(): number {
    return this.#buffered;
  }

  /**
   * Counts the periods the segment gives more than once, and notes its lowest and highest period; true when it
   * repeats none.
   */
  #checkRepeats(series: string, area: string, dimsKey: string, periods: readonly string[]): boolean {
    // Periods mostly come in order, and then none repeats; only others need counting.
    let ordered = true;
    for (let i = 1; i < periods.length && ordered; i++)
      ordered = (periods[i - 1] as string) < (periods[i] as string);
    if (ordered) {
      this.#low = periods[0] as string;
      this.#high = periods[periods.length - 1] as string;
      return true;
    }
    let low = periods[0] as string;
    let high = low;
    for (const p of periods)
      if (p < low) low = p;
      else if (p > high) high = p;
    this.#low = low;
    this.#high = high;
    if (new Set(periods).size === periods.length) return true;
    const counts = new Map<string, number>();
    for (const p of periods) counts.set(p, (counts.get(p) ?? 0) + 1);
    for (const [period, count] of counts)
      if (count > 1) {
        this.repeatCount++;
        if (this.repeats.length < 10) this.repeats.push({ series, area, period, dims: dimsKey, count });
      }
    return false;
  }
}

/** One segment as a line of the staging table's COPY text. */
export function segmentLine(s: Segment): string {
  return (
    `${segmentHead(s)}{${s.periods.join(',')}}\t${numberArray(s.values)}\t${textArray(s.reasons)}\t` +
    `${textArray(s.markers)}\t${numberArray(s.numerators)}\t${numberArray(s.denominators)}\n`
  );
}

type SegmentKey = Pick<
  Segment,
  'series' | 'area' | 'dimsJson' | 'dimsKey' | 'unit' | 'status' | 'illustrative'
>;

/** A gathered segment's key, as its line gives it. */
function keyOf(g: Gathering): SegmentKey {
  return {
    series: g.series,
    area: g.area,
    dimsJson: g.dims.json,
    dimsKey: g.dims.key,
    unit: g.unit,
    status: g.status,
    illustrative: g.illustrative,
  };
}

/** A segment's key: the fields of its line before the periods, each followed by its tab. */
function segmentHead(s: SegmentKey): string {
  return (
    `${copyText(s.series)}\t${copyText(s.area)}\t${copyText(s.dimsJson)}\t${copyText(s.dimsKey)}\t` +
    `${copyText(s.unit)}\t${copyText(s.status)}\t${copyBoolean(s.illustrative)}\t`
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
 * slices it holds), and no long string is built (and kept alive through garbage collections) on the way. A slice
 * given back with `recycle` once it has been sent is filled again: buffers that outlive a young collection are
 * freed only by a full one, so fresh buffers for every slice would pile up outside the heap in the meantime.
 */
export class SliceWriter {
  #buffer: Buffer;
  #used = 0;
  /** Lines that did not fit, waiting for the next buffer. */
  #overflow: string[] = [];
  /** Buffers sent and given back, ready to be filled again. */
  #free: Buffer[] = [];

  constructor(readonly size: number) {
    this.#buffer = this.#fresh();
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
   * Writes one segment of plain figures as a line: `head` (the key's fields, each with its tab), then the periods
   * and the figures as array literals, then the four absent arrays. The same bytes `segmentLine` gives. Says
   * whether the buffer is now (nearly) full, or that it has no room for the line (take the slices and try again),
   * or that the line may be longer than a whole buffer (write it as text instead).
   */
  addFigures(head: string, f: FigureRun): 'written' | 'full' | 'no room' | 'too long' {
    // Three bytes of UTF-8 per UTF-16 unit of the head at most; a figure at most 24 characters ("-1.2345e-308").
    const bound = head.length * 3 + f.periods.length + f.count * 25 + FIGURES_TAIL.length + 4;
    if (bound > this.size) return 'too long';
    if (this.#overflow.length > 0 || bound > this.size - this.#used)
      return this.#used === 0 && this.#overflow.length === 0 ? 'too long' : 'no room';
    const buf = this.#buffer;
    let at = this.#used + buf.write(head, this.#used);
    const { order, from, count, valueOf } = f;
    buf.set(f.periods, at);
    at += f.periods.length;
    buf[at++] = TAB;
    buf[at++] = OPEN_BRACE;
    for (let j = 0; j < count; j++) {
      if (j > 0) buf[at++] = COMMA;
      at = writeNumber(buf, at, valueOf[order[from + j] as number] as number);
    }
    buf[at++] = CLOSE_BRACE;
    at += buf.write(FIGURES_TAIL, at, 'latin1');
    this.#used = at;
    return this.size - at < 4096 ? 'full' : 'written';
  }

  /** The lines gathered so far, as slices to send in order; the writer goes on in a new buffer. */
  take(): Buffer[] {
    const out: Buffer[] = [];
    if (this.#used > 0) {
      out.push(this.#buffer.subarray(0, this.#used));
      this.#buffer = this.#fresh();
    }
    this.#used = 0;
    const overflow = this.#overflow;
    this.#overflow = [];
    for (const line of overflow) {
      const bytes = Buffer.byteLength(line);
      if (bytes > this.size) out.push(Buffer.from(line, 'utf8'));
      else if (bytes > this.size - this.#used) {
        out.push(this.#buffer.subarray(0, this.#used));
        this.#buffer = this.#fresh();
        this.#used = this.#buffer.write(line, 0);
      } else this.#used += this.#buffer.write(line, this.#used);
    }
    return out;
  }

  /**
   * Gives back a slice from `take` that has been sent and is no longer read by anyone; its buffer is filled
   * again. A slice of another size (one long line of its own) is left to the garbage collector.
   */
  recycle(slice: Buffer): void {
    if (slice.byteOffset === 0 && slice.buffer.byteLength === this.size && this.#free.length < 8)
      this.#free.push(Buffer.from(slice.buffer, 0, this.size));
  }

  /** A buffer of its own (never a view of Node's shared pool), so a recycled slice is the whole of it. */
  #fresh(): Buffer {
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const TAB = 0x09;
/** After the figures: no reasons, no markers, no numerators, no denominators. */
const FIGURES_TAIL = `\t${COPY_NULL}\t${COPY_NULL}\t${COPY_NULL}\t${COPY_NULL}\n`;

/**
 * A finite double as the characters `String` gives it, written as bytes at `at`; returns where it ends. Whole
 * numbers below 10^15 (counts, mostly) are written digit by digit, without a string; any other by its string.
 */
function writeNumber(buf: Uint8Array, at: number, x: number): number {
  if ((x | 0) === x) {
    // A 32-bit integer (-0 too, which is written "0", as String(-0) is): digits by integer division.
    let v = x;
    if (v < 0) {
      buf[at++] = 0x2d;
      v = -v;
    }
    if (v < 10) {
      buf[at++] = 0x30 + v;
      return at;
    }
    const end = at + digitCount(v);
    for (let p = end - 1; p >= at; p--) {
      const q = (v / 10) >>> 0;
      buf[p] = 0x30 + v - q * 10;
      v = q;
    }
    return end;
  }
  if (!Number.isFinite(x)) throw new CopyEncodingError(`not a finite number: ${x}`);
  if (Number.isInteger(x) && x > -1e15 && x < 1e15) {
    if (x < 0) {
      buf[at++] = 0x2d;
      x = -x;
    }
    let digits = 1;
    for (let t = x; t >= 10; t = Math.floor(t / 10)) digits++;
    const end = at + digits;
    for (let p = end - 1; p >= at; p--) {
      buf[p] = 0x30 + (x % 10);
      x = Math.floor(x / 10);
    }
    return end;
  }
  const text = String(x);
  for (let i = 0; i < text.length; i++) buf[at++] = text.charCodeAt(i);
  return at;
}

/** How many decimal digits a whole number from 10 to 2^31 has. */
function digitCount(v: number): number {
  if (v < 100) return 2;
  if (v < 1_000) return 3;
  if (v < 10_000) return 4;
  if (v < 100_000) return 5;
  if (v < 1_000_000) return 6;
  if (v < 10_000_000) return 7;
  if (v < 100_000_000) return 8;
  if (v < 1_000_000_000) return 9;
  return 10;
}
