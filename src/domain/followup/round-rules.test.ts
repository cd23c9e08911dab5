// The round form at a given moment (required deadline, a past deadline only when confirmed, dates that
// exist, bounded titles), which note a correction supersedes, who answers for an area, and when an
// intervention's responsible centre leaves an editor's own centres.
import { describe, expect, it } from 'vitest';
import { areaResponsibles, checkRoundForm, checkSupersedes, leadMovesAway } from './index.ts';

describe('checkRoundForm', () => {
  // 2022-06-10 in Copenhagen; 22:30 UTC on the 9th is already the 10th there.
  const now = new Date('2022-06-09T22:30:00Z');
  it.each([
    [
      { title: 'Runde', deadline: '2022-06-15' },
      { ok: true, title: 'Runde', deadline: '2022-06-15', pastDeadline: false },
    ],
    [
      { title: 'Runde', deadline: '2022-06-10' },
      { ok: true, title: 'Runde', deadline: '2022-06-10', pastDeadline: false },
    ],
    [
      { title: 'Runde', deadline: '2022-06-09' },
      { ok: false, errors: [{ field: 'deadline', problem: 'inPast' }] },
    ],
    [
      { title: 'Runde', deadline: '2000-01-01' },
      { ok: false, errors: [{ field: 'deadline', problem: 'inPast' }] },
    ],
    [
      { title: 'Runde', deadline: '2000-01-01', confirmPast: true },
      { ok: true, title: 'Runde', deadline: '2000-01-01', pastDeadline: true },
    ],
    [
      { title: 'Runde', deadline: '' },
      { ok: false, errors: [{ field: 'deadline', problem: 'required' }] },
    ],
    [
      { title: 'Runde', deadline: '2025-02-30' },
      { ok: false, errors: [{ field: 'deadline', problem: 'doesNotExist' }] },
    ],
    [
      { title: 'Runde', deadline: '30-02-2025' },
      { ok: false, errors: [{ field: 'deadline', problem: 'format' }] },
    ],
    [
      { title: 'x'.repeat(10_000), deadline: '2022-07-01' },
      { ok: false, errors: [{ field: 'title', problem: 'tooLong' }] },
    ],
    [
      { title: '', deadline: '1999-12-31' },
      {
        ok: false,
        errors: [
          { field: 'title', problem: 'required' },
          { field: 'deadline', problem: 'outOfRange' },
        ],
      },
    ],
  ])('%j', (form, expected) => expect(checkRoundForm(form, now)).toEqual(expected));
});

describe('checkSupersedes', () => {
  it.each([
    [undefined, '', { ok: true, supersedes: null }],
    [undefined, '7', { ok: false, problem: 'stale' }],
    ['7', '7', { ok: true, supersedes: '7' }],
    ['8', '7', { ok: false, problem: 'stale' }],
    ['7', '', { ok: false, problem: 'stale' }],
    ['7', ' 7 ', { ok: true, supersedes: '7' }],
  ] as const)('current %s, form %j', (current, given, expected) =>
    expect(checkSupersedes(current, given)).toEqual(expected),
  );
});

describe('areaResponsibles', () => {
  const person = (displayName: string, roles: string[], centres: string[], disabled = false) => ({
    displayName,
    email: `${displayName.toLowerCase()}@ballerup.dk`,
    roles,
    centres,
    disabled,
  });
  const people = [
    person('Åse', ['editor'], ['cfa']),
    person('Bo', ['editor'], ['cfa', 'bem']),
    person('Carl', ['editor'], ['bem']),
    person('Dorte', ['admin'], []),
    person('Erik', ['editor'], ['cfa'], true),
    person('Anna', ['reader'], []),
  ];
  it.each([
    ['cfa', ['Bo', 'Åse']],
    ['bem', ['Bo', 'Carl']],
    ['ingen', []],
  ])('%s', (lead, names) => expect(areaResponsibles(lead, people).map((p) => p.displayName)).toEqual(names));
});

describe('leadMovesAway', () => {
  it.each([
    [['a'], 'a', 'b', true],
    [['a', 'b'], 'a', 'b', false],
    [['a'], 'a', 'a', false],
    [['a'], 'c', 'b', false], // it was not theirs to begin with
    [[], 'a', 'b', false],
  ])('own %j, %s → %s', (own, before, after, expected) =>
    expect(leadMovesAway(own, before, after)).toBe(expected),
  );
});
