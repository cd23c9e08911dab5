// The population table as it may be published: its five counts (Danish origin; immigrants and descendants from
// Western and from non-Western countries) with every row total, column total and the grand total, protected as
// one table by the same rules as every indicator's figures. FOLK1E is Danmarks Statistik's own table, but the
// system publishes it beside figures of its own (indicator group sizes of the same areas) and for illustrative
// quarters too, so it is held to the system's rule, not DST's: no count of 1 to 4, and no hidden count that the
// table's sums narrow down.
import {
  protectShare,
  protectTable,
  type CountCell,
  type DisclosureConfig,
  type ShareCell,
} from '../disclosure/index.ts';
import type { PopulationTable } from './population-table.ts';

export interface PublishedPopulationRow {
  readonly total: CountCell;
  readonly danishOrigin: CountCell;
  readonly immigrants: CountCell;
  readonly descendants: CountCell;
}

export interface PublishedPopulationTable {
  readonly total: PublishedPopulationRow;
  readonly denmark: PublishedPopulationRow;
  readonly western: PublishedPopulationRow;
  readonly nonWestern: PublishedPopulationRow;
  /** The non-Western share of the whole population: shown only when both its counts are, by the share rule. */
  readonly nonWesternShare: ShareCell;
}

const ROWS = ['denmark', 'western', 'nonWestern'] as const;
const COLUMNS = ['danishOrigin', 'immigrants', 'descendants'] as const;

/**
 * Protects the table as a 3 × 3 grid with all its margins. The grid's structural zeros (no immigrant of Danish
 * origin, no one of Western origin who is of Danish origin) are published as zeros, as every zero is, which is
 * what a reader knows of them anyway.
 */
export function protectPopulationTable(
  table: PopulationTable,
  config: DisclosureConfig,
): PublishedPopulationTable {
  const published = protectTable({ cells: ROWS.map((r) => COLUMNS.map((c) => table[r][c])) }, config);
  const at = <T>(list: readonly T[] | undefined, i: number): T => {
    const v = list?.[i];
    if (v === undefined) throw new RangeError(`population table: entry ${i} missing`);
    return v;
  };
  const row = (i: number): PublishedPopulationRow => ({
    total: at(published.rowTotals, i),
    danishOrigin: at(published.cells[i], 0),
    immigrants: at(published.cells[i], 1),
    descendants: at(published.cells[i], 2),
  });
  const grand = published.grandTotal;
  if (!grand) throw new RangeError('population table: grand total missing');
  const nonWestern = row(2);
  return {
    total: {
      total: grand,
      danishOrigin: at(published.columnTotals, 0),
      immigrants: at(published.columnTotals, 1),
      descendants: at(published.columnTotals, 2),
    },
    denmark: row(0),
    western: row(1),
    nonWestern,
    nonWesternShare:
      grand.kind === 'count' && nonWestern.total.kind === 'count' && grand.value > 0
        ? protectShare({ numerator: nonWestern.total.value, denominator: grand.value }, config)
        : { kind: 'suppressed', reason: 'share-rule' },
  };
}
