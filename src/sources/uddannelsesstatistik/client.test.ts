// The education statistics client against a stand-in on 127.0.0.1 that answers with the fixture files (documented
// shape, not recorded responses): the Bearer header, the exact body of every page, paging and its bound, failures.
import { readFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAreas } from '../areas/index.ts';
import {
  HERKOMST_BREAKDOWN,
  PASSED_DANISH_AND_MATHS,
  UddannelsesstatistikError,
  breakdownsOf,
  measuresOf,
  readUddannelsesstatistikPages,
  uddannelsesstatistikClient,
  uddannelsesstatistikObservations,
  type UddannelsesstatistikQuery,
} from './index.ts';

const fixture = (name: string) =>
  readFile(path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', name));
const KEY = 'udd-key-51c0';

type Handler = (body: Record<string, unknown>, res: ServerResponse) => void | Promise<void>;
let handler: Handler;
const seen: {
  method: string;
  url: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as Record<string, unknown>;
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      body,
    });
    await handler(body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
});

/** Answers page `side` with fixtures/gs-kara-herkomst-side-<side>.json. */
const paged: Handler = async (body, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(await fixture(`gs-kara-herkomst-side-${String(body.side)}.json`));
};
const text =
  (status: number, t: string): Handler =>
  (_body, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(t);
  };

const examQuery: UddannelsesstatistikQuery = {
  field: 'GS',
  topic: 'KARA',
  subtopic: 'FP9',
  share: PASSED_DANISH_AND_MATHS,
  denominator: 'Antal elever',
  area: '[Geografi].[Kommune]',
  origin: HERKOMST_BREAKDOWN,
};

async function failure(p: Promise<unknown>): Promise<UddannelsesstatistikError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UddannelsesstatistikError);
  return e as UddannelsesstatistikError;
}

describe('education statistics client', () => {
  it('posts the documented body with a Bearer key, page after page until an empty page', async () => {
    handler = paged;
    const pages = await uddannelsesstatistikClient({ baseUrl, apiKey: KEY }).fetchAll(examQuery);
    expect(pages).toHaveLength(3);
    expect(seen.map((s) => `${s.method} ${s.url} ${s.authorization}`)).toEqual(
      Array(3).fill(`POST /Api/v1/statistik Bearer ${KEY}`),
    );
    expect(seen.map((s) => s.body)).toEqual(
      [1, 2, 3].map((side) => ({
        område: 'GS',
        emne: 'KARA',
        underemne: 'FP9',
        nøgletal: [PASSED_DANISH_AND_MATHS, 'Antal elever'],
        detaljering: ['[Skoleår].[Skoleår]', '[Geografi].[Kommune]', '[Herkomst].[Herkomst]'],
        indlejret: false,
        tomme_rækker: false,
        formattering: 'json',
        side,
      })),
    );
    expect(pages[0]?.request.url).toBe(`${baseUrl}/Api/v1/statistik`);
    expect(Object.keys(JSON.parse(pages[0]?.request.body ?? ''))).toEqual([
      'område',
      'emne',
      'underemne',
      'nøgletal',
      'detaljering',
      'indlejret',
      'tomme_rækker',
      'formattering',
      'side',
    ]);

    const rows = readUddannelsesstatistikPages(
      pages.map((p) => p.body),
      [...breakdownsOf(examQuery), ...measuresOf(examQuery)],
    );
    const obs = uddannelsesstatistikObservations(rows, examQuery, await loadAreas({ withProfiles: false }));
    expect(obs).toHaveLength(6);
    expect(obs[1]).toEqual({
      series: 'GS/KARA/FP9',
      area: '151',
      period: '2023',
      dims: { HERKOMST: '24+25' },
      value: { kind: 'number', value: 0.789 },
      denominator: 57,
      unit: 'share',
      status: 'final',
      illustrative: false,
    });
    expect(obs[4]).toMatchObject({
      period: '2022',
      dims: { HERKOMST: '24+25' },
      value: { kind: 'missing', reason: 'not-available', marker: '' },
    });
    expect(obs[4]?.denominator).toBeUndefined();
  });

  it('refuses an answer that never ends, after the page limit', async () => {
    handler = async (_body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(await fixture('gs-kara-herkomst-side-2.json'));
    };
    const e = await failure(
      uddannelsesstatistikClient({ baseUrl, apiKey: KEY, maxPages: 4 }).fetchAll(examQuery),
    );
    expect(e.reason).toBe('too-many-pages');
    expect(seen).toHaveLength(4);
  });

  it('refuses to send anything without a key', async () => {
    handler = paged;
    expect((await failure(uddannelsesstatistikClient({ baseUrl }).fetchAll(examQuery))).reason).toBe(
      'no-key',
    );
    expect(seen).toHaveLength(0);
  });

  it('says the key was refused on 401 and 403', async () => {
    for (const status of [401, 403]) {
      handler = text(status, '{"message":"Unauthorized"}');
      const e = await failure(uddannelsesstatistikClient({ baseUrl, apiKey: 'old' }).fetchAll(examQuery));
      expect(e.reason).toBe('bad-key');
      expect(e.message).toMatch(/UDDANNELSESSTATISTIK_API_KEY/);
    }
    expect(seen.every((s) => s.authorization === 'Bearer old')).toBe(true);
  });

  it('says the API cannot be reached when nothing listens on the port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = await failure(
      uddannelsesstatistikClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: KEY }).fetchAll(examQuery),
    );
    expect(e.reason).toBe('unreachable');
    expect(e.message).toMatch(`at http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('gives up after the time limit', async () => {
    handler = () => undefined;
    const e = await failure(
      uddannelsesstatistikClient({ baseUrl, apiKey: KEY, timeoutMs: 200 }).fetchAll(examQuery),
    );
    expect(e.reason).toBe('unreachable');
    expect(e.message).toMatch(/no answer within the time limit/);
  });

  it('reports another error status, and pages that are not a JSON list', async () => {
    handler = text(500, 'Internal Server Error');
    expect(
      (await failure(uddannelsesstatistikClient({ baseUrl, apiKey: KEY }).fetchAll(examQuery))).reason,
    ).toBe('http');
    for (const body of ['<html></html>', '{"rows":[]}', '[{"a":1}', '']) {
      handler = text(200, body);
      const e = await failure(uddannelsesstatistikClient({ baseUrl, apiKey: KEY }).fetchAll(examQuery));
      expect(e.reason).toBe('malformed');
    }
  });

  it('refuses a query with a cube code or breakdown of the wrong form before any request', async () => {
    const client = uddannelsesstatistikClient({ baseUrl, apiKey: KEY });
    for (const q of [
      { ...examQuery, subtopic: '../x' },
      { ...examQuery, field: '' },
      { ...examQuery, origin: 'Herkomst' },
      { ...examQuery, breakdowns: [HERKOMST_BREAKDOWN] },
      { ...examQuery, denominator: PASSED_DANISH_AND_MATHS },
    ])
      expect((await failure(client.fetchAll(q))).reason).toBe('bad-query');
    expect(seen).toHaveLength(0);
  });
});
