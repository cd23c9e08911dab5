// Every page on a 390 px phone, logged out and logged in, checked by two accessibility engines — axe-core
// (WCAG 2.1 A/AA tags) and IBM Equal Access (its WCAG_2_1 rule set) — and the phone header walked with the
// keyboard: the menu opens from the keyboard, holds log in / log out and the language, closes with Escape and
// gives focus back. Without JavaScript the same links stand in the header. The front page's table of
// indicators keeps each indicator's name and status on screen.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusKeyTexts } from '../../src/domain/engine/index.ts';
import { seedBundledDataset } from '../../src/service/bundled-dataset.ts';
import { createUser, testPassword } from '../support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { equalAccessCheck, type EqualAccessFinding } from '../support/equal-access.ts';
import { crawlSite, startPages } from '../support/site-pages.ts';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const phone = { width: 390, height: 844 };

let t: TestApp;
let browser: Browser;
let origin: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await seedBundledDataset(t.database);
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await t?.close();
});

async function newPhone(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: phone, ...options });
  contexts.push(context);
  return context.newPage();
}

async function logIn(page: Page, email: string) {
  await page.goto(`${origin}/log-ind`);
  await page.fill('#email', email);
  await page.fill('#password', testPassword);
  await Promise.all([page.waitForURL(`${origin}/`), page.click('main button[type=submit]')]);
}

interface PageReport {
  readonly url: string;
  readonly axe: readonly string[];
  readonly equalAccess: readonly EqualAccessFinding[];
  readonly overflow: number;
}

/** Both engines on every page reachable from `start` (but those `skip` leaves out); the pages' reports. */
async function checkEveryPage(
  page: Page,
  start: readonly string[],
  maxPages: number,
  skip: (href: string) => boolean = () => false,
) {
  const reports: PageReport[] = [];
  await crawlSite({
    start,
    maxPages,
    visit: async (url) => {
      await page.goto(origin + url);
      const axe = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
      const equalAccess = await equalAccessCheck(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      reports.push({
        url,
        axe: axe.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`),
        equalAccess,
        overflow,
      });
      const links = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
      return links.filter((href) => !skip(href));
    },
  });
  return reports;
}

/** Equal Access findings other than violations, counted by level and rule, for the record. */
function tally(reports: readonly PageReport[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of reports)
    for (const f of r.equalAccess) {
      const key = `${f.level} ${f.ruleId}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  return counts;
}

function expectClean(reports: readonly PageReport[], label: string) {
  const violations = reports.flatMap((r) =>
    r.equalAccess
      .filter((f) => f.level === 'violation')
      .map((f) => `${r.url}: ${f.ruleId} ${f.message} at ${f.path} ${f.snippet}`),
  );
  console.log(
    `${label}: ${reports.length} pages at 390 px; axe violations ${reports.reduce((n, r) => n + r.axe.length, 0)}; ` +
      `Equal Access ${JSON.stringify(tally(reports))}`,
  );
  expect(reports.filter((r) => r.axe.length > 0).map((r) => [r.url, r.axe])).toEqual([]);
  expect(violations).toEqual([]);
  // Nothing makes a phone's page scroll sideways (wide tables scroll inside their own box).
  expect(reports.filter((r) => r.overflow > 0).map((r) => [r.url, r.overflow])).toEqual([]);
}

describe('every page on a 390 px phone (axe-core and IBM Equal Access)', () => {
  it('finds no violations logged out, in Danish and English', async () => {
    const page = await newPhone();
    const reports = await checkEveryPage(page, startPages, 400);
    expectClean(reports, 'logged out');
    for (const part of ['/omraader/', '/indikatorer/', '/versioner', '/tilgaengelighed', '/log-ind'])
      expect(reports.some((r) => r.url.includes(part))).toBe(true);
    expect(reports.length).toBeGreaterThanOrEqual(2 * (1 + 4 + 15 + 1 + 1));
  }, 1_800_000);

  it('finds no violations logged in as an administrator, on the staff pages too', async () => {
    const page = await newPhone();
    await logIn(page, 'admin@ballerup.dk');
    // The public pages were checked logged out; logged in, their header differs but not their templates, so
    // one indicator page stands for all of them (each is computed afresh for a logged-in user).
    const reports = await checkEveryPage(
      page,
      [
        '/',
        '/admin/brugere',
        '/admin/log',
        '/admin/indlaes',
        `/strategier/${ballerupId}/opfoelgning`,
        `/strategier/${ballerupId}/indikatorer/ungdomsuddannelse-20-24`,
      ],
      150,
      (href) => href.includes('/indikatorer/'),
    );
    expectClean(reports, 'logged in');
    for (const part of [
      '/admin/brugere',
      '/admin/log',
      '/admin/indlaes',
      '/noter',
      '/indsatser',
      '/opfoelgning',
    ])
      expect(reports.some((r) => r.url.includes(part))).toBe(true);
  }, 1_800_000);
});

/** The focused element's text, whether it is on screen and whether it shows a focus indicator. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { text: '', onScreen: false, indicator: false };
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      text: el.textContent?.trim() ?? '',
      onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= window.innerWidth,
      indicator:
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    };
  });
}

/** Presses Tab `n` times and gives the texts focused, each checked to be on screen with a focus indicator. */
async function tabThrough(page: Page, n: number): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    expect(f.onScreen, `"${f.text}" is focused off screen`).toBe(true);
    expect(f.indicator, `"${f.text}" has no focus indicator`).toBe(true);
    texts.push(f.text);
  }
  return texts;
}

/** Presses Enter on the menu button and waits for the drawer to finish sliding in. */
async function openMenu(page: Page) {
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const drawer = document.querySelector('.mobile-drawer.is-visible');
    return drawer !== null && drawer.getAnimations().length === 0;
  });
}

const drawerOpen = (page: Page) =>
  page.evaluate(() => {
    const drawer = document.querySelector('.mobile-drawer') as HTMLElement;
    return drawer.getBoundingClientRect().width > 0 && document.body.classList.contains('mobile-nav-active');
  });

describe('the phone header with the keyboard', () => {
  it('opens the menu, reaches the language and log in, keeps focus inside, and closes with Escape', async () => {
    const page = await newPhone();
    await page.goto(`${origin}/`);
    // The desktop links are hidden on a phone; the menu button follows the site's name.
    expect(await tabThrough(page, 3)).toEqual(['Gå til indhold', 'Pejlemærke', 'Menu']);
    expect(await drawerOpen(page)).toBe(false);
    await openMenu(page);
    expect(await drawerOpen(page)).toBe(true);
    expect(await page.getAttribute('.mobile-drawer', 'role')).toBe('dialog');
    expect(await page.getAttribute('.mobile-drawer', 'aria-modal')).toBe('true');
    // Focus starts on the close button; Tab goes through the menu and comes back round to it.
    expect((await focused(page)).text).toBe('Luk');
    expect(await tabThrough(page, 3)).toEqual(['English', 'Log ind', 'Luk']);
    await page.keyboard.press('Escape');
    expect(await drawerOpen(page)).toBe(false);
    expect((await focused(page)).text).toBe('Menu');
    // Open it again and follow "Log ind" with Enter.
    await openMenu(page);
    expect(await tabThrough(page, 2)).toEqual(['English', 'Log ind']);
    await Promise.all([page.waitForURL('**/log-ind'), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('Log ind');
  }, 120_000);

  it('switches to English from the menu', async () => {
    const page = await newPhone();
    await page.goto(`${origin}/tilgaengelighed`);
    await page.focus('.js-menu-open');
    await openMenu(page);
    expect(await tabThrough(page, 1)).toEqual(['English']);
    await Promise.all([page.waitForURL('**/tilgaengelighed?lang=en'), page.keyboard.press('Enter')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.focus('.js-menu-open');
    await openMenu(page);
    expect((await focused(page)).text).toBe('Close');
    expect(await tabThrough(page, 2)).toEqual(['Dansk', 'Log in']);
  }, 120_000);

  it('logs an administrator out from the menu, past the admin pages, with the form token', async () => {
    const page = await newPhone();
    await logIn(page, 'admin@ballerup.dk');
    await page.focus('.js-menu-open');
    await openMenu(page);
    expect(await page.textContent('.mobile-drawer .user')).toContain('Test admin');
    expect(await tabThrough(page, 7)).toEqual([
      'English',
      'Evalueringer',
      'Brugere',
      'Hændelseslog',
      'Indlæs tal',
      'Undersøgelser',
      'Log ud',
    ]);
    await Promise.all([page.waitForURL(`${origin}/`), page.keyboard.press('Enter')]);
    await page.focus('.js-menu-open');
    await openMenu(page);
    expect(await tabThrough(page, 2)).toEqual(['English', 'Log ind']);
  }, 120_000);

  it('shows the menu’s links in the header without JavaScript', async () => {
    const page = await newPhone({ javaScriptEnabled: false });
    await page.goto(`${origin}/`);
    expect(await page.isVisible('.js-menu-open')).toBe(false);
    expect(await page.isVisible('.mobile-drawer >> text=English')).toBe(true);
    expect(await page.isVisible('.mobile-drawer >> text=Log ind')).toBe(true);
    expect(await page.isVisible('.menu-top')).toBe(false);
    expect(await page.getAttribute('.mobile-drawer', 'role')).toBeNull();
    expect(await tabThrough(page, 4)).toEqual(['Gå til indhold', 'Pejlemærke', 'English', 'Log ind']);
  }, 120_000);

  it('keeps the desktop header as it was', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    expect(await page.isVisible('.js-menu-open')).toBe(false);
    expect(await page.isVisible('.mobile-drawer')).toBe(false);
    expect(await page.isVisible('.additional-info >> text=English')).toBe(true);
    expect(await page.isVisible('.additional-info >> text=Log ind')).toBe(true);
  }, 120_000);
});

describe('tables on a 390 px phone', () => {
  /** Per body row: its heading's text and where its heading and status sit. */
  const rowBoxes = (page: Page, table: string) =>
    page.$$eval(`${table} tbody tr`, (trs) =>
      trs
        .filter((tr) => tr.querySelector('.glance-status'))
        .map((tr) => {
          const name = (tr.querySelector('th') as HTMLElement).getBoundingClientRect();
          const status = (tr.querySelector('.glance-status') as HTMLElement).getBoundingClientRect();
          return {
            name: tr.querySelector('th')?.textContent?.trim() ?? '',
            status: tr.querySelector('.glance-status')?.textContent?.trim() ?? '',
            inView: name.left >= 0 && status.left >= 0 && Math.max(name.right, status.right) <= 390,
            statusBelowName: status.top - name.bottom,
          };
        }),
    );

  it('shows every indicator on the front page with its name and status together, and its figures', async () => {
    const page = await newPhone();
    await page.goto(`${origin}/`);
    const rows = await rowBoxes(page, '.glance-table');
    expect(rows).toHaveLength(15);
    for (const r of rows) {
      expect(r.inView, r.name).toBe(true);
      expect(r.statusBelowName, r.name).toBeLessThan(60);
      expect(Object.values(statusKeyTexts).map((s) => s.da)).toContain(r.status);
    }
    const text = await page.innerText('.glance-table');
    expect(text).not.toMatch(/undefined|NaN|\{\{|\}\}/);
    expect(text).toMatch(/\d+,\d %/);
    expect(text).toMatch(/siden \d/);
    const caption = await page.locator('.glance-table caption').boundingBox();
    expect((caption?.x ?? 0) + (caption?.width ?? 0)).toBeLessThanOrEqual(390);
    expect(await page.locator('.glance-table svg.sparkline[aria-hidden="true"]').count()).toBeGreaterThan(0);
  }, 120_000);

  it('keeps the status beside each indicator on an area page, and the caption wraps', async () => {
    const page = await newPhone();
    await page.goto(`${origin}/strategier/${ballerupId}/omraader/uddannelse`);
    const rows = await rowBoxes(page, 'table:has(#indicators-caption)');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.inView, r.name).toBe(true);
      expect(r.statusBelowName, r.name).toBeLessThan(60);
    }
    const caption = await page.locator('#indicators-caption').boundingBox();
    expect((caption?.x ?? 0) + (caption?.width ?? 0)).toBeLessThanOrEqual(390);
  }, 120_000);
});
