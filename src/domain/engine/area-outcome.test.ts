// An area's status from indicators of every kind: the majority rule, and words that fit the indicators voting.
import { describe, expect, it } from 'vitest';
import { combineOutcomes, statusColour, statusKeys, statusVote, type OutcomeItem } from './index.ts';

const gap = (status: OutcomeItem['status']): OutcomeItem => ({ status, gap: true });
const level = (status: OutcomeItem['status']): OutcomeItem => ({ status, gap: false });

describe('combineOutcomes', () => {
  it.each<[string, OutcomeItem[], string]>([
    ['gaps closing keep the gap words', [gap('closing'), gap('closing'), gap('widening')], 'closing'],
    ['levels improving say so', [level('improving'), level('on-track'), gap('widening')], 'improving'],
    ['levels worsening say so', [level('worsening'), level('changed'), level('steady')], 'worsening'],
    ['a target missed votes against', [level('target-not-met'), level('off-track')], 'worsening'],
    ['a tie is no clear change', [level('improving'), gap('widening')], 'no-clear-change'],
    [
      'an unclear target votes for neither',
      [level('target-unclear'), level('no-clear-trend'), level('improving')],
      'no-clear-change',
    ],
    ['monitored indicators do not vote', [level('monitor'), level('monitor')], 'not-enough-data'],
    [
      'not assessed does not vote',
      [level('not-assessed'), level('no-spread'), level('improving')],
      'improving',
    ],
    ['an empty area', [], 'not-enough-data'],
  ])('%s', (_, items, status) => {
    expect(combineOutcomes(items).status).toBe(status);
  });

  it('counts every status, voting or not', () => {
    const o = combineOutcomes([level('monitor'), level('improving'), gap('closing'), gap('invalid')]);
    expect(o.counts.monitor).toBe(1);
    expect(o.counts.improving).toBe(1);
    expect(o.counts.closing).toBe(1);
    expect(o.counts.invalid).toBe(1);
    expect(o.counts.widening).toBe(0);
    expect([o.voting, o.total]).toEqual([2, 4]);
  });
});

describe('statusKeys', () => {
  it('lists every status once', () => {
    expect([...statusKeys].sort()).toEqual(Object.keys(statusVote).sort());
    expect(new Set(statusKeys).size).toBe(statusKeys.length);
  });
});

describe('statusColour', () => {
  it('colours good votes green, bad red, neutral yellow and no judgement white', () => {
    const colour = { good: 'green', bad: 'red', neutral: 'yellow', none: 'white' } as const;
    for (const key of statusKeys) expect(statusColour('traffic-light', key)).toBe(colour[statusVote[key]]);
  });
});
