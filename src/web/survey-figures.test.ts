// Survey rounds on the indicator pages and in their downloads, with answers submitted through the service: the
// figure with its 95 % interval, the responding organisations and the response rate beside it, the status, a
// figure of two organisations as "<3 besvarelser" (English "<3 responses"), and no illustrative flag; the same
// in the CSV, the XLSX and JSON-stat downloads and the public API — which never carries a raw answer, a name or
// an e-mail address.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { textProblems, visibleText } from '../../test/support/page-text.ts';
import { boligsocialAnswers, foreningAnswers, runPublishedRound } from '../../test/support/survey-round.ts';

let t: TestApp;
const DIVERSE = 'aktiviteter-med-mangfoldig-deltagelse';
const BOARDS = 'bestyrelses-og-foreningsdemokrati';
const SCORE = 'oplevet-deltagelse-i-boligsociale-aktiviteter';
const page = (id: string, lang = '') => `/strategier/${ballerupId}/indikatorer/${id}${lang}`;

beforeAll(async () => {
  t = await startTestApp();
  const orgs = ['Baldersbo', 'Grantoften', 'Hedegården', 'Lundegården', 'Ballerup Nord'];
  await runPublishedRound(t.database, {
    questionnaire: 'boligsocial-deltagelse',
    name: 'Boligsocial 2024',
    period: '2024',
    organisations: orgs.map((name, i) => ({
      name,
      pages: i < 4 ? boligsocialAnswers(2 + (i % 2), 4, i < 2 ? 'de-fleste' : 'faa') : undefined,
    })),
  });
  await runPublishedRound(t.database, {
    questionnaire: 'foreningsdemokrati',
    name: 'Foreningsdemokrati 2024',
    period: '2024',
    organisations: [
      { name: 'Ballerup Idrætsforening', pages: foreningAnswers(7, 2) },
      { name: 'Skovlunde Kulturhus', pages: foreningAnswers(5, 0) },
      { name: 'Måløv Boldklub' },
    ],
  });
}, 180_000);
afterAll(async () => t?.close());

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, url).toBe(200);
  return res;
};

describe('the indicator page of a survey figure', () => {
  it('shows the share, its interval, the responses, the response rate and the status, in Danish', async () => {
    const text = visibleText((await get(page(DIVERSE))).body);
    // 2 of 4 organisations: 50,0 % with the Wilson interval 15,0 % – 85,0 %.
    expect(text).toMatch(/2024\s+50,0 %\s+15,0 % – 85,0 %\s+4\s+4\s+80 % \(4 af 5\)/);
    expect(text).toContain('Besvarelser');
    expect(text).toContain('Svarprocent');
    expect(text).toContain('En andel har et 95 %-interval (Wilson) over de svarende organisationer.');
    expect(text).toContain('vises ikke, men som «<3 besvarelser»');
    expect(text).not.toMatch(/illustrativ/i);
    expect(text).toContain(
      'Tallene kommer fra spørgeskemarunder med skemaet boligsocial-deltagelse: når en runde er lukket, offentliggør en administrator dens resultater',
    );
    expect(textProblems(text)).toEqual([]);
  });

  it('shows the two groups of a gap of scores with each group’s responses', async () => {
    const text = visibleText((await get(page(SCORE))).body);
    expect(text).toContain('Besvarelser, beboere med ikke-vestlige baggrund');
    expect(text).toContain('Besvarelser, øvrige beboere');
    expect(text).toMatch(/2024\s+2,50\s+4\s+4,00\s+4\s+-1,50\s+80 % \(4 af 5\)/);
    expect(textProblems(text)).toEqual([]);
  });

  it('shows a figure from two organisations as "<3 besvarelser", and the status without one', async () => {
    const text = visibleText((await get(page(BOARDS))).body);
    // The comparison group has no survey figure: its share, its size and the gap are missing.
    expect(text).toMatch(/2024\s+<3 besvarelser\s+<3 besvarelser\s+2\s+–\s+–\s+–\s+67 % \(2 af 3\)/);
    expect(text).toContain('Ikke nok data');
    expect(textProblems(text)).toEqual([]);
    // visibleText leaves out lang="en" parts, which an English page is as a whole.
    const en = (await get(page(BOARDS, '?lang=en'))).body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(en).toContain('&lt;3 responses');
    expect(en).toContain('Response rate');
    expect(en).toContain('67% (2 of 3)');
  });
});

describe('the downloads and the public API of a survey figure', () => {
  it('gives the responses and the response rate in the CSV, with the reason for "<3 besvarelser"', async () => {
    const csv = (await get(`/indikatorer/${BOARDS}.csv?omraade=151&strategy=${ballerupId}`)).body;
    expect(csv).toContain(
      ';2024;borgere med ikke-vestlig baggrund;andel;;;;procent;<3 besvarelser;"Færre end 3 organisationer har svaret; tallet vises ikke.";målt',
    );
    expect(csv).toContain(';2024;borgere med ikke-vestlig baggrund;besvarelser;2;;;organisationer;;;målt');
    expect(csv).toContain(';2024;inviterede organisationer;svarprocent;66,7;;;procent;;;målt');
  });

  it('gives them in the XLSX, read back with exceljs', async () => {
    const res = await get(`/indikatorer/${DIVERSE}.xlsx?omraade=151&strategy=${ballerupId}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('data');
    const rows = (sheet?.getSheetValues() ?? []).slice(2).map((r) => (r as unknown[]).slice(1, 10));
    expect(rows).toContainEqual([
      DIVERSE,
      '151',
      '2024',
      'beboere med ikke-vestlige baggrund',
      'andel',
      50,
      15,
      85,
      'procent',
    ]);
    expect(rows).toContainEqual([
      DIVERSE,
      '151',
      '2024',
      'beboere med ikke-vestlige baggrund',
      'besvarelser',
      4,
      undefined,
      undefined,
      'organisationer',
    ]);
  });

  it('gives the responses in the API and JSON-stat, and never a raw answer, a name or an address', async () => {
    const api = await get(`/api/v1/indicators/${DIVERSE}/observations?area=151`);
    const data = (api.json() as { data: { illustrative: boolean; periods: unknown[] } }).data;
    expect(data.illustrative).toBe(false);
    expect(data.periods[0]).toMatchObject({
      period: '2024',
      illustrative: false,
      target: { share: { value: 0.5 }, size: { value: 4 } },
      responses: {
        round: 'Boligsocial 2024',
        target: { respondents: 4, suppressed: false, minimumRespondents: 3 },
        organisationsInvited: 5,
        organisationsResponding: 4,
        responseRate: 0.8,
      },
    });
    expect((api.json() as { data: { disclosure: string } }).data.disclosure).toContain(
      'a figure from fewer than 3 responding organisations is suppressed ("<3 besvarelser")',
    );
    const boards = await get(`/api/v1/indicators/${BOARDS}/observations?area=151`);
    expect(boards.json()).toMatchObject({
      data: {
        periods: [
          { target: { share: { suppressed: '<3 besvarelser' } }, responses: { target: { respondents: 2 } } },
        ],
      },
    });
    const jsonStat = await get(`/api/v1/indicators/${DIVERSE}/jsonstat?area=151&strategy=${ballerupId}`);
    expect(jsonStat.json()).toMatchObject({
      extension: { responses: { '2024': { target: 4, organisationsInvited: 5, responseRate: 0.8 } } },
    });
    for (const body of [api.body, boards.body, jsonStat.body])
      for (const secret of [
        'Baldersbo',
        'Idrætsforening',
        '@example.dk',
        'de-fleste',
        'direkte-invitation',
        'Kontakt',
      ])
        expect(body).not.toContain(secret);
  });
});
