// The revised strategy uploaded with the committee's decision, through real multipart bodies on a real
// database: a decision without a file (a browser's empty file part, and a plain form) still recorded; a valid,
// changed definition stored as the next version in the decision's transaction, the page saying so and linking
// the versions side by side, a dropped bullet's intervention ended by that version; an invalid file, a file of
// another strategy, one too large, not UTF-8 or not YAML or JSON each refused in Danish (English under
// ?lang=en) with what was typed kept and nothing stored; the same content stores no version; a file sent
// before the form token is never read; a decided round without a following version gets its revision linked.
// Also the round page's kept report content: a difference of today's computation shown to administrators only,
// and a round frozen before contents were kept produced again by the audited action.
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, cookieHeader, createUser } from '../../test/support/accounts.ts';
import { ballerupFile, ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { textProblems, visibleText } from '../../test/support/page-text.ts';
import { systemActor } from '../domain/access/index.ts';
import { freezeWithReport } from '../reports/evaluation-report.ts';
import { getEvaluation, openEvaluation } from '../service/evaluations.ts';
import { endedItems, listStrategyVersions } from '../service/strategies.ts';
import { listAudit } from '../store/audit-store.ts';

let t: TestApp;
let ip = 0;
let bundled = '';
const browser = () => new Browser(t.app, `10.8.0.${++ip}`);
const system = () => ({ database: t.database, actor: systemActor, now: () => new Date() });

beforeAll(async () => {
  t = await startTestApp();
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'reader@ballerup.dk', 'reader');
  bundled = await readFile(ballerupFile, 'utf8');
}, 120_000);
afterAll(async () => t?.close());

interface FilePart {
  readonly name: string;
  readonly bytes: Uint8Array | string;
}

/** A multipart/form-data body as a browser sends it: the fields in order, then the file (or an empty part). */
function multipart(fields: Record<string, string>, file?: FilePart, fileFirst = false) {
  const boundary = `----pejlemaerke${Math.random().toString(36).slice(2)}`;
  const fieldChunks = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  const fileChunks = [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="revisionFile"; filename="${file?.name ?? ''}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    Buffer.from(file?.bytes ?? ''),
    Buffer.from('\r\n'),
  ];
  const chunks = fileFirst ? [...fileChunks, ...fieldChunks] : [...fieldChunks, ...fileChunks];
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function send(
  b: Browser,
  url: string,
  fields: Record<string, string>,
  file?: FilePart,
  fileFirst = false,
) {
  const body = multipart(fields, file, fileFirst);
  const res = await t.app.inject({
    method: 'POST',
    url,
    remoteAddress: b.ip,
    headers: { cookie: cookieHeader(b.jar), 'content-type': body.contentType },
    payload: body.payload,
  });
  return res;
}

async function frozenRound(name: string): Promise<string> {
  const round = await openEvaluation(system(), ballerupId, { name, from: '2021-01-01', to: '2023-12-31' });
  await freezeWithReport(system(), round.id);
  return round.id;
}

async function admin(): Promise<Browser> {
  const b = browser();
  await b.login('admin@ballerup.dk');
  await b.get('/evalueringer');
  return b;
}

const decision = (b: Browser, text = 'Udvalget godkendte evalueringen og de foreslåede justeringer.') => ({
  _csrf: b.token,
  decisionDate: '2024-03-12',
  decisionText: text,
  decisionVersion: '',
});

/** The bundled definition without the bullet "Unge i fritidsjobs": a valid revision. */
const revised = () =>
  bundled.replace('        - id: unge-i-fritidsjobs\n          text: Unge i fritidsjobs\n', '');

async function versionCount(): Promise<number> {
  return (await listStrategyVersions(t.database, ballerupId)).length;
}

/** The page's text has no leaks or English; the uploaded files' names are shown as they were given. */
function expectCleanDanish(html: string) {
  const text = visibleText(html).replace(/[\w.-]+\.(yaml|json|pdf)\b/g, 'fil');
  expect(textProblems(text)).toEqual([]);
}

describe('the revised strategy uploaded with the decision', () => {
  it('records a decision without a file, as a browser sends the empty file field and as a plain form', async () => {
    const b = await admin();
    const first = await frozenRound('Uden fil');
    const page = await b.get(`/evalueringer/${first}`);
    expect(page.body).toMatch(
      /<form method="post" action="\/evalueringer\/\d+\/beslutning" enctype="multipart\/form-data"/,
    );
    expect(page.body).toContain('Den reviderede strategi (valgfri)');
    // The file field comes after every other field of the form.
    const form = page.body.slice(page.body.indexOf('/beslutning" enctype'));
    expect(form.indexOf('name="revisionFile"')).toBeGreaterThan(form.indexOf('name="decisionVersion"'));
    expectCleanDanish(page.body);

    const res = await send(b, `/evalueringer/${first}/beslutning`, decision(b));
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).not.toContain('revideret');
    const { round } = await getEvaluation(t.database, first);
    expect(round).toMatchObject({ state: 'decided', decisionVersion: null, decisionDate: '2024-03-12' });

    const second = await frozenRound('Almindelig formular');
    const plain = await b.post(`/evalueringer/${second}/beslutning`, decision(b));
    expect(plain.statusCode).toBe(303);
    expect((await getEvaluation(t.database, second)).round.state).toBe('decided');
    expect(await versionCount()).toBe(1);
  });

  it('refuses an invalid definition with its errors as the CLI lists them, in Danish, storing nothing', async () => {
    const b = await admin();
    const id = await frozenRound('Ugyldig');
    const bad = bundled.replace('        direction: down\n', '        direction: sideways\n');
    const text = 'Udvalget godkendte <b>ændringerne</b>.\nSe referatet.';
    const res = await send(b, `/evalueringer/${id}/beslutning`, decision(b, text), {
      name: 'integrationsstrategi-revideret.yaml',
      bytes: bad,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(
      'Filen integrationsstrategi-revideret.yaml blev afvist med 1 fejl, og intet blev gemt – hverken beslutningen eller en ny version.',
    );
    // file:line:column, the indicator by its id, the value given.
    expect(res.body).toMatch(
      /integrationsstrategi-revideret\.yaml:\d+:\d+: område «beskaeftigelse» › indikator «[a-z0-9-]+» › direction \(areas\[0\]\.indicators\[0\]\.direction\): forventet &quot;up&quot;, &quot;down&quot; eller &quot;parity&quot;, men filen har &quot;sideways&quot;/,
    );
    // What was typed comes back, escaped.
    expect(res.body).toContain('Udvalget godkendte &lt;b&gt;ændringerne&lt;/b&gt;.\nSe referatet.');
    expect(res.body).toContain('value="2024-03-12"');
    expectCleanDanish(res.body);
    expect((await getEvaluation(t.database, id)).round.state).toBe('frozen');
    expect(await versionCount()).toBe(1);

    const en = await send(b, `/evalueringer/${id}/beslutning?lang=en`, decision(b), {
      name: 'revised.yaml',
      bytes: bad,
    });
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain(
      'The file revised.yaml was refused, and nothing was stored – neither the decision nor a new version. Its errors (1)',
    );
    expect(en.body).toMatch(/revised\.yaml:\d+:\d+: area &quot;beskaeftigelse&quot;/);
  });

  it('refuses a file of another strategy naming both, and files too large, not UTF-8 or not YAML or JSON', async () => {
    const b = await admin();
    const id = await frozenRound('Forkerte filer');
    const url = `/evalueringer/${id}/beslutning`;
    const other = await send(b, url, decision(b), {
      name: 'anden.yaml',
      bytes: bundled.replace(`id: ${ballerupId}`, 'id: en-anden-strategi'),
    });
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain(
      `Filen anden.yaml er definitionen af strategien «en-anden-strategi», ikke af rundens strategi «${ballerupId}». Intet blev gemt.`,
    );
    const large = await send(b, url, decision(b), {
      name: 'stor.yaml',
      bytes: 'a'.repeat(2 * 1024 * 1024 + 1),
    });
    expect(large.statusCode).toBe(400);
    expect(large.body).toContain('Filen stor.yaml er for stor: en strategidefinition må højst fylde 2 MB.');
    const latin1 = await send(b, url, decision(b), {
      name: 'latin1.yaml',
      bytes: Buffer.from('title: Integrationsstrat\xe9gi\n', 'latin1'),
    });
    expect(latin1.statusCode).toBe(400);
    expect(latin1.body).toContain(
      'latin1.yaml: (filen): filen er ikke gyldig UTF-8 (første forkerte byte ved position 24)',
    );
    const pdf = await send(b, url, decision(b), { name: 'referat.pdf', bytes: '%PDF-1.7\n' });
    expect(pdf.statusCode).toBe(400);
    expect(pdf.body).toContain(
      'Filen referat.pdf er en PDF-fil, ikke en strategidefinition i YAML eller JSON.',
    );
    const broken = await send(b, url, decision(b), { name: 'brudt.json', bytes: '{"id": "x", "areas": [' });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toMatch(
      /brudt\.json: linje 1, kolonne \d+: syntaksfejl: her er filen hverken gyldig YAML eller JSON/,
    );
    for (const r of [other, large, latin1, pdf, broken]) expectCleanDanish(r.body);
    expect((await getEvaluation(t.database, id)).round.state).toBe('frozen');
    expect(await versionCount()).toBe(1);
  });

  it('never reads a file sent before the form token, and stores nothing', async () => {
    const b = await admin();
    const id = await frozenRound('Fil først');
    const res = await send(
      b,
      `/evalueringer/${id}/beslutning`,
      decision(b),
      { name: 'r.yaml', bytes: revised() },
      true,
    );
    expect(res.statusCode).toBe(403);
    expect(res.headers.connection).toBe('close');
    // Nor from staff without the right, whose form token is good.
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    await reader.get(`/evalueringer/${id}`);
    const refused = await send(reader, `/evalueringer/${id}/beslutning`, decision(reader), {
      name: 'r.yaml',
      bytes: revised(),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers.connection).toBe('close');
    expect((await getEvaluation(t.database, id)).round.state).toBe('frozen');
    expect(await versionCount()).toBe(1);
  });

  it('records the decision with the same content as the newest version and says no version was stored', async () => {
    const b = await admin();
    const id = await frozenRound('Samme indhold');
    // The bundled definition written as JSON: the same content, whatever the notation.
    const json = JSON.stringify(parse(bundled), null, 2);
    const both = await send(
      b,
      `/evalueringer/${id}/beslutning`,
      { ...decision(b), decisionVersion: '1' },
      { name: 'samme.json', bytes: json },
    );
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('Vælg ingen version, når du vedhæfter den reviderede strategi');
    const res = await send(b, `/evalueringer/${id}/beslutning`, decision(b), {
      name: 'samme.json',
      bytes: json,
    });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toContain('samme=1');
    const page = await b.get(String(res.headers.location));
    expect(page.body).toContain(
      'Den vedhæftede fil er den samme som strategiens version 1, så der blev ikke gemt en ny version.',
    );
    expect((await getEvaluation(t.database, id)).round).toMatchObject({
      state: 'decided',
      decisionVersion: null,
    });
    expect(await versionCount()).toBe(1);
  });

  it('stores a valid revision as the next version with the decision, links the versions and ends a dropped bullet', async () => {
    const b = await admin();
    const id = await frozenRound('Revideret');
    const res = await send(b, `/evalueringer/${id}/beslutning`, decision(b), {
      name: 'integrationsstrategi-2024.yaml',
      bytes: revised(),
    });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toContain('revideret=2');
    const page = await b.get(String(res.headers.location));
    expect(page.body).toContain('Strategien blev revideret: version 2 er gemt.');
    expect(page.body).toContain('Strategien blev revideret: version 2.');
    expect(page.body).toContain(
      `<a href="/strategier/${ballerupId}/versioner?fra=1&amp;til=2#version-2">Se version 1 og version 2 side om side</a>`,
    );
    expectCleanDanish(page.body);
    expect((await getEvaluation(t.database, id)).round).toMatchObject({
      state: 'decided',
      decisionVersion: 2,
    });
    const versions = await listStrategyVersions(t.database, ballerupId);
    expect(versions[0]).toMatchObject({
      version: 2,
      sourceFile: 'integrationsstrategi-2024.yaml',
      loadedBy: 'admin@ballerup.dk',
    });
    const versionsPage = await b.get(`/strategier/${ballerupId}/versioner`);
    expect(versionsPage.body).toContain('id="version-2"');
    expect(versionsPage.body).toContain('Unge i fritidsjobs');
    // The intervention of the dropped bullet is ended by version 2, as after `strategy load`.
    expect((await endedItems(t.database, ballerupId)).interventions.get('unge-i-fritidsjobs')).toMatchObject({
      version: 2,
      title: 'Unge i fritidsjobs',
    });
    const list = await b.get(`/strategier/${ballerupId}/indsatser`);
    expect(list.body).toContain('Fjernet fra strategien med version 2');
    const audit = await listAudit(t.database.db, 20);
    const load = audit.find((a) => a.action === 'strategy.load' && a.subjectId === ballerupId);
    expect(load?.after).toMatchObject({ version: 2, sourceFile: 'integrationsstrategi-2024.yaml' });
    const decide = audit.find((a) => a.action === 'evaluation.decide' && a.subjectId === id);
    expect(decide?.after).toMatchObject({ state: 'decided', strategyVersion: 2 });
    expect(decide?.actor).toBe('admin@ballerup.dk');
  });

  it('links a revision to a decided round that names no following version, once', async () => {
    const b = await admin();
    const id = await frozenRound('Besluttet før');
    expect((await send(b, `/evalueringer/${id}/beslutning`, decision(b))).statusCode).toBe(303);
    const page = await b.get(`/evalueringer/${id}`);
    expect(page.body).toContain('Den reviderede definitionsfil');
    expect(page.body).toMatch(/action="\/evalueringer\/\d+\/revision" enctype="multipart\/form-data"/);
    const none = await send(b, `/evalueringer/${id}/revision`, { _csrf: b.token });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Vælg den reviderede definitionsfil.');
    const next = revised().replace('title: Integrationsstrategi\n', 'title: Integrationsstrategi 2024\n');
    const res = await send(
      b,
      `/evalueringer/${id}/revision`,
      { _csrf: b.token },
      { name: 'ny.yaml', bytes: next },
    );
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toContain('revideret=3');
    expect((await getEvaluation(t.database, id)).round.decisionVersion).toBe(3);
    // The round was frozen on version 2 (stored by the round before); any two versions can stand side by side.
    const decided = await b.get(`/evalueringer/${id}`);
    expect(decided.body).toContain('Se version 2 og version 3 side om side');
    const side = await b.get(`/strategier/${ballerupId}/versioner?fra=1&til=3`);
    expect(side.body).toContain('Ændringerne herunder er fra version 1 til version 3.');
    expect(side.body).toContain('Integrationsstrategi 2024');
    expect(side.body).toContain('Unge i fritidsjobs');
    expectCleanDanish(side.body);
    const odd = await b.get(`/strategier/${ballerupId}/versioner?fra=3&til=1`);
    expect(odd.statusCode).toBe(200);
    expect(odd.body).not.toContain('Ændringerne herunder er fra version');
    const again = await send(
      b,
      `/evalueringer/${id}/revision`,
      { _csrf: b.token },
      { name: 'ny.yaml', bytes: next },
    );
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Der kan kun gemmes en revideret strategi til en besluttet evaluering');
    // Staff who are not administrators see no form.
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    expect((await reader.get(`/evalueringer/${id}`)).body).not.toContain('name="revisionFile"');
  });
});

describe('the round page and the kept report content', () => {
  it('shows administrators only that today’s computation differs, and keeps today’s for a round frozen before', async () => {
    const b = await admin();
    const id = await frozenRound('Indhold');
    const { round } = await getEvaluation(t.database, id);
    expect((await b.get(`/evalueringer/${id}`)).body).not.toContain('Rapportens indhold');
    await sql`update evaluation_area set assessment = 'x' where round_id = ${id}`.execute(t.database.db);
    await sql`insert into evaluation_area (round_id, area_id, assessment, updated_at, updated_by)
      values (${id}, 'uddannelse', 'Skrevet efter fastfrysningen.', now(), 'x')`.execute(t.database.db);
    const differs = await b.get(`/evalueringer/${id}`);
    expect(differs.body).toContain(
      'Dagens beregning af rapporten giver et andet indhold end det, der blev fastfrosset.',
    );
    expect(differs.body).toContain(String(round.contentSha256));
    expect(differs.body).not.toContain('Dan rapporten fra dagens beregning');
    expectCleanDanish(differs.body);
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    expect((await reader.get(`/evalueringer/${id}`)).body).not.toContain('Dagens beregning');

    // As a round frozen before migration 020 whose frozen hash today's computation does not give.
    await sql`update evaluation_round set content_json = null, content_format = null where id = ${id}`.execute(
      t.database.db,
    );
    const refused = await b.get(`/evalueringer/${id}/rapport.html`);
    expect(refused.statusCode).toBe(409);
    const page = await b.get(`/evalueringer/${id}`);
    expect(page.body).toContain('Rapporten kan ikke dannes');
    expect(page.body).toContain('Dan rapporten fra dagens beregning');
    expectCleanDanish(page.body);
    expect((await b.get(`/evalueringer/${id}?lang=en`)).body).toContain(
      'Produce the report from today’s computation',
    );
    const kept = await b.post(`/evalueringer/${id}/rapport-indhold`, { _csrf: b.token });
    expect(kept.statusCode).toBe(303);
    const after = await b.get(String(kept.headers.location));
    expect(after.body).toContain(
      'Rapportens indhold er gemt fra dagens beregning, og rapporten kan dannes igen.',
    );
    expect(after.body).toContain(`Det fastfrosne indhold havde SHA-256 ${String(round.contentSha256)}.`);
    expect((await b.get(`/evalueringer/${id}/rapport.html`)).statusCode).toBe(200);
    const twice = await b.post(`/evalueringer/${id}/rapport-indhold`, { _csrf: b.token });
    expect(twice.statusCode).toBe(409);
    const entry = (await listAudit(t.database.db, 30)).find((a) => a.action === 'evaluation.recompute');
    expect(entry).toMatchObject({ actor: 'admin@ballerup.dk', subjectId: id });
  });
});
