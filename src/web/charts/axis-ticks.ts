// Which ticks an axis shows: round numbers on the value axis, and on the time axis as many period labels as
// fit the width the chart has, so labels never run into each other on a phone.

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

/** Round values from lo to hi, about `count` of them. */
export function valueTicks(lo: number, hi: number, count: number): number[] {
  const step = niceStep((hi - lo) / count);
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step / 1e6; t += step)
    out.push(Math.abs(t) < step / 1e6 ? 0 : t);
  return out;
}

/** The width a label of this text takes at a font size, estimated: 0.6 em a character is generous for Arial. */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

/**
 * The indices of the period labels to print on an axis `plotWidth` wide. Every label gets its own width and a
 * gap; when they do not all fit, every k-th label is printed, counted back from the latest period so the
 * newest figure always has its label (quarters keep whole years apart when k is a multiple of four).
 */
export function periodTickIndices(
  labels: readonly string[],
  plotWidth: number,
  fontSize: number,
  gap = 12,
): number[] {
  const n = labels.length;
  if (n === 0) return [];
  if (n === 1) return [0];
  const widest = Math.max(...labels.map((l) => textWidth(l, fontSize)));
  const spacing = plotWidth / (n - 1);
  let every = Math.max(1, Math.ceil((widest + gap) / spacing));
  // Quarterly labels read best a year apart: round a step above two up to a multiple of four.
  if (every > 2 && labels.every((l) => /^[KQ][1-4] \d{4}$/.test(l))) every = Math.ceil(every / 4) * 4;
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i -= every) out.push(i);
  return out.reverse();
}
