// A count published on its own (no total, no neighbours): the one-cell case of `protectList`, answered directly.
import type { CountCell } from './cell.ts';
import { defaultDisclosureConfig, isSmallCount, type DisclosureConfig } from './config.ts';
import { protectList } from './protect-table.ts';

/**
 * The same cell as `protectList([count], config, { total: false }).items[0]`. A lone count has no margin and no
 * other cell to be worked out from, so secondary suppression never applies: only the primary rule decides. A
 * national recomputation publishes hundreds of thousands of group sizes, where building the table's graph for
 * each is most of the work. Anything that is not a non-negative whole number goes through `protectList`, so it
 * is refused with the table's own error.
 */
export function protectCount(count: number, config: DisclosureConfig = defaultDisclosureConfig): CountCell {
  if (!Number.isSafeInteger(count) || count < 0) {
    const [cell] = protectList([count], config, { total: false }).items;
    if (!cell) throw new RangeError(`no cell for the count ${count}`);
    return cell;
  }
  return isSmallCount(count, config)
    ? { kind: 'suppressed', reason: 'primary', threshold: config.minCount }
    : { kind: 'count', value: count };
}
