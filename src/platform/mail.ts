// Mail over SMTP (nodemailer, loaded on first send). Every message is sent on its own, so one refused recipient
// never stops the others; each send is bounded in time (connecting, the server's greeting, every wait on the
// socket, and the whole message), so a server that hangs cannot hold the caller. Without settings mail is off
// and a send says so instead of failing.
import type { SmtpSettings } from './mail-settings.ts';
import { isMailAddress } from './mail-settings.ts';

export const MAIL_OFF_MESSAGE = 'mail er ikke sat op (SMTP_URL og MAIL_FROM er ikke angivet); intet er sendt';

/** One message to one recipient. Names and the subject are put on one line before they reach a header. */
export interface MailMessage {
  readonly to: { readonly name?: string; readonly address: string };
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export type SendResult =
  | {
      readonly to: string;
      readonly status: 'sent';
      readonly messageId: string;
      /** The server's answer to the message, e.g. "250 OK: queued as 1234". */
      readonly response: string;
      readonly attempts: number;
    }
  | {
      readonly to: string;
      readonly status: 'failed';
      /** In Danish, with the server's own words where it gave a reason. */
      readonly reason: string;
      /** The server refused for good (a 5xx answer, or an address that cannot be sent to): not tried again. */
      readonly permanent: boolean;
      readonly attempts: number;
    };

export type BatchResult =
  | { readonly status: 'off'; readonly message: string }
  /** One result per message, in the order of the messages. */
  | { readonly status: 'done'; readonly results: readonly SendResult[] };

export interface BatchOptions {
  /** How many times a message that failed for a passing reason (no answer, a 4xx) is tried in all. Default 3. */
  readonly attempts?: number;
  /** The wait before the next try, in ms, doubled each time. Default 2000. */
  readonly retryDelayMs?: number;
}

export interface Mailer {
  readonly enabled: boolean;
  /** The server, without its password, for messages; undefined when mail is off. */
  readonly server: string | undefined;
  sendBatch(messages: readonly MailMessage[], options?: BatchOptions): Promise<BatchResult>;
  /** Resends the messages whose results failed for a passing reason; the results of the others are kept. */
  retryFailed(
    messages: readonly MailMessage[],
    results: readonly SendResult[],
    options?: BatchOptions,
  ): Promise<BatchResult>;
}

/** Bounds on one send, in ms. */
export interface MailTimeouts {
  readonly connectionMs: number;
  readonly greetingMs: number;
  readonly socketMs: number;
  /** The whole message, from connecting to the server's answer. */
  readonly messageMs: number;
}

export const DEFAULT_MAIL_TIMEOUTS: MailTimeouts = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
  messageMs: 60_000,
};

/** Text for a header: line breaks and other control characters become a space, so nothing can start a header. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();
}

export function createMailer(
  smtp: SmtpSettings | undefined,
  options: { readonly timeouts?: Partial<MailTimeouts> } = {},
): Mailer {
  if (!smtp) {
    const off = async (): Promise<BatchResult> => ({ status: 'off', message: MAIL_OFF_MESSAGE });
    return { enabled: false, server: undefined, sendBatch: off, retryFailed: off };
  }
  const timeouts = { ...DEFAULT_MAIL_TIMEOUTS, ...options.timeouts };
  let transport: Promise<Transport> | undefined;
  const transportOf = () => (transport ??= makeTransport(smtp, timeouts));
  const from = { name: oneLine(smtp.from.name), address: smtp.from.address };

  const sendOne = async (m: MailMessage, attempts: number, delayMs: number): Promise<SendResult> => {
    const to = m.to.address;
    if (!isMailAddress(to))
      return {
        to,
        status: 'failed',
        reason: 'ugyldig e-mailadresse; intet er sendt',
        permanent: true,
        attempts: 0,
      };
    let last: SendResult | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(delayMs * 2 ** (attempt - 2));
      last = await attemptSend(await transportOf(), timeouts.messageMs, {
        from,
        to: { name: oneLine(m.to.name ?? ''), address: to },
        subject: oneLine(m.subject),
        text: m.text,
        html: m.html,
      });
      last = { ...last, attempts: attempt };
      if (last.status === 'sent' || last.permanent) return last;
    }
    return last as SendResult;
  };

  const sendBatch = async (messages: readonly MailMessage[], o: BatchOptions = {}): Promise<BatchResult> => {
    const results: SendResult[] = [];
    for (const m of messages) results.push(await sendOne(m, o.attempts ?? 3, o.retryDelayMs ?? 2000));
    return { status: 'done', results };
  };

  return {
    enabled: true,
    server: smtp.display,
    sendBatch,
    async retryFailed(messages, results, o = {}) {
      const out: SendResult[] = [];
      for (const [i, m] of messages.entries()) {
        const r = results[i];
        if (r && (r.status === 'sent' || r.permanent)) out.push(r);
        else out.push(await sendOne(m, o.attempts ?? 3, o.retryDelayMs ?? 2000));
      }
      return { status: 'done', results: out };
    },
  };
}

interface Envelope {
  readonly from: { name: string; address: string };
  readonly to: { name: string; address: string };
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

interface Transport {
  sendMail(m: Record<string, unknown>): Promise<{ messageId: string; response: string }>;
}

async function makeTransport(smtp: SmtpSettings, t: MailTimeouts): Promise<Transport> {
  const nodemailer = (await import('nodemailer')).default;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user !== undefined && { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
    connectionTimeout: t.connectionMs,
    greetingTimeout: t.greetingMs,
    socketTimeout: t.socketMs,
    dnsTimeout: t.connectionMs,
    // Messages carry only the text given: no file or URL is ever read into one.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

async function attemptSend(transport: Transport, messageMs: number, e: Envelope): Promise<SendResult> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), messageMs);
  });
  try {
    const sent = await Promise.race([
      transport.sendMail({
        ...e,
        textEncoding: 'quoted-printable',
        disableFileAccess: true,
        disableUrlAccess: true,
      }),
      bound,
    ]);
    if (sent === 'timeout')
      return {
        to: e.to.address,
        status: 'failed',
        reason: `serveren svarede ikke inden for ${(messageMs / 1000).toLocaleString('da-DK')} s`,
        permanent: false,
        attempts: 1,
      };
    return {
      to: e.to.address,
      status: 'sent',
      messageId: sent.messageId,
      response: sent.response,
      attempts: 1,
    };
  } catch (err) {
    return { to: e.to.address, ...describeFailure(err), status: 'failed', attempts: 1 };
  } finally {
    clearTimeout(timer);
  }
}

/** A nodemailer error in Danish, with the server's own answer when it gave one. */
export function describeFailure(err: unknown): { reason: string; permanent: boolean } {
  const e = (err ?? {}) as { code?: string; responseCode?: number; response?: string; message?: string };
  const answer = oneLine(e.response ?? '');
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (code !== undefined && answer) {
    const what =
      e.code === 'EENVELOPE'
        ? 'serveren afviste modtageren'
        : e.code === 'EAUTH'
          ? 'serveren afviste login'
          : 'serveren afviste brevet';
    return { reason: `${what}: ${answer}`, permanent: code >= 500 };
  }
  const message = oneLine(e.message ?? String(err));
  if (e.code === 'ETIMEDOUT' || /timeout/i.test(message))
    return { reason: `serveren svarede ikke i tide (${message})`, permanent: false };
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET' || e.code === 'EDNS' || /ECONNREFUSED/.test(message))
    return { reason: `kunne ikke forbinde til mailserveren (${message})`, permanent: false };
  if (e.code === 'EAUTH') return { reason: `serveren afviste login (${message})`, permanent: true };
  return { reason: `brevet kunne ikke sendes (${message})`, permanent: false };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
