// The printed chart: one image named by its title and description (escaped into the attribute), the drawing
// hidden from assistive technology, the title and description kept; a chart without a title refused.
import { describe, expect, it } from 'vitest';
import { printableChartSvg } from './chart-svg.ts';

const wide =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" aria-labelledby="t d" class="chart chart-wide"><title id="t">Ledighed &amp; "gab"</title><desc id="d">Over tid</desc><rect width="10" height="10"/><text>5 %</text></svg>';
const narrow = wide.replace('chart-wide', 'chart-narrow').replace('Over tid', 'Smal');

describe('printableChartSvg', () => {
  it('makes the wide chart one named image with its drawing hidden', () => {
    const svg = printableChartSvg(`<div>${narrow}${wide}</div>`);
    expect(svg).toMatch(/^<svg role="img" aria-label="Ledighed &amp; &quot;gab&quot;. Over tid" xmlns=/);
    expect(svg).not.toContain('aria-labelledby');
    expect(svg).toContain(
      '<title id="t">Ledighed &amp; "gab"</title><desc id="d">Over tid</desc><g aria-hidden="true"><rect width="10" height="10"/><text>5 %</text></g></svg>',
    );
    expect(svg.match(/role="img"/g)).toHaveLength(1);
  });
  it('refuses a chart without a title or without an SVG', () => {
    expect(() => printableChartSvg('<svg><rect/></svg>')).toThrow('no title');
    expect(() => printableChartSvg('<p>none</p>')).toThrow('holds no SVG');
  });
});
