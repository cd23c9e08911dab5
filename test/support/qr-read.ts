// Reads a QR code from its SVG for tests: drawn to pixels by resvg (@resvg/resvg-js, as the report's charts
// are), then decoded by jsQR, which shares no code with the `qrcode` encoder. Undefined when no code is found.
import { Resvg } from '@resvg/resvg-js';
import jsQRModule from 'jsqr';

// jsQR is a CommonJS bundle whose types declare an ES default export: both shapes are one function at run time.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

export function readQr(svg: string, size = 400): string | undefined {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: '#ffffff' }).render();
  const code = jsQR(new Uint8ClampedArray(image.pixels), image.width, image.height);
  return code?.data;
}
