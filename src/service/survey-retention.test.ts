// Raw answers out and away, on both databases: the XLSX export of a round read back with exceljs, refused for an
// unknown round; retention deleting exactly a published round's answers, delivery log and recipients' names,
// e-mail addresses and links once it is past SURVEY_RETENTION_DAYS (a dry run first, deleting nothing), keeping
// its published figures, the organisations' rows and every other round; audited with the counts; an
// unpublished or unknown round refused; the delivery log still append-only for every other round.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { foreningAnswers, runPublishedRound } from '../../test/support/survey-round.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { listRecipients } from '../store/survey-store.ts';
import { ConflictError, ForbiddenError, NotFoundError } from './errors.ts';
import { evaluationPins } from './evaluation-pins.ts';
import { freezeEvaluation, openEvaluation } from './evaluations.ts';
import { indicatorView } from './indicators.ts';
import { getStrategy, loadDefinitionFile } from './strategies.ts';
import { purgeExpiredSurveys, purgeSurveyRound } from './survey-retention.ts';
import {
  closeSurveyRound,
  exportAnswers,
  exportAnswersXlsx,
  importRecipients,
  openSurveyRound,
  recordDelivery,
  type PublishOutcome,
} from './surveys.ts';

const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const reader: Actor = { kind: 'user', id: 'oeu@ballerup.dk', roles: ['reader'], origin: '10.0.0.2' };
const BOARDS = 'bestyrelses-og-foreningsdemokrati';

describe.each(testDatabases)('survey answers export and retention on $name', ({ open }) => {
  let database: Database;
  let published: PublishOutcome;
  let closedRound: string;
  let clock = new Date('2025-04-10T09:00:00Z');
  const ctx = (actor: Actor = admin) => ({ database, actor, now: () => clock });
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    (await query.execute(database.db)).rows[0]?.n;

  beforeAll(async () => {
    database = await open();
    await loadDefinitionFile(ctx(cliActor('tester')), ballerupFile);
    // Published 31 March 2025: three associations answer, one does not.
    published = await runPublishedRound(database, {
      questionnaire: 'foreningsdemokrati',
      name: 'Foreningsdemokrati 2024',
      period: '2024',
      organisations: [
        { name: '=Ballerup Idrætsforening', pages: foreningAnswers(7, 2) },
        { name: 'Skovlunde Kulturhus', pages: foreningAnswers(5, 0) },
        { name: 'Måløv Boldklub', pages: foreningAnswers(9, 3) },
        { name: 'Ballerup Sejlklub' },
      ],
    });
    const recipients = await listRecipients(database.db, published.round.id);
    await recordDelivery(ctx(), recipients[0]?.id ?? '', { kind: 'invitation', status: 'sent' });
    await recordDelivery(ctx(), recipients[3]?.id ?? '', {
      kind: 'reminder',
      status: 'failed',
      error: '550 sejlklub@example.dk: no such mailbox',
      bounced: true,
    });
    // The send job that mailed it keeps the server's reason too, until the purge.
    const job = await sql<{ id: string }>`insert into survey_send_job (round_id, mode, state, requested_by,
        requested_at, finished_at, failed)
      values (${published.round.id}, 'reminders', 'done', 'admin@ballerup.dk', now(), now(), 1)
      returning id::text as id`.execute(database.db);
    await sql`insert into survey_send_job_item (job_id, recipient_id, kind, state, reason, at)
      values (${job.rows[0]?.id}, ${recipients[3]?.id}, 'reminder', 'failed',
        '550 sejlklub@example.dk: no such mailbox', now())`.execute(database.db);
    // A round closed but never published: its answers are never purged.
    const other = await openSurveyRound(ctx(), {
      questionnaire: 'fvu-sprogtilbud',
      opens: '2025-04-01',
      closes: '2025-04-30',
      period: '2025',
    });
    await importRecipients(
      ctx(),
      other.round.id,
      Buffer.from('organisation;type;område;kontaktperson;e-mail\r\nVUC;udbyder;151;Ane;ane@vuc.dk\r\n'),
      'modtagere.csv',
    );
    await closeSurveyRound(ctx(), other.round.id);
    closedRound = other.round.id;
  }, 180_000);
  afterAll(async () => database?.close());

  it('exports the raw answers as XLSX, read back with exceljs; an unknown round and a reader are refused', async () => {
    const bytes = await exportAnswersXlsx(ctx(), published.round.id);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('svar');
    const rows = (sheet?.getSheetValues() ?? []).slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]?.slice(0, 9)).toEqual([
      'organisation',
      'type',
      'omraade',
      'kontaktperson',
      'e-mail',
      'status',
      'indsendt',
      'bestyrelsesmedlemmer',
      'kender-baggrund',
    ]);
    expect(rows).toHaveLength(5);
    // An organisation written like a formula stays text; numbers stay numbers; yes/no is "ja"/"nej".
    const first = rows.find((r) => r[0] === '=Ballerup Idrætsforening');
    expect(first?.slice(0, 6)).toEqual([
      '=Ballerup Idrætsforening',
      'forening',
      '151',
      'Kontakt 1',
      'kontakt1@example.dk',
      'indsendt',
    ]);
    expect(first?.[6]).toBeInstanceOf(Date);
    expect(first?.slice(7, 11)).toEqual([7, 'ja', 'ja', 2]);
    expect(sheet?.getCell('A2').formula).toBeUndefined();
    expect(rows.find((r) => r[0] === 'Ballerup Sejlklub')?.[5]).toBe('ikke besvaret');
    const questions = book.getWorksheet('spoergsmaal');
    expect(questions?.getRow(2).values).toEqual([undefined, 'bestyrelsesmedlemmer', 1, expect.any(String)]);

    await expect(exportAnswersXlsx(ctx(), '999')).rejects.toThrow('survey round "999" not found');
    await expect(exportAnswersXlsx(ctx(), 'x')).rejects.toThrow(NotFoundError);
    await expect(exportAnswersXlsx(ctx(reader), published.round.id)).rejects.toThrow(ForbiddenError);
    const exported = (await listAudit(database.db, 20)).find((e) => e.action === 'survey.export');
    expect(exported).toMatchObject({ subjectId: published.round.id, after: { rows: 4, format: 'xlsx' } });
  });

  it('pins the survey round’s batch when an evaluation is frozen, with the round in its provenance', async () => {
    const round = await openEvaluation(ctx(), 'ballerup-integrationsstrategi-2021-2023', {
      name: 'Evaluering 2024',
      from: '2021-09-01',
      to: '2024-12-31',
    });
    await freezeEvaluation(ctx(), round.id);
    const pins = await evaluationPins(database, round.id);
    expect(pins.find((p) => p.series === BOARDS)?.batches).toEqual([
      expect.objectContaining({ id: published.batchId, source: 'survey', table: 'foreningsdemokrati' }),
    ]);
  });

  it('refuses to purge an unknown or an unpublished round, deleting nothing', async () => {
    await expect(purgeSurveyRound(ctx(), '999')).rejects.toThrow(NotFoundError);
    await expect(purgeSurveyRound(ctx(), closedRound)).rejects.toThrow(ConflictError);
    await expect(purgeSurveyRound(ctx(), closedRound)).rejects.toThrow(
      `survey round ${closedRound} is closed, not published`,
    );
    await expect(purgeExpiredSurveys(ctx(), { retentionDays: 0 })).rejects.toThrow('at least 1');
    await expect(purgeSurveyRound(ctx(reader), published.round.id)).rejects.toThrow(ForbiddenError);
    expect(await count(sql`select count(*)::int as n from survey_answer`)).toBe(3);
  });

  it('deletes exactly the answers and contact data of a round past the retention, keeping its figures', async () => {
    const answersOf = (round: string) =>
      count(sql`select count(*)::int as n from survey_answer where round_id = ${round}`);
    // Ten days after publishing, nothing is due under a retention of 30 days.
    expect((await purgeExpiredSurveys(ctx(), { retentionDays: 30 })).rounds).toEqual([]);

    clock = new Date('2026-04-01T09:00:00Z');
    const dry = await purgeExpiredSurveys(ctx(), { retentionDays: 365, dryRun: true });
    expect(dry.rounds.map((r) => [r.id, r.counts])).toEqual([
      [published.round.id, { answers: 3, recipients: 4, deliveries: 2 }],
    ]);
    expect(await answersOf(published.round.id)).toBe(3);

    const done = await purgeExpiredSurveys(ctx(), { retentionDays: 365 });
    expect(done.rounds.map((r) => [r.id, r.name, r.counts])).toEqual([
      [published.round.id, 'Foreningsdemokrati 2024', { answers: 3, recipients: 4, deliveries: 2 }],
    ]);
    expect(await answersOf(published.round.id)).toBe(0);
    const people = await sql<{
      organisation: string;
      contact_name: string | null;
      email: string | null;
      token_hash: Buffer | null;
    }>`select organisation, contact_name, email, token_hash from survey_recipient
      where round_id = ${published.round.id} order by id`.execute(database.db);
    expect(people.rows.map((r) => [r.organisation, r.contact_name, r.email, r.token_hash])).toEqual([
      ['=Ballerup Idrætsforening', null, null, null],
      ['Skovlunde Kulturhus', null, null, null],
      ['Måløv Boldklub', null, null, null],
      ['Ballerup Sejlklub', null, null, null],
    ]);
    expect(
      await count(sql`select count(*)::int as n from survey_delivery d join survey_recipient r
        on r.id = d.recipient_id where r.round_id = ${published.round.id}`),
    ).toBe(0);
    expect(
      await count(sql`select count(*)::int as n from survey_send_job_item where reason is not null`),
    ).toBe(0);
    // The other round keeps its recipient and contact data.
    expect(
      await count(sql`select count(*)::int as n from survey_recipient
        where round_id = ${closedRound} and email = 'ane@vuc.dk'`),
    ).toBe(1);
    // The published figures stay, and so does their provenance.
    const strategy = await getStrategy(database, 'ballerup-integrationsstrategi-2021-2023');
    const view = strategy && (await indicatorView(database, strategy.definition, BOARDS, '151'));
    expect(view?.illustrative).toBe(false);
    expect(view?.rows[0]?.target.share).toMatchObject({ kind: 'value', value: 2 / 3 });
    expect(view?.rows[0]?.survey?.target).toMatchObject({ respondents: 3, organisations: 4, responding: 3 });

    const entry = (await listAudit(database.db, 20)).find((e) => e.action === 'survey.purge');
    expect(entry).toMatchObject({
      outcome: 'ok',
      subjectType: 'survey-round',
      subjectId: published.round.id,
      after: {
        round: 'Foreningsdemokrati 2024',
        answers: 3,
        recipients: 4,
        deliveries: 2,
        retentionDays: 365,
      },
    });
    // Not due again, nothing more to delete when named, and the raw answers cannot be exported any more.
    expect((await purgeExpiredSurveys(ctx(), { retentionDays: 365 })).rounds).toEqual([]);
    expect((await purgeSurveyRound(ctx(), published.round.id)).counts).toEqual({
      answers: 0,
      recipients: 0,
      deliveries: 0,
    });
    await expect(exportAnswers(ctx(), published.round.id)).rejects.toThrow(
      /the raw answers of survey round \d+ were deleted on 2026-04-01/,
    );
  }, 120_000);

  it('keeps the delivery log append-only for a round that is not purged', async () => {
    const [recipient] = await listRecipients(database.db, closedRound);
    await recordDelivery(ctx(), recipient?.id ?? '', { kind: 'invitation', status: 'sent' });
    await expect(
      sql`delete from survey_delivery where recipient_id = ${recipient?.id ?? ''}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`update survey_delivery set status = 'sent' where recipient_id = ${recipient?.id ?? ''}`.execute(
        database.db,
      ),
    ).rejects.toThrow(/append-only/);
  });
});
