// Text files as Danish offices save them: UTF-8 (with or without the byte-order mark Excel's "CSV UTF-8" writes)
// or Windows-1252 (Excel's plain "CSV"). Valid UTF-8 is read as UTF-8; anything else as Windows-1252.
import { IndicatorFileError } from './errors.ts';

export type TextEncoding = 'utf-8' | 'windows-1252';

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
}

/**
 * Windows-1252's bytes 0x80–0x9F, as the WHATWG Encoding Standard maps them (the five bytes the code page leaves
 * undefined map to the C1 control of the same number). Our own table because Node 20.18.3 and later decode
 * `new TextDecoder('windows-1252')` as ISO-8859-1, giving U+0080 for 0x80 instead of "€" (nodejs/node#60888,
 * verified on this machine's Node 20.20). Every other byte is its own code point in both.
 */
const CP1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
] as const;

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}

export interface Utf8Scan {
  /** Offset of the first byte that is not part of a well-formed UTF-8 sequence; -1 when there is none. */
  readonly firstInvalid: number;
  /** How many well-formed multi-byte sequences (non-ASCII characters) the bytes hold. */
  readonly multiByte: number;
}

/** Walks the bytes once, by the well-formedness table of the Unicode Standard (table 3-7). */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let multiByte = 0;
  let firstInvalid = -1;
  const cont = (i: number, lo = 0x80, hi = 0xbf) => i < bytes.length && bytes[i]! >= lo && bytes[i]! <= hi;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let n = 0;
    if (b < 0x80) n = 1;
    else if (b >= 0xc2 && b <= 0xdf) n = cont(i + 1) ? 2 : 0;
    else if (b === 0xe0) n = cont(i + 1, 0xa0) && cont(i + 2) ? 3 : 0;
    else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) n = cont(i + 1) && cont(i + 2) ? 3 : 0;
    else if (b === 0xed) n = cont(i + 1, 0x80, 0x9f) && cont(i + 2) ? 3 : 0;
    else if (b === 0xf0) n = cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b >= 0xf1 && b <= 0xf3) n = cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b === 0xf4) n = cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (n === 0) {
      if (firstInvalid === -1) firstInvalid = i;
      i++;
      continue;
    }
    if (n > 1) multiByte++;
    i += n;
  }
  return { firstInvalid, multiByte };
}

/** The 1-based line an offset falls on, counting line feeds before it. */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Decodes a text file. A file that is partly UTF-8 and partly Windows-1252 (a UTF-8 file edited by a program that
 * saved some lines in the old code page) is refused, not guessed at: reading it either way garbles some letters,
 * and "Ã¥" for "å" in a group name would pass unnoticed into a label.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new IndicatorFileError(
      'filen er gemt som UTF-16 (Excels "Unicode-tekst"); gem den som "CSV UTF-8" eller "CSV (semikolonsepareret)"',
    );
  const nul = bytes.indexOf(0);
  if (nul !== -1)
    throw new IndicatorFileError(
      'filen indeholder et NUL-tegn (byte 0) og er ikke en tekstfil; vælg en CSV- eller XLSX-fil',
      { line: lineAt(bytes, nul), lineWord: 'linje' },
    );
  const scan = scanUtf8(bytes);
  if (scan.firstInvalid === -1) {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text: text.startsWith('\uFEFF') ? text.slice(1) : text, encoding: 'utf-8' };
  }
  if (scan.multiByte > 0) {
    throw new IndicatorFileError(
      'filen blander to tegnsæt (UTF-8 og Windows-1252), så æ, ø og å kan ikke læses sikkert; ' +
        'gem hele filen igen som "CSV UTF-8"',
      { line: lineAt(bytes, scan.firstInvalid), lineWord: 'linje' },
    );
  }
  return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
}
