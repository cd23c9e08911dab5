// Splitting CSV text into records: delimiters, quotes, line breaks, comments and blank rows, with line numbers.
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from './csv.ts';
import { IndicatorFileError } from './errors.ts';

const records = (text: string) => [...parseCsv(text).records].map((r) => [r.line, ...r.fields]);

describe('parseCsv', () => {
  const cases: [string, string, (string | number)[][]][] = [
    [
      'CRLF and ";"',
      'a;b\r\n1;2\r\n3;4\r\n',
      [
        [2, '1', '2'],
        [3, '3', '4'],
      ],
    ],
    [
      'LF and no final break',
      'a;b\n1;2\n3;4',
      [
        [2, '1', '2'],
        [3, '3', '4'],
      ],
    ],
    [
      'lone CR',
      'a;b\r1;2\r3;4',
      [
        [2, '1', '2'],
        [3, '3', '4'],
      ],
    ],
    ['"," with a decimal comma quoted', 'a,b\n1,"12,5"\n', [[2, '1', '12,5']]],
    ['"" inside quotes', 'a;b\n"say ""hi""";2\n', [[2, 'say "hi"', '2']]],
    [
      'a line break inside quotes keeps later line numbers',
      'a;b\n"x\r\ny";2\n3;4\n',
      [
        [2, 'x\r\ny', '2'],
        [4, '3', '4'],
      ],
    ],
    ['comment lines and blank rows are skipped but counted', 'a;b\n# note\n;\n\n1;2\n', [[5, '1', '2']]],
    ['a comment before the header', '# skabelon\na;b\n1;2\n', [[3, '1', '2']]],
    ['an empty quoted field', 'a;b\n"";2\n', [[2, '', '2']]],
    ['a quote inside an unquoted field is kept', 'a;b\nx"y;2\n', [[2, 'x"y', '2']]],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(records(text)).toEqual(expected);
  });

  it('chooses the delimiter from the header line only', () => {
    expect(parseCsv('a;b\n1,5;2\n').delimiter).toBe(';');
    expect(parseCsv('a,b\n1;5,2\n').delimiter).toBe(',');
    expect(detectDelimiter('"x;y",b', 1)).toBe(',');
  });

  it('marks text after a closing quote as a problem of that record only', () => {
    const t = [...parseCsv('a;b\n"1"x;2\n3;4\n').records];
    expect(t[0]?.problem).toMatch(/tekst efter det afsluttende citationstegn i felt 1/);
    expect(t[1]).toEqual({ line: 3, fields: ['3', '4'], problem: undefined });
  });

  it('refuses an unclosed quote, naming the line it opens on', () => {
    const text = 'a;b\n1;2\n3;"4\n5;6\n';
    expect(() => [...parseCsv(text).records]).toThrow(IndicatorFileError);
    expect(() => [...parseCsv(text).records]).toThrow(
      /^linje 3: et citationstegn \("\) i felt 2 åbnes, men lukkes aldrig$/,
    );
  });

  it('refuses a header without ";" or ","', () => {
    expect(() => parseCsv('område\tperiode\n151\t2021\n')).toThrow(/^linje 1: .*semikolon/);
  });

  it('refuses text with no header', () => {
    expect(() => parseCsv('')).toThrow(/filen er tom/);
    expect(() => parseCsv('\r\n  \r\n# kun en kommentar\r\n')).toThrow(/filen er tom/);
  });

  it('reads a long file in linear time', () => {
    const text = `a;b\n${'\n'.repeat(2_000_000)}1;2\n`;
    const started = performance.now();
    expect(records(text)).toEqual([[2_000_002, '1', '2']]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
