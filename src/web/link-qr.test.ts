// The QR code holds exactly the link: each SVG is drawn by resvg (as the report's charts are) and read back by
// jsQR, a decoder that shares no code with the encoder. Also that the drawing is hidden from screen readers and
// carries nothing the page's Content-Security-Policy would refuse.
import { describe, expect, it } from 'vitest';
import { newToken, surveyLink } from '../service/survey-links.ts';
import { qrSvg } from './link-qr.ts';
import { readQr } from '../../test/support/qr-read.ts';

describe('a survey link as a QR code', () => {
  it('decodes to the same link, for many random tokens', async () => {
    for (let i = 0; i < 20; i++) {
      const link = surveyLink('https://pejlemaerke.ballerup.dk', newToken());
      expect(readQr(await qrSvg(link))).toBe(link);
    }
  });

  it('is hidden from screen readers and has no inline style or script', async () => {
    const svg = await qrSvg('https://pejlemaerke.test/svar/' + 'A'.repeat(43));
    expect(svg).toMatch(/^<svg class="survey-qr" aria-hidden="true" focusable="false" xmlns=/);
    expect(svg).not.toMatch(/style=|<script|<text|on\w+=/i);
    expect(svg).toContain('#000000');
  });

  it('is not a code of another link', async () => {
    const a = surveyLink('https://pejlemaerke.test', newToken());
    const b = surveyLink('https://pejlemaerke.test', newToken());
    expect(readQr(await qrSvg(a))).not.toBe(b);
  });
});
