// The text decoding of CSV files: UTF-8 with and without BOM, Windows-1252 by our own table, and the refusals.
import { describe, expect, it } from 'vitest';
import { decodeText, decodeWindows1252, scanUtf8 } from './encoding.ts';
import { IndicatorFileError } from './errors.ts';

/** WHATWG Encoding Standard, index-windows-1252.txt, pointers 0–31 (bytes 0x80–0x9F). */
const whatwg = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

describe('Windows-1252', () => {
  it('maps every byte as the WHATWG index does', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const decoded = [...decodeWindows1252(all)].map((c) => c.codePointAt(0));
    const expected = Array.from({ length: 256 }, (_, i) => (i >= 0x80 && i <= 0x9f ? whatwg[i - 0x80] : i));
    expect(decoded).toEqual(expected);
  });

  it('reads æ, ø, å and their capitals, the euro sign and curly quotes', () => {
    const bytes = Uint8Array.from([0xe6, 0xf8, 0xe5, 0xc6, 0xd8, 0xc5, 0x80, 0x93, 0x94]);
    expect(decodeWindows1252(bytes)).toBe('æøåÆØÅ€“”');
  });
});

describe('decodeText', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const cases: [string, Uint8Array, string, 'utf-8' | 'windows-1252'][] = [
    ['UTF-8 without BOM', utf8('område;tæller'), 'område;tæller', 'utf-8'],
    ['UTF-8 with BOM', utf8('\uFEFFområde;tæller'), 'område;tæller', 'utf-8'],
    ['plain ASCII', utf8('area;count'), 'area;count', 'utf-8'],
    ['Windows-1252', Uint8Array.from([0x6f, 0x6d, 0x72, 0xe5, 0x64, 0x65]), 'område', 'windows-1252'],
  ];
  it.each(cases)('%s', (_name, bytes, text, encoding) => {
    expect(decodeText(bytes)).toEqual({ text, encoding });
  });

  const refused: [string, Uint8Array, RegExp][] = [
    ['UTF-16 LE', Uint8Array.from([0xff, 0xfe, 0x6f, 0x00]), /UTF-16/],
    ['UTF-16 BE', Uint8Array.from([0xfe, 0xff, 0x00, 0x6f]), /UTF-16/],
    ['a NUL byte on line 2', utf8('a;b\nc\u0000;d'), /^linje 2: .*NUL/],
    [
      'UTF-8 with a Windows-1252 line',
      Uint8Array.from([...utf8('målgruppe;1\r\n'), 0x6d, 0xe6, 0x6e, 0x64]),
      /^linje 2: filen blander to tegnsæt/,
    ],
  ];
  it.each(refused)('refuses %s', (_name, bytes, message) => {
    expect(() => decodeText(bytes)).toThrow(IndicatorFileError);
    expect(() => decodeText(bytes)).toThrow(message);
  });
});

describe('scanUtf8', () => {
  it.each([
    ['overlong', [0xc0, 0xaf], 0],
    ['surrogate', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['truncated at the end', [0x61, 0xe2, 0x82], 1],
    ['well formed', [0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], -1],
  ])('%s', (_name, bytes, firstInvalid) => {
    const u = Uint8Array.from(bytes as number[]);
    expect(scanUtf8(u).firstInvalid).toBe(firstInvalid);
    let strict = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(u);
    } catch {
      strict = false;
    }
    expect(strict).toBe(firstInvalid === -1);
  });
});
