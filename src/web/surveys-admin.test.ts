// The survey pages through HTTP on a real database and a real SMTP server on 127.0.0.1: visitors are sent to log
// in, a reader sees the questionnaires, the rounds and the response rates but no addresses and no buttons, and is
// refused when sending or closing; an administrator opens a round (Danish errors for missing and impossible
// dates, closes before opens, an unknown questionnaire, a bad period), loads recipients from CSV all or nothing
// (duplicates, a bad e-mail, an unknown area, a wrong header and an empty file named line by line in Danish; `;`
// and a BOM taken), sends invitations (a refused address shown with the server's reason), marks a bounce, and
// closes after a confirmation page; forged POSTs without the form token get the Danish 403. Every page's
// visible text is read for template leaks and English words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, cookieHeader, createUser } from '../../test/support/accounts.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { checkedPageText } from '../../test/support/page-text.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { parseMailSettings } from '../platform/mail-settings.ts';
import { listAudit } from '../store/audit-store.ts';

let t: TestApp;
let sink: SmtpSink;
let ip = 0;
const now = new Date('2026-03-05T09:00:00Z');
const browser = () => new Browser(t.app, `10.8.0.${++ip}`);

beforeAll(async () => {
  sink = await startSmtpSink({ refuse: ['afvist@example.dk'] });
  const mail = parseMailSettings({
    SMTP_URL: sink.url,
    MAIL_FROM: 'Pejlemærke <noreply@ballerup.dk>',
    PUBLIC_URL: 'https://pejlemaerke.test',
  });
  if (!mail.ok) throw new Error(mail.problems.join('; '));
  t = await startTestApp(undefined, undefined, { mail: mail.settings, now: () => now });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'reader@ballerup.dk', 'reader');
  await createUser(t.database, 'cfa@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

const readable = checkedPageText;

async function upload(b: Browser, url: string, name: string, content: Buffer | string, token = b.token) {
  const boundary = '----survey-test';
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="modtagere"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: b.ip,
    headers: { cookie: cookieHeader(b.jar), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

const form = (o: Partial<Record<string, string>>) => ({
  questionnaire: 'fvu-sprogtilbud',
  name: '',
  opens: '2026-03-03',
  closes: '2026-03-31',
  period: '',
  types: '',
  ...o,
});

/** Polls the round's mailing status (as the page's script does) until the job has ended. */
async function jobDone(b: Browser, url: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const res = await b.get(`${url}/udsendelse`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const status = JSON.parse(res.body) as Record<string, unknown>;
    if (status.done === true) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the send job did not end');
}

describe('survey pages', () => {
  let roundUrl = '';
  let admin: Browser;

  it('sends a visitor to log in, and shows staff the questionnaires without the form', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/undersoegelser' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toMatch(/^\/log-ind\?next=/);
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    const page = await reader.get('/undersoegelser');
    expect(page.statusCode).toBe(200);
    const text = readable(page.body);
    expect(text).toContain('Spørgeskemaundersøgelser');
    expect(text).toContain('Brugere af FVU dansk og frivillige sprogtilbud');
    expect(text).toContain('Ikke taget i brug endnu');
    expect(text).toContain('Der er endnu ingen runder.');
    expect(page.body).not.toContain('Åbn runden');
    const en = await reader.get('/undersoegelser?lang=en');
    expect(en.statusCode).toBe(200);
    expect(readable(en.body, 'en')).toContain('Users of FVU Danish and volunteer language offers');
  });

  it('previews a questionnaire read-only in Danish and English', async () => {
    const reader = browser();
    await reader.login('cfa@ballerup.dk');
    const da = await reader.get('/undersoegelser/skemaer/foreningsdemokrati');
    expect(da.statusCode).toBe(200);
    const text = readable(da.body);
    expect(text).toContain('Hvor mange medlemmer har bestyrelsen?');
    expect(text).toContain('Side 1 af');
    expect(text).toContain('Ja eller nej');
    expect(text).toContain('vises kun efter et bestemt svar');
    expect(da.body).not.toMatch(/<input(?![^>]*type="hidden")/);
    const en = await reader.get('/undersoegelser/skemaer/foreningsdemokrati?lang=en');
    expect(readable(en.body, 'en')).toContain('How many members does the board have?');
    expect((await reader.get('/undersoegelser/skemaer/ukendt')).statusCode).toBe(404);
  });

  it('refuses a bad round form with Danish errors and stores nothing', async () => {
    admin = browser();
    await admin.login('admin@ballerup.dk');
    await admin.get('/undersoegelser');
    const cases: [Record<string, string>, string[]][] = [
      [
        form({ questionnaire: '', opens: '', closes: '' }),
        ['Vælg et spørgeskema.', 'Udfyld «Åbner».', 'Udfyld «Lukker».'],
      ],
      [form({ opens: '2026-02-30' }), ['«Åbner» er en dato, der ikke findes.']],
      [form({ closes: '31-03-2026' }), ['«Lukker» skal være en dato som 2022-06-15']],
      [
        form({ opens: '2026-03-20', closes: '2026-03-10' }),
        ['«Lukker» (10. marts 2026) ligger før «Åbner» (20. marts 2026).'],
      ],
      [form({ questionnaire: 'ukendt' }), ['Spørgeskemaet «ukendt» findes ikke.']],
      [form({ period: '2026Q2' }), ['«Periode for tallene» skal være et år, et kvartal eller en måned']],
    ];
    for (const [body, messages] of cases) {
      const res = await admin.post('/undersoegelser', { _csrf: admin.token, ...body });
      expect(res.statusCode).toBe(400);
      const text = readable(res.body);
      expect(text).toContain('Der er fejl i formularen');
      for (const m of messages) expect(text).toContain(m);
    }
    expect(readable((await admin.get('/undersoegelser')).body)).toContain('Der er endnu ingen runder.');
  });

  it('refuses forged posts without the form token with the Danish 403, and a tovholder opening a round', async () => {
    const forged = await admin.post('/undersoegelser', form({}));
    expect(forged.statusCode).toBe(403);
    expect(readable(forged.body)).toContain('Formularen blev afvist');
    const editor = browser();
    await editor.login('cfa@ballerup.dk');
    const refused = await editor.post('/undersoegelser', { _csrf: editor.token, ...form({}) });
    expect(refused.statusCode).toBe(403);
  });

  it('opens a round and loads its recipients all or nothing, every bad line named in Danish', async () => {
    const opened = await admin.post('/undersoegelser', {
      _csrf: admin.token,
      ...form({ name: 'FVU forår 2026', types: 'udbyder, frivillig' }),
    });
    expect(opened.statusCode).toBe(303);
    roundUrl = String(opened.headers.location).replace(/\?.*$/, '');
    expect(roundUrl).toMatch(/^\/undersoegelser\/runder\/\d+$/);
    const page = await admin.get(String(opened.headers.location));
    expect(readable(page.body)).toContain('Runden er åbnet.');
    const up = `${roundUrl}/modtagere`;

    const refusals: [string, string | Buffer, string[]][] = [
      [
        'dubletter.csv',
        'organisation,type,area,contact,email\nVUC Vest,udbyder,151,Ane,ane@vuc.dk\nVUC Vest,udbyder,151,Ane,ane@vuc.dk\n',
        ['Linje 3: en gentagelse af linje 2 (VUC Vest, ane@vuc.dk).'],
      ],
      [
        'adresse.csv',
        'organisation,type,area,contact,email\nAOF,udbyder,151,Bo,bo@aof\n',
        ['Linje 2: «bo@aof» er ikke en e-mailadresse.'],
      ],
      [
        'omraade.csv',
        'organisation,type,area,contact,email\nAOF,udbyder,Herlev,Bo,bo@aof.dk\nKlub,forening,151,Cai,cai@klub.dk\n',
        [
          'Linje 2: området «Herlev» hører ikke til strategien',
          'Linje 3: typen «forening» er ikke en af rundens (udbyder, frivillig).',
        ],
      ],
      [
        'overskrift.csv',
        'navn,type,area,contact,email\nAOF,udbyder,151,Bo,bo@aof.dk\n',
        [
          'Linje 1: kolonne 1 «navn» er ikke en af organisation, type, område, kontaktperson, e-mail.',
          'Linje 1: overskriften mangler kolonnen «organisation».',
        ],
      ],
      ['tom.csv', '', ['Filen er tom.']],
    ];
    for (const [name, content, messages] of refusals) {
      const res = await upload(admin, up, name, content);
      expect(res.statusCode, name).toBe(400);
      const text = readable(res.body);
      expect(text).toContain('Filen blev afvist, og intet er gemt:');
      for (const m of messages) expect(text, name).toContain(m);
    }
    expect(readable((await admin.get(roundUrl)).body)).toContain('Runden har endnu ingen modtagere.');
    const none = await upload(admin, up, 'x.csv', 'organisation\n', 'forkert');
    expect(none.statusCode).toBe(403);

    // `;`-separated with a BOM and the Danish header: taken whole.
    const good = await upload(
      admin,
      up,
      'modtagere.csv',
      '\uFEFForganisation;type;område;kontaktperson;e-mail\r\nVUC Vest;udbyder;151;Ane Ø;ane@vuc.dk\r\nAOF;udbyder;Ballerup;Bo;bo@aof.dk\r\nSprogcaféen;frivillig;151;Cæcilie;afvist@example.dk\r\n',
    );
    expect(good.statusCode).toBe(303);
    const after = readable((await admin.get(String(good.headers.location))).body);
    expect(after).toContain('3 modtagere er indlæst.');
    expect(after).toContain('Ikke sendt');
    expect(after).toContain('ane@vuc.dk');
  });

  it('shows a reader the response rates without addresses or buttons, and refuses sending and closing', async () => {
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    const page = await reader.get(roundUrl);
    expect(page.statusCode).toBe(200);
    const text = readable(page.body);
    expect(text).toContain('Svarprocent pr. område');
    expect(text).toContain('Ballerup Kommune');
    expect(text).toContain('Svarprocent pr. organisationstype');
    expect(text).not.toContain('ane@vuc.dk');
    expect(page.body).not.toContain('Send invitationer');
    for (const [url, body] of [
      [`${roundUrl}/send`, { mode: 'invitations' }],
      [`${roundUrl}/luk`, { confirm: 'ja' }],
      [`${roundUrl}/afvist`, { recipient: '1' }],
    ] as const) {
      const res = await reader.post(url, { _csrf: reader.token, ...body });
      expect(res.statusCode, url).toBe(403);
    }
    expect((await reader.get(`${roundUrl}/luk`)).statusCode).toBe(403);
    expect(sink.received).toHaveLength(0);
  });

  it('sends the invitations, shows the refused address with why, and marks a bounce', async () => {
    await admin.get(roundUrl);
    const forged = await admin.post(`${roundUrl}/send`, { mode: 'invitations' });
    expect(forged.statusCode).toBe(403);
    const badMode = await admin.post(`${roundUrl}/send`, { _csrf: admin.token, mode: 'alle' });
    expect(badMode.statusCode).toBe(400);
    expect(readable(badMode.body)).toContain('Ukendt handling.');
    const sent = await admin.post(`${roundUrl}/send`, { _csrf: admin.token, mode: 'invitations' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${roundUrl}#udsendelse`);
    const done = await jobDone(admin, roundUrl);
    expect(done).toMatchObject({ state: 'done', due: 3, sent: 2, failed: 1 });
    const page = await admin.get(String(sent.headers.location));
    const text = readable(page.body);
    expect(text).toContain(
      'Udsendelsen af invitationer er færdig med fejl: 2 sendt, 1 fejlet, 0 sprunget over.',
    );
    expect(text).toMatch(/Bestilt af admin@ballerup\.dk .*\. Afsluttet /);
    expect(text).toMatch(
      /Mails, der ikke kunne sendes \(1\)\s+Modtager\s+Mail\s+Årsag\s+Sprogcaféen\s+afvist@example\.dk\s+Invitation\s+serveren afviste modtageren: 550/,
    );
    expect(page.body).not.toContain('import-job.js');
    expect(text).toContain('Inviteret');
    expect(text).toMatch(/Fejlet\s+Invitation .*: serveren afviste modtageren: 550/);
    expect(sink.received.map((m) => m.envelopeTo[0]).sort()).toEqual(['ane@vuc.dk', 'bo@aof.dk']);
    expect(page.body).toContain('Send de fejlede igen');

    const failedId =
      /name="recipient" value="(\d+)">\s*<button[^>]*aria-label="Markér som afvist: Sprogcaféen"/.exec(
        page.body,
      )?.[1];
    expect(failedId).toBeDefined();
    const bounced = await admin.post(`${roundUrl}/afvist`, { _csrf: admin.token, recipient: failedId ?? '' });
    expect(bounced.statusCode).toBe(303);
    const marked = readable((await admin.get(String(bounced.headers.location))).body);
    expect(marked).toContain('Sprogcaféen (afvist@example.dk) er markeret som afvist.');
    expect(marked).toContain('Afvist adresse');
    const unknown = await admin.post(`${roundUrl}/afvist`, { _csrf: admin.token, recipient: '999999' });
    expect(unknown.statusCode).toBe(400);
    expect(readable(unknown.body)).toContain('Modtageren findes ikke i runden.');
    // Reminders the same day: everyone was mailed less than a day ago.
    const reminders = await admin.post(`${roundUrl}/send`, { _csrf: admin.token, mode: 'reminders' });
    expect(reminders.statusCode).toBe(303);
    await jobDone(admin, roundUrl);
    expect(readable((await admin.get(String(reminders.headers.location))).body)).toContain(
      'Udsendelsen af påmindelser er færdig: 0 sendt, 0 fejlet, 3 sprunget over.',
    );
    expect(sink.received).toHaveLength(2);
    const audit = await listAudit(t.database.db, 30);
    expect(audit.some((a) => a.action === 'survey.bounce' && a.actor === 'admin@ballerup.dk')).toBe(true);
  });

  it('closes the round after a confirmation page, after which nothing is sent', async () => {
    const ask = await admin.get(`${roundUrl}/luk`);
    expect(ask.statusCode).toBe(200);
    expect(readable(ask.body)).toContain('Ja, luk runden');
    const unconfirmed = await admin.post(`${roundUrl}/luk`, { _csrf: admin.token });
    expect(unconfirmed.statusCode).toBe(303);
    expect(unconfirmed.headers.location).toBe(`${roundUrl}/luk`);
    const closed = await admin.post(`${roundUrl}/luk`, { _csrf: admin.token, confirm: 'ja' });
    expect(closed.statusCode).toBe(303);
    const page = readable((await admin.get(String(closed.headers.location))).body);
    expect(page).toContain('Runden er lukket.');
    expect(page).not.toContain('Send invitationer');
    const late = await admin.post(`${roundUrl}/send`, { _csrf: admin.token, mode: 'invitations' });
    expect(late.statusCode).toBe(409);
    expect(readable(late.body)).toContain('Runden er lukket, så der sendes ikke mere mail.');
    const list = readable((await admin.get('/undersoegelser')).body);
    expect(list).toContain('FVU forår 2026');
    expect(list).toContain('Lukket');
    expect(list).toContain('0 af 3 har svaret');
    expect((await admin.get('/undersoegelser/runder/99999')).statusCode).toBe(404);
    expect((await admin.get('/undersoegelser/runder/abc')).statusCode).toBe(404);
  });
});
