// Start-up benchmark (P4): `npm start` — `node bin/pejlemaerke.js serve`, the real launcher, which reuses its
// build while the sources are unchanged, as on a municipal server — measured from outside the process, on the embedded database, against
// the anchor of a bare node:http server started the same way in the same run. Each round: the anchor, a first
// start on a fresh DATA_DIR, and a restart on that directory once the first start has loaded everything.
// Figures: to the first 200 of `GET /` that is the real front page (the strategy's title in a Danish page), to
// the first front page that no longer says its figures are loading, and (first start) to every area's figures.
// Goals: first start ≤ 3 s, restart ≤ 1.5 s, to the first page. Every child is stopped and awaited.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const launcher = path.join(root, 'bin', 'pejlemaerke.js');
/** On every page that shows figures while they load (src/web/views/_loading-notice.njk). */
const LOADING = 'data-dataset-loading';
const FRONT_PAGE = (html: string) =>
  html.includes('<html lang="da">') && html.includes('Integrationsstrategi');

export interface StartTimes {
  /** To the first real front page. */
  readonly firstPageMs: number;
  /** To the first front page that says nothing is loading (its own area's figures and status shown). */
  readonly completePageMs: number;
  /** To the population page saying nothing is loading: every area's figures stored. */
  readonly allLoadedMs: number;
}

export interface StartupFigures {
  readonly fresh: readonly StartTimes[];
  readonly restart: readonly StartTimes[];
  readonly anchorMs: readonly number[];
  /** The 1-minute load average before and after the runs. */
  readonly load: readonly [number, number];
}

export async function measureStartup(runs = 5): Promise<StartupFigures> {
  const fresh: StartTimes[] = [];
  const restart: StartTimes[] = [];
  const anchor: number[] = [];
  const before = loadavg()[0] ?? NaN;
  for (let i = 0; i < runs; i++) {
    anchor.push(await timeAnchor());
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-start-'));
    try {
      fresh.push(await timeServe(dir));
      restart.push(await timeServe(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { fresh, restart, anchorMs: anchor, load: [before, loadavg()[0] ?? NaN] };
}

/** A bare node:http server as a separate process, to its first answer. */
async function timeAnchor(): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = start(
    [
      '-e',
      "require('node:http').createServer((q,s)=>s.end('<!DOCTYPE html><title>x</title>')).listen(Number(process.env.PORT),'127.0.0.1')",
    ],
    port,
  );
  try {
    await poll(child, port, '/', (status) => status === 200);
    return performance.now() - started;
  } finally {
    await stop(child);
  }
}

/** `serve` on DATA_DIR=dir; stopped only once every figure is loaded, so a restart finds a loaded directory. */
async function timeServe(dir: string): Promise<StartTimes> {
  const port = await freePort();
  const started = performance.now();
  const child = start([launcher, 'serve'], port, { DATA_DIR: path.join(dir, 'data') });
  try {
    await poll(child, port, '/', (status, html) => status === 200 && FRONT_PAGE(html));
    const firstPageMs = performance.now() - started;
    await poll(
      child,
      port,
      '/',
      (status, html) => status === 200 && FRONT_PAGE(html) && !html.includes(LOADING),
    );
    const completePageMs = performance.now() - started;
    await poll(child, port, '/befolkning', (status, html) => status === 200 && !html.includes(LOADING));
    return { firstPageMs, completePageMs, allLoadedMs: performance.now() - started };
  } finally {
    await stop(child);
  }
}

function start(args: string[], port: number, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function poll(
  child: ChildProcess,
  port: number,
  url: string,
  done: (status: number, html: string) => boolean,
): Promise<void> {
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode} before serving ${url}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${url}`);
      if (done(res.status, await res.text())) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`server did not serve ${url} as expected within 120 s`);
}

/** SIGTERM (serve closes its database), then SIGKILL if it has not exited within 20 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
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
