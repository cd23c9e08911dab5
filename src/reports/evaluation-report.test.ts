// The evaluation report end to end: the bundled strategy with its bundled figures, a round with one area
// assessed and one not, frozen; the report's content hash kept at the freeze and unchanged after newer figures
// and a revision of a pinned one are imported; the HTML's structure (language, title, headings in order, every
// chart with its text alternative and table, disclosure markers as on the pages); the PDF tagged, in Danish,
// with page numbers, every chart one Figure with its /Alt, passing the structure checks of PDF/UA that a program
// can make, byte-identical when printed twice; Chromium missing
// or hanging refused within the time set.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { structureCounts } from '../../test/support/pdf-objects.ts';
import { readPdfStructure } from '../../test/support/pdf-structure.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import { chromiumSettings } from '../platform/chromium.ts';
import { seedBundledDataset } from '../service/bundled-dataset.ts';
import { evaluationData, getEvaluation, openEvaluation, writeAssessment } from '../service/evaluations.ts';
import { currentObservations, importObservations } from '../service/observations.ts';
import { loadDefinitionFile } from '../service/strategies.ts';
import type { Database } from '../store/database.ts';
import { reportPresenter } from '../web/report-presenter.ts';
import { buildReportModel, reportContentHash } from './evaluation-model.ts';
import {
  freezeWithReport,
  keepTodaysReport,
  produceReportDocx,
  produceReportHtml,
  produceReportPdf,
  ReportChangedError,
  reportComparison,
  type PresenterFor,
} from './evaluation-report.ts';
import { renderReportHtml } from './evaluation-html.ts';
import { readReportContent, reportContentOf } from './report-content.ts';
import { ConflictError } from '../service/errors.ts';
import { listAudit } from '../store/audit-store.ts';
import { PdfRendererError, printPdf } from './pdf.ts';

const strategy = 'ballerup-integrationsstrategi-2021-2023';
const presenterFor: PresenterFor = (m) => reportPresenter(m.municipality, m.strategyPeriod);
const schools: Actor = {
  kind: 'user',
  id: 'sik@ballerup.dk',
  roles: ['editor'],
  centres: ['center-for-skoler-institutioner-og-kultur'],
  origin: '10.0.0.4',
};

describe.each(testDatabases)('the evaluation report on $name', ({ name, open }) => {
  let database: Database;
  let clock = new Date('2026-05-01T09:00:00Z');
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => clock });
  let roundId: string;
  let frozenHash: string;
  let firstHtml: string;

  beforeAll(async () => {
    database = await open();
    await loadDefinitionFile(ctx(), ballerupFile);
    await seedBundledDataset(database);
    const round = await openEvaluation(ctx(), strategy, {
      name: 'Evaluering 2021–2023',
      from: '2021-01-01',
      to: '2023-12-31',
    });
    roundId = round.id;
    await writeAssessment({ database, actor: schools, now: () => clock }, roundId, 'uddannelse', {
      assessment: 'Gabet i uddannelse er mindsket.\nDet skyldes især sprogindsatsen.',
      adjustments: 'Flere unge i FGU.',
    });
  }, 240_000);
  afterAll(async () => database.close());

  it('prints a draft as such, and every area and indicator, assessed or not, with or without data', async () => {
    const draft = await produceReportHtml(ctx(), roundId, presenterFor);
    expect(draft.model.draft).toBe(true);
    expect(draft.html).toContain('<p class="draft-mark">Udkast</p>');
    const d = (await evaluationData(database, roundId)).strategy.definition;
    for (const a of d.areas) {
      expect(draft.html).toContain(`<h2 id="area-${a.id}">`);
      for (const i of a.indicators) expect(draft.html).toContain(`<h4 id="ind-${i.id}">`);
    }
    expect(draft.html).toContain('Gabet i uddannelse er mindsket.\nDet skyldes især sprogindsatsen.');
    expect(draft.html).toContain('har endnu ikke skrevet en vurdering');
    // A draft's content is not kept: it may still change.
    expect((await getEvaluation(database, roundId)).round.contentSha256).toBeNull();
  });

  it('keeps the frozen report’s content through newer figures and a revision of a pinned one', async () => {
    clock = new Date('2026-05-02T10:00:00Z');
    const frozen = await freezeWithReport(ctx(), roundId);
    frozenHash = frozen.contentSha256;
    expect((await getEvaluation(database, roundId)).round.contentSha256).toBe(frozenHash);
    const first = await produceReportHtml(ctx(), roundId, presenterFor);
    firstHtml = first.html;
    expect(first.contentSha256).toBe(frozenHash);
    expect(first.html).not.toContain('<p class="draft-mark">');

    // A pinned figure of the first indicator revised, and a later year of it added.
    const data = await evaluationData(database, roundId);
    const view = data.views.find((v) => v.rows.length > 0);
    if (!view) throw new Error('the bundled figures give no indicator rows');
    const stored = await currentObservations(database, { series: view.indicator.id, areas: [data.areaCode] });
    const last = stored.at(-1);
    if (!last) throw new Error('no stored figure');
    const base: Observation = {
      series: last.series,
      area: last.area,
      period: last.period,
      dims: last.dims,
      value: { kind: 'number', value: last.value.kind === 'number' ? last.value.value * 0.5 : 0.1 },
      ...(last.numerator !== undefined && last.denominator !== undefined
        ? { numerator: Math.round(last.numerator / 2), denominator: last.denominator }
        : {}),
      unit: last.unit,
      status: 'final',
      illustrative: false,
    };
    const revised = base;
    const later: Observation = { ...base, period: last.period.replace(/^\d{4}/, '2030') };
    clock = new Date('2026-06-01T09:00:00Z');
    const outcome = await importObservations(
      ctx(),
      { source: 'file', fileName: 'revision.csv', retrievedAt: clock, licence: 'test' },
      [revised, later].map((observation, i) => ({ line: i + 1, observation })),
    );
    expect(outcome.status).toBe('stored');
    const again = await produceReportHtml(ctx(), roundId, presenterFor);
    expect(again.contentSha256).toBe(frozenHash);
    expect(again.html).toBe(first.html);
    // The revision does show in a new draft: the pins, not chance, keep the frozen report.
    const draft = await openEvaluation(ctx(), strategy, { name: 'Ny', from: '2021-01-01', to: '2030-12-31' });
    const draftModel = buildReportModel(await evaluationData(database, draft.id), clock);
    expect(reportContentHash(draftModel)).not.toBe(frozenHash);
  }, 120_000);

  it('reads back as it was built: the same model, the same HTML', async () => {
    const model = buildReportModel(await evaluationData(database, roundId), clock);
    const content = reportContentOf(model);
    const read = readReportContent(content);
    expect(read).toEqual(model);
    // The hash is the one computed before contents were kept (this replacer, as it was), so a round frozen
    // then whose model is unchanged keeps its hash.
    const before = JSON.stringify(model, (_key, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
          )
        : v,
    );
    expect(content.json).toBe(before);
    expect(renderReportHtml(read, presenterFor(read))).toBe(renderReportHtml(model, presenterFor(model)));
  });

  it('produces a frozen report from its kept content when today’s computation differs', async () => {
    const { sql } = await import('kysely');
    const noCharts = { unavailable: 'not drawn in this test' };
    const docxBefore = await produceReportDocx(ctx(), roundId, presenterFor, noCharts);
    // What the computation reads changes under the frozen round (as newer code would compute anew).
    await sql`update evaluation_area set assessment = 'Senere omskrevet.' where round_id = ${roundId}`.execute(
      database.db,
    );
    const again = await produceReportHtml(ctx(), roundId, presenterFor);
    expect(again.contentSha256).toBe(frozenHash);
    expect(again.html).toBe(firstHtml);
    expect(again.recomputedSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(again.recomputedSha256).not.toBe(frozenHash);
    const docxAfter = await produceReportDocx(ctx(), roundId, presenterFor, noCharts);
    expect(Buffer.compare(docxAfter.bytes, docxBefore.bytes)).toBe(0);
    const { round } = await getEvaluation(database, roundId);
    expect(await reportComparison(ctx(), round)).toEqual({
      keptSha256: frozenHash,
      todaySha256: again.recomputedSha256,
      refused: false,
    });
  });

  it('keeps the content of a round frozen before contents were kept once today’s computation gives its hash', async () => {
    const { sql } = await import('kysely');
    const round2 = await openEvaluation(ctx(), strategy, {
      name: 'Før',
      from: '2021-01-01',
      to: '2023-12-31',
    });
    const frozen = await freezeWithReport(ctx(), round2.id);
    // As a round frozen before migration 020: only the hash.
    await sql`update evaluation_round set content_json = null, content_format = null where id = ${round2.id}`.execute(
      database.db,
    );
    expect((await getEvaluation(database, round2.id)).round.contentFormat).toBeNull();
    const produced = await produceReportHtml(ctx(), round2.id, presenterFor);
    expect(produced.contentSha256).toBe(frozen.contentSha256);
    expect(produced.recomputedSha256).toBeUndefined();
    expect((await getEvaluation(database, round2.id)).round).toMatchObject({
      contentFormat: 1,
      contentSha256: frozen.contentSha256,
      contentReplacedSha256: null,
    });
  });

  it('refuses a round frozen before contents were kept whose hash today’s computation does not give, until an administrator keeps today’s', async () => {
    const { sql } = await import('kysely');
    const round3 = await openEvaluation(ctx(), strategy, {
      name: 'Anden',
      from: '2021-01-01',
      to: '2023-12-31',
    });
    const frozen = await freezeWithReport(ctx(), round3.id);
    const old = '0'.repeat(64);
    // As if the hash kept before migration 020 came from other content (code that computed differently).
    await sql`update evaluation_round set content_json = null, content_format = null, content_sha256 = ${old}
      where id = ${round3.id}`.execute(database.db);
    await expect(produceReportHtml(ctx(), round3.id, presenterFor)).rejects.toBeInstanceOf(
      ReportChangedError,
    );
    const before = (await getEvaluation(database, round3.id)).round;
    expect(await reportComparison(ctx(), before)).toEqual({
      keptSha256: old,
      todaySha256: frozen.contentSha256,
      refused: true,
    });
    const kept = await keepTodaysReport(ctx(), round3.id);
    expect(kept).toMatchObject({
      contentSha256: frozen.contentSha256,
      contentReplacedSha256: old,
      contentFormat: 1,
    });
    const produced = await produceReportHtml(ctx(), round3.id, presenterFor);
    expect(produced.contentSha256).toBe(frozen.contentSha256);
    expect(produced.recomputedSha256).toBeUndefined();
    // Once kept, it is not done again; and a round that is fine is not changed.
    await expect(keepTodaysReport(ctx(), round3.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(keepTodaysReport(ctx(), roundId)).rejects.toBeInstanceOf(ConflictError);
    const audit = await listAudit(database.db, 50);
    const entry = audit.find((a) => a.action === 'evaluation.recompute' && a.subjectId === round3.id);
    expect(entry?.before).toEqual({ contentSha256: old });
    expect(entry?.after).toEqual({
      contentSha256: frozen.contentSha256,
      contentFormat: 1,
      replacedSha256: old,
    });
    await expect(produceReportHtml(ctx(), '424242', presenterFor)).rejects.toThrow(
      'evaluation round "424242" not found',
    );
  });

  it.runIf(name === 'pglite')(
    'prints a tagged Danish PDF with page numbers, the same bytes twice',
    async () => {
      const chromium = chromiumSettings({});
      const one = await produceReportPdf(ctx(), roundId, presenterFor, chromium);
      const two = await produceReportPdf(ctx(), roundId, presenterFor, chromium);
      expect(two.sha256).toBe(one.sha256);
      expect(Buffer.compare(one.bytes, two.bytes)).toBe(0);
      const { files } = await getEvaluation(database, roundId);
      expect(files.filter((f) => f.format === 'pdf').map((f) => f.sha256)).toEqual([one.sha256]);

      const dir = mkdtempSync(path.join(tmpdir(), 'evaluation-pdf-'));
      const file = path.join(dir, 'report.pdf');
      writeFileSync(file, one.bytes);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Tagged:\s+yes/);
      expect(info).toContain('Title:           Evaluering 2021–2023');
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      expect(pages).toBeGreaterThan(5);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain(`Side 1 af ${pages}`);
      expect(text).toContain(`Side ${pages} af ${pages}`);
      expect(text).toContain('Sammenfatning');
      expect(text).toContain('Tovholderens vurdering');
      expect(text).not.toContain('Udkast');
      expect(text).not.toMatch(/undefined|NaN|\[object/);
      const raw = one.bytes.toString('latin1');
      expect(raw).toContain('/StructTreeRoot');
      expect(raw).toMatch(/\/Lang \(da\)/);
      expect(raw).toContain("/CreationDate (D:20260502100000+00'00')");
      // Every chart is one Figure in the structure tree, with its text alternative; nothing else is a Figure.
      const charts = one.model.areas
        .flatMap((a) => a.indicators)
        .filter((i) => i.hasData)
        .reduce((n, i) => n + 1 + (presenterFor(one.model)(i.view).gapChart ? 1 : 0), 0);
      expect(charts).toBeGreaterThan(10);
      expect(structureCounts(one.bytes)).toEqual({ figures: charts, alts: charts, figuresWithAlt: charts });
      // The structure checks of PDF/UA that a program can make (test/support/pdf-structure.ts): none fails.
      const structure = readPdfStructure(file, { lang: 'da' });
      expect(structure.problems).toEqual([]);
      expect(structure.figures.length).toBe(charts);
      expect(structure.headings.slice(0, 2)).toEqual([1, 2]);
      expect(structure.tables).toBeGreaterThan(charts / 2);
      // The frozen HTML printed is the HTML of the report.
      expect(one.html).toBe(firstHtml);
    },
    180_000,
  );

  it.runIf(name === 'pglite')('refuses within the set time when Chromium is missing or hangs', async () => {
    await expect(
      printPdf('<html lang="da"></html>', {
        chromium: { executablePath: '/nonexistent/chromium', timeoutMs: 5000 },
        footerText: 'x',
        creationDate: clock,
      }),
    ).rejects.toThrow('Chromium not found at /nonexistent/chromium');
    const dir = mkdtempSync(path.join(tmpdir(), 'hanging-chromium-'));
    const hanging = path.join(dir, 'chromium');
    writeFileSync(hanging, '#!/bin/sh\nsleep 60\n');
    chmodSync(hanging, 0o755);
    const started = Date.now();
    const refused = await printPdf('<html lang="da"></html>', {
      chromium: { executablePath: hanging, timeoutMs: 1500 },
      footerText: 'x',
      creationDate: clock,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PdfRendererError);
    expect(String(refused)).toMatch(/within 1500 ms|could not print/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(() => chromiumSettings({ PDF_TIMEOUT_MS: 'soon' })).toThrow(
      'PDF_TIMEOUT_MS must be a whole number of milliseconds from 100 to 3600000, not "soon"',
    );
  });
});
