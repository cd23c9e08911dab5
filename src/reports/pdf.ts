// The report's HTML printed to PDF by Debian's Chromium (playwright-core): tagged (a structure tree from the
// HTML's headings, lists, tables and figures, the language from <html lang>), with an outline from the headings,
// A4 and page numbers in the footer. Chromium missing, failing to start, hanging or crashing gives a
// PdfRendererError within the configured time, and the browser is closed (killed) either way.
//
// Chromium writes the moment of printing as the file's creation and modification date and makes the file's /ID
// from it; both are set afterwards to the given date (the freeze), in place and at the same length so the
// cross-reference offsets stay right, so that printing the same HTML twice gives the same bytes.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS, type ChromiumSettings } from '../platform/chromium.ts';

export class PdfRendererError extends Error {
  override readonly name = 'PdfRendererError';
}

export interface PdfOptions {
  readonly chromium: ChromiumSettings;
  /** The footer's words before the page number ("Evaluering 2023 · side 3 af 40"). */
  readonly footerText: string;
  /** Written as the PDF's creation and modification date. */
  readonly creationDate: Date;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function printPdf(html: string, options: PdfOptions): Promise<Buffer> {
  const { executablePath, timeoutMs } = options.chromium;
  if (!existsSync(executablePath))
    throw new PdfRendererError(
      `Chromium not found at ${executablePath}; install Debian's chromium package or set CHROMIUM_PATH`,
    );
  const { chromium } = await import('playwright-core');
  const started = Date.now();
  const left = () => Math.max(1, timeoutMs - (Date.now() - started));
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const work = async () => {
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], timeout: left() });
    const page = await browser.newPage();
    page.setDefaultTimeout(left());
    // Nothing is fetched: the report is one self-contained document.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load', timeout: left() });
    return page.pdf({
      format: 'A4',
      tagged: true,
      outline: true,
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8pt;width:100%;padding:0 16mm;font-family:'DejaVu Sans',Arial,sans-serif;color:#1a1a1a;display:flex;justify-content:space-between"><span>${escapeHtml(options.footerText)}</span><span>Side <span class="pageNumber"></span> af <span class="totalPages"></span></span></div>`,
    });
  };
  try {
    const pdf = await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new PdfRendererError(
                `Chromium did not print the report within ${timeoutMs} ms (PDF_TIMEOUT_MS)`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]);
    return pinDates(pdf, options.creationDate);
  } catch (e) {
    if (e instanceof PdfRendererError) throw e;
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new PdfRendererError(`Chromium (${executablePath}) could not print the report: ${message}`);
  } finally {
    clearTimeout(timer);
    await (browser as { close(): Promise<void> } | undefined)?.close().catch(() => undefined);
  }
}

/** D:YYYYMMDDHHmmss+00'00' of an instant, in UTC. */
function pdfDate(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}+00'00'`;
}

/**
 * Sets /CreationDate and /ModDate to the given moment and the trailer's /ID to a hash of the rest, each
 * rewritten at its own length (latin1 keeps one byte a character, so the offsets do not move).
 */
export function pinDates(pdf: Buffer, at: Date): Buffer {
  let text = pdf.toString('latin1');
  const date = pdfDate(at);
  text = text.replace(/\/(CreationDate|ModDate) \((D:[^)]*)\)/g, (whole, key: string, old: string) =>
    old.length === date.length ? `/${key} (${date})` : whole,
  );
  const idPattern = /\/ID \[<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>\]/;
  const m = idPattern.exec(text);
  if (m) {
    const withoutId = text.replace(idPattern, '');
    const digest = createHash('sha256').update(withoutId, 'latin1').digest('hex').toUpperCase();
    const a = (m[1] ?? '').length;
    const b = (m[2] ?? '').length;
    text = text.replace(
      idPattern,
      `/ID [<${digest.slice(0, a).padEnd(a, '0')}> <${digest.slice(0, b).padEnd(b, '0')}>]`,
    );
  }
  return Buffer.from(text, 'latin1');
}
