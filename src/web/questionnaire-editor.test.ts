// The questionnaire editor through HTTP on a real database: only administrators open it (linked from the
// questionnaire page); the example renders every question type with the answer form's own markup, inert, with
// the indicators each question feeds, and stores nothing; every kind of bad text gets a Danish error at the top
// and beside the field with where and what, and the text comes back exactly as typed; saving stores a version
// once and says so when nothing changed; and the answered-question rule moves a round to the new version only
// when its answers still fit, in Danish on the page, the round page then showing the version. Visible text is
// read for template leaks and English words, and the English page is checked too.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { repoRoot, startTestApp, type TestApp } from '../../test/support/app.ts';
import { decodeEntities, checkedPageText } from '../../test/support/page-text.ts';
import { openRoundWithLinks } from '../../test/support/survey-round.ts';
import type { Actor } from '../domain/access/index.ts';
import { parseMailSettings } from '../platform/mail-settings.ts';
import { getSurveyRound, saveAnswerPage } from '../service/surveys.ts';
import { listAudit } from '../store/audit-store.ts';

let t: TestApp;
let ip = 0;
const now = new Date('2026-03-05T09:00:00Z');
const browser = () => new Browser(t.app, `10.7.0.${++ip}`);
const editor = '/undersoegelser/skemaer/fvu-sprogtilbud/rediger';
const respondent: Actor = { kind: 'anonymous', id: 'anonymous', origin: '192.0.2.7' };

beforeAll(async () => {
  // Mail settings only so the round page has no "mail is off" note; nothing is sent here.
  const mail = parseMailSettings({
    SMTP_URL: 'smtp://127.0.0.1:9',
    MAIL_FROM: 'Pejlemærke <noreply@ballerup.dk>',
    PUBLIC_URL: 'https://pejlemaerke.test',
  });
  if (!mail.ok) throw new Error(mail.problems.join('; '));
  t = await startTestApp(undefined, undefined, { now: () => now, mail: mail.settings });
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'reader@ballerup.dk', 'reader');
}, 120_000);
afterAll(async () => t?.close());

const readable = checkedPageText;

/** What the textarea holds, as the browser would send it again. */
function textareaOf(html: string): string {
  const m = /<textarea[^>]*id="definition"[^>]*>\n([\s\S]*?)<\/textarea>/.exec(html);
  if (!m) throw new Error('no textarea');
  return decodeEntities((m[1] as string).replace(/&#39;/g, "'"));
}

const versions = async () =>
  (
    await sql<{ version: number }>`
      select version from questionnaire_version where questionnaire_id = 'fvu-sprogtilbud' order by version`.execute(
      t.database.db,
    )
  ).rows.map((r) => r.version);

type Json = Record<string, unknown> & {
  pages: { elements: Record<string, unknown>[] }[];
  indicatorFeeds: Record<string, unknown>[];
};
const bundled = async () =>
  JSON.parse(await readFile(path.join(repoRoot, 'surveys', 'fvu-sprogtilbud.json'), 'utf8')) as Json;
const edited = async (edit: (q: Json) => void) => {
  const q = await bundled();
  edit(q);
  return JSON.stringify(q, null, 2);
};
const question = (q: Json, name: string) => q.pages[0]?.elements.find((e) => e.name === name) ?? {};

/** The bundled questionnaire with a second page holding a question of every other type. */
const everyType = () =>
  edited((q) => {
    q.pages.push({
      name: 'oevrige',
      title: 'Andre spørgsmål',
      elements: [
        {
          type: 'checkbox',
          name: 'maalgrupper',
          title: 'Hvilke målgrupper når tilbuddet?',
          choices: [
            { value: 'kvinder', text: 'Kvinder' },
            { value: 'maend', text: 'Mænd' },
          ],
        },
        { type: 'dropdown', name: 'bydel', title: 'Hvilken bydel?', choices: ['Nord', 'Syd'] },
        {
          type: 'rating',
          name: 'tilfredshed',
          title: 'Hvor tilfredse er brugerne?',
          minRateDescription: 'Slet ikke',
          maxRateDescription: 'Meget',
        },
        { type: 'text', name: 'kontakt', title: 'Hvem kan vi kontakte?' },
        {
          type: 'comment',
          name: 'ikke-vestlig-note',
          title: 'Hvordan tæller I herkomst?',
          visibleIf: '{registrerer-herkomst} = true',
        },
      ],
    } as unknown as Json['pages'][number]);
  });

describe('questionnaire editor', () => {
  let admin: Browser;

  it('opens only for administrators, linked from the questionnaire page', async () => {
    expect((await t.app.inject({ method: 'GET', url: editor })).statusCode).toBe(303);
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    expect((await reader.get(editor)).statusCode).toBe(403);
    expect((await reader.get('/undersoegelser/skemaer/fvu-sprogtilbud')).body).not.toContain('/rediger');
    admin = browser();
    await admin.login('admin@ballerup.dk');
    const shown = await admin.get('/undersoegelser/skemaer/fvu-sprogtilbud');
    expect(shown.body).toContain(`href="${editor}"`);
    const page = await admin.get(editor);
    expect(page.statusCode).toBe(200);
    const text = readable(page.body);
    expect(text).toContain('Spørgeskemaet som JSON');
    expect(text).toContain('docs/questionnaire-format.md');
    expect(text).toContain('Teksten er den medfølgende fil');
    expect(text).toContain('Vis eksempel');
    expect(text).toContain('Gem som ny version');
    expect(page.body).toMatch(/<label class="form-label" for="definition">/);
    expect(page.body).toMatch(/name="_csrf" value="[^"]+"/);
    expect(textareaOf(page.body)).toBe(
      await readFile(path.join(repoRoot, 'surveys', 'fvu-sprogtilbud.json'), 'utf8'),
    );
    expect((await admin.get('/undersoegelser/skemaer/ukendt/rediger')).statusCode).toBe(404);
    const en = await admin.get(`${editor}?lang=en`);
    expect(readable(en.body, 'en')).toContain('The questionnaire as JSON');
  });

  it('shows every question type as the answer form does, inert, with the feeds, and stores nothing', async () => {
    const text = await everyType();
    const res = await admin.post(editor, { _csrf: admin.token, definition: text, handling: 'eksempel' });
    expect(res.statusCode).toBe(200);
    const seen = readable(res.body);
    expect(seen).toContain('Eksempel – sådan ser spørgeskemaet ud for modtageren');
    expect(seen).toContain('Teksten herunder er din rettede udgave; den er ikke gemt.');
    const example = res.body.slice(res.body.indexOf('id="example-title"'));
    expect(example).not.toContain('<form');
    expect(example.match(/<fieldset disabled>/g)).toHaveLength(2);
    for (const [kind, markup] of [
      ['radio', /type="radio" id="q-tilbudstype"/],
      ['number', /id="q-brugere-i-alt"[^>]*inputmode="decimal"/],
      ['boolean', /type="radio" id="q-registrerer-herkomst"/],
      ['checkbox', /type="checkbox" id="q-maalgrupper"/],
      ['dropdown', /<select class="form-select" id="q-bydel"/],
      ['rating', /type="radio" id="q-tilfredshed-4"/],
      ['text', /<input class="form-input" type="text" id="q-kontakt"/],
      ['comment', /<textarea class="form-input" id="q-ikke-vestlig-note"/],
    ] as const)
      expect(example, kind).toMatch(markup);
    expect(seen).toContain('Side 2 af 2');
    expect(seen).toContain('Slet ikke');
    // A question shown by an answer on an earlier page is in the example, with its condition.
    expect(seen).toContain(
      'Besvares kun, hvis det passer med dit svar på "Registrerer I brugernes herkomst?"',
    );
    expect(seen).toContain('Hvad svarene måler');
    expect(seen).toContain('Brugere af FVU dansk og frivillige sprogtilbud');
    expect(seen).toContain('Sum over organisationerne');
    expect(textareaOf(res.body)).toBe(text);
    expect(await versions()).toEqual([]);
    expect((await listAudit(t.database.db, 50)).some((e) => e.action === 'survey.edit')).toBe(false);
  });

  it('refuses each bad text in Danish at the top and beside the field, keeping the text as typed', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'invalid JSON',
        '{\n  "id": "fvu-sprogtilbud",\n  "kind": ,\n}',
        /Linje 3, kolonne 11: tegnet «,» kan ikke stå her/,
      ],
      ['ends early', '{ "id": "fvu-sprogtilbud"', /Linje 1, kolonne 26: teksten slutter/],
      [
        'unknown type',
        await edited((q) => (question(q, 'brugere-i-alt').type = 'slider')),
        /pages\[0\]\.elements\[1\]\.type: ukendt spørgsmålstype "slider"/,
      ],
      [
        'refused type',
        await edited((q) => (question(q, 'brugere-i-alt').type = 'matrix')),
        /spørgsmålstypen "matrix" kan ikke bruges: gitre er svære/,
      ],
      [
        'visibleIf naming a missing question',
        await edited((q) => (question(q, 'brugere-ikke-vestlig').visibleIf = '{herkomst} = true')),
        /pages\[0\]\.elements\[3\]\.visibleIf: nævner et spørgsmål, der ikke findes: «herkomst»/,
      ],
      [
        'duplicate names',
        await edited((q) => (question(q, 'registrerer-herkomst').name = 'tilbudstype')),
        /pages\[0\]\.elements\[2\]\.name: spørgsmålsnavnet «tilbudstype» er brugt to gange \(også ved pages\[0\]\.elements\[0\]\)/,
      ],
      [
        'feed naming a missing question',
        await edited((q) => ((q.indicatorFeeds[1] ?? {}).question = 'brugere')),
        /indicatorFeeds\[1\]\.question: nævner et spørgsmål, der ikke findes: «brugere»/,
      ],
      [
        'feed naming a missing indicator',
        await edited((q) => ((q.indicatorFeeds[0] ?? {}).indicator = 'ingen-indikator')),
        /indicatorFeeds\[0\]\.indicator: «ingen-indikator» er ikke en indikator i strategien/,
      ],
      [
        'another id',
        await edited((q) => (q.id = 'andet-skema')),
        /Skemaets id er «andet-skema», men siden er for «fvu-sprogtilbud»/,
      ],
      [
        'unknown field',
        await edited((q) => (question(q, 'tilbudstype').placeholder = 'x')),
        /ukendt felt: "placeholder"/,
      ],
      [
        'wrong value type',
        await edited((q) => (question(q, 'tilbudstype').isRequired = 'ja')),
        /pages\[0\]\.elements\[0\]\.isRequired: forventede true eller false, men fandt en tekst/,
      ],
      ['empty', '   ', /Feltet er tomt/],
      [
        'a control character',
        '{\n  "id": "fvu-sprogtilbud\u0001"\n}',
        /Linje 2, kolonne 25: en tekst i anførselstegn har et ugyldigt tegn/,
      ],
      [
        'too large',
        `{"id": "fvu-sprogtilbud", "title": "${'æ'.repeat(300_000)}"}`,
        /Teksten fylder 586 KB; et spørgeskema må højst fylde 512 KB/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const res = await admin.post(editor, { _csrf: admin.token, definition: text, handling: 'gem' });
      expect(res.statusCode, name).toBe(400);
      const seen = readable(res.body);
      expect(seen, name).toMatch(message);
      expect(res.body, name).toMatch(
        /<h2 class="alert-heading" id="error-summary-title">Spørgeskemaet kan ikke bruges sådan/,
      );
      expect(res.body, name).toMatch(/<li><a href="#definition">/);
      expect(res.body, name).toMatch(/id="definition-error"/);
      expect(res.body, name).toMatch(/aria-invalid="true"/);
      expect(textareaOf(res.body), name).toBe(text);
    }
    const en = await admin.post(`${editor}?lang=en`, {
      _csrf: admin.token,
      definition: '{"id": }',
      handling: 'eksempel',
    });
    expect(readable(en.body, 'en')).toContain('Line 1, column 8: the character “}” cannot stand here');
    expect(await versions()).toEqual([]);
  });

  it('keeps the text of an administrator whose session ended, with a log-in-again', async () => {
    const visitor = browser();
    await visitor.get('/log-ind');
    const text = await edited((q) => (q.title = 'Skrevet før sessionen udløb'));
    const res = await visitor.post(editor, { _csrf: visitor.token, definition: text, handling: 'gem' });
    expect(res.statusCode).toBe(401);
    expect(textareaOf(res.body)).toBe(text);
    expect(res.body).toContain('name="relogin_password"');
  });

  it('saves a changed questionnaire as a new version once, and says so when nothing changed', async () => {
    const text = await bundled().then((q) => JSON.stringify(q, null, 2));
    const first = await admin.post(editor, { _csrf: admin.token, definition: text, handling: 'gem' });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${editor}?gemt=1`);
    const saved = await admin.get(String(first.headers.location));
    expect(readable(saved.body)).toContain('Gemt som version 1.');
    expect(readable(saved.body)).toContain('Teksten er version 1, den nyeste.');
    const again = await admin.post(editor, {
      _csrf: admin.token,
      definition: textareaOf(saved.body),
      handling: 'gem',
    });
    expect(again.headers.location).toBe(`${editor}?uaendret=1`);
    expect(readable((await admin.get(String(again.headers.location))).body)).toContain(
      'Ingen ændringer – versionen er den samme (version 1). Intet er gemt.',
    );
    expect(await versions()).toEqual([1]);
    const audit = (await listAudit(t.database.db, 50)).filter((e) => e.action === 'survey.edit');
    expect(audit.map((e) => e.subjectId)).toEqual(['fvu-sprogtilbud/1']);
    const log = await admin.get('/admin/log');
    expect(readable(log.body)).toContain('Spørgeskema rettet (ny version)');
  });

  it('moves a round to the new version only when its answers still fit', async () => {
    const answered = await openRoundWithLinks(t.database, 'fvu-sprogtilbud', 1, { now });
    const empty = await openRoundWithLinks(t.database, 'fvu-sprogtilbud', 1, { now });
    await saveAnswerPage(
      { database: t.database, actor: respondent, now: () => now },
      answered.tokens[0] ?? '',
      0,
      { tilbudstype: 'fvu-dansk', 'brugere-i-alt': 40, 'registrerer-herkomst': false },
      { nextPage: 0 },
    );
    const save = async (text: string) => {
      const res = await admin.post(editor, { _csrf: admin.token, definition: text, handling: 'gem' });
      expect(res.statusCode).toBe(303);
      return admin.get(String(res.headers.location));
    };
    const move = (roundId: string, version: number) =>
      admin.post(`/undersoegelser/runder/${roundId}/version`, {
        _csrf: admin.token,
        version: String(version),
      });

    // Version 2 drops a chosen choice and retypes an answered question: the page says so, and a move is refused.
    const refusedPage = await save(
      await edited((q) => {
        question(q, 'tilbudstype').choices = ['frivilligt-sprogtilbud', 'andet'];
        Object.assign(question(q, 'brugere-i-alt'), { type: 'text', inputType: 'number' });
      }),
    );
    const listed = readable(refusedPage.body);
    expect(listed).toContain('Åbne runder på en ældre version');
    expect(listed).toContain(
      '«Hvor mange brugere har tilbuddet haft i perioden?» er besvaret som «Tal», men er «Tal i et tekstfelt» i version 2',
    );
    expect(listed).toContain(
      '«Hvilket tilbud indberetter I for?» er besvaret med «FVU dansk», som ikke er en svarmulighed i version 2',
    );
    expect(refusedPage.body).toContain(`action="/undersoegelser/runder/${empty.roundId}/version"`);
    expect(refusedPage.body).not.toContain(`action="/undersoegelser/runder/${answered.roundId}/version"`);
    const refused = await move(answered.roundId, 2);
    expect(refused.statusCode).toBe(409);
    const said = readable(refused.body);
    expect(said).toMatch(
      /Runden «.+» beholder version 1, fordi svarene i den ikke passer til version 2\. Nye runder bruger version 2\./,
    );
    expect(said).toContain('som ikke er en svarmulighed i version 2');
    expect((await getSurveyRound(t.database, answered.roundId)).questionnaireVersion).toBe(1);

    // Version 3 removes an answered question: refused, naming it.
    await save(
      await edited((q) => {
        q.pages[0]?.elements.splice(1, 1);
        q.indicatorFeeds.splice(1, 1);
      }),
    );
    const removed = await move(answered.roundId, 3);
    expect(removed.statusCode).toBe(409);
    expect(readable(removed.body)).toContain(
      '«Hvor mange brugere har tilbuddet haft i perioden?» er besvaret i runden, men findes ikke i version 3',
    );

    // Version 4 adds a question and changes a title: the round moves, and its page shows the version.
    await save(
      await edited((q) => {
        question(q, 'tilbudstype').title = 'Hvilket tilbud indberetter I nu for?';
        q.pages[0]?.elements.push({ type: 'comment', name: 'bemaerkninger', title: 'Bemærkninger' });
      }),
    );
    const moved = await move(answered.roundId, 4);
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe(`${editor}?flyttet=${answered.roundId}`);
    expect(readable((await admin.get(String(moved.headers.location))).body)).toMatch(
      /Runden «.+» bruger nu version 4\./,
    );
    expect((await getSurveyRound(t.database, answered.roundId)).questionnaireVersion).toBe(4);
    // The questionnaire's pages show the newest version, and the bundled file (version 1) is not taken as new.
    const shown = readable((await admin.get('/undersoegelser/skemaer/fvu-sprogtilbud')).body);
    expect(shown).toContain('Hvilket tilbud indberetter I nu for?');
    expect(shown).toContain('version 4');
    const list = readable((await admin.get('/undersoegelser')).body);
    expect(list).toContain('version 4');
    expect(list).not.toContain('filen er ændret siden');
    const roundPage = await admin.get(`/undersoegelser/runder/${answered.roundId}`);
    expect(readable(roundPage.body)).toContain('version 4');

    // A round without answers moves to any newer version; a version not newer is refused.
    expect((await move(empty.roundId, 3)).statusCode).toBe(303);
    expect((await getSurveyRound(t.database, empty.roundId)).questionnaireVersion).toBe(3);
    const back = await move(empty.roundId, 2);
    expect(back.statusCode).toBe(409);
    expect(readable(back.body)).toContain('Runden bruger allerede version 3 eller en nyere.');
    const en = await admin.post(`/undersoegelser/runder/${answered.roundId}/version?lang=en`, {
      _csrf: admin.token,
      version: '1',
    });
    expect(readable(en.body, 'en')).toContain('The round already uses version 4 or a newer one.');

    // Readers and forged posts are refused.
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    expect(
      (
        await reader.post(`/undersoegelser/runder/${empty.roundId}/version`, {
          _csrf: reader.token,
          version: '4',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await admin.post(`/undersoegelser/runder/${empty.roundId}/version`, { version: '4' })).statusCode,
    ).toBe(403);
    expect((await getSurveyRound(t.database, empty.roundId)).questionnaireVersion).toBe(3);
    const audit = (await listAudit(t.database.db, 100)).filter((e) => e.action === 'survey.version');
    expect(audit.map((e) => e.subjectId).sort()).toEqual([answered.roundId, empty.roundId].sort());
  });

  it('tells an administrator whose save came after another one that it did', async () => {
    const other = browser();
    await other.login('admin@ballerup.dk');
    const opened = await admin.get(editor);
    expect(opened.body).toContain('name="version" value="4"');
    const first = await other.post(editor, {
      _csrf: other.token,
      definition: await edited((q) => (q.title = 'Den andens titel')),
      version: '4',
      handling: 'gem',
    });
    expect(first.headers.location).toBe(`${editor}?gemt=5`);
    const second = await admin.post(editor, {
      _csrf: admin.token,
      definition: await edited((q) => (q.title = 'Min titel')),
      version: '4',
      handling: 'gem',
    });
    expect(second.headers.location).toBe(`${editor}?gemt=6&imellem=1`);
    const said = readable((await admin.get(String(second.headers.location))).body);
    expect(said).toContain('Gemt som version 6.');
    expect(said).toContain('Bemærk: 1 anden version blev gemt af en anden, mens du rettede.');
    expect(await versions()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
