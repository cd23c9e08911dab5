// A survey link as a QR code for the printed list: inline SVG made on the server by `qrcode` (no script, no
// picture file, nothing the Content-Security-Policy has to allow), black modules on white with the standard
// quiet zone of four modules, error correction level M (15 % of the code may be soiled or creased). The drawing
// is hidden from screen readers: the link is printed as text beside it and read once.
import QRCode from 'qrcode';

/** The SVG element for a text; throws only for a text too long for any QR code (a link is far shorter). */
export async function qrSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 4,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
  return svg.replace(/^<svg\b/, '<svg class="survey-qr" aria-hidden="true" focusable="false"');
}
