// What a row of an indicator file cannot be, beyond its own cells: an area code the DST registry does not
// have, a period that has not begun (for figures typed by hand, with `now` passed in), a negative figure; and
// the file's bounds: too many columns or rows are refused at once, naming the limit.
import { describe, expect, it } from 'vitest';
import { loadAreas } from '../areas/index.ts';
import { ballerup, ballerupIndicators, indicator } from './fixtures/ballerup.ts';
import { filledCsv, sampleRows } from './fixtures/fill.ts';
import { MAX_COLUMNS, MAX_ROWS } from './limits.ts';
import { readIndicatorFile } from './read.ts';
import { csvTemplate } from './template.ts';
import { columnsFor } from './columns.ts';

const ledige = indicator('ledige-efter-13-uger');
const score = ballerupIndicators.find((i) => i.unit === 'score');
const weeks = ballerupIndicators.find((i) => i.unit === 'weeks');
const count = ballerupIndicators.find((i) => i.unit === 'count');
const now = new Date('2026-12-06T12:00:00Z');
const registry = await loadAreas({ withProfiles: false });
const rules = { isArea: (code: string) => registry.byCode(code) !== undefined, now };

/** The template's rows with one cell changed per row: `changes[i]` sets column `key` of row i. */
function withChanges(ind: typeof ledige, changes: readonly (readonly [string, string])[]) {
  const keys = columnsFor(ind).map((c) => c.key as string);
  const rows = sampleRows(ind).map((r) => [...r]);
  changes.forEach(([key, value], i) => {
    const row = rows[i] as string[];
    row[keys.indexOf(key)] = value;
  });
  return { name: 'f.csv', bytes: filledCsv(ballerup, ind, rows) };
}

const firstDataLine = (ind: typeof ledige) =>
  new TextDecoder().decode(csvTemplate(ballerup, ind)).split('\r\n').length;

describe('rows that cannot be true', () => {
  it('refuses an area code the registry does not have, and a period after today, each on its line', async () => {
    const r = await readIndicatorFile(
      withChanges(ledige, [
        ['area', '999'],
        ['period', '2030K1'],
        ['area', '151'],
      ]),
      ledige,
      rules,
    );
    const first = firstDataLine(ledige);
    expect(r.rejected).toEqual([
      { line: first, reason: 'område (999) findes ikke i Danmarks Statistiks liste over områder' },
      {
        line: first + 1,
        reason:
          'periode (2030K1) er ikke begyndt endnu (i dag er 2026-12-06); tal for en kommende periode kan ikke være målt',
      },
    ]);
    // The region, the country and an existing municipality are areas; the quarter under way is measured.
    const fine = await readIndicatorFile(
      withChanges(ledige, [
        ['area', '084'],
        ['area', '000'],
        ['period', '2026K4'],
      ]),
      ledige,
      rules,
    );
    expect(fine.rejected).toEqual([]);
  });

  it('takes future periods and any three-digit code when no rules are given (projections are not refused here)', async () => {
    const r = await readIndicatorFile(withChanges(ledige, [['period', '2030K1']]), ledige);
    expect(r.rejected).toEqual([]);
  });

  it('refuses a negative score, number of weeks or count, and a share above 100 %', async () => {
    for (const ind of [score, weeks, count]) {
      if (!ind) throw new Error('the bundled strategy has an indicator of each unit');
      const key = ind.unit === 'count' ? 'count' : 'value';
      const r = await readIndicatorFile(withChanges(ind, [[key, '-1']]), ind, rules);
      expect(r.rejected, ind.id).toHaveLength(1);
      expect(r.rejected[0]?.reason).toMatch(/\(-1\) er negativt$/);
    }
    // A share above 100 %: a numerator over its denominator (row 1 has 2 over 12).
    const share = await readIndicatorFile(withChanges(ledige, [['numerator', '13']]), ledige, rules);
    expect(share.rejected.map((x) => x.reason)).toEqual(['tæller (13) er større end nævner (12)']);
  });
});

describe('bounds', () => {
  it(`refuses a CSV of 200 columns and 100,000 rows on its header, naming the limit of ${MAX_COLUMNS}`, async () => {
    const header = Array.from({ length: 200 }, (_, i) => `k${i}`).join(';');
    const row = Array.from({ length: 200 }, () => '1').join(';');
    const text = `${header}\r\n${`${row}\r\n`.repeat(100_000)}`;
    const err = await readIndicatorFile(
      { name: 'bred.csv', bytes: new TextEncoder().encode(text.slice(0, 19 * 1024 * 1024)) },
      ledige,
      rules,
    ).catch((e: unknown) => e);
    expect(String(err)).toContain(
      `kolonneoverskrifterne har 200 kolonner; en indikatorfil må højst have ${MAX_COLUMNS}`,
    );
  });

  it(`refuses a file of more than ${MAX_ROWS} rows at the row that passes it, naming the limit`, async () => {
    const keys = columnsFor(ledige);
    const rows: string[] = [];
    for (let i = 0; i <= MAX_ROWS; i++)
      rows.push(['151', '2021K1', 'målgruppe', 'i alt', 'i alt', '1', '2'].join(';'));
    expect(keys).toHaveLength(7);
    const template = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csvTemplate(ballerup, ledige));
    const err = await readIndicatorFile(
      { name: 'lang.csv', bytes: new TextEncoder().encode(`${template}${rows.join('\r\n')}\r\n`) },
      ledige,
      rules,
    ).catch((e: unknown) => e);
    expect(String(err)).toContain('filen har mere end 100.000 rækker med tal; del den op i flere filer');
  });
});
