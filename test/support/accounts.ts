// Users and logged-in browsers for in-process HTTP tests: accounts are made through the service (as the
// system), logins go through the real login form, cookies and form tokens are carried by hand.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { systemActor, type Role } from '../../src/domain/access/index.ts';
import { addUser } from '../../src/service/accounts.ts';
import type { Database } from '../../src/store/database.ts';

export const testPassword = 'rigtig-hemmelig-2026';

export async function createUser(
  database: Database,
  email: string,
  role: Role,
  centres: readonly string[] = [],
  password: string = testPassword,
) {
  return addUser(
    { database, actor: systemActor, now: () => new Date() },
    { email, displayName: `Test ${email.split('@')[0]}`, roles: [role], centres, password },
  );
}

export function formTokenIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no form token on the page');
  return m[1] as string;
}

/** The cookies a response sets, as a Cookie header value (cleared ones left out). */
export function cookiesFrom(
  res: LightMyRequestResponse,
  previous: Record<string, string> = {},
): Record<string, string> {
  const jar = { ...previous };
  // Expiry is judged by the app's own clock (tests move it), so only an explicit clearing counts here.
  for (const c of res.cookies as { name: string; value: string; maxAge?: number }[]) {
    const cleared = c.value === '' || c.maxAge === 0;
    if (cleared) delete jar[c.name];
    else jar[c.name] = c.value;
  }
  return jar;
}

export function cookieHeader(jar: Record<string, string>): string {
  return Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

/** A browser: its cookies, and the form token of the last page that had one. */
export class Browser {
  jar: Record<string, string> = {};
  token = '';

  constructor(
    readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.ip,
      headers: { cookie: cookieHeader(this.jar), ...headers },
    });
    this.jar = cookiesFrom(res, this.jar);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.token = m[1] as string;
    return res;
  }

  async post(url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      headers: {
        cookie: cookieHeader(this.jar),
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      payload: body.toString(),
    });
    this.jar = cookiesFrom(res, this.jar);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.token = m[1] as string;
    return res;
  }

  /** Logs in through the form; the session's form token is read from the next page. */
  async login(email: string, password: string = testPassword) {
    await this.get('/log-ind');
    const res = await this.post('/log-ind', { _csrf: this.token, email, password });
    if (res.statusCode === 303) await this.get('/');
    return res;
  }
}
