// The StatBank upload's refusals as a person reads them: every reason in Danish on a Danish page (and in
// English under ?lang=en), limits named with the file's figure and the setting, and a refusal of a file with a
// huge header line that stays a small page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, cookieHeader, createUser } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { sparseJsonStat } from '../../test/support/jsonstat-sparse.ts';

let t: TestApp;
let admin: Browser;

beforeAll(async () => {
  t = await startTestApp(undefined, undefined, { loginRateLimit: { max: 10_000, windowMs: 60_000 } });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  admin = new Browser(t.app);
  expect((await admin.login('admin@ballerup.dk')).statusCode).toBe(303);
});
afterAll(async () => t.close());

/** Uploads a StatBank file; a file that passed the check is followed to its job's page once the job ended. */
async function send(name: string, bytes: Uint8Array | string, table = '', lang = '') {
  const boundary = '----statbank-upload';
  const part = (k: string, v: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  const payload = Buffer.concat([
    Buffer.from(
      part('_csrf', admin.token) +
        part('tabel', table) +
        `--${boundary}\r\nContent-Disposition: form-data; name="fil"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const headers = { cookie: cookieHeader(admin.jar) };
  const res = await t.app.inject({
    method: 'POST',
    url: `/admin/indlaes/statbank${lang}`,
    headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  if (res.statusCode !== 303) return res;
  const location = String(res.headers.location);
  const statusUrl = location.replace(/(\?|$)/, '/status$1');
  await expect
    .poll(
      async () =>
        (await t.app.inject({ method: 'GET', url: statusUrl, headers })).json<{ done: boolean }>().done,
    )
    .toBe(true);
  return t.app.inject({ method: 'GET', url: location, headers });
}

/** The visible text of the page's main content. */
const text = (html: string) =>
  (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
const dataset = (over: Record<string, unknown>) =>
  JSON.stringify({
    version: '2.0',
    class: 'dataset',
    id: ['OMRÅDE', 'Tid'],
    size: [1, 2],
    dimension: {
      OMRÅDE: { category: { index: ['151'] } },
      Tid: { category: { index: ['2021', '2022'] } },
    },
    value: [1, 2],
    extension: { px: { tableid: 'TEST1' } },
    ...over,
  });

/** Words of the readers' English reasons that Danish never uses. */
const ENGLISH = /\b(the|expected|found|missing|cannot|should|does not|is not|column|line|field)\b/i;

const bad: readonly (readonly [string, string, string | Uint8Array, string, RegExp])[] = [
  ['no INDHOLD column', 'a.csv', csv('OMRÅDE;TID;VÆRDI', '151;2021;5'), 'T1', /mangler kolonnen INDHOLD/],
  ['a figure that is no number', 'b.csv', csv('OMRÅDE;TID;INDHOLD', '151;2021;abc'), 'T1', /hverken et tal/],
  [
    'a period that does not parse',
    'c.csv',
    csv('OMRÅDE;TID;INDHOLD', '151;2021X;5'),
    'T1',
    /Perioden "2021X"/,
  ],
  [
    'an area given by name',
    'd.csv',
    csv('OMRÅDE;TID;INDHOLD', 'Ballerup;2021;5'),
    'T1',
    /områdekode med tre cifre/,
  ],
  ['a line of too many fields', 'e.csv', csv('OMRÅDE;TID;INDHOLD', '151;2021;5;6'), 'T1', /4 felter/],
  ['an unclosed quote', 'f.csv', csv('OMRÅDE;TID;INDHOLD', '"151;2021;5'), 'T1', /anførselstegn lukkes ikke/],
  ['a header separated by tabs', 'g.csv', csv('OMRÅDE\tTID\tINDHOLD', '151\t2021\t5'), 'T1', /semikolon/],
  [
    'a figure given twice',
    'h.csv',
    csv('OMRÅDE;TID;INDHOLD', '151;2021;5', '151;2021;6'),
    'T1',
    /Samme tal er givet 2 gange/,
  ],
  ['bytes that are not UTF-8', 'i.csv', Uint8Array.from([0x4f, 0xd8, 0x0a, 0x31]), 'T1', /ikke gyldig UTF-8/],
  ['a truncated JSON-stat file', 'j.json', dataset({}).slice(0, 60), '', /ikke gyldig JSON/],
  [
    'a size that does not match the categories',
    'k.json',
    dataset({ size: [2, 2] }),
    '',
    /størrelsen 2, men 1 kategorier/,
  ],
  ['a figure that is a text', 'l.json', dataset({ value: [1, 'x'] }), '', /der skulle stå et tal eller null/],
  ['a JSON array, read as CSV', 'm.json', '[{"a":1}]', 'T1', /mangler kolonnen INDHOLD/],
  [
    'a dataset of thirteen dimensions',
    'n.json',
    sparseJsonStat(Array.from({ length: 13 }, () => 1)),
    '',
    /13 dimensioner.*STATBANK_MAX_DIMENSIONS/,
  ],
  ['a negative count', 'o.csv', csv('OMRÅDE;TID;INDHOLD', '151;2021;-5'), 'T1', /ikke være negativt/],
];

describe('a refused StatBank upload on a Danish page', () => {
  it.each(bad)('says why in Danish: %s', async (_, name, body, table, says) => {
    const res = await send(name, body, table);
    const page = text(res.body);
    expect(page).toMatch(/blev afvist, (før indlæsningen begyndte, )?og intet er indlæst/);
    expect(page).toMatch(says);
    const reasons = /Årsag (.*?)(Indlæs en fil mere|Indikatorfil)/.exec(page)?.[1] ?? '';
    expect(reasons).not.toBe('');
    expect(reasons).not.toMatch(ENGLISH);
    expect(page).not.toMatch(/undefined|NaN|\{\w+\}/);
  });

  it('names the limit, the file’s figure and the setting for a file that declares a million cells', async () => {
    const res = await send('sparse.json', sparseJsonStat([101, 100, 100]));
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain(
      'Filen angiver 1.010.000 celler (produktet af dimensionernes størrelser), men højst 1.000.000 celler kan indlæses. Grænsen ændres med indstillingen STATBANK_MAX_CELLS.',
    );
    const en = await send('sparse.json', sparseJsonStat([101, 100, 100]), '', '?lang=en');
    expect(text(en.body)).toContain('The file declares 1,010,000 cells');
    expect(text(en.body)).toContain('The setting STATBANK_MAX_CELLS changes the limit.');
  });

  it('gives a small page for a file with a huge header line (2 MB and 19 MB)', async () => {
    // Just under the line limit: a header of many distinct names and no INDHOLD; then one far past it.
    const names = Array.from({ length: 140_000 }, (_, i) => `K${i}`).join(';');
    const big = `${names}\r\n`.repeat(2);
    const huge = `${'A;'.repeat(9_500_000)}INDHOLD\r\n151;5\r\n`;
    for (const [body, mb] of [
      [big, 2],
      [huge, 19],
    ] as const) {
      expect(Math.round(body.length / 1e6)).toBe(mb);
      const res = await send('hoved.csv', body, 'T1');
      const bytes = Buffer.byteLength(res.body);
      console.log(`${mb} MB file with a huge header line: a refusal page of ${bytes} bytes`);
      expect(text(res.body)).toMatch(/blev afvist/);
      expect(bytes).toBeLessThan(100_000);
    }
  }, 120_000);

  it('gives a small page for an indicator file with a huge header line too', async () => {
    const boundary = '----indicator-upload';
    const body = `${Array.from({ length: 300_000 }, (_, i) => `k${i}`).join(';')}\r\n1;2\r\n`;
    const part = (k: string, v: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/indlaes',
      headers: {
        cookie: cookieHeader(admin.jar),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.concat([
        Buffer.from(
          part('_csrf', admin.token) +
            part('indikator', `${ballerupId}/ledige-efter-13-uger`) +
            `--${boundary}\r\nContent-Disposition: form-data; name="fil"; filename="h.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        Buffer.from(body),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    console.log(
      `${body.length} bytes of indicator file → a refusal page of ${Buffer.byteLength(res.body)} bytes`,
    );
    expect(res.statusCode).toBe(400);
    expect(Buffer.byteLength(res.body)).toBeLessThan(100_000);
  });
});
