// A bad declaration of a share computed across sources is refused with one error at the field concerned, naming
// the indicator: an unknown source table, a period rule not known, a denominator query missing, a cube not queried.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseStrategyDefinition, type DefinitionError } from './parse.ts';

const bundled = readFileSync(
  path.join(
    path.dirname(new URL(import.meta.url).pathname),
    '..',
    '..',
    '..',
    'strategies',
    'ballerup-integrationsstrategi-2021-2023.yaml',
  ),
  'utf8',
);

type Json = Record<string, unknown>;
/** The bundled definition with `edit` applied to one indicator's `source.combine`, parsed again. */
function errorsWith(indicatorId: string, edit: (combine: Json) => void): readonly DefinitionError[] {
  const doc = parse(bundled) as { areas: { indicators: { id: string; source: { combine: Json } }[] }[] };
  const ind = doc.areas.flatMap((a) => a.indicators).find((i) => i.id === indicatorId);
  if (!ind) throw new Error(indicatorId);
  edit(ind.source.combine);
  const r = parseStrategyDefinition(new TextEncoder().encode(stringify(doc)), 'strategi.yaml');
  return r.ok ? [] : r.errors;
}

const at = (field: string) => `areas[0].indicators[0].source.combine.${field}`;

describe('source.combine in the definition', () => {
  it('is accepted as the bundled strategy declares it', () => {
    expect(parseStrategyDefinition(new TextEncoder().encode(bundled), 'strategi.yaml').ok).toBe(true);
  });

  it('refuses a Jobindsats table the indicator does not query', () => {
    const errors = errorsWith('offentlig-forsoergelse', (c) => {
      (c.numerator as Json).jobindsats = ['Y01A02', 'Y60A02'];
    });
    expect(errors).toMatchObject([
      {
        file: 'strategi.yaml',
        at: at('numerator.jobindsats[1]'),
        message:
          'indicator "offentlig-forsoergelse": "Y60A02" is not a table of its Jobindsats queries (source.jobindsats: Y01A02, Y36A02, Y38A02, Y35A02)',
      },
    ]);
  });

  it('refuses a measure the queries do not ask for', () => {
    const errors = errorsWith('offentlig-forsoergelse', (c) => {
      (c.numerator as Json).measure = 'Antal personer';
    });
    expect(errors[0]?.at).toBe(at('numerator.measure'));
    expect(errors[0]?.message).toMatch(
      /"Antal personer" is not a measure of the Y01A02 query \(Antal fuldtidspersoner\)/,
    );
  });

  it('refuses a period rule it does not know, naming the known ones', () => {
    const errors = errorsWith('offentlig-forsoergelse', (c) => {
      c.periods = 'last-month';
    });
    expect(errors).toMatchObject([
      {
        file: 'strategi.yaml',
        at: at('periods'),
        message:
          'period rule "last-month" is not known; expected quarter-mean-of-months or quarter-middle-month',
      },
    ]);
  });

  it('refuses a denominator without its StatBank query, and a missing denominator', () => {
    const noQuery = errorsWith('offentlig-forsoergelse', (c) => {
      delete (c.denominator as Json).statbank;
    });
    expect(noQuery).toMatchObject([
      {
        file: 'strategi.yaml',
        at: at('denominator.statbank'),
        message:
          'indicator "offentlig-forsoergelse": the denominator query is missing (a StatBank query such as FOLK1E)',
      },
    ]);
    const none = errorsWith('offentlig-forsoergelse', (c) => {
      delete c.denominator;
    });
    expect(none.map((e) => [e.at, e.message])).toEqual([
      [
        at('denominator'),
        'indicator "offentlig-forsoergelse": the denominator is missing (source.combine.denominator with its StatBank query)',
      ],
    ]);
  });

  it('refuses a selected age the denominator query does not ask for, and a variable it does not have', () => {
    const errors = errorsWith('offentlig-forsoergelse', (c) => {
      const d = c.denominator as Json;
      d.select = { ALDER: ['15', '16'], CIVILSTAND: ['U'] };
    });
    expect(errors.map((e) => e.at)).toEqual([
      at('denominator.select.CIVILSTAND'),
      at('denominator.select.ALDER'),
    ]);
    expect(errors[1]?.message).toBe(
      'indicator "offentlig-forsoergelse": ALDER 15 is not asked for by the denominator query',
    );
  });

  it('refuses an unknown kind, a cube the indicator does not query and an origin code it cannot read', () => {
    expect(errorsWith('offentlig-forsoergelse', (c) => (c.kind = 'ratio'))[0]?.message).toBe(
      'expected kind "counts-over-population" or "education-shares"',
    );
    const cube = errorsWith('karakter-skriftlig-dansk-og-matematik', (c) => (c.cube = 'GS/KARA/FP9'));
    expect(cube[0]?.message).toBe(
      'indicator "karakter-skriftlig-dansk-og-matematik": "GS/KARA/FP9" is not a cube of its education statistics queries (source.uddannelsesstatistik: GS/KARA/KARADM)',
    );
    const code = errorsWith(
      'karakter-skriftlig-dansk-og-matematik',
      (c) => (c.target = ['24+25', 'Efterkommere']),
    );
    expect(code[0]?.message).toBe('"Efterkommere" is not an origin code such as 1, 25 or 24+25');
    const overlap = errorsWith('karakter-skriftlig-dansk-og-matematik', (c) => (c.comparison = ['1', '24']));
    expect(overlap[0]?.message).toMatch(/origin code "24" overlaps another; the groups would share pupils/);
  });
});
