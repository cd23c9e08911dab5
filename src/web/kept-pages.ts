// Public pages kept for anonymous visitors and how they are served: a route marked `keptForPublic` renders
// through `serve`, which keeps what it rendered for a visitor who is not logged in. A later request for the
// same URL without a session cookie is answered from an early hook, before the session hook and the route run;
// a request with one goes the whole way, so a logged-in user never gets a kept page and a kept page never
// holds a user. Every answer carries an entity tag, and a matching If-None-Match gets a 304.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../service/database.ts';
import { contentGeneration } from '../service/observations.ts';
import { currentViewer } from './auth/context.ts';
import { sessionCookie } from './auth/cookies.ts';
import { etagMatches } from './conditional-get.ts';
import { keptPage, PageCache, type KeptPage } from './page-cache.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's page is the same for every anonymous visitor until the content generation moves. */
    keptForPublic?: boolean;
  }
}

/** Route options for a page kept for the public; its handler must answer through `KeptPages.serve`. */
export const keptForPublic = { config: { keptForPublic: true } } as const;

export interface KeptPages {
  /** Answers with the page for this request: kept when anonymous and kept, else rendered (and kept if anonymous). */
  serve(req: FastifyRequest, reply: FastifyReply, render: () => Promise<string>): Promise<FastifyReply>;
}

const htmlType = 'text/html; charset=utf-8';

export function registerKeptPages(app: FastifyInstance, database: Database): KeptPages {
  const pages = new PageCache();
  // The URL with its query (language, version, area) names the page; the generation says which content.
  const keyOf = async (req: FastifyRequest) => `${req.url}\u0000${await contentGeneration(database)}`;

  // Registered before the session hook: a hit costs no session lookup and no request context.
  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config.keptForPublic !== true) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    if (mayHoldSession(req)) return;
    const page = pages.get(await keyOf(req));
    if (page) return sendKept(req, reply, page);
  });

  return {
    async serve(req, reply, render) {
      if (currentViewer()) return reply.type(htmlType).send(await render());
      const key = await keyOf(req);
      let page = pages.get(key);
      if (!page) {
        page = keptPage(await render());
        pages.set(key, page);
      }
      return sendKept(req, reply, page);
    },
  };
}

/** A session cookie, valid or not, sends the request through the session hook (which may clear it). */
function mayHoldSession(req: FastifyRequest): boolean {
  const header = req.headers.cookie;
  if (header === undefined || header === '') return false;
  return req.server.parseCookie(header)[sessionCookie] !== undefined;
}

function sendKept(req: FastifyRequest, reply: FastifyReply, page: KeptPage): FastifyReply {
  // A shared cache in front must not give this page to a browser with a session cookie.
  reply.header('Vary', 'Cookie');
  reply.header('ETag', page.etag);
  if (etagMatches(req.headers['if-none-match'], page.etag)) return reply.code(304).send();
  return reply.type(htmlType).send(page.body);
}
