// Logins over HTTP, in-process: the login form (success, failure, lock, rate limit), session cookies and
// their rotation, CSRF and cross-site refusals, a session that ends while a form is being written, text
// with markup in every field, too-long text, logout, and disabled users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser, testPassword } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { listAudit } from '../store/audit-store.ts';

let t: TestApp;
let clock = Date.parse('2026-05-04T08:00:00Z');
const tick = (ms: number) => (clock += ms);
const notes = `/strategier/${ballerupId}/omraader/beskaeftigelse/noter`;
const audit = () => listAudit(t.database.db, 20);

beforeAll(async () => {
  t = await startTestApp(undefined, undefined, { now: () => new Date(clock) });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'reader@ballerup.dk', 'reader');
  await createUser(t.database, 'cfa@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  await createUser(t.database, 'bem@ballerup.dk', 'editor', ['center-for-by-erhverv-og-miljoe']);
});
afterAll(async () => t.close());

let ipCount = 0;
/** Each test its own address, so the login limit of one does not spill into another. */
const browser = () => new Browser(t.app, `10.9.0.${++ipCount}`);

describe('the login page', () => {
  it('is linked from the header of every page, in Danish, with a form token and the form cookie', async () => {
    const b = browser();
    const front = await b.get('/');
    expect(front.body).toContain('href="/log-ind">Log ind</a>');
    expect((await b.get('/tilgaengelighed?lang=en')).body).toContain('href="/log-ind?lang=en">Log in</a>');
    const res = await b.get('/log-ind');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<label class="form-label" for="email">E-mail</label>');
    expect(res.body).toContain('<label class="form-label" for="password">Adgangskode</label>');
    expect(res.body).toMatch(/autocomplete="current-password"/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-pejlemaerke-form=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    expect(b.token).toBe(b.jar['__Host-pejlemaerke-form']);
  });

  it('logs in: a new session in a __Host- cookie (Secure, HttpOnly, SameSite=Lax, Path=/, no Domain)', async () => {
    const b = browser();
    await b.get('/log-ind');
    const res = await b.post('/log-ind', {
      _csrf: b.token,
      email: 'Admin@Ballerup.dk',
      password: testPassword,
      next: '/admin/log',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/log');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(
      /^__Host-pejlemaerke=[\w-]{43}; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(cookie).not.toMatch(/Domain/i);
    const page = await b.get('/');
    expect(page.body).toContain('Logget ind som <strong>Test admin</strong>');
    expect(page.body).toMatch(
      /<form method="post" action="\/log-ud"[^>]*>\s*<input type="hidden" name="_csrf" value="[\w-]{43}">/,
    );
    expect(page.body).not.toContain('href="/log-ind"');
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await audit())[0]).toMatchObject({
      action: 'session.login',
      actor: 'admin@ballerup.dk',
      outcome: 'ok',
    });
  });

  it('gives a new session id at every login and ends the one before (no fixation)', async () => {
    const b = browser();
    b.jar['__Host-pejlemaerke'] = 'planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaa';
    await b.login('reader@ballerup.dk');
    const first = b.jar['__Host-pejlemaerke'];
    expect(first).not.toBe('planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaa');
    await b.get('/log-ind');
    await b.post('/log-ind', { _csrf: b.token, email: 'reader@ballerup.dk', password: testPassword });
    const second = b.jar['__Host-pejlemaerke'];
    expect(second).not.toBe(first);
    const old = new Browser(t.app, b.ip);
    old.jar['__Host-pejlemaerke'] = first as string;
    expect((await old.get('/')).body).toContain('>Log ind</a>');
  });

  it('refuses a wrong password with an error summary, aria-invalid, the e-mail kept and no password shown', async () => {
    const b = browser();
    await b.get('/log-ind');
    const res = await b.post('/log-ind', {
      _csrf: b.token,
      email: 'reader@ballerup.dk',
      password: 'forkert-men-langt',
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('class="alert alert-error error-summary"');
    expect(res.body).toContain('<a href="#email">Vi kunne ikke logge dig ind.');
    expect(res.body).toMatch(/id="email" name="email" value="reader@ballerup.dk"[^>]*aria-invalid="true"/);
    expect(res.body).not.toContain('forkert-men-langt');
    expect(res.headers['set-cookie'] ?? '').not.toMatch(/__Host-pejlemaerke=/);
  });

  it('asks for missing fields, refuses a too-long e-mail in Danish, and keeps the typed text escaped', async () => {
    const b = browser();
    await b.get('/log-ind');
    const empty = await b.post('/log-ind', { _csrf: b.token, email: '', password: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<a href="#email">Skriv din e-mail.</a>');
    expect(empty.body).toContain('<a href="#password">Skriv din adgangskode.</a>');
    const long = await b.post('/log-ind', {
      _csrf: b.token,
      email: `${'a'.repeat(260)}@x.dk`,
      password: 'x',
    });
    expect(long.body).toContain('E-mailen må højst være 254 tegn.');
    const xss = await b.post('/log-ind', {
      _csrf: b.token,
      email: '"><script>alert(1)</script>',
      password: 'x',
    });
    expect(xss.body).not.toContain('<script>alert(1)</script>');
    expect(xss.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('keeps `next` on this site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const b = browser();
      await b.get('/log-ind');
      const res = await b.post('/log-ind', {
        _csrf: b.token,
        email: 'reader@ballerup.dk',
        password: testPassword,
        next,
      });
      expect(res.headers.location).toBe('/');
    }
  });

  it('locks the account after five wrong passwords, says no more than before, and logs the lock', async () => {
    await createUser(t.database, 'laas@ballerup.dk', 'reader');
    const b = browser();
    await b.get('/log-ind');
    for (let i = 0; i < 5; i++)
      expect(
        (
          await b.post('/log-ind', {
            _csrf: b.token,
            email: 'laas@ballerup.dk',
            password: `forkert-${i}-xxxxx`,
          })
        ).statusCode,
      ).toBe(401);
    const locked = await b.post('/log-ind', {
      _csrf: b.token,
      email: 'laas@ballerup.dk',
      password: testPassword,
    });
    expect(locked.statusCode).toBe(401);
    expect(locked.body).toContain('låses kontoen i 15 minutter');
    const log = await audit();
    expect(log[0]).toMatchObject({
      action: 'session.login',
      outcome: 'failed',
      after: { reason: 'account locked' },
    });
    expect(log[1]).toMatchObject({ action: 'user.lock', subjectId: 'laas@ballerup.dk' });
    tick(15 * 60_000 + 1000);
    expect(
      (await b.post('/log-ind', { _csrf: b.token, email: 'laas@ballerup.dk', password: testPassword }))
        .statusCode,
    ).toBe(303);
  });

  it('answers the 11th try in a minute from one address with 429, Retry-After and a Danish page', async () => {
    const b = browser();
    await b.get('/log-ind');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push(
        (await b.post('/log-ind', { _csrf: b.token, email: 'x@ballerup.dk', password: 'y' })).statusCode,
      );
    expect(statuses.every((s) => s === 401)).toBe(true);
    const limited = await b.post('/log-ind', {
      _csrf: b.token,
      email: 'reader@ballerup.dk',
      password: testPassword,
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toContain('For mange forsøg');
    expect(limited.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // Another address is not held back; the same one is let in again after the minute.
    expect((await browser().login('reader@ballerup.dk')).statusCode).toBe(303);
    tick(61_000);
    expect(
      (await b.post('/log-ind', { _csrf: b.token, email: 'reader@ballerup.dk', password: testPassword }))
        .statusCode,
    ).toBe(303);
  });
});

describe('protection of every form', () => {
  it('refuses a POST without a form token, with a Danish 403, and logs it for a logged-in user', async () => {
    const b = browser();
    await b.login('admin@ballerup.dk');
    const res = await b.post('/admin/brugere', {
      email: 'ny@ballerup.dk',
      displayName: 'Ny',
      role: 'reader',
      password: testPassword,
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Formularen blev afvist');
    expect((await audit())[0]).toMatchObject({
      action: 'request.csrf',
      outcome: 'refused',
      actor: 'admin@ballerup.dk',
    });
    expect((await b.post('/log-ind', { email: 'a', password: 'b' })).statusCode).toBe(403);
    expect((await browser().post('/log-ud', {})).statusCode).toBe(403);
  });

  it('refuses the token of another session', async () => {
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    const other = browser();
    await other.login('admin@ballerup.dk');
    const res = await admin.post('/admin/brugere', {
      _csrf: other.token,
      email: 'ny2@ballerup.dk',
      displayName: 'Ny',
      role: 'reader',
      password: testPassword,
    });
    expect(res.statusCode).toBe(403);
    expect((await audit())[0]).toMatchObject({
      action: 'request.csrf',
      after: { reason: 'the form token belongs to another session' },
    });
    // Nor may a logged-in user's form pass with a visitor's form-cookie token.
    const visitor = browser();
    await visitor.get('/log-ind');
    admin.jar['__Host-pejlemaerke-form'] = visitor.token;
    expect((await admin.post('/log-ud', { _csrf: visitor.token })).statusCode).toBe(403);
  });

  it('refuses a token that does not match the visitor’s form cookie', async () => {
    const b = browser();
    await b.get('/log-ind');
    const res = await b.post('/log-ind', {
      _csrf: 'A'.repeat(43),
      email: 'reader@ballerup.dk',
      password: testPassword,
    });
    expect(res.statusCode).toBe(403);
  });

  it.each([
    [{ origin: 'https://evil.example' }],
    [{ origin: 'null' }],
    [{ referer: 'https://evil.example/page' }],
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
  ])('refuses a cross-site post (%j) even with the right token', async (headers) => {
    const b = browser();
    await b.login('admin@ballerup.dk');
    const res = await b.post(notes, { _csrf: b.token, body: 'fra en anden side' }, headers);
    expect(res.statusCode).toBe(403);
    expect((await audit())[0]).toMatchObject({ action: 'request.origin', outcome: 'refused' });
  });

  it('accepts a same-origin post', async () => {
    const b = browser();
    await b.login('admin@ballerup.dk');
    const res = await b.post(
      notes,
      { _csrf: b.token, body: 'fra os selv' },
      { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' },
    );
    expect(res.statusCode).toBe(303);
  });
});

describe('a session that ends while a form is being written', () => {
  it('shows the note again with the text as typed, lets the user log in on the same page, then saves it', async () => {
    const b = browser();
    await b.login('cfa@ballerup.dk');
    await b.get(notes);
    const token = b.token;
    tick(31 * 60_000);
    const text = 'Status for kvartalet: <b>fed</b> & "citat"\nAnden linje';
    const shown = await b.post(notes, { _csrf: token, body: text });
    expect(shown.statusCode).toBe(401);
    expect(shown.body).toContain('Din session udløb, mens du skrev.');
    expect(shown.body).toContain(
      'Status for kvartalet: &lt;b&gt;fed&lt;/b&gt; &amp; &quot;citat&quot;\nAnden linje</textarea>',
    );
    expect(shown.body).toContain('id="relogin_email"');
    expect(shown.body).not.toContain('Noter, nyeste først'); // no notes for a visitor
    // Wrong password: the text is still there.
    const wrong = await b.post(notes, {
      _csrf: b.token,
      body: text,
      relogin_email: 'cfa@ballerup.dk',
      relogin_password: 'forkert-xxxxxxxx',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('&lt;b&gt;fed&lt;/b&gt;');
    expect(wrong.body).toContain('Vi kunne ikke logge dig ind');
    const saved = await b.post(notes, {
      _csrf: b.token,
      body: text,
      relogin_email: 'cfa@ballerup.dk',
      relogin_password: testPassword,
    });
    expect(saved.statusCode).toBe(303);
    const page = await b.get(notes);
    expect(page.body).toContain(
      'Status for kvartalet: &lt;b&gt;fed&lt;/b&gt; &amp; &quot;citat&quot;\nAnden linje</p>',
    );
  });

  it('keeps what an administrator typed in the add-user form (but never a password)', async () => {
    const b = browser();
    await b.login('admin@ballerup.dk');
    await b.get('/admin/brugere');
    const token = b.token;
    tick(13 * 60 * 60_000);
    const res = await b.post('/admin/brugere', {
      _csrf: token,
      email: 'kirsten@ballerup.dk',
      displayName: 'Kirsten <Kok>',
      role: 'editor',
      centres: 'center-for-arbejdsmarked',
      password: 'hemmelig-hemmelig',
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('value="kirsten@ballerup.dk"');
    expect(res.body).toContain('value="Kirsten &lt;Kok&gt;"');
    expect(res.body).toMatch(/id="role-editor" name="role" value="editor" class="form-radio" checked/);
    expect(res.body).toMatch(
      /id="centre-center-for-arbejdsmarked" name="centres" value="center-for-arbejdsmarked" class="form-checkbox" checked/,
    );
    expect(res.body).not.toContain('hemmelig-hemmelig');
    expect(res.body).not.toContain('reader@ballerup.dk'); // no user list for a visitor
  });

  it('shows the login form again for a login whose form cookie is gone, keeping the e-mail', async () => {
    const b = browser();
    await b.get('/log-ind');
    const token = b.token;
    b.jar = {};
    const res = await b.post('/log-ind', {
      _csrf: token,
      email: 'reader@ballerup.dk',
      password: testPassword,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('value="reader@ballerup.dk"');
    expect(res.body).toContain('Siden havde ligget åben for længe');
  });

  it('sends a visitor whose session ended from a page to the login page, saying why', async () => {
    const b = browser();
    await b.login('admin@ballerup.dk');
    tick(31 * 60_000);
    const res = await b.get('/admin/log');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/log-ind?next=%2Fadmin%2Flog&udloebet=1');
    expect(res.headers['set-cookie']).toMatch(/__Host-pejlemaerke=;/);
    expect((await b.get(res.headers.location as string)).body).toContain(
      'ikke har været aktiv i 30 minutter',
    );
  });
});

describe('text fields', () => {
  it('stores markup in every field of a user as text and shows it escaped everywhere', async () => {
    const b = browser();
    await b.login('admin@ballerup.dk');
    await b.get('/admin/brugere');
    const name = '<img src=x onerror=alert(1)>"\'&';
    const res = await b.post('/admin/brugere', {
      _csrf: b.token,
      email: '<svg/onload=alert(1)>@x.dk',
      displayName: name,
      role: 'reader',
      password: testPassword,
    });
    expect(res.statusCode).toBe(303);
    for (const url of ['/admin/brugere', res.headers.location as string, '/admin/log']) {
      const page = await b.get(url);
      expect(page.body).not.toContain('<img src=x');
      expect(page.body).not.toContain('<svg/onload');
      expect(page.body).toContain('&lt;svg/onload=alert(1)&gt;@x.dk');
    }
    expect((await b.get('/admin/brugere')).body).toContain(
      '&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;',
    );
  });

  it('refuses too-long and control-character text with Danish messages, keeping what was typed', async () => {
    const b = browser();
    await b.login('admin@ballerup.dk');
    await b.get(notes);
    const long = await b.post(notes, { _csrf: b.token, body: 'æ'.repeat(5001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Noten må højst være 5.000 tegn. Den er 5001 tegn.');
    expect(long.body).toContain('aria-invalid="true"');
    expect(long.body).toContain('æ'.repeat(5001));
    const nul = await b.post(notes, { _csrf: b.token, body: 'a\u0000b' });
    expect(nul.body).toContain('Noten indeholder tegn, der ikke er tilladt.');
    await b.get('/admin/brugere');
    const user = await b.post('/admin/brugere', {
      _csrf: b.token,
      email: 'lang@ballerup.dk',
      displayName: 'n'.repeat(201),
      role: 'reader',
      password: 'kort',
    });
    expect(user.statusCode).toBe(400);
    expect(user.body).toContain('<a href="#displayName">Navnet må højst være 200 tegn.</a>');
    expect(user.body).toContain('<a href="#password">Adgangskoden skal være mindst 12 tegn.</a>');
    expect(user.body).toContain('value="lang@ballerup.dk"');
  });
});

describe('roles on pages', () => {
  it('sends a visitor to the login page and back again after logging in', async () => {
    const b = browser();
    const res = await b.get('/admin/brugere');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/log-ind?next=%2Fadmin%2Fbrugere');
    await b.get(res.headers.location as string);
    const login = await b.post('/log-ind', {
      _csrf: b.token,
      email: 'admin@ballerup.dk',
      password: testPassword,
      next: '/admin/brugere',
    });
    expect(login.headers.location).toBe('/admin/brugere');
  });

  it('answers a reader on an admin page with a Danish 403 and logs the refusal', async () => {
    const b = browser();
    await b.login('reader@ballerup.dk');
    const res = await b.get('/admin/log');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Du har ikke adgang');
    expect((await audit())[0]).toMatchObject({
      action: 'audit.read',
      outcome: 'refused',
      actor: 'reader@ballerup.dk',
    });
  });

  it('lets the lead centre’s editor write notes, shows another centre’s editor the notes without the form', async () => {
    const other = browser();
    await other.login('bem@ballerup.dk');
    const page = await other.get(notes);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Du kan læse noterne');
    expect(page.body).not.toContain('name="body"');
    expect((await other.post(notes, { _csrf: other.token, body: 'ikke mit område' })).statusCode).toBe(403);
    const area = await other.get(`/strategier/${ballerupId}/omraader/beskaeftigelse`);
    expect(area.body).toContain('Noter om området');
    expect((await browser().get(`/strategier/${ballerupId}/omraader/beskaeftigelse`)).body).not.toContain(
      'Noter om området',
    );
  });
});

describe('logout and disabled users', () => {
  it('ends the session at logout', async () => {
    const b = browser();
    await b.login('reader@ballerup.dk');
    const cookie = b.jar['__Host-pejlemaerke'] as string;
    const res = await b.post('/log-ud', { _csrf: b.token });
    expect(res.statusCode).toBe(303);
    expect(res.headers['set-cookie']).toMatch(/^__Host-pejlemaerke=; Max-Age=0; Path=\/;/);
    const replay = new Browser(t.app, b.ip);
    replay.jar['__Host-pejlemaerke'] = cookie;
    expect((await replay.get('/admin/log')).statusCode).toBe(303);
    expect((await audit()).find((a) => a.action === 'session.logout')).toMatchObject({
      actor: 'reader@ballerup.dk',
    });
  });

  it('logs a user out everywhere at once when an administrator disables them', async () => {
    const user = await createUser(t.database, 'snart-vaek@ballerup.dk', 'editor', [
      'center-for-arbejdsmarked',
    ]);
    const victim = browser();
    await victim.login('snart-vaek@ballerup.dk');
    expect((await victim.get(notes)).statusCode).toBe(200);
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    await admin.get(`/admin/brugere/${user.id}`);
    const res = await admin.post(`/admin/brugere/${user.id}/deaktiver`, { _csrf: admin.token });
    expect(res.statusCode).toBe(303);
    expect((await admin.get(res.headers.location as string)).body).toContain(
      '1 aktive sessioner blev afsluttet',
    );
    expect((await victim.get(notes)).statusCode).toBe(303);
  });

  it('resets a password from the user page', async () => {
    const user = await createUser(t.database, 'glemsom@ballerup.dk', 'reader');
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    await admin.get(`/admin/brugere/${user.id}`);
    const short = await admin.post(`/admin/brugere/${user.id}/adgangskode`, {
      _csrf: admin.token,
      password: 'kort',
    });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Adgangskoden skal være mindst 12 tegn.');
    const ok = await admin.post(`/admin/brugere/${user.id}/adgangskode`, {
      _csrf: admin.token,
      password: 'en-ny-lang-adgangskode',
    });
    expect(ok.statusCode).toBe(303);
    expect((await browser().login('glemsom@ballerup.dk', 'en-ny-lang-adgangskode')).statusCode).toBe(303);
  });
});

describe('the audit log page', () => {
  it('filters by person, action, outcome and dates, and says what is wrong with a date', async () => {
    const b = browser();
    await b.login('admin@ballerup.dk');
    const failed = await b.get('/admin/log?udfald=failed&handling=session.login');
    expect(failed.statusCode).toBe(200);
    expect(failed.body).toContain('<option value="failed" selected>Mislykket</option>');
    expect(failed.body).not.toContain('<td>Gennemført</td>');
    const bad = await b.get('/admin/log?fra=2026-02-30');
    expect(bad.body).toContain('<a href="#fra">Skriv datoen som åååå-mm-dd');
    const none = await b.get('/admin/log?fra=2030-01-01');
    expect(none.body).toContain('Ingen hændelser passer til filteret.');
    const person = await b.get('/admin/log?person=laas%40ballerup');
    expect(person.body).toContain('Bruger: laas@ballerup.dk');
  });

  it('exports CSV for Danish Excel: BOM, semicolons, CRLF, and formulas defused', async () => {
    await createUser(t.database, '=1+2@evil.dk', 'reader');
    await browser().login('=1+2@evil.dk');
    const b = browser();
    await b.login('admin@ballerup.dk');
    const res = await b.get('/admin/log.csv?person=evil');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="haendelseslog-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Tidspunkt;Aktør;Type;Aktørtypekode;Handling;Handlingskode;Emne;Fra;Udfald;Ændringer;Før;Efter;Id',
    );
    expect(lines.at(-1)).toBe('');
    expect(res.body).not.toMatch(/[^\r]\n/);
    expect(lines.some((l) => l.split(';')[1] === "'=1+2@evil.dk")).toBe(true);
    expect((await browser().get('/admin/log.csv')).statusCode).toBe(303);
  });
});

describe('single sign-on when it is not configured', () => {
  it('answers its routes with 404 and shows no button', async () => {
    expect((await browser().get('/log-ind/oidc')).statusCode).toBe(404);
    expect((await browser().get('/log-ind/oidc/callback?code=x&state=y')).statusCode).toBe(404);
    expect((await browser().get('/log-ind')).body).not.toContain('/log-ind/oidc');
  });
});
