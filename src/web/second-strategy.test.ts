// A second, very different strategy beside the bundled one: no target group, goals, committees and the council
// as owners, level, count and yes/no indicators with targets, units beyond shares, cross-cutting interventions
// and an open-ended period. Every page reachable from its own pages is read for the words of the first strategy
// (unless the second says them itself) and for template leaks; its levels are named as it names them, its
// statuses are those of its kinds, and its colour scheme shows beside each status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { decodeEntities, strategyTexts, textProblems, visibleText } from '../../test/support/page-text.ts';
import {
  secondBase,
  secondFile,
  secondId,
  startAppWithBothStrategies,
} from '../../test/support/second-strategy.ts';
import { getStrategy } from '../service/strategies.ts';

const base = secondBase;
const MAX_PAGES = 150;

/** Words of the bundled strategy and its municipality that no other strategy's pages may show. */
const firstWords = [
  'Ballerup',
  'integrationsteamet',
  'ikke-vestlig',
  'Ikke-vestlig',
  'Økonomiudvalget',
  'Integrationsbarometer',
  'Indsatsområde',
  'Indsatserne omfatter',
  'Vestlige og ikke-vestlige lande',
];

let t: TestApp;
let ownTexts: string[] = [];

beforeAll(async () => {
  t = await startAppWithBothStrategies();
  const second = await getStrategy(t.database, secondId);
  // The level names are the product's words where a strategy gives none: they are read, not removed.
  const { levels: _levels, ...rest } = second?.definition ?? {};
  ownTexts = strategyTexts(rest);
}, 180_000);
afterAll(async () => t?.close());

const get = async (url: string) => t.app.inject({ method: 'GET', url });
const text = async (url: string) => {
  const res = await get(url);
  expect(res.statusCode, url).toBe(200);
  return visibleText(res.body);
};

function linksIn(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)]
    .map((m) => decodeEntities(m[1] as string).split('#')[0] as string)
    .filter(
      (u) =>
        u.startsWith(base) &&
        !/\.(csv|xlsx|json|svg|png|pdf|docx)(\?|$)/.test(u) &&
        !u.includes('/rediger') &&
        !u.includes('/ny'),
    );
}

describe('a second strategy of another kind beside the bundled one', () => {
  it('is named with its municipality on the front page and in the API', async () => {
    const front = await text('/');
    expect(front).toContain('Eksempelby Kommune');
    expect(front).toContain('Politiske mål for kerneopgaverne');
    const api = (await get('/api/v1/strategies')).json() as {
      data: { id?: string; strategyId?: string; organisation: { name: string; areaCode: string } }[];
    };
    expect(api.data.map((s) => s.organisation)).toEqual(
      expect.arrayContaining([
        { name: 'Eksempelby Kommune', areaCode: '999' },
        { name: 'Ballerup Kommune', areaCode: '151' },
      ]),
    );
  });

  it('names its levels as the strategy does and groups indicators under its goals', async () => {
    const body = await text(base);
    expect(body).toContain('Kerneopgaver');
    expect(body).not.toContain('Indsatsområde');
    const area = await text(`${base}/omraader/skole`);
    expect(area).toContain('Mål 1: Flere børn trives i skolen');
    expect(area).toContain('Pejlemærker');
    expect(area).toContain('Børne- og Skoleudvalget');
  });

  it('gives a level, a count and a target a status of their kind, with the colour beside it', async () => {
    const share = await text(`${base}/indikatorer/trivsel-andel`);
    expect(share).toMatch(
      /Status: (I den ønskede retning|På rette vej mod målet|Ingen klar tendens mod målet)/,
    );
    expect(share).toMatch(/Farve: (Grøn|Gul)/);
    expect(share).toContain('mindst 90,0 %');
    const count = await text(`${base}/indikatorer/foreningsmedlemmer`);
    expect(count).toMatch(/Status: I den ønskede retning/);
    expect(count).toContain('Farve: Grøn');
    expect(count).toContain('landsgennemsnittet pr. 1.000 indbyggere');
    const awaiting = await text(`${base}/indikatorer/ny-natur`);
    expect(awaiting).toContain('Den første opgørelse kommer i 2025.');
    const bundled = await text(
      '/strategier/ballerup-integrationsstrategi-2021-2023/indikatorer/ledige-efter-13-uger',
    );
    expect(bundled).not.toContain('Farve:');
  });

  it('shows cross-cutting interventions with what the strategy says, and "Ikke angivet" for the rest', async () => {
    const list = await text(`${base}/indsatser`);
    expect(list).toContain('Data i dialogen med udvalgene');
    expect(list).toContain('Grøn omstilling af kommunens bilpark');
    const stated = await text(`${base}/indsatser/data-i-dialog`);
    expect(stated).toContain('Planlagt');
    expect(stated).toContain('Byrådet');
    expect(stated).toContain('Andel elever med høj trivsel');
    const unstated = await text(`${base}/indsatser/groen-omstilling`);
    expect(unstated).toContain('Ikke angivet');
  });

  it('names the level an intervention belongs to, with a link to it', async () => {
    const res = await get(`${base}/indsatser/aabne-haller`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<a href="${base}/omraader/sundhed">Sundhed og fællesskab</a>`);
    expect(visibleText(res.body)).toContain('Kerneopgave Sundhed og fællesskab');
  });

  it('shows none of the first strategy’s words and no template leak on any of its pages', async () => {
    const seen = new Set<string>();
    const queue = [base, `${base}?lang=en`, '/', '/metode', `${base}/versioner`, `${base}/datastatus`];
    const findings: string[] = [];
    let pages = 0;
    while (queue.length > 0 && pages < MAX_PAGES) {
      const url = queue.shift() as string;
      if (seen.has(url)) continue;
      seen.add(url);
      const res = await get(url);
      pages++;
      if (res.statusCode !== 200) {
        findings.push(`${url}: status ${res.statusCode}`);
        continue;
      }
      const visible = visibleText(res.body);
      // The front page and the method page list every strategy; only this strategy's own pages are read for
      // the first one's words.
      if (url.startsWith(base)) {
        let own = visible;
        for (const s of ownTexts) own = own.split(s).join(' ');
        for (const w of firstWords) if (own.includes(w)) findings.push(`${url}: the word «${w}»`);
      }
      for (const p of textProblems(visible))
        if (p.kind === 'template leak' || p.kind === 'source code')
          findings.push(`${url}: ${p.kind}: «${p.text}»`);
      for (const next of linksIn(res.body)) if (!seen.has(next)) queue.push(next);
    }
    console.log(`second strategy: ${pages} pages crawled, ${findings.length} findings`);
    expect(pages).toBeGreaterThan(15);
    expect(findings).toEqual([]);
  }, 300_000);

  it('words the pages every strategy shares without the first one’s words when only the second is loaded', async () => {
    const alone = await startTestApp([secondFile]);
    try {
      await createUser(alone.database, 'koordinator@eksempelby.dk', 'admin');
      const staff = new Browser(alone.app);
      expect((await staff.login('koordinator@eksempelby.dk')).statusCode).toBe(303);
      const shared = [
        '/',
        '/?lang=en',
        '/metode',
        '/metode?lang=en',
        '/evalueringer',
        '/evalueringer?lang=en',
        '/admin/brugere',
        '/admin/brugere?lang=en',
      ];
      const findings: string[] = [];
      for (const url of shared) {
        const res = await staff.get(url);
        expect(res.statusCode, url).toBe(200);
        let own = visibleText(res.body);
        for (const s of ownTexts) own = own.split(s).join(' ');
        for (const w of [...firstWords, 'Finance Committee', 'focus area', 'Focus area'])
          if (own.includes(w)) findings.push(`${url}: the word «${w}»`);
      }
      console.log(
        `shared pages with the second strategy alone: ${shared.length} read, ${findings.length} findings`,
      );
      expect(findings).toEqual([]);
      // The majority rule is explained in words of its own; the barometer is named only beside a strategy that
      // compares with it.
      expect(visibleText((await staff.get('/metode')).body)).toContain(
        'Et områdes status følger en flertalsregel',
      );
      expect(visibleText((await get('/metode')).body)).toContain(
        'Reglen er den samme, som det nationale Integrationsbarometer bruger.',
      );
    } finally {
      await alone.close();
    }
  });
});
