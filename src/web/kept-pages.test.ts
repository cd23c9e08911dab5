// Public pages kept for anonymous visitors, through HTTP: a kept page is byte for byte the rendered one and
// carries every security header; a matching If-None-Match gets a 304; a request with a session cookie, live
// or ended, never gets a kept page, and a logged-in user's page is never kept for anyone else; an import and
// a strategy load through the write gate show at once.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { ballerupFile, ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { cliActor, systemActor } from '../domain/access/index.ts';
import { importObservations } from '../service/observations.ts';
import { loadDefinitionFile } from '../service/strategies.ts';
import { sessionCookie } from './auth/cookies.ts';
import { securityHeaders } from './security-headers.ts';

let t: TestApp;
const s = `/strategier/${ballerupId}`;
const indicator = `${s}/indikatorer/ungdomsuddannelse-20-24`;
const publicPages = [
  '/',
  '/?lang=en',
  s,
  `${s}/omraader/uddannelse`,
  indicator,
  `${indicator}?omraade=000`,
  `${s}/versioner`,
  '/befolkning',
  '/tilgaengelighed',
];

beforeAll(async () => {
  t = await startTestApp();
  await createUser(t.database, 'reader@ballerup.dk', 'reader');
});
afterAll(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

function expectSecurityHeaders(headers: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(securityHeaders))
    expect(headers[name.toLowerCase()]).toBe(value);
}

describe('kept public pages', () => {
  it.each(publicPages)('keeps %s: the same bytes, tag and security headers the second time', async (url) => {
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    const second = await get(url);
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(Number(second.headers['content-length'])).toBe(Buffer.byteLength(second.body));
    expect(second.headers['set-cookie']).toBeUndefined();
    expect(second.headers.vary).toBe('Cookie');
    expectSecurityHeaders(first.headers);
    expectSecurityHeaders(second.headers);
  });

  it('keeps each language and query apart', async () => {
    const da = await get('/');
    const en = await get('/?lang=en');
    expect(da.body).toContain('<html lang="da">');
    expect(en.body).toContain('<html lang="en">');
    expect(en.headers.etag).not.toBe(da.headers.etag);
    expect((await get(`${indicator}?omraade=000`)).body).not.toBe((await get(indicator)).body);
  });

  it('answers a matching If-None-Match with a 304 and no body, with every security header', async () => {
    const kept = await get(indicator);
    const { etag } = kept.headers;
    for (const ifNoneMatch of [String(etag), `W/${etag}`, `"other", ${etag}`]) {
      const res = await get(indicator, { 'if-none-match': ifNoneMatch });
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.etag).toBe(etag);
      expectSecurityHeaders(res.headers);
    }
    const stale = await get(indicator, { 'if-none-match': '"other"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toBe(kept.body);
  });

  it('answers HEAD for a kept page without a body', async () => {
    await get(s);
    const res = await t.app.inject({ method: 'HEAD', url: s });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expectSecurityHeaders(res.headers);
  });

  it('gives a logged-in user their own page, never the kept one, and keeps nothing of theirs', async () => {
    const reader = new Browser(t.app, '10.9.0.1');
    await reader.login('reader@ballerup.dk');
    // Kept after the login (a login is a committed write, which would make a new page anyway).
    const anonymous = await get(indicator);
    expect((await get(indicator)).headers.etag).toBe(anonymous.headers.etag);
    for (const ifNoneMatch of [undefined, String(anonymous.headers.etag)]) {
      const mine = await reader.get(indicator, ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {});
      expect(mine.statusCode).toBe(200);
      expect(mine.body).toContain('Test reader');
      expect(mine.body).toContain('name="_csrf"');
      expect(mine.headers['cache-control']).toBe('no-store');
      expect(mine.headers.etag).toBeUndefined();
      expectSecurityHeaders(mine.headers);
    }
    const after = await get(indicator);
    expect(after.body).toBe(anonymous.body);
    expect(after.body).not.toContain('Test reader');
    expect(after.body).not.toContain('name="_csrf"');
  });

  it('sends a request with an ended session cookie through the session hook, which clears the cookie', async () => {
    const kept = await get(s);
    const res = await get(s, { cookie: `${sessionCookie}=${'A'.repeat(43)}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(kept.body);
    expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`^${sessionCookie}=;`));
  });

  it('gives a visitor with other cookies but no session the kept page', async () => {
    const kept = await get(s);
    const res = await get(s, { cookie: `${sessionCookie}-form=abc; other=1` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(kept.body);
    expect(res.headers.etag).toBe(kept.headers.etag);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('keeps no error page', async () => {
    expect((await get(`${s}/omraader/findes-ikke`)).statusCode).toBe(404);
    expect((await get(`${s}/omraader/findes-ikke`)).headers.etag).toBeUndefined();
    expect((await get(`${indicator}?omraade=x`)).statusCode).toBe(400);
  });

  it('shows an import at once, with a new tag', async () => {
    const before = await get(indicator);
    await importObservations(
      { database: t.database, actor: cliActor('tester'), now: () => new Date('2026-02-01T09:00:00Z') },
      { source: 'illustrative', retrievedAt: new Date('2026-01-01T00:00:00Z'), note: 'test figures' },
      [
        {
          line: 1,
          observation: {
            series: 'ungdomsuddannelse-20-24',
            area: '151',
            period: '2031',
            dims: { group: 'target' },
            value: { kind: 'number', value: 0.5 },
            numerator: 300,
            denominator: 600,
            unit: 'share',
            status: 'final',
            illustrative: true,
          },
        },
      ],
    );
    const after = await get(indicator);
    expect(after.body).not.toBe(before.body);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.body).toContain('2031');
    const revalidated = await get(indicator, { 'if-none-match': String(before.headers.etag) });
    expect(revalidated.statusCode).toBe(200);
  });

  it('shows a new strategy version at once on the pages that name the strategy', async () => {
    const naming = ['/', s, `${s}/omraader/uddannelse`, indicator, `${s}/versioner`];
    for (const url of naming)
      expect((await get(url)).body, url).not.toContain('Revideret integrationsstrategi');
    const changed = path.join(tmpdir(), `kept-pages-${process.pid}.yaml`);
    const text = await readFile(ballerupFile, 'utf8');
    await writeFile(
      changed,
      text.replace(/^title: Integrationsstrategi$/m, 'title: Revideret integrationsstrategi'),
    );
    await loadDefinitionFile({ database: t.database, actor: systemActor, now: () => new Date() }, changed);
    await rm(changed);
    for (const url of naming) expect((await get(url)).body, url).toContain('Revideret integrationsstrategi');
  });
});
