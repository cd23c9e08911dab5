// `refresh` against a StatBank stand-in on 127.0.0.1 that answers with real recorded responses; and without a
// network, where it must say so and change nothing.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import { StatbankRequestError, StatbankUnavailableError, statbankClient } from '../sources/statbank/index.ts';
import type { Database } from '../store/database.ts';
import { currentObservations, listBatches } from './observations.ts';
import { refreshFromStatbank, refreshQueries, type RefreshQuery } from './refresh.ts';
import { STATBANK_LICENCE } from './statbank-file.ts';
import { readDefinitionFile } from './strategies.ts';

const fixtures = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  'sources',
  'statbank',
  'fixtures',
);
const responses: Record<string, string> = {
  STRAF42: path.join(fixtures, 'data_straf42_json.response.json'),
  FOLK1E: path.join(fixtures, 'derived', 'folk1e-151-2021K2.jsonstat.json'),
  HFUDD11: path.join(fixtures, 'derived', 'hfudd11-151-084-000-2021.jsonstat.json'),
};
const bundledStrategy = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
  'strategies',
  'ballerup-integrationsstrategi-2021-2023.yaml',
);

let server: Server;
let baseUrl: string;
const requests: { url: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as { table: string };
    requests.push({ url: req.url ?? '', body });
    const file = responses[body.table];
    if (!file) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ errorTypeCode: 'TABLE-NOT-FOUND', message: `Tabellen ${body.table} findes ikke` }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(await readFile(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('refresh queries', () => {
  it('collects the population query and the indicator queries of the bundled strategy', async () => {
    const parsed = await readDefinitionFile(bundledStrategy);
    if (!parsed.ok) throw new Error('bundled strategy does not parse');
    const queries = refreshQueries([parsed.definition]);
    expect(queries.map((q) => q.query.table)).toEqual(['FOLK1E', 'FOLK1E', 'LIGEUB1']);
    expect(queries[0]?.purpose).toMatch(/population/);
  });
});

describe.each(testDatabases)('refresh on $name', ({ open }) => {
  let database: Database;
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => new Date('2026-03-01T08:00:00Z') });
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database.close());

  const queries: RefreshQuery[] = [
    {
      purpose: 'population',
      query: { table: 'FOLK1E', variables: { OMRÅDE: ['151'], HERKOMST: ['*'], Tid: ['2021K2'] } },
    },
    { purpose: 'straf', query: { table: 'STRAF42', variables: { HERKOMST1: ['00'], Tid: ['2023'] } } },
  ];

  it('fetches each query as JSON-stat with codes and stores it with the exact request as provenance', async () => {
    const progress: string[] = [];
    const results = await refreshFromStatbank(ctx(), statbankClient({ baseUrl }), queries, (p) =>
      progress.push(`${p.phase}:${p.done}/${p.total}`),
    );
    expect(results.map((r) => [r.table, r.outcome.stored])).toEqual([
      ['FOLK1E', 6],
      ['STRAF42', 1],
    ]);
    const sent = requests.at(-2)?.body;
    expect(sent).toMatchObject({
      table: 'FOLK1E',
      format: 'JSONSTAT',
      lang: 'da',
      valuePresentation: 'Code',
    });
    expect(sent?.variables).toEqual([
      { code: 'OMRÅDE', values: ['151'] },
      { code: 'HERKOMST', values: ['*'] },
      { code: 'Tid', values: ['2021K2'] },
    ]);
    const batch = (await listBatches(database)).find((b) => b.provenance.table === 'FOLK1E');
    expect(batch?.provenance.query).toContain(`POST ${baseUrl}/data`);
    expect(batch?.provenance.query).toContain('"valuePresentation":"Code"');
    expect(progress).toContain('fetch:0/2');
    expect(progress).toContain('store:2/2');
  });

  it('stores nothing new when nothing changed at the source', async () => {
    const results = await refreshFromStatbank(ctx(), statbankClient({ baseUrl }), queries);
    expect(results.map((r) => r.outcome.status)).toEqual(['unchanged', 'unchanged']);
  });

  it('says the API cannot be reached and changes nothing without a network', async () => {
    const before = (await listBatches(database)).length;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = statbankClient({ baseUrl: `http://127.0.0.1:${port}/v1`, timeoutMs: 2_000 });
    const err = await refreshFromStatbank(ctx(), offline, queries).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatbankUnavailableError);
    expect((err as Error).message).toMatch(
      new RegExp(`cannot reach the StatBank API at http://127\\.0\\.0\\.1:${port}/v1 \\(ECONNREFUSED\\)`),
    );
    expect((await listBatches(database)).length).toBe(before);
  });

  it('stores nothing when a later query fails: every response is fetched first', async () => {
    const before = await currentObservations(database, { series: 'FOLK1E' });
    const err = await refreshFromStatbank(ctx(), statbankClient({ baseUrl }), [
      queries[0] as RefreshQuery,
      { purpose: 'missing', query: { table: 'NOSUCH1', variables: { Tid: ['*'] } } },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatbankRequestError);
    expect((err as Error).message).toMatch(/400.*Tabellen NOSUCH1 findes ikke/);
    expect(await currentObservations(database, { series: 'FOLK1E' })).toEqual(before);
  });

  it('refreshes an HFUDD11 query and names the table and the query in the batch', async () => {
    const query: RefreshQuery = {
      purpose: 'ballerup-integrationsstrategi-2021-2023: ungdomsuddannelse-20-24',
      query: {
        table: 'HFUDD11',
        variables: {
          BOPOMR: ['151', '084', '000'],
          HERKOMST: ['*'],
          HFUDD: ['*'],
          ALDER: ['*'],
          KØN: ['*'],
          Tid: ['*'],
        },
      },
    };
    const results = await refreshFromStatbank(ctx(), statbankClient({ baseUrl }), [query]);
    expect(results.map((r) => [r.table, r.outcome.status, r.outcome.stored])).toEqual([
      ['HFUDD11', 'stored', 36],
    ]);
    const body =
      '{"table":"HFUDD11","format":"JSONSTAT","lang":"da","valuePresentation":"Code","variables":[' +
      '{"code":"BOPOMR","values":["151","084","000"]},{"code":"HERKOMST","values":["*"]},' +
      '{"code":"HFUDD","values":["*"]},{"code":"ALDER","values":["*"]},{"code":"KØN","values":["*"]},' +
      '{"code":"Tid","values":["*"]}]}';
    expect(requests.at(-1)).toEqual({ url: '/v1/data', body: JSON.parse(body) as unknown });
    const batch = (await listBatches(database)).find((b) => b.id === results[0]?.outcome.batchId);
    expect(batch?.provenance).toEqual({
      source: 'statbank',
      table: 'HFUDD11',
      query: `POST ${baseUrl}/data ${body}`,
      retrievedAt: new Date('2026-03-01T08:00:00Z'),
      licence: STATBANK_LICENCE,
      note: 'ballerup-integrationsstrategi-2021-2023: ungdomsuddannelse-20-24',
    });
    const cell = await currentObservations(database, {
      series: 'HFUDD11',
      areas: ['151'],
      periods: ['2021'],
      dims: { HERKOMST: '35', HFUDD: 'H20' },
    });
    expect(cell.map((o) => [o.dims, o.value, o.batchId])).toEqual([
      [
        { HERKOMST: '35', HFUDD: 'H20', ALDER: '20-24', KØN: 'TOT' },
        { kind: 'number', value: 142 },
        results[0]?.outcome.batchId,
      ],
    ]);
  });
});
