// The upload page "Indlæs tal" through real multipart bodies: a filled template and a saved StatBank response
// are stored and listed, a refused file lists its lines, and every bad upload — no file, an empty file, a PNG,
// a file over the limit, a zip bomb, bytes that are no zip, a formula, an unknown indicator, a user who may
// not import, a missing or replayed form token, an ended session — is refused in Danish with nothing stored.
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, cookieHeader, createUser, testPassword } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { ballerup, indicator } from '../sources/files/fixtures/ballerup.ts';
import { filledCsv, filledXlsx, sampleRows } from '../sources/files/fixtures/fill.ts';
import { buildZip } from '../sources/files/fixtures/zip-builder.ts';
import { cliActor } from '../domain/access/index.ts';
import { currentObservations } from '../service/observations.ts';
import { loadDefinitionFile } from '../service/strategies.ts';
import type { Database } from '../store/database.ts';

const ledige = indicator('ledige-efter-13-uger');
const choice = `${ballerupId}/${ledige.id}`;
const statbankFixture = (name: string) =>
  readFileSync(new URL(`../sources/statbank/fixtures/${name}`, import.meta.url));
const png = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0,
  1,
]);

interface FilePart {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly type?: string;
}

/** A multipart/form-data body as a browser sends it: the fields in order, then the file. */
function multipart(fields: Record<string, string>, file?: FilePart, fileField = 'fil') {
  const boundary = `----pejlemaerke${Math.random().toString(36).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(file.bytes),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(
  t: TestApp,
  b: Browser,
  url: string,
  fields: Record<string, string>,
  file?: FilePart,
  fileField?: string,
) {
  const body = multipart(fields, file, fileField);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: cookieHeader(b.jar), 'content-type': body.contentType },
    payload: body.payload,
  });
}

/**
 * A StatBank upload that passed the check goes to its job's page (303); this waits for the job to end (as the
 * page's script does, by its status) and gives the job's page. A refused upload is given as it is.
 */
async function statbankUpload(
  t: TestApp,
  b: Browser,
  fields: Record<string, string>,
  file?: FilePart,
  fileField?: string,
) {
  const res = await upload(t, b, '/admin/indlaes/statbank', fields, file, fileField);
  if (res.statusCode !== 303) return res;
  const location = String(res.headers.location);
  expect(location).toMatch(/^\/admin\/indlaes\/job\/[0-9a-f]{32}$/);
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(b.jar) } });
  await expect
    .poll(async () => (await get(`${location}/status`)).json<{ done: boolean }>().done, { timeout: 30_000 })
    .toBe(true);
  return get(location);
}

/** Everything an import may touch: observations, batches, and the audit entries of imports. */
async function fingerprint(database: Database): Promise<string> {
  const r = await sql<{ f: string }>`
    select concat_ws('|',
      (select count(*) from observation),
      (select count(*) from import_batch),
      (select count(*) from audit_log where action = 'observations.import' and outcome <> 'refused')) as f`.execute(
    database.db,
  );
  return r.rows[0]?.f ?? '';
}

const uploadDirs = async () => (await readdir(tmpdir())).filter((d) => d.startsWith('pejlemaerke-upload-'));

/** The visible text of a page, without tags, so messages can be matched whatever the markup. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

let clock = new Date('2026-03-02T08:00:00Z').getTime();
let t: TestApp;
let admin: Browser;
let dirsBefore: string[];

beforeAll(async () => {
  dirsBefore = await uploadDirs();
  t = await startTestApp(undefined, undefined, {
    now: () => new Date(clock),
    loginRateLimit: { max: 10_000, windowMs: 60_000 },
  });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'a@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  admin = new Browser(t.app);
  expect((await admin.login('admin@ballerup.dk')).statusCode).toBe(303);
});
afterAll(async () => t.close());

describe('the upload page', () => {
  it('shows both forms, the indicators and the template download, and is linked from the admin menu', async () => {
    const res = await admin.get('/admin/indlaes');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Indlæs tal</h1>');
    expect(res.body).toMatch(/<form method="post" action="\/admin\/indlaes" enctype="multipart\/form-data"/);
    expect(res.body).toMatch(/action="\/admin\/indlaes\/statbank" enctype="multipart\/form-data"/);
    expect(res.body).toContain(`<option value="${choice}">`);
    expect(res.body).toContain('href="/admin/indlaes">Indlæs tal</a>');
    const chosen = await admin.get(`/admin/indlaes?indikator=${encodeURIComponent(choice)}`);
    expect(chosen.body).toContain(`<option value="${choice}" selected>`);
    expect(chosen.body).toContain('Hent XLSX-skabelon');
    const en = await admin.get('/admin/indlaes?lang=en');
    expect(en.body).toContain('<h1>Load figures</h1>');
  });

  it('hands out the template of the chosen indicator as CSV and XLSX', async () => {
    const csv = await admin.get(`/admin/indlaes/skabelon?indikator=${encodeURIComponent(choice)}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="skabelon-${ledige.id}.csv"`);
    expect(csv.body).toContain(`skabelon version 1 for indikatoren ${ledige.id}`);
    const xlsx = await admin.get(
      `/admin/indlaes/skabelon?indikator=${encodeURIComponent(choice)}&format=xlsx`,
    );
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const unknown = await admin.get(`/admin/indlaes/skabelon?indikator=${ballerupId}/findes-ikke&format=csv`);
    expect(unknown.statusCode).toBe(400);
    expect(text(unknown.body)).toContain(
      'Indikatoren "ballerup-integrationsstrategi-2021-2023/findes-ikke" findes ikke',
    );
    expect(unknown.body).toContain('id="skabelon-indikator-error"');
  });

  it('shows the form again with a field error when "Hent CSV-skabelon" is pressed with no indicator chosen', async () => {
    for (const url of [
      '/admin/indlaes/skabelon?indikator=&format=csv',
      '/admin/indlaes/skabelon?format=xlsx',
    ]) {
      const res = await admin.get(url);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<h1>Indlæs tal</h1>');
      expect(res.body).toContain('<form method="get" action="/admin/indlaes/skabelon"');
      expect(res.body).toMatch(/id="skabelon-indikator" name="indikator" aria-invalid="true"/);
      expect(text(res.body)).toContain('Vælg den indikator, skabelonen skal være til.');
      expect(res.body).toContain('href="#skabelon-indikator"');
      expect(text(res.body)).not.toContain('findes ikke');
    }
    const en = await admin.get('/admin/indlaes/skabelon?indikator=&format=csv&lang=en');
    expect(text(en.body)).toContain('Choose the indicator the template is for.');
  });

  it('hands out a CSV template that lists the group values and uploads once filled, linking to the indicator', async () => {
    const csv = await admin.get(`/admin/indlaes/skabelon?indikator=${encodeURIComponent(choice)}&format=csv`);
    expect(csv.body).toContain('# kolonnen gruppe - tilladte værdier: "målgruppe", "sammenligning".');
    expect(csv.body).toContain('# kolonnen køn - tilladte værdier: "kvinder", "mænd", "i alt".');
    // Filled as a user would: rows typed under the downloaded file's comment lines.
    const rows = sampleRows(ledige, '151', 900).map((r) => `${r.join(';')}\r\n`);
    const bytes = Buffer.concat([csv.rawPayload, Buffer.from(rows.join(''))]);
    await admin.get('/admin/indlaes');
    const res = await upload(
      t,
      admin,
      '/admin/indlaes',
      { _csrf: admin.token, indikator: choice },
      {
        name: 'udfyldt.csv',
        bytes,
      },
    );
    expect(res.statusCode).toBe(200);
    expect(text(res.body)).toContain(`Filen udfyldt.csv er indlæst for indikatoren ${ledige.title}.`);
    const indicatorHref = `/strategier/${ballerupId}/indikatorer/${ledige.id}`;
    expect(res.body).toContain(`<a href="${indicatorHref}">Se indikatoren «${ledige.title}»</a>`);
    const area = ballerup.areas.find((a) => a.indicators.some((i) => i.id === ledige.id));
    const areaHref = `/strategier/${ballerupId}/omraader/${area?.id ?? ''}`;
    expect(res.body).toContain(`<a href="${areaHref}">Se området «${area?.title ?? ''}»</a>`);
    expect((await admin.get(indicatorHref)).statusCode).toBe(200);
    expect((await admin.get(areaHref)).statusCode).toBe(200);
    // The tests below find their batch as the newest one.
    clock += 60_000;
  });
});

describe('importing a filled indicator template', () => {
  const rows = sampleRows(ledige);

  it('stores a CSV file, lists the counts and audits it; the same file again stores nothing new', async () => {
    const before = await t.database.db
      .selectFrom('audit_log')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where('action', '=', 'observations.import')
      .executeTakeFirstOrThrow();
    const file = { name: 'ledige.csv', bytes: filledCsv(ballerup, ledige, rows), type: 'text/csv' };
    const res = await upload(t, admin, '/admin/indlaes', { _csrf: admin.token, indikator: choice }, file);
    expect(res.statusCode).toBe(200);
    const page = text(res.body);
    expect(page).toContain(`Filen ledige.csv er indlæst for indikatoren ${ledige.title}.`);
    expect(page).toContain(`Rækker i filen ${rows.length}`);
    expect(page).toContain(`Nye eller ændrede tal (gemt) ${rows.length}`);
    expect(page).toContain('Fandtes allerede (ikke gemt igen) 0');
    const batch = await t.database.db
      .selectFrom('import_batch')
      .selectAll()
      .orderBy('imported_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ file_name: 'ledige.csv', source: 'file' });
    const after = await t.database.db
      .selectFrom('audit_log')
      .select((e) => e.fn.countAll<string>().as('n'))
      .where('action', '=', 'observations.import')
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);

    clock += 60_000;
    const again = await upload(t, admin, '/admin/indlaes', { _csrf: admin.token, indikator: choice }, file);
    expect(again.statusCode).toBe(200);
    expect(text(again.body)).toContain('alle tal i den fandtes allerede. Intet nyt er indlæst.');
    expect(text(again.body)).toContain(`Fandtes allerede (ikke gemt igen) ${rows.length}`);
  });

  it('stores an XLSX file, and takes a file larger than the 1 MB default body limit', async () => {
    const other = sampleRows(ledige, '151', 100);
    const xlsx = await filledXlsx(ballerup, ledige, other);
    const res = await upload(
      t,
      admin,
      '/admin/indlaes',
      { _csrf: admin.token, indikator: choice },
      { name: 'ledige.xlsx', bytes: xlsx },
    );
    expect(res.statusCode).toBe(200);
    expect(text(res.body)).toContain('XLSX (arket "data")');

    const padding = `# ${'udfyldt af Arbejdsmarkedscenteret '.repeat(40)}\r\n`.repeat(1_700);
    const big = Buffer.concat([
      Buffer.from(filledCsv(ballerup, ledige, sampleRows(ledige, '151', 200))),
      Buffer.from(padding),
    ]);
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    clock += 60_000;
    const large = await upload(
      t,
      admin,
      '/admin/indlaes',
      { _csrf: admin.token, indikator: choice },
      { name: 'stor.csv', bytes: big },
    );
    expect(large.statusCode).toBe(200);
    expect(text(large.body)).toContain('Filen stor.csv er indlæst');
  });

  it('refuses a file with bad lines whole, listing every line and its reason', async () => {
    const bad = rows.map((r) => [...r]);
    (bad[2] as string[])[1] = '2021K7';
    (bad[5] as string[])[0] = 'Ballerup';
    const before = await fingerprint(t.database);
    const res = await upload(
      t,
      admin,
      '/admin/indlaes',
      { _csrf: admin.token, indikator: choice },
      { name: 'fejl.csv', bytes: filledCsv(ballerup, ledige, bad) },
    );
    expect(res.statusCode).toBe(400);
    const page = text(res.body);
    expect(page).toContain('Filen fejl.csv blev afvist, og intet er indlæst.');
    expect(page).toContain('Afviste linjer og årsager (2)');
    expect(res.body).toMatch(/<td>\d+<\/td><td>[^<]*2021K7/);
    expect(res.body).toMatch(/<td>\d+<\/td><td>[^<]*Ballerup/);
    expect(await fingerprint(t.database)).toBe(before);
  });

  const refusals: readonly {
    readonly what: string;
    readonly fields?: Record<string, string>;
    readonly file?: () => FilePart | Promise<FilePart>;
    readonly says: RegExp;
  }[] = [
    { what: 'no file', says: /Vælg den fil, der skal indlæses\./ },
    {
      what: 'a file field left empty',
      file: () => ({ name: '', bytes: new Uint8Array() }),
      says: /Vælg den fil, der skal indlæses\./,
    },
    {
      what: 'an empty file',
      file: () => ({ name: 'tom.csv', bytes: new Uint8Array() }),
      says: /Filen tom\.csv er tom \(0 byte\)/,
    },
    {
      what: 'a PNG image',
      file: () => ({ name: 'graf.png', bytes: png, type: 'image/png' }),
      says: /Filen graf\.png er et PNG-billede, ikke en CSV- eller XLSX-fil/,
    },
    {
      what: 'a zip bomb named .xlsx',
      file: () => ({
        name: 'bombe.xlsx',
        bytes: buildZip([
          { name: '[Content_Types].xml', data: new TextEncoder().encode('<Types/>') },
          { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(60 * 1024 * 1024) },
        ]),
      }),
      says: /Filen bombe\.xlsx blev afvist, og intet er indlæst/,
    },
    {
      what: 'bytes that are no zip, named .xlsx',
      file: () => ({
        name: 'ikke-zip.xlsx',
        bytes: new TextEncoder().encode('område;periode\r\n151;2021\r\n'),
      }),
      says: /ikke et zip-arkiv/,
    },
    {
      what: 'a formula in the sheet',
      file: async () => ({
        name: 'formel.xlsx',
        bytes: await filledXlsx(ballerup, ledige, rows.slice(0, 2), (s) =>
          s.addRow(['151', '2021K3', 'målgruppe', { formula: '2+3', result: 5 }, 10]),
        ),
      }),
      says: /formler accepteres ikke/,
    },
    {
      what: 'an indicator id that does not exist',
      fields: { indikator: `${ballerupId}/ingen-saadan` },
      file: () => ({ name: 'ledige.csv', bytes: filledCsv(ballerup, ledige, rows) }),
      says: /Indikatoren "ballerup-integrationsstrategi-2021-2023\/ingen-saadan" findes ikke/,
    },
    {
      what: 'no indicator chosen',
      fields: { indikator: '' },
      file: () => ({ name: 'ledige.csv', bytes: filledCsv(ballerup, ledige, rows) }),
      says: /Vælg den indikator, filen har tal for\./,
    },
    {
      what: 'the template of another indicator',
      file: () => ({
        name: 'forkert.csv',
        bytes: filledCsv(ballerup, indicator('valgdeltagelse'), sampleRows(indicator('valgdeltagelse'))),
      }),
      says: /kolonneoverskrifterne passer ikke til indikatoren "ledige-efter-13-uger"/,
    },
  ];

  for (const r of refusals)
    it(`refuses ${r.what} in Danish, and stores nothing`, async () => {
      const before = await fingerprint(t.database);
      clock += 60_000;
      const res = await upload(
        t,
        admin,
        '/admin/indlaes',
        { _csrf: admin.token, indikator: choice, ...r.fields },
        await r.file?.(),
      );
      expect(res.statusCode).toBe(400);
      expect(text(res.body)).toMatch(r.says);
      expect(res.body).toContain('Der er fejl i formularen');
      expect(await fingerprint(t.database)).toBe(before);
    });

  it('refuses a file over the configured limit with the limit named, and never keeps it', async () => {
    const small = await startTestApp(undefined, undefined, { uploadMaxBytes: 1024 * 1024 });
    try {
      await createUser(small.database, 'admin@ballerup.dk', 'admin');
      const b = new Browser(small.app);
      await b.login('admin@ballerup.dk');
      const before = await fingerprint(small.database);
      const res = await upload(
        small,
        b,
        '/admin/indlaes',
        { _csrf: b.token, indikator: choice },
        { name: 'for-stor.csv', bytes: new Uint8Array(3 * 1024 * 1024).fill(0x41) },
      );
      expect(res.statusCode).toBe(400);
      expect(text(res.body)).toContain(
        'Filen for-stor.csv fylder mere end 1 MB, som er det største, der kan indlæses her. Intet er indlæst.',
      );
      expect(await fingerprint(small.database)).toBe(before);
    } finally {
      await small.close();
    }
  });

  it('refuses an editor, even of the area the indicator belongs to (imports are for administrators)', async () => {
    const editor = new Browser(t.app);
    await editor.login('a@ballerup.dk');
    expect((await editor.get('/admin/indlaes')).statusCode).toBe(403);
    const before = await fingerprint(t.database);
    const res = await upload(
      t,
      editor,
      '/admin/indlaes',
      { _csrf: editor.token, indikator: choice },
      { name: 'ledige.csv', bytes: filledCsv(ballerup, ledige, sampleRows(ledige, '151', 300)) },
    );
    expect(res.statusCode).toBe(403);
    expect(await fingerprint(t.database)).toBe(before);
  });

  it('refuses a form without its token, and a token replayed from an ended session', async () => {
    const file = { name: 'ledige.csv', bytes: filledCsv(ballerup, ledige, sampleRows(ledige, '151', 400)) };
    const before = await fingerprint(t.database);
    const none = await upload(t, admin, '/admin/indlaes', { indikator: choice }, file);
    expect(none.statusCode).toBe(403);
    expect(text(none.body)).toContain('Formularen blev afvist');

    const b = new Browser(t.app);
    await b.login('admin@ballerup.dk');
    const old = b.token;
    await b.post('/log-ud', { _csrf: b.token });
    await b.login('admin@ballerup.dk');
    expect(b.token).not.toBe(old);
    const replayed = await upload(t, b, '/admin/indlaes', { _csrf: old, indikator: choice }, file);
    expect(replayed.statusCode).toBe(403);
    const statbank = await upload(
      t,
      b,
      '/admin/indlaes/statbank',
      { _csrf: old },
      { name: 'folk1e.json', bytes: statbankFixture('derived/folk1e-151-2021K2.jsonstat.json') },
    );
    expect(statbank.statusCode).toBe(403);
    expect(await fingerprint(t.database)).toBe(before);
  });

  it('shows the form to log in again when the session ended, says the file must be chosen again, then imports', async () => {
    const b = new Browser(t.app);
    await b.login('admin@ballerup.dk');
    await b.get('/admin/indlaes');
    const file = { name: 'ledige.csv', bytes: filledCsv(ballerup, ledige, sampleRows(ledige, '151', 500)) };
    clock += 31 * 60_000;
    const before = await fingerprint(t.database);
    const expired = await upload(t, b, '/admin/indlaes', { _csrf: b.token, indikator: choice }, file);
    expect(expired.statusCode).toBe(401);
    const page = text(expired.body);
    expect(page).toContain('Din session udløb, før filen blev sendt, og intet er indlæst.');
    expect(page).toContain('En browser kan ikke gemme en valgt fil');
    expect(expired.body).toContain('id="relogin_email"');
    expect(expired.body).toContain(`<option value="${choice}" selected>`);
    expect(await fingerprint(t.database)).toBe(before);

    // The form cookie the page set, and its token, as the browser sends them back with the file chosen again.
    const jar = { ...b.jar };
    for (const c of expired.cookies as { name: string; value: string }[])
      if (c.value) jar[c.name] = c.value;
      else delete jar[c.name];
    b.jar = jar;
    const token = /name="_csrf" value="([^"]+)"/.exec(expired.body)?.[1] ?? '';
    const again = await upload(
      t,
      b,
      '/admin/indlaes',
      { _csrf: token, relogin_email: 'admin@ballerup.dk', relogin_password: testPassword, indikator: choice },
      file,
    );
    expect(again.statusCode).toBe(200);
    expect(text(again.body)).toContain('Filen ledige.csv er indlæst');
  });
});

describe('importing a saved StatBank response', () => {
  // The session test above moved the clock past the idle limit.
  beforeAll(async () => {
    expect((await admin.login('admin@ballerup.dk')).statusCode).toBe(303);
  });

  it('stores a JSON-stat response, which names its own table', async () => {
    const res = await statbankUpload(
      t,
      admin,
      { _csrf: admin.token, tabel: '' },
      { name: 'folk1e.json', bytes: statbankFixture('derived/folk1e-151-2021K2.jsonstat.json') },
      'fil',
    );
    expect(res.statusCode).toBe(200);
    expect(text(res.body)).toContain('Filen folk1e.json er indlæst i tabellen FOLK1E.');
    expect(text(res.body)).toContain('Nye eller ændrede tal (gemt) 6');
  });

  it('stores a CSV response for the table named in the form; a revision stores only the changed cells', async () => {
    const res = await statbankUpload(
      t,
      admin,
      { _csrf: admin.token, tabel: 'folk1e' },
      { name: 'folk1e.csv', bytes: statbankFixture('derived/folk1e-151-2021K1-K2.csv') },
    );
    expect(res.statusCode).toBe(200);
    expect(text(res.body)).toContain('Rækker i filen 12');
    clock += 60_000;
    const revised = await statbankUpload(
      t,
      admin,
      { _csrf: admin.token, tabel: 'FOLK1E' },
      { name: 'folk1e-rev.csv', bytes: statbankFixture('derived/folk1e-151-2021K1-K2-revised.csv') },
    );
    expect(revised.statusCode).toBe(200);
    expect(text(revised.body)).toContain('Nye eller ændrede tal (gemt) 2');
    expect(text(revised.body)).toContain('Fandtes allerede (ikke gemt igen) 10');
  });

  it('stores a CSV response with the unit named in the form', async () => {
    const res = await statbankUpload(
      t,
      admin,
      { _csrf: admin.token, tabel: 'RAS200', enhed: 'Pct.' },
      { name: 'ras200.csv', bytes: statbankFixture('derived/ras200-151-2020-2021.csv') },
    );
    expect(res.statusCode).toBe(200);
    expect(text(res.body)).toContain('Nye eller ændrede tal (gemt) 24');
    const [cell] = await currentObservations(t.database, { series: 'RAS200', areas: ['151'] });
    expect(cell?.unit).toBe('pct.');
  });

  const refusals: readonly {
    what: string;
    table?: string;
    unit?: string;
    file?: FilePart;
    says: RegExp;
    /** Refused by the import job (its page says so), not by the check before it. */
    inJob?: true;
  }[] = [
    {
      what: 'a unit of more than 40 characters',
      table: 'RAS200',
      unit: 'p'.repeat(41),
      file: { name: 'ras200.csv', bytes: statbankFixture('derived/ras200-151-2020-2021.csv') },
      says: /Skriv enheden med højst 40 tegn/,
    },
    { what: 'no file', table: 'FOLK1E', says: /Vælg den fil, der skal indlæses\./ },
    {
      what: 'a CSV response without a table',
      file: { name: 'folk1e.csv', bytes: statbankFixture('derived/folk1e-151-2021K1-K2.csv') },
      says: /Filen folk1e\.csv er et CSV-svar, som ikke nævner sin tabel/,
    },
    {
      what: 'a table id that is no table id',
      table: 'FOLK 1E; drop',
      file: { name: 'folk1e.csv', bytes: statbankFixture('derived/folk1e-151-2021K1-K2.csv') },
      says: /Skriv tabellens id med 2 til 20 bogstaver og tal/,
    },
    {
      what: 'a PNG image',
      table: 'FOLK1E',
      file: { name: 'graf.png', bytes: png },
      says: /Filen graf\.png er et PNG-billede, ikke et JSON-stat- eller CSV-svar/,
    },
    {
      what: 'an XLSX file',
      table: 'FOLK1E',
      file: { name: 'tal.xlsx', bytes: buildZip([{ name: 'a.xml', data: new Uint8Array(10) }]) },
      says: /er et zip-arkiv \(fx en XLSX-fil\)/,
    },
    {
      what: 'a truncated JSON-stat response',
      file: {
        name: 'afbrudt.json',
        bytes: statbankFixture('derived/folk1e-151-2021K2.jsonstat.json').subarray(0, 700),
      },
      says: /Filen afbrudt\.json blev afvist, og intet er indlæst/,
    },
    {
      what: 'a CSV response with a negative count',
      table: 'FOLK1E',
      file: {
        name: 'negativ.csv',
        bytes: Buffer.from(
          statbankFixture('derived/folk1e-151-2021K1-K2.csv').toString().replace(';40301', ';-40301'),
        ),
      },
      says: /Et antal kan ikke være negativt \(-40\.301\)/,
      inJob: true,
    },
    {
      what: 'an empty file',
      table: 'FOLK1E',
      file: { name: 'tom.json', bytes: new Uint8Array() },
      says: /Filen tom\.json er tom/,
    },
  ];

  for (const r of refusals)
    it(`refuses ${r.what}, and stores nothing`, async () => {
      const before = await fingerprint(t.database);
      clock += 60_000;
      const res = await statbankUpload(
        t,
        admin,
        { _csrf: admin.token, tabel: r.table ?? '', enhed: r.unit ?? '' },
        r.file,
      );
      expect(res.statusCode).toBe(r.inJob ? 200 : 400);
      expect(text(res.body)).toMatch(r.says);
      if (r.inJob) expect(text(res.body)).toContain('blev afvist, og intet er indlæst');
      expect(await fingerprint(t.database)).toBe(before);
    });

  it('computes the indicators of a loaded strategy that read the uploaded table, and says how many figures', async () => {
    // A second strategy whose one indicator is computed from HFUDD11 (loaded last: the tests before see one).
    const minimal = readFileSync(
      new URL('../../test/fixtures/strategies/minimal.yaml', import.meta.url),
      'utf8',
    );
    const definition = minimal
      .replace('        kind: level\n', '        kind: gap\n')
      .replace(
        '        unit: share\n',
        '        unit: share\n        comparisonGroup:\n          label: øvrige\n          basis: others\n        gapMeasure: difference\n',
      )
      .replace(
        '          publisher: Kommunen\n',
        [
          '          publisher: Kommunen',
          '          statbank:',
          '            table: HFUDD11',
          '            variables: { BOPOMR: ["151"], HERKOMST: ["*"], HFUDD: ["*"], Tid: ["*"] }',
          '          derive:',
          '            origin: HERKOMST',
          '            numerator: { HFUDD: [H20, H30] }',
          '            denominator: { HFUDD: [TOT] }',
          '',
        ].join('\n'),
      );
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'derive-')), 'derive.yaml');
    await writeFile(file, definition);
    await loadDefinitionFile(
      { database: t.database, actor: cliActor('tester'), now: () => new Date(clock) },
      file,
    );
    const rows = ['\uFEFFBOPOMR;HERKOMST;HFUDD;TID;INDHOLD'];
    for (const h of ['1', '24', '25', '34', '35'])
      for (const [hfudd, n] of [
        ['TOT', 100],
        ['H20', 30],
        ['H30', 20],
      ] as const)
        rows.push(`151;${h};${hfudd};2021;${n}`);
    clock += 60_000;
    const res = await statbankUpload(
      t,
      admin,
      { _csrf: admin.token, tabel: 'HFUDD11' },
      { name: 'hfudd11.csv', bytes: Buffer.from(`${rows.join('\r\n')}\r\n`) },
    );
    expect(res.statusCode).toBe(200);
    // Target and comparison, each 50 of 100 per origin.
    expect(text(res.body)).toContain('Indikatorer beregnet af tabellen Andel (2 nye eller ændrede tal)');
    // A link to each indicator computed from the table.
    expect(res.body).toMatch(/<a href="\/strategier\/[^"]+\/indikatorer\/andel">Andel<\/a>/);
    const [target] = await currentObservations(t.database, { series: 'andel', dims: { group: 'target' } });
    expect(target).toMatchObject({ numerator: 50, denominator: 100 });
  });

  it('leaves no uploaded file behind', async () => {
    // Removed once each answer has been sent, which is just after the test has it.
    // Other test files upload at the same time, each folder living for one request: wait for a moment with none.
    await expect
      .poll(async () => (await uploadDirs()).filter((d) => !dirsBefore.includes(d)), {
        timeout: 30_000,
        interval: 20,
      })
      .toEqual([]);
  });
});
