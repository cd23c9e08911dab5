// Logged-in pages in Chromium with axe-core (WCAG 2.1 A/AA): logging in through the form over plain HTTP on
// 127.0.0.1 (so the __Host- cookie must be accepted as from a secure context), the administrators' pages,
// the notes of an area, forms showing their errors, and the form shown again when a session ran out.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, testPassword } from '../support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let clock = Date.now();

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let origin: string;
const checked: { url: string; violations: { id: string; nodes: number; help: string }[] }[] = [];

beforeAll(async () => {
  t = await startTestApp(undefined, undefined, { now: () => new Date(clock) });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'tovholder@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  context = await browser.newContext();
});
afterAll(async () => {
  console.log(
    `axe (logged in): ${checked.length} pages checked, ${checked.reduce((n, r) => n + r.violations.length, 0)} violations`,
  );
  await context?.close();
  await browser?.close();
  await t?.close();
});

async function axe(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  const entry = {
    url: label,
    violations: result.violations.map((v) => ({ id: v.id, nodes: v.nodes.length, help: v.help })),
  };
  checked.push(entry);
  expect(entry.violations, label).toEqual([]);
}

async function logIn(page: Page, email: string) {
  await page.goto(`${origin}/log-ind`);
  await page.fill('#email', email);
  await page.fill('#password', testPassword);
  await Promise.all([page.waitForURL(`${origin}/`), page.click('main button[type=submit]')]);
}

describe('logged-in pages (axe-core, WCAG 2.1 A/AA)', () => {
  it('shows the login form’s errors accessibly, and keeps the e-mail but not the password', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/log-ind`);
    await axe(page, '/log-ind');
    await page.fill('#email', 'admin@ballerup.dk');
    await page.fill('#password', 'forkert-forkert');
    await Promise.all([page.waitForEvent('load'), page.click('main button[type=submit]')]);
    expect(await page.inputValue('#email')).toBe('admin@ballerup.dk');
    expect(await page.inputValue('#password')).toBe('');
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
    // The error summary takes focus, so a screen reader starts there.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await axe(page, '/log-ind (wrong password)');
    await page.close();
  }, 300_000);

  it('logs in over http://127.0.0.1 with the __Host- session cookie, and runs axe on the admin pages', async () => {
    const page = await context.newPage();
    await logIn(page, 'admin@ballerup.dk');
    const cookies = await context.cookies(origin);
    const session = cookies.find((c) => c.name === '__Host-pejlemaerke');
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await page.textContent('.header-user strong')).toBe('Test admin');
    await axe(page, '/ (logged in)');

    await page.click('text=Brugere');
    await page.waitForURL(`${origin}/admin/brugere`);
    await axe(page, '/admin/brugere');
    // The add-user form with every kind of error.
    await page.fill('#email', 'ikke-en-email');
    await page.check('#role-editor');
    await Promise.all([page.waitForEvent('load'), page.click('main button[type=submit]')]);
    expect(await page.locator('.error-summary li').count()).toBeGreaterThanOrEqual(3);
    await axe(page, '/admin/brugere (errors)');
    // A valid user, then their page.
    await page.fill('#email', 'ny-bruger@ballerup.dk');
    await page.fill('#displayName', 'Ny Bruger');
    await page.check('#centre-center-for-arbejdsmarked');
    await page.fill('#password', 'en-lang-adgangskode');
    await Promise.all([
      page.waitForURL(/\/admin\/brugere\/[0-9a-f-]{36}\?oprettet=1$/),
      page.click('main button[type=submit]'),
    ]);
    expect(await page.textContent('main')).toContain('Brugeren ny-bruger@ballerup.dk er oprettet.');
    await axe(page, '/admin/brugere/:id');

    await page.goto(`${origin}/admin/log`);
    await axe(page, '/admin/log');
    await page.goto(`${origin}/admin/log?udfald=failed&fra=2026-13-01`);
    await axe(page, '/admin/log (filtered, with an error)');
    await page.goto(`${origin}/admin/log?lang=en`);
    await axe(page, '/admin/log?lang=en');

    // Reached from the administration menu in the header.
    await page.goto(`${origin}/admin/log`);
    await page.click('nav.header-user >> text=Indlæs tal');
    await page.waitForURL(`${origin}/admin/indlaes`);
    await axe(page, '/admin/indlaes');
    // A file with a bad line: the result page lists it in a table, with the error summary.
    await page.selectOption('#indikator', `${ballerupId}/ledige-efter-13-uger`);
    await page.setInputFiles('#fil', {
      name: 'ledige.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'område;periode;gruppe;køn;herkomst;tæller;nævner\r\n151;2021K3;målgruppe;i alt;i alt;12;40\r\n151;2021K7;målgruppe;i alt;i alt;50;40\r\n',
      ),
    });
    await Promise.all([page.waitForEvent('load'), page.click('main form[enctype] button[type=submit]')]);
    expect(await page.locator('caption#afviste').count()).toBe(1);
    expect(await page.locator('.error-summary li').count()).toBe(1);
    await axe(page, '/admin/indlaes (refused file)');
    // "Hent CSV-skabelon" with no indicator chosen: the form again, the list marked with the reason.
    await page.goto(`${origin}/admin/indlaes`);
    await Promise.all([page.waitForEvent('load'), page.click('button[name=format][value=csv]')]);
    expect(await page.locator('#skabelon-indikator-error').count()).toBe(1);
    await axe(page, '/admin/indlaes/skabelon (no indicator chosen)');
    // A good file (the browser sends the form token before the file): stored, with links to the indicator.
    await page.goto(`${origin}/admin/indlaes`);
    await page.selectOption('#indikator', `${ballerupId}/ledige-efter-13-uger`);
    await page.setInputFiles('#fil', {
      name: 'ledige.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'område;periode;gruppe;køn;herkomst;tæller;nævner\r\n151;2021K3;målgruppe;i alt;i alt;12;40\r\n',
      ),
    });
    await Promise.all([page.waitForEvent('load'), page.click('main form[enctype] button[type=submit]')]);
    expect(await page.locator('main a', { hasText: 'Se indikatoren' }).count()).toBe(1);
    await axe(page, '/admin/indlaes (stored file)');
    await page.goto(`${origin}/admin/indlaes`);
    // A saved StatBank response: the import runs as a job; its page updates itself (the script polls the
    // status) until the outcome is shown.
    await page.fill('#tabel', 'FOLK1E');
    await page.setInputFiles('#statbank-fil', {
      name: 'folk1e.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('OMRÅDE;HERKOMST;TID;INDHOLD\r\n151;TOT;2021K1;49000\r\n151;TOT;2021K2;49110\r\n'),
    });
    await Promise.all([
      page.waitForURL(/\/admin\/indlaes\/job\/[0-9a-f]{32}$/),
      page.click('form[action$="/admin/indlaes/statbank"] button[type=submit]'),
    ]);
    await page.waitForSelector('text=Filen folk1e.csv er indlæst i tabellen FOLK1E.', { timeout: 30_000 });
    expect(await page.textContent('main')).toContain('Nye eller ændrede tal (gemt)');
    await axe(page, '/admin/indlaes/job/:id');

    await page.goto(`${origin}/strategier/${ballerupId}/omraader/beskaeftigelse/noter`);
    await axe(page, 'area notes');
    await page.close();
  }, 300_000);

  it('keeps a note written across an expired session, and lets the tovholder log in again on the page', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${origin}/log-ind`);
    await page.fill('#email', 'tovholder@ballerup.dk');
    await page.fill('#password', testPassword);
    await Promise.all([page.waitForURL(`${origin}/`), page.click('main button[type=submit]')]);
    await page.goto(`${origin}/strategier/${ballerupId}/omraader/beskaeftigelse/noter`);
    await page.fill('#body', 'Skrevet mens sessionen udløb\nmed to linjer');
    clock += 31 * 60_000;
    await Promise.all([page.waitForEvent('load'), page.click('main button[type=submit]')]);
    expect(await page.inputValue('#body')).toBe('Skrevet mens sessionen udløb\nmed to linjer');
    await axe(page, 'area notes (session expired, log in again)');
    await page.fill('#relogin_email', 'tovholder@ballerup.dk');
    await page.fill('#relogin_password', testPassword);
    await Promise.all([page.waitForURL(/noter\?gemt=1$/), page.click('main button[type=submit]')]);
    expect(await page.textContent('main')).toContain('Skrevet mens sessionen udløb');
    await axe(page, 'area notes (saved)');
    // Log out with the header button.
    await Promise.all([page.waitForURL(`${origin}/`), page.click('.header-user button')]);
    expect(await page.textContent('header')).toContain('Log ind');
    await ctx.close();
  }, 300_000);
  it('runs axe on the interventions and follow-up pages, with their forms and errors', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const s = `${origin}/strategier/${ballerupId}`;
    const submit = () =>
      Promise.all([page.waitForEvent('load'), page.click('main form[method=post] button[type=submit]')]);
    await logIn(page, 'tovholder@ballerup.dk');
    await page.goto(`${s}/indsatser`);
    await axe(page, 'interventions (editor)');
    await page.click('text=Tilføj en indsats under Beskæftigelse');
    await axe(page, 'new intervention');
    await page.fill('#title', '');
    // (Chromium's date field cannot hold 2023-02-30; the server's refusal of it is tested over HTTP.)
    await page.check('#involved-center-for-arbejdsmarked');
    await submit();
    expect(await page.locator('.error-summary li').count()).toBe(2);
    await axe(page, 'new intervention (errors)');
    await page.fill('#title', 'Jobmentorer');
    await page.uncheck('#involved-center-for-arbejdsmarked');
    await page.check('#indicator-ledige-efter-13-uger');
    await submit();
    expect(await page.textContent('main')).toContain('Indsatsen er gemt.');
    await axe(page, 'intervention (editor, with note form)');
    await page.fill('#notedOn', '2099-01-01');
    await submit();
    await axe(page, 'intervention (note errors)');
    await page.click('main >> text=Ret indsatsen');
    await axe(page, 'edit intervention');
    await page.goto(`${s}/indsatser/taet-opfoelgning/arkiver`);
    await axe(page, 'archive intervention');
    await ctx.close();

    const adminCtx = await browser.newContext();
    const adminPage = await adminCtx.newPage();
    await logIn(adminPage, 'admin@ballerup.dk');
    await adminPage.goto(`${s}/opfoelgning`);
    await axe(adminPage, 'follow-up rounds (none yet)');
    await Promise.all([
      adminPage.waitForEvent('load'),
      adminPage.click('main form[method=post] button[type=submit]'),
    ]);
    await axe(adminPage, 'follow-up rounds (errors)');
    await adminPage.fill('#title', 'Opfølgning 1. halvår');
    await adminPage.fill('#deadline', '2000-01-01');
    await Promise.all([
      adminPage.waitForEvent('load'),
      adminPage.click('main form[method=post] button[type=submit]'),
    ]);
    await axe(adminPage, 'follow-up rounds (past deadline asked)');
    await adminPage.check('#confirmPast');
    await Promise.all([
      adminPage.waitForURL(/opfoelgning\/\d+\?oprettet=1$/),
      adminPage.click('main form[method=post] button[type=submit]'),
    ]);
    await axe(adminPage, 'follow-up round');
    await Promise.all([adminPage.waitForURL(/\/luk$/), adminPage.click('main >> text=Afslut runden …')]);
    await axe(adminPage, 'close round (confirmation)');
    await Promise.all([adminPage.waitForURL(/opfoelgning\/\d+$/), adminPage.click('main >> text="Fortryd"')]);
    await adminPage.click('main >> text=Beskæftigelse');
    await axe(adminPage, 'round note form');
    await Promise.all([
      adminPage.waitForEvent('load'),
      adminPage.click('main form[method=post] button[type=submit]'),
    ]);
    expect(await adminPage.locator('.error-summary li').count()).toBe(2);
    await axe(adminPage, 'round note form (errors)');
    await adminPage.check('#status-on-track');
    await adminPage.fill('#body', 'Godt på vej');
    await Promise.all([
      adminPage.waitForURL(/gemt=1$/),
      adminPage.click('main form[method=post] button[type=submit]'),
    ]);
    await axe(adminPage, 'round note (saved)');
    await adminPage.goto(`${s}/opfoelgning`);
    await axe(adminPage, 'follow-up rounds (one round)');
    await adminCtx.close();
  }, 300_000);
});
