// Survey answers: answer-page posts per second through the respondent's form (each a page checked and saved in
// its own transaction, then the 303), on the embedded database (PGlite in a data directory), several
// respondents at once over HTTP on 127.0.0.1; the anchor, measured in the same run against the same server, is
// a GET of the front page at the same concurrency.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliActor } from '../src/domain/access/index.ts';
import { loadDefinitionFile } from '../src/service/strategies.ts';
import { importRecipients, issueLinks, openSurveyRound } from '../src/service/surveys.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { buildApp } from '../src/web/app.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
/** Respondents at once, each a connection of its own, and how long they post. */
export const SURVEY_CLIENTS = 10;
export const SURVEY_SECONDS = 8;
const CLIENTS = SURVEY_CLIENTS;
const SECONDS = SURVEY_SECONDS;

export interface RateFigures {
  readonly perSecond: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly errors: number;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** `CLIENTS` loops of `one` for `SECONDS`: requests a second, p99 latency, and answers that were not `ok`. */
async function load(one: (client: number) => Promise<boolean>): Promise<RateFigures> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (performance.now() < end) {
        const start = performance.now();
        if (!(await one(client))) errors++;
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / SECONDS,
    p99Ms: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? NaN),
    requests: latencies.length,
    errors,
  };
}

export async function measureSurvey(): Promise<{
  posts: RateFigures;
  anchor: RateFigures;
  load: number;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-survey-'));
  const database = await openDatabase({ dataDir: path.join(dir, 'data') });
  try {
    await migrateToLatest(database);
    const ctx = { database, actor: cliActor('bench'), now: () => new Date() };
    await loadDefinitionFile(
      ctx,
      path.join(root, 'strategies', 'ballerup-integrationsstrategi-2021-2023.yaml'),
    );
    const today = Date.now();
    const { round } = await openSurveyRound(ctx, {
      questionnaire: 'boligsocial-deltagelse',
      opens: isoDay(new Date(today - 86_400_000)),
      closes: isoDay(new Date(today + 30 * 86_400_000)),
    });
    const lines = ['organisation;type;område;kontaktperson;e-mail'];
    for (let i = 1; i <= CLIENTS; i++) lines.push(`Forening ${i};forening;151;Kontakt ${i};k${i}@example.dk`);
    await importRecipients(ctx, round.id, Buffer.from(lines.join('\r\n')), 'modtagere.csv');
    const links = await issueLinks(ctx, round.id, { baseUrl: 'http://127.0.0.1' });
    const app = await buildApp({ database });
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      // Each respondent opens its link once for the form cookie and token, then sends page 1 again and again.
      const forms = await Promise.all(
        links.issued.map(async (l) => {
          const url = `${origin}${new URL(l.link).pathname}`;
          const page = await fetch(url);
          const html = await page.text();
          return {
            url,
            cookie: page.headers
              .getSetCookie()
              .map((c) => c.split(';')[0])
              .join('; '),
            csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '',
          };
        }),
      );
      let n = 0;
      const post = async (client: number) => {
        const f = forms[client]!;
        const res = await fetch(f.url, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: f.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            _csrf: f.csrf,
            side: '1',
            handling: 'videre',
            'q-rolle': 'andet',
            'q-rolle-andet': `Frivillig nr. ${n++}`,
          }),
        });
        await res.arrayBuffer();
        return res.status === 303;
      };
      const front = async () => {
        const res = await fetch(`${origin}/`);
        await res.arrayBuffer();
        return res.status === 200;
      };
      // A short warm-up of both, then the measured runs.
      await Promise.all(forms.map((_, i) => post(i)));
      await front();
      const loadBefore = loadavg()[0] ?? 0;
      const posts = await load(post);
      const anchor = await load(front);
      return { posts, anchor, load: loadBefore };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}
