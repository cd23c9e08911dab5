// Every page a Danish reader can reach, logged out and as each role, read as a reader reads it: the visible
// text (no tags, scripts or styles, no part marked lang="en", no strategy content, which may quote anything)
// must hold no template leaks (`undefined`, `NaN`, `null`, `[object Object]`, code, `{{`), no raw timestamps
// or dotted codes, and no English sentence. Pages are found by following links from the front page and the
// staff pages, so a new page is read as soon as something links to it. The app runs in-process on a seeded
// database with the bundled dataset, and the audit log holds logins, a failed login and refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser, testPassword } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { systemActor } from '../domain/access/index.ts';
import { freezeWithReport } from '../reports/evaluation-report.ts';
import { seedBundledDataset } from '../service/bundled-dataset.ts';
import { decideEvaluation, openEvaluation, writeAssessment } from '../service/evaluations.ts';
import { getStrategy } from '../service/strategies.ts';

const MAX_PAGES = 400;
/** How many options of each chooser are followed. */
const MAX_CHOICES = 8;

/**
 * Common English words that are not Danish words (or are so rare in Danish that a hit is English): one of them
 * as a word in Danish text is a finding. "for", "to", "by", "have", "under" and "over" are Danish words too, and left
 * out.
 */
const englishWords = new Set(
  (
    'the and of only may must not missing error errors column columns is are was were with without this that ' +
    'these those cannot invalid required should could would please unknown found has been which will ' +
    'from or an it its your you row rows value values figures page user users password login logout share ' +
    'gap file files upload download between because when where what who how there their they we our see ' +
    'more less than no yes none all any each every other such here into onto after before above below'
  ).split(' '),
);

/**
 * Proper names and unavoidable terms that contain a word of the list above: allowed in Danish text. Keep it
 * narrow: each entry is a whole phrase, not a word.
 */
const allowedPhrases: readonly RegExp[] = [
  // Names of formats and standards, written as their owners write them.
  /\bJSON-stat\b/g,
  /\bOpenID Connect\b/g,
];

/** Dotted words that are Danish abbreviations, not codes. */
const allowedDotted = new Set([
  'pct.point',
  'bl.a',
  'f.eks',
  'm.fl',
  'evt.',
  'ca.',
  'jf.',
  'inkl.',
  'ekskl.',
]);

/**
 * FINDINGS IN PARTS BEING REBUILT RIGHT NOW BY OTHERS — allowed so that this test passes before they are
 * merged. Each names the page (a path pattern), the text, and whose part it is. Empty this list after the
 * merge: every entry left must then fail the test until fixed.
 */
const pendingElsewhere: readonly { readonly path: RegExp; readonly text: RegExp; readonly part: string }[] =
  [];

interface Finding {
  readonly role: string;
  readonly url: string;
  readonly kind: string;
  readonly text: string;
}

const voidTags = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/**
 * The text a reader sees or hears: text nodes and the attributes read aloud or shown (alt, title, aria-label,
 * placeholder, an optgroup's label), outside scripts, styles and any element marked lang="en" (the language
 * switch, a library's English message shown as such).
 */
export function visibleText(html: string): string {
  const out: string[] = [];
  const stack: { tag: string; hidden: boolean }[] = [];
  const hidden = () => stack.some((e) => e.hidden);
  const token =
    /<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<(\/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/gi;
  for (const m of html.matchAll(token)) {
    const [, close, rawTag, attrs = '', text] = m;
    if (text !== undefined) {
      if (!hidden()) out.push(decodeEntities(text));
      continue;
    }
    if (!rawTag) continue;
    const tag = rawTag.toLowerCase();
    if (close) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at >= 0) stack.length = at;
      continue;
    }
    const english = /\blang="en"/.test(attrs);
    const raw = tag === 'script' || tag === 'style';
    if (!hidden() && !english)
      for (const a of attrs.matchAll(/\b(alt|title|aria-label|placeholder|label)="([^"]*)"/g))
        out.push(` ${decodeEntities(a[2] as string)} `);
    if (raw) {
      // Skip to the end of the element: its content is no markup.
      const end = html.indexOf(`</${tag}`, (m.index ?? 0) + m[0].length);
      token.lastIndex = end < 0 ? html.length : end;
      stack.push({ tag, hidden: true });
      continue;
    }
    if (!voidTags.has(tag) && !attrs.trimEnd().endsWith('/')) stack.push({ tag, hidden: english });
    out.push(' ');
  }
  return out.join('').replace(/\s+/g, ' ');
}

/** Every text of a strategy definition, longest first: removed from a page before it is read. */
function strategyTexts(definition: unknown): string[] {
  const texts = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      const s = v.replace(/\s+/g, ' ').trim();
      if (s.length >= 3) texts.add(s);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(definition);
  return [...texts].sort((a, b) => b.length - a.length);
}

function around(text: string, index: number, length: number): string {
  return text.slice(Math.max(0, index - 40), index + length + 40).trim();
}

/** What is wrong with a page's text, each with some words around it. */
export function textProblems(text: string): { kind: string; text: string }[] {
  const found: { kind: string; text: string }[] = [];
  const add = (kind: string, re: RegExp) => {
    for (const m of text.matchAll(re)) found.push({ kind, text: around(text, m.index, m[0].length) });
  };
  add('template leak', /\bundefined\b|\bNaN\b|\bnull\b|\[object \w+\]|\{\{|\}\}|\{%|%\}/g);
  add('source code', /=>|\bfunction\s*\(/g);
  add('raw timestamp', /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g);
  for (const m of text.matchAll(/(?<![\w@./-])([a-z][a-zA-Z]*(?:\.[a-z][a-zA-Z-]*)+)(?![\w@/-])/g)) {
    const word = m[1] as string;
    if (allowedDotted.has(word) || /\.(dk|com|org|net|eu|io)$/.test(word)) continue;
    found.push({ kind: 'dotted code', text: around(text, m.index, m[0].length) });
  }
  let danish = text;
  for (const re of allowedPhrases) danish = danish.replace(re, ' ');
  for (const m of danish.matchAll(/\p{L}+/gu)) {
    const w = (m[0] as string).toLowerCase();
    if (englishWords.has(w))
      found.push({ kind: `English word "${w}"`, text: around(danish, m.index, w.length) });
  }
  return found;
}

function pendingFor(url: string, text: string) {
  const path = url.split('?')[0] as string;
  return pendingElsewhere.find((p) => p.path.test(path) && p.text.test(text));
}

let t: TestApp;
let strategyStrings: string[] = [];
const browsers: Record<string, Browser> = {};

beforeAll(async () => {
  t = await startTestApp();
  await seedBundledDataset(t.database);
  const strategy = await getStrategy(t.database, ballerupId);
  strategyStrings = strategyTexts(strategy?.definition);
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'reader@ballerup.dk', 'reader');
  await createUser(t.database, 'cfa@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  // Evaluation rounds in each state, with an assessment: their pages are read like any other.
  const system = { database: t.database, actor: systemActor, now: () => new Date() };
  const period = { from: '2021-01-01', to: '2023-12-31' };
  const texts = { assessment: 'Gabet er mindre end i 2021.', adjustments: 'Flere virksomhedsforløb.' };
  const evaluations = ['Evaluering i udkast', 'Frosset evaluering', 'Besluttet evaluering'];
  const ids = [];
  for (const name of evaluations) {
    const id = (await openEvaluation(system, ballerupId, { name, ...period })).id;
    await writeAssessment(system, id, 'beskaeftigelse', texts);
    ids.push(id);
  }
  for (const id of ids.slice(1)) await freezeWithReport(system, id);
  await decideEvaluation(system, ids[2] as string, { date: '2024-03-15', text: 'Godkendt uden ændringer.' });
  let ip = 0;
  const browser = () => new Browser(t.app, `10.8.0.${++ip}`);
  // The audit log then holds what a real one does: logins, a failed one and refusals.
  await browser().login('reader@ballerup.dk', 'forkert-adgangskode');
  for (const [role, email] of [
    ['reader', 'reader@ballerup.dk'],
    ['editor', 'cfa@ballerup.dk'],
    ['admin', 'admin@ballerup.dk'],
  ] as const) {
    const b = browser();
    expect((await b.login(email, testPassword)).statusCode).toBe(303);
    browsers[role] = b;
  }
  await browsers.reader?.get('/admin/log');
  await browsers.editor?.get('/admin/brugere');
  browsers.anonymous = browser();
}, 180_000);
afterAll(async () => t?.close());

const startPages: Record<string, readonly string[]> = {
  anonymous: ['/', '/befolkning', '/metode', '/tilgaengelighed', '/log-ind', '/datastatus'],
  reader: ['/', '/befolkning'],
  editor: ['/', '/befolkning'],
  admin: ['/', '/befolkning', '/admin/brugere', '/admin/log', '/admin/indlaes', '/datastatus'],
};

/** Pages of bad input and unknown addresses: read like any other, their 400 and 404 expected. */
const errorPages = [
  '/befolkning?omraade=abc',
  '/befolkning?kvartal=2021Q9',
  '/befolkning.csv?omraade=abc',
  `/strategier/${ballerupId}/indsatser?status=ukendt`,
  `/strategier/${ballerupId}/indikatorer/findes-ikke`,
  '/findes-ikke',
  '/strategier/findes-ikke/datastatus',
  '/datastatus?lang=xx',
];

/** Internal links to follow: pages, not downloads, API answers, assets, or the English versions. */
function followable(href: string): string | undefined {
  if (!href.startsWith('/') || href.startsWith('//')) return undefined;
  const url = decodeEntities(href).split('#')[0] as string;
  const path = url.split('?')[0] as string;
  if (/^\/(api|assets)\//.test(path) || /\.(csv|xlsx|json|svg|png|pdf|docx|zip)$/.test(path))
    return undefined;
  if (/[?&]lang=en\b/.test(url) || path === '/log-ud') return undefined;
  return url;
}

function linksIn(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)]
    .map((m) => followable(m[1] as string))
    .filter((u): u is string => u !== undefined);
}

/**
 * A chooser (a GET form's select: area, quarter, comparison) opens pages no link leads to: each of its first
 * few options is followed as if chosen alone.
 */
function choicesIn(html: string): string[] {
  const out: string[] = [];
  for (const form of html.matchAll(
    /<form\b[^>]*method="get"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g,
  )) {
    const action = followable(form[1] as string);
    if (!action || action.includes('?')) continue;
    for (const select of (form[2] as string).matchAll(
      /<select\b[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g,
    ))
      for (const option of [...(select[2] as string).matchAll(/<option value="([^"]+)"/g)].slice(
        0,
        MAX_CHOICES,
      ))
        out.push(
          `${action}?${new URLSearchParams({ [select[1] as string]: decodeEntities(option[1] as string) })}`,
        );
  }
  return out;
}

async function crawl(role: string): Promise<{ pages: number; findings: Finding[]; pending: Finding[] }> {
  const b = browsers[role] as Browser;
  const seen = new Set<string>();
  const queue = [...errorPages, ...(startPages[role] ?? ['/'])];
  const findings: Finding[] = [];
  const pending: Finding[] = [];
  let pages = 0;
  while (queue.length > 0 && pages < MAX_PAGES) {
    const url = queue.shift() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await b.get(url);
    pages++;
    if (process.env.CRAWL_LIST) console.log(`${role} ${res.statusCode} ${url}`);
    const record = (kind: string, text: string) => {
      const f = { role, url, kind, text };
      (pendingFor(url, text) ? pending : findings).push(f);
    };
    if (res.statusCode >= 400 && !errorPages.includes(url)) record(`status ${res.statusCode}`, '');
    if (!String(res.headers['content-type']).startsWith('text/html')) continue;
    let text = visibleText(res.body);
    for (const s of strategyStrings) if (text.includes(s)) text = text.split(s).join(' ');
    for (const p of textProblems(text)) record(p.kind, p.text);
    for (const next of [...linksIn(res.body), ...choicesIn(res.body)]) if (!seen.has(next)) queue.push(next);
  }
  return { pages, findings, pending };
}

describe('the Danish pages, crawled', () => {
  it('recognise a leak, a code and English in a page', () => {
    const html =
      '<p>Gabet er undefined, <b>session.login</b> 2026-01-01T10:00:00Z</p><script>const x = () => 1;</script>' +
      '<p>Only an administrator may import figures</p><a href="/?lang=en" lang="en">English</a>' +
      '<p title="[object Object]">Fx 3,2 pct.point, se ballerup.dk</p>';
    const kinds = textProblems(visibleText(html)).map((p) => p.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'template leak',
        'dotted code',
        'raw timestamp',
        'English word "only"',
        'English word "may"',
      ]),
    );
    expect(kinds.filter((k) => k === 'template leak')).toHaveLength(2);
    expect(kinds).not.toContain('source code');
    expect(kinds).not.toContain('English word "english"');
    expect(textProblems(visibleText('<p>Kun en administrator må indlæse tal (CSV, API).</p>'))).toEqual([]);
  });

  it.each(['anonymous', 'reader', 'editor', 'admin'])(
    'as %s: no template leak, code or English sentence on any page',
    async (role) => {
      const { pages, findings, pending } = await crawl(role);
      const lines = (fs: readonly Finding[]) => fs.map((f) => `${f.url}: ${f.kind}: «${f.text}»`);
      console.log(
        `${role}: ${pages} pages crawled, ${findings.length} findings, ${pending.length} allowed (pending elsewhere)\n` +
          [...lines(findings), ...lines(pending).map((l) => `(pending) ${l}`)].join('\n'),
      );
      expect(pages).toBeGreaterThan(role === 'anonymous' ? 10 : 5);
      expect(lines(findings)).toEqual([]);
    },
    300_000,
  );
});
