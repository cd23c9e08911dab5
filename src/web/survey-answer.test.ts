// The respondent's answer form over HTTP (inject), on a round opened and recipients imported through the
// service: every bundled questionnaire answered page by page to its receipt; bad input of every kind refused
// in Danish with nothing stored; resuming, going back, changing a sent answer, two submissions at once, a
// closed round, an unknown link, and the headers that keep the token out of caches and Referers.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../domain/access/index.ts';
import { closeSurveyRound } from '../service/surveys.ts';
import { Browser } from '../../test/support/accounts.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { textProblems, visibleText } from '../../test/support/page-text.ts';
import { openRoundWithLinks, validAnswers } from '../../test/support/survey-round.ts';
import { redactedUrl } from './link-redaction.ts';

const clock = new Date('2026-03-10T10:00:00Z');
let t: TestApp;
const rounds: Record<string, { roundId: string; tokens: readonly string[] }> = {};

beforeAll(async () => {
  t = await startTestApp(undefined, undefined, { now: () => clock });
  for (const q of Object.keys(validAnswers)) rounds[q] = await openRoundWithLinks(t.database, q, 8);
}, 120_000);
afterAll(async () => t?.close());

const path = (token: string) => `/svar/${token}`;

/** Visible text problems: all of them on a Danish page, template leaks only on an English one. */
function problemsOf(html: string, lang: 'da' | 'en' = 'da') {
  return textProblems(textOf(html)).filter((p) => lang === 'da' || !p.kind.startsWith('English'));
}

/** The visible text; an English page is read whole (visibleText leaves out what is marked lang="en"). */
function textOf(html: string): string {
  return visibleText(html.replace('<html lang="en">', '<html>'));
}

async function answerCount(roundId: string): Promise<{ rows: number; submitted: number }> {
  const r = await sql<{ rows: number; submitted: number }>`select count(*)::int as rows,
    count(submitted_at)::int as submitted from survey_answer where round_id = ${roundId}`.execute(
    t.database.db,
  );
  return r.rows[0] ?? { rows: 0, submitted: 0 };
}

async function storedAnswer(roundId: string): Promise<Record<string, unknown> | undefined> {
  const r = await sql<{ answers: Record<string, unknown> }>`select answers from survey_answer
    where round_id = ${roundId} order by id desc limit 1`.execute(t.database.db);
  return r.rows[0]?.answers;
}

describe('the answer form', () => {
  it.each(Object.keys(validAnswers))('takes %s page by page to the receipt', async (q) => {
    const round = rounds[q]!;
    const token = round.tokens[0]!;
    const b = new Browser(t.app);
    const pages = validAnswers[q]!;
    for (const [i, answers] of pages.entries()) {
      const page = await b.get(i === 0 ? path(token) : `${path(token)}?side=${i + 1}`);
      expect(page.statusCode, page.body).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['referrer-policy']).toBe('same-origin');
      expect(page.body).toContain(`Side ${i + 1} af ${pages.length}`);
      expect(problemsOf(page.body)).toEqual([]);
      // Each question is a fieldset with a legend, or a label for a single input.
      const fieldsets = (page.body.match(/<fieldset/g) ?? []).length;
      expect((page.body.match(/<legend/g) ?? []).length).toBe(fieldsets);
      const last = i === pages.length - 1;
      expect(page.body).toContain(last ? 'Send besvarelsen' : 'Gem og gå videre');
      const res = await b.post(path(token), {
        _csrf: b.token,
        side: String(i + 1),
        handling: last ? 'send' : 'videre',
        ...answers,
      });
      expect(res.statusCode, visibleText(res.body)).toBe(303);
      expect(res.headers.location).toBe(last ? path(token) : `${path(token)}?side=${i + 2}`);
    }
    const receipt = await b.get(path(token));
    expect(receipt.statusCode).toBe(200);
    expect(visibleText(receipt.body)).toContain('Tak – din besvarelse er gemt');
    expect(visibleText(receipt.body)).toMatch(/Besvarelsen blev sendt \d+\. marts 2026 kl\. \d\d[.:]\d\d/);
    expect(problemsOf(receipt.body)).toEqual([]);
    expect(await answerCount(round.roundId)).toEqual({ rows: 1, submitted: 1 });
    const english = await b.get(`${path(token)}?lang=en`);
    expect(textOf(english.body)).toContain('Thank you – your answer is saved');
    expect(problemsOf(english.body, 'en')).toEqual([]);
  });
});

/** The form's page for a token, read by a new browser: its form token and cookie in the browser. */
async function opened(token: string, query = '') {
  const b = new Browser(t.app);
  const page = await b.get(`${path(token)}${query}`);
  return { b, page };
}

const fvu = (over: Record<string, string | string[]> = {}) => ({
  ...validAnswers['fvu-sprogtilbud']![0],
  ...over,
});

describe('bad input', () => {
  it('refuses wrong types, out-of-range numbers, unknown choices and missing answers, naming each', async () => {
    const round = rounds['fvu-sprogtilbud']!;
    const token = round.tokens[1]!;
    const before = await answerCount(round.roundId);
    const { b } = await opened(token);
    const cases: [Record<string, string | string[]>, string, string][] = [
      [
        fvu({ 'q-brugere-i-alt': 'fyrre' }),
        'q-brugere-i-alt',
        'Skriv et tal med cifre, fx 12. "fyrre" er ikke et tal.',
      ],
      [fvu({ 'q-brugere-i-alt': '-4' }), 'q-brugere-i-alt', 'Tallet skal være mindst 0.'],
      [fvu({ 'q-brugere-i-alt': '100001' }), 'q-brugere-i-alt', 'Tallet må højst være 100.000.'],
      [fvu({ 'q-tilbudstype': 'hemmeligt' }), 'q-tilbudstype', '"hemmeligt" er ikke en af svarmulighederne.'],
      [
        fvu({ 'q-tilbudstype': ['fvu-dansk', 'frivilligt-sprogtilbud'] }),
        'q-tilbudstype',
        'er ikke en af svarmulighederne',
      ],
      [fvu({ 'q-registrerer-herkomst': 'måske' }), 'q-registrerer-herkomst', 'Vælg ja eller nej.'],
      [fvu({ 'q-tilbudstype': '' }), 'q-tilbudstype', 'Spørgsmålet skal besvares.'],
      [fvu({ 'q-brugere-ikke-vestlig': '' }), 'q-brugere-ikke-vestlig', 'Spørgsmålet skal besvares.'],
      [fvu({ 'q-ukendt': '1' }), 'survey-form', 'Feltet "ukendt" hører ikke til denne side'],
    ];
    for (const [form, id, message] of cases) {
      const res = await b.post(path(token), { _csrf: b.token, side: '1', handling: 'send', ...form });
      expect(res.statusCode, message).toBe(400);
      const text = visibleText(res.body);
      expect(text).toContain(message);
      expect(text).toContain('Der er fejl i dine svar');
      // The summary links to the field, which is marked invalid and described by its message.
      expect(res.body).toContain(`<a href="#${id}">`);
      if (id !== 'survey-form') {
        expect(res.body).toMatch(new RegExp(`id="${id}"[^>]*aria-invalid="true"`));
        expect(res.body).toContain(`id="${id}-error"`);
      }
      expect(problemsOf(res.body)).toEqual([]);
    }
    // What was typed is shown again.
    const typed = await b.post(path(token), {
      _csrf: b.token,
      side: '1',
      handling: 'send',
      ...fvu({ 'q-brugere-i-alt': 'fyrre' }),
    });
    expect(typed.body).toContain('value="fyrre"');
    expect(typed.body).toMatch(/value="fvu-dansk" class="form-radio" checked/);
    expect(await answerCount(round.roundId)).toEqual(before);
  });

  it('leaves out a question its condition hides, and does not require it', async () => {
    const round = rounds['fvu-sprogtilbud']!;
    const token = round.tokens[2]!;
    const { b, page } = await opened(token);
    expect(visibleText(page.body)).toContain(
      'Besvares kun, hvis det passer med dit svar på "Registrerer I brugernes herkomst?".',
    );
    const res = await b.post(path(token), {
      _csrf: b.token,
      side: '1',
      handling: 'send',
      ...fvu({ 'q-registrerer-herkomst': 'false', 'q-brugere-ikke-vestlig': '' }),
    });
    expect(res.statusCode).toBe(303);
    const stored = await storedAnswer(round.roundId);
    expect(stored).toEqual({ tilbudstype: 'fvu-dansk', 'brugere-i-alt': 40, 'registrerer-herkomst': false });
  });

  it('refuses too-long text and control characters, and says how long', async () => {
    const round = rounds['boligsocial-deltagelse']!;
    const token = round.tokens[1]!;
    const before = await answerCount(round.roundId);
    const { b } = await opened(token);
    const long = await b.post(path(token), {
      _csrf: b.token,
      side: '1',
      handling: 'videre',
      'q-rolle': 'andet',
      'q-rolle-andet': 'æ'.repeat(201),
    });
    expect(long.statusCode).toBe(400);
    expect(visibleText(long.body)).toContain('Teksten er for lang: højst 200 tegn, og du har skrevet 201.');
    const nul = await b.post(path(token), {
      _csrf: b.token,
      side: '1',
      handling: 'videre',
      'q-rolle': 'andet',
      'q-rolle-andet': 'før\u0000efter',
    });
    expect(nul.statusCode).toBe(400);
    expect(visibleText(nul.body)).toContain('kontroltegn');
    expect(visibleText(nul.body)).not.toContain(token);
    expect(await answerCount(round.roundId)).toEqual(before);
  });

  it('refuses forged page numbers and buttons, and an oversized body', async () => {
    const round = rounds['foreningsdemokrati']!;
    const token = round.tokens[1]!;
    const before = await answerCount(round.roundId);
    const { b } = await opened(token);
    const page1 = validAnswers['foreningsdemokrati']![0]!;
    for (const side of ['2', '0', '99', 'en', '']) {
      const res = await b.post(path(token), { _csrf: b.token, side, handling: 'videre', ...page1 });
      expect(res.statusCode, side).toBe(400);
      expect(visibleText(res.body)).toContain('Spørgeskemaet har ingen side med det nummer.');
    }
    for (const handling of ['slet', 'send', 'tilbage']) {
      const res = await b.post(path(token), { _csrf: b.token, side: '1', handling, ...page1 });
      expect(res.statusCode, handling).toBe(400);
      expect(visibleText(res.body)).toContain('Formularen blev sendt med en ukendt knap.');
    }
    // A page not reached yet cannot be opened: back to where the respondent is.
    const ahead = await b.get(`${path(token)}?side=2`);
    expect(ahead.statusCode).toBe(303);
    expect(ahead.headers.location).toBe(path(token));
    // A long page is taken (here refused for its unknown field); past the form's 256 KB limit, a Danish 413.
    const long = await b.post(path(token), {
      _csrf: b.token,
      side: '1',
      handling: 'videre',
      ...page1,
      'q-x': 'a'.repeat(100_000),
    });
    expect(long.statusCode).toBe(400);
    expect(visibleText(long.body)).toContain('Feltet "x" hører ikke til denne side');
    const big = await b.post(path(token), {
      _csrf: b.token,
      side: '1',
      handling: 'videre',
      'q-x': 'a'.repeat(300_000),
    });
    expect(big.statusCode).toBe(413);
    expect(visibleText(big.body)).toContain('256');
    expect(problemsOf(big.body)).toEqual([]);
    expect(await answerCount(round.roundId)).toEqual(before);
  });

  it('protects the form like the login form: same site and the form cookie’s token', async () => {
    const round = rounds['fvu-sprogtilbud']!;
    const token = round.tokens[3]!;
    const before = await answerCount(round.roundId);
    const { b } = await opened(token);
    const form = { side: '1', handling: 'send', ...fvu() };
    const noToken = await b.post(path(token), form);
    expect(noToken.statusCode).toBe(403);
    const crossSite = await b.post(
      path(token),
      { _csrf: b.token, ...form },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.statusCode).toBe(403);
    // A form whose cookie is gone: nothing saved, what was typed shown again with a new token.
    const stale = new Browser(t.app);
    const res = await stale.post(path(token), { _csrf: b.token, ...form, 'q-brugere-i-alt': '39' });
    expect(res.statusCode).toBe(400);
    expect(visibleText(res.body)).toContain('Siden havde ligget åben for længe');
    expect(res.body).toContain('value="39"');
    expect(await answerCount(round.roundId)).toEqual(before);
  });
});

describe('saving, resuming and changing', () => {
  it('resumes on the first page not completed, goes back keeping what was typed', async () => {
    const round = rounds['boligsocial-deltagelse']!;
    const token = round.tokens[2]!;
    const [p1, p2] = validAnswers['boligsocial-deltagelse']! as [
      Record<string, string>,
      Record<string, string>,
    ];
    const first = await opened(token);
    expect(
      (await first.b.post(path(token), { _csrf: first.b.token, side: '1', handling: 'videre', ...p1 }))
        .statusCode,
    ).toBe(303);
    // The tab is closed; the link opened again lands on page 2.
    const again = await opened(token);
    expect(again.page.body).toContain('Side 2 af 3');
    // "Tilbage" with a required question still blank keeps what was typed.
    const back = await again.b.post(path(token), {
      _csrf: again.b.token,
      side: '2',
      handling: 'tilbage',
      'q-deltagelse-ikke-vestlig': '2',
    });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(`${path(token)}?side=1`);
    const page1 = await again.b.get(`${path(token)}?side=1`);
    expect(page1.body).toMatch(/value="andet" class="form-radio" checked/);
    expect(page1.body).toContain('value="Frivillig i beboerhuset"');
    const resumed = await opened(token);
    expect(resumed.page.body).toContain('Side 2 af 3');
    expect(resumed.page.body).toMatch(
      /id="q-deltagelse-ikke-vestlig-1" name="q-deltagelse-ikke-vestlig" value="2" class="form-radio" checked/,
    );
    // Going on from page 2 and back from page 3 with a bad number is refused, what was typed kept.
    expect(
      (await resumed.b.post(path(token), { _csrf: resumed.b.token, side: '2', handling: 'videre', ...p2 }))
        .statusCode,
    ).toBe(303);
    const blocked = await resumed.b.post(path(token), {
      _csrf: resumed.b.token,
      side: '3',
      handling: 'tilbage',
      'q-antal-aktiviteter': '-1',
    });
    expect(blocked.statusCode).toBe(400);
    expect(visibleText(blocked.body)).toContain('Ret fejlene (eller slet svaret), før du går tilbage.');
    expect(blocked.body).toContain('value="-1"');
    expect(await answerCount(round.roundId)).toMatchObject({ submitted: 1 });
  });

  it('shows a sent answer and lets it be changed, updating the same answer', async () => {
    const round = rounds['fvu-sprogtilbud']!;
    const token = round.tokens[0]!;
    const before = await answerCount(round.roundId);
    const { b, page } = await opened(token);
    expect(visibleText(page.body)).toContain('Ret besvarelsen');
    expect(visibleText(page.body)).toContain('FVU dansk');
    const form = await b.get(`${path(token)}?side=1`);
    expect(form.body).toContain('value="40"');
    expect(visibleText(form.body)).toContain('Du er ved at rette en besvarelse, som du har sendt.');
    const res = await b.post(path(token), {
      _csrf: b.token,
      side: '1',
      handling: 'send',
      ...fvu({ 'q-brugere-i-alt': '41' }),
    });
    expect(res.statusCode).toBe(303);
    expect(await answerCount(round.roundId)).toEqual(before);
    const receipt = await b.get(path(token));
    expect(visibleText(receipt.body)).toContain('41');
  });

  it('leaves one answer when it is sent twice at once', async () => {
    const round = rounds['foreningsdemokrati']!;
    const token = round.tokens[2]!;
    const before = await answerCount(round.roundId);
    const [p1, p2] = validAnswers['foreningsdemokrati']! as [
      Record<string, string>,
      Record<string, string | string[]>,
    ];
    const { b } = await opened(token);
    await b.post(path(token), { _csrf: b.token, side: '1', handling: 'videre', ...p1 });
    const both = await Promise.all([
      b.post(path(token), { _csrf: b.token, side: '2', handling: 'send', ...p2 }),
      b.post(path(token), { _csrf: b.token, side: '2', handling: 'send', ...p2 }),
    ]);
    expect(both.map((r) => r.statusCode)).toEqual([303, 303]);
    expect(await answerCount(round.roundId)).toEqual({
      rows: before.rows + 1,
      submitted: before.submitted + 1,
    });
  });
});

describe('links that do not open the form', () => {
  it('answers an unknown and a malformed link alike, with a Danish 404', async () => {
    const unknown = await new Browser(t.app).get(path('A'.repeat(43)));
    const malformed = await new Browser(t.app).get(path('ikke-et-link'));
    expect(unknown.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(404);
    expect(visibleText(unknown.body)).toContain('Linket virker ikke');
    expect(visibleText(unknown.body)).toEqual(visibleText(malformed.body));
    expect(unknown.headers['cache-control']).toBe('no-store');
    expect(problemsOf(unknown.body)).toEqual([]);
    const posted = await new Browser(t.app).post(path('A'.repeat(43)), {});
    expect(posted.statusCode).toBe(403);
  });

  it('says a round is closed, with its closing date, and shows no form', async () => {
    const closed = await openRoundWithLinks(t.database, 'fvu-sprogtilbud', 2);
    await closeSurveyRound(
      { database: t.database, actor: cliActor('tester'), now: () => clock },
      closed.roundId,
    );
    const { page } = await opened(closed.tokens[0]!);
    // The closed page has no form: a form token from an open one.
    const { b } = await opened(rounds['fvu-sprogtilbud']!.tokens[4]!);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain('Undersøgelsen er lukket');
    expect(visibleText(page.body)).toContain('Undersøgelsen lukkede 31. marts 2026');
    expect(page.body).not.toContain('method="post"');
    expect(problemsOf(page.body)).toEqual([]);
    const res = await b.post(path(closed.tokens[0]!), {
      _csrf: b.token,
      side: '1',
      handling: 'send',
      ...fvu(),
    });
    expect(res.statusCode).toBe(409);
    expect(await answerCount(closed.roundId)).toEqual({ rows: 0, submitted: 0 });

    const later = await openRoundWithLinks(t.database, 'fvu-sprogtilbud', 1, {
      opens: '2026-04-01',
      closes: '2026-04-30',
    });
    const notYet = await opened(later.tokens[0]!);
    expect(visibleText(notYet.page.body)).toContain('Den åbner 1. april 2026 og lukker 30. april 2026.');
    const english = await opened(later.tokens[0]!, '?lang=en');
    expect(textOf(english.page.body)).toContain('It opens on 1 April 2026');
  });

  it('keeps the token out of the audit log', async () => {
    const all = Object.values(rounds).flatMap((r) => r.tokens);
    const log = await sql<{ row: string }>`select row_to_json(a)::text as row from audit_log a`.execute(
      t.database.db,
    );
    expect(log.rows.length).toBeGreaterThan(10);
    for (const row of log.rows) for (const token of all) expect(row.row).not.toContain(token);
  });

  it('redacts a link’s token in any address that is logged', () => {
    expect(redactedUrl('/svar/abcDEF_-123?side=2&lang=en')).toBe('/svar/[skjult]?side=2&lang=en');
    expect(redactedUrl('/svar/abc/x')).toBe('/svar/[skjult]/x');
    expect(redactedUrl('/strategier/x')).toBe('/strategier/x');
  });
});
