// A trend line small enough for a table cell: server-rendered SVG of one figure over time. It is hidden from
// assistive technology (aria-hidden) because the figures it stands for are written in the same table row; a
// missing or suppressed period is a break in the line, never a guess.

export interface SparklineSpec {
  /** One value per period in order; null where nothing is published. */
  readonly values: readonly (number | null)[];
  /** Where the figure means "no gap" (0 for a difference, 1 for a ratio): drawn as a faint line. */
  readonly reference?: number;
  readonly width?: number;
  readonly height?: number;
}

/** The SVG, or '' when fewer than two periods have a value (a line needs two points). */
export function renderSparkline(spec: SparklineSpec): string {
  const { values, reference } = spec;
  const width = spec.width ?? 80;
  const height = spec.height ?? 20;
  const numbers = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (numbers.length < 2) return '';
  const span = [...numbers, ...(reference === undefined ? [] : [reference])];
  let lo = Math.min(...span);
  let hi = Math.max(...span);
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const pad = 2;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / (values.length - 1);
  const y = (v: number) => pad + ((hi - v) * (height - 2 * pad)) / (hi - lo);
  const r = (n: number) => Math.round(n * 10) / 10;
  let d = '';
  let pen = false;
  let end = { x: 0, y: 0 };
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    end = { x: r(x(i)), y: r(y(v)) };
    d += `${pen ? 'L' : 'M'}${end.x} ${end.y}`;
    pen = true;
  });
  const ref =
    reference === undefined
      ? ''
      : `<line class="sparkline-reference" x1="${pad}" x2="${width - pad}" y1="${r(y(reference))}" y2="${r(y(reference))}"/>`;
  return (
    `<svg class="sparkline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-hidden="true" focusable="false">` +
    ref +
    `<path class="sparkline-line" d="${d}"/>` +
    `<circle class="sparkline-end" cx="${end.x}" cy="${end.y}" r="2"/>` +
    `</svg>`
  );
}
