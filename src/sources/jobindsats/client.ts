// The Jobindsats API client (STAR, api.jobindsats.dk/v2). The key is sent as the raw `Authorization` header, as
// STAR documents it (no "Bearer"). Every failure becomes a JobindsatsError with its reason; nothing is retried.
import { JobindsatsError } from './errors.ts';
import { checkTableId, dataRequestBody, type JobindsatsQuery } from './query.ts';
import { answerStart, networkReason } from '../http-answers.ts';

export const DEFAULT_JOBINDSATS_URL = 'https://api.jobindsats.dk/v2';

export interface JobindsatsClientOptions {
  /** The key STAR issues on application; requests fail with reason `no-key` without it. */
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly timeoutMs?: number;
  /** Injected for tests that point the client at a local server; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

export interface JobindsatsRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body?: string | undefined;
}

export interface JobindsatsClient {
  readonly baseUrl: string;
  /** The exact request a query becomes: kept as provenance. */
  dataRequest(query: JobindsatsQuery): JobindsatsRequest;
  fetchData(query: JobindsatsQuery): Promise<{ request: JobindsatsRequest; body: Uint8Array }>;
  /** `GET /subjects/json`, parsed; its shape is not documented beyond being JSON, so it is returned as is. */
  subjects(): Promise<unknown>;
  /** `GET /tables`, parsed and returned as is. */
  tables(): Promise<unknown>;
  /** The period codes `GET /tables/{id}/json` names (every string in it shaped like 2023, 2023K1 or 2023M01). */
  periods(table: string): Promise<readonly string[]>;
}

/** The documented answer to a bad or expired key: an object whose one key says so. */
const BAD_KEY_TEXT = /nøgle/i;
const PERIOD_CODE = /^\d{4}([KQ][1-4]|M(0[1-9]|1[0-2]))?$/;

export function jobindsatsClient(options: JobindsatsClientOptions = {}): JobindsatsClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_JOBINDSATS_URL).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;

  const send = async (request: JobindsatsRequest): Promise<Uint8Array> => {
    const key = options.apiKey?.trim();
    if (!key)
      throw new JobindsatsError(
        'no-key',
        'no API key is configured; set JOBINDSATS_API_KEY to the key STAR issued',
      );
    let bytes: Uint8Array;
    let res: Response;
    try {
      res = await doFetch(request.url, {
        method: request.method,
        headers: {
          authorization: key,
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      bytes = new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw new JobindsatsError(
        'unreachable',
        `cannot reach the Jobindsats API at ${baseUrl} (${networkReason(e)})`,
        [],
        undefined,
        { cause: e },
      );
    }
    if (res.status === 401 || res.status === 403)
      throw new JobindsatsError(
        'bad-key',
        `the key was refused (${res.status}); check JOBINDSATS_API_KEY`,
        [],
        res.status,
      );
    if (isBadKeyAnswer(bytes))
      throw new JobindsatsError(
        'bad-key',
        'the key was refused ("Forkert nøgle eller nøglen er udløbet."); check JOBINDSATS_API_KEY',
        [],
        res.status,
      );
    if (!res.ok)
      throw new JobindsatsError(
        'http',
        `answered ${res.status} for ${request.method} ${request.url}: ${answerStart(bytes)}`,
        [],
        res.status,
      );
    return bytes;
  };

  const getJson = async (url: string): Promise<unknown> => {
    const bytes = await send({ method: 'GET', url });
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new JobindsatsError(
        'malformed',
        `GET ${url} did not answer with JSON: ${answerStart(bytes)}`,
        [],
        200,
        {
          cause: e,
        },
      );
    }
  };

  const dataRequest = (query: JobindsatsQuery): JobindsatsRequest => ({
    method: 'POST',
    url: `${baseUrl}/data/${checkTableId(query.table)}/json`,
    body: dataRequestBody(query),
  });

  return {
    baseUrl,
    dataRequest,
    async fetchData(query) {
      const request = dataRequest(query);
      return { request, body: await send(request) };
    },
    subjects: () => getJson(`${baseUrl}/subjects/json`),
    tables: () => getJson(`${baseUrl}/tables`),
    async periods(table) {
      const json = await getJson(`${baseUrl}/tables/${checkTableId(table)}/json`);
      const found = new Set<string>();
      collectPeriods(json, found);
      return [...found].sort();
    },
  };
}

function collectPeriods(value: unknown, found: Set<string>): void {
  if (typeof value === 'string') {
    if (PERIOD_CODE.test(value)) found.add(value);
  } else if (Array.isArray(value)) for (const v of value) collectPeriods(v, found);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) collectPeriods(v, found);
}

function isBadKeyAnswer(bytes: Uint8Array): boolean {
  if (bytes.length > 500) return false;
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
    return (
      json !== null &&
      typeof json === 'object' &&
      !Array.isArray(json) &&
      Object.keys(json).some((k) => BAD_KEY_TEXT.test(k))
    );
  } catch {
    return false;
  }
}
