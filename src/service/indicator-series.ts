// One indicator's figures in one area sorted into the engine's input series: the totals and each breakdown value's.
import {
  counts,
  missing,
  plainValue,
  type MissingReason,
  type Observation,
  type SeriesPoint,
} from '../domain/engine/index.ts';
import type { CurrentFigure } from '../store/observation-store.ts';

export interface FigureSeries {
  /** The totals: figures with dims { group } only. */
  readonly totals: SeriesPoint[];
  /** Every value the figures give the dimension (e.g. "women", "men" for sex), sorted. */
  values(dim: string): string[];
  /** The series of one breakdown value: figures with dims { group, <dim>: value }; empty when there are none. */
  series(dim: string, value: string): SeriesPoint[];
}

/**
 * Each figure is put in its series by its dims, once; each series lists its periods in label order. Figures with
 * other dimensions (several at once, or a group that is neither target nor comparison) belong to no series, but
 * their dimension values are still listed, so a breakdown the data gives in an unusable shape shows as empty.
 */
export function sortIntoSeries(rows: readonly CurrentFigure[]): FigureSeries {
  const dimsSeen = new Set<Readonly<Record<string, string>>>();
  const buckets = new Map<string, Bucket>();
  for (const r of rows) {
    dimsSeen.add(r.dims);
    const place = placeOf(r.dims);
    if (place === undefined) continue;
    let bucket = buckets.get(place.key);
    if (!bucket) {
      bucket = { slots: [], byPeriod: undefined };
      buckets.set(place.key, bucket);
    }
    slotOf(bucket, r.period)[place.group] = toEngine(r);
  }
  return {
    totals: toSeries(buckets.get('')),
    values: (dim) =>
      [...new Set([...dimsSeen].map((d) => d[dim]).filter((v): v is string => v !== undefined))].sort(),
    series: (dim, value) => toSeries(buckets.get(placeKey(dim, value))),
  };
}

/** A period's point while the figures are sorted in; handed on as the series' point once they all are. */
interface Slot {
  readonly period: string;
  target: Observation;
  comparison: Observation;
}

/** A series' periods; `byPeriod` is made only once a period arrives out of order. */
interface Bucket {
  readonly slots: Slot[];
  byPeriod: Map<string, Slot> | undefined;
}

/**
 * The period's slot, made if new. The store reads figures in period order, so a period is usually the last
 * one's or a later one; while that holds the slots are sorted and unique with no lookup at all.
 */
function slotOf(bucket: Bucket, period: string): Slot {
  const slots = bucket.slots;
  if (!bucket.byPeriod) {
    const last = slots[slots.length - 1];
    if (last && last.period === period) return last;
    if (!last || last.period < period) return add(bucket, period);
    bucket.byPeriod = new Map(slots.map((s) => [s.period, s]));
  }
  return bucket.byPeriod.get(period) ?? add(bucket, period);
}

function add(bucket: Bucket, period: string): Slot {
  const slot: Slot = { period, target: NOT_AVAILABLE, comparison: NOT_AVAILABLE };
  bucket.slots.push(slot);
  bucket.byPeriod?.set(period, slot);
  return slot;
}

function toSeries(bucket: Bucket | undefined): SeriesPoint[] {
  if (!bucket) return [];
  // Slots out of order only once a period came late.
  if (bucket.byPeriod) bucket.slots.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  return bucket.slots;
}

const placeKey = (dim: string, value: string) => `${dim}\u0000${value}`;

/** Which series a figure's dims put it in, if any. */
interface Place {
  readonly key: string;
  readonly group: 'target' | 'comparison';
}

/** Kept per dims object, which the store shares between the figures of one read. */
const places = new WeakMap<Readonly<Record<string, string>>, Place | undefined>();

function placeOf(dims: Readonly<Record<string, string>>): Place | undefined {
  if (places.has(dims)) return places.get(dims);
  const group = dims.group;
  const others = Object.keys(dims).filter((k) => k !== 'group');
  const value = others.length === 1 ? dims[others[0] as string] : undefined;
  const place: Place | undefined =
    group !== 'target' && group !== 'comparison'
      ? undefined
      : others.length === 0
        ? { key: '', group }
        : others.length === 1 && value !== undefined
          ? { key: placeKey(others[0] as string, value), group }
          : undefined;
  places.set(dims, place);
  return place;
}

/** A group without a figure for the period; one shared object, as observations are never changed. */
const NOT_AVAILABLE = missing('not-available');

function toEngine(o: CurrentFigure): Observation {
  if (o.value === null) return missing((o.missingReason ?? 'not-available') as MissingReason);
  if (o.numerator !== null && o.denominator !== null) return counts(o.numerator, o.denominator);
  return plainValue(o.value);
}
