// docs/strategy-format.md stays true: every YAML snippet on the page is valid where it belongs in a definition
// (put into the docs example in its place and parsed by the zod schema), every value the schema allows for a
// closed list is named on the page, and the error lines it shows are the parser's own.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { format2Faults } from '../../../test/support/strategy-faults.ts';
import { formatDefinitionError, parseStrategyDefinition } from './parse.ts';
import {
  breakdownKinds,
  formatPath,
  directions,
  indicatorKinds,
  interventionStatusNames,
  originCategories,
  sourceKinds,
  strategySchema,
  unitKinds,
  unitNames,
} from './schema.ts';

const inRepo = (file: string) => new URL(`../../../${file}`, import.meta.url);
const page = readFileSync(inRepo('docs/strategy-format.md'), 'utf8');
const example = parse(readFileSync(inRepo('docs/examples/strategy-example.yaml'), 'utf8')) as Example;

interface Example {
  organisation: { units: { id: string }[] };
  areas: { indicators: { id: string }[]; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** Each ```yaml block, without the indentation of its fence (a block inside a numbered step is indented). */
const snippets = [...page.matchAll(/^( *)```yaml\n([\s\S]*?)^\1```/gm)].map((m) =>
  m[2]!.replace(new RegExp(`^${m[1]}`, 'gm'), ''),
);

/** The example with one snippet put where it belongs; undefined for a snippet that is an outline only. */
function withSnippet(snippet: unknown): Example | undefined {
  const d = structuredClone(example);
  const indicator = d.areas[0]!.indicators[1] as Record<string, unknown>; // ledighed-uger: a level in weeks
  if (Array.isArray(snippet)) {
    for (const ind of snippet as { id: string }[]) {
      const area = d.areas.find((a) => a.indicators.some((i) => i.id === ind.id));
      if (!area) return undefined;
      area.indicators = area.indicators.map((i) => (i.id === ind.id ? ind : i));
    }
    return d;
  }
  if (snippet === null || typeof snippet !== 'object') return undefined;
  for (const [key, value] of Object.entries(snippet)) {
    if (['target', 'baseline', 'benchmark', 'unit', 'awaitingData', 'source'].includes(key))
      indicator[key] = value;
    else if (key === 'goals' || key === 'interventions') d.areas[0]![key] = value;
    else if (key === 'organisation') {
      const given = value as Example['organisation'];
      const missing = d.organisation.units.filter((u) => !given.units.some((g) => g.id === u.id));
      d.organisation = { ...given, units: [...given.units, ...missing] };
    } else if (key === 'areas') {
      // An outline of an area: its fields over the example's first area, leaving out the `[...]` and `{ ... }`.
      const outline = (value as Record<string, unknown>[])[0] ?? {};
      const isPlaceholder = (v: unknown) =>
        JSON.stringify(v) === '["..."]' || JSON.stringify(v) === '{"...":null}';
      for (const [field, v] of Object.entries(outline)) if (!isPlaceholder(v)) d.areas[0]![field] = v;
    } else if (['period', 'levels', 'coordination', 'evaluation'].includes(key)) d[key] = value;
    else return undefined;
  }
  return d;
}

describe('docs/strategy-format.md', () => {
  it('has YAML snippets that are all valid YAML', () => {
    expect(snippets.length).toBeGreaterThan(20);
    for (const s of snippets) expect(() => parse(s), s).not.toThrow();
  });

  it('has snippets that are valid where they belong in a definition', () => {
    let checked = 0;
    for (const s of snippets) {
      const d = withSnippet(parse(s));
      if (!d) continue;
      checked++;
      const r = strategySchema.safeParse(d);
      const problems = r.success ? [] : r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
      expect(problems, s).toEqual([]);
    }
    expect(checked).toBeGreaterThanOrEqual(21);
  });

  it('names every value of the closed lists the schema allows', () => {
    const lists = [
      unitKinds,
      unitNames,
      directions,
      indicatorKinds,
      sourceKinds,
      interventionStatusNames,
      breakdownKinds,
      originCategories,
      ['traffic-light', 'at-least', 'at-most', 'equal', 'unknown', 'others', 'danish-origin'],
      ['difference', 'ratio', 'year', 'quarter', 'month', 'survey-round'],
    ];
    for (const value of lists.flat())
      expect(page, value).toMatch(new RegExp(`(?<![\\w-])${value}(?![\\w-])`));
  });

  it('shows error lines the parser really gives', () => {
    const shown = [...page.matchAll(/^strategi\.yaml:\d+:\d+: .*$/gm)].map((m) => m[0]);
    const given = format2Faults.flatMap((f) => {
      const r = parseStrategyDefinition(Buffer.from(f.text), 'strategi.yaml');
      return r.ok ? [] : r.errors.map(formatDefinitionError);
    });
    expect(shown).toHaveLength(2);
    for (const line of shown) expect(given).toContain(line);
  });
});
