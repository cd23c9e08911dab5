// A chart of one measure (usually the gap) with one line per area or per breakdown value, drawn by the line
// chart. Each line gets its own pattern and marker as well as its own tone, so the chart reads in greyscale,
// and the bands after the first are edged, so overlapping intervals stay apart. At most three lines: beyond
// that the patterns stop being easy to tell apart, and the table beside the chart carries the figures alone.
import { renderLineChart, type ChartPoint, type ChartSeries, type LineChartSpec } from './line-chart.ts';

/** The line styles in the order lines get them; the page's text legend describes each by the same key. */
export const comparisonStyles = ['primary', 'secondary', 'gap'] as const;
export type ComparisonStyle = (typeof comparisonStyles)[number];
export const maxComparisonLines = comparisonStyles.length;

export interface ComparisonLine {
  readonly label: string;
  /** One entry per category; null where nothing is published (missing or suppressed). */
  readonly points: readonly (ChartPoint | null)[];
}

export interface ComparisonChartSpec extends Omit<LineChartSpec, 'series'> {
  readonly lines: readonly ComparisonLine[];
}

export function renderComparisonChart(spec: ComparisonChartSpec): string {
  if (spec.lines.length > maxComparisonLines)
    throw new Error(`invalid comparison: ${spec.lines.length} lines, at most ${maxComparisonLines}`);
  const { lines, ...rest } = spec;
  const series: ChartSeries[] = lines.map((line, i) => ({
    label: line.label,
    points: line.points,
    style: comparisonStyles[i] as ComparisonStyle,
    outlineBand: i > 0,
  }));
  return renderLineChart({ ...rest, series, height: spec.height ?? 240 });
}
