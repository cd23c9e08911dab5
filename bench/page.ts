// P3: an indicator page with its chart, requests/s and p99 latency at 10 connections for 10 s, against nginx
// serving the same HTML as a static file, in the same run, both on 127.0.0.1.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../', import.meta.url));
const PAGE = '/strategier/ballerup-integrationsstrategi-2021-2023/indikatorer/ungdomsuddannelse-20-24';

export interface LoadFigures {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly errors: number;
}

export async function measurePage(): Promise<{
  app: LoadFigures;
  nginx: LoadFigures;
  bytes: number;
  /** The machine's 1-minute load average just before the measured runs: the page shares two cores. */
  load: number;
}> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-page-'));
  // nginx's workers run as another user when started by root: they must be able to read the page.
  chmodSync(dir, 0o755);
  const appPort = await freePort();
  const nginxPort = await freePort();
  const app = spawn(process.execPath, [path.join(root, 'bin', 'pejlemaerke.js'), 'serve'], {
    env: {
      ...process.env,
      DATA_DIR: path.join(dir, 'data'),
      PORT: String(appPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let nginx: ChildProcess | undefined;
  try {
    // A fresh database loads the other areas' figures after it starts listening; measure once that is done.
    await waitForLine(app, /alle områders tal er indlæst/);
    const url = `http://127.0.0.1:${appPort}${PAGE}`;
    const html = await (await fetch(url)).text();
    if (!html.includes('<svg'))
      throw new Error('the indicator page has no chart; is the bundled dataset loaded?');
    writeFileSync(path.join(dir, 'index.html'), html);
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      `worker_processes 1; error_log ${dir}/error.log; pid ${dir}/nginx.pid;
events { worker_connections 256; }
http { access_log off; default_type text/html;
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp; uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  server { listen 127.0.0.1:${nginxPort}; location / { root ${dir}; try_files /index.html =404; } } }`,
    );
    nginx = spawn('/usr/sbin/nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
      stdio: 'inherit',
    });
    await waitForPort(nginxPort);
    // Both must answer with the page itself before either is timed.
    for (const u of [url, `http://127.0.0.1:${nginxPort}/`]) {
      const r = await fetch(u);
      const body = await r.text();
      if (r.status !== 200 || body !== html)
        throw new Error(`${u} did not answer with the page (${r.status})`);
    }
    // Warm both up, then measure one after the other so they do not share the two cores.
    await load(url, 2);
    const machineLoad = loadavg()[0] ?? NaN;
    const appFigures = await load(url, 10);
    await load(`http://127.0.0.1:${nginxPort}/`, 2);
    const nginxFigures = await load(`http://127.0.0.1:${nginxPort}/`, 10);
    return { app: appFigures, nginx: nginxFigures, bytes: Buffer.byteLength(html), load: machineLoad };
  } finally {
    nginx?.kill('SIGTERM');
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * wrk (Debian's package), one thread and 10 connections: a client in C that counts bytes without decoding them,
 * so the figures are the servers', not the client's.
 */
async function load(url: string, seconds: number): Promise<LoadFigures> {
  const { stdout } = await promisify(execFile)('wrk', ['-t1', '-c10', `-d${seconds}s`, '--latency', url]);
  const requests = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(stdout);
  if (!requests || !p99) throw new Error(`cannot read wrk's figures:\n${stdout}`);
  const scale = { us: 0.001, ms: 1, s: 1000 }[p99[2] as 'us' | 'ms' | 's'];
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const errors = Number(non2xx?.[1] ?? 0) + (socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0);
  return { requestsPerSecond: Number(requests[1]), p99Ms: Number(p99[1]) * scale, errors };
}

function waitForLine(child: ChildProcess, re: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (d: Buffer) => {
      seen += d.toString();
      if (re.test(seen)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error(`nothing listens on ${port}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
