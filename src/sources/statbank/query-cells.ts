// How many cells a data request asks for, worked out from the query before it is sent: the product over the
// table's variables of the codes asked for — a variable's `*` counts its codes in the tableinfo, a variable left
// out counts one (StatBank sums over it; the time variable left out is the latest period). StatBank answers at most
// 1,000,000 cells in every format but BULK, so the count decides the format.
import type { StatbankQuery } from '../../domain/strategy/schema.ts';
import type { TableInfo } from './tableinfo.ts';

export interface QueryCells {
  /** The cells asked for; undefined when a `*` cannot be counted without the tableinfo. */
  readonly cells: number | undefined;
  /** Variables the table has that the query leaves out (BULK needs every one named). */
  readonly omitted: readonly string[];
  /** Variables the query names that the table does not have. */
  readonly unknown: readonly string[];
}

/** The cells of the query, counted with the table's code lists where it asks for `*`. */
export function queryCells(query: StatbankQuery, info?: TableInfo): QueryCells {
  const byId = new Map((info?.variables ?? []).map((v) => [v.id.toUpperCase(), v]));
  let cells: number | undefined = 1;
  const unknown: string[] = [];
  const named = new Set<string>();
  for (const [variable, codes] of Object.entries(query.variables)) {
    const id = variable.toUpperCase();
    named.add(id);
    const known = byId.get(id);
    if (info && !known) unknown.push(variable);
    const wildcard = codes.some((c) => c === '*');
    // A list may mix "*" with codes; StatBank then answers every code once.
    const n = wildcard ? known?.values.length : new Set(codes).size;
    cells = cells === undefined || n === undefined ? undefined : cells * n;
  }
  const omitted = info ? info.variables.filter((v) => !named.has(v.id.toUpperCase())).map((v) => v.id) : [];
  return { cells, omitted, unknown };
}

/** Whether the query has a `*` anywhere (its size then needs the tableinfo). */
export function asksForEveryCode(query: StatbankQuery): boolean {
  return Object.values(query.variables).some((codes) => codes.includes('*'));
}
