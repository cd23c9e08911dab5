// Property: over generated bad files (mutations of valid CSV and XLSX files, zip bombs, non-zip bytes), the reader
// either refuses — IndicatorFileError for the whole file, or rows with line numbers and reasons — or returns
// rows that are all valid; it never throws anything else. The database half of this runs in the service test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodFormat } from './columns.ts';
import { IndicatorFileError } from './errors.ts';
import { badFile, type BadFile } from './fixtures/mutations.ts';
import { readIndicatorFile, type IndicatorFileReading } from './read.ts';
import { rowKey } from './row.ts';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1_500);

/** What an accepted row must satisfy, checked independently of the reader's own rules. */
function expectValidRows(file: BadFile, reading: IndicatorFileReading): void {
  const keys = new Set<string>();
  for (const row of reading.rows) {
    expect(row.area).toMatch(/^(000|08[1-5]|[1-9]\d\d)$/);
    expect(row.period).toMatch(periodFormat(file.indicator).pattern);
    const f = row.figure;
    if (f.kind === 'share') {
      expect(Number.isFinite(f.numerator) && Number.isFinite(f.denominator)).toBe(true);
      expect(f.denominator).toBeGreaterThan(0);
      expect(f.numerator).toBeGreaterThanOrEqual(0);
      expect(f.numerator).toBeLessThanOrEqual(f.denominator);
    } else if (f.kind === 'count') expect(Number.isSafeInteger(f.count) && f.count >= 0).toBe(true);
    else expect(Number.isFinite(f.value)).toBe(true);
    expect(keys.has(rowKey(row))).toBe(false);
    keys.add(rowKey(row));
  }
  for (const r of reading.rejected) {
    expect(r.line).toBeGreaterThanOrEqual(1);
    expect(r.reason.trim()).not.toBe('');
  }
}

describe('bad indicator files (property)', () => {
  it(`are refused cleanly or read validly, over ${FUZZ_RUNS} generated files`, async () => {
    const tally = { refusedWhole: 0, refusedRows: 0, accepted: 0 };
    const byMutation = new Map<string, number>();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(badFile, async (file) => {
        const bytes = await file.build();
        const kind = file.mutation.replace(/ ".*"$/, '');
        byMutation.set(kind, (byMutation.get(kind) ?? 0) + 1);
        let reading: IndicatorFileReading;
        try {
          reading = await readIndicatorFile({ name: file.name, bytes }, file.indicator);
        } catch (e) {
          if (!(e instanceof IndicatorFileError)) throw e;
          expect(e.message.trim()).not.toBe('');
          tally.refusedWhole++;
          return;
        }
        expectValidRows(file, reading);
        if (reading.rejected.length > 0) tally.refusedRows++;
        else {
          expect(file.mustRefuse, `${file.mutation} left the file valid`).toBe(false);
          tally.accepted++;
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `fuzz (reader): ${FUZZ_RUNS} files in ${seconds.toFixed(1)} s — refused whole ${tally.refusedWhole}, ` +
        `refused by rows ${tally.refusedRows}, accepted ${tally.accepted}; by mutation ${JSON.stringify(Object.fromEntries(byMutation))}`,
    );
    expect(tally.refusedWhole + tally.refusedRows).toBeGreaterThanOrEqual(Math.min(1_000, FUZZ_RUNS * 0.66));
  }, 180_000);
});
