// A command started beside a running server: the embedded database is the server's (one process per data
// directory), so a command that uses it is sent to the server's command socket and run there, by the same
// handler, against the open database. The output comes back line by line and the exit code is the command's.
import { lstatSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { readConfig } from '../platform/config.ts';
import { InvalidInputError } from '../service/errors.ts';
import { DatabaseUnavailableError } from '../store/database-error.ts';
import { isServeCommand, liveLockHolder, type LockHolder } from '../store/data-dir-lock.ts';
import {
  forwardableCommand,
  forwardedEnvNames,
  protocolVersion,
  type CommandRequest,
} from './command-protocol.ts';
import { exitCodes } from './exit-codes.ts';
import type { Io } from './main.ts';

/** A server that has taken the lock but does not listen yet is starting; it is waited for this long. */
const startWaitMs = 60_000;

/**
 * Runs `argv` inside the server holding its data directory, when one does, and returns the exit code; undefined
 * when the command is to run here (no server holds the directory, a PostgreSQL server is used, or the command
 * does not use the database).
 */
export async function forwardToServer(argv: readonly string[], io: Io): Promise<number | undefined> {
  if (io.database) return undefined; // already inside the server
  const args = argv.slice(2);
  const command = forwardableCommand(args);
  if (!command) return undefined;
  let dataDir: string;
  try {
    const config = readConfig(io.env);
    if (config.databaseUrl || config.dataDir.startsWith('memory://')) return undefined;
    dataDir = path.resolve(config.dataDir);
  } catch {
    return undefined; // the command reports the setting itself
  }
  const server = await serverHolding(dataDir, io);
  if (!server?.socket) return undefined; // the database is free, or held by a command: opening it says so
  const env: Record<string, string> = { DATA_DIR: dataDir };
  for (const name of forwardedEnvNames) {
    const value = io.env[name];
    if (value !== undefined && name !== 'DATA_DIR') env[name] = value;
  }
  // The server has no terminal: a password is asked for here, before anything is sent.
  if ((command === 'users add' || command === 'users reset') && !env.PEJLEMAERKE_PASSWORD && io.readSecret) {
    const first = await io.readSecret('Adgangskode: ');
    const again = await io.readSecret('Gentag adgangskoden: ');
    if (first !== again) throw new InvalidInputError('the two passwords differ; nothing was stored');
    env.PEJLEMAERKE_PASSWORD = first;
  }
  checkSocket(server.socket, server);
  return send(server.socket, { protocol: protocolVersion, args, cwd: process.cwd(), env }, io, server);
}

/** The live server holding `dataDir`, waiting a while for one that is starting to listen; else undefined. */
async function serverHolding(dataDir: string, io: Io): Promise<LockHolder | undefined> {
  let holder = liveLockHolder(dataDir);
  if (!holder || holder.socket || !isServeCommand(holder.command)) return holder;
  io.err(`the server (process ${holder.pid}) is starting; the command runs in it once it is ready`);
  const until = Date.now() + startWaitMs;
  while (holder && !holder.socket && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    holder = liveLockHolder(dataDir);
  }
  return holder;
}

/** The socket must be this user's and no one else's, in a folder that is too: the command may carry a password. */
function checkSocket(socket: string, holder: LockHolder): void {
  const notOurs = (why: string) =>
    new DatabaseUnavailableError(
      `the server (process ${holder.pid}, ${holder.command}) names ${socket} as its command socket, but ${why}; nothing was sent. Stop the server and start it again`,
    );
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  for (const [file, kind] of [
    [path.dirname(socket), 'folder'],
    [socket, 'socket'],
  ] as const) {
    let st;
    try {
      st = lstatSync(file);
    } catch {
      throw notOurs(`there is no ${file}`);
    }
    if (kind === 'folder' ? !st.isDirectory() : !st.isSocket()) throw notOurs(`${file} is not a ${kind}`);
    if (uid !== undefined && st.uid !== uid) throw notOurs(`${file} belongs to another user (uid ${st.uid})`);
    if ((st.mode & 0o077) !== 0)
      throw notOurs(`${file} is open to others (mode ${(st.mode & 0o777).toString(8)})`);
  }
}

function send(socketPath: string, request: CommandRequest, io: Io, holder: LockHolder): Promise<number> {
  return new Promise((resolve, reject) => {
    const conn = connect(socketPath);
    let buffered = '';
    let code: number | undefined;
    const fail = (why: string) =>
      reject(new DatabaseUnavailableError(`the server (process ${holder.pid}) on ${socketPath}: ${why}`));
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify(request)}\n`));
    conn.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        let reply: Record<string, unknown>;
        try {
          reply = JSON.parse(line) as Record<string, unknown>;
        } catch {
          conn.destroy();
          return fail(
            `answered something that is not the command protocol: ${JSON.stringify(line.slice(0, 100))}`,
          );
        }
        if (reply.protocol !== protocolVersion) {
          conn.destroy();
          return fail(
            `speaks protocol ${JSON.stringify(reply.protocol)}, this command ${protocolVersion}; run the command from the server's installation or restart the server`,
          );
        }
        if (typeof reply.out === 'string') io.out(reply.out);
        else if (typeof reply.err === 'string') io.err(reply.err);
        else if (typeof reply.exit === 'number') code = reply.exit;
        else if (typeof reply.refused === 'string') {
          io.err(`error: the server refused the command: ${reply.refused}`);
          code = exitCodes.environment;
        }
      }
    });
    conn.on('error', (e: NodeJS.ErrnoException) =>
      fail(
        e.code === 'ECONNREFUSED' || e.code === 'ENOENT'
          ? 'does not answer on its command socket; if it has stopped, run the command again'
          : e.message,
      ),
    );
    conn.on('close', () => {
      if (code !== undefined) resolve(code);
      else
        fail(
          'the connection closed before the command finished; see the audit log (/admin/log) for whether it ran',
        );
    });
  });
}
