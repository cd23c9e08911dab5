import { describe, expect, it } from 'vitest';
import { renderSparkline } from './sparkline.ts';

describe('renderSparkline', () => {
  it('draws one point per period, hidden from assistive technology, with the reference line', () => {
    const svg = renderSparkline({ values: [-20, -15, -10], reference: 0, width: 80, height: 20 });
    expect(svg).toMatch(
      /^<svg class="sparkline" width="80" height="20"[^>]* aria-hidden="true" focusable="false">/,
    );
    // The lowest value sits at the bottom, the reference (0, the highest here) at the top.
    expect(svg).toContain('d="M2 18L40 14L78 10"');
    expect(svg).toContain('<line class="sparkline-reference" x1="2" x2="78" y1="2" y2="2"/>');
    expect(svg).toContain('<circle class="sparkline-end" cx="78" cy="10" r="2"/>');
    expect(svg).not.toMatch(/NaN|undefined|style=/);
  });

  it('breaks the line where a period has no published figure', () => {
    const svg = renderSparkline({ values: [1, 2, null, 4, 5] });
    expect(svg.match(/M/g)).toHaveLength(2);
    expect(svg).not.toContain('sparkline-reference');
  });

  it('draws nothing with fewer than two figures, and a flat line for equal ones', () => {
    expect(renderSparkline({ values: [] })).toBe('');
    expect(renderSparkline({ values: [null, 3, null] })).toBe('');
    expect(renderSparkline({ values: [Number.NaN, 3] })).toBe('');
    expect(renderSparkline({ values: [2, 2] })).toContain('d="M2 10L78 10"');
  });
});
