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
import { decodeEntities, strategyTexts, textProblems, visibleText } from '../../test/support/page-text.ts';

const MAX_PAGES = 400;
/** How many options of each chooser are followed. */
const MAX_CHOICES = 8;

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
