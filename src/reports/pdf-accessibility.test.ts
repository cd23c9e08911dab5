// The PDF checker (test/support/pdf-structure.ts) finds what it is meant to find: a document printed by the same
// Chromium from HTML with no language, no title, a skipped and a second top-level heading, a picture without a
// text alternative and a table without header cells is reported for each of them; the same document put right is
// reported for none. The report's own PDFs are checked in evaluation-report.test.ts and
// second-strategy-report.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPdfStructure } from '../../test/support/pdf-structure.ts';
import { chromiumSettings } from '../platform/chromium.ts';
import { printPdf } from './pdf.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pdf-accessibility-'));
// A 2 × 2 PNG, red.
const png =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAAAxgABD3Af+Y5vGjAAAAAElFTkSuQmCC';

async function printed(name: string, html: string): Promise<string> {
  const bytes = await printPdf(html, {
    chromium: chromiumSettings({}),
    footerText: 'Prøve',
    creationDate: new Date('2026-05-02T10:00:00Z'),
  });
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

describe('the PDF accessibility checker', () => {
  it('reports a missing language and title, skipped headings, a picture without text and a table without headers', async () => {
    const file = await printed(
      'bad',
      `<!doctype html><html><head></head><body>
<h1>Rapport</h1><h3>Et afsnit for dybt</h3><h1>En overskrift mere</h1>
<img src="${png}" width="40" height="40">
<table><caption>Tal uden overskrifter</caption><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>
</body></html>`,
    );
    const { problems } = readPdfStructure(file, { lang: 'da' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'the document says it is in en-US, not da (/Lang)',
        "the document's title is an address (about:blank), not a title (/Title)",
        'heading 2: H3 after H1',
        'more than one H1',
        'figure 1 has no text alternative (/Alt)',
        'table 1 has no header cells (TH)',
      ]),
    );
  }, 60_000);

  it('reports nothing for the same document put right', async () => {
    const file = await printed(
      'good',
      `<!doctype html><html lang="da"><head><title>Rapport</title></head><body>
<h1>Rapport</h1><h2>Et afsnit</h2><h3>Et underafsnit</h3><h2>Et afsnit mere</h2>
<img src="${png}" width="40" height="40" alt="Et rødt felt">
<table><caption>Tal</caption><thead><tr><th scope="col">År</th><th scope="col">Antal</th></tr></thead>
<tbody><tr><th scope="row">2024</th><td>2</td></tr></tbody></table>
</body></html>`,
    );
    const s = readPdfStructure(file, { lang: 'da' });
    expect(s.problems).toEqual([]);
    expect(s.headings).toEqual([1, 2, 3, 2]);
    expect(s.figures).toEqual([{ alt: 'Et rødt felt' }]);
    expect(s.tables).toBe(1);
    expect(s.headerCells).toBe(3);
  }, 60_000);
});
