// `pejlemaerke followup remind` on a PostgreSQL server, mailing a real SMTP server on 127.0.0.1: a dry run and
// mail that is off send nothing (and say so), a run sends the reminder and the overdue notice and lists them, the
// next run lists them as sent before, a server that is down fails the run with exit code 3, and bad settings
// and options are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile, ballerupId } from '../../test/support/app.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { closedPort, startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { systemActor } from '../domain/access/index.ts';
import { danishDate } from '../domain/followup/index.ts';
import { openRound } from '../service/followup-rounds.ts';
import { openDatabase } from '../store/database.ts';
import { exitCodes } from './exit-codes.ts';
import { runMainText } from '../../test/support/cli.ts';

const run = runMainText;

const dayFromToday = (days: number) => danishDate(new Date(Date.now() + days * 86_400_000));

let dbUrl: string;
let sink: SmtpSink;
const mailEnv = () => ({
  DATABASE_URL: dbUrl,
  SMTP_URL: sink.url,
  MAIL_FROM: 'Pejlemærke <noreply@ballerup.dk>',
  PUBLIC_URL: 'https://pejlemaerke.test',
});

beforeAll(async () => {
  dbUrl = await createServerDatabase();
  sink = await startSmtpSink();
  expect((await run(['strategy', 'load', ballerupFile], { DATABASE_URL: dbUrl })).code).toBe(0);
  const add = await run(
    [
      'users',
      'add',
      'anne@ballerup.dk',
      '--name',
      'Anne Ærø',
      '--role',
      'editor',
      '--centre',
      'center-for-arbejdsmarked',
    ],
    { DATABASE_URL: dbUrl, PEJLEMAERKE_PASSWORD: 'rigtig-hemmelig-2026' },
  );
  expect(add.code).toBe(0);
  const database = await openDatabase({ url: dbUrl });
  const ctx = { database, actor: systemActor, now: () => new Date() };
  await openRound(ctx, ballerupId, { title: 'Forårsrunden', deadline: dayFromToday(3) });
  await openRound(ctx, ballerupId, { title: 'Vinterrunden', deadline: dayFromToday(-1), confirmPast: true });
  await database.close();
});
afterAll(async () => sink.close());

describe('followup remind', () => {
  it('refuses bad mail settings at start with the setting named', async () => {
    const bad = await run(['serve'], { DATABASE_URL: dbUrl, SMTP_URL: 'ftp://smtp.ballerup.dk' });
    expect(bad.code).toBe(exitCodes.environment);
    expect(bad.err).toMatch(
      /^error: invalid environment: SMTP_URL="ftp:\/\/smtp.ballerup.dk\/": expected smtp:\/\//,
    );
    const noFrom = await run(['followup', 'remind'], { ...mailEnv(), MAIL_FROM: '' });
    expect(noFrom.code).toBe(exitCodes.environment);
    expect(noFrom.err).toContain('SMTP_URL is set but MAIL_FROM is not');
    expect((await run(['followup', 'remind', '--now'], mailEnv())).code).toBe(exitCodes.usage);
  });

  it('lists what a dry run would send, and sends nothing', async () => {
    const r = await run(['followup', 'remind', '--dry-run'], mailEnv());
    expect(r.code).toBe(exitCodes.ok);
    expect(r.out).toContain(
      `ville sendes — påmindelse for "Forårsrunden" (frist ${dayFromToday(3)}), Beskæftigelse, til Anne Ærø <anne@ballerup.dk>`,
    );
    expect(r.out).toContain(
      `ville sendes — fristen overskredet for "Vinterrunden" (frist ${dayFromToday(-1)}), Beskæftigelse, til Anne Ærø <anne@ballerup.dk>`,
    );
    expect(r.out).toContain(
      'ingen modtager — påmindelse for "Forårsrunden", Uddannelse: områdets ledende center har ingen aktiv redaktør',
    );
    expect(r.out.split('\n').at(-1)).toBe('2 ville sendes, 0 sendt før');
    expect(sink.received).toHaveLength(0);
  });

  it('with mail off says so and exits 3; a dry run says so and exits 0', async () => {
    const off = await run(['followup', 'remind'], { DATABASE_URL: dbUrl });
    expect(off.code).toBe(exitCodes.environment);
    expect(off.out.split('\n')[0]).toMatch(/^mail er ikke sat op/);
    expect(off.out).toContain('ikke sendt — påmindelse for "Forårsrunden"');
    expect(off.err).toMatch(/^error: mail er ikke sat op/);
    const dry = await run(['followup', 'remind', '--dry-run'], { DATABASE_URL: dbUrl });
    expect(dry.code).toBe(exitCodes.ok);
    expect(dry.out).toMatch(/^mail er ikke sat op/);
    expect(sink.received).toHaveLength(0);
  });

  it('sends the reminder and the overdue notice once and lists them; the next run lists them as sent before', async () => {
    const r = await run(['followup', 'remind'], mailEnv());
    expect(r.code).toBe(exitCodes.ok);
    expect(r.out).toContain('sendt — påmindelse for "Forårsrunden"');
    expect(r.out).toContain('sendt — fristen overskredet for "Vinterrunden"');
    expect(r.out.split('\n').at(-1)).toBe('2 sendt, 0 fejlede, 0 sendt før, 0 sendes ikke igen');
    expect(sink.received.map((m) => m.parsed.subject).sort()).toEqual([
      expect.stringMatching(/^Fristen er overskredet: status for Beskæftigelse manglede /),
      expect.stringMatching(/^Påmindelse: status for Beskæftigelse senest /),
    ]);
    const again = await run(['followup', 'remind'], mailEnv());
    expect(again.code).toBe(exitCodes.ok);
    expect(again.out.split('\n').at(-1)).toBe('0 sendt, 0 fejlede, 2 sendt før, 0 sendes ikke igen');
    expect(sink.received).toHaveLength(2);
  });

  it('exits 3 with each failure listed when the mail server is down', async () => {
    await run(
      [
        'users',
        'add',
        'bo@ballerup.dk',
        '--name',
        'Bo',
        '--role',
        'editor',
        '--centre',
        'center-for-arbejdsmarked',
      ],
      { DATABASE_URL: dbUrl, PEJLEMAERKE_PASSWORD: 'rigtig-hemmelig-2026' },
    );
    const r = await run(['followup', 'remind'], {
      ...mailEnv(),
      SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`,
    });
    expect(r.code).toBe(exitCodes.environment);
    expect(r.out).toMatch(/fejlede: kunne ikke forbinde til mailserveren .* til Bo <bo@ballerup.dk>/);
    expect(r.err).toBe('error: 2 mails could not be sent; a later run tries again');
  });
});
