// The real program in processes of its own, as the process tests run it: the command line, `serve` until it
// says it is listening, a free port on 127.0.0.1, and a process ended with a given signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

export const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'pejlemaerke.js');

/** `pejlemaerke <args>` run to its end in `cwd` with `env`. */
export function runCli(
  args: readonly string[],
  o: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: o.cwd, env: o.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port on 127.0.0.1 that nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `pejlemaerke serve` on 127.0.0.1:`port` without seeding, resolved once it says it is listening and rejected
 * if it ends before; everything it prints also goes to `onOutput`.
 */
export function startServe(o: {
  readonly port: number;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly onOutput?: (text: string) => void;
}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd: o.cwd,
    env: { ...o.env, PORT: String(o.port), HOST: '127.0.0.1', SEED: '0' },
  });
  return new Promise((resolve, reject) => {
    let said = '';
    const take = (b: Buffer) => {
      said += b.toString();
      o.onOutput?.(b.toString());
      if (said.includes('Pejlemærke kører på')) resolve(child);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code, signal) => reject(new Error(`serve ended (${code ?? signal}): ${said}`)));
  });
}

/** The process sent `signal` and gone (at once if it has already ended). */
export function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/**
 * By the command line in `cwd`: the strategy loaded, an FVU round open from two days ago for a month, and
 * `recipients` providers imported from a Danish `;` CSV with CRLF. The round's id; throws with what a command
 * said if one fails.
 */
export async function cliRoundWithRecipients(o: {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly strategyFile: string;
  readonly recipients: number;
}): Promise<string> {
  const cli = async (args: readonly string[]) => {
    const r = await runCli(args, o);
    if (r.code !== 0) throw new Error(`pejlemaerke ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  };
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await cli(['strategy', 'load', o.strategyFile]);
  const opened = await cli([
    'survey',
    'round',
    'open',
    'fvu-sprogtilbud',
    '--opens',
    day(-2),
    '--closes',
    day(30),
  ]);
  const roundId = opened.stdout.trim().split('\n').at(-1) ?? '';
  const lines = ['organisation;type;område;kontaktperson;e-mail'];
  for (let i = 1; i <= o.recipients; i++)
    lines.push(`Udbyder ${i};udbyder;151;Kontakt ${i};u${i}@example.dk`);
  await writeFile(path.join(o.cwd, 'modtagere.csv'), `${lines.join('\r\n')}\r\n`);
  await cli(['survey', 'recipients', 'import', roundId, 'modtagere.csv']);
  return roundId;
}
