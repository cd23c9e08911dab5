// The table shapes: counts in, typed cells out, with row totals, column totals and a grand total as chosen.
import type { CountCell } from './cell.ts';

/** Which margins the published table shows. Each is shown unless set to false. */
export interface Margins {
  readonly rowTotals?: boolean;
  readonly columnTotals?: boolean;
  readonly grandTotal?: boolean;
}

/** Rows × columns of non-negative whole numbers. Totals are the sums of the cells, never given separately. */
export interface CountTable {
  readonly cells: readonly (readonly number[])[];
  readonly margins?: Margins;
  /**
   * Groups of entries that are published or hidden only together, as [row, column] on the grid with its margins
   * (row = rows is the line of column totals, column = columns that of row totals): a share's numerator and
   * its complement, which the share and its group size reveal together.
   */
  readonly together?: readonly (readonly (readonly [row: number, column: number])[])[];
  /**
   * Entries hidden whatever their value, at the same places (a figure that another table sharing it hides, or
   * one the page never shows); zeros stay published, as every zero is.
   */
  readonly hidden?: readonly (readonly [row: number, column: number])[];
  /**
   * Entries the published table leaves out, as it may leave out a margin: a category a breakdown does not
   * show (its cells and its total), known to a reader only as what the others leave over; protected only where its value is small.
   */
  readonly unshown?: readonly (readonly [row: number, column: number])[];
}

/** What may be published: every cell typed; a margin is present exactly when the table shows it. */
export interface ProtectedTable {
  readonly cells: readonly (readonly CountCell[])[];
  readonly rowTotals?: readonly CountCell[];
  readonly columnTotals?: readonly CountCell[];
  readonly grandTotal?: CountCell;
}

export interface ResolvedMargins {
  readonly rowTotals: boolean;
  readonly columnTotals: boolean;
  readonly grandTotal: boolean;
}

export function resolveMargins(margins: Margins = {}): ResolvedMargins {
  return {
    rowTotals: margins.rowTotals ?? true,
    columnTotals: margins.columnTotals ?? true,
    grandTotal: margins.grandTotal ?? true,
  };
}

/** A malformed table is a programming error upstream (sources validate their rows), so it throws. */
export function checkTable(table: CountTable): void {
  const rows = table.cells.length;
  const columns = table.cells[0]?.length ?? 0;
  if (rows === 0 || columns === 0)
    throw new RangeError('invalid table: expected at least one row and one column');
  table.cells.forEach((row, i) => {
    if (row.length !== columns)
      throw new RangeError(`invalid table: row ${i} has ${row.length} cells, expected ${columns}`);
    row.forEach((v, j) => {
      if (!Number.isSafeInteger(v) || v < 0)
        throw new RangeError(
          `invalid table: cell [${i}][${j}] is ${v}, expected a non-negative whole number`,
        );
    });
  });
  for (const group of [...(table.together ?? []), table.hidden ?? [], table.unshown ?? []])
    for (const [i, j] of group)
      if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i > rows || j > columns)
        throw new RangeError(`invalid table: entry [${i}][${j}] of a group lies outside the table`);
}
