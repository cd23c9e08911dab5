// Figures for tests as the importers store them: a share with its counts, and the line numbers an import
// reports its refusals by.
import type { Observation } from '../../src/domain/observation/index.ts';

/** A share `numerator / denominator` of one group in one area and period (Ballerup unless named). */
export function shareObservation(f: {
  readonly series: string;
  readonly area?: string;
  readonly period: string;
  readonly group: string;
  readonly numerator: number;
  readonly denominator: number;
  readonly dims?: Readonly<Record<string, string>>;
  readonly illustrative?: boolean;
}): Observation {
  return {
    series: f.series,
    area: f.area ?? '151',
    period: f.period,
    dims: { group: f.group, ...f.dims },
    value: { kind: 'number', value: f.numerator / f.denominator },
    numerator: f.numerator,
    denominator: f.denominator,
    unit: 'share',
    status: 'final',
    illustrative: f.illustrative ?? false,
  };
}

/** Observations numbered as the lines of a file, as `importObservations` takes them. */
export function asLines(rows: readonly Observation[]): { line: number; observation: Observation }[] {
  return rows.map((observation, i) => ({ line: i + 1, observation }));
}
