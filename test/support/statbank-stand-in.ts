// A StatBank stand-in on 127.0.0.1: answers `POST /v1/tableinfo` and `POST /v1/data` (JSONSTAT, CSV, BULK) for the
// tables it is given, computed from the request as StatBank would (every code of a `*`, the codes asked for
// otherwise, an unknown code or table refused with StatBank's kind of error, more than 1,000,000 cells refused
// outside BULK). The answers' shapes are those of test/support/statbank-answers.ts.
import { createServer, type Server, type ServerResponse } from 'node:http';
import {
  csvAnswer,
  jsonStatAnswer,
  selection,
  selectionCells,
  StandInRefusal,
  tableInfoAnswer,
  type TableSpec,
} from './statbank-answers.ts';

export interface StatbankStandIn {
  readonly baseUrl: string;
  /** Every request, as path and parsed body. */
  readonly requests: { path: string; body: Record<string, unknown> }[];
  /** The tables it serves; replace one to change what later requests get. */
  readonly tables: Map<string, TableSpec>;
  close(): Promise<void>;
}

/** StatBank's cap on the cells of an answer in any format but BULK. */
export const STANDIN_MAX_CELLS = 1_000_000;

export interface StandInOptions {
  /** Keep each data answer by its request and send it again as bytes (the bench: no generating in the timing). */
  readonly cache?: boolean;
  /**
   * Runs before each request is answered: it may wait (to hold the request) and may answer or drop it itself,
   * returning true, or return false to let the stand-in answer.
   */
  readonly intercept?: (path: string, table: string, res: ServerResponse) => Promise<boolean>;
}

export async function startStatbankStandIn(
  specs: readonly TableSpec[],
  options: StandInOptions = {},
): Promise<StatbankStandIn> {
  const kept = new Map<string, { type: string; bytes: Buffer }>();
  const tables = new Map(specs.map((s) => [s.id.toUpperCase(), s]));
  const requests: StatbankStandIn['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const refuse = (message: string, code = 'ERROR') => {
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ errorTypeCode: code, message }));
    };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return refuse('Forespørgslen kunne ikke læses');
    }
    const path = req.url ?? '';
    requests.push({ path, body });
    const again = options.cache ? kept.get(`${path} ${raw}`) : undefined;
    if (again) {
      res.writeHead(200, { 'content-type': again.type });
      return res.end(again.bytes);
    }
    if (options.intercept && (await options.intercept(path, String(body.table), res))) return;
    const spec = tables.get(String(body.table).toUpperCase());
    if (!spec) return refuse(`Tabellen ${String(body.table)} findes ikke`, 'TABLE-NOT-FOUND');
    if (path === '/v1/tableinfo') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(tableInfoAnswer(spec));
    }
    if (path !== '/v1/data') return refuse(`${path} findes ikke`);
    let sel;
    try {
      sel = selection(spec, (body.variables ?? []) as { code: string; values: string[] }[]);
    } catch (e) {
      if (e instanceof StandInRefusal) return refuse(e.message);
      throw e;
    }
    const format = String(body.format).toUpperCase();
    if (format !== 'BULK' && selectionCells(sel) > STANDIN_MAX_CELLS)
      return refuse(
        `Forespørgslen giver ${selectionCells(sel)} celler; højst ${STANDIN_MAX_CELLS} kan hentes i dette format. Brug BULK.`,
        'EXTRACT-TOO-LARGE',
      );
    if (format === 'JSONSTAT') {
      const answer = jsonStatAnswer(spec, sel);
      if (options.cache)
        kept.set(`${path} ${raw}`, { type: 'application/json; charset=utf-8', bytes: Buffer.from(answer) });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(answer);
    }
    if (format !== 'CSV' && format !== 'BULK') return refuse(`Formatet ${format} kendes ikke`);
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
    const parts: Buffer[] = [];
    for (const chunk of csvAnswer(spec, sel)) {
      if (options.cache) parts.push(Buffer.from(chunk));
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', () => resolve()));
    }
    res.end();
    if (options.cache)
      kept.set(`${path} ${raw}`, { type: 'text/csv; charset=utf-8', bytes: Buffer.concat(parts) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    tables,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
