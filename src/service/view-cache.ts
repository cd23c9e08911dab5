// Computed views kept between requests. A key names everything a view is made of — the data generation (which
// every committed import changes), the definition it reads and the area — so a stale view is never served: an
// import or a changed definition gives a new key, and the old entry simply ages out.

/** A bounded map of promises, least recently used out first; a failed computation is not kept. */
export class ViewCache<T> {
  readonly #entries = new Map<string, Promise<T>>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`invalid capacity: ${capacity}`);
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The cached value for the key, or the one `compute` makes. Concurrent requests for the same key share one
   * computation, so a burst of requests after an import computes each view once.
   */
  getOrCompute(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit) {
      // Re-inserting moves the key to the end: Map keeps insertion order, so the first key is the oldest use.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const made = compute();
    this.#set(key, made);
    made.catch(() => {
      if (this.#entries.get(key) === made) this.#entries.delete(key);
    });
    return made;
  }

  /** Stores a value computed elsewhere (e.g. as part of a larger computation) under its key. */
  put(key: string, value: T): void {
    this.#set(key, Promise.resolve(value));
  }

  clear(): void {
    this.#entries.clear();
  }

  #set(key: string, value: Promise<T>): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }
}
