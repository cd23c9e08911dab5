// `pejlemaerke refresh` in-process against stand-ins on 127.0.0.1 for StatBank, Jobindsats and the education
// statistics API, answering with the connectors' fixture files: a missing key skips its source, a refused key
// stores nothing from any source, and every source's figures are stored with their own provenance.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/support/app.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { listBatches } from '../service/observations.ts';
import { openDatabase } from '../store/database.ts';
import { exitCodes } from './exit-codes.ts';
import { runMainText } from '../../test/support/cli.ts';

const sources = path.join(repoRoot, 'src', 'sources');
const JOB_KEY = 'job-key-51c9';
const UDD_KEY = 'udd-key-77ae';

/** Every request the stand-ins received, as `source method path`. */
const received: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = req.url ?? '';
    const json = (status: number, body: Buffer | string) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    };
    if (url === '/statbank/v1/data') {
      received.push(`statbank ${req.method} ${url}`);
      const file = path.join(sources, 'statbank', 'fixtures', 'derived', 'folk1e-151-2021K2.jsonstat.json');
      return json(200, await readFile(file));
    }
    const job = /^\/jobindsats\/v2\/data\/([A-Za-z0-9]+)\/json$/.exec(url);
    if (job) {
      received.push(`jobindsats ${req.method} ${url}`);
      // STAR documents a bad key as this answer, sent with status 200.
      const file = req.headers.authorization === JOB_KEY ? 'data-y36a02.json' : 'bad-key.json';
      return json(200, await readFile(path.join(sources, 'jobindsats', 'fixtures', file)));
    }
    if (url === '/udd/Api/v1/statistik') {
      received.push(`uddannelsesstatistik ${req.method} ${url}`);
      if (req.headers.authorization !== `Bearer ${UDD_KEY}`) return json(401, '');
      const { side } = JSON.parse(raw) as { side: number };
      const file = path.join(
        sources,
        'uddannelsesstatistik',
        'fixtures',
        `gs-kara-herkomst-side-${side}.json`,
      );
      return json(200, await readFile(file));
    }
    json(404, '{"message":"not here"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const run = runMainText;

/**
 * The minimal definition with a population query and one query for each keyed source; `combined` makes its
 * indicator a share computed from the Jobindsats answer over FOLK1E.
 */
async function definitionFile(combined = false): Promise<string> {
  const minimal = await readFile(
    path.join(repoRoot, 'test', 'fixtures', 'strategies', 'minimal.yaml'),
    'utf8',
  );
  const countries = '    statelessAreNonWestern: true\n';
  const source = '          kind: file\n          publisher: Kommunen\n';
  expect(minimal).toContain(countries);
  expect(minimal).toContain(source);
  const text = minimal
    .replace(
      countries,
      `${countries}  populationQuery:
    table: FOLK1E
    variables:
      OMRÅDE: ["151"]
      HERKOMST: ["*"]
      Tid: ["2021K2"]
`,
    )
    .replace(
      source,
      `${source}          jobindsats:
            - table: Y36A02
              area: Ballerup
              periods: ["2023M01"]
              filters:
                _kon: [Kvinder]
                _oprinda: [Personer med dansk oprindelse, Indvandrere fra ikke-vestlige lande]
              measures:
                - label: Antal berørte personer
                - label: Fuldtidspersoner
          uddannelsesstatistik:
            - field: GS
              topic: KARA
              subtopic: FP9
              share: Andel elever med mindst 2 i dansk og matematik
              denominator: Antal elever
              area: "[Geografi].[Kommune]"
              origin: "[Herkomst].[Herkomst]"
`,
    );
  const combine = `          combine:
            kind: counts-over-population
            numerator: { jobindsats: [Y36A02], measure: Fuldtidspersoner }
            denominator:
              statbank: { table: FOLK1E, variables: { OMRÅDE: ["151"], HERKOMST: ["*"], Tid: ["2021K2"] } }
              origin: HERKOMST
            periods: quarter-mean-of-months
`;
  const final = combined
    ? text
        .replace(
          '        kind: level\n',
          '        kind: gap\n        comparisonGroup: { label: øvrige, basis: others }\n        gapMeasure: ratio\n',
        )
        .replace('        frequency: year\n', '        frequency: quarter\n')
        .replace('          uddannelsesstatistik:\n', `${combine}          uddannelsesstatistik:\n`)
    : text;
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'refresh-')), 'definition.yaml');
  await writeFile(file, final);
  return file;
}

/** A fresh database with the definition loaded, and the environment that points every source at the stand-ins. */
async function prepared(keys: { job?: string; udd?: string }, combined = false) {
  const url = await createServerDatabase();
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: url,
    STATBANK_URL: `${base}/statbank/v1`,
    JOBINDSATS_BASE_URL: `${base}/jobindsats/v2`,
    UDDANNELSESSTATISTIK_BASE_URL: `${base}/udd`,
    ...(keys.job && { JOBINDSATS_API_KEY: keys.job }),
    ...(keys.udd && { UDDANNELSESSTATISTIK_API_KEY: keys.udd }),
  };
  const load = await run(['strategy', 'load', await definitionFile(combined)], env);
  expect(load.code).toBe(exitCodes.ok);
  received.length = 0;
  return {
    env,
    async batches() {
      const database = await openDatabase({ url });
      try {
        return await listBatches(database);
      } finally {
        await database.close();
      }
    },
  };
}

describe('pejlemaerke refresh from every source', () => {
  it('stores the figures of all three sources, each with its provenance, and nothing new the second time', async () => {
    const db = await prepared({ job: JOB_KEY, udd: UDD_KEY });
    const r = await run(['refresh'], db.env);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.out).toMatch(/^FOLK1E \(eksempel-minimal: population\): 6 figures, 6 new or revised/m);
    expect(r.out).toMatch(/^Y36A02 \(eksempel-minimal: andel\): 8 figures, 8 new or revised/m);
    expect(r.out).toMatch(/^GS\/KARA\/FP9 \(eksempel-minimal: andel\): 6 figures, 6 new or revised/m);
    // plain progress lines when the output is not a terminal, the keyed sources fetched first
    expect(r.err.split('\n')[0]).toBe('[0/6] Jobindsats: eksempel-minimal: andel');

    const byTable = new Map((await db.batches()).map((b) => [b.provenance.table, b.provenance]));
    expect(byTable.get('Y36A02')).toMatchObject({
      source: 'jobindsats',
      query: expect.stringContaining(`POST ${base}/jobindsats/v2/data/Y36A02/json {"area":"Ballerup"`),
      licence: expect.stringContaining('Jobindsats.dk'),
    });
    expect(byTable.get('GS/KARA/FP9')).toMatchObject({
      source: 'uddannelsesstatistik',
      query: expect.stringContaining(`POST ${base}/udd/Api/v1/statistik`),
      licence: expect.stringContaining('uddannelsesstatistik.dk'),
    });
    expect(byTable.get('FOLK1E')?.source).toBe('statbank');

    const again = await run(['refresh'], db.env);
    expect(again.code).toBe(exitCodes.ok);
    expect(again.out.split('\n').every((l) => l.includes(' 0 new or revised'))).toBe(true);
    expect(await db.batches()).toHaveLength(3);
  });

  it('computes a share across sources after storing, and says which quarters it could not compute', async () => {
    const db = await prepared({ job: JOB_KEY, udd: UDD_KEY }, true);
    const r = await run(['refresh'], db.env);
    expect(r.code).toBe(exitCodes.ok);
    // Jobindsats answers January 2023 only (Ballerup and the country), FOLK1E 2021K2 only: nothing meets.
    expect(r.out).toMatch(
      /^andel computed from Y36A02 \/ FOLK1E: no figures; 3 not computed, e\.g\. 000 2023K1: no FOLK1E population for 2023K1; the periods do not meet$/m,
    );
    expect((await db.batches()).map((b) => b.provenance.table).sort()).toEqual([
      'FOLK1E',
      'GS/KARA/FP9',
      'Y36A02',
    ]);
  });

  it('skips a keyed source whose key is not set, says so, and runs the others', async () => {
    const db = await prepared({ udd: UDD_KEY });
    const r = await run(['refresh'], db.env);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.err).toContain('Jobindsats: JOBINDSATS_API_KEY is not set; skipped 1 query');
    expect(received.some((x) => x.startsWith('jobindsats'))).toBe(false);
    expect((await db.batches()).map((b) => b.provenance.source).sort()).toEqual([
      'statbank',
      'uddannelsesstatistik',
    ]);
  });

  it('refuses a bad Jobindsats key, naming the source and the variable, and stores nothing from any source', async () => {
    const db = await prepared({ job: 'expired-key', udd: UDD_KEY });
    const r = await run(['refresh'], db.env);
    expect(r.code).toBe(exitCodes.environment);
    expect(r.err).toMatch(
      /error: jobindsats: the key was refused .*; check JOBINDSATS_API_KEY; no figures were changed/,
    );
    expect(received.some((x) => x.startsWith('jobindsats'))).toBe(true);
    expect(await db.batches()).toEqual([]);
  });

  it('refuses a bad education statistics key the same way', async () => {
    const db = await prepared({ job: JOB_KEY, udd: 'wrong' });
    const r = await run(['refresh'], db.env);
    expect(r.code).toBe(exitCodes.environment);
    expect(r.err).toMatch(
      /uddannelsesstatistik: the key was refused \(401\); check UDDANNELSESSTATISTIK_API_KEY/,
    );
    expect(await db.batches()).toEqual([]);
  });
});

describe('pejlemaerke refresh --source', () => {
  it('runs only the sources named, repeated or separated by commas', async () => {
    const db = await prepared({ job: JOB_KEY, udd: UDD_KEY });
    const only = await run(['refresh', '--source', 'jobindsats'], db.env);
    expect(only.code).toBe(exitCodes.ok);
    expect(received.every((x) => x.startsWith('jobindsats'))).toBe(true);
    expect((await db.batches()).map((b) => b.provenance.source)).toEqual(['jobindsats']);

    const two = await run(['refresh', '--source', 'statbank,uddannelsesstatistik'], db.env);
    expect(two.code).toBe(exitCodes.ok);
    const repeated = await run(['refresh', '--source', 'statbank', '--source', 'jobindsats'], db.env);
    expect(repeated.code).toBe(exitCodes.ok);
    expect((await db.batches()).map((b) => b.provenance.source).sort()).toEqual([
      'jobindsats',
      'statbank',
      'uddannelsesstatistik',
    ]);
  });

  it('refuses a source it does not know as a usage error', async () => {
    const r = await run(['refresh', '--source', 'statbank,dst'], {});
    expect(r.code).toBe(exitCodes.usage);
    expect(r.err).toMatch(/"dst" is not a source; expected statbank, jobindsats, uddannelsesstatistik/);
  });

  it('refuses a source named without its key, before anything is fetched', async () => {
    const db = await prepared({ udd: UDD_KEY });
    const r = await run(['refresh', '--source', 'jobindsats,statbank'], db.env);
    expect(r.code).toBe(exitCodes.environment);
    expect(r.err).toMatch(
      /error: Jobindsats: JOBINDSATS_API_KEY is not set; set it, or leave out --source jobindsats/,
    );
    expect(received).toEqual([]);
    expect(await db.batches()).toEqual([]);
  });
});
