// Whether a change in the gap is closing it, widening it, or not clearly either, given the desired direction.
import type { Indicator } from '../strategy/schema.ts';
import type { Estimate } from './estimate.ts';

export type Direction = Indicator['direction'];

/** The three statuses a change with an interval can have. */
export type Movement = 'closing' | 'widening' | 'no-clear-change';

/**
 * Decides on the additive scale (differences as they are, ratios as logs), where "no change" is 0.
 *
 * - up: the target group should rise relative to the comparison group, so a change above 0 closes the gap;
 *   down: the reverse. For these two the desired movement is the strategy's aim, whatever the gap's sign.
 * - parity: the distance from no gap, |g|, should shrink. With the baseline gap g_b held at its estimate the
 *   distance changes by |g_b + D| − |g_b|, which is below 0 exactly for D between −2·g_b and 0. The gap is
 *   closing only if the whole interval for D lies strictly inside that range (so overshooting to a larger gap
 *   on the other side is not closing), and widening only if the whole interval lies outside it.
 *
 * In every case an interval that includes 0 gives `no-clear-change`: 0 is inside both ranges' boundaries, so
 * neither "all closing" nor "all widening" can hold. A significant change is never claimed without one.
 */
export function classifyChange(direction: Direction, change: Estimate, baselineGap: number): Movement {
  const { lower, upper } = change;
  if (direction === 'up') return lower > 0 ? 'closing' : upper < 0 ? 'widening' : 'no-clear-change';
  if (direction === 'down') return upper < 0 ? 'closing' : lower > 0 ? 'widening' : 'no-clear-change';
  const low = Math.min(0, -2 * baselineGap);
  const high = Math.max(0, -2 * baselineGap);
  if (low < lower && upper < high) return 'closing';
  if (upper < low || lower > high) return 'widening';
  return 'no-clear-change';
}

/** The way the point estimates moved, for values without counts: information, never a status. */
export type ObservedDirection = 'closing' | 'widening' | 'unchanged';

export function observedDirection(
  direction: Direction,
  change: number,
  baselineGap: number,
): ObservedDirection {
  const m = classifyChange(direction, { estimate: change, lower: change, upper: change }, baselineGap);
  return m === 'no-clear-change' ? 'unchanged' : m;
}
