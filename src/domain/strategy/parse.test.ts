// The definition loader: one error per bad file at a known path, refusals before parsing, and a content hash
// that changes with the words and not with the layout.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatDefinitionError,
  MAX_DEFINITION_BYTES,
  parseStrategyDefinition,
  type ParseResult,
} from './parse.ts';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/strategies/${name}`, import.meta.url));

function errorsOf(result: ParseResult) {
  if (result.ok) throw new Error('expected the definition to be refused');
  return result.errors;
}

function definitionOf(result: ParseResult) {
  if (!result.ok) throw new Error(result.errors.map(formatDefinitionError).join('\n'));
  return result;
}

describe('parseStrategyDefinition refuses a bad file with one error at the right place', () => {
  // Each invalid-*.yaml is minimal.yaml with one fault; `message` is a meaningful part of the message.
  const cases = [
    {
      file: 'invalid-syntax-error.yaml',
      at: 'line 4, column 25',
      message: 'syntax error: Missing closing "quote',
    },
    {
      file: 'invalid-syntax-error-colon-in-text.yaml',
      at: 'line 41, column 15',
      message: 'syntax error: Nested mappings are not allowed in compact mappings',
    },
    {
      file: 'invalid-duplicate-key.yaml',
      at: 'line 41, column 5',
      message: 'syntax error: Map keys must be unique',
    },
    {
      file: 'invalid-missing-required-field.yaml',
      at: 'areas[0].ambition',
      message: '"ambition" is missing (expected text)',
    },
    {
      file: 'invalid-duplicate-indicator-id.yaml',
      at: 'areas[0].indicators[1].id',
      message: 'duplicate indicator id "andel" (also at areas[0].indicators[0])',
    },
    { file: 'invalid-unknown-field.yaml', at: 'areas[0].indicators[0]', message: 'unknown field "colour"' },
    { file: 'invalid-wrong-type.yaml', at: 'areas[0].title', message: 'expected text, got the number 42' },
    {
      file: 'invalid-unknown-direction.yaml',
      at: 'areas[0].indicators[0].direction',
      message: 'expected "up", "down" or "parity", got "sideways"',
    },
    {
      file: 'invalid-unknown-centre.yaml',
      at: 'areas[0].organisation.lead',
      message: 'unknown centre "center-b"',
    },
    {
      file: 'invalid-wrong-format-version.yaml',
      at: 'formatVersion',
      message: 'expected 1 (or write "format: 2" for a version 2 definition)',
    },
    {
      file: 'invalid-text-ending-in-colon.yaml',
      at: 'areas[0].measurement.intro[0]',
      message: 'expected text, got a mapping',
    },
    { file: 'invalid-empty.yaml', at: '(file)', message: 'the file is empty' },
    { file: 'invalid-whitespace-only.yaml', at: '(file)', message: 'the file holds only white space' },
    { file: 'invalid-only-comments.yaml', at: '(root)', message: 'expected a mapping of fields' },
  ];

  it.each(cases)('$file: $at', ({ file, at, message }) => {
    const errors = errorsOf(parseStrategyDefinition(fixture(file), file));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file, at });
    expect(errors[0]?.message).toContain(message);
  });

  it('reports every shape error of a file at once, in document order', () => {
    const text = fixture('minimal.yaml')
      .toString('utf8')
      .replace('    title: Område', '    title: 42')
      .replace('        direction: up', '        direction: sideways');
    const errors = errorsOf(parseStrategyDefinition(Buffer.from(text, 'utf8'), 'two-faults.yaml'));
    expect(errors.map((e) => e.at)).toEqual(['areas[0].title', 'areas[0].indicators[0].direction']);
  });
});

describe('parseStrategyDefinition refuses a file that is not UTF-8, naming the first bad byte', () => {
  it('refuses the minimal definition saved as Latin-1', () => {
    const text = fixture('minimal.yaml').toString('utf8');
    const latin1 = Buffer.from(text, 'latin1');
    const firstNonAscii = [...text].findIndex((c) => c.charCodeAt(0) > 0x7f); // one byte a character in Latin-1
    expect(firstNonAscii).toBeGreaterThan(0);
    expect(errorsOf(parseStrategyDefinition(latin1, 'latin1.yaml'))).toEqual([
      {
        file: 'latin1.yaml',
        at: '(file)',
        message: `not valid UTF-8 (first bad byte at offset ${firstNonAscii}); save the file as UTF-8`,
      },
    ]);
  });

  const bytes = [
    { name: 'a lone continuation byte', bytes: [0x61, 0x62, 0x80, 0x63, 0x64, 0x65], offset: 2 },
    { name: 'Latin-1 "å" after valid UTF-8 "æ"', bytes: [0x61, 0xc3, 0xa6, 0x62, 0xe5, 0x20], offset: 4 },
    { name: 'a three-byte character cut short', bytes: [0x61, 0xe2, 0x82, 0x78, 0x79], offset: 1 },
    { name: 'a four-byte character cut off by the end', bytes: [0x61, 0x62, 0xf0, 0x9f, 0x98], offset: 2 },
    { name: 'Latin-1 "Å" as the last byte', bytes: [0x61, 0x3a, 0x20, 0xc5], offset: 3 },
    { name: 'an encoded surrogate', bytes: [0x61, 0xed, 0xa0, 0x80], offset: 1 },
  ];
  it.each(bytes)('$name: offset $offset', ({ bytes: b, offset }) => {
    const [error] = errorsOf(parseStrategyDefinition(Uint8Array.from(b), 'x.yaml'));
    expect(error?.message).toBe(
      `not valid UTF-8 (first bad byte at offset ${offset}); save the file as UTF-8`,
    );
  });
});

describe('parseStrategyDefinition refuses an oversized file before any parsing', () => {
  it('refuses 50 MB with a message about the size', () => {
    // 0xff is never valid UTF-8: any decoding or parsing would have produced a different error
    const huge = new Uint8Array(50 * 1024 * 1024).fill(0xff);
    expect(errorsOf(parseStrategyDefinition(huge, 'huge.yaml'))).toEqual([
      {
        file: 'huge.yaml',
        at: '(file)',
        message: 'the file is 50.0 MB; a strategy definition may be at most 2.0 MB',
      },
    ]);
  });

  it('lets a file of exactly the limit through to the next check, and refuses one byte more', () => {
    const atLimit = new Uint8Array(MAX_DEFINITION_BYTES).fill(0x20);
    expect(errorsOf(parseStrategyDefinition(atLimit, 'x.yaml'))[0]?.message).toBe(
      'the file holds only white space',
    );
    const over = new Uint8Array(MAX_DEFINITION_BYTES + 1).fill(0x20);
    expect(errorsOf(parseStrategyDefinition(over, 'x.yaml'))[0]?.message).toMatch(
      /^the file is [\d.]+ MB; a strategy definition may be at most 2\.0 MB$/,
    );
  });
});

describe('a second definition loads with no code change', () => {
  it('parses the invented Aarhus example', () => {
    const { definition } = definitionOf(
      parseStrategyDefinition(fixture('aarhus-sundhed-eksempel.yaml'), 'aarhus-sundhed-eksempel.yaml'),
    );
    expect(definition.organisation).toMatchObject({ name: 'Aarhus Kommune', areaCode: '751' });
    expect(definition.areas.map((a) => a.id)).toEqual(['bevaegelse', 'roegfri-ungdom']);
    expect(definition.areas.flatMap((a) => a.indicators.map((i) => i.kind))).toEqual([
      'gap',
      'count',
      'level',
    ]);
    expect(definition.targetGroup?.populationTable).toBeUndefined();
    // defaults fill what the file leaves out
    expect(definition.areas[1]?.organisation.involved).toEqual([]);
    expect(definition.areas[0]?.indicators[1]?.breakdowns).toEqual([]);
    expect(definition.targetGroup?.countries.oceaniaExcept).toEqual([]);
  });

  it('parses the minimal definition that the invalid files are made from', () => {
    const { definition } = definitionOf(parseStrategyDefinition(fixture('minimal.yaml'), 'minimal.yaml'));
    expect(definition.id).toBe('eksempel-minimal');
  });
});

describe('the content hash', () => {
  const aarhus = fixture('aarhus-sundhed-eksempel.yaml').toString('utf8');
  const hashOf = (text: string) =>
    definitionOf(parseStrategyDefinition(Buffer.from(text, 'utf8'), 'x.yaml')).contentHash;

  it('is a SHA-256 in hex, the same for the same bytes', () => {
    expect(hashOf(aarhus)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf(aarhus)).toBe(hashOf(aarhus));
  });

  it('is the same for the same content with other comments, indentation, quoting and key order', () => {
    const relaidOut = aarhus
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .map((line) =>
        line.replace(
          /^( *)(- )?/,
          (_, spaces: string, dash?: string) => spaces + spaces + (dash ? '-   ' : ''),
        ),
      ) // double every indentation
      .join('\n')
      .replace('label: 2024-2027', "label: '2024-2027' # quoted now")
      .replace(
        'formatVersion: 1\nid: aarhus-sundhed-eksempel\n',
        'id: aarhus-sundhed-eksempel\nformatVersion: 1\n',
      );
    expect(relaidOut).not.toBe(aarhus);
    expect(hashOf(`# Another comment\n${relaidOut}`)).toBe(hashOf(aarhus));
  });

  it('changes with one changed word', () => {
    const changed = aarhus.replace('Røgfri skoletid på alle skoler', 'Røgfri skoletid på de fleste skoler');
    expect(changed).not.toBe(aarhus);
    expect(hashOf(changed)).not.toBe(hashOf(aarhus));
  });
});

describe('formatDefinitionError', () => {
  it('gives file: path: message', () => {
    expect(
      formatDefinitionError({ file: 'a.yaml', at: 'areas[0].title', message: 'expected string, got number' }),
    ).toBe('a.yaml: areas[0].title: expected string, got number');
  });

  it('gives a real error its line and column, and names the items by their ids', () => {
    const file = 'invalid-unknown-direction.yaml';
    const [error] = errorsOf(parseStrategyDefinition(fixture(file), file));
    expect(error && formatDefinitionError(error)).toBe(
      'invalid-unknown-direction.yaml:57:20: area "omraade" › indicator "andel" › direction (areas[0].indicators[0].direction): expected "up", "down" or "parity", got "sideways"',
    );
    // Line 57 of the file holds the value given.
    expect(fixture(file).toString('utf8').split('\n')[56]?.slice(19)).toMatch(/^sideways/);
  });

  it('places a missing field at the mapping it is missing from, and shows the value given for a wrong type', () => {
    const missing = errorsOf(
      parseStrategyDefinition(fixture('invalid-missing-required-field.yaml'), 'm.yaml'),
    )[0];
    expect(missing?.where).toBe('area "omraade" › ambition');
    expect(missing?.line).toBeGreaterThan(1);
    const wrong = errorsOf(parseStrategyDefinition(fixture('invalid-wrong-type.yaml'), 'w.yaml'))[0];
    expect(wrong && formatDefinitionError(wrong)).toMatch(
      /^w\.yaml:\d+:\d+: area "omraade" › title \(areas\[0\]\.title\): expected text, got the number 42$/,
    );
  });
});

describe('source queries of Jobindsats and the education statistics API', () => {
  const minimal = fixture('minimal.yaml').toString('utf8');
  const SOURCE = '        source:\n          kind: file\n          publisher: Kommunen\n';
  expect(minimal).toContain(SOURCE);
  /** minimal.yaml with the indicator's source given these extra lines (YAML, indented under `source:`). */
  const withSource = (lines: string) =>
    Buffer.from(minimal.replace(SOURCE, `${SOURCE}${lines.replace(/^/gm, '          ')}\n`), 'utf8');

  const jobindsats = [
    'jobindsats:',
    '  - table: Y36A02',
    '    area: Ballerup',
    '    periods: ["2021K2", "2023M01", "2023"]',
    '    filters:',
    '      _oprinda: [Personer med dansk oprindelse, Indvandrere fra ikke-vestlige lande]',
    '      _kon: [Kvinder]',
    '    measures:',
    '      - label: Fuldtidspersoner',
    '    note: Kun kontanthjælp.',
  ].join('\n');
  const education = [
    'uddannelsesstatistik:',
    '  - field: GS',
    '    topic: KARA',
    '    subtopic: FP9',
    '    share: Andel elever med mindst 2 i dansk og matematik',
    '    denominator: Antal elever',
    '    area: "[Geografi].[Kommune]"',
    '    origin: "[Herkomst].[Herkomst]"',
  ].join('\n');

  it('reads both kinds of query into the definition', () => {
    const { definition } = definitionOf(
      parseStrategyDefinition(withSource(`${jobindsats}\n${education}`), 'queries.yaml'),
    );
    const source = definition.areas[0]?.indicators[0]?.source;
    expect(source?.jobindsats).toEqual([
      {
        table: 'Y36A02',
        area: 'Ballerup',
        periods: ['2021K2', '2023M01', '2023'],
        filters: {
          _oprinda: ['Personer med dansk oprindelse', 'Indvandrere fra ikke-vestlige lande'],
          _kon: ['Kvinder'],
        },
        measures: [{ label: 'Fuldtidspersoner' }],
        note: 'Kun kontanthjælp.',
      },
    ]);
    expect(source?.uddannelsesstatistik?.[0]).toMatchObject({
      field: 'GS',
      subtopic: 'FP9',
      origin: '[Herkomst].[Herkomst]',
    });
  });

  const at = 'areas[0].indicators[0].source';
  const bad = [
    {
      name: 'a table id that could change the request path',
      lines: jobindsats.replace('table: Y36A02', 'table: ../tables'),
      at: `${at}.jobindsats[0].table`,
      message: 'expected a Jobindsats table id such as Y36A02',
    },
    {
      name: 'no periods',
      lines: jobindsats.replace('periods: ["2021K2", "2023M01", "2023"]', 'periods: []'),
      at: `${at}.jobindsats[0].periods`,
      message: 'expected at least one period',
    },
    {
      name: 'a period in another notation',
      lines: jobindsats.replace('"2023M01"', '"2023-01"'),
      at: `${at}.jobindsats[0].periods[1]`,
      message: 'expected a period such as 2023, 2023K1 or 2023M01',
    },
    {
      name: 'a filter that is not a variable id',
      lines: jobindsats.replace('_kon: [Kvinder]', 'kon: [Kvinder]'),
      at: `${at}.jobindsats[0].filters.kon`,
      message: 'expected a variable id such as _kon or _oprinda',
    },
    {
      name: 'a filter without values',
      lines: jobindsats.replace('_kon: [Kvinder]', '_kon: []'),
      at: `${at}.jobindsats[0].filters._kon`,
      message: 'expected at least one value',
    },
    {
      name: 'no measure column',
      lines: jobindsats.replace('    measures:\n      - label: Fuldtidspersoner', '    measures: []'),
      at: `${at}.jobindsats[0].measures`,
      message: 'expected at least one measure column',
    },
    {
      name: 'a measure in an unknown unit',
      lines: jobindsats.replace('- label: Fuldtidspersoner', '- { label: Fuldtidspersoner, unit: kroner }'),
      at: `${at}.jobindsats[0].measures[0].unit`,
      message: 'expected "count", "share", "weeks" or "score", got "kroner"',
    },
    {
      name: 'a misspelt field',
      lines: jobindsats.replace('    area: Ballerup', '    area: Ballerup\n    tabel: Y36A02'),
      at: `${at}.jobindsats[0]`,
      message: 'unknown field "tabel"',
    },
    {
      name: 'no area',
      lines: jobindsats.replace('    area: Ballerup\n', ''),
      at: `${at}.jobindsats[0].area`,
      message: '"area" is missing (expected text)',
    },
    {
      name: 'an empty list of Jobindsats queries',
      lines: 'jobindsats: []',
      at: `${at}.jobindsats`,
      message: 'expected at least one query',
    },
    {
      name: 'a cube code with a slash',
      lines: education.replace('subtopic: FP9', 'subtopic: FP9/../x'),
      at: `${at}.uddannelsesstatistik[0].subtopic`,
      message: 'expected a code of letters and digits such as GS or KARA',
    },
    {
      name: 'a breakdown not of the form [Dimension].[Niveau]',
      lines: education.replace('"[Herkomst].[Herkomst]"', 'Herkomst'),
      at: `${at}.uddannelsesstatistik[0].origin`,
      message: 'expected a breakdown of the form [Dimension].[Niveau]',
    },
    {
      name: 'the same breakdown twice',
      lines: education.replace('"[Geografi].[Kommune]"', '"[Herkomst].[Herkomst]"'),
      at: `${at}.uddannelsesstatistik[0].breakdowns`,
      message: 'breakdown [Herkomst].[Herkomst] given twice',
    },
    {
      name: 'the share as its own denominator',
      lines: education.replace(
        'denominator: Antal elever',
        'denominator: Andel elever med mindst 2 i dansk og matematik',
      ),
      at: `${at}.uddannelsesstatistik[0].denominator`,
      message: 'must be another measure than share',
    },
    {
      name: 'an unknown share scale',
      lines: `${education}\n    shareScale: promille`,
      at: `${at}.uddannelsesstatistik[0].shareScale`,
      message: 'expected "percent" or "fraction", got "promille"',
    },
    {
      name: 'a single query where a list is expected',
      lines: education.replace('  - field: GS', '    field: GS').replace(/\n {4}/g, '\n  '),
      at: `${at}.uddannelsesstatistik`,
      message: 'expected a list, got a mapping',
    },
  ];

  it.each(bad)('refuses $name at $at', ({ lines, at: where, message }) => {
    const errors = errorsOf(parseStrategyDefinition(withSource(lines), 'queries.yaml'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'queries.yaml', at: where });
    expect(errors[0]?.message).toContain(message);
  });
});

describe('an indicator computed from its StatBank table', () => {
  const minimal = fixture('minimal.yaml').toString('utf8');
  const SOURCE = '        source:\n          kind: file\n          publisher: Kommunen\n';
  /** minimal.yaml's indicator as a gap indicator against "øvrige", with these lines added to its source. */
  const gap = (lines: string, kind = 'gap') =>
    Buffer.from(
      minimal
        .replace('        kind: level\n', `        kind: ${kind}\n`)
        .replace(
          '        unit: share\n',
          kind === 'gap'
            ? '        unit: share\n        comparisonGroup:\n          label: øvrige\n          basis: others\n        gapMeasure: difference\n'
            : '        unit: share\n',
        )
        .replace(SOURCE, `${SOURCE}${lines.replace(/^/gm, '          ')}\n`),
      'utf8',
    );
  const statbank = [
    'statbank:',
    '  table: HFUDD11',
    '  variables: { BOPOMR: ["151"], HERKOMST: ["*"], HFUDD: ["*"], ALDER: ["20-24"], KØN: ["*"], Tid: ["*"] }',
  ].join('\n');
  const derive = [
    'derive:',
    '  origin: HERKOMST',
    '  select: { ALDER: ["20-24"] }',
    '  numerator: { HFUDD: [H20, H30] }',
    '  denominator: { HFUDD: [TOT] }',
    '  sex: { variable: KØN, total: TOT, women: K, men: M }',
  ].join('\n');

  it('reads how the share is computed into the definition', () => {
    const { definition } = definitionOf(
      parseStrategyDefinition(gap(`${statbank}\n${derive}`), 'derive.yaml'),
    );
    expect(definition.areas[0]?.indicators[0]?.source.derive).toEqual({
      origin: 'HERKOMST',
      select: { ALDER: ['20-24'] },
      numerator: { HFUDD: ['H20', 'H30'] },
      denominator: { HFUDD: ['TOT'] },
      sex: { variable: 'KØN', total: 'TOT', women: 'K', men: 'M' },
    });
  });

  const at = 'areas[0].indicators[0].source.derive';
  it.each([
    { name: 'without the query it reads', text: gap(derive), where: at, message: 'needs the StatBank query' },
    {
      name: 'for an indicator that is not a gap',
      text: gap(`${statbank}\n${derive}`, 'level'),
      where: at,
      message: 'only for a gap indicator whose unit is share',
    },
    {
      name: 'naming a variable the query does not have',
      text: gap(`${statbank}\n${derive.replace('origin: HERKOMST', 'origin: HERKOMS')}`),
      where: `${at}.origin`,
      message: '"HERKOMS" is not a variable of the query',
    },
    {
      name: 'selecting the sex variable as well',
      text: gap(
        `${statbank}\n${derive.replace('select: { ALDER: ["20-24"] }', 'select: { ALDER: ["20-24"], KØN: [TOT] }')}`,
      ),
      where: `${at}.sex`,
      message: '"KØN" is chosen by sex',
    },
    {
      name: 'reading a code the query does not ask for',
      text: gap(
        `${statbank}\n${derive.replace('select: { ALDER: ["20-24"] }', 'select: { ALDER: ["25-29"] }')}`,
      ),
      where: `${at}.select.ALDER[0]`,
      message: 'the StatBank query asks for ALDER 20-24, not 25-29',
    },
    {
      name: 'naming the origin variable among the cells',
      text: gap(
        `${statbank}\n${derive.replace('numerator: { HFUDD: [H20, H30] }', 'numerator: { HFUDD: [H20], HERKOMST: ["25"] }')}`,
      ),
      where: `${at}.numerator.HERKOMST`,
      message: 'HERKOMST is the origin variable; its codes belong in originCodes',
    },
    {
      name: 'a code given twice',
      text: gap(`${statbank}\n${derive.replace('[H20, H30]', '[H20, H30, H20]')}`),
      where: `${at}.numerator.HFUDD[2]`,
      message: 'code H20 given twice',
    },
    {
      name: 'numerator cells outside the selection',
      text: gap(
        `${statbank.replace('ALDER: ["20-24"]', 'ALDER: ["*"]')}\n${derive.replace('numerator: { HFUDD: [H20, H30] }', 'numerator: { HFUDD: [H20, H30], ALDER: ["25-29"] }')}`,
      ),
      where: `${at}.numerator.ALDER`,
      message: 'none of these codes is in select.ALDER (20-24): the numerator would count no cell',
    },
    {
      name: 'origin codes of totals only',
      text: gap(`${statbank}\n${derive}\n  originCodes: { "0": all, TOT: all }`),
      where: `${at}.originCodes`,
      message: 'expected at least one code of an origin category',
    },
    {
      name: 'an origin code mapped to no category',
      text: gap(`${statbank}\n${derive}\n  originCodes: { "5": dansk }`),
      where: `${at}.originCodes.5`,
      message: 'expected',
    },
  ])('is refused $name', ({ text, where, message }) => {
    const errors = errorsOf(parseStrategyDefinition(text, 'derive.yaml'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'derive.yaml', at: where });
    expect(errors[0]?.message).toContain(message);
  });
});
