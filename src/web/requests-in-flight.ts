// How many requests the app is answering, so background work (the bundled dataset's load) can wait for a
// moment when no page is waiting for the embedded database's one connection.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

export interface RequestsInFlight {
  /**
   * Resolves when no request is being answered, or after `atMostMs` at the latest. First it gives the event
   * loop a moment to take in requests that have arrived: the embedded database answers from memory, so a load
   * that only awaits its queries would otherwise never let the server read a waiting socket.
   */
  idle(atMostMs?: number): Promise<void>;
}

/** Long enough for a poll of the sockets to accept a connection and read its request. */
const INTAKE_MS = 5;

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
  const quiet = (atMostMs: number) =>
    new Promise<void>((resolve) => {
      if (inFlight === 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== done);
        resolve();
      }, atMostMs);
      waiters.push(done);
    });
  return {
    async idle(atMostMs = 2000) {
      await new Promise((r) => setTimeout(r, INTAKE_MS));
      await quiet(atMostMs);
    },
  };
}
