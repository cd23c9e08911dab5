// Where a JSON text stops being JSON: each kind of mistake at its line and column, and every text JSON.parse
// takes is taken here too.
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from './json-syntax.ts';

describe('jsonSyntaxError', () => {
  it.each([
    ['{}', undefined],
    ['[1, -2.5e3, "a\\u00e6\\n", true, false, null, {"a": []}]', undefined],
    ['  \n{"a": 1}\n  ', undefined],
    ['', { problem: 'unexpected-end', line: 1, column: 1 }],
    ['{"a": 1,}', { problem: 'unexpected-character', line: 1, column: 9, found: '}' }],
    ['{\n  "a": 1\n  "b": 2\n}', { problem: 'unexpected-character', line: 3, column: 3, found: '"' }],
    ["{'a': 1}", { problem: 'unexpected-character', line: 1, column: 2, found: "'" }],
    ['{"a": 1', { problem: 'unexpected-end', line: 1, column: 8 }],
    ['{"æøå": tru}', { problem: 'unexpected-character', line: 1, column: 12, found: '}' }],
    ['["a\tb"]', { problem: 'bad-string', line: 1, column: 4, found: '\t' }],
    ['["\\x"]', { problem: 'bad-string', line: 1, column: 4, found: 'x' }],
    ['[01]', { problem: 'bad-number', line: 1, column: 3, found: '1' }],
    ['[-]', { problem: 'bad-number', line: 1, column: 2, found: '-' }],
    ['{} {}', { problem: 'trailing-text', line: 1, column: 4, found: '{' }],
    ['{"a": "😀", x}', { problem: 'unexpected-character', line: 1, column: 12, found: 'x' }],
  ])('%j', (text, expected) => {
    expect(jsonSyntaxError(text)).toEqual(expected);
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    expect(parses).toBe(expected === undefined);
  });

  it('stops at a depth no questionnaire needs, without overflowing the stack', () => {
    expect(jsonSyntaxError('['.repeat(100_000))?.problem).toBe('unexpected-character');
  });
});
