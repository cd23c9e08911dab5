// The StatBank API client (api.statbank.dk/v1, no key): tableinfo and data requests. Network errors become one
// clear error that says the API cannot be reached, so a refresh without a network changes nothing.
import type { StatbankQuery } from '../../domain/strategy/schema.ts';
import { networkReason } from '../http-answers.ts';

export const DEFAULT_STATBANK_URL = 'https://api.statbank.dk/v1';

export class StatbankUnavailableError extends Error {
  override readonly name = 'StatbankUnavailableError';
}

/** The API answered, but with an error (an unknown table or code, a too-large request). */
export class StatbankRequestError extends Error {
  override readonly name = 'StatbankRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface StatbankClientOptions {
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
  /** Injected for tests that point the client at a local server; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

export interface StatbankRequest {
  readonly url: string;
  readonly body: string;
}

export interface StatbankClient {
  readonly baseUrl: string;
  /** The exact request a query becomes: kept as provenance. */
  dataRequest(query: StatbankQuery, format: 'JSONSTAT' | 'CSV' | 'BULK'): StatbankRequest;
  fetchData(
    query: StatbankQuery,
    format: 'JSONSTAT' | 'CSV' | 'BULK',
  ): Promise<{ request: StatbankRequest; body: Uint8Array }>;
  fetchTableInfo(table: string): Promise<Uint8Array>;
  /**
   * The answer's body as it arrives, for a BULK answer of millions of rows: the caller writes it where it likes
   * (refresh: a temporary file) rather than holding it. The status is checked before the body is given.
   */
  fetchDataStream(
    query: StatbankQuery,
    format: 'JSONSTAT' | 'CSV' | 'BULK',
  ): Promise<{ request: StatbankRequest; body: AsyncIterable<Uint8Array> }>;
}

export function statbankClient(options: StatbankClientOptions = {}): StatbankClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_STATBANK_URL).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;

  const post = async (url: string, body: string): Promise<Uint8Array> =>
    new Uint8Array(await (await respond(url, body)).arrayBuffer());

  /** The answer, its status checked: an error status becomes StatbankRequestError with the API's message. */
  const respond = async (url: string, body: string): Promise<Response> => {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: '*/*' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new StatbankUnavailableError(
        `cannot reach the StatBank API at ${baseUrl} (${networkReason(e)})`,
        { cause: e },
      );
    }
    if (!res.ok) {
      const bytes = new Uint8Array(await res.arrayBuffer());
      const text = new TextDecoder().decode(bytes.subarray(0, 2000));
      throw new StatbankRequestError(
        `StatBank answered ${res.status} for ${url}: ${apiMessage(text)}`,
        res.status,
      );
    }
    return res;
  };

  const dataRequest = (query: StatbankQuery, format: 'JSONSTAT' | 'CSV' | 'BULK'): StatbankRequest => ({
    url: `${baseUrl}/data`,
    body: JSON.stringify({
      table: query.table,
      format,
      lang: 'da',
      // Codes, not labels: labels change and are language-dependent; observations key on codes.
      valuePresentation: 'Code',
      variables: Object.entries(query.variables).map(([code, values]) => ({ code, values })),
    }),
  });

  return {
    baseUrl,
    dataRequest,
    async fetchData(query, format) {
      const request = dataRequest(query, format);
      return { request, body: await post(request.url, request.body) };
    },
    async fetchDataStream(query, format) {
      const request = dataRequest(query, format);
      const res = await respond(request.url, request.body);
      const stream = res.body;
      const body = (async function* () {
        if (!stream) return;
        try {
          for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) yield chunk;
        } catch (e) {
          throw new StatbankUnavailableError(
            `the StatBank API at ${baseUrl} stopped sending its answer (${networkReason(e)})`,
            { cause: e },
          );
        }
      })();
      return { request, body };
    },
    fetchTableInfo(table) {
      return post(`${baseUrl}/tableinfo`, JSON.stringify({ table, format: 'JSON', lang: 'da' }));
    },
  };
}

function apiMessage(text: string): string {
  try {
    const j = JSON.parse(text) as { message?: unknown };
    if (typeof j.message === 'string') return j.message;
  } catch {
    // not JSON: show the start of the body
  }
  return text.slice(0, 200) || '(empty body)';
}
