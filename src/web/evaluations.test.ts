// The evaluation pages through HTTP on a real database: an administrator opens a round (Danish field errors for
// a missing name and dates that do not exist), the tovholder writes and signs off the area's assessment (script
// kept as text and shown escaped; a 100 KB text refused with nothing stored), a tovholder of another centre is
// refused with a Danish reason and an audit entry, a forged or missing form token is refused, a malformed or
// unknown round id is the Danish 404, freezing asks first and then shows the pinned batches, edits after the
// freeze are refused, two freezes at once leave one frozen round and tell the other in Danish, the decision
// refuses a date in the wrong format, and the downloads: HTML, PDF and Word document for staff with their
// SHA-256 kept, the round's page linking each, only a decided round's PDF for the public, and a Danish page when Chromium is missing or hangs.
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createUser } from '../../test/support/accounts.ts';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { chromiumPath } from '../../test/support/browser.ts';
import { createServerDatabase } from '../../test/support/databases.ts';
import { systemActor } from '../domain/access/index.ts';
import { seedBundledDataset } from '../service/bundled-dataset.ts';
import { getEvaluation, openEvaluation } from '../service/evaluations.ts';
import { listAudit } from '../store/audit-store.ts';
import { openDatabase } from '../store/database.ts';
import type { ChromiumSettings } from '../platform/chromium.ts';

let t: TestApp;
let ip = 0;
const browser = () => new Browser(t.app, `10.9.0.${++ip}`);
let chromium: ChromiumSettings = { executablePath: chromiumPath, timeoutMs: 60_000 };
let scratch = '';

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'evaluation-pages-'));
  // A real PostgreSQL server, so that two freezes really run at once on two connections.
  const database = await openDatabase({ url: await createServerDatabase() });
  t = await startTestApp(undefined, database, { reportChromium: () => chromium });
  await seedBundledDataset(t.database);
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'reader@ballerup.dk', 'reader');
  await createUser(t.database, 'cfa@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  await createUser(t.database, 'bem@ballerup.dk', 'editor', ['center-for-by-erhverv-og-miljoe']);
}, 240_000);
afterAll(async () => {
  await t?.close();
  await rm(scratch, { recursive: true, force: true });
});

const system = () => ({ database: t.database, actor: systemActor, now: () => new Date() });
const roundOf = (location: unknown) => /\/evalueringer\/(\d+)/.exec(String(location))?.[1] ?? '';

describe('evaluation rounds', () => {
  let roundId = '';

  it('lets an administrator open a round, with Danish errors for bad fields and nothing stored', async () => {
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    const list = await admin.get('/evalueringer');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Åbn en ny evaluering');
    const bad = await admin.post('/evalueringer', {
      _csrf: admin.token,
      name: '',
      from: '2023-02-30',
      to: '31-12-2023',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Udfyld «Evalueringens navn».');
    expect(bad.body).toContain('«Periodens første dag» er en dato, der ikke findes.');
    expect(bad.body).toContain('«Periodens sidste dag» skal være en dato som 2022-06-15 (år-måned-dag).');
    const reversed = await admin.post('/evalueringer', {
      _csrf: admin.token,
      name: 'Baglæns',
      from: '2023-12-31',
      to: '2021-01-01',
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain('«Periodens sidste dag» ligger før startdatoen.');
    expect((await admin.get('/evalueringer')).body).toContain('Der er ingen evalueringer endnu.');

    const ok = await admin.post('/evalueringer', {
      _csrf: admin.token,
      name: 'Evaluering <script>alert(1)</script> 2021–2023',
      from: '2021-01-01',
      to: '2023-12-31',
    });
    expect(ok.statusCode).toBe(303);
    roundId = roundOf(ok.headers.location);
    const page = await admin.get(String(ok.headers.location));
    expect(page.body).toContain('Evalueringen er åbnet som udkast.');
    expect(page.body).toContain('Evaluering &lt;script&gt;alert(1)&lt;/script&gt; 2021–2023');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('Udkast');
    const listed = await admin.get('/evalueringer');
    expect(listed.body).toContain('1. januar 2021 – 31. december 2023');
    expect(listed.body).toContain(`href="/evalueringer/${roundId}"`);
  });

  it('refuses everyone but administrators the form, and staff only read', async () => {
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    const page = await reader.get(`/evalueringer/${roundId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="assessment"');
    expect(page.body).not.toContain('Fastfrys evalueringen …');
    expect((await reader.get('/evalueringer')).body).not.toContain('Åbn en ny evaluering');
    const refused = await reader.post('/evalueringer', {
      _csrf: reader.token,
      name: 'Læser',
      from: '2021-01-01',
      to: '2021-12-31',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(
      'Kun en administrator må åbne, fastfryse eller afgøre en evalueringsrunde.',
    );
    const anonymous = browser();
    const login = await anonymous.get(`/evalueringer/${roundId}`);
    expect(login.statusCode).toBe(303);
    expect(String(login.headers.location)).toMatch(/^\/log-ind\?next=/);
    expect((await anonymous.get('/evalueringer')).statusCode).toBe(303);
  });

  it('speaks English under ?lang=en, errors included', async () => {
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    const list = await admin.get('/evalueringer?lang=en');
    expect(list.body).toContain('<h1>Evaluations</h1>');
    expect(list.body).toContain('Draft');
    expect(list.body).toContain('Open a new evaluation');
    const page = await admin.get(`/evalueringer/${roundId}?lang=en`);
    expect(page.body).toContain('Download the report as PDF');
    expect(page.body).toContain(`href="/evalueringer/${roundId}/rapport.pdf?lang=en"`);
    const bad = await admin.post('/evalueringer?lang=en', {
      _csrf: admin.token,
      name: '',
      from: 'x',
      to: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Fill in “Name of the evaluation”.');
    expect(bad.body).not.toContain('Udfyld');
  });

  it('answers a malformed or unknown round id with the Danish 404', async () => {
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    for (const id of ['999999', 'abc', '0', '1e3', '-1', '%3Cscript%3E']) {
      const res = await reader.get(`/evalueringer/${id}`);
      expect(res.statusCode, id).toBe(404);
      expect(res.body).toContain('Siden findes ikke');
      expect(res.body).not.toContain('<script>');
    }
    expect((await reader.get(`/evalueringer/${roundId}/rapport.odt`)).statusCode).toBe(404);
    expect((await reader.get(`/evalueringer/${roundId}/rapport.constructor`)).statusCode).toBe(404);
    expect((await reader.get(`/evalueringer/abc/rapport.pdf`)).statusCode).toBe(404);
    expect((await reader.get(`/evalueringer/${roundId}/omraader/findes-ikke`)).statusCode).toBe(404);
  });

  it('lets the tovholder write, keeps script as text, refuses a 100 KB text and signs the area off', async () => {
    const cfa = browser();
    await cfa.login('cfa@ballerup.dk');
    const page = await cfa.get(`/evalueringer/${roundId}`);
    expect(page.body).toContain('id="assessment-beskaeftigelse"');
    // Only the areas the editor's centre answers for have a form.
    expect(page.body).not.toContain('id="assessment-boligsociale-faellesskaber"');
    const url = `/evalueringer/${roundId}/omraader/beskaeftigelse`;
    const huge = await cfa.post(url, { _csrf: cfa.token, assessment: 'x'.repeat(100_000), adjustments: '' });
    expect(huge.statusCode).toBe(413);
    expect(huge.body).toContain(
      'Vurdering og forslag til justeringer må hver højst være 20.000 tegn. Intet er gemt.',
    );
    const long = await cfa.post(url, { _csrf: cfa.token, assessment: 'x'.repeat(20_001), adjustments: '' });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('«Vurdering» må højst være 20000 tegn. Teksten er 20001 tegn.');
    expect((await getEvaluation(t.database, roundId)).areas).toEqual([]);

    const ok = await cfa.post(url, {
      _csrf: cfa.token,
      assessment: '<script>alert("v")</script>\nGabet lukkes langsomt.',
      adjustments: '<img src=x onerror=alert(1)> Flere virksomhedsforløb.',
    });
    expect(ok.statusCode).toBe(303);
    const shown = await cfa.get(String(ok.headers.location).split('#')[0] as string);
    expect(shown.body).toContain('Vurderingen af Beskæftigelse er gemt.');
    expect(shown.body).toContain('&lt;script&gt;alert(&quot;v&quot;)&lt;/script&gt;');
    expect(shown.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(shown.body).not.toContain('<img src=x');
    const stored = (await getEvaluation(t.database, roundId)).areas[0];
    expect(stored?.assessment).toBe('<script>alert("v")</script>\nGabet lukkes langsomt.');

    const signed = await cfa.post(`${url}/godkend`, { _csrf: cfa.token });
    expect(signed.statusCode).toBe(303);
    expect(String(signed.headers.location)).toBe(
      `/evalueringer/${roundId}?godkendt=beskaeftigelse#area-beskaeftigelse`,
    );
    const after = await cfa.get(String(signed.headers.location).split('#')[0] as string);
    expect(after.body).toContain('Vurderingen af Beskæftigelse er godkendt.');
    expect(after.body).toContain('Godkendt af cfa@ballerup.dk');
    expect(after.body).toContain('1 af 4');
  });

  it('refuses a tovholder of another centre, in Danish and in the audit log, and forged form tokens', async () => {
    const bem = browser();
    await bem.login('bem@ballerup.dk');
    await bem.get(`/evalueringer/${roundId}`);
    const url = `/evalueringer/${roundId}/omraader/beskaeftigelse`;
    const sign = await bem.post(`${url}/godkend`, { _csrf: bem.token });
    expect(sign.statusCode).toBe(403);
    expect(sign.body).toContain(
      'Kun en redaktør fra den enhed, der er tovholder for området, må godkende vurderingen.',
    );
    const write = await bem.post(url, { _csrf: bem.token, assessment: 'Overtaget', adjustments: '' });
    expect(write.statusCode).toBe(403);
    const refusals = (await listAudit(t.database.db, 200)).filter(
      (e) => e.actor === 'bem@ballerup.dk' && e.outcome === 'refused',
    );
    expect(refusals.map((e) => `${e.action} ${e.subjectId}`)).toEqual(
      expect.arrayContaining([
        `area.signoff ${roundId}/beskaeftigelse`,
        `area.edit ${roundId}/beskaeftigelse`,
      ]),
    );
    const cfa = browser();
    await cfa.login('cfa@ballerup.dk');
    await cfa.get(`/evalueringer/${roundId}`);
    const forged = await cfa.post(url, { _csrf: 'x'.repeat(43), assessment: 'Forfalsket', adjustments: '' });
    expect(forged.statusCode).toBe(403);
    const missing = await cfa.post(url, { assessment: 'Uden token', adjustments: '' });
    expect(missing.statusCode).toBe(403);
    expect((await getEvaluation(t.database, roundId)).areas[0]?.assessment).toContain(
      'Gabet lukkes langsomt.',
    );
  });

  it('asks before freezing, shows the pinned batches, and refuses edits after the freeze', async () => {
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    const ask = await admin.get(`/evalueringer/${roundId}/frys`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('præcis de dataudgaver, der er indlæst nu');
    expect(ask.body).toContain('Disse områder er ikke godkendt af tovholderen:');
    // Without the confirmation the page is shown again and nothing is frozen.
    const unconfirmed = await admin.post(`/evalueringer/${roundId}/frys`, { _csrf: admin.token });
    expect(unconfirmed.statusCode).toBe(200);
    expect((await getEvaluation(t.database, roundId)).round.state).toBe('draft');
    const frozen = await admin.post(`/evalueringer/${roundId}/frys`, { _csrf: admin.token, confirm: 'ja' });
    expect(frozen.statusCode).toBe(303);
    const page = await admin.get(String(frozen.headers.location));
    expect(page.body).toContain('Evalueringen er frosset.');
    expect(page.body).toContain('Data, rapporten står på');
    expect(page.body).toMatch(/blev \d+ indlæsninger fastlåst/);
    expect(page.body).toContain('Befolkningen efter herkomst');
    expect(page.body).toContain('Registrér udvalgets beslutning');
    expect(page.body).not.toContain('name="assessment"');

    const cfa = browser();
    await cfa.login('cfa@ballerup.dk');
    await cfa.get(`/evalueringer/${roundId}`);
    const url = `/evalueringer/${roundId}/omraader/beskaeftigelse`;
    const late = await cfa.post(url, { _csrf: cfa.token, assessment: 'For sent', adjustments: '' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Evalueringen er frosset, så vurderinger kan ikke længere skrives');
    expect((await getEvaluation(t.database, roundId)).areas[0]?.assessment).not.toBe('For sent');
    const again = await admin.post(`/evalueringer/${roundId}/frys`, { _csrf: admin.token, confirm: 'ja' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Evalueringen er allerede frosset');
  });

  it('freezes once when two administrators freeze at the same moment, and tells the other', async () => {
    const round = await openEvaluation(system(), ballerupId, {
      name: 'Samtidig',
      from: '2021-01-01',
      to: '2022-12-31',
    });
    const a = browser();
    const b = browser();
    await a.login('admin@ballerup.dk');
    await b.login('admin@ballerup.dk');
    const [x, y] = await Promise.all(
      [a, b].map((who) => who.post(`/evalueringer/${round.id}/frys`, { _csrf: who.token, confirm: 'ja' })),
    );
    expect([x?.statusCode, y?.statusCode].sort()).toEqual([303, 409]);
    const loser = x?.statusCode === 409 ? x : y;
    expect(loser?.body).toContain(
      'Evalueringen er allerede frosset, måske af en anden administrator lige nu.',
    );
    const freezes = (await listAudit(t.database.db, 200)).filter(
      (e) => e.action === 'evaluation.freeze' && e.subjectId === round.id && e.outcome === 'ok',
    );
    expect(freezes).toHaveLength(1);
  });

  it('records the decision, refusing a date in the wrong format', async () => {
    const admin = browser();
    await admin.login('admin@ballerup.dk');
    await admin.get(`/evalueringer/${roundId}`);
    const url = `/evalueringer/${roundId}/beslutning`;
    const bad = await admin.post(url, {
      _csrf: admin.token,
      decisionDate: '15.03.2024',
      decisionText: '',
      decisionVersion: '99',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('«Dato for udvalgets møde» skal være en dato som 2022-06-15 (år-måned-dag).');
    expect(bad.body).toContain('Udfyld «Udvalgets beslutning».');
    expect(bad.body).toContain('«Strategiens version efter beslutningen»: 99 er ikke et af valgene.');
    expect(bad.body).toContain('value="15.03.2024"');
    expect((await getEvaluation(t.database, roundId)).round.state).toBe('frozen');
    const ok = await admin.post(url, {
      _csrf: admin.token,
      decisionDate: '2024-03-15',
      decisionText: 'Udvalget godkendte evalueringen <b>med</b> de foreslåede justeringer.',
      decisionVersion: '1',
    });
    expect(ok.statusCode).toBe(303);
    const page = await admin.get(String(ok.headers.location));
    expect(page.body).toContain('Udvalgets beslutning er registreret.');
    expect(page.body).toContain('Besluttet på udvalgets møde 15. marts 2024.');
    expect(page.body).toContain('godkendte evalueringen &lt;b&gt;med&lt;/b&gt;');
    const twice = await admin.post(url, {
      _csrf: admin.token,
      decisionDate: '2024-04-01',
      decisionText: 'Igen',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Udvalgets beslutning er allerede registreret');
  });
});

describe('report downloads', () => {
  let decided = '';
  let draft = '';

  beforeAll(async () => {
    const rounds = await import('../service/evaluations.ts').then((m) => m.listEvaluations(t.database));
    decided = rounds.find((r) => r.state === 'decided')?.id ?? '';
    draft = (
      await openEvaluation(system(), ballerupId, { name: 'Udkastet', from: '2021-01-01', to: '2021-12-31' })
    ).id;
  });

  it('gives staff the HTML and PDF of any round and keeps each file’s SHA-256', async () => {
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    const html = await reader.get(`/evalueringer/${draft}/rapport.html`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(String(html.headers['content-disposition'])).toContain(`evaluering-${draft}-udkast.html`);
    const pdf = await reader.get(`/evalueringer/${decided}/rapport.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const sha = createHash('sha256').update(pdf.rawPayload).digest('hex');
    expect(pdf.headers['x-content-sha256']).toBe(sha);
    const files = (await getEvaluation(t.database, decided)).files;
    expect(files.map((f) => `${f.format} ${f.sha256}`)).toContain(`pdf ${sha}`);
    const htmlSha = createHash('sha256').update(html.rawPayload).digest('hex');
    expect((await getEvaluation(t.database, draft)).files.map((f) => f.sha256)).toContain(htmlSha);
    const page = await reader.get(`/evalueringer/${decided}`);
    expect(page.body).toContain(sha);
    expect(page.body).toContain(
      `<a href="/evalueringer/${decided}/rapport.docx">Hent rapporten som Word-dokument</a>`,
    );
  });

  it('gives staff the Word document of a round from its page, and keeps its SHA-256', async () => {
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    const docx = await reader.get(`/evalueringer/${draft}/rapport.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(String(docx.headers['content-disposition'])).toContain(`evaluering-${draft}-udkast.docx`);
    expect(docx.rawPayload.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(docx.rawPayload.includes(Buffer.from('word/document.xml'))).toBe(true);
    const sha = createHash('sha256').update(docx.rawPayload).digest('hex');
    expect(docx.headers['x-content-sha256']).toBe(sha);
    const files = (await getEvaluation(t.database, draft)).files;
    expect(files.map((f) => `${f.format} ${f.sha256}`)).toContain(`docx ${sha}`);
    const english = await reader.get(`/evalueringer/${draft}?lang=en`);
    expect(english.body).toContain(
      `<a href="/evalueringer/${draft}/rapport.docx?lang=en">Download the report as a Word document</a>`,
    );
  });

  it('gives the public only a decided round’s PDF, and links it from the front page', async () => {
    const anonymous = browser();
    const front = await anonymous.get('/');
    expect(front.body).toContain(`href="/evalueringer/${decided}/rapport.pdf"`);
    expect(front.body).toContain('Seneste evaluering');
    const pdf = await anonymous.get(`/evalueringer/${decided}/rapport.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    for (const url of [
      `/evalueringer/${decided}/rapport.html`,
      `/evalueringer/${decided}/rapport.docx`,
      `/evalueringer/${draft}/rapport.docx`,
      `/evalueringer/${draft}/rapport.pdf`,
      `/evalueringer/${draft}/rapport.html`,
    ]) {
      const res = await anonymous.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('Siden findes ikke');
    }
    const frozen = (
      await import('../service/evaluations.ts').then((m) => m.listEvaluations(t.database))
    ).find((r) => r.state === 'frozen');
    expect((await anonymous.get(`/evalueringer/${frozen?.id}/rapport.pdf`)).statusCode).toBe(404);
  });

  it('answers with a Danish page when Chromium is missing or hangs', async () => {
    const reader = browser();
    await reader.login('reader@ballerup.dk');
    chromium = { executablePath: path.join(scratch, 'ingen-chromium'), timeoutMs: 5_000 };
    const missing = await reader.get(`/evalueringer/${draft}/rapport.pdf`);
    expect(missing.statusCode).toBe(503);
    expect(missing.body).toContain('Rapporten kunne ikke dannes');
    expect(missing.body).toContain('Hent rapporten som HTML i stedet');
    expect(missing.body).not.toContain('PdfRendererError');
    const hanging = path.join(scratch, 'haenger');
    await writeFile(hanging, '#!/bin/sh\nexec sleep 30\n');
    await chmod(hanging, 0o755);
    chromium = { executablePath: hanging, timeoutMs: 1_000 };
    const started = Date.now();
    const hung = await reader.get(`/evalueringer/${draft}/rapport.pdf`);
    expect(hung.statusCode).toBe(503);
    expect(hung.body).toContain('ikke svarede i tide');
    expect(Date.now() - started).toBeLessThan(20_000);
    chromium = { executablePath: chromiumPath, timeoutMs: 60_000 };
  });
});
