// The mail transport against a real SMTP server on 127.0.0.1: what arrives (headers, UTF-8, both parts), a
// refused recipient, a server that is down or hangs, a header injection, and mail that is off.
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, startSilentServer, startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { createMailer, MAIL_OFF_MESSAGE, type MailMessage } from './mail.ts';
import { ConfigError, readConfig } from './config.ts';
import { parseMailSettings, type SmtpSettings } from './mail-settings.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function settingsFor(url: string, from = 'Pejlemærke Ballerup <noreply@ballerup.dk>'): SmtpSettings {
  const parsed = parseMailSettings({
    SMTP_URL: url,
    MAIL_FROM: from,
    PUBLIC_URL: 'https://pejlemaerke.test',
  });
  if (!parsed.ok || !parsed.settings.smtp) throw new Error(`bad test settings: ${JSON.stringify(parsed)}`);
  return parsed.settings.smtp;
}

async function sink(options: Parameters<typeof startSmtpSink>[0] = {}): Promise<SmtpSink> {
  const s = await startSmtpSink(options);
  closers.push(() => s.close());
  return s;
}

const message = (address: string, name = 'Søren Ærø'): MailMessage => ({
  to: { name, address },
  subject: 'Påmindelse: Opfølgning på integrationsstrategien – Beskæftigelse',
  text: 'Kære Søren\n\nSkriv områdets status her: https://pejlemaerke.test/strategier/s/omraader/a\n',
  html: '<p>Kære Søren</p><p><a href="https://pejlemaerke.test/strategier/s/omraader/a">Skriv status</a></p>',
});

describe('sending through a real SMTP server', () => {
  it('delivers each message with From, To, a UTF-8 subject and both parts, and logs in with the URL', async () => {
    const s = await sink({ user: 'pejle', password: 'hemmelig/æø' });
    const mailer = createMailer(settingsFor(s.url));
    const out = await mailer.sendBatch([message('soren@ballerup.dk'), message('anne@ballerup.dk', 'Anne')]);
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    expect(out.results.map((r) => [r.to, r.status])).toEqual([
      ['soren@ballerup.dk', 'sent'],
      ['anne@ballerup.dk', 'sent'],
    ]);
    expect(s.logins).toEqual(['pejle:hemmelig/æø', 'pejle:hemmelig/æø']);
    expect(s.received).toHaveLength(2);
    const first = s.received.find((m) => m.envelopeTo.includes('soren@ballerup.dk'));
    expect(first?.envelopeTo).toEqual(['soren@ballerup.dk']);
    expect(first?.envelopeFrom).toBe('noreply@ballerup.dk');
    const p = first?.parsed;
    expect(p?.from?.value).toEqual([{ name: 'Pejlemærke Ballerup', address: 'noreply@ballerup.dk' }]);
    expect(p?.to && !Array.isArray(p.to) ? p.to.value : []).toEqual([
      { name: 'Søren Ærø', address: 'soren@ballerup.dk' },
    ]);
    expect(p?.subject).toBe('Påmindelse: Opfølgning på integrationsstrategien – Beskæftigelse');
    // Non-ASCII headers travel encoded; the body declares UTF-8.
    expect(first?.raw).toMatch(/^Subject: =\?UTF-8\?/im);
    expect(first?.raw).toMatch(/charset=utf-8/i);
    expect(p?.text).toContain('Kære Søren');
    expect(p?.text).toContain('https://pejlemaerke.test/strategier/s/omraader/a');
    expect(p?.html).toContain('<a href="https://pejlemaerke.test/strategier/s/omraader/a">');
    expect(p?.messageId).toMatch(/@/);
  });

  it('lists a refused recipient as failed with the server’s reason and still sends the others', async () => {
    const s = await sink({ refuse: ['ukendt@ballerup.dk'] });
    const mailer = createMailer(settingsFor(s.url));
    const out = await mailer.sendBatch(
      [message('anne@ballerup.dk'), message('ukendt@ballerup.dk'), message('bo@ballerup.dk')],
      { retryDelayMs: 1 },
    );
    if (out.status !== 'done') throw new Error('mail was off');
    expect(out.results.map((r) => r.status)).toEqual(['sent', 'failed', 'sent']);
    const failed = out.results[1];
    expect(failed?.status === 'failed' && failed.reason).toMatch(
      /^serveren afviste modtageren: 550 .*Recipient address rejected/,
    );
    // A 5xx refusal is final: tried once.
    expect(failed?.status === 'failed' && [failed.permanent, failed.attempts]).toEqual([true, 1]);
    expect(s.received.flatMap((m) => m.envelopeTo).sort()).toEqual(['anne@ballerup.dk', 'bo@ballerup.dk']);
  });

  it('neutralises a line break in a name or the subject: no header can be added', async () => {
    const s = await sink();
    const mailer = createMailer(settingsFor(s.url));
    const out = await mailer.sendBatch([
      {
        to: { name: 'Anne\r\nBcc: evil@example.com', address: 'anne@ballerup.dk' },
        subject: 'Hej\r\nBcc: evil@example.com\nX-Injected: ja',
        text: 'tekst',
        html: '<p>tekst</p>',
      },
    ]);
    expect(out.status === 'done' && out.results[0]?.status).toBe('sent');
    const got = s.received[0];
    expect(got?.envelopeTo).toEqual(['anne@ballerup.dk']);
    expect(got?.parsed.bcc).toBeUndefined();
    expect(got?.parsed.headers.has('x-injected')).toBe(false);
    expect(got?.parsed.subject).toBe('Hej Bcc: evil@example.com X-Injected: ja');
    expect(got?.raw).not.toMatch(/^(Bcc|X-Injected):/im);
  });

  it('refuses an address with a line break or without a domain before connecting', async () => {
    const s = await sink();
    const mailer = createMailer(settingsFor(s.url));
    const out = await mailer.sendBatch([
      message('anne@ballerup.dk\r\nRCPT TO:<evil@example.com>'),
      message('ikke-en-adresse'),
    ]);
    if (out.status !== 'done') throw new Error('mail was off');
    expect(out.results.map((r) => r.status === 'failed' && r.reason)).toEqual([
      'ugyldig e-mailadresse; intet er sendt',
      'ugyldig e-mailadresse; intet er sendt',
    ]);
    expect(s.received).toHaveLength(0);
  });

  it('reports every recipient failed, with the reason, when the server is down; nothing is thrown', async () => {
    const port = await closedPort();
    const mailer = createMailer(settingsFor(`smtp://127.0.0.1:${port}`));
    const out = await mailer.sendBatch([message('anne@ballerup.dk'), message('bo@ballerup.dk')], {
      attempts: 2,
      retryDelayMs: 1,
    });
    if (out.status !== 'done') throw new Error('mail was off');
    for (const r of out.results) {
      expect(r.status).toBe('failed');
      if (r.status !== 'failed') continue;
      expect(r.reason).toMatch(/^kunne ikke forbinde til mailserveren \(.*ECONNREFUSED/);
      expect([r.permanent, r.attempts]).toEqual([false, 2]);
    }
  });

  it('gives up on a server that accepts the connection and never greets, within the bound', async () => {
    const silent = await startSilentServer();
    closers.push(() => silent.close());
    const mailer = createMailer(settingsFor(`smtp://127.0.0.1:${silent.port}`), {
      timeouts: { connectionMs: 300, greetingMs: 300, socketMs: 300, messageMs: 2000 },
    });
    const out = await mailer.sendBatch([message('anne@ballerup.dk')], { attempts: 1 });
    if (out.status !== 'done') throw new Error('mail was off');
    const r = out.results[0];
    expect(r?.status).toBe('failed');
    expect(r?.status === 'failed' && r.reason).toMatch(/^serveren svarede ikke i tide/);
  });

  it('stops waiting at the message bound even when the socket bounds are longer', async () => {
    const silent = await startSilentServer();
    closers.push(() => silent.close());
    const mailer = createMailer(settingsFor(`smtp://127.0.0.1:${silent.port}`), {
      timeouts: { connectionMs: 60_000, greetingMs: 60_000, socketMs: 60_000, messageMs: 300 },
    });
    const out = await mailer.sendBatch([message('anne@ballerup.dk')], { attempts: 1 });
    expect(out.status === 'done' && out.results[0]).toMatchObject({
      status: 'failed',
      reason: 'serveren svarede ikke inden for 0,3 s',
    });
  });

  it('tries a failed message again: first down, then up', async () => {
    const port = await closedPort();
    const mailer = createMailer(settingsFor(`smtp://127.0.0.1:${port}`));
    const messages = [message('anne@ballerup.dk')];
    const first = await mailer.sendBatch(messages, { attempts: 1 });
    if (first.status !== 'done') throw new Error('mail was off');
    expect(first.results[0]?.status).toBe('failed');
    const s = await sink();
    const again = createMailer(settingsFor(s.url));
    const second = await again.retryFailed(messages, first.results, { attempts: 1 });
    expect(second.status === 'done' && second.results[0]?.status).toBe('sent');
    expect(s.received).toHaveLength(1);
  });

  it('says mail is not set up, and sends nothing, without settings', async () => {
    const mailer = createMailer(undefined);
    expect(mailer.enabled).toBe(false);
    expect(await mailer.sendBatch([message('anne@ballerup.dk')])).toEqual({
      status: 'off',
      message: MAIL_OFF_MESSAGE,
    });
    expect(MAIL_OFF_MESSAGE).toMatch(/^mail er ikke sat op/);
  });
});

describe('mail settings', () => {
  const base = { MAIL_FROM: 'noreply@ballerup.dk', PUBLIC_URL: 'https://pejlemaerke.ballerup.dk/' };
  it('reads smtps:// with a login, the sender, the public address and the reminder days', () => {
    const p = parseMailSettings({
      ...base,
      SMTP_URL: 'smtps://pejle%40ballerup.dk:p%C3%A6ss@smtp.ballerup.dk',
      FOLLOWUP_REMINDER_DAYS: '5',
    });
    expect(p).toEqual({
      ok: true,
      settings: {
        smtp: {
          host: 'smtp.ballerup.dk',
          port: 465,
          secure: true,
          user: 'pejle@ballerup.dk',
          password: 'pæss',
          from: { name: '', address: 'noreply@ballerup.dk' },
          display: 'smtps://pejle%40ballerup.dk:***@smtp.ballerup.dk',
        },
        publicUrl: 'https://pejlemaerke.ballerup.dk',
        followupReminderDays: 5,
      },
    });
  });

  it('stops the start with a ConfigError naming the setting', () => {
    expect(() => readConfig({ SMTP_URL: 'smtp://smtp.ballerup.dk' })).toThrow(ConfigError);
    expect(() => readConfig({ SMTP_URL: 'mailto:x@y.dk', ...base })).toThrow(
      /^invalid environment: SMTP_URL="mailto:x@y.dk": expected smtp:\/\/ or smtps:\/\/, not mailto:\/\//,
    );
    expect(readConfig({}).mail.smtp).toBeUndefined();
  });

  it('is off without SMTP_URL, with 7 reminder days by default', () => {
    expect(parseMailSettings({})).toEqual({
      ok: true,
      settings: { smtp: undefined, publicUrl: undefined, followupReminderDays: 7 },
    });
  });

  it.each([
    ['http://smtp.ballerup.dk', /SMTP_URL="http:\/\/smtp.ballerup.dk\/": expected smtp:\/\/ or smtps:\/\//],
    ['smtp.ballerup.dk:25', /expected smtp:\/\/ or smtps:\/\/|not a URL/],
    ['not a url', /SMTP_URL="\(unparsable URL\)": not a URL/],
    [
      'smtp://u:secret@smtp.ballerup.dk/x?tls=0',
      /SMTP_URL="smtp:\/\/u:\*\*\*@smtp.ballerup.dk\/x\?tls=0": expected only/,
    ],
  ])('refuses SMTP_URL=%s clearly, never showing the password', (url, problem) => {
    const p = parseMailSettings({ ...base, SMTP_URL: url });
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.problems.join('\n')).toMatch(problem);
    expect(p.problems.join('\n')).not.toContain('secret');
  });

  it('refuses SMTP_URL without MAIL_FROM or PUBLIC_URL, MAIL_FROM alone, and a bad sender or day count', () => {
    const problems = (env: Record<string, string>) => {
      const p = parseMailSettings(env);
      return p.ok ? [] : p.problems;
    };
    expect(problems({ SMTP_URL: 'smtp://smtp.ballerup.dk', PUBLIC_URL: base.PUBLIC_URL })).toEqual([
      'SMTP_URL is set but MAIL_FROM is not; set the sender, e.g. Pejlemærke <noreply@ballerup.dk>',
    ]);
    expect(problems({ SMTP_URL: 'smtp://smtp.ballerup.dk', MAIL_FROM: base.MAIL_FROM })[0]).toMatch(
      /^SMTP_URL is set but PUBLIC_URL is not/,
    );
    expect(problems({ MAIL_FROM: base.MAIL_FROM })).toEqual([
      'MAIL_FROM is set but SMTP_URL is not; set both, or neither',
    ]);
    expect(problems({ ...base, SMTP_URL: 'smtp://smtp.ballerup.dk', MAIL_FROM: 'Pejlemærke' })[0]).toMatch(
      /^MAIL_FROM="Pejlemærke": expected one address/,
    );
    expect(
      problems({ ...base, SMTP_URL: 'smtp://smtp.ballerup.dk', MAIL_FROM: 'a@b.dk\r\nBcc: c@d.dk' })[0],
    ).toMatch(/^MAIL_FROM=.*expected one address/);
    expect(problems({ FOLLOWUP_REMINDER_DAYS: '0' })[0]).toMatch(
      /^FOLLOWUP_REMINDER_DAYS="0": expected a whole/,
    );
    expect(problems({ FOLLOWUP_REMINDER_DAYS: 'syv' })[0]).toMatch(/^FOLLOWUP_REMINDER_DAYS="syv"/);
    expect(problems({ PUBLIC_URL: 'ftp://x' })[0]).toMatch(/^PUBLIC_URL="ftp:\/\/x": expected the address/);
  });
});
