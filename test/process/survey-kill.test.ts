// Answers through the respondent's link while the server is killed: the real `serve` on a fresh embedded database,
// answers sent over HTTP on 127.0.0.1 several at a time, the server killed with SIGKILL in the middle three times
// and started again. Every answer that got its receipt (303 to the receipt page) must be stored exactly once and
// submitted; no answer may be stored in part. The server logs at debug level, every request: the links' tokens
// must not be in its output.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRoundWithRecipients, ended, freePort, runCli, startServe } from '../support/real-server.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const strategyFile = path.join(repoRoot, 'strategies', 'ballerup-integrationsstrategi-2021-2023.yaml');
const RECIPIENTS = 30;
const KILLS = 3;

let dataDir = '';
let env: NodeJS.ProcessEnv = {};
let logged = '';
let server: ChildProcess | undefined;

const cli = (args: string[]) => runCli(args, { cwd: dataDir, env });
const startServer = (port: number) =>
  startServe({
    port,
    cwd: dataDir,
    env: { ...env, LOG_LEVEL: 'debug' },
    onOutput: (text) => (logged += text),
  });

/** One respondent answers: the link opened, the one page sent. True when the receipt was reached (or shown). */
async function answer(base: string, token: string, users: number): Promise<boolean> {
  const url = `${base}/svar/${token}`;
  const page = await fetch(url, { redirect: 'manual' });
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  // Sent before, the server killed before its answer reached the respondent: the link now shows the receipt.
  if (page.status === 200 && html.includes('Tak – din besvarelse er gemt')) return true;
  if (page.status !== 200 || !csrf) return false;
  const res = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      _csrf: csrf,
      side: '1',
      handling: 'send',
      'q-tilbudstype': 'fvu-dansk',
      'q-brugere-i-alt': String(users),
      'q-registrerer-herkomst': 'true',
      'q-brugere-ikke-vestlig': String(users - 1),
    }),
  });
  await res.arrayBuffer();
  return res.status === 303 && res.headers.get('location') === `/svar/${token}`;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pejlemaerke-survey-kill-'));
  env = { ...process.env, DATA_DIR: path.join(dataDir, 'data'), LANG: 'C.UTF-8' };
  delete env.DATABASE_URL;
  delete env.LOG_LEVEL;
}, 60_000);

afterAll(async () => {
  if (server) await ended(server, 'SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('answers while the server is killed', () => {
  it('stores every answer that got a receipt exactly once, and none in part', async () => {
    const roundId = await cliRoundWithRecipients({ cwd: dataDir, env, strategyFile, recipients: RECIPIENTS });
    const links = await cli([
      'survey',
      'links',
      roundId,
      '--base-url',
      'http://127.0.0.1',
      '--format',
      'csv',
    ]);
    expect(links.code, links.stderr).toBe(0);
    // recipient,organisation,contact,email,link: "Udbyder 7" answers 17 users, so a stored answer shows whose it is.
    const issued = [...links.stdout.matchAll(/Udbyder (\d+),.*\/svar\/([A-Za-z0-9_-]{43})/g)].map((m) => ({
      n: Number(m[1]),
      token: m[2] as string,
    }));
    const tokens = issued.map((i) => i.token);
    expect(tokens).toHaveLength(RECIPIENTS);
    const users = (token: string) => (issued.find((i) => i.token === token)?.n ?? 0) + 10;

    const receipted = new Set<string>();
    let kills = 0;
    let failed = 0;
    for (let run = 0; run <= KILLS && receipted.size < RECIPIENTS; run++) {
      const port = await freePort();
      server = await startServer(port);
      const base = `http://127.0.0.1:${port}`;
      const waiting = tokens.filter((tk) => !receipted.has(tk));
      let next = 0;
      const worker = async () => {
        while (next < waiting.length) {
          const token = waiting[next++] as string;
          try {
            if (await answer(base, token, users(token))) receipted.add(token);
          } catch {
            failed++; // the server was killed under this request: no receipt
          }
        }
      };
      const workers = Promise.all(Array.from({ length: 6 }, worker));
      if (run < KILLS) {
        // Killed once a few answers are in, while others are on their way.
        const before = receipted.size;
        const deadline = Date.now() + 20_000;
        while (receipted.size < before + 3 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 5));
        await ended(server, 'SIGKILL');
        kills++;
      }
      await workers;
      if (run === KILLS) await ended(server, 'SIGTERM');
      server = undefined;
    }
    console.log(
      `survey kill test: ${kills} kills, ${receipted.size} of ${RECIPIENTS} answers receipted, ${failed} requests cut off`,
    );
    expect(kills).toBe(KILLS);
    expect(receipted.size).toBe(RECIPIENTS);

    const out = path.join(dataDir, 'svar.csv');
    const exported = await cli(['survey', 'export', roundId, '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const rows = (await readFile(out, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = (rows[0] ?? '').split(';');
    const col = (name: string) => header.indexOf(name);
    const body = rows.slice(1).map((r) => r.split(';'));
    // One row per recipient (the export lists recipients; the database's unique key holds one answer each).
    expect(body).toHaveLength(RECIPIENTS);
    for (const row of body) {
      const n = Number(/^Udbyder (\d+)$/.exec(row[col('organisation')] ?? '')?.[1]) + 10;
      expect(row[col('status')], row[0]).toBe('indsendt');
      // Whole: every question of the page, with this recipient's own figures.
      expect(row.slice(col('tilbudstype'))).toEqual(['fvu-dansk', String(n), 'ja', String(n - 1)]);
    }
    // Not one token in what the server logged, though every request was logged.
    expect(logged).toContain('/svar/[skjult]');
    for (const token of tokens) expect(logged).not.toContain(token);
  }, 300_000);
});
