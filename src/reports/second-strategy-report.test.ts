// The report of a strategy of another kind than the bundled one (definition format 2: no target group, goals
// between area and indicator, its own level names "Kerneopgave" and "Pejlemærke", level, count and yes/no
// indicators), frozen, as PDF (Chromium) and as Word document (printed to PDF by LibreOffice Writer): each
// file's text, read by pdftotext, names the strategy's own levels and goals, has none of the bundled strategy's
// words and no `undefined`, `NaN` or `[object`; the PDF passes the structure checks of PDF/UA a program can make,
// and each file is the same bytes when made again.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdfStructure } from '../../test/support/pdf-structure.ts';
import { systemActor } from '../domain/access/index.ts';
import { chromiumSettings } from '../platform/chromium.ts';
import { openEvaluation, writeAssessment } from '../service/evaluations.ts';
import { importObservations } from '../service/observations.ts';
import { loadDefinitionFile } from '../service/strategies.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { reportPresenter } from '../web/report-presenter.ts';
import {
  freezeWithReport,
  produceReportDocx,
  produceReportPdf,
  type PresenterFor,
} from './evaluation-report.ts';
import { secondFile, secondStrategyFigure } from '../../test/support/second-strategy.ts';

const presenterFor: PresenterFor = (m) => reportPresenter(m.municipality, m.strategyPeriod);
const clock = new Date('2025-03-01T12:00:00Z');

const figure = secondStrategyFigure;

/** Words of the bundled strategy, its municipality and its gap indicators that this report may not show. */
const firstWords = [
  'Ballerup',
  'ikke-vestlig',
  'Indsatsområde',
  'Fokusområde',
  'målgruppen',
  'Fremskrivning',
];

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\u00ad/g, '');
}

function expectOwnWords(text: string) {
  const flat = text.replace(/\s+/g, ' ');
  for (const words of [
    'Politiske mål for kerneopgaverne',
    'Status for kerneopgaver og pejlemærker',
    'Kerneopgave',
    'Pejlemærker',
    'Mål 1: Flere børn trives i skolen',
    'Andel elever med høj trivsel',
    'Medlemmer af idrætsforeninger',
    'Alle skoler har en plan for bevægelse',
    'Eksempelby Kommune',
    'Status for kerneopgaver følger en flertalsregel',
  ])
    expect(flat).toContain(words);
  for (const word of firstWords) expect(flat, word).not.toContain(word);
  expect(flat).not.toMatch(/undefined|NaN|\[object/);
}

describe('the report of a format 2 strategy without a target group', () => {
  let database: Database;
  let roundId = '';
  const dir = mkdtempSync(path.join(tmpdir(), 'second-report-'));
  const ctx = () => ({ database, actor: systemActor, now: () => clock });

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database);
    await loadDefinitionFile(ctx(), secondFile);
    const provenance = (table: string) => ({
      source: 'file' as const,
      table,
      fileName: `${table}.csv`,
      retrievedAt: clock,
      note: 'indberettet af kommunen',
    });
    await importObservations(ctx(), provenance('trivsel-andel'), [
      figure('trivsel-andel', '2023', 0.7, { numerator: 1400, denominator: 2000 }),
      figure('trivsel-andel', '2024', 0.78, { numerator: 1560, denominator: 2000 }),
    ]);
    await importObservations(ctx(), provenance('foreningsmedlemmer'), [
      figure('foreningsmedlemmer', '2023', 4200, { unit: 'count' }),
      figure('foreningsmedlemmer', '2024', 4650, { unit: 'count' }),
    ]);
    await importObservations(ctx(), provenance('bevaegelsesplan'), [
      figure('bevaegelsesplan', '2023', 0, { unit: 'yes-no' }),
      figure('bevaegelsesplan', '2024', 1, { unit: 'yes-no' }),
    ]);
    const round = await openEvaluation(ctx(), 'eksempelby-politiske-maal', {
      name: 'Status 2024',
      from: '2024-01-01',
      to: '2024-12-31',
    });
    roundId = round.id;
    await writeAssessment(ctx(), roundId, 'skole', {
      assessment: 'Trivslen er steget.',
      adjustments: '',
    });
    await freezeWithReport(ctx(), roundId);
  }, 120_000);
  afterAll(async () => database?.close());

  it('names its own levels and goals in the model and the PDF', async () => {
    const pdf = await produceReportPdf(ctx(), roundId, presenterFor, chromiumSettings({}));
    expect(pdf.model.levels).toMatchObject({ area: 'Kerneopgave', indicators: 'Pejlemærker' });
    expect(pdf.model.areas[0]?.goals.map((g) => g.id)).toEqual(['mal-1', 'mal-2']);
    expect(pdf.model.committee).toBe('Byrådet');
    expect(pdf.html).toContain('<th scope="col">Kerneopgave</th>');
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, pdf.bytes);
    expectOwnWords(pdfText(file));
    expect(readPdfStructure(file, { lang: 'da' }).problems).toEqual([]);
    // Frozen, it is the same bytes when printed again.
    const again = await produceReportPdf(ctx(), roundId, presenterFor, chromiumSettings({}));
    expect(Buffer.compare(again.bytes, pdf.bytes)).toBe(0);
  }, 120_000);

  const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  it.skipIf(soffice.error !== undefined || soffice.status !== 0)(
    'names them in the Word document, as LibreOffice Writer prints it',
    async () => {
      const docx = await produceReportDocx(ctx(), roundId, presenterFor);
      expect(docx.chartsMissing).toBeUndefined();
      writeFileSync(path.join(dir, 'report.docx'), docx.bytes);
      const again = await produceReportDocx(ctx(), roundId, presenterFor);
      expect(Buffer.compare(again.bytes, docx.bytes)).toBe(0);
      const profile = mkdtempSync(path.join(tmpdir(), 'lo-profile-'));
      const converted = spawnSync(
        'soffice',
        [
          `-env:UserInstallation=file://${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          path.join(dir, 'lo'),
          path.join(dir, 'report.docx'),
        ],
        { encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' },
      );
      expect(converted.status, `${converted.stdout}${converted.stderr}`).toBe(0);
      expectOwnWords(pdfText(path.join(dir, 'lo', 'report.pdf')));
    },
    180_000,
  );
});
