// The CSV cell rules for Danish Excel, the in-memory login limiter, and Copenhagen days.
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './audit-csv.ts';
import { RateLimiter } from './auth/rate-limit.ts';
import { copenhagenStamp, nextDay, parseDay, startOfDay } from './copenhagen-time.ts';

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+45 12345678', "'+45 12345678"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['a;b', '"a;b"'],
    ['sagde "hej"', '"sagde ""hej"""'],
    ['linje\nto', '"linje\nto"'],
    ['=a;b', `"'=a;b"`],
    ['æøå', 'æøå'],
    [null, ''],
    [12, '12'],
  ])('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('ends every line with CRLF and separates with ;', () => {
    expect(csvLine(['a', 'b', undefined])).toBe('a;b;\r\n');
  });
});

describe('login limiter', () => {
  it('allows max hits in a window per key, says when to try again, and forgets old hits', () => {
    const l = new RateLimiter(3, 60_000);
    expect([0, 1000, 2000].map((t) => l.hit('a', t).allowed)).toEqual([true, true, true]);
    expect(l.hit('a', 30_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(l.hit('b', 30_000).allowed).toBe(true);
    expect(l.hit('a', 60_001).allowed).toBe(true);
  });

  it('stays within its size bound', () => {
    const l = new RateLimiter(1, 1000, 100);
    for (let i = 0; i < 1000; i++) l.hit(`ip-${i}`, i * 10);
    expect((l as unknown as { hits: Map<string, number[]> }).hits.size).toBeLessThanOrEqual(101);
  });
});

describe('Copenhagen days', () => {
  it.each([
    ['2026-01-15', '2026-01-14T23:00:00.000Z'], // winter, UTC+1
    ['2026-07-15', '2026-07-14T22:00:00.000Z'], // summer, UTC+2
    ['2026-03-29', '2026-03-28T23:00:00.000Z'], // the day summer time begins
    ['2026-10-25', '2026-10-24T22:00:00.000Z'], // the day it ends
  ])('%s begins at %s', (day, iso) => {
    expect(startOfDay(parseDay(day) as { y: number; m: number; d: number }).toISOString()).toBe(iso);
  });

  it('refuses days that do not exist and steps over month ends', () => {
    expect(parseDay('2026-02-29')).toBeUndefined();
    expect(parseDay('2026-1-1')).toBeUndefined();
    expect(nextDay({ y: 2026, m: 12, d: 31 })).toEqual({ y: 2027, m: 1, d: 1 });
  });

  it('prints a moment the way Excel reads it', () => {
    expect(copenhagenStamp(new Date('2026-07-01T10:00:05Z'))).toBe('2026-07-01 12:00:05');
  });
});
