// The confidence level every interval in the engine is computed at, and its two-sided normal multiplier.
import { normalQuantile } from './normal-quantile.ts';

export const DEFAULT_LEVEL = 0.95;

export interface Confidence {
  /** The two-sided confidence level, e.g. 0.95. */
  readonly level: number;
  /** The normal quantile z at (1 + level) / 2, e.g. 1.959964 for 0.95. */
  readonly z: number;
}

/** The default level's multiplier, computed once: every series of a national recomputation asks for it. */
const DEFAULT_CONFIDENCE: Confidence = { level: DEFAULT_LEVEL, z: normalQuantile((1 + DEFAULT_LEVEL) / 2) };

/** A level outside (0, 1) is a programming or configuration error, not a data problem, so it throws. */
export function confidenceAt(level: number = DEFAULT_LEVEL): Confidence {
  if (level === DEFAULT_LEVEL) return DEFAULT_CONFIDENCE;
  if (!(level > 0 && level < 1))
    throw new RangeError(`invalid confidence level: ${level} (expected 0 < level < 1)`);
  return { level, z: normalQuantile((1 + level) / 2) };
}
