// The cube behind a read dataset: row-major cell order, the odometer iterator and lookups by coordinates.
import type { CellStore } from './jsonstat-cells.ts';
import type {
  JsonStatCell,
  JsonStatCoordinates,
  JsonStatDataset,
  JsonStatDimension,
  JsonStatValue,
  JsonStatVersion,
} from './jsonstat-types.ts';

export interface Descriptive {
  readonly version: JsonStatVersion;
  readonly label: string | undefined;
  readonly source: string | undefined;
  readonly updated: string | undefined;
}

export class Cube implements JsonStatDataset<JsonStatValue> {
  readonly version: JsonStatVersion;
  readonly label?: string;
  readonly source?: string;
  readonly updated?: string;
  readonly #positions: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly #strides: readonly number[];

  constructor(
    meta: Descriptive,
    readonly dimensions: readonly JsonStatDimension[],
    readonly size: readonly number[],
    readonly cellCount: number,
    readonly roles: Readonly<Record<string, readonly string[]>>,
    private readonly values: CellStore<JsonStatValue | null>,
    private readonly statuses: CellStore<string>,
  ) {
    this.version = meta.version;
    if (meta.label !== undefined) this.label = meta.label;
    if (meta.source !== undefined) this.source = meta.source;
    if (meta.updated !== undefined) this.updated = meta.updated;
    this.#positions = new Map(
      dimensions.map((d) => [d.id, new Map(d.categories.map((c, k) => [c.code, k]))]),
    );
    const strides: number[] = new Array<number>(size.length);
    let stride = 1;
    for (let k = size.length - 1; k >= 0; k--) {
      strides[k] = stride;
      stride *= size[k] ?? 0;
    }
    this.#strides = strides;
  }

  dimension(id: string): JsonStatDimension | undefined {
    return this.dimensions.find((d) => d.id === id);
  }

  *cells(): IterableIterator<JsonStatCell<JsonStatValue>> {
    if (this.cellCount === 0) return;
    // An odometer over category positions: the last dimension turns fastest, as in the flat value array.
    const positions = this.dimensions.map(() => 0);
    for (let index = 0; index < this.cellCount; index++) {
      const coordinates = Object.fromEntries(
        this.dimensions.map((d, k) => [d.id, d.categories[positions[k] ?? 0]?.code ?? '']),
      );
      yield this.#cell(coordinates, index);
      for (let k = positions.length - 1; k >= 0; k--) {
        const next = (positions[k] ?? 0) + 1;
        if (next < (this.size[k] ?? 0)) {
          positions[k] = next;
          break;
        }
        positions[k] = 0;
      }
    }
  }

  indexOf(coordinates: JsonStatCoordinates): number {
    for (const id of Object.keys(coordinates))
      if (!this.#positions.has(id)) throw new RangeError(`jsonstat: the dataset has no dimension "${id}"`);
    let index = 0;
    this.dimensions.forEach((d, k) => {
      const code = Object.hasOwn(coordinates, d.id) ? coordinates[d.id] : undefined;
      let position: number | undefined;
      if (code === undefined) {
        if (d.categories.length !== 1)
          throw new RangeError(
            `jsonstat: no category given for dimension "${d.id}" (${d.categories.length} categories)`,
          );
        position = 0;
      } else {
        position = this.#positions.get(d.id)?.get(code);
        if (position === undefined)
          throw new RangeError(`jsonstat: dimension "${d.id}" has no category "${code}"`);
      }
      index += position * (this.#strides[k] ?? 0);
    });
    return index;
  }

  valueAt(coordinates: JsonStatCoordinates): JsonStatValue | null {
    return this.valueAtIndex(this.indexOf(coordinates));
  }

  statusAt(coordinates: JsonStatCoordinates): string | undefined {
    return this.statusAtIndex(this.indexOf(coordinates));
  }

  cellAt(coordinates: JsonStatCoordinates): JsonStatCell<JsonStatValue> {
    const index = this.indexOf(coordinates);
    const full = Object.fromEntries(
      this.dimensions.map((d) => [
        d.id,
        (Object.hasOwn(coordinates, d.id) ? coordinates[d.id] : undefined) ?? d.categories[0]?.code ?? '',
      ]),
    );
    return this.#cell(full, index);
  }

  valueAtIndex(index: number): JsonStatValue | null {
    this.#checkIndex(index);
    return this.values.get(index) ?? null;
  }

  statusAtIndex(index: number): string | undefined {
    this.#checkIndex(index);
    return this.statuses.get(index);
  }

  #checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.cellCount)
      throw new RangeError(`jsonstat: cell index ${index} is outside 0..${this.cellCount - 1}`);
  }

  #cell(coordinates: JsonStatCoordinates, index: number): JsonStatCell<JsonStatValue> {
    const value = this.values.get(index) ?? null;
    const status = this.statuses.get(index);
    return status === undefined ? { coordinates, index, value } : { coordinates, index, value, status };
  }
}
