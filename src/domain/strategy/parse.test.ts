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
      message: 'required string is missing',
    },
    {
      file: 'invalid-duplicate-indicator-id.yaml',
      at: 'areas[0].indicators[1].id',
      message: 'duplicate indicator id "andel" (also at areas[0].indicators[0])',
    },
    { file: 'invalid-unknown-field.yaml', at: 'areas[0].indicators[0]', message: 'unknown field "colour"' },
    { file: 'invalid-wrong-type.yaml', at: 'areas[0].title', message: 'expected string, got number' },
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
      message: 'expected 1 (the only definition format this version reads)',
    },
    {
      file: 'invalid-text-ending-in-colon.yaml',
      at: 'areas[0].measurement.intro[0]',
      message: 'expected string, got a mapping',
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
    expect(definition.organisation).toEqual({ name: 'Aarhus Kommune', areaCode: '751' });
    expect(definition.areas.map((a) => a.id)).toEqual(['bevaegelse', 'roegfri-ungdom']);
    expect(definition.areas.flatMap((a) => a.indicators.map((i) => i.kind))).toEqual([
      'gap',
      'count',
      'level',
    ]);
    expect(definition.targetGroup.populationTable).toBeUndefined();
    // defaults fill what the file leaves out
    expect(definition.areas[1]?.organisation.involved).toEqual([]);
    expect(definition.areas[0]?.indicators[1]?.breakdowns).toEqual([]);
    expect(definition.targetGroup.countries.oceaniaExcept).toEqual([]);
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

  it('formats a real error the same way', () => {
    const file = 'invalid-unknown-direction.yaml';
    const [error] = errorsOf(parseStrategyDefinition(fixture(file), file));
    expect(error && formatDefinitionError(error)).toBe(
      'invalid-unknown-direction.yaml: areas[0].indicators[0].direction: expected "up", "down" or "parity", got "sideways"',
    );
  });
});
