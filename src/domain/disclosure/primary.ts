// Primary suppression: every shown count from 1 to minCount − 1, margins included, is hidden.
import { isSmallCount, type DisclosureConfig } from './config.ts';
import type { ExtendedTable } from './extended-table.ts';

/**
 * published: shown as it is; primary / secondary: hidden, with the reason; absent: a margin the table does not
 * show, so to a reader it is an unknown like a hidden cell.
 */
export type EntryState = 'published' | 'primary' | 'secondary' | 'absent';

export function primaryStates(t: ExtendedTable, config: DisclosureConfig): EntryState[] {
  return t.entries.map((e) =>
    !e.shown ? 'absent' : isSmallCount(e.value, config) ? 'primary' : 'published',
  );
}
