// The front page's "strategy at a glance": every indicator's status, latest figures, gap and change since the
// baseline, read from the same published views as the indicator pages — suppressed figures stay suppressed,
// illustrative figures are flagged, and nothing reads "undefined" or "NaN".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballerupId, startTestApp, type TestApp } from '../../test/support/app.ts';
import { asLines, shareObservation } from '../../test/support/observations.ts';
import { cliActor } from '../domain/access/index.ts';
import type { Observation } from '../domain/observation/index.ts';
import { importObservations } from '../service/observations.ts';

let t: TestApp;
const youth = 'ungdomsuddannelse-20-24';
const sanctions = 'sanktionering';

const share = (series: string, period: string, group: string, numerator: number, denominator: number) =>
  shareObservation({ series, period, group, numerator, denominator, illustrative: true });

beforeAll(async () => {
  t = await startTestApp();
  const rows: Observation[] = [];
  // Youth education 20-24: the target group rises from 55 % to 70 % on 600 persons; others stay at 85 %.
  [2019, 2020, 2021, 2022, 2023, 2024].forEach((year, i) => {
    rows.push(share(youth, String(year), 'target', 330 + i * 18, 600));
    rows.push(share(youth, String(year), 'comparison', 2550, 3000));
  });
  // Sanctions: 3 of 40 in the target group, a count the share rule hides.
  for (const year of ['2021', '2022', '2023']) {
    rows.push(share(sanctions, year, 'target', 3, 40));
    rows.push(share(sanctions, year, 'comparison', 30, 900));
  }
  await importObservations(
    { database: t.database, actor: cliActor('tester'), now: () => new Date('2026-02-01T09:00:00Z') },
    { source: 'illustrative', retrievedAt: new Date('2026-01-01T00:00:00Z'), note: 'test figures' },
    asLines(rows),
  );
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

/**
 * The glance table's rows as the text a reader sees (tags dropped, whitespace collapsed), keyed by the row's
 * heading: the focus area (its group's heading), then each cell.
 */
function glanceRows(html: string): Map<string, string[]> {
  const table = /<table class="[^"]*glance-table[^"]*">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  const text = (s: string) =>
    s
      .replace(/<svg[\s\S]*?<\/svg>/g, '')
      .replace(/<span class="sr-only">[^<]*<\/span>/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const rows = new Map<string, string[]>();
  for (const [, group] of table.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)) {
    const area = text(/<th scope="rowgroup"[^>]*>([\s\S]*?)<\/th>/.exec(group ?? '')?.[1] ?? '');
    for (const [, row] of (group ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
      const cells = [...(row ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) =>
        text(m[1] ?? ''),
      );
      rows.set(cells[0] ?? '', [cells[1] ?? '', area, ...cells.slice(2)]);
    }
  }
  return rows;
}

describe('the strategy at a glance', () => {
  it('opens the front page with every indicator: status, latest figures of both groups, gap and change', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html.indexOf('Strategien på et øjeblik')).toBeGreaterThan(html.indexOf('<h1>'));
    expect(html.indexOf('glance-table')).toBeLessThan(html.indexOf('Indsatsområder</h2>'));
    const rows = glanceRows(html);
    // Every indicator of the bundled strategy has its row.
    expect(rows.size).toBe(15);
    const [status, area, period, target, comparison, gap, change] = rows.get(
      '20-24-årige med mindst en ungdomsuddannelse (Illustrativt)',
    ) as string[];
    expect(status).toBe('Gabet lukkes');
    expect(area).toBe('Uddannelse');
    expect([period, target, comparison, gap]).toEqual(['2024', '70,0 %', '85,0 %', '-15,0 pct.point']);
    // The strategy's baseline for the indicator is 2021 (-24,0 pct.point then).
    expect(change).toBe('+9,0 pct.point siden 2021');
    // The link goes to the indicator's page; the trend line is hidden from assistive technology.
    expect(html).toContain(`href="/strategier/${ballerupId}/indikatorer/${youth}"`);
    expect(html).toMatch(/<svg class="sparkline"[^>]*aria-hidden="true"/);
    // Illustrative figures are flagged as the indicator pages flag them.
    expect(html).toContain('Illustrative tal');
    expect(html).toContain('Alle indikatorer med status, seneste tal og gab (Illustrativt)');
    for (const cells of rows.values()) for (const c of cells) expect(c).not.toMatch(/undefined|NaN|\{|\}/);
  });

  it('keeps a suppressed share suppressed and says where there are no figures', async () => {
    const rows = glanceRows((await get('/')).body);
    // 3 of 40 is hidden, and so are the gap and its change, which would give it away; the status word stays.
    expect(rows.get('Sanktionering (Illustrativt)')).toEqual([
      'Ingen klar ændring',
      'Beskæftigelse',
      '2023',
      '..',
      '3,3 %',
      '..',
      '..',
    ]);
    const withoutFigures = [...rows.entries()].filter(([, c]) => c[0] === 'Ikke nok data');
    expect(withoutFigures.length).toBe(13);
    for (const [title, c] of withoutFigures) {
      expect(title).not.toContain('Illustrativt');
      expect(c.slice(2)).toEqual(['–', '–', '–', '–', '–']);
    }
  });

  it('is in English with ?lang=en, with the same figures', async () => {
    const res = await get('/?lang=en');
    expect(res.body).toContain('The strategy at a glance');
    const rows = glanceRows(res.body);
    expect(rows.size).toBe(15);
    const row = [...rows.entries()].find(([k]) => k.includes('(Illustrative)') && !k.startsWith('Sanktion'));
    expect(row?.[1]).toEqual([
      'Gap closing',
      expect.any(String),
      '2024',
      '70.0 %',
      '85.0 %',
      '-15.0 pp',
      '+9.0 pp since 2021',
    ]);
    for (const cells of rows.values()) for (const c of cells) expect(c).not.toMatch(/undefined|NaN/);
  });
});
