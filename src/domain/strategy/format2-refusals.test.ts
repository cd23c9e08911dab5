// What definition format 2 refuses across a file: each fault is the docs example with one change, refused with
// the item named by its id, the line and column of the value, and the value given.
import { describe, expect, it } from 'vitest';
import { example, format2Faults, lineOf } from '../../../test/support/strategy-faults.ts';
import { formatDefinitionError, parseStrategyDefinition } from './parse.ts';

describe('format 2 refuses a fault across the file, naming the item, its line and the value given', () => {
  it('accepts the example the faults are made from', () => {
    const r = parseStrategyDefinition(Buffer.from(example), 'eksempel.yaml');
    expect(r.ok ? [] : r.errors.map(formatDefinitionError)).toEqual([]);
  });

  it.each(format2Faults)('$name', ({ text, line, where, message }) => {
    const r = parseStrategyDefinition(Buffer.from(text), 'eksempel.yaml');
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.map(formatDefinitionError)).toHaveLength(1);
    const [e] = errors;
    expect(e?.line).toBe(line);
    expect(e?.where).toBe(where);
    expect(e?.message).toMatch(message);
    expect(formatDefinitionError(e!)).toMatch(new RegExp(`^eksempel\\.yaml:${line}:\\d+: `));
  });

  it('refuses a benchmark area the area registry does not have, and only the form without the registry', () => {
    const text = example.replace("area: '000'", "area: '998'");
    const refused = parseStrategyDefinition(Buffer.from(text), 'eksempel.yaml', {
      areaCodes: new Set(['000', '084', '151']),
    });
    expect(refused.ok ? [] : refused.errors.map(formatDefinitionError)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^eksempel\\.yaml:${lineOf(text, "area: '998'")}:\\d+: area "arbejde" › indicator "beskaeftigelse-gab" › benchmark\\.area .*no Danmarks Statistik area has code "998"`,
        ),
      ),
    ]);
    expect(parseStrategyDefinition(Buffer.from(text), 'eksempel.yaml').ok).toBe(true);
    const badForm = parseStrategyDefinition(
      Buffer.from(example.replace("area: '000'", "area: '0'")),
      'x.yaml',
    );
    expect(badForm.ok ? [] : badForm.errors.map((e) => e.message)).toEqual([
      'expected a three-digit Danmarks Statistik area code; got "0"',
    ]);
  });

  it('accepts a target year equal to the baseline year, and one with a baseline of unknown year', () => {
    const same = example.replace('          year: 2028', '          year: 2024');
    expect(parseStrategyDefinition(Buffer.from(same), 'x.yaml').ok).toBe(true);
    const unknown = example
      .replace('          year: 2028', '          year: 1990')
      .replace('          year: 2024\n', '          year: unknown\n');
    expect(parseStrategyDefinition(Buffer.from(unknown), 'x.yaml').ok).toBe(true);
  });
});
