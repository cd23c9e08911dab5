// The data directory's lock, with real processes: a second opener is refused and told who holds it, a lock left
// by a process that is gone (dead, killed, its pid reused) is taken over, and of several processes taking over
// one stale lock at once exactly one wins.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/support/app.ts';
import {
  acquireDataDirLock,
  DataDirLockedError,
  liveLockHolder,
  lockFolderName,
  parseHolder,
  startTimeOf,
  type LockHolder,
} from './data-dir-lock.ts';
import { DatabaseUnavailableError, openDatabase } from './database.ts';

const support = path.join(repoRoot, 'test', 'support');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

const freshDir = () => mkdtemp(path.join(tmpdir(), 'lock-'));
const lockFile = (dir: string) => path.join(dir, lockFolderName, 'lock.json');

function writeLock(dir: string, holder: Partial<LockHolder> | string): void {
  acquireDataDirLock(dir).release(); // makes the folder
  const record: LockHolder = {
    version: 1,
    pid: 1,
    startTime: '1',
    command: 'pejlemaerke serve',
    since: '2026-01-01T00:00:00.000Z',
    token: 'test',
    ...(typeof holder === 'object' ? holder : {}),
  };
  writeFileSync(lockFile(dir), typeof holder === 'string' ? holder : JSON.stringify(record));
}

function tsx(script: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(support, script), ...args], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    let err = '';
    child.stdout?.on('data', (b: Buffer) => {
      text += b.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0] as string);
    });
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code} before a line: ${text}${err}`)));
  });
}

describe('in one process', () => {
  it('refuses a second lock on the same directory, also by another name for it, until the first is released', async () => {
    const dir = await freshDir();
    const lock = acquireDataDirLock(dir);
    const refusal = (() => {
      try {
        acquireDataDirLock(`${dir}/./`);
      } catch (e) {
        return e;
      }
    })();
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect((refusal as Error).message).toMatch(/is already open in this process/);
    expect(refusal).toBeInstanceOf(DatabaseUnavailableError);
    lock.release();
    lock.release();
    expect(existsSync(lockFile(dir))).toBe(false);
    acquireDataDirLock(dir).release();
  });

  it('keeps the lock in an owner-only folder and names this process in it', async () => {
    const dir = await freshDir();
    const lock = acquireDataDirLock(dir);
    try {
      expect(statSync(path.join(dir, lockFolderName)).mode & 0o777).toBe(0o700);
      const holder = parseHolder(readFileSync(lockFile(dir), 'utf8'));
      expect(holder).toMatchObject({ version: 1, pid: process.pid, startTime: startTimeOf(process.pid) });
      expect(liveLockHolder(dir)?.pid).toBe(process.pid);
      lock.announceSocket('/tmp/x.sock');
      expect(liveLockHolder(dir)?.socket).toBe('/tmp/x.sock');
    } finally {
      lock.release();
    }
    expect(liveLockHolder(dir)).toBeUndefined();
  });

  it('refuses to open the same embedded database twice, and opens it again once closed', async () => {
    const dir = await freshDir();
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/already open in this process/);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });
});

describe('stale and foreign lock files', () => {
  it('takes over a file that is not a lock record', async () => {
    const dir = await freshDir();
    writeLock(dir, '{"this is": not json');
    const lock = acquireDataDirLock(dir);
    expect(parseHolder(readFileSync(lockFile(dir), 'utf8'))?.pid).toBe(process.pid);
    lock.release();
  });

  it('takes over the lock of a process that has ended', async () => {
    const dir = await freshDir();
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    writeLock(dir, { pid: Number(gone.stdout.trim()), startTime: '12345' });
    acquireDataDirLock(dir).release();
  });

  it('takes over a lock naming a live pid that another process now has (its start time differs)', async () => {
    const dir = await freshDir();
    writeLock(dir, { pid: process.ppid, startTime: '1' });
    acquireDataDirLock(dir).release();
  });

  it('refuses a lock held by a live process, naming it (pid, command, since when) and what to do', async () => {
    const dir = await freshDir();
    writeLock(dir, {
      pid: process.ppid,
      startTime: startTimeOf(process.ppid),
      command: 'pejlemaerke import statbank big.csv',
      since: '2026-12-06T21:00:00.000Z',
    });
    expect(() => acquireDataDirLock(dir)).toThrow(
      new RegExp(
        `in use by process ${process.ppid} \\(pejlemaerke import statbank big\\.csv, since 2026-12-06T21:00:00\\.000Z\\).*Wait until that command has finished`,
      ),
    );
  });

  it('lets the next opener take over from a process killed with SIGKILL while it held the database', async () => {
    const dir = await freshDir();
    const holder = tsx('hold-data-dir.ts', [dir]);
    expect(await firstLine(holder)).toBe('open');
    const second = tsx('hold-data-dir.ts', [dir]);
    expect(await firstLine(second)).toMatch(
      new RegExp(`^refused: .*in use by process ${holder.pid} \\(node hold-data-dir ${dir}, since `),
    );
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    expect(existsSync(lockFile(dir))).toBe(true);
    const database = await openDatabase({ dataDir: dir });
    await database.close();
  });
});

describe('several processes at once', () => {
  it('lets exactly one of four processes take over one stale lock', async () => {
    const dir = await freshDir();
    writeLock(dir, { pid: process.ppid, startTime: '1' });
    const at = String(Date.now() + 2_500);
    const contenders = Array.from({ length: 4 }, () => tsx('lock-contender.ts', [dir, at]));
    const answers = await Promise.all(contenders.map(firstLine));
    expect(answers.filter((a) => a === 'won')).toHaveLength(1);
    expect(answers.filter((a) => a === 'refused')).toHaveLength(3);
  });
});
