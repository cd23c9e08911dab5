// Turns a response body (text or bytes) into text: strict UTF-8, without the byte-order mark StatBank prepends.
import { StatbankFormatError, type StatbankFormat } from './errors.ts';

export const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** Bytes are decoded strictly: a Latin-1 file read as UTF-8 would otherwise turn "Ø" into "\uFFFD" unnoticed. */
export function decodeBody(input: string | Uint8Array, format: StatbankFormat): string {
  if (typeof input === 'string') return stripBom(input);
  try {
    // ignoreBOM keeps the mark so that stripBom treats text and bytes alike.
    return stripBom(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input));
  } catch {
    throw new StatbankFormatError(
      format,
      'the body is not valid UTF-8',
      {},
      { code: 'encoding', params: {} },
    );
  }
}
