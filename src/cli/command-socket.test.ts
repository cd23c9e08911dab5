// The command socket in one process: a server's open database with its socket, and `main()` finding it through
// the lock as a command beside the server does — the password asked before sending, a long data directory's
// socket moved to a short path, owner-only modes, and the protocol's checks.
import { lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isServeCommand, liveLockHolder, lockFolderName, startTimeOf } from '../store/data-dir-lock.ts';
import { openDatabase } from '../store/database.ts';
import { commandSocketPath, forwardableCommand, parseRequest } from './command-protocol.ts';
import { listenForCommands, openServerCommandSocket } from './command-socket.ts';
import { exitCodes } from './exit-codes.ts';
import { main, type Io } from './main.ts';

async function serverOn(dataDir: string) {
  const database = await openDatabase({ dataDir });
  const socket = await openServerCommandSocket(database, (args, io) =>
    main(['node', 'pejlemaerke', ...args], { ...io, database }),
  );
  if (!socket) throw new Error('no socket for an embedded database');
  return {
    socket,
    async close() {
      await socket.close();
      await database.close();
    },
  };
}

function commandIo(env: Record<string, string>, secrets: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    ...(secrets.length > 0 && { readSecret: () => Promise.resolve(secrets.shift() ?? '') }),
  };
  return { io, out, err };
}

describe('a command beside a server in this process', () => {
  it('asks for the password before sending and runs the command inside the server', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'socket-'));
    const server = await serverOn(dataDir);
    try {
      expect(liveLockHolder(dataDir)?.socket).toBe(server.socket.path);
      expect(lstatSync(server.socket.path).mode & 0o777).toBe(0o600);
      expect(lstatSync(path.dirname(server.socket.path)).mode & 0o777).toBe(0o700);

      const differ = commandIo({ DATA_DIR: dataDir }, ['rigtig-hemmelig-2026', 'noget-andet-2026']);
      const argv = [
        'node',
        'pejlemaerke',
        'users',
        'add',
        'anne@ballerup.dk',
        '--name',
        'Anne',
        '--role',
        'admin',
      ];
      expect(await main(argv, differ.io)).toBe(exitCodes.invalidInput);
      expect(differ.err).toEqual(['error: the two passwords differ; nothing was stored']);

      const same = commandIo({ DATA_DIR: dataDir }, ['rigtig-hemmelig-2026', 'rigtig-hemmelig-2026']);
      expect(await main(argv, same.io)).toBe(exitCodes.ok);
      expect(same.out).toEqual(['added anne@ballerup.dk (admin)']);

      const list = commandIo({ DATA_DIR: dataDir });
      expect(await main(['node', 'pejlemaerke', 'users', 'list'], list.io)).toBe(exitCodes.ok);
      expect(list.out.join('\n')).toMatch(/^anne@ballerup\.dk\tAnne\tadmin/);
    } finally {
      await server.close();
    }
    expect(liveLockHolder(dataDir)).toBeUndefined();
  });

  it('puts the socket of a data directory whose path is too long under the temporary folder, named by a digest', async () => {
    const deep = path.join(await mkdtemp(path.join(tmpdir(), 'socket-')), 'x'.repeat(60), 'y'.repeat(60));
    mkdirSync(deep, { recursive: true });
    const server = await serverOn(deep);
    try {
      expect(server.socket.path).toMatch(new RegExp(`^${tmpdir()}/pejlemaerke-[0-9a-f]{16}/cli\\.sock$`));
      expect(Buffer.byteLength(server.socket.path)).toBeLessThanOrEqual(107);
      expect(lstatSync(path.dirname(server.socket.path)).mode & 0o777).toBe(0o700);
      const migrate = commandIo({ DATA_DIR: deep });
      expect(await main(['node', 'pejlemaerke', 'migrate'], migrate.io)).toBe(exitCodes.ok);
      expect(migrate.out).toEqual([`databasen er opdateret (${deep})`]);
    } finally {
      await server.close();
    }
  });
});

describe('a server that is starting', () => {
  it('is waited for until it names its socket, then the command runs in it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'socket-'));
    const folder = path.join(dataDir, lockFolderName);
    mkdirSync(folder, { mode: 0o700 });
    const holder = {
      version: 1,
      pid: process.pid,
      startTime: startTimeOf(process.pid),
      command: 'pejlemaerke serve',
      since: new Date().toISOString(),
      token: 'starting',
    };
    writeFileSync(path.join(folder, 'lock.json'), JSON.stringify(holder));
    const socketPath = path.join(folder, 'cli.sock');
    const ran: (readonly string[])[] = [];
    const later = new Promise<Awaited<ReturnType<typeof listenForCommands>>>((resolve) =>
      setTimeout(() => {
        void listenForCommands(socketPath, (args, io) => {
          ran.push(args);
          io.out(`ran ${args.join(' ')} in ${io.cwd}`);
          return Promise.resolve(exitCodes.invalidInput);
        }).then((socket) => {
          writeFileSync(path.join(folder, 'lock.json'), JSON.stringify({ ...holder, socket: socketPath }));
          resolve(socket);
        });
      }, 700),
    );
    const c = commandIo({ DATA_DIR: dataDir });
    try {
      expect(await main(['node', 'pejlemaerke', 'migrate'], c.io)).toBe(exitCodes.invalidInput);
      expect(c.err).toEqual([
        `the server (process ${process.pid}) is starting; the command runs in it once it is ready`,
      ]);
      expect(c.out).toEqual([`ran migrate in ${process.cwd()}`]);
      expect(ran).toEqual([['migrate']]);
    } finally {
      await (await later).close();
    }
  });
});

describe('what is in the way', () => {
  it('refuses to listen where a file that is not a socket lies, and gives the database up', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'socket-'));
    mkdirSync(path.join(dataDir, lockFolderName), { mode: 0o700 });
    writeFileSync(path.join(dataDir, lockFolderName, 'cli.sock'), "someone else's file");
    const database = await openDatabase({ dataDir });
    try {
      await expect(openServerCommandSocket(database, () => Promise.resolve(0))).rejects.toThrow(
        /cli\.sock exists and is not a socket; remove it so the server can take commands there/,
      );
    } finally {
      await database.close();
    }
    expect(liveLockHolder(dataDir)).toBeUndefined();
  });
});

describe('the protocol', () => {
  it.each([
    [['users', 'add', 'a@b.dk'], 'users add'],
    [['import', 'x.csv', '--indicator', 'i'], 'import indicator'],
    [['import', 'statbank', 'x.csv'], 'import statbank'],
    [['migrate'], 'migrate'],
    [['refresh', '--url', 'http://x'], 'refresh'],
    [['strategy', 'load', 'x.yaml'], 'strategy load'],
    [['survey', 'send', '1', '--reminders'], 'survey send'],
    [['survey', 'deliveries', '1'], 'survey deliveries'],
    [['strategy', 'validate', 'x.yaml'], undefined],
    [['serve'], undefined],
    [['users', 'add', '--help'], undefined],
    [['users'], undefined],
    [[], undefined],
  ])('%j is %s', (args, command) => {
    expect(forwardableCommand(args)).toBe(command);
  });

  it.each([
    ['[1]', 'the request is not a JSON object'],
    ['{"protocol":1,"args":"users","cwd":"/","env":{}}', '"args" must be a list of at most 100 strings'],
    ['{"protocol":1,"args":["users","list"],"cwd":"rel","env":{}}', '"cwd" must be an absolute path'],
    [
      '{"protocol":1,"args":["users","list"],"cwd":"/","env":{"DATA_DIR":1}}',
      '"env.DATA_DIR" must be a string',
    ],
  ])('refuses %s', (line, message) => {
    expect(parseRequest(line)).toBe(message);
  });

  it.each([
    ['pejlemaerke serve', true],
    ['pejlemaerke serve --port 3001', true],
    ['pejlemaerke import statbank serve', false],
    ['node hold-data-dir /tmp/serve', false],
  ])('takes %j for a server: %s', (command, serving) => {
    expect(isServeCommand(command)).toBe(serving);
  });

  it('keeps a short socket path beside the lock', () => {
    expect(commandSocketPath('/srv/data', '/srv/data/.pejlemaerke')).toBe('/srv/data/.pejlemaerke/cli.sock');
  });
});
