// The one error the StatBank readers throw for input they cannot read; the message says where and what.

export type StatbankFormat = 'jsonstat' | 'csv' | 'tableinfo';

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

  constructor(format: StatbankFormat, detail: string, location: StatbankErrorLocation = {}) {
    super(`${format}: ${detail}`);
    this.format = format;
    this.line = location.line;
    this.column = location.column;
  }
}
