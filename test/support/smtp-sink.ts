// A real SMTP server on 127.0.0.1 (smtp-server) that keeps every message it receives, parsed by mailparser, and
// can refuse chosen recipients or answer slowly; and a TCP server that accepts connections and never says a word (a hung server).
import { createServer, type Server, type Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createMailer, type Mailer } from '../../src/platform/mail.ts';
import { parseMailSettings } from '../../src/platform/mail-settings.ts';

export interface ReceivedMail {
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  readonly raw: string;
  readonly parsed: ParsedMail;
}

export interface SmtpSink {
  readonly port: number;
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Logins the server saw, as user:password. */
  readonly logins: string[];
  close(): Promise<void>;
}

export async function startSmtpSink(
  options: {
    readonly refuse?: readonly string[];
    readonly user?: string;
    readonly password?: string;
    /** A slow server: it keeps each message at once, then waits this long before it says it took it. */
    readonly delayMs?: number;
  } = {},
): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const logins: string[] = [];
  const refuse = new Set((options.refuse ?? []).map((a) => a.toLowerCase()));
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS (its built-in certificate is self-signed), login allowed without TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: options.user === undefined,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(`${auth.username}:${auth.password}`);
      if (auth.username === options.user && auth.password === options.password)
        return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address.toLowerCase()))
        return callback(
          Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected`), {
            responseCode: 550,
          }),
        );
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          received.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            raw: raw.toString('utf8'),
            parsed,
          });
          if (options.delayMs) setTimeout(() => callback(null, 'OK: queued'), options.delayMs);
          else callback(null, 'OK: queued');
        }, callback);
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
  const auth =
    options.user === undefined ? '' : `${options.user}:${encodeURIComponent(options.password ?? '')}@`;
  return {
    port,
    url: `smtp://${auth}127.0.0.1:${port}`,
    received,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Accepts TCP connections and says nothing: an SMTP server that hangs before its greeting. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    }),
  );
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 nothing listens on (taken, then given back). */
export async function closedPort(): Promise<number> {
  const s = await startSilentServer();
  await s.close();
  return s.port;
}

/** The mailer the server would make for an SMTP server at `url`, sending from Pejlemærke's test address. */
export function testMailer(url: string): Mailer {
  const p = parseMailSettings({
    SMTP_URL: url,
    MAIL_FROM: 'Pejlemærke <noreply@ballerup.dk>',
    PUBLIC_URL: 'https://pejlemaerke.test',
  });
  if (!p.ok) throw new Error(p.problems.join('; '));
  return createMailer(p.settings.smtp);
}
