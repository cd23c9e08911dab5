// The client of the education ministry's statistics API (api.uddannelsesstatistik.dk, Bearer key). A query is
// answered in pages: `side` 1, 2, … until a page holds no rows, with a bound so a server that never ends cannot
// keep a refresh running. Every failure becomes an UddannelsesstatistikError with its reason.
import { UddannelsesstatistikError } from './errors.ts';
import { requestBody, type UddannelsesstatistikQuery } from './query.ts';
import { answerStart, networkReason } from '../http-answers.ts';

export const DEFAULT_UDDANNELSESSTATISTIK_URL = 'https://api.uddannelsesstatistik.dk';
const STATISTICS_PATH = '/Api/v1/statistik';
export const DEFAULT_MAX_PAGES = 200;

export interface UddannelsesstatistikClientOptions {
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly timeoutMs?: number;
  /** Pages read before giving up with reason `too-many-pages`. */
  readonly maxPages?: number;
  /** Injected for tests that point the client at a local server; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

export interface UddannelsesstatistikRequest {
  readonly url: string;
  readonly body: string;
}

export interface UddannelsesstatistikPage {
  readonly request: UddannelsesstatistikRequest;
  readonly body: Uint8Array;
}

export interface UddannelsesstatistikClient {
  readonly baseUrl: string;
  /** The exact request of one page: kept as provenance. */
  pageRequest(query: UddannelsesstatistikQuery, page: number): UddannelsesstatistikRequest;
  /** Every page of a query, the closing empty one included, in order. */
  fetchAll(query: UddannelsesstatistikQuery): Promise<readonly UddannelsesstatistikPage[]>;
}

export function uddannelsesstatistikClient(
  options: UddannelsesstatistikClientOptions = {},
): UddannelsesstatistikClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_UDDANNELSESSTATISTIK_URL).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;

  const post = async (request: UddannelsesstatistikRequest, key: string): Promise<Uint8Array> => {
    let res: Response;
    let bytes: Uint8Array;
    try {
      res = await doFetch(request.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      bytes = new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw new UddannelsesstatistikError(
        'unreachable',
        `cannot reach the education statistics API at ${baseUrl} (${networkReason(e)})`,
        [],
        undefined,
        { cause: e },
      );
    }
    if (res.status === 401 || res.status === 403)
      throw new UddannelsesstatistikError(
        'bad-key',
        `the key was refused (${res.status}); check UDDANNELSESSTATISTIK_API_KEY`,
        [],
        res.status,
      );
    if (!res.ok)
      throw new UddannelsesstatistikError(
        'http',
        `answered ${res.status} for POST ${request.url}: ${answerStart(bytes)}`,
        [],
        res.status,
      );
    return bytes;
  };

  const pageRequest = (query: UddannelsesstatistikQuery, page: number): UddannelsesstatistikRequest => ({
    url: `${baseUrl}${STATISTICS_PATH}`,
    body: requestBody(query, page),
  });

  return {
    baseUrl,
    pageRequest,
    async fetchAll(query) {
      const key = options.apiKey?.trim();
      pageRequest(query, 1); // a query that cannot be sent is refused before the key is asked for
      if (!key)
        throw new UddannelsesstatistikError(
          'no-key',
          'no API key is configured; set UDDANNELSESSTATISTIK_API_KEY',
        );
      const pages: UddannelsesstatistikPage[] = [];
      for (let side = 1; side <= maxPages; side++) {
        const request = pageRequest(query, side);
        const body = await post(request, key);
        pages.push({ request, body });
        if (isEmptyPage(body, side)) return pages;
      }
      throw new UddannelsesstatistikError(
        'too-many-pages',
        `no empty page after ${maxPages} pages; the answer is refused rather than cut short`,
      );
    },
  };
}

/** An empty list ends the paging; a page that is not a JSON list is malformed. */
function isEmptyPage(bytes: Uint8Array, side: number): boolean {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UddannelsesstatistikError(
      'malformed',
      `page ${side} is not JSON (${e instanceof Error ? e.message : String(e)}): ${answerStart(bytes)}`,
      [],
      200,
      { cause: e },
    );
  }
  if (!Array.isArray(json))
    throw new UddannelsesstatistikError(
      'malformed',
      `page ${side} is not a list of rows: ${answerStart(bytes)}`,
    );
  return json.length === 0;
}
