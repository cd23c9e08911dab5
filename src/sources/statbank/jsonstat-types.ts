// The normalised shape every JSON-stat dataset is read into, whichever version or office wrote it.

/** A cell value: numbers for statistics; strings only where a caller asks for them (JSON-stat allows both). */
export type JsonStatValue = number | string;

/** Which JSON-stat dialect the dataset was written in: 1.x (bundles) or 2.x (`class`). */
export type JsonStatVersion = '1.0' | '2.0';

export interface JsonStatUnit {
  readonly label?: string;
  /** StatBank writes `base` ("Number") where the specification says `label`. */
  readonly base?: string;
  readonly decimals?: number;
  readonly symbol?: string;
  readonly position?: string;
}

export interface JsonStatCategory {
  readonly code: string;
  /** The category's label, or its code when the file gives none. */
  readonly label: string;
  readonly unit?: JsonStatUnit;
}

export interface JsonStatDimension {
  readonly id: string;
  /** The dimension's label, or its id when the file gives none. */
  readonly label: string;
  /** The first role that lists this dimension (`time`, `geo`, `metric`), if any. */
  readonly role?: string;
  /** In `category.index` order, which is the order of the cells. */
  readonly categories: readonly JsonStatCategory[];
}

export type JsonStatCoordinates = Readonly<Record<string, string>>;

export interface JsonStatCell<V extends JsonStatValue = number> {
  /** One category code per dimension id. */
  readonly coordinates: JsonStatCoordinates;
  /** The flat row-major position (last dimension fastest). */
  readonly index: number;
  readonly value: V | null;
  readonly status?: string;
}

export interface JsonStatDataset<V extends JsonStatValue = number> {
  readonly version: JsonStatVersion;
  readonly label?: string;
  readonly source?: string;
  readonly updated?: string;
  /** In `id` order. */
  readonly dimensions: readonly JsonStatDimension[];
  readonly size: readonly number[];
  /** The product of `size`. */
  readonly cellCount: number;
  /** `role` as given (`{ time: ["Tid"], metric: ["ContentsCode"] }`), limited to dimensions that exist. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
  dimension(id: string): JsonStatDimension | undefined;
  /** Every cell in row-major order, nulls included. */
  cells(): IterableIterator<JsonStatCell<V>>;
  /**
   * The flat index of a cell. A dimension with a single category may be left out (StatBank's ContentsCode).
   * Throws RangeError for an unknown dimension or category: that is a caller's mistake, not a format error.
   */
  indexOf(coordinates: JsonStatCoordinates): number;
  valueAt(coordinates: JsonStatCoordinates): V | null;
  statusAt(coordinates: JsonStatCoordinates): string | undefined;
  cellAt(coordinates: JsonStatCoordinates): JsonStatCell<V>;
  valueAtIndex(index: number): V | null;
  statusAtIndex(index: number): string | undefined;
}
