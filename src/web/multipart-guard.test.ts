// The upload forms decide before reading a file whether they may have it: an anonymous request (whatever its
// log-in-again fields say, in whatever order), a bad form token, a user without the right, or a file sent
// before the token gets its refusal without the server reading the file — nothing is written to the
// temporary folder, and no more than a small bound of the body is taken off the wire.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, cookieHeader, createUser, testPassword } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { securityHeaders } from './security-headers.ts';

const choice = `${ballerupId}/ledige-efter-13-uger`;
const MB = 1024 * 1024;

let t: TestApp;
let uploadTmp: string;
let savedTmp: string | undefined;

beforeAll(async () => {
  // The uploads' temporary folder is os.tmpdir(), read at each upload: a folder of this file's own, so
  // "nothing was written" is exact whatever other tests do at the same time.
  uploadTmp = await mkdtemp(path.join(tmpdir(), 'pejlemaerke-guard-'));
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = uploadTmp;
  expect(tmpdir()).toBe(uploadTmp);
  t = await startTestApp(undefined, undefined, { loginRateLimit: { max: 10_000, windowMs: 60_000 } });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'a@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
});
afterAll(async () => {
  await t.close();
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  await rm(uploadTmp, { recursive: true, force: true });
});

interface Sent {
  readonly fields: readonly (readonly [string, string])[];
  readonly fileName?: string;
  /** Fields sent after the file. */
  readonly after?: readonly (readonly [string, string])[];
  readonly fileBytes: number;
}

/**
 * A multipart body made as it is read, so a 50 MB file costs the test no memory; `pulled` says how much of
 * it the server took.
 */
function lazyBody(sent: Sent) {
  const boundary = '----pejlemaerkeguard';
  const fieldPart = ([k, v]: readonly [string, string]) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  const head = Buffer.from(
    sent.fields.map(fieldPart).join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="fil"; filename="${sent.fileName ?? 'tal.csv'}"\r\n` +
      'Content-Type: text/csv\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n${(sent.after ?? []).map(fieldPart).join('')}--${boundary}--\r\n`);
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let fileLeft = sent.fileBytes;
  let state: 'head' | 'file' | 'tail' | 'done' = 'head';
  const counter = { pulled: 0 };
  const stream = new Readable({
    read() {
      let next: Buffer | null = null;
      if (state === 'head') {
        next = head;
        state = 'file';
      } else if (state === 'file' && fileLeft > 0) {
        next = chunk.subarray(0, Math.min(chunk.length, fileLeft));
        fileLeft -= next.length;
      } else if (state === 'file' || state === 'tail') {
        next = tail;
        state = 'done';
      }
      if (next) counter.pulled += next.length;
      this.push(next);
    },
  });
  return { stream, counter, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function send(b: Browser, sent: Sent, url = '/admin/indlaes') {
  const body = lazyBody(sent);
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: cookieHeader(b.jar), 'content-type': body.contentType },
    payload: body.stream,
  });
  return { res, pulled: body.counter.pulled };
}

const nothingKept = async () => expect(await readdir(uploadTmp)).toEqual([]);

/** The form cookie and its token, as an anonymous visitor's page hands them out. */
async function anonymousForm(): Promise<Browser> {
  const b = new Browser(t.app);
  await b.get('/log-ind');
  expect(b.token).not.toBe('');
  return b;
}

describe('a file sent by someone who may not send it is never read', () => {
  it('anonymous with relogin_email first and a 50 MB file: refused, nothing written, the file not read', async () => {
    const b = await anonymousForm();
    const { res, pulled } = await send(b, {
      fields: [
        ['relogin_email', 'admin@ballerup.dk'],
        ['_csrf', b.token],
        ['indikator', choice],
      ],
      fileBytes: 50 * MB,
    });
    // No password: the log-in-again fails, and the form is shown again.
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="relogin_email"');
    expect(res.headers.connection).toBe('close');
    for (const [name, value] of Object.entries(securityHeaders))
      expect(res.headers[name.toLowerCase()]).toBe(value);
    expect(pulled).toBeLessThan(2 * MB);
    await nothingKept();
  });

  it('anonymous with a wrong password, with no token, or with a token not its own', async () => {
    const b = await anonymousForm();
    const wrong = await send(b, {
      fields: [
        ['_csrf', b.token],
        ['relogin_email', 'admin@ballerup.dk'],
        ['relogin_password', 'forkert-kodeord-123'],
        ['indikator', choice],
      ],
      fileBytes: 50 * MB,
    });
    expect(wrong.res.statusCode).toBe(401);
    expect(wrong.res.body).toContain('Vi kunne ikke logge dig ind. Tjek e-mail og adgangskode.');
    expect(wrong.pulled).toBeLessThan(2 * MB);
    const noToken = await send(b, { fields: [['relogin_email', 'admin@ballerup.dk']], fileBytes: 50 * MB });
    expect(noToken.res.statusCode).toBe(403);
    expect(noToken.pulled).toBeLessThan(2 * MB);
    const plain = await send(new Browser(t.app), { fields: [['indikator', choice]], fileBytes: 50 * MB });
    expect(plain.res.statusCode).toBe(403);
    expect(plain.pulled).toBeLessThan(2 * MB);
    await nothingKept();
  });

  it('a user without the right to import, even with the right token and the right password', async () => {
    const editor = new Browser(t.app);
    await editor.login('a@ballerup.dk');
    const { res, pulled } = await send(editor, {
      fields: [
        ['_csrf', editor.token],
        ['indikator', choice],
      ],
      fileBytes: 50 * MB,
    });
    expect(res.statusCode).toBe(403);
    expect(pulled).toBeLessThan(2 * MB);
    // Logging in again as the editor inside the form does not give the right either.
    const b = await anonymousForm();
    const relogin = await send(b, {
      fields: [
        ['_csrf', b.token],
        ['relogin_email', 'a@ballerup.dk'],
        ['relogin_password', testPassword],
      ],
      fileBytes: 50 * MB,
    });
    expect(relogin.res.statusCode).toBe(403);
    expect(relogin.pulled).toBeLessThan(2 * MB);
    await nothingKept();
  });

  it('an administrator whose form token is wrong, or comes after the file', async () => {
    const admin = new Browser(t.app);
    await admin.login('admin@ballerup.dk');
    const wrong = await send(admin, { fields: [['_csrf', 'x'.repeat(43)]], fileBytes: 50 * MB });
    expect(wrong.res.statusCode).toBe(403);
    expect(wrong.pulled).toBeLessThan(2 * MB);
    const late = await send(admin, { fields: [], after: [['_csrf', admin.token]], fileBytes: 50 * MB });
    expect(late.res.statusCode).toBe(403);
    expect(late.pulled).toBeLessThan(2 * MB);
    const statbank = await send(admin, { fields: [], fileBytes: 50 * MB }, '/admin/indlaes/statbank');
    expect(statbank.res.statusCode).toBe(403);
    expect(statbank.pulled).toBeLessThan(2 * MB);
    await nothingKept();
  });

  it('over a real connection: the refusal comes while the client is still sending, and the socket is closed', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const body = lazyBody({ fields: [['relogin_email', 'admin@ballerup.dk']], fileBytes: 50 * MB });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/admin/indlaes',
          headers: { 'content-type': body.contentType },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
      body.stream.pipe(req);
    });
    expect(status).toBe(403);
    // What the kernel's socket buffers took before the answer came, not the file.
    expect(body.counter.pulled).toBeLessThan(16 * MB);
    await nothingKept();
  });

  it('a file whose name holds a control character is a Danish 400, not kept', async () => {
    const admin = new Browser(t.app);
    await admin.login('admin@ballerup.dk');
    const { res } = await send(admin, {
      fields: [
        ['_csrf', admin.token],
        ['indikator', choice],
      ],
      fileName: 'tal\u0001.csv',
      fileBytes: 1000,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Navnet på den valgte fil indeholder et kontroltegn (tegnkode U+0001)');
    await nothingKept();
  });

  it('the administrator with the right token is read to the end (and the file removed after)', async () => {
    const admin = new Browser(t.app);
    await admin.login('admin@ballerup.dk');
    const { res, pulled } = await send(admin, {
      fields: [
        ['_csrf', admin.token],
        ['indikator', choice],
      ],
      fileBytes: 3 * MB,
    });
    // Not a template: refused for its content, which means it was read.
    expect(res.statusCode).toBe(400);
    expect(pulled).toBeGreaterThan(3 * MB);
    await expect.poll(async () => readdir(uploadTmp)).toEqual([]);
  });
});
