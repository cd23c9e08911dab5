// Both strategy definitions loaded, the second with its figures: axe-core with the WCAG 2.1 A and AA rules on every
// page reachable from the front page in Danish and English (the goal is 0 violations), and the second strategy's
// front, area and indicator pages on a 390 px phone without sideways scrolling.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { secondBase, startAppWithBothStrategies } from '../support/second-strategy.ts';
import { crawlSite, startPages } from '../support/site-pages.ts';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const maxPages = 500;
const phone = { width: 390, height: 844 };

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let origin: string;

beforeAll(async () => {
  t = await startAppWithBothStrategies();
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  context = await browser.newContext();
}, 180_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('accessibility with both strategies loaded (axe-core, WCAG 2.1 A/AA)', () => {
  it('finds no violations on any page reachable from the front page, in Danish and English', async () => {
    const report: { url: string; violations: { id: string; nodes: number; help: string }[] }[] = [];
    const page = await context.newPage();
    await crawlSite({
      start: [...startPages, secondBase, `${secondBase}?lang=en`],
      maxPages,
      visit: async (url) => {
        await page.goto(origin + url);
        const result = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
        report.push({
          url,
          violations: result.violations.map((v) => ({ id: v.id, nodes: v.nodes.length, help: v.help })),
        });
        return page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
      },
    });
    await page.close();
    const failing = report.filter((r) => r.violations.length > 0);
    const second = report.filter((r) => r.url.startsWith(secondBase));
    console.log(
      `axe: ${report.length} pages checked with both strategies loaded (${second.length} of the second), ` +
        `${failing.reduce((n, r) => n + r.violations.length, 0)} violations`,
    );
    expect(failing).toEqual([]);
    // Every kind of the second strategy's pages is among those checked, in both languages.
    for (const part of ['/omraader/', '/indikatorer/', '/indsatser/', '/versioner'])
      for (const lang of [false, true])
        expect(
          second.some((r) => r.url.includes(part) && r.url.includes('lang=en') === lang),
          `${part}${lang ? ' (English)' : ''}`,
        ).toBe(true);
    expect(report.length).toBeLessThan(maxPages);
  }, 1_500_000);
});

describe('the second strategy on a 390 px phone', () => {
  it('scrolls no page sideways: front, area and indicator pages', async () => {
    const phoneContext = await browser.newContext({ viewport: phone });
    const page = await phoneContext.newPage();
    const urls = [
      secondBase,
      `${secondBase}?lang=en`,
      `${secondBase}/omraader/skole`,
      `${secondBase}/omraader/sundhed`,
      `${secondBase}/indikatorer/trivsel-andel`,
      `${secondBase}/indikatorer/foreningsmedlemmer`,
      `${secondBase}/indikatorer/fravaer-dage?lang=en`,
    ];
    const overflowing: string[] = [];
    for (const url of urls) {
      const res = await page.goto(origin + url);
      expect(res?.status(), url).toBe(200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) overflowing.push(`${url}: ${overflow} px too wide`);
    }
    await phoneContext.close();
    console.log(
      `phone: ${urls.length} pages of the second strategy at 390 px, ${overflowing.length} too wide`,
    );
    expect(overflowing).toEqual([]);
  }, 300_000);
});
