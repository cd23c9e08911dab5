// The comparison chart: one line per area or breakdown value, each with its own dash pattern and marker so it
// reads in greyscale, edged bands after the first line, and no more lines than there are distinct styles.
import { describe, expect, it } from 'vitest';
import { renderComparisonChart, type ComparisonChartSpec } from './comparison-chart.ts';

const spec: ComparisonChartSpec = {
  id: 'cmp',
  title: 'Gab: Ballerup / Hele landet',
  description: 'Én linje pr. område',
  lang: 'da',
  periods: ['2021', '2022', '2023'],
  yLabel: 'Procentpoint',
  xLabel: 'År',
  lines: [
    { label: 'Ballerup', points: [{ y: -30, low: -35, high: -25 }, null, { y: -20, low: -25, high: -15 }] },
    {
      label: 'Hele landet',
      points: [{ y: -25, low: -26, high: -24 }, { y: -24, low: -25, high: -23 }, { y: -23 }],
    },
  ],
  formatTick: (y: number) => `${y}`,
  zeroLine: true,
};

describe('comparison chart', () => {
  it('gives each line its own pattern and marker, and edges only the later bands', () => {
    const svg = renderComparisonChart(spec).split('</svg>')[0] ?? '';
    expect(svg).toMatch(/<polyline[^>]*stroke="#595959" stroke-width="2\.5" stroke-dasharray="6 4"\/>/);
    expect(svg).toContain('<circle');
    expect(svg).toContain('<rect x=');
    // Ballerup's two single points draw as interval whiskers; the country's band has two dotted edges.
    expect(svg.match(/class="band-edge"/g)).toHaveLength(2);
    expect(svg).toContain('>Ballerup</text>');
    expect(svg).toContain('>Hele landet</text>');
    expect(svg).not.toMatch(/style=|<script/);
  });

  it('shows the watermark for illustrative figures', () => {
    expect(renderComparisonChart({ ...spec, watermark: 'ILLUSTRATIVE TAL' })).toContain('ILLUSTRATIVE TAL');
  });

  it('refuses more lines than it has styles', () => {
    const line = { label: 'x', points: [] };
    expect(() => renderComparisonChart({ ...spec, lines: [line, line, line, line] })).toThrow(
      'invalid comparison: 4 lines, at most 3',
    );
  });
});
