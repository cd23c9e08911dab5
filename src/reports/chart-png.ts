// The report's SVG charts as PNG pictures for the Word document, drawn by resvg (@resvg/resvg-js, a Rust SVG
// renderer shipped with its Linux binary in the npm package: no browser, no network) with the machine's fonts
// (DejaVu Sans where the chart's IBM Plex Sans and Arial are missing). Loaded on first use; when the binary cannot
// be loaded the document is made without pictures and says so (`ChartRasteriserUnavailable`).

import type { Resvg as ResvgClass } from '@resvg/resvg-js';

/** A chart drawn as PNG, with its size in CSS pixels (the SVG's view box) for the page layout. */
export interface ChartPicture {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

export type ChartRasteriser = (svg: string) => ChartPicture;

export interface ChartRasteriserUnavailable {
  readonly unavailable: string;
}

/** The widest the document shows a chart: the text width of an A4 page with 16 mm margins, in CSS pixels. */
export const PRINTED_WIDTH_PX = 640;
/** Dots per inch of the PNG at the width it is printed (a CSS pixel is 1/96 inch): sharp on paper. */
const PRINT_DPI = 300;

export async function loadChartRasteriser(): Promise<ChartRasteriser | ChartRasteriserUnavailable> {
  let Resvg: typeof ResvgClass;
  try {
    ({ Resvg } = await import('@resvg/resvg-js'));
  } catch (e) {
    return {
      unavailable: `the chart renderer (@resvg/resvg-js) could not be loaded: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    };
  }
  return (svg) => {
    const box = viewBox(svg);
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'width', value: Math.round((Math.min(box.width, PRINTED_WIDTH_PX) * PRINT_DPI) / 96) },
      background: '#ffffff',
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
      logLevel: 'off',
    });
    return { png: resvg.render().asPng(), width: box.width, height: box.height };
  };
}

function viewBox(svg: string): { width: number; height: number } {
  const m = /<svg\b[^>]*\bviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"/.exec(svg);
  const width = Number(m?.[1]);
  const height = Number(m?.[2]);
  if (!(width > 0 && height > 0)) throw new Error('the chart has no view box to size it by');
  return { width, height };
}
