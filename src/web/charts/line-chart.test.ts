// The SVG chart: deterministic output (snapshot), accessible name and description, no inline style (CSP),
// breaks in the line where a figure is missing or suppressed, and bands where intervals are given.
import { describe, expect, it } from 'vitest';
import { niceDomain, renderLineChart, type LineChartSpec } from './line-chart.ts';

const pct = (y: number) => `${Math.round(y * 100)} %`;
const spec: LineChartSpec = {
  id: 'c1',
  title: 'Andel med ungdomsuddannelse',
  description: 'Målgruppe og sammenligningsgruppe 2019–2023',
  categories: ['2019', '2020', '2021', '2022', '2023'],
  series: [
    {
      label: 'Målgruppe',
      style: 'primary',
      points: [
        { y: 0.6, low: 0.55, high: 0.65 },
        { y: 0.62, low: 0.57, high: 0.67 },
        null,
        { y: 0.66, low: 0.6, high: 0.71 },
        { y: 0.68, low: 0.63, high: 0.73 },
      ],
    },
    {
      label: 'Øvrige',
      style: 'secondary',
      points: [{ y: 0.84 }, { y: 0.85 }, { y: 0.85 }, { y: 0.86 }, { y: 0.86 }],
    },
  ],
  formatY: pct,
  includeZero: true,
};

describe('line chart', () => {
  it('renders the same SVG for the same input', () => {
    expect(renderLineChart(spec)).toMatchSnapshot();
  });

  it('has an accessible name and description and no inline style or script', () => {
    const svg = renderLineChart(spec);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="c1-title">Andel med ungdomsuddannelse</title>');
    expect(svg).toContain('<desc id="c1-desc">');
    expect(svg).not.toMatch(/style=|<script/);
  });

  it('breaks the line at a missing figure and draws bands only where intervals exist', () => {
    const svg = renderLineChart(spec);
    expect(svg.match(/<polyline/g)).toHaveLength(3); // target: two runs; comparison: one
    expect(svg.match(/<polygon points="[^"]*" fill="#004993" fill-opacity/g)).toHaveLength(2);
  });

  it('shows a watermark on illustrative figures and escapes labels', () => {
    const svg = renderLineChart({ ...spec, watermark: 'ILLUSTRATIVE TAL', title: '<b>&' });
    expect(svg).toContain('ILLUSTRATIVE TAL');
    expect(svg).toContain('&lt;b&gt;&amp;');
  });

  it('copes with no points, one period and a flat series', () => {
    expect(() => renderLineChart({ ...spec, categories: [], series: [] })).not.toThrow();
    expect(
      renderLineChart({
        ...spec,
        categories: ['2021'],
        series: [{ label: 'x', style: 'gap', points: [{ y: 2 }] }],
      }),
    ).toContain('<polygon');
    const [lo, hi] = niceDomain([5, 5]);
    expect(lo).toBeCloseTo(4.4);
    expect(hi).toBeCloseTo(5.6);
    expect(niceDomain([])).toEqual([0, 1]);
  });
});
