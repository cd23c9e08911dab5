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
  /** The message without the format's name. */
  readonly detail: string;

  constructor(format: StatbankFormat, detail: string, location: StatbankErrorLocation = {}) {
    super(`${format}: ${detail}`);
    this.format = format;
    this.detail = detail;
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
