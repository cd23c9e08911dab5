// The report content a frozen round keeps: its canonical form (keys sorted, Dates as ISO text, undefined
// properties left out, anything JSON would change refused with its path), a changed text refused by its hash,
// and every content format ever written still read and laid out. `fixtures/report-content-1.json` is content
// format 1 as it was kept on 7 December 2026 for the second strategy's frozen round "Status 2024"
// (`test/fixtures/strategies/eksempelby-politiske-maal.yaml`, the figures of `second-strategy-report.test.ts`,
// an assessment of "skole"): it must never be regenerated, only read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textProblems, visibleText } from '../../test/support/page-text.ts';
import { reportPresenter } from '../web/report-presenter.ts';
import { renderReportDocx } from './docx.ts';
import { renderReportHtml } from './evaluation-html.ts';
import {
  canonicalReportJson,
  readReportContent,
  REPORT_CONTENT_FORMAT,
  ReportContentError,
  sha256Of,
} from './report-content.ts';

const fixture = readFileSync(new URL('./fixtures/report-content-1.json', import.meta.url), 'utf8');
const FIXTURE_SHA256 = '23cebbd3e650c34e1f68c55072b736a50d2cc8dbb9782856219861695d3414da';

describe('the canonical form of report content', () => {
  it('sorts keys, writes Dates as ISO text, leaves out undefined properties and -0', () => {
    expect(
      canonicalReportJson({ b: 1, a: { d: undefined, c: new Date('2026-01-02T03:04:05Z') }, z: [-0, 'x'] }),
    ).toBe('{"a":{"c":"2026-01-02T03:04:05.000Z"},"b":1,"z":[0,"x"]}');
  });

  it('refuses what JSON would change or lose, naming where it is', () => {
    const refused = (v: unknown) => {
      try {
        canonicalReportJson(v);
        return 'accepted';
      } catch (e) {
        expect(e).toBeInstanceOf(ReportContentError);
        return (e as Error).message;
      }
    };
    expect(refused({ a: { b: new Map([['x', 1]]) } })).toBe('$.a.b: a Map has no JSON form');
    expect(refused({ a: [1, new Set([1])] })).toBe('$.a[1]: a Set has no JSON form');
    expect(refused({ share: Number.NaN })).toBe('$.share: NaN has no JSON form');
    expect(refused({ share: Number.POSITIVE_INFINITY })).toBe('$.share: Infinity has no JSON form');
    expect(refused({ rows: [1, undefined] })).toBe('$.rows[1]: undefined in a list');
    expect(refused({ n: 1n })).toBe('$.n: a bigint has no JSON form');
    expect(refused({ f: () => 1 })).toBe('$.f: a function has no JSON form');
  });
});

describe('kept report content', () => {
  it('is refused when its text is not what its hash says, or its format is unknown', () => {
    expect(() =>
      readReportContent({ format: 1, json: fixture.replace('Trivslen', 'Trivsel'), sha256: FIXTURE_SHA256 }),
    ).toThrow('does not match its SHA-256');
    const json = '{}';
    expect(() => readReportContent({ format: 99, json, sha256: sha256Of(json) })).toThrow(
      `report content format 99 is not known to this program (it reads 1 to ${REPORT_CONTENT_FORMAT})`,
    );
  });

  it('of format 1, as kept on 7 December 2026, is read and laid out as HTML and as a Word document', async () => {
    expect(sha256Of(fixture)).toBe(FIXTURE_SHA256);
    const model = readReportContent({ format: 1, json: fixture, sha256: FIXTURE_SHA256 });
    // Read back, it is the same content: its canonical form is the kept text.
    expect(canonicalReportJson(model)).toBe(fixture);
    const source = model.areas[0]?.indicators[0]?.view.sources[0];
    expect(source?.importedAt).toBeInstanceOf(Date);
    expect(source?.provenance.retrievedAt).toBeInstanceOf(Date);

    const presenter = reportPresenter(model.municipality, model.strategyPeriod);
    const html = renderReportHtml(model, presenter);
    const text = visibleText(html);
    expect(textProblems(text)).toEqual([]);
    for (const words of [
      'Status 2024',
      'Eksempelby Kommune',
      'Kerneopgave',
      'Andel elever med høj trivsel',
      'Trivslen er steget.',
      'Mere bevægelse i frikvartererne.',
    ])
      expect(text).toContain(words);
    expect(html).not.toContain('<p class="draft-mark">');

    const docx = await renderReportDocx(model, presenter, {
      charts: { unavailable: 'not drawn in this test' },
      footerText: model.roundName,
      date: new Date(model.frozenAt ?? ''),
    });
    expect(docx.subarray(0, 2).toString()).toBe('PK');
  });
});
