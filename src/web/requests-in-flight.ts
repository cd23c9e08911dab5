// How many requests the app is answering, so background work (the bundled dataset's load) can wait for a
// moment when no page is waiting for the embedded database's one connection.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

export interface RequestsInFlight {
  /** Resolves when no request is being answered, or after `atMostMs` at the latest. */
  idle(atMostMs?: number): Promise<void>;
}

export function trackRequestsInFlight(app: FastifyInstance): RequestsInFlight {
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const finished = () => {
    inFlight--;
    if (inFlight > 0) return;
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };
  // On the HTTP server itself, so every request counts from its arrival — a kept page's too — to its end.
  app.server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.once('close', finished);
  });
  return {
    idle(atMostMs = 2000) {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          resolve();
        }, atMostMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.push(done);
      });
    },
  };
}
