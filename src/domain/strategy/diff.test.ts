// Changes between two versions named by the items they lie in, on the bundled Ballerup definition.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffDefinitions } from './diff.ts';
import { parseStrategyDefinition } from './parse.ts';
import type { StrategyDefinition } from './schema.ts';
import { diffWords } from './word-diff.ts';

const file = new URL('../../../strategies/ballerup-integrationsstrategi-2021-2023.yaml', import.meta.url);
const ballerup = (): StrategyDefinition => {
  const parsed = parseStrategyDefinition(readFileSync(file), 'ballerup.yaml');
  if (!parsed.ok) throw new Error('the bundled definition does not parse');
  return structuredClone(parsed.definition);
};

describe('diffDefinitions', () => {
  it('finds nothing between a definition and itself', () => {
    expect(diffDefinitions(ballerup(), ballerup())).toEqual([]);
  });

  it('names the area and the indicator a changed field lies in, and the field below them', () => {
    const before = ballerup();
    const after = ballerup();
    const area = after.areas[0];
    const indicator = area?.indicators[1];
    if (!area || !indicator) throw new Error('fixture');
    indicator.direction = indicator.direction === 'up' ? 'down' : 'up';
    const [change] = diffDefinitions(before, after);
    expect(change).toMatchObject({
      kind: 'changed',
      path: 'areas[0].indicators[1].direction',
      items: [
        { list: 'areas', id: area.id, title: area.title },
        { list: 'indicators', id: indicator.id, title: indicator.title },
      ],
      field: ['direction'],
    });
  });

  it('names an intervention added and an indicator removed by their text and title, not their position', () => {
    const before = ballerup();
    const after = ballerup();
    const area = after.areas[1];
    if (!area) throw new Error('fixture');
    const removed = area.indicators.shift();
    area.interventions?.items.unshift({ id: 'ny-indsats', text: 'Mentorordning for unge' });
    const changes = diffDefinitions(before, after);
    expect(changes).toHaveLength(2);
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: 'added',
        items: [
          expect.objectContaining({ list: 'areas' }),
          { list: 'items', id: 'ny-indsats', title: 'Mentorordning for unge' },
        ],
        field: [],
      }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: 'removed',
        items: [
          expect.objectContaining({ list: 'areas' }),
          expect.objectContaining({ list: 'indicators', title: removed?.title }),
        ],
        field: [],
      }),
    );
  });

  it('gives the position within a list of texts as part of the field', () => {
    const before = ballerup();
    const after = ballerup();
    const area = after.areas.find((a) => (a.goal?.statements.length ?? 0) > 0);
    if (!area) throw new Error('fixture');
    if (!area.goal) throw new Error('fixture');
    area.goal.statements[0] = `${area.goal.statements[0]} Revideret.`;
    expect(diffDefinitions(before, after)).toEqual([
      expect.objectContaining({ kind: 'changed', field: ['goal', 'statements', 0] }),
    ]);
  });
});

describe('diffWords', () => {
  const ops = (a: string, b: string) => diffWords(a, b).map((s) => `${s.op}:${s.text}`);

  it('marks the words removed and added and keeps the rest', () => {
    expect(ops('Flere unge i job', 'Flere unge i job eller uddannelse')).toEqual([
      'same:Flere unge i job ',
      'added:eller uddannelse',
    ]);
  });

  it('gives back both texts when its segments are joined', () => {
    const a = 'Gabet skal lukkes, så flere borgere med ikke-vestlig baggrund kommer i job.';
    const b = 'Gabet skal mindskes, så flere borgere kommer i job eller uddannelse.';
    const segments = diffWords(a, b);
    expect(
      segments
        .filter((s) => s.op !== 'added')
        .map((s) => s.text)
        .join(''),
    ).toBe(a);
    expect(
      segments
        .filter((s) => s.op !== 'removed')
        .map((s) => s.text)
        .join(''),
    ).toBe(b);
    expect(segments.filter((s) => s.op === 'removed').map((s) => s.text.trim())).toEqual([
      'lukkes,',
      'med ikke-vestlig baggrund',
      'job.',
    ]);
  });

  it('handles empty texts and very long ones', () => {
    expect(ops('', 'ny tekst')).toEqual(['added:ny tekst']);
    expect(ops('gammel tekst', '')).toEqual(['removed:gammel tekst']);
    const long = 'ord '.repeat(3000);
    expect(diffWords(long, `${long}mere`)).toEqual([
      { op: 'removed', text: long },
      { op: 'added', text: `${long}mere` },
    ]);
  });
});
