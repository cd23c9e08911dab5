// A declared Jobindsats query: which table, areas, periods and filters to ask for, and which of the answer's
// columns hold figures. Turned into the documented request body `{"area":…,"period":[…],"_kon":[…],…}`.
import { JobindsatsError } from './errors.ts';

/** A column of the answer that holds figures, by its `Label` in `Variables`, with the unit its figures are in. */
export interface JobindsatsMeasure {
  readonly label: string;
  /** `count` unless given: Jobindsats' measures are persons, full-time persons or cases. */
  readonly unit?: string;
}

/** The labels of the answer's columns for area, period and origin, where they differ from the usual ones. */
export interface JobindsatsColumns {
  readonly area?: string;
  readonly period?: string;
  readonly origin?: string;
}

export interface JobindsatsQuery {
  /** The table id, e.g. Y36A02 (kontanthjælp by origin). Letters and digits only. */
  readonly table: string;
  /** An area name as Jobindsats writes it ("Ballerup", "Hele landet"), or `*` for every area. */
  readonly area: string;
  /** Periods as Jobindsats writes them: 2023M01 (month), 2023K1/2023Q1 (quarter), 2023 (year). */
  readonly periods: readonly string[];
  /** Filters by the table's variable ids, each beginning with `_`, e.g. `{ _oprinda: [...], _kon: [...] }`. */
  readonly filters?: Readonly<Record<string, readonly string[]>>;
  readonly measures: readonly JobindsatsMeasure[];
  readonly columns?: JobindsatsColumns;
}

/** The usual column labels of a Jobindsats answer (the Danish labels of its area, period and origin variables). */
export const DEFAULT_COLUMNS: Required<JobindsatsColumns> = {
  area: 'Område',
  period: 'Periode',
  origin: 'Oprindelse',
};

const TABLE_ID = /^[A-Za-z0-9]+$/;
const FILTER_NAME = /^_[A-Za-z0-9]+$/;

/** Refuses a table id that could change the request path (`../`, `?`, spaces) before it reaches a URL. */
export function checkTableId(table: string): string {
  if (!TABLE_ID.test(table))
    throw new JobindsatsError(
      'bad-table-id',
      `table id ${JSON.stringify(table.slice(0, 40))} is not letters and digits only (e.g. Y36A02)`,
    );
  return table;
}

/** The request body of `POST /data/{id}/json`, in the key order the documentation shows. */
export function dataRequestBody(query: JobindsatsQuery): string {
  checkTableId(query.table);
  if (query.area.trim() === '') throw new JobindsatsError('bad-query', `${query.table}: no area given`);
  if (query.periods.length === 0) throw new JobindsatsError('bad-query', `${query.table}: no periods given`);
  if (query.measures.length === 0)
    throw new JobindsatsError('bad-query', `${query.table}: no measure columns declared`);
  const body: Record<string, string | readonly string[]> = { area: query.area, period: query.periods };
  for (const [name, values] of Object.entries(query.filters ?? {})) {
    if (!FILTER_NAME.test(name))
      throw new JobindsatsError(
        'bad-query',
        `${query.table}: filter ${JSON.stringify(name)} is not a variable id such as _kon or _oprinda`,
      );
    if (values.length === 0)
      throw new JobindsatsError('bad-query', `${query.table}: filter ${name} has no values`);
    body[name] = values;
  }
  return JSON.stringify(body);
}
