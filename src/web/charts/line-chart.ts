// Server-rendered SVG line charts with interval bands. No script, no inline style (the CSP forbids both):
// presentation attributes only. Series differ by line pattern and marker shape as well as tone, so the chart
// reads in greyscale; every colour has at least 3:1 contrast against white.

export interface ChartPoint {
  readonly y: number;
  readonly low?: number | undefined;
  readonly high?: number | undefined;
}

export interface ChartSeries {
  readonly label: string;
  /** One entry per x category; null where there is no figure to draw (missing or suppressed). */
  readonly points: readonly (ChartPoint | null)[];
  readonly style: 'primary' | 'secondary' | 'gap';
  /**
   * Edge the interval band with thin dashed lines as well as the light fill, so that bands of several series
   * that overlap can still be told apart in greyscale.
   */
  readonly outlineBand?: boolean;
}

export interface LineChartSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly formatY: (y: number) => string;
  /** A shorter format for the axis ticks (the unit can stand in the title); formatY when absent. */
  readonly formatTick?: (y: number) => string;
  /** Draw a reference line at zero (for gaps). */
  readonly zeroLine?: boolean;
  /** Start the y axis at zero when all values are positive (shares, counts). */
  readonly includeZero?: boolean;
  /** Shown across the plot when the figures are illustrative. */
  readonly watermark?: string | undefined;
  readonly width?: number;
  readonly height?: number;
}

const styles = {
  // DKFDS primary blue (#004993, 9.3:1 on white) solid with circles.
  primary: { stroke: '#004993', dash: undefined, band: '#004993', bandOpacity: 0.16, marker: 'circle' },
  // Dark grey (#595959, 7:1) dashed with squares.
  secondary: { stroke: '#595959', dash: '6 4', band: '#595959', bandOpacity: 0.14, marker: 'square' },
  // Near-black (#1a1a1a) dotted with diamonds, for the gap.
  gap: { stroke: '#1a1a1a', dash: '2 3', band: '#1a1a1a', bandOpacity: 0.12, marker: 'diamond' },
} as const;

export function renderLineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 720;
  // One legend row per series, so long group names ("indvandrere (ankommet som 0-12-årig) og ...") fit.
  const legendHeight = 22 * spec.series.length;
  const height = (spec.height ?? 320) + legendHeight;
  const margin = { top: 16, right: 16, bottom: 40 + legendHeight, left: 72 };
  const formatTick = spec.formatTick ?? spec.formatY;
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const n = spec.categories.length;

  const values: number[] = [];
  for (const s of spec.series)
    for (const p of s.points)
      if (p)
        values.push(p.y, ...(p.low !== undefined ? [p.low] : []), ...(p.high !== undefined ? [p.high] : []));
  if (spec.includeZero || spec.zeroLine) values.push(0);
  const [yMin, yMax] = niceDomain(values);
  const x = (i: number) => margin.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => margin.top + plotH - ((v - yMin) / (yMax - yMin)) * plotH;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${esc(spec.id)}-title ${esc(spec.id)}-desc" class="chart" font-family="IBM Plex Sans, Arial, sans-serif" font-size="13">`,
    `<title id="${esc(spec.id)}-title">${esc(spec.title)}</title>`,
    `<desc id="${esc(spec.id)}-desc">${esc(spec.description)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  // Horizontal grid and y labels.
  for (const t of ticks(yMin, yMax, 5)) {
    const ty = y(t).toFixed(1);
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${ty}" y2="${ty}" stroke="#d9d9d9" stroke-width="1"/>`,
      `<text x="${margin.left - 8}" y="${ty}" text-anchor="end" dominant-baseline="middle" fill="#1a1a1a">${esc(formatTick(t))}</text>`,
    );
  }
  if (spec.zeroLine && yMin < 0 && yMax > 0)
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="#1a1a1a" stroke-width="1.5"/>`,
    );
  // X labels: at most about ten, always the first and last.
  const every = Math.max(1, Math.ceil(n / 10));
  spec.categories.forEach((c, i) => {
    if (i % every !== 0 && i !== n - 1) return;
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${margin.top + plotH + 18}" text-anchor="middle" fill="#1a1a1a">${esc(c)}</text>`,
    );
  });
  parts.push(
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#1a1a1a" stroke-width="1"/>`,
  );

  for (const s of spec.series) {
    const st = styles[s.style];
    // Interval band, drawn per run of consecutive points that have both limits.
    for (const run of runs(s.points, (p) => p.low !== undefined && p.high !== undefined)) {
      const upper = run.map(({ i, p }) => `${x(i).toFixed(1)},${y(p.high as number).toFixed(1)}`);
      const lower = run.map(({ i, p }) => `${x(i).toFixed(1)},${y(p.low as number).toFixed(1)}`).reverse();
      if (run.length === 1) {
        const { i, p } = run[0] as { i: number; p: ChartPoint };
        parts.push(
          `<line x1="${x(i).toFixed(1)}" x2="${x(i).toFixed(1)}" y1="${y(p.low as number).toFixed(1)}" y2="${y(p.high as number).toFixed(1)}" stroke="${st.stroke}" stroke-width="2"/>`,
        );
      } else {
        parts.push(
          `<polygon points="${[...upper, ...lower].join(' ')}" fill="${st.band}" fill-opacity="${st.bandOpacity}" stroke="none"/>`,
        );
        if (s.outlineBand)
          for (const edge of [upper, lower])
            parts.push(
              `<polyline points="${edge.join(' ')}" fill="none" stroke="${st.stroke}" stroke-width="1" stroke-dasharray="1 3" class="band-edge"/>`,
            );
      }
    }
    for (const run of runs(s.points, () => true)) {
      if (run.length > 1)
        parts.push(
          `<polyline points="${run.map(({ i, p }) => `${x(i).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ')}" fill="none" stroke="${st.stroke}" stroke-width="2.5"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`,
        );
      for (const { i, p } of run) parts.push(marker(st.marker, x(i), y(p.y), st.stroke));
    }
  }
  // Legend below the axis labels, a row per series.
  const lx = margin.left;
  let ly = margin.top + plotH + 44;
  for (const s of spec.series) {
    const st = styles[s.style];
    parts.push(
      `<line x1="${lx}" x2="${lx + 28}" y1="${ly}" y2="${ly}" stroke="${st.stroke}" stroke-width="2.5"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`,
      marker(st.marker, lx + 14, ly, st.stroke),
      `<text x="${lx + 36}" y="${ly}" dominant-baseline="middle" fill="#1a1a1a">${esc(s.label)}</text>`,
    );
    ly += 22;
  }
  if (spec.watermark)
    parts.push(
      `<text x="${margin.left + plotW / 2}" y="${margin.top + plotH / 2}" text-anchor="middle" dominant-baseline="middle" font-size="40" font-weight="700" fill="#767676" fill-opacity="0.35" transform="rotate(-12 ${margin.left + plotW / 2} ${margin.top + plotH / 2})">${esc(spec.watermark)}</text>`,
    );
  parts.push('</svg>');
  return parts.join('');
}

function marker(kind: 'circle' | 'square' | 'diamond', cx: number, cy: number, colour: string): string {
  const X = cx.toFixed(1);
  const Y = cy.toFixed(1);
  if (kind === 'circle')
    return `<circle cx="${X}" cy="${Y}" r="4.5" fill="${colour}" stroke="#ffffff" stroke-width="1.5"/>`;
  if (kind === 'square')
    return `<rect x="${(cx - 4.5).toFixed(1)}" y="${(cy - 4.5).toFixed(1)}" width="9" height="9" fill="${colour}" stroke="#ffffff" stroke-width="1.5"/>`;
  return `<polygon points="${X},${(cy - 6).toFixed(1)} ${(cx + 6).toFixed(1)},${Y} ${X},${(cy + 6).toFixed(1)} ${(cx - 6).toFixed(1)},${Y}" fill="${colour}" stroke="#ffffff" stroke-width="1.5"/>`;
}

function runs(
  points: readonly (ChartPoint | null)[],
  keep: (p: ChartPoint) => boolean,
): { i: number; p: ChartPoint }[][] {
  const out: { i: number; p: ChartPoint }[][] = [];
  let current: { i: number; p: ChartPoint }[] = [];
  points.forEach((p, i) => {
    if (p && keep(p)) current.push({ i, p });
    else if (current.length) {
      out.push(current);
      current = [];
    }
  });
  if (current.length) out.push(current);
  return out;
}

/** A domain padded to round numbers; a flat or empty series still gets a visible range. */
export function niceDomain(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / 5);
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

function ticks(lo: number, hi: number, count: number): number[] {
  const step = niceStep((hi - lo) / count);
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step / 1e6; t += step)
    out.push(Math.abs(t) < step / 1e6 ? 0 : t);
  return out;
}

function esc(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
