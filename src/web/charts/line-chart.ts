// Server-rendered SVG line charts with interval bands, as a statistics office prints them: a title, the unit
// on each axis, the baseline period and the strategy's period marked, a target line where there is one, and a
// legend that reads in greyscale (series differ by line pattern and marker shape as well as tone; every colour
// has at least 3:1 contrast against white). No script and no inline style (the CSP forbids both): presentation
// attributes only. Each chart comes in two layouts — wide for the content column of a desktop, narrow for a
// phone — and the page's stylesheet shows the one that fits, so labels keep their size instead of shrinking
// with the picture.
import { niceDomain, periodTickIndices, textWidth, valueTicks } from './axis-ticks.ts';
import { periodOverlaps, shortPeriodLabel, type ChartLanguage } from './period-labels.ts';

export { niceDomain } from './axis-ticks.ts';

export interface ChartPoint {
  readonly y: number;
  readonly low?: number | undefined;
  readonly high?: number | undefined;
}

export interface ChartSeries {
  readonly label: string;
  /** One entry per period; null where there is no figure to draw (missing or suppressed). */
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
  readonly lang: ChartLanguage;
  /** The period codes along the x axis (2019, 2019K1, 2019M01), in order; labels are made short from them. */
  readonly periods: readonly string[];
  readonly series: readonly ChartSeries[];
  /** The unit of the value axis, printed above it ("Procent", "Procentpoint", "Gange"). */
  readonly yLabel: string;
  /** The name of the time axis ("År", "Kvartal"). */
  readonly xLabel: string;
  /** The axis ticks' format (the unit stands in the axis label). */
  readonly formatTick: (y: number) => string;
  /** Draw a reference line at zero (for gaps). */
  readonly zeroLine?: boolean;
  /** Start the y axis at zero when all values are positive (shares, counts). */
  readonly includeZero?: boolean;
  /** A horizontal target line with its words, e.g. "Mål: intet gab" at 0 or "Mål: lige niveau" at 1. */
  readonly target?: { readonly value: number; readonly label: string } | undefined;
  /** The baseline period, marked by a vertical line with its words. */
  readonly baseline?: { readonly period: string; readonly label: string } | undefined;
  /** The strategy's period in months (`YYYY-MM`), shaded behind the figures it covers. */
  readonly strategyPeriod?:
    { readonly from: string; readonly to: string; readonly label: string } | undefined;
  /** Shown under the title and across the plot when the figures are illustrative. */
  readonly watermark?: string | undefined;
  /** The plot's height in the wide layout; the narrow one is about four fifths of it. */
  readonly height?: number;
}

export type ChartLayout = 'wide' | 'narrow';

/** The wide layout fills a desktop content column at about its own size; the narrow one a 390 px phone. */
export const layouts = {
  wide: { width: 1100, font: 15, titleFont: 19, legendFont: 15 },
  narrow: { width: 360, font: 13, titleFont: 15, legendFont: 13 },
} as const;

const styles = {
  // DKFDS primary blue (#004993, 9.3:1 on white) solid with circles.
  primary: { stroke: '#004993', dash: undefined, band: '#004993', bandOpacity: 0.16, marker: 'circle' },
  // Dark grey (#595959, 7:1) dashed with squares.
  secondary: { stroke: '#595959', dash: '6 4', band: '#595959', bandOpacity: 0.14, marker: 'square' },
  // Near-black (#1a1a1a) dotted with diamonds, for the gap.
  gap: { stroke: '#1a1a1a', dash: '2 3', band: '#1a1a1a', bandOpacity: 0.12, marker: 'diamond' },
} as const;

const ink = '#1a1a1a';
const muted = '#545454';

/** Both layouts, one after the other; the stylesheet shows one (`.chart-wide`, `.chart-narrow`). */
export function renderLineChart(spec: LineChartSpec): string {
  return renderLineChartLayout(spec, 'wide') + renderLineChartLayout(spec, 'narrow');
}

export function renderLineChartLayout(spec: LineChartSpec, layout: ChartLayout): string {
  const L = layouts[layout];
  const width = L.width;
  const id = `${spec.id}-${layout}`;
  const n = spec.periods.length;
  const labels = spec.periods.map((p) => shortPeriodLabel(p, spec.lang));

  const values: number[] = [];
  for (const s of spec.series)
    for (const p of s.points)
      if (p) {
        values.push(p.y);
        if (p.low !== undefined) values.push(p.low);
        if (p.high !== undefined) values.push(p.high);
      }
  if (spec.includeZero || spec.zeroLine) values.push(0);
  if (spec.target) values.push(spec.target.value);
  const [yMin, yMax] = niceDomain(values);
  const yTicks = valueTicks(yMin, yMax, layout === 'wide' ? 6 : 4);
  const tickTexts = yTicks.map(spec.formatTick);

  // Above the plot: the title (wrapped), the illustrative note, the strategy period's bracket, the y unit.
  const lineH = (f: number) => Math.round(f * 1.3);
  const titleLines = wrap(spec.title, Math.floor((width - 8) / (L.titleFont * 0.56)));
  let top = 4;
  const head: string[] = [];
  for (const line of titleLines) {
    top += lineH(L.titleFont);
    head.push(
      `<text x="0" y="${top}" font-size="${L.titleFont}" font-weight="700" fill="${ink}">${esc(line)}</text>`,
    );
  }
  if (spec.watermark) {
    top += lineH(L.font) + 2;
    head.push(`<text x="0" y="${top}" font-weight="700" fill="${ink}">${esc(spec.watermark)}</text>`);
  }
  top += lineH(L.font) + 6;
  head.push(`<text x="0" y="${top}" fill="${ink}" class="axis-label">${esc(spec.yLabel)}</text>`);
  const strategyRow = spec.strategyPeriod ? lineH(L.font) + 8 : 0;
  const plotTop = top + 10 + strategyRow;

  const widestTick = Math.max(0, ...tickTexts.map((s) => textWidth(s, L.font)));
  const widestPeriod = Math.max(0, ...labels.map((s) => textWidth(s, L.font)));
  const left = Math.ceil(widestTick + 12);
  const right = Math.ceil(Math.max(16, widestPeriod / 2 + 4));
  const plotW = width - left - right;
  const plotH = Math.round((spec.height ?? 300) * (layout === 'wide' ? 1 : 0.8));
  const plotBottom = plotTop + plotH;
  const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => plotTop + plotH - ((v - yMin) / (yMax - yMin)) * plotH;
  const step = n <= 1 ? plotW : plotW / (n - 1);

  const body: string[] = [];
  // The strategy's period: a light band behind the figures it covers, and a bracket with its words above.
  if (spec.strategyPeriod) {
    const sp = spec.strategyPeriod;
    const inside = spec.periods.flatMap((p, i) => (periodOverlaps(p, sp.from, sp.to) ? [i] : []));
    if (inside.length > 0) {
      const first = inside[0] as number;
      const last = inside[inside.length - 1] as number;
      const x0 = Math.max(left, x(first) - step / 2);
      const x1 = Math.min(left + plotW, x(last) + step / 2);
      const by = plotTop - 8;
      // The words centred over the bracket, moved in where they would run past the chart's edge.
      const label = fitText(sp.label, width, L.font);
      const half = textWidth(label, L.font) / 2;
      const labelCentre = Math.min(Math.max((x0 + x1) / 2, half), width - half);
      body.push(
        `<rect x="${f(x0)}" y="${plotTop}" width="${f(x1 - x0)}" height="${plotH}" fill="#eef2f7" class="strategy-period"/>`,
        `<path d="M${f(x0)} ${by + 5}V${by}H${f(x1)}V${by + 5}" fill="none" stroke="${muted}" stroke-width="1.5"/>`,
        `<text x="${f(labelCentre)}" y="${by - 5}" text-anchor="middle" fill="${ink}">${esc(label)}</text>`,
      );
    }
  }
  // Horizontal grid and the value labels.
  yTicks.forEach((t, k) => {
    const ty = f(y(t));
    body.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${ty}" y2="${ty}" stroke="#d9d9d9" stroke-width="1"/>`,
      `<text x="${left - 8}" y="${ty}" text-anchor="end" dominant-baseline="middle" fill="${ink}">${esc(tickTexts[k] ?? '')}</text>`,
    );
  });
  if (spec.zeroLine && yMin < 0 && yMax > 0 && spec.target?.value !== 0)
    body.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${f(y(0))}" y2="${f(y(0))}" stroke="${ink}" stroke-width="1.5"/>`,
    );
  // The time axis: as many short labels as fit, always the latest.
  for (const i of periodTickIndices(labels, plotW, L.font))
    body.push(
      `<line x1="${f(x(i))}" x2="${f(x(i))}" y1="${plotBottom}" y2="${plotBottom + 5}" stroke="${ink}" stroke-width="1"/>`,
      `<text x="${f(x(i))}" y="${plotBottom + 8 + L.font}" text-anchor="middle" fill="${ink}">${esc(labels[i] ?? '')}</text>`,
    );
  body.push(
    `<line x1="${left}" x2="${left + plotW}" y1="${plotBottom}" y2="${plotBottom}" stroke="${ink}" stroke-width="1"/>`,
    `<text x="${left + plotW}" y="${plotBottom + 12 + 2 * lineH(L.font)}" text-anchor="end" fill="${ink}" class="axis-label">${esc(spec.xLabel)}</text>`,
  );
  // A target line near the top of the plot takes its words below it, and the baseline's words go to the foot.
  const targetY = spec.target ? y(spec.target.value) : undefined;
  const targetHigh = targetY !== undefined && targetY - plotTop < 2 * L.font;
  const targetLow = targetY !== undefined && plotBottom - targetY < 2 * L.font;
  // The baseline: a vertical dash-dot line with its words at the top of the plot.
  const baseIndex = spec.baseline ? spec.periods.indexOf(spec.baseline.period) : -1;
  if (spec.baseline && baseIndex >= 0) {
    const bx = x(baseIndex);
    const anchorEnd = bx > left + plotW * 0.7;
    body.push(
      `<line x1="${f(bx)}" x2="${f(bx)}" y1="${plotTop}" y2="${plotBottom}" stroke="${ink}" stroke-width="1.5" stroke-dasharray="8 3 2 3" class="baseline"/>`,
      halo(
        `x="${f(anchorEnd ? bx - 5 : bx + 5)}" y="${targetHigh && !targetLow ? plotBottom - 8 : plotTop + L.font + 2}"${anchorEnd ? ' text-anchor="end"' : ''}`,
        spec.baseline.label,
      ),
    );
  }
  // The target: a thick long-dashed line with its words at the right end.
  if (spec.target && targetY !== undefined) {
    const ty = targetHigh ? targetY + L.font + 12 : targetY;
    body.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${f(targetY)}" y2="${f(targetY)}" stroke="#006e3c" stroke-width="2" stroke-dasharray="12 4" class="target"/>`,
      halo(`x="${left + plotW - 4}" y="${f(ty - 6)}" text-anchor="end"`, spec.target.label),
    );
  }

  for (const s of spec.series) {
    const st = styles[s.style];
    // Interval band, drawn per run of consecutive points that have both limits.
    for (const run of runs(s.points, (p) => p.low !== undefined && p.high !== undefined)) {
      const upper = run.map(({ i, p }) => `${f(x(i))},${f(y(p.high as number))}`);
      const lower = run.map(({ i, p }) => `${f(x(i))},${f(y(p.low as number))}`).reverse();
      if (run.length === 1) {
        const { i, p } = run[0] as { i: number; p: ChartPoint };
        body.push(
          `<line x1="${f(x(i))}" x2="${f(x(i))}" y1="${f(y(p.low as number))}" y2="${f(y(p.high as number))}" stroke="${st.stroke}" stroke-width="2"/>`,
        );
      } else {
        body.push(
          `<polygon points="${[...upper, ...lower].join(' ')}" fill="${st.band}" fill-opacity="${st.bandOpacity}" stroke="none"/>`,
        );
        if (s.outlineBand)
          for (const edge of [upper, lower])
            body.push(
              `<polyline points="${edge.join(' ')}" fill="none" stroke="${st.stroke}" stroke-width="1" stroke-dasharray="1 3" class="band-edge"/>`,
            );
      }
    }
    // The markers share one group's fill and edge, so each is only its shape and place (a page has hundreds).
    const markers: string[] = [];
    for (const run of runs(s.points, () => true)) {
      if (run.length > 1)
        body.push(
          `<polyline points="${run.map(({ i, p }) => `${f(x(i))},${f(y(p.y))}`).join(' ')}" fill="none" stroke="${st.stroke}" stroke-width="2.5"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`,
        );
      // Where points stand closer than a marker's width, only each run's ends get one: the line's pattern
      // still tells the series apart, and the end markers match the legend.
      run.forEach(({ i, p }, k) => {
        if (step >= 14 || k === 0 || k === run.length - 1) markers.push(shape(st.marker, x(i), y(p.y)));
      });
    }
    if (markers.length)
      body.push(`<g fill="${st.stroke}" stroke="#ffffff" stroke-width="1.5">${markers.join('')}</g>`);
  }
  if (spec.watermark) {
    const cx = f(left + plotW / 2);
    const cy = f(plotTop + plotH / 2);
    body.push(
      `<text x="${cx}" y="${cy}" text-anchor="middle" dominant-baseline="middle" font-size="${layout === 'wide' ? 48 : 26}" font-weight="700" fill="#767676" fill-opacity="0.3" transform="rotate(-12 ${cx} ${cy})">${esc(spec.watermark)}</text>`,
    );
  }

  // Legend under the time axis: one row per series (long group names wrap), its line, marker and words.
  let ly = plotBottom + 20 + 3 * lineH(L.legendFont);
  const legend: string[] = [];
  const textX = 44;
  const maxChars = Math.floor((width - textX) / (L.legendFont * 0.56));
  for (const s of spec.series) {
    const st = styles[s.style];
    const lines = wrap(s.label, maxChars);
    legend.push(
      `<line x1="2" x2="34" y1="${ly}" y2="${ly}" stroke="${st.stroke}" stroke-width="2.5"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`,
      marker(st.marker, 18, ly, st.stroke),
      ...lines.map(
        (line, k) =>
          `<text x="${textX}" y="${ly + k * lineH(L.legendFont)}" dominant-baseline="middle" font-size="${L.legendFont}" fill="${ink}">${esc(line)}</text>`,
      ),
    );
    ly += lines.length * lineH(L.legendFont) + 8;
  }
  const height = Math.ceil(ly - lineH(L.legendFont) / 2);

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${esc(id)}-title ${esc(id)}-desc" class="chart chart-${layout}" font-family="IBM Plex Sans, Arial, sans-serif" font-size="${L.font}">`,
    `<title id="${esc(id)}-title">${esc(spec.title)}</title>`,
    `<desc id="${esc(id)}-desc">${esc(spec.description)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    ...head,
    ...body,
    ...legend,
    '</svg>',
  ].join('');
}

/** Words on a white halo, so a label stays legible over grid lines and bands. */
function halo(attributes: string, text: string): string {
  return `<text ${attributes} fill="${ink}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">${esc(text)}</text>`;
}

function marker(kind: 'circle' | 'square' | 'diamond', cx: number, cy: number, colour: string): string {
  return `<g fill="${colour}" stroke="#ffffff" stroke-width="1.5">${shape(kind, cx, cy)}</g>`;
}

/** A marker's shape and place; its fill and edge come from the group around it. */
function shape(kind: 'circle' | 'square' | 'diamond', cx: number, cy: number): string {
  const X = f(cx);
  const Y = f(cy);
  if (kind === 'circle') return `<circle cx="${X}" cy="${Y}" r="4.5"/>`;
  if (kind === 'square') return `<rect x="${f(cx - 4.5)}" y="${f(cy - 4.5)}" width="9" height="9"/>`;
  return `<polygon points="${X},${f(cy - 6)} ${f(cx + 6)},${Y} ${X},${f(cy + 6)} ${f(cx - 6)},${Y}"/>`;
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

/** Text broken at spaces into lines of at most `maxChars` characters (a longer word gets a line of its own). */
export function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** A label cut with an ellipsis when it would be wider than the room it has. */
function fitText(text: string, room: number, fontSize: number): string {
  const max = Math.floor(room / (fontSize * 0.6));
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** A coordinate to a tenth of a unit, without a trailing ".0" (a unit is about a pixel in either layout). */
function f(v: number): string {
  const r = Math.round(v * 10) / 10;
  return String(Object.is(r, -0) ? 0 : r);
}

function esc(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
