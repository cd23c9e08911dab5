// Refreshing from Jobindsats and the education statistics API against stand-ins on 127.0.0.1 that answer with the
// connectors' fixtures (documented shape, not recorded responses), stored into both databases: provenance, the
// same answer twice, a revised figure as a new vintage, and a failing later query that leaves everything as it was.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import { loadAreas, type AreaRegistry } from '../sources/areas/index.ts';
import { JobindsatsError, jobindsatsClient } from '../sources/jobindsats/index.ts';
import {
  HERKOMST_BREAKDOWN,
  PASSED_DANISH_AND_MATHS,
  UddannelsesstatistikError,
  uddannelsesstatistikClient,
} from '../sources/uddannelsesstatistik/index.ts';
import type { Database } from '../store/database.ts';
import {
  JOBINDSATS_LICENCE,
  UDDANNELSESSTATISTIK_LICENCE,
  refreshFromJobindsats,
  refreshFromUddannelsesstatistik,
  type JobindsatsRefreshQuery,
  type UddannelsesstatistikRefreshQuery,
} from './connector-refresh.ts';
import { currentObservations, listBatches, vintagesOf } from './observations.ts';

const sources = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'sources');
const jobFixture = (name: string) => readFile(path.join(sources, 'jobindsats', 'fixtures', name));
const uddFixture = (name: string) => readFile(path.join(sources, 'uddannelsesstatistik', 'fixtures', name));
const sha256 = (...parts: Buffer[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

const JOB_KEY = 'job-key-3e7a';
const UDD_KEY = 'udd-key-0c42';

/**
 * What the stand-ins answer: Jobindsats by table id (a fixture file, or a body given inline), the education API by
 * underemne (a fixture prefix, the page `side` appended).
 */
const answers: { jobindsats: Record<string, string>; udd: Record<string, string> } = {
  jobindsats: {},
  udd: {},
};
const resetAnswers = () => {
  answers.jobindsats = { Y36A02: 'data-y36a02.json', Y01A02: 'data-y01a02.json' };
  answers.udd = { FP9: 'gs-kara-herkomst-side-' };
};

let server: Server;
let jobUrl: string;
let uddUrl: string;
let areas: AreaRegistry;

beforeAll(async () => {
  areas = await loadAreas({ withProfiles: false });
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const job = /^\/v2\/data\/([A-Za-z0-9]+)\/json$/.exec(req.url ?? '');
    if (job && req.headers.authorization === JOB_KEY) {
      const file = answers.jobindsats[job[1] as string];
      if (file) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        return res.end(file.startsWith('[') ? file : await jobFixture(file));
      }
      res.writeHead(404).end('{"Message":"Tabellen findes ikke"}');
      return;
    }
    if (req.url === '/Api/v1/statistik' && req.headers.authorization === `Bearer ${UDD_KEY}`) {
      const body = JSON.parse(raw) as { underemne: string; side: number };
      const prefix = answers.udd[body.underemne];
      if (prefix) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        const revised = prefix.includes('revised') && body.side === 1;
        return res.end(
          await uddFixture(revised ? `${prefix}1.json` : `gs-kara-herkomst-side-${body.side}.json`),
        );
      }
      res.writeHead(400).end('{"fejl":"ukendt underemne"}');
      return;
    }
    res.writeHead(401).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  jobUrl = `${base}/v2`;
  uddUrl = base;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const jobQueries: JobindsatsRefreshQuery[] = [
  {
    purpose: 'ballerup: kontanthjaelp',
    query: {
      table: 'Y36A02',
      area: 'Ballerup',
      periods: ['2023M01'],
      filters: { _kon: ['Kvinder'] },
      measures: [{ label: 'Antal berørte personer' }, { label: 'Fuldtidspersoner' }],
    },
  },
  {
    purpose: 'ballerup: a-dagpenge',
    query: {
      table: 'Y01A02',
      area: 'Ballerup',
      periods: ['2023'],
      measures: [{ label: 'Fuldtidspersoner' }],
    },
  },
];

const uddQueries: UddannelsesstatistikRefreshQuery[] = [
  {
    purpose: 'ballerup: afgangsprøve',
    query: {
      field: 'GS',
      topic: 'KARA',
      subtopic: 'FP9',
      share: PASSED_DANISH_AND_MATHS,
      denominator: 'Antal elever',
      area: '[Geografi].[Kommune]',
      origin: HERKOMST_BREAKDOWN,
    },
  },
];

describe.each(testDatabases)('connector refresh on $name', ({ open }) => {
  let database: Database;
  let tick = 0;
  const ctx = () => ({
    database,
    actor: cliActor('tester'),
    now: () => new Date(Date.UTC(2026, 2, 1, 8, 0, tick++)),
  });
  const jobs = () => jobindsatsClient({ baseUrl: jobUrl, apiKey: JOB_KEY });
  const udd = () => uddannelsesstatistikClient({ baseUrl: uddUrl, apiKey: UDD_KEY });
  beforeAll(async () => {
    database = await open();
    resetAnswers();
  });
  afterAll(async () => database.close());

  describe('jobindsats', () => {
    it('stores each query as a batch with the exact request, the body’s SHA-256 and the licence', async () => {
      const progress: string[] = [];
      const results = await refreshFromJobindsats(ctx(), jobs(), jobQueries, {
        areas,
        onProgress: (p) => progress.push(`${p.phase}:${p.done}/${p.total}`),
      });
      expect(results.map((r) => [r.table, r.outcome.status, r.outcome.stored])).toEqual([
        ['Y36A02', 'stored', 8],
        ['Y01A02', 'stored', 5],
      ]);
      expect(progress).toEqual(['fetch:0/2', 'fetch:1/2', 'store:0/2', 'store:1/2', 'store:2/2']);
      const batch = (await listBatches(database)).find((b) => b.provenance.table === 'Y36A02');
      expect(batch?.provenance).toMatchObject({
        source: 'jobindsats',
        table: 'Y36A02',
        query: `POST ${jobUrl}/data/Y36A02/json {"area":"Ballerup","period":["2023M01"],"_kon":["Kvinder"]}`,
        sha256: sha256(await jobFixture('data-y36a02.json')),
        licence: JOBINDSATS_LICENCE,
        note: 'ballerup: kontanthjaelp',
      });
      const danish = await currentObservations(database, {
        series: 'Y01A02',
        areas: ['151'],
        dims: { HERKOMST: '1' },
      });
      expect(danish.map((o) => o.value)).toEqual([{ kind: 'number', value: 498.1 }]);
    });

    it('imports nothing new when the same answers come again', async () => {
      const before = (await listBatches(database)).length;
      const results = await refreshFromJobindsats(ctx(), jobs(), jobQueries, { areas });
      expect(results.map((r) => r.outcome.status)).toEqual(['unchanged', 'unchanged']);
      expect((await listBatches(database)).length).toBe(before);
    });

    it('stores a revised figure as a new vintage and keeps the old one', async () => {
      answers.jobindsats.Y36A02 = 'data-y36a02-revised.json';
      const results = await refreshFromJobindsats(ctx(), jobs(), jobQueries, { areas });
      expect(results.map((r) => [r.outcome.status, r.outcome.stored])).toEqual([
        ['stored', 2],
        ['unchanged', 0],
      ]);
      const key = {
        series: 'Y36A02',
        area: '151',
        period: '2023M01',
        dims: { HERKOMST: '25', KØN: 'Kvinder', MÅL: 'Antal berørte personer' },
      };
      expect((await vintagesOf(database, key)).map((v) => v.value)).toEqual([143, 141]);
    });

    it('stores nothing when the second query cannot be fetched', async () => {
      const batches = (await listBatches(database)).length;
      const before = await currentObservations(database, { series: 'Y36A02' });
      answers.jobindsats.Y36A02 = 'data-y36a02.json'; // would be a new vintage if anything were stored
      delete answers.jobindsats.Y01A02;
      const err = await refreshFromJobindsats(ctx(), jobs(), jobQueries, { areas }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JobindsatsError);
      expect((err as JobindsatsError).reason).toBe('http');
      expect(await currentObservations(database, { series: 'Y36A02' })).toEqual(before);
      expect((await listBatches(database)).length).toBe(batches);
    });

    it('stores nothing when the second answer holds a row it cannot map', async () => {
      const batches = (await listBatches(database)).length;
      answers.jobindsats.Y36A02 = 'data-y36a02.json'; // differs from the current vintage
      answers.jobindsats.Y01A02 = JSON.stringify([
        {
          Variables: [
            { Label: 'Område' },
            { Label: 'Periode' },
            { Label: 'Oprindelse' },
            { Label: 'Fuldtidspersoner' },
          ],
          Data: [['Jobcenter Ballerup', '2023', 'Personer med dansk oprindelse', '498,1']],
        },
      ]);
      const err = await refreshFromJobindsats(ctx(), jobs(), jobQueries, { areas }).catch((e: unknown) => e);
      expect((err as JobindsatsError).reason).toBe('refused');
      expect((err as JobindsatsError).problems).toEqual(['row 1: unknown area "Jobcenter Ballerup"']);
      expect((await listBatches(database)).length).toBe(batches);
      resetAnswers();
    });

    it('says the key was refused and stores nothing', async () => {
      const batches = (await listBatches(database)).length;
      const err = await refreshFromJobindsats(
        ctx(),
        jobindsatsClient({ baseUrl: jobUrl, apiKey: 'wrong' }),
        jobQueries,
        {
          areas,
        },
      ).catch((e: unknown) => e);
      expect((err as JobindsatsError).reason).toBe('bad-key');
      expect((await listBatches(database)).length).toBe(batches);
    });
  });

  describe('education statistics', () => {
    it('stores every page of a query as one batch, hashing the pages in order', async () => {
      const results = await refreshFromUddannelsesstatistik(ctx(), udd(), uddQueries, { areas });
      expect(results.map((r) => [r.table, r.outcome.status, r.outcome.stored])).toEqual([
        ['GS/KARA/FP9', 'stored', 6],
      ]);
      const batch = (await listBatches(database)).find((b) => b.provenance.source === 'uddannelsesstatistik');
      const pages = await Promise.all([1, 2, 3].map((n) => uddFixture(`gs-kara-herkomst-side-${n}.json`)));
      expect(batch?.provenance).toMatchObject({
        table: 'GS/KARA/FP9',
        sha256: sha256(...pages),
        licence: UDDANNELSESSTATISTIK_LICENCE,
      });
      expect(batch?.provenance.query).toMatch(
        new RegExp(
          `^POST ${uddUrl.replace(/\./g, '\\.')}/Api/v1/statistik \\{"område":"GS".*"side":1\\} \\(pages side=1\\.\\.3`,
        ),
      );
      const shares = await currentObservations(database, { series: 'GS/KARA/FP9', periods: ['2023'] });
      expect(shares.map((o) => [o.dims.HERKOMST, o.value, o.denominator, o.unit])).toEqual(
        expect.arrayContaining([['24+25', { kind: 'number', value: 0.789 }, 57, 'share']]),
      );
    });

    it('imports nothing new when the same pages come again, and a revised share as a new vintage', async () => {
      const same = await refreshFromUddannelsesstatistik(ctx(), udd(), uddQueries, { areas });
      expect(same[0]?.outcome.status).toBe('unchanged');
      answers.udd.FP9 = 'gs-kara-herkomst-revised-side-';
      const revised = await refreshFromUddannelsesstatistik(ctx(), udd(), uddQueries, { areas });
      expect([revised[0]?.outcome.status, revised[0]?.outcome.stored]).toEqual(['stored', 1]);
      const key = { series: 'GS/KARA/FP9', area: '151', period: '2023', dims: { HERKOMST: '24+25' } };
      expect((await vintagesOf(database, key)).map((v) => v.value)).toEqual([0.793, 0.789]);
    });

    it('stores nothing when the second query fails', async () => {
      const batches = (await listBatches(database)).length;
      resetAnswers(); // the first query's answer differs from the stored vintage again
      const missing: UddannelsesstatistikRefreshQuery = {
        purpose: 'another cube',
        query: { ...uddQueries[0]!.query, subtopic: 'NOSUCH' },
      };
      const err = await refreshFromUddannelsesstatistik(ctx(), udd(), [uddQueries[0]!, missing], {
        areas,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UddannelsesstatistikError);
      expect((err as UddannelsesstatistikError).reason).toBe('http');
      expect((await listBatches(database)).length).toBe(batches);
      const key = { series: 'GS/KARA/FP9', area: '151', period: '2023', dims: { HERKOMST: '24+25' } };
      expect((await vintagesOf(database, key)).map((v) => v.value)).toEqual([0.793, 0.789]);
    });
  });
});
