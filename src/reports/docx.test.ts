// The evaluation report as a Word document, end to end on the bundled strategy and its bundled figures: a round
// with one area assessed and the others not, frozen. The .docx itself is read back (word/document.xml): Word's own
// heading styles, header rows that repeat and rows that do not split, a text alternative on every picture, Danish
// on the runs, the page number fields, the same bytes twice; without a chart renderer the document still comes,
// with the charts' text alternatives in their place; and LibreOffice Writer (headless) opens it and prints it to a
// PDF whose text holds the headings, an indicator's title and a figure.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupFile } from '../../test/support/app.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import { seedBundledDataset } from '../service/bundled-dataset.ts';
import { getEvaluation, openEvaluation, writeAssessment } from '../service/evaluations.ts';
import { loadDefinitionFile } from '../service/strategies.ts';
import { reportPresenter } from '../web/report-presenter.ts';
import { loadChartRasteriser } from './chart-png.ts';
import { freezeWithReport, produceReportDocx, type PresenterFor } from './evaluation-report.ts';
import type { ReportModel } from './evaluation-model.ts';

const strategy = 'ballerup-integrationsstrategi-2021-2023';
const presenterFor: PresenterFor = (m) => reportPresenter(m.municipality, m.strategyPeriod);
const schools: Actor = {
  kind: 'user',
  id: 'sik@ballerup.dk',
  roles: ['editor'],
  centres: ['center-for-skoler-institutioner-og-kultur'],
  origin: '10.0.0.4',
};

/** One file of a zip, read through its central directory (stored or deflated). */
export function zipEntry(zip: Buffer, name: string): Buffer {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    const nameLength = zip.readUInt16LE(at + 28);
    const entry = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (entry === name) {
      const local = zip.readUInt32LE(at + 42);
      const size = zip.readUInt32LE(at + 20);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return zip.readUInt16LE(at + 10) === 0 ? Buffer.from(data) : inflateRawSync(data);
    }
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  throw new Error(`no ${name} in the zip`);
}

/** The zip's file dates (MS-DOS date and time words), one per file. */
function zipDates(zip: Buffer): string[] {
  let eocd = zip.length - 22;
  while (zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let at = zip.readUInt32LE(eocd + 16);
  const dates: string[] = [];
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    dates.push(`${zip.readUInt16LE(at + 14)}/${zip.readUInt16LE(at + 12)}`);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return dates;
}

/** The document's visible text, paragraph by paragraph. */
function paragraphs(documentXml: string): string[] {
  return (documentXml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).map((p) =>
    (p.match(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join(''),
  );
}

const xmlText = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** How many charts the report draws: each indicator with figures has its chart, and a gap indicator a second. */
function chartCount(m: ReportModel): number {
  const present = presenterFor(m);
  return m.areas
    .flatMap((a) => a.indicators)
    .filter((i) => i.hasData)
    .reduce((n, i) => n + 1 + (present(i.view).gapChart ? 1 : 0), 0);
}

describe('the evaluation report as a Word document', () => {
  let database: Database;
  const clock = new Date('2026-05-02T10:00:00Z');
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => clock });
  let roundId: string;
  let docx: Buffer;
  let model: ReportModel;
  let documentXml: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'evaluation-docx-'));

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database);
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
    await freezeWithReport(ctx(), roundId);
    const produced = await produceReportDocx(ctx(), roundId, presenterFor);
    expect(produced.chartsMissing).toBeUndefined();
    docx = produced.bytes;
    model = produced.model;
    documentXml = zipEntry(docx, 'word/document.xml').toString('utf8');
    writeFileSync(path.join(dir, 'report.docx'), docx);
  }, 240_000);
  afterAll(async () => database.close());

  it('uses Word’s heading styles for the title, summary, areas, their sections and every indicator', () => {
    const styled = (style: string) =>
      (documentXml.match(/<w:p(?: [^>]*)?>[\s\S]*?<\/w:p>/g) ?? [])
        .filter((p) => p.includes(`<w:pStyle w:val="${style}"/>`))
        .flatMap((p) => paragraphs(p));
    expect(styled('Title')).toEqual(['Evaluering 2021–2023']);
    const h1 = styled('Heading1');
    expect(h1).toEqual(expect.arrayContaining(['Sammenfatning', 'Metode', 'Datakilder']));
    for (const a of model.areas) {
      expect(h1).toContain(a.title);
      for (const i of a.indicators) expect(styled('Heading3')).toContain(i.title);
    }
    expect(styled('Heading2')).toEqual(
      expect.arrayContaining(['Ambition', 'Mål', 'Indikatorer', 'Indsatser', 'Tovholderens vurdering']),
    );
    const styles = zipEntry(docx, 'word/styles.xml').toString('utf8');
    for (const id of ['Title', 'Heading1', 'Heading2', 'Heading3'])
      expect(styles).toContain(`w:styleId="${id}"`);
    // Danish on the default style and on every run of text.
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*<w:lang w:val="da-DK"\/>[\s\S]*<\/w:docDefaults>/);
    const runs = documentXml.match(/<w:r>[\s\S]*?<\/w:r>/g) ?? [];
    const withText = runs.filter((r) => /<w:t[ >]/.test(r));
    expect(withText.length).toBeGreaterThan(100);
    expect(withText.filter((r) => !r.includes('<w:lang w:val="da-DK"/>'))).toEqual([]);
  });

  it('has tables with repeated header rows that do not split, and page numbers in the footer', () => {
    const tables = documentXml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    const indicatorsWithData = model.areas.flatMap((a) => a.indicators).filter((i) => i.hasData).length;
    // The summary, each indicator with figures, the interventions of the areas that have any, the sources.
    expect(tables.length).toBeGreaterThanOrEqual(1 + indicatorsWithData + 1);
    for (const t of tables) {
      const rows = t.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? [];
      expect(rows.length).toBeGreaterThan(1);
      expect(rows[0]).toContain('<w:tblHeader/>');
      for (const r of rows) expect(r).toContain('<w:cantSplit/>');
      expect(rows.at(-1)).not.toContain('<w:tblHeader/>');
    }
    const footers = ['word/footer1.xml', 'word/footer2.xml']
      .flatMap((f) => {
        try {
          return [zipEntry(docx, f).toString('utf8')];
        } catch {
          return [];
        }
      })
      .join('');
    expect(footers).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(footers).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
    expect(paragraphs(footers).join('\n')).toContain('Evaluering 2021–2023');
  });

  it('draws every chart as a picture with its text alternative, and says where there are no figures', () => {
    const drawings = documentXml.match(/<w:drawing>[\s\S]*?<\/w:drawing>/g) ?? [];
    expect(drawings.length).toBe(chartCount(model));
    const ids = new Set<string>();
    for (const d of drawings) {
      const docPr = /<wp:docPr ([^>]*)\/?>/.exec(d)?.[1] ?? '';
      const descr = /descr="([^"]*)"/.exec(docPr)?.[1] ?? '';
      expect(descr.length).toBeGreaterThan(20);
      expect(descr).not.toMatch(/undefined|NaN/);
      ids.add(/(?:^| )id="(\d+)"/.exec(docPr)?.[1] ?? '');
    }
    expect(ids.size).toBe(drawings.length);
    const first = model.areas.flatMap((a) => a.indicators).find((i) => i.hasData);
    expect(first).toBeDefined();
    expect(documentXml).toContain(`descr="${xmlText(first?.title ?? '')}`);
    // Each picture is a PNG in the package, reached through the document's relationships.
    const rels = zipEntry(docx, 'word/_rels/document.xml.rels').toString('utf8');
    for (const d of drawings) {
      const id = /r:embed="([^"]+)"/.exec(d)?.[1] ?? '(none)';
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? '(none)';
      expect(target).toMatch(/^media\/.+\.png$/);
      expect(zipEntry(docx, `word/${target}`).subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
    }
    const text = paragraphs(documentXml);
    const all = text.join('\n');
    expect(all).not.toMatch(/undefined|NaN|\[object/);
    // The areas without an assessment say so, as does each indicator without figures.
    const unassessed = model.areas.filter((a) => !a.assessment);
    expect(unassessed.length).toBeGreaterThan(0);
    for (const a of unassessed)
      expect(text).toContain(`Tovholderen (${a.leadCentre}) har endnu ikke skrevet en vurdering.`);
    expect(all).toContain('Gabet i uddannelse er mindsket.Det skyldes især sprogindsatsen.');
    expect(documentXml).toContain('<w:t xml:space="preserve">Gabet i uddannelse er mindsket.</w:t></w:r>');
    expect(all).not.toContain('Udkast');
    expect(all).toContain('Fastfrosset: 2. maj 2026');
    if (model.illustrative) expect(all).toContain('ILLUSTRATIVE TAL – ikke målte tal');
  });

  it('is the same bytes twice, dated by the freeze, and kept with the round', async () => {
    const again = await produceReportDocx(ctx(), roundId, presenterFor);
    expect(Buffer.compare(again.bytes, docx)).toBe(0);
    const core = zipEntry(docx, 'docProps/core.xml').toString('utf8');
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2026-05-02T10:00:00Z</dcterms:created>',
    );
    expect(core).toContain(
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-05-02T10:00:00Z</dcterms:modified>',
    );
    expect(core).toContain('<dc:creator>Ballerup Kommune</dc:creator>');
    // 2026-05-02 10:00:00 as MS-DOS date and time.
    expect(new Set(zipDates(docx))).toEqual(new Set([`${(46 << 9) | (5 << 5) | 2}/${10 << 11}`]));
    const { files } = await getEvaluation(database, roundId);
    expect(files.filter((f) => f.format === 'docx').map((f) => f.sha256)).toEqual([again.sha256]);
  }, 120_000);

  it('is made without pictures, saying so, when the charts cannot be drawn', async () => {
    const without = await produceReportDocx(ctx(), roundId, presenterFor, {
      unavailable: 'the chart renderer could not be loaded',
    });
    expect(without.chartsMissing).toBe('the chart renderer could not be loaded');
    const xml = zipEntry(without.bytes, 'word/document.xml').toString('utf8');
    expect(xml).not.toContain('<w:drawing>');
    const text = paragraphs(xml);
    expect(text.join('\n')).toContain('Figurerne er ikke med i dette dokument, fordi de ikke kunne tegnes.');
    expect(text).toContain('Årsag: the chart renderer could not be loaded.');
    expect(text.filter((p) => p.startsWith('Figur (ikke med i dokumentet): ')).length).toBe(
      chartCount(model),
    );
    expect((xml.match(/<w:tbl>/g) ?? []).length).toBe((documentXml.match(/<w:tbl>/g) ?? []).length);
  }, 120_000);

  it('says so for a draft, for every indicator without figures and for every area not assessed', async () => {
    // A strategy with no figures at all: every indicator is without data, nothing is drawn.
    const empty = await openDatabase({ dataDir: 'memory://' });
    try {
      await migrateToLatest(empty);
      const ectx = { database: empty, actor: cliActor('tester'), now: () => clock };
      await loadDefinitionFile(ectx, ballerupFile);
      const round = await openEvaluation(ectx, strategy, {
        name: 'Tom',
        from: '2021-01-01',
        to: '2023-12-31',
      });
      const produced = await produceReportDocx(ectx, round.id, presenterFor);
      const xml = zipEntry(produced.bytes, 'word/document.xml').toString('utf8');
      const text = paragraphs(xml);
      expect(text).toContain('Udkast');
      expect(text).toContain('Runden er ikke fastfrosset: tallene og teksterne kan stadig ændre sig.');
      expect(text).toContain('Udkast pr.: 2. maj 2026');
      const indicators = produced.model.areas.flatMap((a) => a.indicators);
      expect(indicators.length).toBeGreaterThan(10);
      expect(indicators.filter((i) => i.hasData)).toEqual([]);
      expect(
        text.filter((p) =>
          p.startsWith(`Ingen data: der er ingen tal for indikatoren i ${produced.model.municipality}`),
        ).length,
      ).toBe(indicators.length);
      for (const a of produced.model.areas)
        expect(text).toContain(`Tovholderen (${a.leadCentre}) har endnu ikke skrevet en vurdering.`);
      expect(xml).not.toContain('<w:drawing>');
      expect(text.join('\n')).not.toMatch(/undefined|NaN|\[object|Figurerne er ikke med/);
      expect(text).toContain('Rapporten bygger ikke på nogen importerede tal.');
      const core = zipEntry(produced.bytes, 'docProps/core.xml').toString('utf8');
      expect(core).toContain(
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-05-02T10:00:00Z</dcterms:created>',
      );
    } finally {
      await empty.close();
    }
  }, 120_000);

  it('draws a chart the same each time, at the chart’s shape', async () => {
    const raster = await loadChartRasteriser();
    if (typeof raster !== 'function') throw new Error(raster.unavailable);
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><title>t</title><rect width="200" height="100" fill="#004993"/></svg>';
    const one = raster(svg);
    expect(one).toMatchObject({ width: 200, height: 100 });
    // 300 dots an inch at the width it is printed (a 200 px chart at 200 CSS px, a CSS pixel 1/96 inch).
    expect(one.png.readUInt32BE(16)).toBe(625);
    expect(one.png.readUInt32BE(20)).toBe(313);
    // A chart wider than the page is printed at the page's width: 640 CSS px, 2000 dots.
    const wide = raster(svg.replace('0 0 200 100', '0 0 1100 550'));
    expect([wide.png.readUInt32BE(16), wide.png.readUInt32BE(20)]).toEqual([2000, 1000]);
    expect(Buffer.compare(raster(svg).png, one.png)).toBe(0);
    expect(() => raster('<svg xmlns="http://www.w3.org/2000/svg"></svg>')).toThrow('no view box');
  });

  const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const sofficeMissing = soffice.error !== undefined || soffice.status !== 0;
  it.skipIf(sofficeMissing)(
    'opens in LibreOffice Writer, which prints it with its headings, indicators and figures',
    () => {
      const profile = mkdtempSync(path.join(tmpdir(), 'lo-profile-'));
      const out = mkdtempSync(path.join(tmpdir(), 'lo-out-'));
      const converted = spawnSync(
        'soffice',
        [
          `-env:UserInstallation=file://${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          out,
          path.join(dir, 'report.docx'),
        ],
        { encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' },
      );
      expect(converted.error, `${converted.stdout}${converted.stderr}`).toBeUndefined();
      expect(converted.status, `${converted.stdout}${converted.stderr}`).toBe(0);
      const pdf = path.join(out, 'report.pdf');
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      expect(pages).toBeGreaterThan(5);
      const flat = text.replace(/\s+/g, ' ');
      for (const h of [
        'Evaluering 2021–2023',
        'Sammenfatning',
        'Tovholderens vurdering',
        'Metode',
        'Datakilder',
      ])
        expect(flat).toContain(h);
      const withData = model.areas.flatMap((a) => a.indicators).find((i) => i.hasData);
      expect(flat).toContain(withData?.title ?? '(no indicator with figures)');
      expect(flat).toContain('Figur: ');
      expect(text).toContain(`Side 1 af ${pages}`);
      expect(text).toContain(`Side ${pages} af ${pages}`);
      // The pictures are in the PDF: LibreOffice writes each as an image XObject.
      const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => /^\s*\d+\s+\d+\s+image\b/.test(l));
      expect(images.length).toBeGreaterThanOrEqual(chartCount(model));
    },
    180_000,
  );
  if (sofficeMissing)
    it.skip('opens in LibreOffice Writer — skipped: soffice is not installed (apt-get install libreoffice-writer-nogui)', () =>
      undefined);
});
