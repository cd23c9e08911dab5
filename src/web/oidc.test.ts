// Single sign-on against a real OpenID Connect provider (oidc-provider, started on 127.0.0.1 for this file):
// the whole authorization code flow with PKCE, state and nonce, driven by hand — our app in-process, the
// provider over HTTP with its own login and consent forms — and the refusals: no mapped role, a tampered
// state, a tampered nonce, a missing cookie and a replayed code.
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, cookiesFrom } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { listAudit } from '../store/audit-store.ts';
import { findUserByEmail } from '../store/user-store.ts';

const redirectUri = 'http://127.0.0.1:3999/log-ind/oidc/callback';
const accounts: Record<string, Record<string, unknown>> = {
  anne: { email: 'anne@ballerup.dk', email_verified: true, name: 'Anne Admin', roles: ['Pejlemaerke.Admin'] },
  erik: {
    email: 'erik@ballerup.dk',
    email_verified: true,
    name: 'Erik Editor',
    roles: ['Andet.System', 'Pejlemaerke.Editor.CFA'],
  },
  eve: { email: 'eve@ballerup.dk', email_verified: true, name: 'Eve Udefra', roles: ['Andet.System'] },
};

let t: TestApp;
let providerServer: Server;
let issuer: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'pejlemaerke',
        client_secret: 'en-hemmelighed-til-testen',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    // Roles travel with the profile scope, so they reach us through userinfo (as with many providers).
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'roles'] },
    findAccount: async (_ctx, sub) => {
      const claims = accounts[sub];
      return claims && { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['a-test-only-cookie-key'] },
  });
  providerServer = provider.listen(port, '127.0.0.1');
  t = await startTestApp(undefined, undefined, {
    oidc: {
      issuer,
      clientId: 'pejlemaerke',
      clientSecret: 'en-hemmelighed-til-testen',
      redirectUri,
      scopes: 'openid email profile',
      roleClaim: 'roles',
      roleMap: {
        'Pejlemaerke.Admin': 'admin',
        'Pejlemaerke.Reader': 'reader',
        'Pejlemaerke.Editor.CFA': 'editor:center-for-arbejdsmarked',
      },
    },
  });
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => providerServer?.close(resolve));
});

/** Starts at our login button and follows the provider's pages until it sends the browser back to us. */
async function signIn(login: string, next = '/') {
  const start = await t.app.inject({ method: 'GET', url: `/log-ind/oidc?next=${encodeURIComponent(next)}` });
  expect(start.statusCode).toBe(303);
  const ours = cookiesFrom(start);
  let url = start.headers.location as string;
  expect(url.startsWith(`${issuer}/auth?`)).toBe(true);
  const params = new URL(url).searchParams;
  expect(params.get('code_challenge_method')).toBe('S256');
  expect(params.get('state')).toBeTruthy();
  expect(params.get('nonce')).toBeTruthy();
  const theirs: Record<string, string> = {};
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = (pair as string).split('=');
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) delete theirs[name as string];
      else theirs[name as string] = value;
    }
  };
  for (let step = 0; step < 12; step++) {
    if (url.startsWith(redirectUri)) return { callback: url, ours };
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader(theirs) } });
    keep(res);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location') as string, url).href;
      continue;
    }
    const html = await res.text();
    expect(res.status, html.slice(0, 500)).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] as string;
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const form = new URLSearchParams(
      prompt === 'login' ? { prompt, login, password: 'hvad-som-helst' } : { prompt: prompt as string },
    );
    const posted = await fetch(new URL(action, url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookieHeader(theirs), 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    keep(posted);
    url = new URL(posted.headers.get('location') as string, url).href;
  }
  throw new Error(`the provider never sent the browser back (last at ${url})`);
}

const callback = (url: string, jar: Record<string, string>) =>
  t.app.inject({
    method: 'GET',
    url: url.slice('http://127.0.0.1:3999'.length),
    headers: { cookie: cookieHeader(jar) },
  });

describe('single sign-on with OpenID Connect', () => {
  it('logs in an administrator through the whole flow, creating the user from the claims', async () => {
    const { callback: back, ours } = await signIn('anne', '/admin/brugere');
    expect(new URL(back).searchParams.get('iss')).toBe(issuer);
    const res = await callback(back, ours);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/brugere');
    const jar = cookiesFrom(res, ours);
    expect(jar['__Host-pejlemaerke']).toMatch(/^[\w-]{43}$/);
    expect(jar['__Host-pejlemaerke-oidc']).toBeUndefined();
    const page = await t.app.inject({
      method: 'GET',
      url: '/admin/brugere',
      headers: { cookie: cookieHeader(jar) },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Logget ind som <strong>Anne Admin</strong>');
    const user = await findUserByEmail(t.database.db, 'anne@ballerup.dk');
    expect(user).toMatchObject({
      roles: ['admin'],
      oidcIssuer: issuer,
      oidcSubject: 'anne',
      hasPassword: false,
    });
    const log = await listAudit(t.database.db, 5);
    expect(log[0]).toMatchObject({
      action: 'session.login',
      actor: 'anne@ballerup.dk',
      after: { method: 'oidc' },
    });
    expect(log[1]).toMatchObject({ action: 'user.provision', after: { roles: ['admin'] } });
  });

  it('maps an editor role to its centre, ignoring roles not in the map', async () => {
    const { callback: back, ours } = await signIn('erik');
    const jar = cookiesFrom(await callback(back, ours), ours);
    const notes = await t.app.inject({
      method: 'GET',
      url: `/strategier/${ballerupId}/omraader/beskaeftigelse/noter`,
      headers: { cookie: cookieHeader(jar) },
    });
    expect(notes.statusCode).toBe(200);
    expect(notes.body).toContain('name="body"');
    expect(await findUserByEmail(t.database.db, 'erik@ballerup.dk')).toMatchObject({
      roles: ['editor'],
      centres: ['center-for-arbejdsmarked'],
    });
    const admin = await t.app.inject({
      method: 'GET',
      url: '/admin/log',
      headers: { cookie: cookieHeader(jar) },
    });
    expect(admin.statusCode).toBe(403);
  });

  it('refuses a user with no mapped role with a Danish page and an audit entry', async () => {
    const { callback: back, ours } = await signIn('eve');
    const res = await callback(back, ours);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Din konto har ingen rolle i Pejlemærke');
    expect(cookiesFrom(res, ours)['__Host-pejlemaerke']).toBeUndefined();
    expect(await findUserByEmail(t.database.db, 'eve@ballerup.dk')).toBeUndefined();
    expect((await listAudit(t.database.db, 1))[0]).toMatchObject({
      action: 'session.login',
      outcome: 'failed',
      subjectId: 'eve@ballerup.dk',
      after: { method: 'oidc', reason: 'no mapped role' },
    });
  });

  it('refuses an answer whose state was tampered with', async () => {
    const { callback: back, ours } = await signIn('anne');
    const tampered = new URL(back);
    tampered.searchParams.set('state', 'not-the-state-we-sent');
    const res = await callback(tampered.href, ours);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Du blev ikke logget ind');
    expect(cookiesFrom(res, ours)['__Host-pejlemaerke']).toBeUndefined();
    expect((await listAudit(t.database.db, 1))[0]).toMatchObject({
      action: 'session.login',
      outcome: 'failed',
      after: { method: 'oidc', reason: expect.stringMatching(/state/) },
    });
  });

  it('refuses an ID token whose nonce is not the one this browser was given', async () => {
    const { callback: back, ours } = await signIn('anne');
    const pending = JSON.parse(
      Buffer.from(ours['__Host-pejlemaerke-oidc'] as string, 'base64url').toString(),
    );
    const forged = {
      ...ours,
      '__Host-pejlemaerke-oidc': Buffer.from(JSON.stringify({ ...pending, nonce: 'another-nonce' })).toString(
        'base64url',
      ),
    };
    const res = await callback(back, forged);
    expect(res.statusCode).toBe(400);
    expect(cookiesFrom(res, forged)['__Host-pejlemaerke']).toBeUndefined();
    expect((await listAudit(t.database.db, 1))[0]).toMatchObject({
      outcome: 'failed',
      after: { reason: expect.stringMatching(/nonce/) },
    });
  });

  it('refuses an answer without the login cookie, and a code used twice', async () => {
    const { callback: back, ours } = await signIn('anne');
    expect((await callback(back, {})).statusCode).toBe(400);
    expect((await callback(back, ours)).statusCode).toBe(303);
    expect((await callback(back, ours)).statusCode).toBe(400);
  });

  it('shows the single sign-on button on the login page', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/log-ind' });
    expect(page.body).toContain('href="/log-ind/oidc?next=%2F">Log ind med din organisations konto</a>');
  });
});
