// The bundled strategy's indicators computed across sources, refreshed from stand-ins on 127.0.0.1 for Jobindsats,
// the education statistics API and StatBank that answer in the documented shapes (figures invented): the share of
// 16-64-year-olds on public support over FOLK1E, the exam share by origin, their provenance, the same answers twice,
// a withheld cell, periods that do not meet, and an origin label the mapping does not know.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import { jobindsatsClient, JobindsatsError } from '../sources/jobindsats/index.ts';
import { statbankClient } from '../sources/statbank/index.ts';
import { uddannelsesstatistikClient } from '../sources/uddannelsesstatistik/index.ts';
import type { Database } from '../store/database.ts';
import {
  jobindsatsRefreshQueries,
  refreshFromJobindsats,
  refreshFromUddannelsesstatistik,
  uddannelsesstatistikRefreshQueries,
} from './connector-refresh.ts';
import { deriveCrossSourceIndicators, describeCrossSource } from './cross-source-derive.ts';
import { currentObservations, listBatches } from './observations.ts';
import { refreshFromStatbank, refreshQueries } from './refresh.ts';
import { readDefinitionFile } from './strategies.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const bundled = path.join(here, '..', '..', 'strategies', 'ballerup-integrationsstrategi-2021-2023.yaml');
const uddFixtures = path.join(here, '..', 'sources', 'uddannelsesstatistik', 'fixtures');

const JOB_KEY = 'job-key-51c0';
const UDD_KEY = 'udd-key-9d2e';
const ORIGIN_LABELS = {
  '1': 'Personer med dansk oprindelse',
  '24': 'Indvandrere fra vestlige lande',
  '25': 'Indvandrere fra ikke-vestlige lande',
  '34': 'Efterkommere fra vestlige lande',
  '35': 'Efterkommere fra ikke-vestlige lande',
} as const;
const MONTHS = ['2023M01', '2023M02', '2023M03', '2023M04', '2023M05', '2023M06'];
/** Full-time persons per origin, sex and month: a-dagpenge 20 for non-Western origins and 10 for the others. */
const PER_TABLE: Record<string, number> = { Y01A02: 10, Y36A02: 5, Y38A02: 2, Y35A02: 1, PTVC01: 3 };

/** A Jobindsats answer for Ballerup by origin and sex over six months; `extra` rows appended as given. */
function jobAnswer(table: string, extra: string[][] = []): string {
  const measure = table === 'PTVC01' ? 'Antal personer' : 'Antal fuldtidspersoner';
  const rows: string[][] = [];
  for (const month of MONTHS)
    for (const [code, label] of Object.entries(ORIGIN_LABELS))
      for (const sex of ['Kvinder', 'Mænd']) {
        const base = PER_TABLE[table] as number;
        const value = table === 'Y01A02' && (code === '25' || code === '35') ? 20 : base;
        // One withheld cell: kontanthjælp, non-Western descendant women, February.
        const cell =
          table === 'Y36A02' && code === '35' && sex === 'Kvinder' && month === '2023M02'
            ? '..'
            : String(value);
        rows.push(['Ballerup', month, label, sex, cell]);
      }
  const variables = ['Område', 'Periode', 'Oprindelse', 'Køn', measure].map((Label) => ({ Label }));
  return JSON.stringify([{ Variables: variables, Data: [...rows, ...extra] }]);
}

/** A JSON-stat v2 answer to the FOLK1E request sent: 10 persons per cell, 2023K1 only. */
function folk1eAnswer(variables: { code: string; values: string[] }[]): string {
  const asked = Object.fromEntries(variables.map((v) => [v.code, v.values]));
  const dims: [string, string[]][] = [
    ['OMRÅDE', asked.OMRÅDE ?? ['151']],
    ['KØN', asked['KØN'] ?? ['TOT']],
    ['ALDER', asked.ALDER ?? ['IALT']],
    ['HERKOMST', asked.HERKOMST ?? ['TOT']],
    ['ContentsCode', ['FOLK1E']],
    ['Tid', ['2023K1']],
  ];
  const dimension = Object.fromEntries(
    dims.map(([id, codes]) => [
      id,
      {
        label: id,
        category: {
          index: Object.fromEntries(codes.map((c, i) => [c, i])),
          label: Object.fromEntries(codes.map((c) => [c, c])),
        },
      },
    ]),
  );
  const size = dims.map(([, codes]) => codes.length);
  // Sex TOT is the sum of men and women: 20 per age and origin, 10 for each sex.
  const values: number[] = [];
  for (const _a of dims[0]![1])
    for (const sex of dims[1]![1])
      for (const _age of dims[2]![1]) for (const _h of dims[3]![1]) values.push(sex === 'TOT' ? 20 : 10);
  return JSON.stringify({
    version: '2.0',
    class: 'dataset',
    label: 'FOLK1E',
    id: dims.map(([id]) => id),
    size,
    role: { time: ['Tid'], geo: ['OMRÅDE'], metric: ['ContentsCode'] },
    dimension,
    value: values,
  });
}

/** The same dimensions, in any key order. */
const same = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

const answers = { jobindsats: {} as Record<string, string> };

let server: Server;
let base: string;
let definition: StrategyDefinition;

beforeAll(async () => {
  const parsed = await readDefinitionFile(bundled);
  if (!parsed.ok) throw new Error('the bundled strategy does not parse');
  definition = parsed.definition;
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const job = /^\/v2\/data\/([A-Za-z0-9]+)\/json$/.exec(req.url ?? '');
    if (job && req.headers.authorization === JOB_KEY) {
      const body = answers.jobindsats[job[1] as string];
      if (!body) return res.writeHead(404).end('{"Message":"Tabellen findes ikke"}');
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(body);
    }
    if (req.url === '/Api/v1/statistik' && req.headers.authorization === `Bearer ${UDD_KEY}`) {
      const body = JSON.parse(raw) as { side: number };
      // The connector's fixture pages, keyed by the breakdowns the bundled query asks for, without a count.
      const page = JSON.parse(
        await readFile(path.join(uddFixtures, `gs-kara-herkomst-side-${body.side}.json`), 'utf8'),
      ) as Record<string, unknown>[];
      const rows = page.map(({ ['[Geografi].[Kommune]']: area, ['Antal elever']: _n, ...rest }) => ({
        ...rest,
        '[Institution].[Beliggenhedskommune]': area,
      }));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify(rows));
    }
    if (req.url?.startsWith('/v1/data')) {
      const body = JSON.parse(raw) as { table: string; variables: { code: string; values: string[] }[] };
      if (body.table !== 'FOLK1E') return res.writeHead(400).end('{"message":"Tabellen findes ikke"}');
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(folk1eAnswer(body.variables));
    }
    res.writeHead(401).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.each(testDatabases)('indicators computed across sources on $name', ({ open }) => {
  let database: Database;
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => new Date('2026-03-01T08:00:00Z') });
  beforeAll(async () => {
    database = await open();
    answers.jobindsats = Object.fromEntries(Object.keys(PER_TABLE).map((t) => [t, jobAnswer(t)]));
  });
  afterAll(async () => database.close());

  const refreshAll = async () => {
    const job = await refreshFromJobindsats(
      ctx(),
      jobindsatsClient({ apiKey: JOB_KEY, baseUrl: `${base}/v2` }),
      jobindsatsRefreshQueries([definition]),
    );
    const udd = await refreshFromUddannelsesstatistik(
      ctx(),
      uddannelsesstatistikClient({ apiKey: UDD_KEY, baseUrl: base }),
      uddannelsesstatistikRefreshQueries([definition]),
    );
    const population = refreshQueries([definition]).filter((q) => q.purpose.endsWith('(denominator)'));
    const stat = await refreshFromStatbank(ctx(), statbankClient({ baseUrl: `${base}/v1` }), population);
    const tables = [...job, ...udd, ...stat].map((r) => r.table);
    return deriveCrossSourceIndicators(ctx(), [definition], tables);
  };

  it('computes public support over FOLK1E aged 16-64, per quarter, and the exam shares, with provenance', async () => {
    const results = await refreshAll();
    const support = results.find((r) => r.indicator === 'offentlig-forsoergelse');
    expect(support?.tables).toBe('Y01A02+Y36A02+Y38A02+Y35A02 / FOLK1E');
    expect(support?.unknown).toEqual([]);
    // Jobindsats has 2023K1 and 2023K2; FOLK1E only 2023K1.
    expect(support?.skipped).toContainEqual({
      area: '151',
      period: '2023K2',
      reason: 'no FOLK1E population for 2023K2; the periods do not meet',
    });
    const rows = await currentObservations(database, { series: 'offentlig-forsoergelse', areas: ['151'] });
    const at = (dims: Record<string, string>) => rows.find((r) => same(r.dims, dims));
    expect(rows.every((r) => r.period === '2023K1' && !r.illustrative)).toBe(true);
    // The withheld February cell makes every total with non-Western descendant women withheld ...
    expect(at({ group: 'target' })?.value).toEqual({ kind: 'missing', reason: 'confidential', marker: '..' });
    expect(at({ group: 'target', sex: 'women' })?.value.kind).toBe('missing');
    // ... but not the men's: 2 origins × (20 + 5 + 2 + 1) = 56 full-time persons of 2 × 49 ages × 10 = 980.
    expect(at({ group: 'target', sex: 'men' })).toMatchObject({ numerator: 56, denominator: 980 });
    // "Øvrige" (Danish origin, Western immigrants and descendants): 3 × 2 × 18 = 108 of 3 × 49 × 20 = 2,940.
    expect(at({ group: 'comparison' })).toMatchObject({
      numerator: 108,
      denominator: 2940,
      value: { value: 108 / 2940 },
    });
    // Non-Western immigrants: 2 sexes × 28 = 56 of 49 × 20 = 980.
    expect(at({ group: 'target', originSubgroup: 'immigrants' })).toMatchObject({
      numerator: 56,
      denominator: 980,
    });

    const batches = await listBatches(database);
    const batch = batches.find(
      (b) => b.provenance.note?.endsWith('offentlig-forsoergelse') && b.provenance.table?.includes('/'),
    );
    expect(batch?.provenance.source).toBe('jobindsats');
    expect(batch?.provenance.query).toMatch(
      /^computed from Jobindsats Y01A02, Y36A02, Y38A02, Y35A02 \("Antal fuldtidspersoner", import batches \d+(, \d+){3}\) over Danmarks Statistik FOLK1E \(import batches \d+\); period rule quarter-mean-of-months/,
    );
    expect(batch?.provenance.licence).toMatch(/Jobindsats.*Danmarks Statistik/);

    // The cube gives no number of pupils: single groups as shares without counts (no spread), no sum made up.
    const grades = results.find((r) => r.indicator === 'karakter-skriftlig-dansk-og-matematik');
    expect(grades?.skipped[0]?.reason).toMatch(/no number of pupils for 24\+25, 34\+35/);
    const exam = await currentObservations(database, { series: 'karakter-skriftlig-dansk-og-matematik' });
    const cmp = exam.find((r) => r.period === '2023' && same(r.dims, { group: 'comparison' }));
    expect(cmp?.value).toEqual({ kind: 'number', value: 0.914 });
    expect(cmp?.numerator).toBeUndefined();
    expect(exam.find((r) => r.period === '2023' && same(r.dims, { group: 'target' }))).toBeUndefined();
    expect(exam.find((r) => r.period === '2022' && r.dims.originSubgroup === 'immigrants')?.value.kind).toBe(
      'missing',
    );
    expect(describeCrossSource(support!)).toMatch(
      /^offentlig-forsoergelse computed from Y01A02\+Y36A02\+Y38A02\+Y35A02 \/ FOLK1E: \d+ figures, \d+ new or revised \(import batch \d+\); 1 not computed, e\.g\. 151 2023K2: no FOLK1E population/,
    );
  });

  it('stores nothing new for the same answers twice', async () => {
    const before = (await listBatches(database)).length;
    const results = await refreshAll();
    expect(results.map((r) => r.outcome?.stored)).toEqual([0, 0]);
    expect(results.map((r) => r.outcome?.status)).toEqual(['unchanged', 'unchanged']);
    expect((await listBatches(database)).length).toBe(before);
  });

  it('refuses a Jobindsats answer with an origin label the mapping does not know, naming it, and stores nothing', async () => {
    const before = (await listBatches(database)).length;
    answers.jobindsats.Y35A02 = jobAnswer('Y35A02', [
      ['Ballerup', '2023M01', 'Uoplyst oprindelse', 'Kvinder', '4'],
    ]);
    try {
      const err = await refreshAll().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JobindsatsError);
      expect((err as Error).message).toMatch(
        /Y35A02: 1 problem\(s\), first: row 61: unknown origin "Uoplyst oprindelse"/,
      );
      expect((await listBatches(database)).length).toBe(before);
    } finally {
      answers.jobindsats.Y35A02 = jobAnswer('Y35A02');
    }
  });
});
