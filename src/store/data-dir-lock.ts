// One process per embedded database. PGlite is a database of one process: nothing in it stops a second process
// from opening the same directory, and two of them overwrite each other's pages. The process that opens a
// DATA_DIR therefore holds `<DATA_DIR>/.pejlemaerke/lock.json`, which names it (pid, start time, command, since
// when) and, for `serve`, the socket the command line reaches it on.
//
// The file is created whole or not at all (written aside, then hard-linked into place: link fails when the name
// exists), so a reader never sees half of it. A lock whose process is gone — its pid dead, or reused by another
// process, known by the start time in /proc/<pid>/stat — is taken over; so is a file that is not a lock record
// (no process of ours writes one). Two processes taking over one stale lock at once must not both win: the taker
// first claims a guard file named by a digest of the stale record (the same exclusive create, itself taken over
// the same way should its taker die), removes the stale file only if it is still the very record it judged, and
// then races for the name like anyone else — the exclusive create decides.
import { createHash, randomUUID } from 'node:crypto';
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { DatabaseUnavailableError } from './database-error.ts';

/** The folder inside DATA_DIR that holds the lock (and usually the server's command socket). PostgreSQL ignores it. */
export const lockFolderName = '.pejlemaerke';
const lockFileName = 'lock.json';

/** What the lock file says about the process holding it. */
export interface LockHolder {
  readonly version: 1;
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot); null where there is no /proc. */
  readonly startTime: string | null;
  /** The command line of the holder, e.g. `pejlemaerke serve`. */
  readonly command: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  /** Unique per lock taken, so a stale record is never mistaken for a fresh one with the same pid. */
  readonly token: string;
  /** The Unix socket on which a running server takes commands, once it listens. */
  readonly socket?: string;
}

export class DataDirLockedError extends DatabaseUnavailableError {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
    ownProcess: boolean,
  ) {
    super(lockedMessage(dataDir, holder, ownProcess));
  }
}

function lockedMessage(dataDir: string, holder: LockHolder, ownProcess: boolean): string {
  const who = `process ${holder.pid} (${holder.command}, since ${holder.since})`;
  if (ownProcess)
    return `the embedded database in ${dataDir} is already open in this process (${holder.command}); it can be opened once`;
  const serving = isServeCommand(holder.command);
  return (
    `the embedded database in ${dataDir} is in use by ${who}; PGlite allows one process per data directory. ` +
    (serving
      ? 'Stop that server first, or give this one another DATA_DIR (the command-line commands run inside a running server)'
      : 'Wait until that command has finished, or stop it (kill ' + String(holder.pid) + '), then try again')
  );
}

/** Whether a holder's command line is the web server, which takes commands on its socket. */
export function isServeCommand(command: string): boolean {
  return /^pejlemaerke serve(\s|$)/.test(command);
}

export interface DataDirLock {
  /** The data directory, as a real path. */
  readonly dataDir: string;
  /** The folder of the lock file, mode 0700. */
  readonly folder: string;
  /** Names (or, with undefined, stops naming) the socket this process takes commands on. */
  announceSocket(socket: string | undefined): void;
  /** Gives the lock up; safe to call twice. */
  release(): void;
}

/** Locks held by this process, by the data directory's real path. */
const held = new Map<string, { lock: DataDirLock; holder: LockHolder }>();
let exitHook = false;

/**
 * Takes the lock of `dataDir` (created if missing) for this process, or throws DataDirLockedError naming the
 * process that holds it. Opening a directory this process already holds is refused too.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const real = realpathSync(dataDir);
  const mine = held.get(real);
  if (mine) throw new DataDirLockedError(dataDir, mine.holder, true);
  const folder = path.join(real, lockFolderName);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  ownerOnlyFolder(folder);
  const file = path.join(folder, lockFileName);
  let holder: LockHolder = {
    version: 1,
    pid: process.pid,
    startTime: startTimeOf(process.pid),
    command: ownCommandLine(),
    since: new Date().toISOString(),
    token: randomUUID(),
  };
  const other = claim(file, holder, 0);
  if (other) throw new DataDirLockedError(dataDir, other, false);
  let raw = serialise(holder);
  let released = false;
  const lock: DataDirLock = {
    dataDir: real,
    folder,
    announceSocket(socket) {
      if (released) return;
      const { socket: _old, ...rest } = holder;
      holder = socket === undefined ? rest : { ...rest, socket };
      const next = serialise(holder);
      // Replaced whole: a reader sees the old record or the new one.
      const aside = asideName(file);
      writeFileSync(aside, next, { mode: 0o600 });
      renameSync(aside, file);
      raw = next;
    },
    release() {
      if (released) return;
      released = true;
      held.delete(real);
      try {
        if (readFileSync(file, 'utf8') === raw) unlinkSync(file);
      } catch {
        // Already gone.
      }
    },
  };
  held.set(real, { lock, holder });
  if (!exitHook) {
    exitHook = true;
    // A process that ends without closing its database (process.exit, an uncaught error) still gives it up; one
    // killed outright leaves the file, which the next opener finds stale.
    process.on('exit', () => {
      for (const { lock: l } of [...held.values()]) l.release();
    });
  }
  return lock;
}

/** The lock this process holds on `dataDir`, if any. */
export function heldDataDirLock(dataDir: string): DataDirLock | undefined {
  try {
    return held.get(realpathSync(dataDir))?.lock;
  } catch {
    return undefined;
  }
}

/** The live process holding `dataDir`'s lock, without taking or changing anything; undefined when none does. */
export function liveLockHolder(dataDir: string): LockHolder | undefined {
  let real: string;
  try {
    real = realpathSync(dataDir);
  } catch {
    return undefined;
  }
  const seen = readRecord(path.join(real, lockFolderName, lockFileName));
  return seen?.holder && isLive(seen.holder) ? seen.holder : undefined;
}

/**
 * Creates `file` holding `holder`, taking over a file left by a process that is gone. Returns undefined when
 * the file is ours, or the live process that holds it.
 */
function claim(file: string, holder: LockHolder, depth: number): LockHolder | undefined {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (tryCreate(file, serialise(holder))) return undefined;
    const seen = readRecord(file);
    if (!seen) continue; // removed meanwhile: race for the name again
    if (seen.holder && isLive(seen.holder)) return seen.holder;
    if (depth >= 4 || Date.now() > deadline)
      throw new DatabaseUnavailableError(
        `cannot take over the stale lock ${file}; remove it by hand when no process uses the data directory`,
      );
    // Stale: only the process that claims this record's guard may remove it.
    const guard = `${file}.takeover-${createHash('sha256').update(seen.raw).digest('hex').slice(0, 16)}`;
    const guardHolder = claim(guard, { ...holder, token: randomUUID() }, depth + 1);
    if (guardHolder === undefined) {
      try {
        if (readRecord(file)?.raw === seen.raw) unlinkSync(file);
      } finally {
        unlinkQuietly(guard);
      }
    } else {
      // Another process is taking it over; look again in a moment.
      sleep(5 + Math.random() * 10);
    }
  }
}

function tryCreate(file: string, content: string): boolean {
  const aside = asideName(file);
  writeFileSync(aside, content, { mode: 0o600 });
  try {
    linkSync(aside, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new DatabaseUnavailableError(`cannot create the lock ${file}: ${(e as Error).message}`, {
      cause: e,
    });
  } finally {
    unlinkQuietly(aside);
  }
}

function readRecord(file: string): { raw: string; holder: LockHolder | undefined } | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DatabaseUnavailableError(`cannot read the lock ${file}: ${(e as Error).message}`, { cause: e });
  }
  return { raw, holder: parseHolder(raw) };
}

/** A lock record, or undefined for anything else (which no process of ours wrote). */
export function parseHolder(raw: string): LockHolder | undefined {
  if (raw.length > 10_000) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const ok =
    r.version === 1 &&
    Number.isSafeInteger(r.pid) &&
    (r.pid as number) > 0 &&
    (r.startTime === null || typeof r.startTime === 'string') &&
    typeof r.command === 'string' &&
    typeof r.since === 'string' &&
    typeof r.token === 'string' &&
    (r.socket === undefined || typeof r.socket === 'string');
  return ok ? (r as unknown as LockHolder) : undefined;
}

/** Alive and still the same process: a pid can be reused by another once its process ended. */
function isLive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    // EPERM: it exists, under another user.
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const now = startTimeOf(holder.pid);
  if (now === null || holder.startTime === null) return true; // cannot tell: assume it is the one
  return now === holder.startTime;
}

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses, so count from its end. */
export function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function ownCommandLine(): string {
  const [, script, ...args] = process.argv;
  const name = script ? path.basename(script).replace(/\.(js|mjs|ts)$/, '') : 'node';
  return [name === 'pejlemaerke' ? 'pejlemaerke' : `node ${name}`, ...args].join(' ').slice(0, 200);
}

/** The folder must be this user's and closed to everyone else: it holds the socket commands are sent on. */
function ownerOnlyFolder(folder: string): void {
  const st = lstatSync(folder);
  if (!st.isDirectory())
    throw new DatabaseUnavailableError(
      `${folder} is not a directory; remove it so the lock can be kept there`,
    );
  if (typeof process.getuid === 'function' && st.uid !== process.getuid())
    throw new DatabaseUnavailableError(`${folder} belongs to another user (uid ${st.uid})`);
  if ((st.mode & 0o077) !== 0) chmodSync(folder, 0o700);
}

function serialise(holder: LockHolder): string {
  return `${JSON.stringify(holder)}\n`;
}

function asideName(file: string): string {
  return `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Gone already.
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
