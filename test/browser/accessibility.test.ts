// Opens every page of the site in Chromium, in both languages, and runs axe-core with the WCAG 2.1 A and AA
// rules: the goal is 0 violations. Pages are found by following links from the front page
// (test/support/site-pages.ts), so a new page is checked as soon as something links to it.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBundledDataset } from '../../src/service/bundled-dataset.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { crawlSite, startPages } from '../support/site-pages.ts';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const maxPages = 400;

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let origin: string;

beforeAll(async () => {
  t = await startTestApp();
  // With the bundled dataset every indicator page has its chart, table and status, so axe checks those too.
  await seedBundledDataset(t.database);
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  context = await browser.newContext();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

describe('accessibility (axe-core, WCAG 2.1 A/AA)', () => {
  it('finds no violations on any page reachable from the front page, in Danish and English', async () => {
    let charts = 0;
    const report: { url: string; violations: { id: string; nodes: number; help: string }[] }[] = [];
    const page = await context.newPage();
    await crawlSite({
      start: startPages,
      maxPages,
      visit: async (url) => {
        await page.goto(origin + url);
        const result = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
        charts += await page.locator('svg[role="img"]').count();
        report.push({
          url,
          violations: result.violations.map((v) => ({ id: v.id, nodes: v.nodes.length, help: v.help })),
        });
        return page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
      },
    });
    await page.close();
    const failing = report.filter((r) => r.violations.length > 0);
    console.log(
      `axe: ${report.length} pages checked (${charts} charts), ${failing.reduce((n, r) => n + r.violations.length, 0)} violations`,
    );
    expect(failing).toEqual([]);
    // Every kind of page is among those checked: front, area, indicator, versions, statement, 404.
    for (const part of ['/omraader/', '/indikatorer/', '/versioner', '/tilgaengelighed', '/findes-ikke'])
      expect(report.some((r) => r.url.includes(part))).toBe(true);
    expect(report.length).toBeGreaterThanOrEqual(2 * (1 + 4 + 15 + 1 + 1));
    expect(charts).toBeGreaterThanOrEqual(2 * 15);
  }, 1_200_000);
});

describe('keyboard', () => {
  it('starts with a skip link that moves focus to the content', async () => {
    const page = await context.newPage();
    await page.goto(origin + '/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Gå til indhold');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await page.close();
  });

  it('reaches every link by Tab with a visible focus indicator, and follows one with Enter', async () => {
    const page = await context.newPage();
    await page.goto(origin + '/');
    // Links shown on this screen (the phone menu's copies of the header's links are hidden on a desktop).
    const linkCount = await page.$$eval(
      'a[href]',
      (as) => as.filter((a) => a.getClientRects().length > 0).length,
    );
    const visited: string[] = [];
    for (let i = 0; i < linkCount + 5; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {
          text: el.textContent?.trim() ?? '',
          tag: el.tagName,
          visibleOutline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          boxShadow: style.boxShadow !== 'none',
          onScreen: box.width > 0 && box.height > 0,
        };
      });
      if (!focus) break;
      expect(focus.onScreen, `focused element "${focus.text}" is not visible`).toBe(true);
      expect(
        focus.visibleOutline || focus.boxShadow,
        `focused element "${focus.text}" has no focus indicator`,
      ).toBe(true);
      visited.push(focus.text);
    }
    expect(visited).toContain('Tilgængelighedserklæring');
    expect(visited).toContain('English');
    expect(visited.length).toBeGreaterThanOrEqual(linkCount);
    // Walk back to the statement link and follow it with Enter.
    await page.goto(origin + '/');
    for (let i = 0; i < visited.indexOf('Tilgængelighedserklæring') + 1; i++)
      await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL('**/tilgaengelighed'), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('Tilgængelighedserklæring');
    await page.close();
  });
});
