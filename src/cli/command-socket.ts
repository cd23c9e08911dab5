// The running server's command socket: a Unix socket only its user can reach (the socket 0600 in a 0700 folder),
// named in the data directory's lock. A `pejlemaerke` command started beside the server sends its arguments here
// and the server runs the same command handler against its open database, one command at a time, streaming
// the output back and ending with the exit code.
import { chmodSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import type { Database } from '../store/database.ts';
import { DatabaseUnavailableError } from '../store/database-error.ts';
import { heldDataDirLock } from '../store/data-dir-lock.ts';
import {
  commandSocketPath,
  maxRequestBytes,
  parseRequest,
  protocolVersion,
  replyLine,
  type CommandReply,
  type CommandRequest,
} from './command-protocol.ts';

/** What a forwarded command is run with: its output goes back over the socket. */
export interface ForwardedIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export type RunCommand = (args: readonly string[], io: ForwardedIo) => Promise<number>;

export interface CommandSocket {
  readonly path: string;
  /** Stops taking commands and waits for the one running (and those queued) to finish. */
  close(): Promise<void>;
}

/** Commands waiting beyond this are refused rather than queued without end. */
const maxWaiting = 16;
/** A request that has not arrived whole by then is refused. */
const requestTimeoutMs = 10_000;

/**
 * Opens the command socket of a server on an embedded database and names it in the lock; undefined for a
 * PostgreSQL server (or memory), which any number of processes may open themselves.
 */
export async function openServerCommandSocket(
  database: Database,
  run: RunCommand,
): Promise<CommandSocket | undefined> {
  if (database.kind !== 'embedded') return undefined;
  const lock = heldDataDirLock(database.location);
  if (!lock) return undefined;
  const socketPath = commandSocketPath(lock.dataDir, lock.folder);
  const socket = await listenForCommands(socketPath, run);
  lock.announceSocket(socketPath);
  return {
    path: socket.path,
    async close() {
      lock.announceSocket(undefined);
      await socket.close();
    },
  };
}

/** Listens on `socketPath` (its folder made owner-only; a socket left there by a killed server is replaced). */
export async function listenForCommands(socketPath: string, run: RunCommand): Promise<CommandSocket> {
  prepareSocketFolder(path.dirname(socketPath));
  removeLeftoverSocket(socketPath);
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  const connections = new Set<Socket>();

  const server: Server = createServer((conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    conn.on('error', () => undefined); // a command that went away; its command still runs to the end
    readRequest(conn, (request) => {
      if (waiting >= maxWaiting)
        return refuse(conn, `the server is busy: ${waiting} commands are waiting; try again shortly`);
      waiting += 1;
      tail = tail.then(() => runOne(conn, request, run)).finally(() => (waiting -= 1));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The folder already keeps others out; the socket itself is made owner-only too.
  chmodSync(socketPath, 0o600);
  return {
    path: socketPath,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tail;
      for (const c of connections) c.destroy();
      try {
        unlinkSync(socketPath);
      } catch {
        // Removed already (server.close removes it on some platforms).
      }
    },
  };
}

function readRequest(conn: Socket, accept: (request: CommandRequest) => void): void {
  let received = Buffer.alloc(0);
  let done = false;
  const timer = setTimeout(() => {
    if (!done) refuse(conn, `no whole request within ${requestTimeoutMs / 1000} s`);
    done = true;
  }, requestTimeoutMs);
  conn.on('data', (chunk: Buffer) => {
    if (done) return; // nothing is read after the request line
    received = Buffer.concat([received, chunk]);
    const end = received.indexOf(0x0a);
    if (end === -1 && received.length <= maxRequestBytes) return;
    done = true;
    clearTimeout(timer);
    if (end === -1 || end > maxRequestBytes)
      return refuse(conn, `the request is larger than ${maxRequestBytes / 1024} KiB`);
    const parsed = parseRequest(received.subarray(0, end).toString('utf8'));
    if (typeof parsed === 'string') return refuse(conn, parsed);
    accept(parsed);
  });
  conn.on('end', () => {
    clearTimeout(timer);
    if (!done) refuse(conn, 'the request ended before its end of line');
    done = true;
  });
}

async function runOne(conn: Socket, request: CommandRequest, run: RunCommand): Promise<void> {
  const send = (reply: CommandReply) => {
    if (!conn.destroyed && conn.writable) conn.write(replyLine(reply));
  };
  let code: number;
  try {
    code = await run(request.args, {
      out: (line) => send({ protocol: protocolVersion, out: line }),
      err: (line) => send({ protocol: protocolVersion, err: line }),
      env: { ...request.env },
      cwd: request.cwd,
    });
  } catch (e) {
    // main() reports every error itself; this is a failure of the socket's own.
    send({
      protocol: protocolVersion,
      err: `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    });
    code = 70;
  }
  send({ protocol: protocolVersion, exit: code });
  conn.end();
}

function refuse(conn: Socket, message: string): void {
  if (!conn.destroyed && conn.writable) conn.end(replyLine({ protocol: protocolVersion, refused: message }));
}

/** The socket's folder: this user's, no one else's (made so when it is ours to make). */
export function prepareSocketFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const st = lstatSync(folder);
  if (!st.isDirectory())
    throw new DatabaseUnavailableError(
      `${folder} is not a directory; the command socket cannot be made there`,
    );
  if (typeof process.getuid === 'function' && st.uid !== process.getuid())
    throw new DatabaseUnavailableError(
      `${folder} belongs to another user (uid ${st.uid}); remove it, or set TMPDIR to a folder of your own`,
    );
  if ((st.mode & 0o077) !== 0) chmodSync(folder, 0o700);
}

/** The server holds the lock, so a socket at its path is one a killed server left; anything else is not ours. */
function removeLeftoverSocket(socketPath: string): void {
  let st;
  try {
    st = lstatSync(socketPath);
  } catch {
    return;
  }
  if (!st.isSocket())
    throw new DatabaseUnavailableError(
      `${socketPath} exists and is not a socket; remove it so the server can take commands there`,
    );
  unlinkSync(socketPath);
}
