// The survey pages in Chromium: the list (with and without the open form's errors), a questionnaire's preview,
// a round with recipients in every mail state, the close confirmation, a closed round with its publish
// confirmation, a published round (its figures and the raw answers' links), the printable links with their QR
// codes and the page a list's form sent again gets, the questionnaire editor (as it opens, with its example, and
// with errors), as an administrator and a tovholder (with another area's round refused), on a desktop and on a
// 390 px phone, in Danish and in English. Each is checked by axe-core (WCAG 2.1 A/AA:
// 0 violations), for a page wider than the window, and its visible text for template leaks and, on Danish
// pages, English words. The round pages include a mailing under way, one finished with failures and one
// stopped by an error. Then the administrator sends the invitations with the keyboard only, and the page's
// script follows the mailing until it has ended.
import { AxeBuilder } from '@axe-core/playwright';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/domain/access/index.ts';
import { createMailer } from '../../src/platform/mail.ts';
import { parseMailSettings, type MailSettings } from '../../src/platform/mail-settings.ts';
import { markBounced, recipientDeliveries } from '../../src/service/survey-mail.ts';
import { sendSurveyMail } from '../../src/service/survey-send-job.ts';
import {
  closeSurveyRound,
  importRecipients,
  openSurveyRound,
  publishSurveyRound,
} from '../../src/service/surveys.ts';
import { createUser, testPassword } from '../support/accounts.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

/** English words that are not Danish ones: one of them in a Danish page's text is a finding. */
const englishWords = new Set(
  (
    'the and of only may must not missing error errors is are was were with without this that cannot invalid ' +
    'required should could would please unknown found has been which will from or an it its your you page user ' +
    'users password login logout download upload file files round survey surveys sent failed bounced ' +
    'reminder reminders invitation invitations answered when where what who how there their they here'
  ).split(' '),
);

let t: TestApp;
let sink: SmtpSink;
let browser: Browser;
let origin: string;
let mail: MailSettings;
const contexts: BrowserContext[] = [];
const rounds = { mailed: '', fresh: '', closed: '', published: '', sending: '', crashed: '', housing: '' };

beforeAll(async () => {
  sink = await startSmtpSink({ refuse: ['afvist@example.dk'] });
  const parsed = parseMailSettings({
    SMTP_URL: sink.url,
    MAIL_FROM: 'Pejlemærke <noreply@ballerup.dk>',
    PUBLIC_URL: 'https://pejlemaerke.test',
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  mail = parsed.settings;
  t = await startTestApp(undefined, undefined, { mail });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  // Center for Skoler, Institutioner og Kultur leads Demokratisk dannelse, which both questionnaires feed.
  await createUser(t.database, 'tovholder@ballerup.dk', 'editor', [
    'center-for-skoler-institutioner-og-kultur',
  ]);
  const system = { database: t.database, actor: systemActor, now: () => new Date() };
  const dates = { opens: '2026-01-01', closes: '2099-12-31' };
  rounds.mailed = (
    await openSurveyRound(system, { questionnaire: 'fvu-sprogtilbud', name: 'FVU 2026', ...dates })
  ).round.id;
  rounds.fresh = (
    await openSurveyRound(system, { questionnaire: 'foreningsdemokrati', name: 'Foreninger 2026', ...dates })
  ).round.id;
  const csv = [
    'organisation;type;område;kontaktperson;e-mail',
    'VUC Vest;udbyder;151;Ane Ø;ane@vuc.dk',
    'AOF;udbyder;151;Bo;bo@aof.dk',
    'Sprogcaféen;frivillig;151;Cæcilie;afvist@example.dk',
    'Lektiecaféen;frivillig;151;Dan;dan@example.dk',
  ].join('\r\n');
  // About Boligsociale fællesskaber: another area's round for the tovholder.
  rounds.housing = (
    await openSurveyRound(system, { questionnaire: 'boligsocial-deltagelse', name: 'Bolig 2026', ...dates })
  ).round.id;
  await importRecipients(system, rounds.mailed, Buffer.from(csv), 'modtagere.csv');
  await importRecipients(system, rounds.fresh, Buffer.from(csv), 'modtagere.csv');
  for (const k of ['closed', 'published'] as const) {
    rounds[k] = (
      await openSurveyRound(system, { questionnaire: 'fvu-sprogtilbud', name: `FVU ${k}`, ...dates })
    ).round.id;
    await importRecipients(system, rounds[k], Buffer.from(csv), 'modtagere.csv');
    await closeSurveyRound(system, rounds[k]);
  }
  await publishSurveyRound(system, rounds.published);
  await sendSurveyMail(system, createMailer(mail.smtp), rounds.mailed, 'invitations', {
    publicUrl: mail.publicUrl,
    attempts: 1,
  });
  const dan = (await recipientDeliveries(t.database, rounds.mailed)).find(
    (d) => d.recipient.email === 'dan@example.dk',
  );
  await markBounced(system, rounds.mailed, dan?.recipient.id ?? '', true);
  // A round another process is mailing (its runner beats far ahead, so nobody here takes it over) and one
  // whose mailing stopped with an error: the round page's progress and failed states.
  for (const k of ['sending', 'crashed'] as const) {
    rounds[k] = (
      await openSurveyRound(system, { questionnaire: 'fvu-sprogtilbud', name: `FVU ${k}`, ...dates })
    ).round.id;
    await importRecipients(system, rounds[k], Buffer.from(csv), 'modtagere.csv');
  }
  await sql`insert into survey_send_job (round_id, mode, state, requested_by, requested_at, started_at,
      runner, beat_at, due, sent, failed)
    values (${rounds.sending}, 'invitations', 'running', 'admin@ballerup.dk', now(), now(), 'elsewhere:1:aa',
      now() + interval '1 day', 40, 12, 1)`.execute(t.database.db);
  await sql`insert into survey_send_job (round_id, mode, state, requested_by, requested_at, started_at,
      finished_at, due, sent, failed, error)
    values (${rounds.crashed}, 'reminders', 'failed', 'admin@ballerup.dk', now(), now(), now(), 4, 1, 0,
      'connection terminated unexpectedly')`.execute(t.database.db);
  origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await t?.close();
  await sink?.close();
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

function visibleText(page: Page, lang: 'da' | 'en'): Promise<string> {
  return page.evaluate((pageLang) => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    // A questionnaire's JSON being edited (translate="no") holds both its languages: it is code, not prose.
    for (const e of clone.querySelectorAll(
      `script, style, [lang]:not([lang="${pageLang}"]), [translate="no"]`,
    ))
      e.remove();
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
  // The SMTP server's own words ("Recipient address rejected") are quoted as it gave them.
  const danish = text.replace(/serveren afviste modtageren: [^\n]*/g, '');
  if (lang === 'da')
    for (const word of danish.toLowerCase().match(/\p{L}+/gu) ?? [])
      if (englishWords.has(word)) found.push(`English word "${word}"`);
  return [...new Set(found)];
}

interface Finding {
  readonly who: string;
  readonly url: string;
  readonly width: number;
  readonly problems: readonly string[];
}

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
  if (overflow > 0) {
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter(
          (e) =>
            e.getBoundingClientRect().right > window.innerWidth + 1 &&
            !e.parentElement?.closest('.table--responsive-scroll'),
        )
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className}`),
    );
    problems.push(`${overflow} px wider than the window: ${wide.join(', ')}`);
  }
  return problems.length > 0 ? [{ who, url: `${label} ${url.pathname}${url.search}`, width, problems }] : [];
}

const withLang = (path: string, lang: 'da' | 'en') =>
  lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;

describe('survey pages in Chromium', () => {
  it('passes axe, fits a 390 px phone and shows no leaks or English on every page', async () => {
    const findings: Finding[] = [];
    let checked = 0;
    for (const viewport of [desktop, phone]) {
      for (const lang of ['da', 'en'] as const) {
        const admin = await newPage(viewport);
        await logIn(admin, 'admin@ballerup.dk');
        for (const path of [
          '/undersoegelser',
          '/undersoegelser/skemaer/foreningsdemokrati',
          '/undersoegelser/skemaer/fvu-sprogtilbud',
          `/undersoegelser/runder/${rounds.mailed}`,
          `/undersoegelser/runder/${rounds.fresh}`,
          `/undersoegelser/runder/${rounds.fresh}/luk`,
          `/undersoegelser/runder/${rounds.closed}`,
          `/undersoegelser/runder/${rounds.closed}/offentliggoer`,
          `/undersoegelser/runder/${rounds.published}`,
          `/undersoegelser/runder/${rounds.mailed}/links`,
          `/undersoegelser/runder/${rounds.sending}`,
          `/undersoegelser/runder/${rounds.crashed}`,
          '/undersoegelser/runder/999999',
        ]) {
          await admin.goto(origin + withLang(path, lang));
          findings.push(...(await check(admin, 'admin', 'page')));
          checked++;
        }
        await admin.goto(origin + withLang('/undersoegelser', lang));
        await admin.fill('#opens', '2026-02-30');
        await admin.fill('#closes', '2026-01-01');
        await Promise.all([
          admin.waitForEvent('load'),
          admin.click('form[action^="/undersoegelser"] button'),
        ]);
        expect(await admin.locator('.error-summary').count()).toBe(1);
        expect(await admin.locator('#opens-error').count()).toBe(1);
        findings.push(...(await check(admin, 'admin', 'open form with errors')));
        await admin.goto(origin + withLang(`/undersoegelser/runder/${rounds.fresh}`, lang));
        await admin.setInputFiles('#modtagere', {
          name: 'forkert.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from('navn,type\nA,b\n'),
        });
        await Promise.all([admin.waitForEvent('load'), admin.click('form[action*="/modtagere"] button')]);
        expect(await admin.locator('.alert-error').count()).toBeGreaterThan(0);
        findings.push(...(await check(admin, 'admin', 'upload refused')));
        // The printable links: refused without a choice, then made for every recipient.
        await admin.goto(origin + withLang(`/undersoegelser/runder/${rounds.mailed}/links`, lang));
        await Promise.all([admin.waitForEvent('load'), admin.click('form[action*="/links"] button')]);
        expect(await admin.locator('#hvem-error').count()).toBe(1);
        findings.push(...(await check(admin, 'admin', 'links without a choice')));
        await admin.check('#hvem-alle');
        await Promise.all([admin.waitForEvent('load'), admin.click('form[action*="/links"] button')]);
        expect(await admin.locator('code.survey-link').count()).toBe(4);
        expect(await admin.locator('.survey-link-card svg[aria-hidden="true"]').count()).toBe(4);
        findings.push(...(await check(admin, 'admin', 'printable links')));
        // The printed list: each block on one page, black on white.
        await admin.emulateMedia({ media: 'print' });
        const printed = await admin.evaluate(() =>
          [...document.querySelectorAll('.survey-link-card')].map((e) => {
            const s = getComputedStyle(e);
            return `${s.breakInside} ${s.color} ${s.backgroundColor}`;
          }),
        );
        expect(new Set(printed)).toEqual(new Set(['avoid rgb(0, 0, 0) rgb(255, 255, 255)']));
        await admin.emulateMedia({ media: 'screen' });
        // Sent again (a reload): nothing is issued, and the page says the list was made.
        await admin.reload({ waitUntil: 'load' });
        expect(await admin.locator('code.survey-link').count()).toBe(0);
        expect(await admin.locator('a[href*="/links"].button').count()).toBe(1);
        findings.push(...(await check(admin, 'admin', 'list made already')));
        // The questionnaire editor as it opens, with its example, and with a text that is not JSON.
        await admin.goto(origin + withLang('/undersoegelser/skemaer/foreningsdemokrati/rediger', lang));
        findings.push(...(await check(admin, 'admin', 'editor')));
        await Promise.all([admin.waitForEvent('load'), admin.click('button[value="eksempel"]')]);
        expect(await admin.locator('fieldset[disabled]').count()).toBe(2);
        findings.push(...(await check(admin, 'admin', 'editor example')));
        await admin.fill('#definition', '{ "id": "foreningsdemokrati", "pages": [ }');
        await Promise.all([admin.waitForEvent('load'), admin.click('button[value="gem"]')]);
        expect(await admin.locator('#definition-error').count()).toBe(1);
        findings.push(...(await check(admin, 'admin', 'editor with errors')));
        checked += 3;
        const editor = await newPage(viewport);
        await logIn(editor, 'tovholder@ballerup.dk');
        for (const path of [
          '/undersoegelser',
          `/undersoegelser/runder/${rounds.mailed}`,
          `/undersoegelser/runder/${rounds.published}`,
          `/undersoegelser/runder/${rounds.housing}`,
        ]) {
          await editor.goto(origin + withLang(path, lang));
          findings.push(...(await check(editor, 'tovholder', 'page')));
        }
        checked += 9;
      }
    }
    console.log(`survey pages: ${checked} pages checked, ${findings.length} with findings`);
    expect(findings).toEqual([]);
  }, 600_000);

  it('lets the administrator send the invitations with the keyboard only', async () => {
    const page = await newPage(phone);
    await logIn(page, 'admin@ballerup.dk');
    await page.goto(`${origin}/undersoegelser/runder/${rounds.fresh}`);
    const label = 'Send invitationer';
    let reached = false;
    for (let i = 0; i < 200 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((text) => document.activeElement?.textContent?.trim() === text, label);
    }
    expect(reached, 'the send button is reached by Tab').toBe(true);
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement as Element);
      return s.outlineStyle !== 'none' && s.outlineWidth !== '0px';
    });
    expect(outline, 'the focused button shows its focus').toBe(true);
    await Promise.all([page.waitForURL(/#udsendelse$/), page.keyboard.press('Enter')]);
    // The page's script polls the job and loads the page again when it has ended.
    await page.waitForSelector('#job-status[data-done="yes"]', { timeout: 60_000 });
    expect(await page.locator('#job-status .alert-warning').innerText()).toContain(
      'Udsendelsen af invitationer er færdig med fejl: 3 sendt, 1 fejlet, 0 sprunget over.',
    );
    expect(await page.locator('#job-failures-caption').innerText()).toBe('Mails, der ikke kunne sendes (1)');
  }, 120_000);
});
