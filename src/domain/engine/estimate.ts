// A point estimate with its confidence limits: the shape every interval method in the engine returns.

export interface Estimate {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** Whether the interval includes the value (its limits count as inside). */
export function includes(e: Estimate, value: number): boolean {
  return e.lower <= value && value <= e.upper;
}
