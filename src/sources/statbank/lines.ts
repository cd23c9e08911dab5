// Splits a stream of text or byte chunks into lines, whatever the chunk boundaries, without holding the stream.
import { StatbankFormatError, type StatbankFormat, type StatbankReason } from './errors.ts';

export type Chunks = AsyncIterable<unknown> | Iterable<unknown>;

export interface LineBatch {
  /** The line number of lines[0] (1-based). */
  readonly firstLine: number;
  /** Lines without their terminator: "\n" or "\r\n". */
  readonly lines: readonly string[];
}

export interface SplitLinesOptions {
  readonly format: StatbankFormat;
  /** A line longer than this is refused: a body without line breaks must not grow one string without bound. */
  readonly maxLineLength?: number;
}

export const DEFAULT_MAX_LINE_LENGTH = 1 << 20;

/**
 * Yields the lines found in each chunk as one batch, to keep per-line overhead low on million-row files.
 * A "\r" at the end of a chunk is left on the unfinished line and stripped once its "\n" arrives, so a CRLF split
 * across two chunks ends one line, not two. Bytes are decoded in streaming mode, so a UTF-8 character split
 * across chunks ("Æ" is two bytes) is joined before it is seen.
 */
export async function* splitLines(chunks: Chunks, options: SplitLinesOptions): AsyncGenerator<LineBatch> {
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let pending = '';
  let nextLine = 1;
  const fail = (why: string, reason?: StatbankReason): never => {
    throw new StatbankFormatError(options.format, `line ${nextLine}: ${why}`, { line: nextLine }, reason);
  };
  const tooLong = (): never =>
    fail(`longer than ${maxLineLength} characters without a line break`, {
      code: 'lineTooLong',
      params: { line: nextLine, max: maxLineLength },
    });
  const decode = (chunk: unknown, final: boolean): string => {
    try {
      if (chunk instanceof Uint8Array) return decoder.decode(chunk, { stream: !final });
      // A string after bytes: first flush any half character the decoder holds (an error if there is one).
      return decoder.decode() + String(chunk);
    } catch {
      return fail('the body is not valid UTF-8', { code: 'encoding', params: { line: nextLine } });
    }
  };
  const take = (text: string): LineBatch | undefined => {
    const firstLine = nextLine;
    const lines: string[] = [];
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      lines.push(text.slice(start, end));
      nextLine++;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    pending = text.slice(start);
    if (pending.length > maxLineLength) tooLong();
    return lines.length > 0 ? { firstLine, lines } : undefined;
  };

  for await (const chunk of chunks) {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array))
      fail(`the stream gave ${typeof chunk} chunks; expected strings or bytes`);
    const text = decode(chunk, false);
    if (text === '') continue;
    // Search only the new text: the pending part is known to hold no "\n".
    const newline = text.indexOf('\n');
    if (newline === -1) {
      pending += text;
      if (pending.length > maxLineLength) tooLong();
      continue;
    }
    const batch = take(pending + text);
    if (batch !== undefined) yield batch;
  }
  const rest = pending + decode(new Uint8Array(0), true);
  if (rest !== '') yield { firstLine: nextLine, lines: [rest.endsWith('\r') ? rest.slice(0, -1) : rest] };
}
