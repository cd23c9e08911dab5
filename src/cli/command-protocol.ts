// What the command line and a running server say to each other over the server's command socket: one JSON
// request line from the command (its arguments, working directory and the settings it needs), then JSON reply
// lines from the server (each line of output, then the exit code — or a refusal). Every message carries the
// protocol version, so a command and a server of different versions refuse each other plainly.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const protocolVersion = 1;

/** A request is a few hundred bytes; anything near this is not one of ours. */
export const maxRequestBytes = 64 * 1024;

export interface CommandRequest {
  readonly protocol: typeof protocolVersion;
  /** The arguments after `pejlemaerke`, e.g. ["users", "add", "anne@ballerup.dk", …]. */
  readonly args: readonly string[];
  /** The command's working directory: relative file arguments are read from there. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

export type CommandReply =
  | { readonly protocol: typeof protocolVersion; readonly out: string }
  | { readonly protocol: typeof protocolVersion; readonly err: string }
  | { readonly protocol: typeof protocolVersion; readonly exit: number }
  | { readonly protocol: typeof protocolVersion; readonly refused: string };

/**
 * The settings a command may bring along; the server's own (the database, the port, single sign-on) stay its
 * own. The password travels here after the command asked for it in its terminal.
 */
export const forwardedEnvNames = [
  'PEJLEMAERKE_PASSWORD',
  'DATA_DIR',
  'STATBANK_URL',
  'JOBINDSATS_API_KEY',
  'JOBINDSATS_BASE_URL',
  'UDDANNELSESSTATISTIK_API_KEY',
  'UDDANNELSESSTATISTIK_BASE_URL',
  'UPLOAD_MAX_MB',
] as const;

const withSub: Record<string, readonly string[]> = {
  strategy: ['load', 'list'],
  users: ['add', 'disable', 'reset', 'list'],
  evaluation: ['open', 'freeze', 'decide', 'list'],
  report: ['evaluation'],
  survey: [
    'list',
    'round',
    'recipients',
    'links',
    'status',
    'close',
    'publish',
    'export',
    'send',
    'deliveries',
    'bounce',
  ],
  followup: ['remind'],
};

/**
 * The command `args` name when it is one that works on the database and may therefore run inside a server
 * (`users add`, `import statbank`, `migrate`, …); undefined for the rest (`serve`, `strategy validate`, help).
 */
export function forwardableCommand(args: readonly string[]): string | undefined {
  if (args.some((a) => a === '-h' || a === '--help' || a === '-V' || a === '--version')) return undefined;
  const [first, second] = args;
  if (first === 'migrate' || first === 'refresh' || first === 'template') return first;
  if (first === 'import') {
    if (second === 'statbank' || second === 'indicator') return `import ${second}`;
    // `import <file>` is `import indicator <file>` (its default); `import` alone is a usage error here or there.
    return second === undefined || second === 'help' ? undefined : 'import indicator';
  }
  const subs = first === undefined ? undefined : withSub[first];
  return subs && second !== undefined && subs.includes(second) ? `${first} ${second}` : undefined;
}

/** The request in `line`, or what is wrong with it. */
export function parseRequest(line: string): CommandRequest | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'the request is not JSON';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'the request is not a JSON object';
  const r = v as Record<string, unknown>;
  if (r.protocol !== protocolVersion)
    return `protocol version ${JSON.stringify(r.protocol)} is not spoken here (this server speaks ${protocolVersion}); run the command from the same installation as the server, or restart the server after an update`;
  if (
    !Array.isArray(r.args) ||
    r.args.length > 100 ||
    !r.args.every((a) => typeof a === 'string' && a.length <= 4096)
  )
    return '"args" must be a list of at most 100 strings';
  if (typeof r.cwd !== 'string' || !path.isAbsolute(r.cwd)) return '"cwd" must be an absolute path';
  if (typeof r.env !== 'object' || r.env === null || Array.isArray(r.env)) return '"env" must be an object';
  for (const [k, value] of Object.entries(r.env)) {
    if (!(forwardedEnvNames as readonly string[]).includes(k))
      return `"env" may hold only ${forwardedEnvNames.join(', ')}, not ${JSON.stringify(k.slice(0, 100))}`;
    if (typeof value !== 'string') return `"env.${k}" must be a string`;
  }
  const args = r.args as string[];
  if (!forwardableCommand(args))
    return `"${args.slice(0, 2).join(' ')}" cannot be run inside the server; only the commands that use the database can`;
  return { protocol: protocolVersion, args, cwd: r.cwd, env: r.env as Record<string, string> };
}

/** Linux's limit on a socket's path (sun_path holds 108 bytes with the closing NUL). */
const socketPathMax = 107;

/**
 * Where a server on `dataDir` (a real path) listens: beside its lock, or — when that path is too long for a
 * socket — in an owner-only folder under the system's temporary directory named by a digest of the data directory.
 */
export function commandSocketPath(dataDir: string, lockFolder: string): string {
  const beside = path.join(lockFolder, 'cli.sock');
  if (Buffer.byteLength(beside) <= socketPathMax) return beside;
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return path.join(tmpdir(), `pejlemaerke-${digest}`, 'cli.sock');
}

export function replyLine(reply: CommandReply): string {
  return `${JSON.stringify(reply)}\n`;
}
