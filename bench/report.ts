// The evaluation report of the bundled strategy with its bundled figures (a round with one area assessed,
// frozen), embedded database: the tagged PDF (the HTML printed by Chromium, a fresh browser each time) and the
// Word document (charts drawn as PNG by resvg), each timed as the download and the command produce it (data read
// through the pins, model, content hash checked, file made, its SHA-256 kept). Anchor in the same run: the
// report's HTML alone (data, model, hash check and layout: everything both files start from). Pages: pdfinfo of
// the PDF, and of the Word document as LibreOffice Writer prints it (not timed; the document holds no page count
// of its own, Word computes it when it lays the text out).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliActor, type Actor } from '../src/domain/access/index.ts';
import { chromiumSettings } from '../src/platform/chromium.ts';
import {
  freezeWithReport,
  produceReportDocx,
  produceReportHtml,
  produceReportPdf,
  type PresenterFor,
} from '../src/reports/evaluation-report.ts';
import { seedBundledDataset } from '../src/service/bundled-dataset.ts';
import { openEvaluation, writeAssessment } from '../src/service/evaluations.ts';
import { loadDefinitionFile } from '../src/service/strategies.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { reportPresenter } from '../src/web/report-presenter.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const STRATEGY_FILE = path.join(root, 'strategies', 'ballerup-integrationsstrategi-2021-2023.yaml');
const presenterFor: PresenterFor = (m) => reportPresenter(m.municipality, m.strategyPeriod);

export interface ReportFigures {
  readonly htmlSeconds: readonly number[];
  readonly pdfSeconds: readonly number[];
  readonly docxSeconds: readonly number[];
  readonly pdfPages: number;
  readonly pdfBytes: number;
  readonly docxPages: number | undefined;
  readonly docxBytes: number;
  readonly charts: number;
  readonly chartsMissing: string | undefined;
  readonly illustrative: boolean;
  readonly load: readonly [number, number];
}

const pagesOf = (file: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await f();
  return [value, (performance.now() - started) / 1000];
}

export async function measureReport(runs: number): Promise<ReportFigures> {
  const database = await openDatabase({ dataDir: 'memory://' });
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-report-'));
  try {
    await migrateToLatest(database);
    const clock = new Date('2026-05-02T10:00:00Z');
    const ctx = { database, actor: cliActor('bench'), now: () => clock };
    const loaded = await loadDefinitionFile(ctx, STRATEGY_FILE);
    await seedBundledDataset(database);
    const round = await openEvaluation(ctx, loaded.version.strategyId, {
      name: 'Evaluering 2021–2023',
      from: '2021-01-01',
      to: '2023-12-31',
    });
    // The schools' tovholder writes the education area's assessment, as in the report's tests.
    const schools: Actor = {
      kind: 'user',
      id: 'sik@ballerup.dk',
      roles: ['editor'],
      centres: ['center-for-skoler-institutioner-og-kultur'],
      origin: '10.0.0.4',
    };
    await writeAssessment({ ...ctx, actor: schools }, round.id, 'uddannelse', {
      assessment: 'Gabet i uddannelse er mindsket.\nDet skyldes især sprogindsatsen.',
      adjustments: 'Flere unge i FGU.',
    });
    await freezeWithReport(ctx, round.id);
    const chromium = chromiumSettings(process.env);
    const load0 = loadavg()[0] ?? 0;
    const htmlSeconds: number[] = [];
    const pdfSeconds: number[] = [];
    const docxSeconds: number[] = [];
    let pdf: Buffer | undefined;
    let docx: Buffer | undefined;
    let charts = 0;
    let chartsMissing: string | undefined;
    let illustrative = false;
    // One unmeasured round first: module loading and the first Chromium start are not the report's.
    await produceReportPdf(ctx, round.id, presenterFor, chromium);
    await produceReportDocx(ctx, round.id, presenterFor);
    for (let k = 0; k < runs; k++) {
      const [html, h] = await timed(() => produceReportHtml(ctx, round.id, presenterFor));
      htmlSeconds.push(h);
      const [p, ps] = await timed(() => produceReportPdf(ctx, round.id, presenterFor, chromium));
      pdfSeconds.push(ps);
      const [d, ds] = await timed(() => produceReportDocx(ctx, round.id, presenterFor));
      docxSeconds.push(ds);
      pdf = p.bytes;
      docx = d.bytes;
      chartsMissing = d.chartsMissing;
      illustrative = html.model.illustrative;
      charts = (html.html.match(/<div class="figure">/g) ?? []).length;
    }
    if (!pdf || !docx) throw new Error('no runs');
    writeFileSync(path.join(dir, 'report.pdf'), pdf);
    writeFileSync(path.join(dir, 'report.docx'), docx);
    const converted = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        path.join(dir, 'lo'),
        path.join(dir, 'report.docx'),
      ],
      { encoding: 'utf8', timeout: 180_000, killSignal: 'SIGKILL' },
    );
    return {
      htmlSeconds,
      pdfSeconds,
      docxSeconds,
      pdfPages: pagesOf(path.join(dir, 'report.pdf')),
      pdfBytes: pdf.length,
      docxPages: converted.status === 0 ? pagesOf(path.join(dir, 'lo', 'report.pdf')) : undefined,
      docxBytes: docx.length,
      charts,
      chartsMissing,
      illustrative,
      load: [load0, loadavg()[0] ?? 0],
    };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
