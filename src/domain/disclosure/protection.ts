// What each hidden value needs: the reader's range from everything published, and how far it falls short.
import { isSmallCount, protectionLevel, type DisclosureConfig } from './config.ts';
import type { ExtendedTable } from './extended-table.ts';
import type { EntryState } from './primary.ts';
import type { Bounds } from './ranges.ts';

/**
 * What a reader knows of each entry before adding up: a published value exactly; a hidden one only that it is
 * at least 1 (zeros are always published, and every hidden value reads the same ".."); a margin the table
 * leaves out only that it is not negative.
 */
export function readerBounds(t: ExtendedTable, states: readonly EntryState[]): Bounds[] {
  return t.entries.map((e, k) => {
    const state = states[k];
    if (state === 'published') return { lo: e.value, hi: e.value };
    return { lo: state === 'absent' ? 0 : 1, hi: Infinity };
  });
}

/**
 * The least a reader could ever think the entry is, whatever else were hidden: 1 for a cell (a hidden cell is
 * not 0), and for a margin the published cells of its line plus 1 for each hidden one — the zeros beside them
 * are public, so a total of 3 over two non-zero cells is known to be at least 2 under any pattern.
 */
export function floorOf(t: ExtendedTable, states: readonly EntryState[], k: number): number {
  const e = t.entries[k];
  if (!e || e.role === 'cell') return 1;
  let floor = 0;
  t.entries.forEach((c, i) => {
    if (c.role !== 'cell') return;
    if (e.role === 'row-total' && c.row !== e.row) return;
    if (e.role === 'column-total' && c.column !== e.column) return;
    floor += states[i] === 'published' ? c.value : 1;
  });
  return Math.max(floor, 1);
}

/** Entries whose range must be checked: every hidden one, and a margin left out whose true value is small. */
export function needsProtection(
  t: ExtendedTable,
  states: readonly EntryState[],
  k: number,
  config: DisclosureConfig,
): boolean {
  const state = states[k];
  if (state === 'primary' || state === 'secondary') return true;
  return state === 'absent' && isSmallCount(t.entries[k]?.value ?? 0, config);
}

/**
 * How far the reader's range falls short, 0 when it does not. A small value (hidden or left out) needs a range
 * at least protectionLevel(v) wide that reaches down to its floor, so the reader learns nothing beyond "hidden";
 * any other hidden value needs the protection minimum, so it is never pinned or nearly so.
 */
export function shortfall(
  t: ExtendedTable,
  states: readonly EntryState[],
  k: number,
  range: Bounds,
  config: DisclosureConfig,
): number {
  const value = t.entries[k]?.value ?? 0;
  const small = isSmallCount(value, config);
  const width = range.hi - range.lo;
  const need = small ? protectionLevel(value, config) : protectionLevel(0, config);
  const narrow = width >= need ? 0 : need - width;
  const above = small ? Math.max(0, range.lo - floorOf(t, states, k)) : 0;
  return narrow + above;
}
