// A survey respondent's personal link carries the key to their answer in its path (`/svar/<token>`). The
// token is never written down: logged request addresses, refused-form warnings and the audit log's route
// names show `/svar/[skjult]` instead. Fastify's request serializer is replaced by one that redacts.
import type { FastifyRequest } from 'fastify';

const linkPath = /\/svar\/[^/?#\s]*/g;

/** The address with any survey link's token replaced. */
export function redactedUrl(url: string): string {
  return url.replace(linkPath, '/svar/[skjult]');
}

/** Fastify's request serializer (method, url, version, host, remote address and port), the url redacted. */
export function loggedRequest(req: FastifyRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: redactedUrl(req.url),
    version: req.headers['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket.remotePort,
  };
}
