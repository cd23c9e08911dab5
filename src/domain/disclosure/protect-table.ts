// The one entry every output calls (pages, charts, API, downloads): counts in, publishable typed cells out.
import type { CountCell } from './cell.ts';
import { defaultDisclosureConfig, isSmallCount, type DisclosureConfig } from './config.ts';
import { extendTable, type ExtendedTable } from './extended-table.ts';
import { primaryStates, type EntryState } from './primary.ts';
import { addSecondarySuppressions } from './secondary.ts';
import { checkTable, resolveMargins, type CountTable, type ProtectedTable } from './table.ts';

/**
 * Primary suppression of every small count, margins included, then secondary suppression until no reader can
 * narrow a hidden value beyond what its marker says (see `secondary.ts`): every hidden small count keeps a range
 * from its floor at least protectionLevel(v) wide, every other hidden value one at least the protection
 * minimum wide, computed exactly from the published cells, margins and markers (`ranges.ts`).
 */
export function protectTable(
  table: CountTable,
  config: DisclosureConfig = defaultDisclosureConfig,
): ProtectedTable {
  checkTable(table);
  const grid = extendTable(table);
  const together = (table.together ?? []).map((g) => g.map(([i, j]) => i * (grid.columns + 1) + j));
  const initial = primaryStates(grid, config);
  for (const [i, j] of table.unshown ?? []) initial[i * (grid.columns + 1) + j] = 'absent';
  for (const [i, j] of table.hidden ?? []) {
    const k = i * (grid.columns + 1) + j;
    if (initial[k] === 'published' && (grid.entries[k]?.value ?? 0) > 0) initial[k] = 'secondary';
  }
  // Nothing small, nothing hidden: nothing to protect (most tables a national recomputation publishes).
  const quiet = initial.every(
    (s, k) => s === 'published' || (s === 'absent' && !isSmallCount(grid.entries[k]?.value ?? 0, config)),
  );
  const states = quiet ? initial : addSecondarySuppressions(grid, initial, config, together);
  const cell = (i: number, j: number): CountCell => toCell(grid, states, i, j, config);
  const margins = resolveMargins(table.margins);
  const unshown = new Set((table.unshown ?? []).map(([i, j]) => i * (grid.columns + 1) + j));
  const rows = [...Array(grid.rows).keys()];
  const columns = [...Array(grid.columns).keys()];
  return {
    cells: rows.map((i) =>
      columns.map((j) => (unshown.has(i * (grid.columns + 1) + j) ? HIDDEN : cell(i, j))),
    ),
    ...(margins.rowTotals && { rowTotals: rows.map((i) => cell(i, grid.columns)) }),
    ...(margins.columnTotals && { columnTotals: columns.map((j) => cell(grid.rows, j)) }),
    ...(margins.grandTotal && { grandTotal: cell(grid.rows, grid.columns) }),
  };
}

/** An unshown cell as the output reports it: not published, for whatever shows it to say so. */
const HIDDEN: CountCell = { kind: 'suppressed', reason: 'secondary' };

export interface ProtectedList {
  readonly items: readonly CountCell[];
  readonly total?: CountCell;
}

/** A list of counts with (by default) its total: a table of one row whose row total is the list's total. */
export function protectList(
  counts: readonly number[],
  config: DisclosureConfig = defaultDisclosureConfig,
  options: { readonly total?: boolean } = {},
): ProtectedList {
  const withTotal = options.total ?? true;
  const t = protectTable(
    { cells: [counts], margins: { rowTotals: withTotal, columnTotals: false, grandTotal: false } },
    config,
  );
  const total = t.rowTotals?.[0];
  return { items: t.cells[0] ?? [], ...(total && { total }) };
}

function toCell(
  grid: ExtendedTable,
  states: readonly EntryState[],
  i: number,
  j: number,
  config: DisclosureConfig,
): CountCell {
  const k = i * (grid.columns + 1) + j;
  const state = states[k];
  const value = grid.entries[k]?.value ?? 0;
  if (state === 'primary') return { kind: 'suppressed', reason: 'primary', threshold: config.minCount };
  if (state === 'secondary') return { kind: 'suppressed', reason: 'secondary' };
  return { kind: 'count', value };
}
