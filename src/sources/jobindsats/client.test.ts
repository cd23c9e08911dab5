// The Jobindsats client against a stand-in on 127.0.0.1 that answers with the fixture files (documented shape,
// not recorded responses): the raw key header, the exact POST body, and every failure with its reason.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAreas } from '../areas/index.ts';
import {
  JobindsatsError,
  jobindsatsClient,
  jobindsatsObservations,
  readJobindsatsAnswer,
  type JobindsatsQuery,
} from './index.ts';

const fixture = (name: string) =>
  readFile(path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', name));
const KEY = 'test-key-8d1f';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void | Promise<void>;
let handler: Handler;
const seen: { method: string; url: string; authorization: string | undefined; body: string }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      body,
    });
    await handler(req, body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v2`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
});

const answer = (status: number, file: string, type = 'application/json; charset=utf-8'): Handler => {
  return async (_req, _body, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(await fixture(file));
  };
};
const answerText = (status: number, text: string): Handler => {
  return (_req, _body, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  };
};

const query: JobindsatsQuery = {
  table: 'Y36A02',
  area: 'Ballerup',
  periods: ['2023M01'],
  filters: {
    _kon: ['Kvinder'],
    _oprinda: ['Personer med dansk oprindelse', 'Indvandrere fra ikke-vestlige lande'],
  },
  measures: [{ label: 'Antal berørte personer' }, { label: 'Fuldtidspersoner' }],
};

async function reason(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(JobindsatsError);
  return (e as JobindsatsError).reason;
}

describe('jobindsats client', () => {
  it('posts the documented body to /data/{id}/json with the raw key and reads the answer into observations', async () => {
    handler = answer(200, 'data-y36a02.json');
    const client = jobindsatsClient({ baseUrl, apiKey: KEY });
    const { request, body } = await client.fetchData(query);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url).toBe('/v2/data/Y36A02/json');
    expect(seen[0]?.authorization).toBe(KEY);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      area: 'Ballerup',
      period: ['2023M01'],
      _kon: ['Kvinder'],
      _oprinda: ['Personer med dansk oprindelse', 'Indvandrere fra ikke-vestlige lande'],
    });
    expect(request).toEqual({ method: 'POST', url: `${baseUrl}/data/Y36A02/json`, body: seen[0]?.body });
    expect(Buffer.from(body).equals(await fixture('data-y36a02.json'))).toBe(true);

    const observations = jobindsatsObservations(
      readJobindsatsAnswer(body),
      query,
      await loadAreas({ withProfiles: false }),
    );
    expect(observations).toHaveLength(8);
    expect(observations[1]).toEqual({
      series: 'Y36A02',
      area: '151',
      period: '2023M01',
      dims: { HERKOMST: '1', KØN: 'Kvinder', MÅL: 'Fuldtidspersoner' },
      value: { kind: 'number', value: 287.4 },
      unit: 'count',
      status: 'final',
      illustrative: false,
    });
    expect(
      observations.find((o) => o.area === '000' && o.dims.MÅL === 'Antal berørte personer')?.value,
    ).toEqual({ kind: 'number', value: 41206 });
    expect(observations.find((o) => o.dims.HERKOMST === '35')?.value).toEqual({
      kind: 'missing',
      reason: 'confidential',
      marker: '..',
    });
  });

  it('reads subjects and tables as JSON and the periods of a table, sending the key each time', async () => {
    const files: Record<string, string> = {
      '/v2/subjects/json': 'subjects.json',
      '/v2/tables': 'tables.json',
      '/v2/tables/Y36A02/json': 'table-y36a02.json',
    };
    handler = async (req, body, res) => answer(200, files[req.url ?? ''] ?? 'missing')(req, body, res);
    const client = jobindsatsClient({ baseUrl: `${baseUrl}/`, apiKey: KEY });
    expect(await client.subjects()).toEqual(JSON.parse((await fixture('subjects.json')).toString()));
    expect(await client.tables()).toEqual(JSON.parse((await fixture('tables.json')).toString()));
    expect(await client.periods('Y36A02')).toEqual(['2022M11', '2022M12', '2023M01']);
    expect(seen.map((s) => `${s.method} ${s.url} ${s.authorization}`)).toEqual([
      `GET /v2/subjects/json ${KEY}`,
      `GET /v2/tables ${KEY}`,
      `GET /v2/tables/Y36A02/json ${KEY}`,
    ]);
  });

  it('refuses to send anything without a key', async () => {
    handler = answer(200, 'data-y36a02.json');
    expect(await reason(jobindsatsClient({ baseUrl }).fetchData(query))).toBe('no-key');
    expect(await reason(jobindsatsClient({ baseUrl, apiKey: '  ' }).subjects())).toBe('no-key');
    expect(seen).toHaveLength(0);
  });

  it('recognises the documented bad-key answer, with 200 or an error status, and 401/403', async () => {
    const client = jobindsatsClient({ baseUrl, apiKey: 'expired' });
    for (const status of [200, 400, 401]) {
      handler = answer(status, 'bad-key.json');
      const e = await client.fetchData(query).catch((err: unknown) => err);
      expect((e as JobindsatsError).reason).toBe('bad-key');
      expect((e as Error).message).toMatch(/JOBINDSATS_API_KEY/);
    }
    handler = answerText(403, '');
    expect(await reason(client.tables())).toBe('bad-key');
    expect(seen.every((s) => s.authorization === 'expired')).toBe(true);
  });

  it('says the API cannot be reached when nothing listens on the port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = await jobindsatsClient({ baseUrl: `http://127.0.0.1:${port}/v2`, apiKey: KEY })
      .fetchData(query)
      .catch((err: unknown) => err);
    expect((e as JobindsatsError).reason).toBe('unreachable');
    expect((e as Error).message).toMatch(
      `cannot reach the Jobindsats API at http://127.0.0.1:${port}/v2 (ECONNREFUSED)`,
    );
  });

  it('gives up after the time limit', async () => {
    handler = () => undefined; // never answers
    const e = await jobindsatsClient({ baseUrl, apiKey: KEY, timeoutMs: 200 })
      .fetchData(query)
      .catch((err: unknown) => err);
    expect((e as JobindsatsError).reason).toBe('unreachable');
    expect((e as Error).message).toMatch(/no answer within the time limit/);
  });

  it('reports another error status with the start of the body', async () => {
    handler = answerText(500, '{"Message":"An error has occurred."}');
    const e = await jobindsatsClient({ baseUrl, apiKey: KEY })
      .fetchData(query)
      .catch((err: unknown) => err);
    expect((e as JobindsatsError).reason).toBe('http');
    expect((e as JobindsatsError).status).toBe(500);
    expect((e as Error).message).toMatch(/500.*An error has occurred/);
  });

  it('refuses a catalogue answer that is not JSON', async () => {
    handler = answerText(200, '<html>maintenance</html>');
    expect(await reason(jobindsatsClient({ baseUrl, apiKey: KEY }).subjects())).toBe('malformed');
  });

  it('refuses a table id that is not letters and digits before any request', async () => {
    handler = answer(200, 'data-y36a02.json');
    const client = jobindsatsClient({ baseUrl, apiKey: KEY });
    for (const table of ['../tables', 'Y36A02?x=1', 'Y36 A02', '', 'Y36A02/json'])
      expect(await reason(client.fetchData({ ...query, table }))).toBe('bad-table-id');
    expect(await reason(client.periods('Y36A02/../x'))).toBe('bad-table-id');
    expect(seen).toHaveLength(0);
  });

  it('refuses a query that cannot be sent as declared', async () => {
    const client = jobindsatsClient({ baseUrl, apiKey: KEY });
    expect(() => client.dataRequest({ ...query, periods: [] })).toThrow(/no periods/);
    expect(() => client.dataRequest({ ...query, measures: [] })).toThrow(/no measure/);
    expect(() => client.dataRequest({ ...query, filters: { kon: ['Kvinder'] } })).toThrow(/_kon or _oprinda/);
    expect(() => client.dataRequest({ ...query, filters: { _kon: [] } })).toThrow(/no values/);
    expect(seen).toHaveLength(0);
  });
});
