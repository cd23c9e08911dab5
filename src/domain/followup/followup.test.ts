// The follow-up rules on their own: dates that exist, text limits, and the round overview at a given moment.
import { describe, expect, it } from 'vitest';
import { checkText, danishDate, parseIsoDate, roundCounts, roundOverview } from './index.ts';

describe('parseIsoDate', () => {
  it.each([
    ['2024-02-29', { ok: true, date: '2024-02-29' }],
    ['2023-02-29', { ok: false, problem: 'doesNotExist' }],
    ['2023-04-31', { ok: false, problem: 'doesNotExist' }],
    ['2023-13-01', { ok: false, problem: 'doesNotExist' }],
    ['2023-00-10', { ok: false, problem: 'doesNotExist' }],
    ['2023-1-5', { ok: false, problem: 'format' }],
    ['5/1/2023', { ok: false, problem: 'format' }],
    ['1899-12-31', { ok: false, problem: 'outOfRange' }],
    [' 2023-01-05 ', { ok: true, date: '2023-01-05' }],
    ["2023-01-05' or '1'='1", { ok: false, problem: 'format' }],
  ])('%s', (raw, expected) => expect(parseIsoDate(raw)).toEqual(expected));
});

describe('checkText', () => {
  const one = { max: 5, required: true, multiline: false };
  it.each([
    ['  abc  ', one, { ok: true, text: 'abc' }],
    ['', one, { ok: false, problem: 'required' }],
    ['', { ...one, required: false }, { ok: true, text: '' }],
    ['ææææææ', one, { ok: false, problem: 'tooLong' }],
    ['😀😀😀😀😀', one, { ok: true, text: '😀😀😀😀😀' }],
    ['a\nb', one, { ok: false, problem: 'controlCharacters' }],
    ['a\r\nb', { ...one, multiline: true }, { ok: true, text: 'a\nb' }],
    ['a\u0007b', { ...one, multiline: true }, { ok: false, problem: 'controlCharacters' }],
  ])('%j', (raw, options, expected) => expect(checkText(raw, options)).toEqual(expected));
});

describe('roundOverview', () => {
  const round = { deadline: '2022-06-15' };
  const areas = ['a', 'b', 'c'];
  const note = (iso: string) => ({ createdAt: new Date(iso) });

  it('is missing before the deadline and late after it, in Danish time', () => {
    const notes = new Map([['a', note('2022-06-15T21:30:00Z')]]); // 23:30 in Copenhagen: on time
    const onDay = roundOverview(round, areas, notes, new Date('2022-06-15T21:59:00Z'));
    expect(onDay.map((e) => e.state)).toEqual(['submitted', 'missing', 'missing']);
    const after = roundOverview(round, areas, notes, new Date('2022-06-15T22:00:00Z')); // 00:00 on the 16th
    expect(after.map((e) => e.state)).toEqual(['submitted', 'late', 'late']);
    expect(roundCounts(after)).toEqual({ submitted: 1, 'submitted-late': 0, missing: 0, late: 2 });
  });

  it('marks a note written after the deadline day as late', () => {
    const notes = new Map([['b', note('2022-06-15T22:10:00Z')]]);
    expect(roundOverview(round, areas, notes, new Date('2022-07-01'))[1]?.state).toBe('submitted-late');
  });

  it('reads instants as Danish calendar dates across daylight saving', () => {
    expect(danishDate(new Date('2022-03-26T23:30:00Z'))).toBe('2022-03-27');
    expect(danishDate(new Date('2022-10-30T22:30:00Z'))).toBe('2022-10-30');
  });
});
