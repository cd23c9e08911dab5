// Indicator pages in Chromium as people see them: printed to A4 (at most two pages, without navigation, forms,
// choosers or download links), on a 390 px phone (the narrow chart, period labels that do not overlap) and
// on a 1280 px desktop (the wide chart across the content column); and with an uploaded indicator file, shown
// without the illustrative watermark and alert, beside the national figure.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/domain/access/index.ts';
import { seedBundledDataset } from '../../src/service/bundled-dataset.ts';
import { importIndicatorFile, indicatorTemplate } from '../../src/service/indicator-file.ts';
import { getStrategy } from '../../src/service/strategies.ts';
import { ballerupId, startTestApp, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let origin: string;
let indicatorIds: string[] = [];
const base = `/strategier/${ballerupId}/indikatorer`;

beforeAll(async () => {
  t = await startTestApp();
  await seedBundledDataset(t.database);
  const s = await getStrategy(t.database, ballerupId);
  indicatorIds = s?.definition.areas.flatMap((a) => a.indicators.map((i) => i.id)) ?? [];
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  context = await browser.newContext();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

/** The pages of a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree above them). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
}

async function open(page: Page, url: string): Promise<void> {
  const res = await page.goto(origin + url);
  expect(res?.status(), url).toBe(200);
}

describe('printing an indicator page', () => {
  it('fits every indicator page of the bundled strategy on at most two A4 pages', async () => {
    expect(indicatorIds.length).toBeGreaterThanOrEqual(15);
    const page = await context.newPage();
    const counts: Record<string, number> = {};
    const urls = [
      ...indicatorIds.map((id) => `${base}/${id}`),
      `${base}/ungdomsuddannelse-20-24?lang=en`,
      `${base}/ledige-efter-13-uger?sammenlign=084`,
      `${base}/offentlig-forsoergelse?lang=en&sammenlign=000`,
      // Without a comparison the area's own gap chart prints in its place.
      `${base}/offentlig-forsoergelse?sammenlign=`,
      `${base}/ledige-efter-13-uger?sammenlign=&lang=en`,
    ];
    for (const url of urls) {
      await open(page, url);
      counts[url] = pdfPageCount(await page.pdf({ format: 'A4' }));
    }
    await page.close();
    expect(Object.entries(counts).filter(([, n]) => n < 1 || n > 2)).toEqual([]);
  });

  it('leaves out navigation, forms, choosers and download links, and prints the wide chart', async () => {
    const page = await context.newPage();
    await open(page, `${base}/ledige-efter-13-uger`);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['nav.breadcrumbs', 'form.chooser', 'p.downloads', '.footer', '.skipnav'])
      expect(await page.locator(selector).first().isVisible(), selector).toBe(false);
    expect(await page.locator('svg.chart-wide').first().isVisible()).toBe(true);
    expect(await page.locator('svg.chart-narrow').first().isVisible()).toBe(false);
    // A quarterly indicator has forty periods: the latest twelve and the baseline print, and a line says so.
    expect(await page.locator('tr.print-omit').count()).toBeGreaterThan(0);
    expect(await page.locator('p.print-only').isVisible()).toBe(true);
    expect(await page.locator('p.print-only').innerText()).toContain(
      'Udskriften viser de seneste 12 perioder',
    );
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('p.print-only').isVisible()).toBe(false);
    expect(await page.locator('tr.print-omit').first().isVisible()).toBe(true);
    await page.close();
  });
});

/** The boxes of the visible chart's time-axis labels, left to right. */
async function axisLabelBoxes(page: Page, layout: 'wide' | 'narrow') {
  return page
    .locator(`svg.chart-${layout}`)
    .first()
    .evaluate((svg) =>
      [...svg.querySelectorAll('text')]
        .filter((el) => /^(K[1-4] \d{4}|Q[1-4] \d{4}|\d{4})$/.test(el.textContent ?? ''))
        .map((el) => el.getBoundingClientRect())
        .map((r) => ({ left: r.left, right: r.right, top: r.top, height: r.height })),
    );
}

describe('indicator page on a phone and a desktop', () => {
  it.each([
    [390, 'narrow', 'wide'],
    [1280, 'wide', 'narrow'],
  ] as const)('at %i px shows the %s chart across the column, labels apart', async (width, shown, hidden) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await open(page, `${base}/ledige-efter-13-uger`);
    const chart = page.locator(`svg.chart-${shown}`).first();
    expect(await chart.isVisible()).toBe(true);
    expect(await page.locator(`svg.chart-${hidden}`).first().isVisible()).toBe(false);
    const column = await page.locator('main').evaluate((m) => m.getBoundingClientRect().width);
    const box = await chart.boundingBox();
    // The chart fills the content column (not a fixed 560 px) and never runs past the screen.
    expect(box?.width ?? 0).toBeGreaterThan(column - 2);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
    const labels = await axisLabelBoxes(page, shown);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < labels.length; i++)
      expect(labels[i]?.left ?? 0, 'period labels overlap').toBeGreaterThan(labels[i - 1]?.right ?? 0);
    // Labels stay legible: at least 11 px high on the screen.
    expect(Math.min(...labels.map((l) => l.height))).toBeGreaterThanOrEqual(11);
    // Nothing on the page is wider than the screen except inside a scrolled table.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });
});

describe('an indicator page with uploaded figures', () => {
  it('shows them without the watermark or the illustrative alert, the country still flagged', async () => {
    const id = 'ungdomsuddannelse-20-24';
    const page = await context.newPage();
    await open(page, `${base}/${id}`);
    const watermark = page.locator('svg.chart-wide text', { hasText: 'ILLUSTRATIVE TAL' });
    expect(await watermark.count()).toBeGreaterThan(0);
    expect(await page.locator('.alert-warning', { hasText: 'Illustrative tal' }).isVisible()).toBe(true);

    const s = await getStrategy(t.database, ballerupId);
    if (!s) throw new Error('no strategy');
    const head = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      (await indicatorTemplate(s.definition, id, 'csv')).bytes,
    );
    const lines = ['2020', '2021', '2022', '2023'].flatMap((year, i) => [
      `151;${year};målgruppe;i alt;i alt;${300 + 10 * i};500`,
      `151;${year};sammenligning;i alt;i alt;2600;3000`,
    ]);
    await importIndicatorFile(
      { database: t.database, actor: cliActor('tester'), now: () => new Date() },
      s.definition,
      id,
      { name: 'ungdom.csv', bytes: new TextEncoder().encode(head + lines.map((l) => `${l}\r\n`).join('')) },
    );
    // The kept page's generation is read at most once a second.
    await new Promise((r) => setTimeout(r, 1100));
    await open(page, `${base}/${id}`);
    // The area's own level and gap charts carry no watermark (the comparison chart, with the country's
    // generated line, still does).
    const own = page.locator(`svg[aria-labelledby^="chart-${id}-"], svg[aria-labelledby^="gap-${id}-"]`);
    expect(await own.count()).toBeGreaterThanOrEqual(4);
    expect(await own.locator('text', { hasText: 'ILLUSTRATIVE' }).count()).toBe(0);
    expect(await page.locator('.alert-warning').count()).toBe(0);
    const caption = await page.locator('table caption').first().innerText();
    expect(caption).not.toContain('Illustrativt');
    const periods = await page.locator('table').first().locator('tbody th[scope="row"]').allInnerTexts();
    expect(periods).toEqual(['2020', '2021', '2022', '2023']);
    // The whole country, compared by default, is still generated and says so.
    expect(await page.locator('section.comparison', { hasText: 'Illustrative tal' }).isVisible()).toBe(true);
    const national = page.locator('section.national-reference');
    expect(await national.isVisible()).toBe(true);
    expect(await national.innerText()).toContain('68 %');
    expect(pdfPageCount(await page.pdf({ format: 'A4' }))).toBeLessThanOrEqual(2);
    await page.close();
  });
});
