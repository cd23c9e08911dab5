// The evaluation pages in Chromium: every page in every state (draft, frozen, decided; with and without form
// errors) as an administrator, a tovholder and the public, on a desktop and on a 390 px phone, in Danish and in
// English. Each is checked by axe-core (WCAG 2.1 A/AA: 0 violations), for a page wider than the phone, and its
// visible text for template leaks (`undefined`, `NaN`, `=>`, `[object Object]`, `{{`) and, on Danish pages,
// English words. Then the tovholder signs an area off with the keyboard only, and the public downloads the
// decided round's PDF from the front page.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/domain/access/index.ts';
import { freezeWithReport } from '../../src/reports/evaluation-report.ts';
import { seedBundledDataset } from '../../src/service/bundled-dataset.ts';
import { decideEvaluation, openEvaluation, writeAssessment } from '../../src/service/evaluations.ts';
import { createUser, testPassword } from '../support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

/** English words that are not Danish ones: one of them in a Danish page's text is a finding. */
const englishWords = new Set(
  (
    'the and of only may must not missing error errors is are was were with without this that cannot invalid ' +
    'required should could would please unknown found has been which will from or an it its your you page user ' +
    'users password login logout download upload file files report round frozen draft decided assessment ' +
    'adjustments freeze sign signed save when where what who how there their they here into after before'
  ).split(' '),
);

let t: TestApp;
let browser: Browser;
let origin: string;
const contexts: BrowserContext[] = [];
const rounds = { draft: '', signable: '', frozen: '', decided: '' };

beforeAll(async () => {
  t = await startTestApp();
  await seedBundledDataset(t.database);
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'tovholder@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  const system = { database: t.database, actor: systemActor, now: () => new Date() };
  const period = { from: '2021-01-01', to: '2023-12-31' };
  const texts = {
    assessment: 'Ledigheden blandt ikke-vestlige borgere er faldet.\nGabet er <b>mindre</b> end i 2021.',
    adjustments: 'Flere virksomhedsforløb for kvinder.',
  };
  const names = { draft: 'udkast', signable: 'til godkendelse', frozen: 'frosset', decided: 'besluttet' };
  for (const k of ['draft', 'signable', 'frozen', 'decided'] as const) {
    const name = `Evaluering 2021–2023 (${names[k]})`;
    rounds[k] = (await openEvaluation(system, ballerupId, { name, ...period })).id;
    await writeAssessment(system, rounds[k], 'beskaeftigelse', texts);
  }
  await freezeWithReport(system, rounds.frozen);
  await freezeWithReport(system, rounds.decided);
  await decideEvaluation(system, rounds.decided, {
    date: '2024-03-15',
    text: 'Økonomiudvalget godkendte evalueringen og de foreslåede justeringer.',
    strategyVersion: 1,
  });
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await t?.close();
});

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

async function logIn(page: Page, email: string) {
  await page.goto(`${origin}/log-ind`);
  await page.fill('#email', email);
  await page.fill('#password', testPassword);
  await Promise.all([page.waitForURL(`${origin}/`), page.click('main button[type=submit]')]);
}

/** The text a reader sees, without parts marked as another language (the language switch). */
function visibleText(page: Page, lang: 'da' | 'en'): Promise<string> {
  return page.evaluate((pageLang) => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    for (const e of clone.querySelectorAll(`script, style, [lang]:not([lang="${pageLang}"])`)) e.remove();
    return clone.innerText || clone.textContent || '';
  }, lang);
}

function textProblems(text: string, lang: 'da' | 'en'): string[] {
  const found: string[] = [];
  for (const leak of ['undefined', 'NaN', '=>', '[object Object]', '{{', '}}', 'null'])
    if (
      new RegExp(`(^|[^\\p{L}])${leak.replace(/[[\]{}()*+?.\\^$|]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text)
    )
      found.push(leak);
  if (lang === 'da')
    for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? [])
      if (englishWords.has(word)) found.push(`English word "${word}"`);
  return [...new Set(found)];
}

interface Finding {
  readonly who: string;
  readonly url: string;
  readonly width: number;
  readonly problems: readonly string[];
}

/** Opens the page (or acts on it first) and checks it; the findings, none when all is well. */
async function check(page: Page, who: string, label: string): Promise<Finding[]> {
  const url = new URL(page.url());
  const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'da';
  const width = page.viewportSize()?.width ?? 0;
  const result = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  const problems = [
    ...result.violations.map((v) => `axe ${v.id}: ${v.help} (${v.nodes.length})`),
    ...textProblems(await visibleText(page, lang), lang),
  ];
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) problems.push(`${overflow} px wider than the window`);
  return problems.length > 0 ? [{ who, url: `${label} ${url.pathname}${url.search}`, width, problems }] : [];
}

const withLang = (path: string, lang: 'da' | 'en') =>
  lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;

describe('evaluation pages in Chromium', () => {
  it('passes axe, fits a 390 px phone and shows no leaks or English on every page and state', async () => {
    const findings: Finding[] = [];
    let checked = 0;
    for (const viewport of [desktop, phone]) {
      for (const lang of ['da', 'en'] as const) {
        // The administrator: the list with its form (and its errors), each state, the freeze confirmation and
        // the decision form with errors.
        const admin = await newPage(viewport);
        await logIn(admin, 'admin@ballerup.dk');
        for (const path of [
          '/evalueringer',
          `/evalueringer/${rounds.draft}`,
          `/evalueringer/${rounds.draft}/frys`,
          `/evalueringer/${rounds.frozen}`,
          `/evalueringer/${rounds.decided}`,
          '/evalueringer/999999',
        ]) {
          await admin.goto(origin + withLang(path, lang));
          findings.push(...(await check(admin, 'admin', 'page')));
          checked++;
        }
        await admin.goto(origin + withLang('/evalueringer', lang));
        await admin.fill('#from', '2023-02-30');
        await Promise.all([admin.waitForEvent('load'), admin.click('form[action^="/evalueringer"] button')]);
        expect(await admin.locator('.error-summary').count()).toBe(1);
        findings.push(...(await check(admin, 'admin', 'open form with errors')));
        await admin.goto(origin + withLang(`/evalueringer/${rounds.frozen}`, lang));
        await admin.fill('#decisionDate', '15-03-2024');
        await Promise.all([admin.waitForEvent('load'), admin.click('form[action*="/beslutning"] button')]);
        expect(await admin.locator('#decisionDate-error').count()).toBe(1);
        findings.push(...(await check(admin, 'admin', 'decision with errors')));
        // The decision with a revised definition that is refused: its errors listed as the CLI lists them.
        await admin.goto(origin + withLang(`/evalueringer/${rounds.frozen}`, lang));
        await admin.fill('#decisionDate', '2024-03-15');
        await admin.fill('#decisionText', 'Økonomiudvalget godkendte evalueringen.');
        await admin.setInputFiles('#revisionFile', {
          name: 'integrationsstrategi-revideret.yaml',
          mimeType: 'application/yaml',
          buffer: Buffer.from('format: 2\nid: ballerup-integrationsstrategi-2021-2023\ntitle: [\n'),
        });
        await Promise.all([admin.waitForEvent('load'), admin.click('form[action*="/beslutning"] button')]);
        expect(await admin.locator('#revisionFile-error').count()).toBe(1);
        expect(await admin.locator('#revisionFile-lines li').count()).toBeGreaterThan(0);
        findings.push(...(await check(admin, 'admin', 'decision with a refused file')));
        // The tovholder: the draft with the area's form, and a text over the limit sent back with its error.
        const editor = await newPage(viewport);
        await logIn(editor, 'tovholder@ballerup.dk');
        await editor.goto(origin + withLang(`/evalueringer/${rounds.draft}`, lang));
        findings.push(...(await check(editor, 'tovholder', 'page')));
        await editor.fill('#assessment-beskaeftigelse', 'x'.repeat(20_001));
        await Promise.all([
          editor.waitForEvent('load'),
          editor.click('form[action*="/omraader/beskaeftigelse"]:not([action*="godkend"]) button'),
        ]);
        expect(await editor.locator('#assessment-beskaeftigelse-error').count()).toBe(1);
        findings.push(...(await check(editor, 'tovholder', 'assessment with errors')));
        await editor.goto(origin + withLang(`/evalueringer/${rounds.decided}`, lang));
        findings.push(...(await check(editor, 'tovholder', 'page')));
        // The public: the front page with the decided round's report, and the draft's report not found.
        const visitor = await newPage(viewport);
        await visitor.goto(origin + withLang('/', lang));
        expect(await visitor.locator(`a[href^="/evalueringer/${rounds.decided}/rapport.pdf"]`).count()).toBe(
          1,
        );
        findings.push(...(await check(visitor, 'public', 'front page')));
        await visitor.goto(origin + withLang(`/evalueringer/${rounds.draft}/rapport.pdf`, lang));
        findings.push(...(await check(visitor, 'public', 'draft report')));
        await visitor.goto(origin + withLang(`/evalueringer/${rounds.draft}`, lang));
        expect(new URL(visitor.url()).pathname).toBe('/log-ind');
        checked += 10;
      }
    }
    console.log(`evaluation pages: ${checked} pages checked, ${findings.length} with findings`);
    expect(findings).toEqual([]);
  }, 600_000);

  it('lets the tovholder sign an area off with the keyboard only', async () => {
    const page = await newPage(phone);
    await logIn(page, 'tovholder@ballerup.dk');
    await page.goto(`${origin}/evalueringer/${rounds.signable}`);
    const label = 'Godkend vurderingen af Beskæftigelse';
    let reached = false;
    for (let i = 0; i < 200 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((text) => document.activeElement?.textContent?.trim() === text, label);
    }
    expect(reached, 'the sign-off button is reached by Tab').toBe(true);
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement as Element);
      return s.outlineStyle !== 'none' && s.outlineWidth !== '0px';
    });
    expect(outline, 'the focused button shows its focus').toBe(true);
    await Promise.all([page.waitForURL(/godkendt=beskaeftigelse/), page.keyboard.press('Enter')]);
    expect(await page.locator('.alert-success').innerText()).toContain(
      'Vurderingen af Beskæftigelse er godkendt.',
    );
    expect(
      await page
        .locator('#area-beskaeftigelse ~ p strong, section[aria-labelledby="area-beskaeftigelse"] strong')
        .first()
        .innerText(),
    ).toContain('Godkendt af tovholder@ballerup.dk');
  });

  it('gives the public the decided round’s PDF from the front page', async () => {
    const page = await newPage(desktop);
    await page.goto(`${origin}/`);
    const href = await page.locator('a[href$="/rapport.pdf"]').getAttribute('href');
    const res = await page.request.get(origin + String(href));
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);
});
