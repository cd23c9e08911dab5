// A revised table beside the release a reader may have kept: protected with it as one system, the release kept.
import { defaultDisclosureConfig, type DisclosureConfig } from './config.ts';
import { extendTable } from './extended-table.ts';
import { protectJointly } from './joint-protection.ts';
import { checkTable, type CountTable, type ProtectedTable } from './table.ts';

/**
 * Every entry (cells and margins, on the grid with its margins) that has the same value in both tables: to a
 * reader, who can tell an unchanged figure (the same value published in both, or its provenance), one figure.
 * The two tables must have the same shape.
 */
export function unchangedFigures(
  earlier: CountTable,
  current: CountTable,
): [row: number, column: number, name: string][] {
  checkTable(earlier);
  checkTable(current);
  const a = extendTable(earlier);
  const b = extendTable(current);
  if (a.rows !== b.rows || a.columns !== b.columns)
    throw new RangeError(
      `invalid revision: the earlier table is ${a.rows} × ${a.columns}, the revised one ${b.rows} × ${b.columns}`,
    );
  return a.entries.flatMap((e, k) =>
    b.entries[k]?.value === e.value
      ? [[e.row, e.column, `${e.row},${e.column}`] as [number, number, string]]
      : [],
  );
}

/**
 * What the revised table may publish beside `released`, the earlier release of the same table as it was
 * published (from `earlier`, its true figures): an unchanged figure the release hid stays hidden, one it showed
 * is shown, and the joint attack on both tables decides what more to hide (`protectJointly`).
 */
export function protectRevision(
  earlier: CountTable,
  released: ProtectedTable,
  current: CountTable,
  config: DisclosureConfig = defaultDisclosureConfig,
): ProtectedTable {
  const shared = unchangedFigures(earlier, current);
  const joint = protectJointly(
    [
      { table: earlier, shared, released },
      { table: current, shared },
    ],
    config,
  );
  return joint.tables[1] as ProtectedTable;
}
