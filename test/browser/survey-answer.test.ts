// The respondent's answer form in Chromium: axe-core (WCAG 2.1 A/AA) on every page of a questionnaire, its
// errors, the receipt, the closed page and the unknown link, in Danish and English, on a desktop and a 390 px
// phone (no sideways scrolling); one page answered with the keyboard alone; a whole questionnaire answered
// with JavaScript turned off.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/domain/access/index.ts';
import { closeSurveyRound } from '../../src/service/surveys.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { openRoundWithLinks, type OpenedRound } from '../support/survey-round.ts';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const clock = new Date('2026-03-10T10:00:00Z');
const viewports = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

let t: TestApp;
let browser: Browser;
let origin: string;
let forening: OpenedRound;
let fvu: OpenedRound;
let bolig: OpenedRound;
let closed: OpenedRound;
const contexts: BrowserContext[] = [];
const checked: { label: string; violations: string[] }[] = [];

beforeAll(async () => {
  t = await startTestApp(undefined, undefined, { now: () => clock });
  forening = await openRoundWithLinks(t.database, 'foreningsdemokrati', 4);
  fvu = await openRoundWithLinks(t.database, 'fvu-sprogtilbud', 1);
  bolig = await openRoundWithLinks(t.database, 'boligsocial-deltagelse', 1);
  closed = await openRoundWithLinks(t.database, 'fvu-sprogtilbud', 1);
  await closeSurveyRound(
    { database: t.database, actor: cliActor('tester'), now: () => clock },
    closed.roundId,
  );
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  console.log(
    `axe (survey form): ${checked.length} pages checked, ${checked.reduce((n, c) => n + c.violations.length, 0)} violations`,
  );
  for (const c of contexts) await c.close();
  await browser?.close();
  await t?.close();
});

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  return context.newPage();
}

async function check(page: Page, label: string, width: number) {
  const result = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  const violations = result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`);
  checked.push({ label, violations });
  expect(violations, label).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(overflow, `${label}: wider than the screen`).toBeLessThanOrEqual(width);
}

const submit = (page: Page) =>
  // The next document's load event: waitForLoadState would return at once on the page already loaded.
  Promise.all([page.waitForEvent('load'), page.click('main button[name=handling][class*=primary]')]);

describe('the answer form in Chromium', () => {
  const combos = (['da', 'en'] as const).flatMap((lang) =>
    (['desktop', 'phone'] as const).map((device) => ({ lang, device })),
  );
  it.each(combos.map((c, i) => ({ ...c, i })))(
    'has no axe violations on any page ($lang, $device)',
    async ({ lang, device, i }) => {
      const { width } = viewports[device];
      const page = await newPage({ viewport: viewports[device] });
      const q = lang === 'en' ? '?lang=en' : '';
      const label = (s: string) => `${s} (${lang}, ${device})`;
      await page.goto(`${origin}/svar/${forening.tokens[i]}${q}`);
      await check(page, label('page 1'), width);
      // Sent empty: the error summary takes focus and links to the first field.
      await submit(page);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(
        true,
      );
      await check(page, label('page 1 with errors'), width);
      await page.fill('#q-bestyrelsesmedlemmer', '7');
      await page.check('#q-kender-baggrund');
      await page.check('#q-medlemmer-ikke-vestlig');
      await submit(page);
      expect(page.url()).toContain('side=2');
      await check(page, label('page 2'), width);
      await page.selectOption('#q-foreningstype', 'kultur');
      await page.check('#q-indsatser-1');
      await submit(page);
      await expect(page.textContent('h1')).resolves.toBe(
        lang === 'da' ? 'Tak – din besvarelse er gemt' : 'Thank you – your answer is saved',
      );
      await check(page, label('receipt'), width);
      await page.goto(`${origin}/svar/${closed.tokens[0]}${q}`);
      await check(page, label('closed round'), width);
      await page.goto(`${origin}/svar/${'A'.repeat(43)}${q}`);
      await check(page, label('unknown link'), width);
    },
    300_000,
  );

  it('is answered with the keyboard alone', async () => {
    const page = await newPage({ viewport: viewports.desktop });
    await page.goto(`${origin}/svar/${fvu.tokens[0]}`);
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    const tabTo = async (id: string) => {
      for (let n = 0; n < 40 && (await focused()) !== id; n++) await page.keyboard.press('Tab');
      expect(await focused()).toBe(id);
    };
    await tabTo('q-tilbudstype');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('q-brugere-i-alt');
    await page.keyboard.type('40');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('q-registrerer-herkomst');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('q-brugere-ikke-vestlig');
    await page.keyboard.type('25');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Send besvarelsen');
    // A visible focus ring on the button.
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).not.toBe('none');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Tak – din besvarelse er gemt');
  }, 120_000);

  it('is answered with JavaScript turned off, going back keeping what was typed', async () => {
    const page = await newPage({ viewport: viewports.phone, javaScriptEnabled: false });
    await page.goto(`${origin}/svar/${bolig.tokens[0]}`);
    await page.check('#q-rolle-2');
    await page.fill('#q-rolle-andet', 'Frivillig i beboerhuset');
    await submit(page);
    expect(await page.textContent('main')).toContain('Side 2 af 3');
    await page.check('#q-deltagelse-ikke-vestlig-2');
    await Promise.all([page.waitForEvent('load'), page.click('main button[value=tilbage]')]);
    expect(await page.inputValue('#q-rolle-andet')).toBe('Frivillig i beboerhuset');
    await submit(page);
    expect(await page.isChecked('#q-deltagelse-ikke-vestlig-2')).toBe(true);
    await page.check('#q-deltagelse-oevrige-3');
    await page.check('#q-samme-grad-1');
    await submit(page);
    await page.fill('#q-antal-aktiviteter', '-2');
    await page.check('#q-andel-mangfoldige-1');
    await submit(page);
    expect(await page.textContent('#q-antal-aktiviteter-error')).toContain('Tallet skal være mindst 0.');
    await page.fill('#q-antal-aktiviteter', '12');
    await page.fill('#q-bemaerkninger', 'Godt år.');
    await submit(page);
    expect(await page.textContent('h1')).toBe('Tak – din besvarelse er gemt');
    expect(await page.textContent('main')).toContain('Frivillig i beboerhuset');
  }, 120_000);
});
