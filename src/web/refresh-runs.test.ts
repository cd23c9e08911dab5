// The data status page reads the refresh runs from the database: a failed refresh started from the page is
// still shown after the app is started again on the same data directory, a refresh run by the command line
// against the same PostgreSQL database is shown, a run left by a process that stopped is shown as interrupted,
// and administrators see the last runs with each source's outcome. Danish and English, text checked.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { startTestApp } from '../../test/support/app.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { decodeEntities, textProblems, visibleText } from '../../test/support/page-text.ts';
import { folk1e, ligeub1 } from '../../test/support/statbank-answers.ts';
import { startStatbankStandIn, type StatbankStandIn } from '../../test/support/statbank-stand-in.ts';
import { exitCodes } from '../cli/exit-codes.ts';
import { main } from '../cli/main.ts';
import { RefreshJobs } from '../service/refresh-job.ts';
import { openDatabase } from '../store/database.ts';
import { insertRun } from '../store/refresh-run-store.ts';

const AREAS = ['000', '084', '151'];
/** Nothing listens on port 9: a source reached there cannot be reached. */
const NOWHERE = 'http://127.0.0.1:9';

let standIn: StatbankStandIn;
beforeAll(async () => {
  standIn = await startStatbankStandIn([
    folk1e({ areas: AREAS }),
    ligeub1({ areas: AREAS, years: ['2023', '2024'] }),
  ]);
});
afterAll(() => standIn.close());

const jobsAt = (statbankUrl: string) =>
  new RefreshJobs({
    statbankUrl,
    jobindsats: { apiKey: undefined, baseUrl: `${NOWHERE}/v2` },
    uddannelsesstatistik: { apiKey: undefined, baseUrl: NOWHERE },
  });

/** The page's visible text, checked for leaks and (on a Danish page) English words. */
function pageText(html: string, lang: 'da' | 'en' = 'da'): string {
  // An English page is lang="en" throughout, which `visibleText` leaves out: its text is read without the tags.
  const text =
    lang === 'da'
      ? visibleText(html)
      : decodeEntities(
          html
            .replace(/<script[\s\S]*?<\/script>/g, '')
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' '),
        );
  const problems = textProblems(text).filter((p) => lang === 'da' || !p.kind.startsWith('English word'));
  expect(problems).toEqual([]);
  return text;
}

describe('the last refresh kept in the database', () => {
  it('still warns that the refresh from the page failed after the app is started again', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'refresh-runs-'));
    try {
      // First start: an administrator starts a refresh whose StatBank cannot be reached.
      const jobs = jobsAt(`${NOWHERE}/v1`);
      const first = await startTestApp(undefined, await openDatabase({ dataDir: dir }), {
        refreshJobs: jobs,
      });
      try {
        await createUser(first.database, 'admin@ballerup.dk', 'admin');
        const b = new Browser(first.app);
        await b.login('admin@ballerup.dk');
        await b.get('/datastatus');
        expect((await b.post('/datastatus/opdater', { _csrf: b.token })).statusCode).toBe(303);
        await jobs.idle();
      } finally {
        await first.close();
      }

      // Second start on the same data directory, with a new job list: the failure is read from the database.
      const again = await startTestApp(undefined, await openDatabase({ dataDir: dir }), {
        refreshJobs: jobsAt(`${NOWHERE}/v1`),
      });
      try {
        const res = await again.app.inject({ method: 'GET', url: '/datastatus' });
        expect(res.statusCode).toBe(200);
        const text = pageText(res.body);
        expect(text).toContain('Seneste opdatering mislykkedes');
        expect(text).toMatch(
          /Statistikbanken kunne ikke nås\. Prøv igen senere\. Startet \d+\. \w+ \d{4} kl\. /,
        );
        expect(text).toMatch(
          /Seneste hentning fra Statistikbanken mislykkedes \d+\. \w+ \d{4} kl\. [\d.]+: /,
        );
        // The public is not told who started it, nor the technical message.
        expect(text).not.toContain('admin@ballerup.dk');
        expect(text).not.toContain('Teknisk besked');

        const en = pageText(
          (await again.app.inject({ method: 'GET', url: '/datastatus?lang=en' })).body,
          'en',
        );
        expect(en).toContain('The last refresh failed');
        expect(en).toContain('Statistikbanken could not be reached. Try again later.');
        expect(en).toMatch(/The last fetch from Statistikbanken failed /);

        // An administrator sees who started it, where from, and the run in the history.
        await createUser(again.database, 'admin2@ballerup.dk', 'admin');
        const b = new Browser(again.app);
        await b.login('admin2@ballerup.dk');
        const admin = pageText((await b.get('/datastatus')).body);
        expect(admin).toContain('Startet af: admin@ballerup.dk fra datastatussiden');
        expect(admin).toContain('Seneste opdateringer');
        expect(admin).toMatch(/Mislykkedes: Statistikbanken kunne ikke nås/);
        expect(admin).toMatch(/Statistikbanken: mislykkedes ved FOLK1E; ikke gemt i \d+ forespørgsler/);
        expect(admin).toContain('Jobindsats: sprunget over, da nøglen ikke er sat');
      } finally {
        await again.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows a refresh run by the command line against the same PostgreSQL database', async () => {
    const url = await createServerDatabase();
    const t = await startTestApp(undefined, await openDatabase({ url }), {
      refreshJobs: jobsAt(standIn.baseUrl),
    });
    try {
      await createUser(t.database, 'admin@ballerup.dk', 'admin');
      const cli = async (statbank: string) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(['node', 'pejlemaerke', 'refresh', '--source', 'statbank'], {
          out: (l) => out.push(l),
          err: (l) => err.push(l),
          env: { DATABASE_URL: url, STATBANK_URL: statbank, USER: 'cron' },
        });
        return { code, err: err.join('\n') };
      };
      const failed = await cli(`${NOWHERE}/v1`);
      expect(failed.code).toBe(exitCodes.environment);

      const text = pageText((await t.app.inject({ method: 'GET', url: '/datastatus' })).body);
      expect(text).toContain('Seneste opdatering mislykkedes');
      expect(text).toContain('Statistikbanken kunne ikke nås');

      const ok = await cli(standIn.baseUrl);
      expect(ok.err).not.toMatch(/error/);
      expect(ok.code).toBe(exitCodes.ok);
      const after = pageText((await t.app.inject({ method: 'GET', url: '/datastatus' })).body);
      expect(after).not.toContain('Seneste opdatering mislykkedes');
      expect(after).not.toContain('Seneste hentning fra Statistikbanken mislykkedes');
      expect(after).toMatch(
        /Opdateringen er gennemført: [\d.]+ nye eller ændrede tal fra \d+ forespørgsler er gemt\./,
      );

      const b = new Browser(t.app);
      await b.login('admin@ballerup.dk');
      const admin = pageText((await b.get('/datastatus')).body);
      expect(admin).toMatch(/fra kommandolinjen/);
      // Both runs, newest first: the one that stored, then the one that failed.
      expect(admin.indexOf('Nye tal gemt')).toBeGreaterThan(-1);
      expect(admin.indexOf('Nye tal gemt')).toBeLessThan(admin.indexOf('Mislykkedes: Statistikbanken'));
      expect(admin).toMatch(
        /Statistikbanken: nye eller ændrede tal fra \d+ forespørgsler: [\d.]+ \(indlæsning nr\. \d+/,
      );
      expect(admin).toContain('Beregnede indikatorer');
      const en = pageText((await b.get('/datastatus?lang=en')).body, 'en');
      expect(en).toContain('from the command line');
      expect(en).toContain('Recent refreshes');
    } finally {
      await t.close();
    }
  });

  it('shows a run left running by a process that stopped as interrupted', async () => {
    const t = await startTestApp(undefined, undefined, { refreshJobs: jobsAt(`${NOWHERE}/v1`) });
    try {
      const startedAt = new Date(Date.now() - 20 * 60_000);
      await insertRun(t.database.db, {
        startedAt,
        startedBy: 'cron',
        origin: 'cli',
        sources: ['statbank'],
        skipped: [],
      });
      const text = pageText((await t.app.inject({ method: 'GET', url: '/datastatus' })).body);
      expect(text).toContain('Seneste opdatering blev afbrudt');
      expect(text).toContain('Processen, der kørte den, stoppede undervejs');
      expect(text).toMatch(
        /Seneste hentning fra Statistikbanken, startet .+, blev afbrudt, før den var færdig\./,
      );
      const en = pageText((await t.app.inject({ method: 'GET', url: '/datastatus?lang=en' })).body, 'en');
      expect(en).toContain('The last refresh was interrupted');
    } finally {
      await t.close();
    }
  });
});
