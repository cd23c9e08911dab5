// The mail settings, read at start-up beside the rest of the environment: the SMTP server (`SMTP_URL`, smtp:// or
// smtps:// with its login in the URL), the sender (`MAIL_FROM`), the address links in a mail point to
// (`PUBLIC_URL`) and how many days before a follow-up round's deadline its reminder goes out
// (`FOLLOWUP_REMINDER_DAYS`). No SMTP_URL means mail is off; that is a state, not an error.

/** An SMTP server to send through. `password` is never printed: `display` is the URL without it. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** smtps:// (TLS from the first byte); smtp:// upgrades with STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** The sender as the From header shows it. */
  readonly from: { readonly name: string; readonly address: string };
  /** The URL with its password replaced, for messages and logs. */
  readonly display: string;
}

export interface MailSettings {
  /** Undefined when `SMTP_URL` is not set: mail is off. */
  readonly smtp: SmtpSettings | undefined;
  /** The web app's address as its users reach it, without a trailing slash; links in mails start with it. */
  readonly publicUrl: string | undefined;
  /** Days before a follow-up round's deadline the reminder is sent to areas that have not reported. */
  readonly followupReminderDays: number;
}

export const DEFAULT_FOLLOWUP_REMINDER_DAYS = 7;

const address = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** A single mailbox, `Name <a@b.dk>` or `a@b.dk`; undefined when it is neither. */
export function parseMailbox(text: string): { name: string; address: string } | undefined {
  if (/[\r\n\0]/.test(text)) return undefined;
  const t = text.trim();
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(t);
  const [name, addr] = named ? [named[1]?.trim().replace(/^"(.*)"$/, '$1') ?? '', named[2] ?? ''] : ['', t];
  if (!address.test(addr)) return undefined;
  return { name, address: addr };
}

/** True when `text` is an e-mail address the transport will accept as a recipient. */
export function isMailAddress(text: string): boolean {
  return !/[\r\n\0]/.test(text) && address.test(text);
}

/** Reads the mail settings; the problems say which setting is wrong and how, one line each. */
export function parseMailSettings(
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; settings: MailSettings } | { ok: false; problems: readonly string[] } {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };

  let followupReminderDays = DEFAULT_FOLLOWUP_REMINDER_DAYS;
  const days = get('FOLLOWUP_REMINDER_DAYS');
  if (days !== undefined) {
    if (!/^\d{1,3}$/.test(days) || Number(days) < 1 || Number(days) > 90)
      problems.push(
        `FOLLOWUP_REMINDER_DAYS=${JSON.stringify(days)}: expected a whole number of days from 1 to 90, e.g. 7`,
      );
    else followupReminderDays = Number(days);
  }

  let publicUrl: string | undefined;
  const pub = get('PUBLIC_URL');
  if (pub !== undefined) {
    const u = URL.canParse(pub) ? new URL(pub) : undefined;
    if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:') || u.search || u.hash || u.username)
      problems.push(
        `PUBLIC_URL=${JSON.stringify(pub)}: expected the address users open the app at, e.g. https://pejlemaerke.ballerup.dk`,
      );
    else publicUrl = u.toString().replace(/\/+$/, '');
  }

  const rawUrl = get('SMTP_URL');
  const rawFrom = get('MAIL_FROM');
  let smtp: SmtpSettings | undefined;
  if (rawUrl === undefined) {
    if (rawFrom !== undefined) problems.push('MAIL_FROM is set but SMTP_URL is not; set both, or neither');
  } else {
    const shown = redactSmtpUrl(rawUrl);
    const u = URL.canParse(rawUrl) ? new URL(rawUrl) : undefined;
    const bad = (what: string) => problems.push(`SMTP_URL=${JSON.stringify(shown)}: ${what}`);
    if (!u) bad('not a URL; expected e.g. smtps://user:password@smtp.example.dk:465');
    else if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:')
      bad(`expected smtp:// or smtps://, not ${u.protocol}//`);
    else if (!u.hostname) bad('names no server');
    else if ((u.pathname !== '' && u.pathname !== '/') || u.search || u.hash)
      bad('expected only the server, its port and the login, e.g. smtps://user:password@smtp.example.dk:465');
    else if (u.password && !u.username) bad('has a password but no user name');
    if (rawFrom === undefined)
      problems.push(
        'SMTP_URL is set but MAIL_FROM is not; set the sender, e.g. Pejlemærke <noreply@ballerup.dk>',
      );
    const from = rawFrom === undefined ? undefined : parseMailbox(rawFrom);
    if (rawFrom !== undefined && !from)
      problems.push(
        `MAIL_FROM=${JSON.stringify(rawFrom)}: expected one address, e.g. Pejlemærke <noreply@ballerup.dk>`,
      );
    if (publicUrl === undefined && pub === undefined)
      problems.push(
        'SMTP_URL is set but PUBLIC_URL is not; mails link to the app, e.g. PUBLIC_URL=https://pejlemaerke.ballerup.dk',
      );
    if (u && from && problems.length === 0) {
      const secure = u.protocol === 'smtps:';
      smtp = {
        host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: u.port ? Number(u.port) : secure ? 465 : 587,
        secure,
        user: u.username ? decodeURIComponent(u.username) : undefined,
        password: u.password ? decodeURIComponent(u.password) : undefined,
        from,
        display: shown,
      };
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: { smtp, publicUrl, followupReminderDays } };
}

/** An SMTP URL with its password replaced. */
export function redactSmtpUrl(url: string): string {
  if (!URL.canParse(url)) return '(unparsable URL)';
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
