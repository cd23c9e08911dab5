// Cross-site request forgery protection for every state-changing request, whatever route it is for: the
// request must come from this site (Sec-Fetch-Site, Origin or Referer), and its form must carry the token
// of the session — or, before login, the token of the visitor's form cookie (double submit). A request that
// fails gets a Danish 403 and changes nothing; a logged-in user's refusal is logged.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordRefusal } from '../../service/write-gate.ts';
import { sameToken } from '../../service/sessions.ts';
import { field, sendStatusPage } from './access.ts';
import { redactedUrl } from '../link-redaction.ts';
import { formCookie } from './cookies.ts';
import { writeContext, type AuthDeps } from './deps.ts';

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether `url` is on the host the request was sent to. The Host header carries a port only when it is not
 *  the scheme's default, and behind a proxy the scheme is not known here, so a missing port matches any. */
function sameHost(url: string, host: string | undefined): boolean {
  if (!host || !URL.canParse(url) || !URL.canParse(`http://${host}`)) return false;
  const from = new URL(url);
  const to = new URL(`http://${host}`);
  if (from.hostname !== to.hostname) return false;
  const hostPort = /:(\d+)$/.exec(host)?.[1];
  if (hostPort === undefined) return true;
  return (from.port || (from.protocol === 'https:' ? '443' : '80')) === hostPort;
}

/** Why the request is not from this site, or undefined when it is (or the browser said nothing). */
export function crossSiteReason(req: FastifyRequest): string | undefined {
  const fetchSite = req.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none')
    return `Sec-Fetch-Site: ${fetchSite}`;
  const host = req.headers.host;
  const origin = req.headers.origin;
  if (origin !== undefined) return sameHost(origin, host) ? undefined : `Origin: ${origin.slice(0, 200)}`;
  const referer = req.headers.referer;
  if (referer !== undefined && !sameHost(referer, host)) return `Referer: ${referer.slice(0, 200)}`;
  return undefined;
}

async function refuse(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthDeps,
  check: 'request.origin' | 'request.csrf',
  reason: string,
): Promise<FastifyReply> {
  if (req.auth.viewer)
    await recordRefusal(writeContext(req, deps), check, reason, {
      type: 'route',
      id: `${req.method} ${redactedUrl(req.url)}`.slice(0, 300),
    });
  else req.log.warn({ check, reason, url: redactedUrl(req.url) }, 'form refused');
  return sendStatusPage(req, reply, 403, 'auth.csrf.title', 'auth.csrf.body');
}

export function registerFormProtection(app: FastifyInstance, deps: AuthDeps): void {
  app.addHook('preHandler', async (req, reply) => {
    if (!unsafe.has(req.method)) return;
    const crossSite = crossSiteReason(req);
    if (crossSite) return refuse(req, reply, deps, 'request.origin', crossSite);
    const token = field(req.body, '_csrf');
    if (!token) return refuse(req, reply, deps, 'request.csrf', 'no form token');
    if (req.auth.viewer) {
      if (sameToken(token, req.auth.viewer.csrfToken)) {
        req.auth.form = 'session';
        return;
      }
      return refuse(req, reply, deps, 'request.csrf', 'the form token belongs to another session');
    }
    const cookie = req.cookies[formCookie];
    if (cookie && sameToken(token, cookie)) {
      req.auth.form = 'pre-session';
      return;
    }
    // The form was made for a session that has since ended (or a form cookie the browser no longer has):
    // the route may show the form again with what was typed, but nothing is changed.
    if (req.auth.sessionEnded || !cookie) {
      req.auth.form = 'stale';
      return;
    }
    return refuse(req, reply, deps, 'request.csrf', 'the form token does not match');
  });
}
