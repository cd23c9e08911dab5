// The one error the StatBank readers throw for input they cannot read; the message says where and what.

export type StatbankFormat = 'jsonstat' | 'csv' | 'tableinfo';

/**
 * Why a file was refused, as a code and its figures, for a user interface to word in its own language
 * (`src/sources/statbank/reasons.ts` lists the codes); `detail` is the English wording of the same reason.
 */
export interface StatbankReason {
  readonly code: StatbankReasonCode;
  readonly params: Readonly<Record<string, string | number>>;
}

export type { StatbankReasonCode } from './reasons.ts';
import type { StatbankReasonCode } from './reasons.ts';

export interface StatbankErrorLocation {
  /** 1-based physical line (CSV), counting the header as line 1. */
  readonly line?: number;
  /** 1-based field position within the line (CSV). */
  readonly column?: number;
}

/**
 * Thrown for every input a reader refuses: bad JSON, bad structure, bad numbers. Callers can catch this one
 * class and show `message` to an operator as it is, because it already names the format and the place.
 */
export class StatbankFormatError extends Error {
  override readonly name = 'StatbankFormatError';
  readonly format: StatbankFormat;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The message without the format's name. */
  readonly detail: string;
  /** The reason as a code with its figures; `other` (with the English detail) where no code applies. */
  readonly reason: StatbankReason;

  constructor(
    format: StatbankFormat,
    detail: string,
    location: StatbankErrorLocation = {},
    reason?: StatbankReason,
  ) {
    super(`${format}: ${detail}`);
    this.format = format;
    this.detail = detail;
    this.reason = reason ?? { code: 'other', params: { detail } };
    this.line = location.line;
    this.column = location.column;
  }

  /**
   * What is wrong at the line, without naming the line ("column 7 (INDHOLD): cannot read …"), for a list of
   * refused lines that names each line itself; the whole message when no line is known.
   */
  get reasonAtLine(): string {
    if (this.line === undefined) return this.message;
    const prefix = `line ${this.line}`;
    if (this.detail.startsWith(`${prefix}: `) || this.detail.startsWith(`${prefix}, `))
      return this.detail.slice(prefix.length + 2);
    return this.detail;
  }
}
