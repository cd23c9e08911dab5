// Requests refused before a route can do anything with them — a malformed address, an id over the router's
// limit, a control character anywhere, a body too large, of the wrong type or not JSON — each answered with
// the Danish error page (English JSON under /api/), every security header, and no echo of the path.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../domain/access/index.ts';
import { authenticate } from '../service/accounts.ts';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { controlCharacterIn, formsCheckingOwnText } from './control-characters.ts';
import { securityHeaders } from './security-headers.ts';

let t: TestApp;
let admin: Browser;

beforeAll(async () => {
  t = await startTestApp(undefined, undefined, { loginRateLimit: { max: 10_000, windowMs: 60_000 } });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  admin = new Browser(t.app);
  expect((await admin.login('admin@ballerup.dk')).statusCode).toBe(303);
});
afterAll(async () => t.close());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

function expectHeaders(res: LightMyRequestResponse) {
  for (const [name, value] of Object.entries(securityHeaders))
    expect(res.headers[name.toLowerCase()], name).toBe(value);
}

/** A Danish error page with the status, the heading and message given, and the headers. */
function expectDanishPage(res: LightMyRequestResponse, status: number, heading: string, message: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.body).toContain('<html lang="da">');
  expect(res.body).toContain(`<h1>${heading}</h1>`);
  expect(text(res.body)).toContain(message);
  expectHeaders(res);
}

function expectApiError(res: LightMyRequestResponse, status: number, message: RegExp) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json() as { error: { status: number; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.status).toBe(status);
  expect(body.error.message).toMatch(message);
  expectHeaders(res);
}

const badRequest = 'Forespørgslen kunne ikke behandles';

describe('addresses the router cannot take', () => {
  it('a malformed %-escape gets the Danish 400 page, not Fastify JSON', async () => {
    const res = await t.app.inject('/strategier/%E0%A4%A');
    expectDanishPage(res, 400, badRequest, 'Adressen er ikke gyldig');
    expect(res.body).not.toContain('%E0%A4%A');
    expect(res.body).not.toContain('FST_ERR');
    const api = await t.app.inject('/api/v1/strategies/%E0%A4%A');
    expectApiError(api, 400, /^The address is not valid/);
    expect(api.body).not.toContain('%E0');
  });

  it('an id over 200 characters gets a Danish 414 page that does not echo it', async () => {
    const id = 'x'.repeat(201);
    const res = await t.app.inject(`/strategier/${id}`);
    expectDanishPage(res, 414, 'Adressen er for lang', 'længere end 200 tegn');
    expect(res.body).not.toContain(id);
    const api = await t.app.inject(`/api/v1/strategies/${id}`);
    expectApiError(api, 414, /longer than 200 characters/);
    expect(api.body).not.toContain(id);
    // 200 is still an id the router takes: an ordinary 404.
    expect((await t.app.inject(`/strategier/${'x'.repeat(200)}`)).statusCode).toBe(404);
  });

  it('an unknown ?lang= gives the ordinary page in Danish', async () => {
    const res = await t.app.inject('/?lang=xx');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="da">');
    expectHeaders(res);
    const strategy = await t.app.inject(`/strategier/${ballerupId}?lang=xx`);
    expect(strategy.statusCode).toBe(200);
    expect(strategy.body).toContain('<html lang="da">');
    expect(strategy.body).not.toContain('lang=xx');
  });
});

describe('control characters', () => {
  it('a NUL in an id is a Danish 400 on pages and the API', async () => {
    const res = await t.app.inject(`/strategier/${ballerupId}%00`);
    expectDanishPage(res, 400, badRequest, 'Adressen indeholder et kontroltegn (tegnkode U+0000)');
    expectApiError(await t.app.inject(`/api/v1/strategies/a%00b`), 400, /control character \(code U\+0000\)/);
    expectApiError(
      await t.app.inject(`/api/v1/strategies/${ballerupId}/versions?x=%1B`),
      400,
      /parameter “x”.*U\+001B/,
    );
    // DEL too, and in a path segment that is no parameter.
    expectDanishPage(await t.app.inject('/tilgaengelighed%7F'), 400, badRequest, 'U+007F');
  });

  it('a NUL in the log filter is a 400, and the log CSV is whole', async () => {
    const page = await admin.get('/admin/log?handling=session%00');
    expectDanishPage(page, 400, badRequest, 'Parameteren «handling» i adressen indeholder et kontroltegn');
    const csv = await admin.get('/admin/log.csv?aktoer=a%00');
    expectDanishPage(csv, 400, badRequest, 'Parameteren «aktoer»');
  });

  it('a stored text with a control character is shown escaped in the log CSV, and no line is cut', async () => {
    // A login try with such an address is audited as typed (the service stores it; PostgreSQL takes U+0001).
    const odd = 'ukendt\u0001bruger;"x"\u007f@ballerup.dk';
    await authenticate({ database: t.database, actor: systemActor, now: () => new Date() }, odd, 'forkert');
    const res = await admin.get('/admin/log.csv');
    expect(res.statusCode).toBe(200);
    const lines = res.body.split('\r\n').filter((l) => l !== '');
    const row = lines.find((l) => l.includes('ukendt'));
    expect(row).toContain('ukendt\\u0001bruger;""x""\\u007f@ballerup.dk');
    expect(controlCharacterIn(res.body, true)).toBe(-1);
    // Every line has the header's ten cells: nothing was cut at the odd character.
    expect(lines.at(-1)).toMatch(/;\d+$/);
  });

  it('a form field with a NUL is a Danish 400 before anything runs; tab and line breaks are text', async () => {
    const res = await admin.post('/log-ud', { _csrf: admin.token, x: 'a\u0000b' });
    expectDanishPage(res, 400, badRequest, 'Feltet «x» indeholder et kontroltegn (tegnkode U+0000)');
    // Still logged in: the form did nothing.
    expect((await admin.get('/admin/log')).statusCode).toBe(200);
    const notes = `/strategier/${ballerupId}/omraader/beskaeftigelse/noter`;
    await admin.get(notes);
    const note = await admin.post(notes, { _csrf: admin.token, body: 'To linjer:\r\n\tindrykket' });
    expect(note.statusCode).toBe(303);
    // The notes form checks its text itself and shows the form again with it; its other fields are the hook's.
    const bad = await admin.post(notes, { _csrf: admin.token, body: 'klokke\u0007' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Noten indeholder tegn, der ikke er tilladt.');
    const other = await admin.post(notes, { _csrf: admin.token, body: 'ok', extra: '\u0007' });
    expectDanishPage(other, 400, badRequest, 'Feltet «extra»');
  });

  it('leaves only to existing forms the fields they check themselves', () => {
    for (const route of Object.keys(formsCheckingOwnText)) {
      const [method = '', url = ''] = route.split(' ');
      expect(t.app.hasRoute({ method: method as 'POST', url }), route).toBe(true);
    }
  });

  it('a JSON body with a control character, in a value or a key, is a 400', async () => {
    const send = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/log-ind',
        headers: { 'content-type': 'application/json' },
        payload,
      });
    expectDanishPage(await send('{"email":"a\\u0000b"}'), 400, badRequest, 'Feltet «email»');
    expectDanishPage(await send('{"a\\u0002":"x"}'), 400, badRequest, 'kontroltegn (tegnkode U+0002)');
    expectDanishPage(await send('{"list":[{"deep":"\\u001f"}]}'), 400, badRequest, 'Feltet «list.deep»');
  });
});

describe('bodies the app cannot read', () => {
  it('a body over the limit is a Danish 413 naming the limit', async () => {
    const res = await admin.post('/log-ud', { _csrf: admin.token, x: 'x'.repeat(70 * 1024) });
    expectDanishPage(res, 413, badRequest, 'Der kan højst sendes 64 kB her.');
  });

  it('a content type no route takes is a Danish 415, JSON under /api/', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/log-ind',
      headers: { 'content-type': 'text/xml' },
      payload: '<a/>',
    });
    expectDanishPage(
      res,
      415,
      badRequest,
      'Siden tager ikke imod den slags indhold, der blev sendt (text/xml).',
    );
    expect(res.body).not.toContain('FST_ERR');
  });

  it('JSON that does not parse is a Danish 400, and English JSON under /api/', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/log-ind',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expectDanishPage(res, 400, badRequest, 'Det sendte er ikke gyldig JSON.');
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/strategies',
      headers: { 'content-type': 'application/json' },
      payload: '{bad',
    });
    expectApiError(api, 400, /^What was sent is not valid JSON\.$/);
    expect(api.body).not.toContain('/api/');
  });
});
