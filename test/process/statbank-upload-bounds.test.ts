// A real server process (`bin/pejlemaerke.js serve` on a fresh data directory) is sent StatBank files that
// declare far more cells than they hold: each is refused with the Danish message, the server keeps answering,
// and its peak memory (VmHWM) stays small. The figures are printed; no time is asserted.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparseJsonStat } from '../support/jsonstat-sparse.ts';
import { freePort } from '../support/real-server.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(repoRoot, 'bin', 'pejlemaerke.js');
const exec = promisify(execFile);
const email = 'admin@ballerup.dk';
const password = 'et-langt-kodeord-til-testen';

let server: ChildProcess | undefined;
let dataDir = '';
let base = '';
const cookies = new Map<string, string>();

function cookieHeader(): string {
  return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

function keepCookies(res: Response): void {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = (pair ?? '').indexOf('=');
    if (eq > 0) cookies.set((pair ?? '').slice(0, eq), (pair ?? '').slice(eq + 1));
  }
}

async function get(url: string): Promise<Response> {
  const res = await fetch(base + url, { headers: { cookie: cookieHeader() }, redirect: 'manual' });
  keepCookies(res);
  return res;
}

function tokenOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no form token on the page');
  return m[1];
}

async function post(url: string, body: FormData | URLSearchParams): Promise<Response> {
  const res = await fetch(base + url, {
    method: 'POST',
    body,
    headers: { cookie: cookieHeader(), origin: base },
    redirect: 'manual',
  });
  keepCookies(res);
  return res;
}

async function peakRss(): Promise<number> {
  const status = await readFile(`/proc/${server?.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

async function upload(name: string, text: string) {
  const page = await get('/admin/indlaes/statbank');
  const form = new FormData();
  form.set('_csrf', tokenOf(await (page.status === 200 ? page : await get('/admin/indlaes')).text()));
  form.set('tabel', '');
  form.set('enhed', '');
  form.set('fil', new Blob([text], { type: 'application/json' }), name);
  const started = performance.now();
  const res = await post('/admin/indlaes/statbank', form);
  const html = await res.text();
  return { status: res.status, html, seconds: (performance.now() - started) / 1000 };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pejlemaerke-bounds-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PEJLEMAERKE_PASSWORD: password,
  };
  delete env.DATABASE_URL;
  await exec(process.execPath, [bin, 'users', 'add', email, '--name', 'Anne Admin', '--role', 'admin'], {
    env,
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [bin, 'serve', '--port', String(port)], {
    env: { ...env, HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    server?.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('kører på')) resolve();
    });
    server?.on('exit', (code) => reject(new Error(`the server ended (${code}) before it answered`)));
  });
  const login = await get('/log-ind');
  const res = await post(
    '/log-ind',
    new URLSearchParams({ _csrf: tokenOf(await login.text()), email, password, next: '/admin/indlaes' }),
  );
  expect(res.status).toBe(303);
  console.log(
    `server peak RSS (VmHWM) after start-up and login, before any upload: ${(await peakRss()).toFixed(0)} MB`,
  );
}, 180_000);

afterAll(async () => {
  server?.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('a StatBank upload that declares far more cells than it holds', () => {
  it.each([
    ['about a million cells', [101, 100, 100]],
    ['ten million cells', [10, 10, 10, 10, 10, 10, 10]],
  ])(
    'is refused with the Danish message naming the limit (%s), and the server keeps answering',
    async (what, sizes) => {
      const text = sparseJsonStat(sizes);
      const declared = sizes.reduce((a, b) => a * b, 1);
      const r = await upload('sparse.json', text);
      const peak = await peakRss();
      console.log(
        `${what}: ${text.length} bytes declaring ${declared} cells → HTTP ${r.status} in ${r.seconds.toFixed(2)} s; server peak RSS (VmHWM) ${peak.toFixed(0)} MB`,
      );
      expect(r.status).toBe(400);
      expect(r.html).toContain('STATBANK_MAX_CELLS');
      expect(r.html).toContain(declared.toLocaleString('da-DK'));
      expect(r.html).toMatch(/celler/);
      expect((await get('/api/v1/strategies')).status).toBe(200);
      expect(peak).toBeLessThan(600);
    },
    600_000,
  );
});
