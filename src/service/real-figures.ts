// Which figures of one indicator in one area are shown: real figures (from a source or an uploaded indicator
// file) replace the illustrative series whole, never period by period, so a page, chart, download or status
// never mixes measured figures with figures a generator made.
import {
  isPeriodError,
  missing,
  parsePeriod,
  periodIndex,
  type Period,
  type SeriesPoint,
} from '../domain/engine/index.ts';
import type { CurrentFigure } from '../store/observation-store.ts';

/**
 * The figures to read for one series in one area: all of them when none is real or none is illustrative;
 * otherwise only the real ones. A period the real figures leave out stays without a figure (a hole), however
 * many illustrative figures the generator made for it.
 */
export function figuresToShow(figures: readonly CurrentFigure[]): readonly CurrentFigure[] {
  let real = false;
  let illustrative = false;
  for (const f of figures) {
    if (f.illustrative) illustrative = true;
    else real = true;
    if (real && illustrative) return figures.filter((x) => !x.illustrative);
  }
  return figures;
}

/**
 * The series with a point, without a figure for either group, for every period between its first and its last
 * that it has none for: a year, quarter or month the source skipped shows as a gap in the chart and a row
 * without figures in the table, rather than the line joining its neighbours across it. A series whose periods
 * do not all parse or do not share one frequency is left as it is (the engine names the problem).
 */
export function withHoles(points: readonly SeriesPoint[]): readonly SeriesPoint[] {
  if (points.length < 2) return points;
  const parsed: Period[] = [];
  for (const p of points) {
    const period = parsePeriod(p.period);
    if (isPeriodError(period)) return points;
    if (parsed.length > 0 && period.frequency !== parsed[0]?.frequency) return points;
    parsed.push(period);
  }
  const first = parsed[0] as Period;
  const indices = parsed.map(periodIndex);
  if (new Set(indices).size !== indices.length) return points;
  const lowest = Math.min(...indices);
  const highest = Math.max(...indices);
  if (highest - lowest + 1 === points.length) return points;
  const byIndex = new Map(indices.map((n, i) => [n, points[i] as SeriesPoint]));
  const out: SeriesPoint[] = [];
  for (let n = lowest; n <= highest; n++) {
    const label = periodLabel(first.frequency, n);
    out.push(byIndex.get(n) ?? { period: label, target: NO_FIGURE, comparison: NO_FIGURE });
  }
  return out;
}

/** One shared missing observation: observations are never changed. */
const NO_FIGURE = missing('not-available');

function periodLabel(frequency: Period['frequency'], n: number): string {
  switch (frequency) {
    case 'year':
      return String(n);
    case 'quarter':
      return `${Math.floor(n / 4)}K${(n % 4) + 1}`;
    case 'month':
      return `${Math.floor(n / 12)}M${String((n % 12) + 1).padStart(2, '0')}`;
  }
}
