// A seeded pseudo-random generator for illustrative figures: the same key always gives the same numbers, on
// every machine. The key names what is drawn (series, area, period, group), so adding an area or a period never
// changes the figures of another. No Math.random and no clock.
//
// Only +, −, ×, ÷ and √ are used on the draws: IEEE 754 rounds these identically everywhere, whereas the last
// digit of Math.log, Math.exp or Math.cos may differ between JavaScript engines.

/** FNV-1a over the UTF-16 code units, finished with MurmurHash3's fmix32 so that near keys spread apart. */
export function hash32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32 (Tommy Ettinger, public domain): a 32-bit state, period 2^32, good enough for figures. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number;
  /** Uniform in [−1, 1): a symmetric variation. */
  signed(): number;
  /** Approximately standard normal: the sum of twelve uniforms less six (Irwin–Hall), within ±6. */
  normal(): number;
}

/** A generator seeded from the key's parts, joined with "|". */
export function rngFor(...parts: readonly (string | number)[]): Rng {
  const next = mulberry32(hash32(parts.join('|')));
  return {
    next,
    between: (lo, hi) => lo + (hi - lo) * next(),
    signed: () => 2 * next() - 1,
    normal: () => {
      let s = 0;
      for (let i = 0; i < 12; i++) s += next();
      return s - 6;
    },
  };
}
