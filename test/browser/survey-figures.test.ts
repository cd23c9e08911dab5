// The indicator pages of survey figures in Chromium on a 390 px phone: axe-core (WCAG 2.1 A/AA) finds nothing,
// the page never scrolls sideways (the wider table scrolls in its own focusable box, reached by keyboard), and
// the responses, the response rate and "<3 besvarelser" are on screen.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupId, startTestApp, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { boligsocialAnswers, foreningAnswers, runPublishedRound } from '../support/survey-round.ts';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let t: TestApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  t = await startTestApp();
  const orgs = ['Baldersbo', 'Grantoften', 'Hedegården', 'Lundegården'];
  await runPublishedRound(t.database, {
    questionnaire: 'boligsocial-deltagelse',
    name: 'Boligsocial 2024',
    period: '2024',
    organisations: orgs.map((name, i) => ({ name, pages: boligsocialAnswers(2 + (i % 2), 4, 'alle') })),
  });
  await runPublishedRound(t.database, {
    questionnaire: 'foreningsdemokrati',
    name: 'Foreningsdemokrati 2024',
    period: '2024',
    organisations: [
      { name: 'Ballerup Idrætsforening', pages: foreningAnswers(7, 2) },
      { name: 'Skovlunde Kulturhus', pages: foreningAnswers(5, 0) },
      { name: 'Måløv Boldklub' },
    ],
  });
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('survey figures on a phone', () => {
  for (const [id, shown] of [
    ['aktiviteter-med-mangfoldig-deltagelse', 'Svarprocent'],
    ['oplevet-deltagelse-i-boligsociale-aktiviteter', 'Besvarelser, øvrige beboere'],
    ['bestyrelses-og-foreningsdemokrati', '<3 besvarelser'],
  ] as const)
    it(`${id}: no axe finding, no sideways scroll, the table reached by keyboard`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const page = await context.newPage();
        await page.goto(`${origin}/strategier/${ballerupId}/indikatorer/${id}`);
        const axe = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
        expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
        const table = page.locator('.table--responsive-scroll', { hasText: shown }).first();
        await expect(table.isVisible()).resolves.toBe(true);
        await expect(table.getAttribute('tabindex')).resolves.toBe('0');
        // Tab until the table's box has focus: it is in the tab order.
        let reached = false;
        for (let i = 0; i < 80 && !reached; i++) {
          await page.keyboard.press('Tab');
          reached = await table.evaluate((el) => el === document.activeElement);
        }
        expect(reached).toBe(true);
      } finally {
        await context.close();
      }
    }, 60_000);
});
