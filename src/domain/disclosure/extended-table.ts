// The table with its margins as one grid, (rows + 1) × (columns + 1), the grand total in the corner.
import { resolveMargins, type CountTable } from './table.ts';

export type EntryRole = 'cell' | 'row-total' | 'column-total' | 'grand-total';

export interface Entry {
  /** 0..rows, where `rows` is the line of column totals. */
  readonly row: number;
  /** 0..columns, where `columns` is the line of row totals. */
  readonly column: number;
  readonly role: EntryRole;
  readonly value: number;
  /** Whether the published table has a place for this value (margins can be left out of a table). */
  readonly shown: boolean;
}

/**
 * With each margin entered negatively, every line of this grid sums to zero: a row's cells minus its total,
 * the totals row's column totals minus the grand total, and likewise down the columns. That makes a cell, a
 * margin and the grand total alike: each is an edge between its row and its column in a bipartite graph, and
 * each line is one equation. Margins the table leaves out are unknowns like suppressed cells.
 */
export interface ExtendedTable {
  readonly rows: number;
  readonly columns: number;
  /** Row-major, (rows + 1) × (columns + 1). */
  readonly entries: readonly Entry[];
}

export function extendTable(table: CountTable): ExtendedTable {
  const margins = resolveMargins(table.margins);
  const rows = table.cells.length;
  const columns = table.cells[0]?.length ?? 0;
  const value = (i: number, j: number): number => table.cells[i]?.[j] ?? 0;
  const rowTotal = (i: number) => table.cells[i]?.reduce((s, v) => s + v, 0) ?? 0;
  const columnTotal = (j: number) => table.cells.reduce((s, r) => s + (r[j] ?? 0), 0);
  const entries: Entry[] = [];
  for (let i = 0; i <= rows; i++)
    for (let j = 0; j <= columns; j++) {
      if (i < rows && j < columns)
        entries.push({ row: i, column: j, role: 'cell', value: value(i, j), shown: true });
      else if (i < rows)
        entries.push({ row: i, column: j, role: 'row-total', value: rowTotal(i), shown: margins.rowTotals });
      else if (j < columns)
        entries.push({
          row: i,
          column: j,
          role: 'column-total',
          value: columnTotal(j),
          shown: margins.columnTotals,
        });
      else {
        let grand = 0;
        for (let k = 0; k < rows; k++) grand += rowTotal(k);
        entries.push({ row: i, column: j, role: 'grand-total', value: grand, shown: margins.grandTotal });
      }
    }
  return { rows, columns, entries };
}

/** The graph's vertices: rows 0..rows, then columns 0..columns after them. */
export function rowVertex(row: number): number {
  return row;
}

export function columnVertex(t: ExtendedTable, column: number): number {
  return t.rows + 1 + column;
}

export function vertexCount(t: ExtendedTable): number {
  return t.rows + 1 + t.columns + 1;
}
