// Every route the app registers × every kind of visitor (anonymous, reader, editor of centre A, editor of
// centre B, administrator) × its method, with the status each must get. The routes are listed as Fastify
// registers them, so a new route that is not classified below fails this test until someone decides who
// may use it. Then the same routes once more for the security headers, and every POST without its form
// token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, cookieHeader, createUser, testPassword } from '../../test/support/accounts.ts';
import { ballerupId, repoRoot, startTestApp, type TestApp } from '../../test/support/app.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { saveQuestionnaireVersion } from '../service/questionnaire-editor.ts';
import { systemActor } from '../domain/access/index.ts';
import { freezeWithReport } from '../reports/evaluation-report.ts';
import { decideEvaluation, openEvaluation } from '../service/evaluations.ts';
import { openRound } from '../service/followup-rounds.ts';
import { getIntervention } from '../service/interventions.ts';
import { recipientDeliveries } from '../service/survey-mail.ts';
import { closeSurveyRound, importRecipients, listSurveyRounds, openSurveyRound } from '../service/surveys.ts';
import { RefreshJobs } from '../service/refresh-job.ts';
import { offerLinkList } from '../service/survey-link-lists.ts';

type Who = 'anonymous' | 'reader' | 'editor of A' | 'editor of B' | 'admin';
const everyone: readonly Who[] = ['anonymous', 'reader', 'editor of A', 'editor of B', 'admin'];
const loggedIn: readonly Who[] = ['reader', 'editor of A', 'editor of B', 'admin'];

/**
 * Who may use a route, and what everyone gets:
 * - public: the same answer for everyone (`status`, or whatever the public gets when not given);
 * - admin page / staff page: the public is sent to log in (303), the rest 403 or 200;
 * - area page: as a staff page, but only the area's editor (A) and administrators get 200;
 * - admin post / area post: the public gets the form back to log in again (401), others 403 or 303;
 * - admin action / area action: a button with no text to keep, so the public is sent to log in (303); an
 *   administrator's action answers 303 unless `status` says otherwise (a page shown once, like printed links);
 * - admin upload: as an admin post, but the form sent here carries no file, so the administrator gets the
 *   form back with that error (400); the upload itself is tested in admin-import.test.ts.
 * - sign-off action: as an area action, but only the lead centre's editor (A) may: not an administrator.
 * - survey page: as a staff page, but of the editors only those of a focus area the round is about (`editors`).
 */
type Kind =
  | { kind: 'public'; status?: number }
  | { kind: 'admin page' }
  | { kind: 'staff page' }
  | { kind: 'admin post' }
  | { kind: 'admin upload' }
  | { kind: 'area post' }
  | { kind: 'area page' }
  | { kind: 'survey page'; editors: readonly Who[] }
  | { kind: 'admin action'; status?: number }
  | { kind: 'area action' }
  | { kind: 'sign-off action' }
  | { kind: 'login post' }
  | { kind: 'logout' };

interface Entry {
  readonly url: string;
  readonly access: Kind;
  readonly body?: () => Record<string, string> | Promise<Record<string, string>>;
}

let t: TestApp;
const registered: { method: string; url: string }[] = [];
let victimId = '';
let indicatorId = '';
let made = 0;
let openRoundId = '';
let jobId = '';
let refreshJobId = '';
// The data status page's refresh reaches only a closed port on this machine: each one fails at once.
const refreshJobs = new RefreshJobs({
  statbankUrl: 'http://127.0.0.1:9/v1',
  jobindsats: { apiKey: undefined, baseUrl: 'http://127.0.0.1:9/v2' },
  uddannelsesstatistik: { apiKey: undefined, baseUrl: 'http://127.0.0.1:9' },
});
let closingRoundId = '';
const evaluation = { draft: '', freezing: '', frozen: '', decided: '' };
const editTarget = 'krav-til-aktiv-deltagelse';
const survey = { round: '', closing: '', recipient: '', closed: '', publishing: '', housing: '', moving: '' };

beforeAll(async () => {
  t = await startTestApp(undefined, undefined, {
    onRoute: (r) => registered.push(r),
    refreshJobs,
    // Many logins from one address in this file; the limit itself is tested in auth.test.ts.
    loginRateLimit: { max: 10_000, windowMs: 60_000 },
    // The public address alone (no SMTP: mail stays off), for the printable links.
    mail: { smtp: undefined, publicUrl: 'https://pejlemaerke.test', followupReminderDays: 7 },
  });
  await createUser(t.database, 'reader@ballerup.dk', 'reader');
  // Beskæftigelse is led by Center for Arbejdsmarked (A); Center for By, Erhverv og Miljø (B) has no part in it.
  await createUser(t.database, 'a@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
  await createUser(t.database, 'b@ballerup.dk', 'editor', ['center-for-by-erhverv-og-miljoe']);
  await createUser(t.database, 'admin@ballerup.dk', 'admin');
  await createUser(t.database, 'login-target@ballerup.dk', 'reader');
  victimId = (await createUser(t.database, 'victim@ballerup.dk', 'reader')).id;
  const api = await t.app.inject({ method: 'GET', url: `/api/v1/strategies/${ballerupId}` });
  indicatorId = (api.json() as { data: { definition: { areas: { indicators: { id: string }[] }[] } } }).data
    .definition.areas[0]?.indicators[0]?.id as string;
  const system = { database: t.database, actor: systemActor, now: () => new Date() };
  const deadline = { title: 'Matrixrunde', deadline: '2030-01-31' };
  openRoundId = (await openRound(system, ballerupId, deadline)).id;
  closingRoundId = (await openRound(system, ballerupId, deadline)).id;
  // Evaluation rounds in each state: a draft to read and write, one to freeze, a frozen one to decide, a decided one.
  const period = { from: '2021-01-01', to: '2023-12-31' };
  for (const k of ['draft', 'freezing', 'frozen', 'decided'] as const)
    evaluation[k] = (await openEvaluation(system, ballerupId, { name: `Matrix ${k}`, ...period })).id;
  await freezeWithReport(system, evaluation.frozen);
  await freezeWithReport(system, evaluation.decided);
  await decideEvaluation(system, evaluation.decided, { date: '2024-03-15', text: 'Godkendt.' });
  // Survey rounds: one to send and mark a bounce in, one to close.
  const surveyDates = { questionnaire: 'fvu-sprogtilbud', opens: '2026-01-01', closes: '2099-12-31' };
  survey.round = (await openSurveyRound(system, surveyDates)).round.id;
  survey.closing = (await openSurveyRound(system, surveyDates)).round.id;
  await importRecipients(
    system,
    survey.round,
    Buffer.from('organisation,type,area,contact,email\nVUC,udbyder,151,Ane,ane@vuc.dk\n'),
    'matrix.csv',
  );
  survey.recipient = (await recipientDeliveries(t.database, survey.round))[0]?.recipient.id ?? '';
  // Two closed rounds: one whose publish page is shown, one to publish (its cells suppressed: no answers).
  for (const k of ['closed', 'publishing'] as const) {
    survey[k] = (await openSurveyRound(system, surveyDates)).round.id;
    await importRecipients(
      system,
      survey[k],
      Buffer.from('organisation,type,area,contact,email\nVUC,udbyder,151,Ane,ane@vuc.dk\n'),
      'matrix.csv',
    );
    await closeSurveyRound(system, survey[k]);
  }
  // A round about Boligsociale fællesskaber, which B's centre leads: B's editor reads it, A's does not.
  survey.housing = (
    await openSurveyRound(system, { ...surveyDates, questionnaire: 'boligsocial-deltagelse' })
  ).round.id;
  expect((await listSurveyRounds(t.database)).length).toBe(5);
  // A round on version 1 of its questionnaire, and a version 2 (another title) it may move to.
  survey.moving = (await openSurveyRound(system, surveyDates)).round.id;
  const fvu = JSON.parse(await readFile(path.join(repoRoot, 'surveys', 'fvu-sprogtilbud.json'), 'utf8'));
  await saveQuestionnaireVersion(system, 'fvu-sprogtilbud', JSON.stringify({ ...fvu, title: 'Matrix' }));
  // One StatBank import job, uploaded by an administrator, for its page and status.
  const b = new Browser(t.app);
  await b.login('admin@ballerup.dk');
  const boundary = '----matrix';
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/admin/indlaes/statbank',
    headers: { cookie: cookieHeader(b.jar), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload:
      part('_csrf', b.token) +
      part('tabel', 'MATRIX1') +
      `--${boundary}\r\nContent-Disposition: form-data; name="fil"; filename="m.csv"\r\nContent-Type: text/csv\r\n\r\n` +
      `OMRÅDE;TID;INDHOLD\r\n151;2021;5\r\n\r\n--${boundary}--\r\n`,
  });
  jobId = /job\/([0-9a-f]{32})$/.exec(String(res.headers.location))?.[1] ?? '';
  await b.get('/datastatus');
  const refresh = await b.post('/datastatus/opdater', { _csrf: b.token });
  refreshJobId = /opdatering\/([0-9a-f]{32})$/.exec(String(refresh.headers.location))?.[1] ?? '';
  expect(refreshJobId).not.toBe('');
  await refreshJobs.idle();
  expect(jobId).not.toBe('');
});
afterAll(async () => {
  await refreshJobs.idle();
  await t.close();
});

const system = () => ({ database: t.database, actor: systemActor, now: () => new Date() });
const s = `/strategier/${ballerupId}`;
const classification = (): Record<string, Entry> => ({
  'GET /assets/dkfds/*': { url: '/assets/dkfds/css/dkfds.min.css', access: { kind: 'public', status: 200 } },
  'GET /assets/app/*': { url: '/assets/app/app.css', access: { kind: 'public', status: 200 } },
  'GET /': { url: '/', access: { kind: 'public', status: 200 } },
  'GET /strategier/:id': { url: s, access: { kind: 'public', status: 200 } },
  'GET /strategier/:id/omraader/:areaId': {
    url: `${s}/omraader/beskaeftigelse`,
    access: { kind: 'public', status: 200 },
  },
  'GET /strategier/:id/indikatorer/:indicatorId': {
    url: `${s}/indikatorer/${indicatorId}`,
    access: { kind: 'public', status: 200 },
  },
  'GET /strategier/:id/versioner': { url: `${s}/versioner`, access: { kind: 'public', status: 200 } },
  'GET /tilgaengelighed': { url: '/tilgaengelighed', access: { kind: 'public', status: 200 } },
  'GET /api/v1/strategies': { url: '/api/v1/strategies', access: { kind: 'public', status: 200 } },
  'GET /api/v1/strategies/:id': {
    url: `/api/v1/strategies/${ballerupId}`,
    access: { kind: 'public', status: 200 },
  },
  'GET /api/v1/strategies/:id/versions': {
    url: `/api/v1/strategies/${ballerupId}/versions`,
    access: { kind: 'public', status: 200 },
  },
  // Figures and method (other work in progress): public, the same for everyone.
  'GET /befolkning': { url: '/befolkning', access: { kind: 'public' } },
  'GET /befolkning.csv': { url: '/befolkning.csv', access: { kind: 'public' } },
  'GET /api/v1/population': { url: '/api/v1/population', access: { kind: 'public' } },
  'GET /api/v1/indicators/:id/observations': {
    url: `/api/v1/indicators/${indicatorId}/observations`,
    access: { kind: 'public' },
  },
  'GET /api/v1/indicators/:id/assessment': {
    url: `/api/v1/indicators/${indicatorId}/assessment`,
    access: { kind: 'public' },
  },
  'GET /api/v1/indicators/:id/jsonstat': {
    url: `/api/v1/indicators/${indicatorId}/jsonstat`,
    access: { kind: 'public' },
  },
  'GET /indikatorer/:id.csv': { url: `/indikatorer/${indicatorId}.csv`, access: { kind: 'public' } },
  'GET /indikatorer/:id.xlsx': { url: `/indikatorer/${indicatorId}.xlsx`, access: { kind: 'public' } },
  'GET /metode': { url: '/metode', access: { kind: 'public' } },
  // A survey respondent's personal link: an unknown one answers the same 404 to everyone, whoever is logged in
  // (survey-answer.test.ts covers real links).
  'GET /svar/:token': { url: `/svar/${'A'.repeat(43)}`, access: { kind: 'public', status: 404 } },
  'POST /svar/:token': { url: `/svar/${'A'.repeat(43)}`, access: { kind: 'public', status: 404 } },
  // Logging in and out.
  'GET /log-ind': { url: '/log-ind', access: { kind: 'public', status: 200 } },
  'POST /log-ind': {
    url: '/log-ind',
    access: { kind: 'login post' },
    body: () => ({ email: 'login-target@ballerup.dk', password: testPassword }),
  },
  'POST /log-ud': { url: '/log-ud', access: { kind: 'logout' } },
  // Single sign-on is not configured here: its routes answer 404 for everyone (oidc.test.ts covers them).
  'GET /log-ind/oidc': { url: '/log-ind/oidc', access: { kind: 'public', status: 404 } },
  'GET /log-ind/oidc/callback': {
    url: '/log-ind/oidc/callback?code=x&state=y',
    access: { kind: 'public', status: 404 },
  },
  // Administration.
  'GET /admin/brugere': { url: '/admin/brugere', access: { kind: 'admin page' } },
  'POST /admin/brugere': {
    url: '/admin/brugere',
    access: { kind: 'admin post' },
    body: () => ({
      email: `matrix-${++made}@ballerup.dk`,
      displayName: 'Matrix',
      role: 'reader',
      password: testPassword,
    }),
  },
  'GET /admin/brugere/:userId': { url: `/admin/brugere/${victimId}`, access: { kind: 'admin page' } },
  'POST /admin/brugere/:userId/deaktiver': {
    url: `/admin/brugere/${victimId}/deaktiver`,
    access: { kind: 'admin post' },
  },
  'POST /admin/brugere/:userId/adgang': {
    url: `/admin/brugere/${victimId}/adgang`,
    access: { kind: 'admin post' },
    body: () => ({ role: 'reader' }),
  },
  'POST /admin/brugere/:userId/adgangskode': {
    url: `/admin/brugere/${victimId}/adgangskode`,
    access: { kind: 'admin post' },
    body: () => ({ password: 'en-anden-lang-adgangskode' }),
  },
  'GET /admin/log': { url: '/admin/log', access: { kind: 'admin page' } },
  'GET /admin/log.csv': { url: '/admin/log.csv', access: { kind: 'admin page' } },
  // Loading figures from files: administrators only (observations.import is not scoped to an area).
  'GET /admin/indlaes': { url: '/admin/indlaes', access: { kind: 'admin page' } },
  'GET /admin/indlaes/skabelon': {
    url: `/admin/indlaes/skabelon?indikator=${ballerupId}/${indicatorId}&format=csv`,
    access: { kind: 'admin page' },
  },
  'POST /admin/indlaes': {
    url: '/admin/indlaes',
    access: { kind: 'admin upload' },
    body: () => ({ indikator: `${ballerupId}/${indicatorId}` }),
  },
  // A StatBank import job's page and status: as the upload, administrators only.
  'GET /admin/indlaes/job/:id': { url: `/admin/indlaes/job/${jobId}`, access: { kind: 'admin page' } },
  'GET /admin/indlaes/job/:id/status': {
    url: `/admin/indlaes/job/${jobId}/status`,
    access: { kind: 'admin page' },
  },
  'POST /admin/indlaes/statbank': {
    url: '/admin/indlaes/statbank',
    access: { kind: 'admin upload' },
    body: () => ({ tabel: 'FOLK1E' }),
  },
  // The data status: public; the refresh and its page are for administrators.
  'GET /datastatus': { url: '/datastatus', access: { kind: 'public', status: 200 } },
  'GET /strategier/:id/datastatus': { url: `${s}/datastatus`, access: { kind: 'public', status: 200 } },
  'POST /datastatus/opdater': { url: '/datastatus/opdater', access: { kind: 'admin action' } },
  'GET /datastatus/opdatering/:id': {
    url: `/datastatus/opdatering/${refreshJobId}`,
    access: { kind: 'admin page' },
  },
  'GET /datastatus/opdatering/:id/status': {
    url: `/datastatus/opdatering/${refreshJobId}/status`,
    access: { kind: 'admin page' },
  },
  // Area notes: staff read; the lead centre's editor (A) and administrators write.
  'GET /strategier/:id/omraader/:areaId/noter': {
    url: `${s}/omraader/beskaeftigelse/noter`,
    access: { kind: 'staff page' },
  },
  'POST /strategier/:id/omraader/:areaId/noter': {
    url: `${s}/omraader/beskaeftigelse/noter`,
    access: { kind: 'area post' },
    body: () => ({ body: 'En note fra matrixtesten' }),
  },
  // Interventions: public to read; the area's editor (A) and administrators add, edit, archive and note.
  'GET /strategier/:id/indsatser': { url: `${s}/indsatser`, access: { kind: 'public', status: 200 } },
  'GET /strategier/:id/indsatser/:interventionId': {
    url: `${s}/indsatser/${editTarget}`,
    access: { kind: 'public', status: 200 },
  },
  'GET /strategier/:id/omraader/:areaId/indsatser/ny': {
    url: `${s}/omraader/beskaeftigelse/indsatser/ny`,
    access: { kind: 'area page' },
  },
  'POST /strategier/:id/omraader/:areaId/indsatser/ny': {
    url: `${s}/omraader/beskaeftigelse/indsatser/ny`,
    access: { kind: 'area post' },
    body: () => interventionForm(`Matrixindsats ${++made}`),
  },
  'GET /strategier/:id/indsatser/:interventionId/rediger': {
    url: `${s}/indsatser/${editTarget}/rediger`,
    access: { kind: 'area page' },
  },
  'POST /strategier/:id/indsatser/:interventionId/rediger': {
    url: `${s}/indsatser/${editTarget}/rediger`,
    access: { kind: 'area post' },
    // The revision the form was opened at: each accepted edit moves it on.
    body: async () => ({
      ...interventionForm(`Rettet ${++made}`),
      revision: String((await getIntervention(t.database, ballerupId, editTarget))?.intervention.revision),
    }),
  },
  'POST /strategier/:id/indsatser/:interventionId/noter': {
    url: `${s}/indsatser/${editTarget}/noter`,
    access: { kind: 'area post' },
    body: () => ({ notedOn: '2022-05-01', body: 'Statusnote fra matrixtesten' }),
  },
  'GET /strategier/:id/indsatser/:interventionId/arkiver': {
    url: `${s}/indsatser/unge-i-fritidsjobs/arkiver`,
    access: { kind: 'area page' },
  },
  'POST /strategier/:id/indsatser/:interventionId/arkiver': {
    url: `${s}/indsatser/unge-i-fritidsjobs/arkiver`,
    access: { kind: 'area action' },
  },
  // Follow-up rounds: staff read; administrators open and close; the area's editor writes its note.
  'GET /strategier/:id/opfoelgning': { url: `${s}/opfoelgning`, access: { kind: 'staff page' } },
  'POST /strategier/:id/opfoelgning': {
    url: `${s}/opfoelgning`,
    access: { kind: 'admin action' },
    body: () => ({ title: `Runde ${++made}`, deadline: '2030-06-30' }),
  },
  'GET /strategier/:id/opfoelgning/:roundId': {
    url: `${s}/opfoelgning/${openRoundId}`,
    access: { kind: 'staff page' },
  },
  'POST /strategier/:id/opfoelgning/:roundId/rediger': {
    url: `${s}/opfoelgning/${openRoundId}/rediger`,
    access: { kind: 'admin action' },
    body: () => ({ title: 'Matrixrunde', deadline: '2030-01-31' }),
  },
  'GET /strategier/:id/opfoelgning/:roundId/luk': {
    url: `${s}/opfoelgning/${openRoundId}/luk`,
    access: { kind: 'admin page' },
  },
  'POST /strategier/:id/opfoelgning/:roundId/luk': {
    url: `${s}/opfoelgning/${closingRoundId}/luk`,
    access: { kind: 'admin action' },
    body: () => ({ confirm: 'ja' }),
  },
  'GET /strategier/:id/opfoelgning/:roundId/omraader/:areaId': {
    url: `${s}/opfoelgning/${openRoundId}/omraader/beskaeftigelse`,
    access: { kind: 'staff page' },
  },
  'POST /strategier/:id/opfoelgning/:roundId/omraader/:areaId': {
    url: `${s}/opfoelgning/${openRoundId}/omraader/beskaeftigelse`,
    access: { kind: 'area post' },
    body: () => ({ status: 'on-track', body: 'Statusnote fra matrixtesten' }),
  },
  // Evaluations: staff read; administrators open, freeze and decide; the area's editor (A) and administrators
  // write the assessment, and only the lead centre's editor (A) signs it off. The public gets a decided
  // round's PDF (made once and kept); every other round and format is not found for them.
  'GET /evalueringer': { url: '/evalueringer', access: { kind: 'staff page' } },
  'POST /evalueringer': {
    url: '/evalueringer',
    access: { kind: 'admin action' },
    body: () => ({ name: `Evaluering ${++made}`, from: '2021-01-01', to: '2023-12-31' }),
  },
  'GET /evalueringer/:roundId': { url: `/evalueringer/${evaluation.draft}`, access: { kind: 'staff page' } },
  'POST /evalueringer/:roundId/omraader/:areaId': {
    url: `/evalueringer/${evaluation.draft}/omraader/beskaeftigelse`,
    access: { kind: 'area action' },
    body: () => ({ assessment: 'Vurdering fra matrixtesten', adjustments: '' }),
  },
  'POST /evalueringer/:roundId/omraader/:areaId/godkend': {
    url: `/evalueringer/${evaluation.draft}/omraader/beskaeftigelse/godkend`,
    access: { kind: 'sign-off action' },
  },
  'GET /evalueringer/:roundId/frys': {
    url: `/evalueringer/${evaluation.draft}/frys`,
    access: { kind: 'admin page' },
  },
  'POST /evalueringer/:roundId/frys': {
    url: `/evalueringer/${evaluation.freezing}/frys`,
    access: { kind: 'admin action' },
    body: () => ({ confirm: 'ja' }),
  },
  'POST /evalueringer/:roundId/beslutning': {
    url: `/evalueringer/${evaluation.frozen}/beslutning`,
    access: { kind: 'admin action' },
    body: () => ({ decisionDate: '2024-03-15', decisionText: 'Godkendt i matrixtesten.' }),
  },
  // The revised strategy after a decision: sent here without a file, the administrator gets the form back (400).
  'POST /evalueringer/:roundId/revision': {
    url: `/evalueringer/${evaluation.decided}/revision`,
    access: { kind: 'admin action', status: 400 },
  },
  // Keeping today's report content: this round's report needs none, so the administrator is told (409).
  'POST /evalueringer/:roundId/rapport-indhold': {
    url: `/evalueringer/${evaluation.decided}/rapport-indhold`,
    access: { kind: 'admin action', status: 409 },
  },
  'GET /evalueringer/:roundId/rapport.:format': {
    url: `/evalueringer/${evaluation.decided}/rapport.pdf`,
    access: { kind: 'public', status: 200 },
  },
  // Surveys: staff read the questionnaires, and rounds with their response rates — an editor only a round about
  // a focus area of theirs (FVU feeds Demokratisk dannelse, neither A's nor B's; the housing round B's);
  // administrators open, send, mark bounces, load recipients and close. Mail is off here, so a send lists who is
  // due and sends nothing.
  'GET /undersoegelser': { url: '/undersoegelser', access: { kind: 'staff page' } },
  'POST /undersoegelser': {
    url: '/undersoegelser',
    access: { kind: 'admin action' },
    body: () => ({ questionnaire: 'fvu-sprogtilbud', opens: '2026-01-01', closes: '2099-12-31' }),
  },
  'GET /undersoegelser/skemaer/:qid': {
    url: '/undersoegelser/skemaer/fvu-sprogtilbud',
    access: { kind: 'staff page' },
  },
  // The questionnaire editor and moving a round to a newer version: administrators only. The editor's text
  // is the bundled file (version 1's content, so nothing new is stored, and the answer is the page again).
  'GET /undersoegelser/skemaer/:qid/rediger': {
    url: '/undersoegelser/skemaer/fvu-sprogtilbud/rediger',
    access: { kind: 'admin page' },
  },
  'POST /undersoegelser/skemaer/:qid/rediger': {
    url: '/undersoegelser/skemaer/fvu-sprogtilbud/rediger',
    access: { kind: 'admin post' },
    body: async () => ({
      definition: await readFile(path.join(repoRoot, 'surveys', 'fvu-sprogtilbud.json'), 'utf8'),
      handling: 'gem',
    }),
  },
  'POST /undersoegelser/runder/:roundId/version': {
    url: `/undersoegelser/runder/${survey.moving}/version`,
    access: { kind: 'admin action' },
    body: () => ({ version: '2' }),
  },
  'GET /undersoegelser/runder/:roundId': {
    url: `/undersoegelser/runder/${survey.round}`,
    access: { kind: 'survey page', editors: [] },
  },
  'POST /undersoegelser/runder/:roundId/send': {
    url: `/undersoegelser/runder/${survey.round}/send`,
    access: { kind: 'admin action' },
    body: () => ({ mode: 'invitations' }),
  },
  'GET /undersoegelser/runder/:roundId/udsendelse': {
    url: `/undersoegelser/runder/${survey.round}/udsendelse`,
    access: { kind: 'admin page' },
  },
  'POST /undersoegelser/runder/:roundId/afvist': {
    url: `/undersoegelser/runder/${survey.round}/afvist`,
    access: { kind: 'admin action' },
    body: () => ({ recipient: survey.recipient }),
  },
  'GET /undersoegelser/runder/:roundId/luk': {
    url: `/undersoegelser/runder/${survey.round}/luk`,
    access: { kind: 'admin page' },
  },
  'POST /undersoegelser/runder/:roundId/luk': {
    url: `/undersoegelser/runder/${survey.closing}/luk`,
    access: { kind: 'admin action' },
    body: () => ({ confirm: 'ja' }),
  },
  'POST /undersoegelser/runder/:roundId/modtagere': {
    url: `/undersoegelser/runder/${survey.round}/modtagere`,
    access: { kind: 'admin upload' },
  },
  // Finishing a round: publishing a closed round after its confirmation page, and the raw answers (personal
  // data) for administrators alone.
  'GET /undersoegelser/runder/:roundId/offentliggoer': {
    url: `/undersoegelser/runder/${survey.closed}/offentliggoer`,
    access: { kind: 'admin page' },
  },
  'POST /undersoegelser/runder/:roundId/offentliggoer': {
    url: `/undersoegelser/runder/${survey.publishing}/offentliggoer`,
    access: { kind: 'admin action' },
    body: () => ({ confirm: 'ja' }),
  },
  'GET /undersoegelser/runder/:roundId/links': {
    url: `/undersoegelser/runder/${survey.round}/links`,
    access: { kind: 'admin page' },
  },
  'POST /undersoegelser/runder/:roundId/links': {
    url: `/undersoegelser/runder/${survey.round}/links`,
    access: { kind: 'admin action', status: 200 },
    // A list is made once per confirmation page: each post carries a value that page offered.
    body: async () => ({ hvem: 'uden', liste: await offerLinkList(system(), survey.round) }),
  },
  'GET /undersoegelser/runder/:roundId/svar.csv': {
    url: `/undersoegelser/runder/${survey.round}/svar.csv`,
    access: { kind: 'admin page' },
  },
  'GET /undersoegelser/runder/:roundId/svar.xlsx': {
    url: `/undersoegelser/runder/${survey.round}/svar.xlsx`,
    access: { kind: 'admin page' },
  },
});

function interventionForm(title: string): Record<string, string> {
  return {
    title,
    description: '',
    status: 'ongoing',
    leadCentre: 'center-for-arbejdsmarked',
    startsOn: '2022-01-01',
    endsOn: '2023-12-31',
    indicatorIds: indicatorId,
  };
}

/** Who is authorised by the route's class (for the count of unauthorised successes). */
function authorised(access: Kind): readonly Who[] {
  switch (access.kind) {
    case 'admin page':
    case 'admin post':
    case 'admin upload':
    case 'admin action':
      return ['admin'];
    case 'staff page':
      return loggedIn;
    case 'area post':
    case 'area page':
    case 'area action':
      return ['editor of A', 'admin'];
    case 'sign-off action':
      return ['editor of A'];
    case 'survey page':
      return ['reader', ...access.editors, 'admin'];
    default:
      return everyone;
  }
}

function expected(access: Kind, who: Who, publicStatus: number): number {
  const allowed = authorised(access).includes(who);
  switch (access.kind) {
    case 'public':
      return access.status ?? publicStatus;
    case 'admin page':
    case 'staff page':
    case 'area page':
    case 'survey page':
      return who === 'anonymous' ? 303 : allowed ? 200 : 403;
    case 'admin action':
      return who === 'anonymous' ? 303 : allowed ? (access.status ?? 303) : 403;
    case 'area action':
    case 'sign-off action':
      return who === 'anonymous' || allowed ? 303 : 403;
    case 'admin post':
    case 'area post':
      return who === 'anonymous' ? 401 : allowed ? 303 : 403;
    case 'admin upload':
      return who === 'anonymous' ? 401 : allowed ? 400 : 403;
    case 'login post':
    case 'logout':
      return 303;
  }
}

const emails: Record<Exclude<Who, 'anonymous'>, string> = {
  reader: 'reader@ballerup.dk',
  'editor of A': 'a@ballerup.dk',
  'editor of B': 'b@ballerup.dk',
  admin: 'admin@ballerup.dk',
};

async function browserFor(who: Who): Promise<Browser> {
  const b = new Browser(t.app);
  if (who === 'anonymous')
    await b.get('/log-ind'); // a form cookie and its token, as a real visitor has
  else expect((await b.login(emails[who])).statusCode).toBe(303);
  return b;
}

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

describe('route × role matrix', () => {
  it('has classified every registered route, and classifies no route that is gone', () => {
    const table = classification();
    const routes = new Set(registered.filter((r) => r.method !== 'HEAD').map(key));
    expect(
      [...routes].filter((r) => !(r in table)),
      'routes nobody has classified',
    ).toEqual([]);
    expect(
      Object.keys(table).filter((k) => !routes.has(k)),
      'classified routes that no longer exist',
    ).toEqual([]);
    // Every GET also answers HEAD; those are checked with their GET.
    for (const r of registered.filter((x) => x.method === 'HEAD'))
      expect(routes.has(`GET ${r.url}`), `HEAD ${r.url} without GET`).toBe(true);
  });

  it('gives every kind of visitor the expected status on every route and method', async () => {
    const table = classification();
    const failures: string[] = [];
    let combinations = 0;
    let unauthorisedSuccesses = 0;
    const browsers = new Map<Who, Browser>();
    for (const who of everyone) browsers.set(who, await browserFor(who));
    for (const r of registered) {
      const entry = table[key({ method: r.method === 'HEAD' ? 'GET' : r.method, url: r.url })];
      if (!entry) continue; // reported by the test above
      let publicStatus = 0;
      for (const who of everyone) {
        // A login or logout changes the session: give those a browser of their own.
        const own = entry.access.kind === 'login post' || entry.access.kind === 'logout';
        const b = own ? await browserFor(who) : (browsers.get(who) as Browser);
        const res =
          r.method === 'POST'
            ? await b.post(entry.url, { _csrf: b.token, ...((await entry.body?.()) ?? {}) })
            : await t.app.inject({
                method: r.method as 'GET' | 'HEAD',
                url: entry.url,
                headers: {
                  cookie: Object.entries(b.jar)
                    .map(([k, v]) => `${k}=${v}`)
                    .join('; '),
                },
              });
        if (who === 'anonymous') publicStatus = res.statusCode;
        const want = expected(entry.access, who, publicStatus);
        combinations++;
        const location = String(res.headers.location ?? '');
        const success = res.statusCode < 300 || (res.statusCode === 303 && !location.startsWith('/log-ind'));
        if (success && !authorised(entry.access).includes(who)) unauthorisedSuccesses++;
        if (res.statusCode !== want)
          failures.push(`${r.method} ${entry.url} as ${who}: ${res.statusCode}, expected ${want}`);
        if (
          want === 303 &&
          who === 'anonymous' &&
          (entry.access.kind.endsWith('page') || entry.access.kind.endsWith('action')) &&
          !location.startsWith('/log-ind?next=')
        )
          failures.push(
            `${r.method} ${entry.url} as ${who}: sent to ${location || 'nowhere'}, not to the login page`,
          );
        if (
          entry.access.kind === 'public' &&
          (res.statusCode === 401 || res.statusCode === 403 || res.statusCode >= 500)
        )
          failures.push(`${r.method} ${entry.url} as ${who}: a public route answered ${res.statusCode}`);
      }
    }
    // Methods nobody registered are not found, whoever asks.
    const paths = [...new Set(Object.values(table).map((e) => e.url))];
    for (const url of paths)
      for (const method of ['PUT', 'PATCH', 'DELETE'] as const)
        for (const who of everyone) {
          const b = browsers.get(who) as Browser;
          // With a valid form token, so it is the router that answers, not the form check.
          const res = await t.app.inject({
            method,
            url,
            headers: {
              cookie: Object.entries(b.jar)
                .map(([k, v]) => `${k}=${v}`)
                .join('; '),
              'content-type': 'application/x-www-form-urlencoded',
            },
            payload: new URLSearchParams({ _csrf: b.token }).toString(),
          });
          combinations++;
          if (res.statusCode < 400) unauthorisedSuccesses++;
          if (res.statusCode !== 404)
            failures.push(`${method} ${url} as ${who}: ${res.statusCode}, expected 404`);
        }
    console.log(
      `route matrix: ${combinations} combinations covered, ${unauthorisedSuccesses} unauthorised successes`,
    );
    expect(failures).toEqual([]);
    expect(unauthorisedSuccesses).toBe(0);
  }, 120_000);
});

describe('a survey round about one editor’s focus area', () => {
  it('is read by that editor, readers and administrators, and refused to the other editor', async () => {
    const access: Kind = { kind: 'survey page', editors: ['editor of B'] };
    const url = `/undersoegelser/runder/${survey.housing}`;
    const failures: string[] = [];
    for (const who of everyone) {
      const b = await browserFor(who);
      for (const path of [url, '/undersoegelser']) {
        const res = await b.get(path);
        const want = path === url ? expected(access, who, 0) : who === 'anonymous' ? 303 : 200;
        if (res.statusCode !== want)
          failures.push(`GET ${path} as ${who}: ${res.statusCode}, expected ${want}`);
        const listed = res.body.includes(`href="${url}"`);
        if (path === '/undersoegelser' && want === 200 && listed !== authorised(access).includes(who))
          failures.push(`the list ${listed ? 'shows' : 'leaves out'} the round as ${who}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

describe('headers and form tokens on every route', () => {
  it('sends CSP (frame-ancestors none), nosniff and HSTS on every answer, and refuses every POST without its token', async () => {
    const table = classification();
    const failures: string[] = [];
    let checked = 0;
    const admin = await browserFor('admin');
    const anonymous = await browserFor('anonymous');
    for (const r of registered) {
      const entry = table[key({ method: r.method === 'HEAD' ? 'GET' : r.method, url: r.url })];
      if (!entry) continue;
      for (const b of [anonymous, admin]) {
        const cookie = Object.entries(b.jar)
          .map(([k, v]) => `${k}=${v}`)
          .join('; ');
        // A POST is sent without its form token: it must be refused, with the same headers.
        const res =
          r.method === 'POST'
            ? await t.app.inject({
                method: 'POST',
                url: entry.url,
                headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
                payload: new URLSearchParams((await entry.body?.()) ?? {}).toString(),
              })
            : await t.app.inject({ method: r.method as 'GET' | 'HEAD', url: entry.url, headers: { cookie } });
        checked++;
        const h = res.headers;
        const where = `${r.method} ${entry.url} (${b === admin ? 'admin' : 'anonymous'})`;
        if (!String(h['content-security-policy']).includes("frame-ancestors 'none'"))
          failures.push(`${where}: no CSP frame-ancestors`);
        if (String(h['content-security-policy']).includes('unsafe-inline'))
          failures.push(`${where}: CSP allows inline`);
        if (h['x-content-type-options'] !== 'nosniff') failures.push(`${where}: no nosniff`);
        if (!/max-age=\d+/.test(String(h['strict-transport-security']))) failures.push(`${where}: no HSTS`);
        if (r.method === 'POST' && res.statusCode !== 403)
          failures.push(`${where}: POST without a form token got ${res.statusCode}`);
      }
    }
    console.log(`headers and form tokens: ${checked} routes checked, ${failures.length} failures`);
    expect(failures).toEqual([]);
  }, 120_000);
});
