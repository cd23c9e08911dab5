// Start-up benchmark: `npm start` (bin/pejlemaerke.js serve) to the first page served, on the embedded
// database, against the anchor of a bare Node.js HTTP server started the same way. Goal: ≤ 3 s cold.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface StartupFigures {
  readonly freshDataDirMs: readonly number[];
  readonly existingDataDirMs: readonly number[];
  readonly anchorMs: readonly number[];
}

export async function measureStartup(runs = 3): Promise<StartupFigures> {
  const fresh: number[] = [];
  const existing: number[] = [];
  const anchor: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-start-'));
    try {
      fresh.push(
        await timeToFirstPage([path.join(root, 'bin', 'pejlemaerke.js'), 'serve'], { DATA_DIR: dir }),
      );
      existing.push(
        await timeToFirstPage([path.join(root, 'bin', 'pejlemaerke.js'), 'serve'], { DATA_DIR: dir }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    anchor.push(
      await timeToFirstPage([
        '-e',
        "require('node:http').createServer((q,s)=>s.end('<!DOCTYPE html><title>x</title>')).listen(Number(process.env.PORT),'127.0.0.1')",
      ]),
    );
  }
  return { freshDataDirMs: fresh, existingDataDirMs: existing, anchorMs: anchor };
}

async function timeToFirstPage(args: string[], env: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let attempt = 0; attempt < 6000; attempt++) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before serving`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        await res.text();
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('server did not serve a page within 60 s');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
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
