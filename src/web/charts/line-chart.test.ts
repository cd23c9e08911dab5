// The SVG chart: deterministic output (saved SVG snapshots of both layouts, with the time zone fixed although
// nothing in a chart depends on it), accessible name and description, no inline style (CSP), title and axis
// units, baseline, strategy period and target marks, breaks in the line where a figure is missing or
// suppressed, bands where intervals are given, and the illustrative mark.
process.env.TZ = 'Pacific/Chatham';
import { describe, expect, it } from 'vitest';
import {
  niceDomain,
  renderLineChart,
  renderLineChartLayout,
  wrap,
  type LineChartSpec,
} from './line-chart.ts';

const pct = (y: number) => `${Math.round(y * 100)} %`;
const quarters = ['2019', '2020', '2021', '2022', '2023', '2024'].flatMap((y) =>
  [1, 2, 3, 4].map((q) => `${y}K${q}`),
);
const spec: LineChartSpec = {
  id: 'c1',
  title: 'Andel med ungdomsuddannelse: Ballerup',
  description: 'Målgruppe og sammenligningsgruppe 2019–2023',
  lang: 'da',
  periods: ['2019', '2020', '2021', '2022', '2023'],
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
  yLabel: 'Andel (procent)',
  xLabel: 'År',
  formatTick: pct,
  includeZero: true,
  baseline: { period: '2020', label: 'Basis: 2020' },
  strategyPeriod: { from: '2021-09', to: '2023-12', label: 'Strategiperiode: sep. 2021–dec. 2023' },
};
const gapSpec: LineChartSpec = {
  id: 'g1',
  title: 'Forhold (målgruppe / sammenligning): Ledighed, Ballerup',
  description: 'Forholdet over tid',
  lang: 'da',
  periods: quarters,
  series: [
    {
      label: 'Forhold',
      style: 'gap',
      points: quarters.map((_, i) => ({ y: 2.4 - i * 0.03, low: 2.1 - i * 0.03, high: 2.7 - i * 0.03 })),
    },
  ],
  yLabel: 'Gange (målgruppe / sammenligning)',
  xLabel: 'Kvartal',
  formatTick: (n) => n.toFixed(1).replace('.', ','),
  target: { value: 1, label: 'Mål: lige niveau (1 gange)' },
  baseline: { period: '2021K2', label: 'Basis: K2 2021' },
  strategyPeriod: { from: '2021-09', to: '2023-12', label: 'Strategiperiode: sep. 2021–dec. 2023' },
  watermark: 'ILLUSTRATIVE TAL',
  height: 240,
};
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('line chart', () => {
  it('renders the same SVG for the same input, in both layouts', async () => {
    await expect(renderLineChartLayout(spec, 'wide')).toMatchFileSnapshot('__snapshots__/levels-wide.svg');
    await expect(renderLineChartLayout(spec, 'narrow')).toMatchFileSnapshot(
      '__snapshots__/levels-narrow.svg',
    );
    await expect(renderLineChartLayout(gapSpec, 'wide')).toMatchFileSnapshot('__snapshots__/ratio-wide.svg');
    await expect(renderLineChartLayout(gapSpec, 'narrow')).toMatchFileSnapshot(
      '__snapshots__/ratio-narrow.svg',
    );
  });

  it('is as wide as its column: a viewBox and 100 % width, no fixed pixel size; both layouts together', () => {
    const both = renderLineChart(spec);
    expect(both).toMatch(/^<svg [^>]*viewBox="0 0 1100 \d+" width="100%"[^>]*class="chart chart-wide"/);
    expect(both).toMatch(/<svg [^>]*viewBox="0 0 360 \d+" width="100%"[^>]*class="chart chart-narrow"/);
    expect(both).not.toMatch(/<svg [^>]*\sheight="/);
    // Each layout has its own ids, so the two never clash on one page.
    expect(both).toContain('id="c1-wide-title"');
    expect(both).toContain('id="c1-narrow-title"');
  });

  it('has an accessible name and description and no inline style or script', () => {
    const svg = renderLineChartLayout(spec, 'wide');
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="c1-wide-title c1-wide-desc"');
    expect(svg).toContain('<title id="c1-wide-title">Andel med ungdomsuddannelse: Ballerup</title>');
    expect(svg).toContain('<desc id="c1-wide-desc">');
    expect(svg).not.toMatch(/style=|<script/);
  });

  it('prints the title, the unit of each axis, the baseline, the strategy period and the legend', () => {
    const words = texts(renderLineChartLayout(spec, 'wide'));
    expect(words).toEqual(
      expect.arrayContaining([
        'Andel med ungdomsuddannelse: Ballerup',
        'Andel (procent)',
        'År',
        'Basis: 2020',
        'Strategiperiode: sep. 2021–dec. 2023',
        'Målgruppe',
        'Øvrige',
        '0 %',
        '100 %',
      ]),
    );
    expect(words.filter((w) => /^20\d\d$/.test(w ?? ''))).toEqual(['2019', '2020', '2021', '2022', '2023']);
    const svg = renderLineChartLayout(spec, 'wide');
    expect(svg).toContain('class="baseline"');
    // The strategy band covers 2021–2023, the years that share months with September 2021–December 2023.
    const band = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*class="strategy-period"/.exec(svg);
    expect(band).not.toBeNull();
  });

  it('draws the target line with its words, and the unit of a ratio in times', () => {
    const svg = renderLineChartLayout(gapSpec, 'narrow');
    expect(svg).toContain('class="target"');
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['Mål: lige niveau (1 gange)', 'Gange (målgruppe / sammenligning)', 'Kvartal']),
    );
  });

  it('shows quarters as short labels, few enough not to overlap at 390 px, always the latest', () => {
    const narrow = texts(renderLineChartLayout(gapSpec, 'narrow')).filter((w) => /^K\d \d{4}$/.test(w ?? ''));
    expect(narrow.length).toBeGreaterThanOrEqual(3);
    expect(narrow.length).toBeLessThanOrEqual(5);
    expect(narrow.at(-1)).toBe('K4 2024');
    // A year apart: every label is the same quarter.
    expect(new Set(narrow.map((w) => w?.slice(0, 2))).size).toBe(1);
    const wide = texts(renderLineChartLayout(gapSpec, 'wide')).filter((w) => /^K\d \d{4}$/.test(w ?? ''));
    expect(wide.length).toBeGreaterThan(narrow.length);
  });

  it('draws every marker where points stand apart, and only the ends of a run where they crowd', () => {
    const diamonds = (svg: string) => svg.match(/<polygon points="[^"]*"\/>/g)?.length ?? 0;
    expect(diamonds(renderLineChartLayout(gapSpec, 'wide'))).toBe(24 + 1); // and one in the legend
    expect(diamonds(renderLineChartLayout(gapSpec, 'narrow'))).toBe(2 + 1);
  });

  it('marks illustrative figures under the title and across the plot', () => {
    const words = texts(renderLineChartLayout(gapSpec, 'wide'));
    expect(words.filter((w) => w === 'ILLUSTRATIVE TAL')).toHaveLength(2);
  });

  it('breaks the line at a missing figure and draws bands only where intervals exist', () => {
    const svg = renderLineChartLayout(spec, 'wide');
    expect(svg.match(/<polyline/g)).toHaveLength(3); // target: two runs; comparison: one
    expect(svg.match(/<polygon points="[^"]*" fill="#004993" fill-opacity/g)).toHaveLength(2);
  });

  it('escapes labels and wraps a long title', () => {
    const svg = renderLineChartLayout({ ...spec, title: '<b>& '.repeat(30) }, 'narrow');
    expect(svg).toContain('&lt;b&gt;&amp;');
    expect(svg.match(/font-weight="700" fill="#1a1a1a">&lt;b/g)?.length).toBeGreaterThan(1);
    expect(wrap('indvandrere og efterkommere fra ikke-vestlige lande', 20)).toEqual([
      'indvandrere og',
      'efterkommere fra',
      'ikke-vestlige lande',
    ]);
  });

  it('copes with no points, one period and a flat series', () => {
    expect(() => renderLineChart({ ...spec, periods: [], series: [] })).not.toThrow();
    expect(
      renderLineChart({
        ...spec,
        periods: ['2021'],
        series: [{ label: 'x', style: 'gap', points: [{ y: 2 }] }],
      }),
    ).toContain('<polygon');
    expect(renderLineChart({ ...spec, periods: [], series: [] })).not.toMatch(/NaN|undefined/);
    const [lo, hi] = niceDomain([5, 5]);
    expect(lo).toBeCloseTo(4.4);
    expect(hi).toBeCloseTo(5.6);
    expect(niceDomain([])).toEqual([0, 1]);
  });
});
