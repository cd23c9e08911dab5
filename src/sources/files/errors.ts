// The one error the indicator-file readers throw: a file refused whole, with a Danish message that says why.

/** "linje" for a line of a CSV file, "række" for a row of a spreadsheet. */
export type LineWord = 'linje' | 'række';

/**
 * Thrown when a file cannot be read at all (too large, not a spreadsheet, no header, an unclosed quote, a zip
 * bomb). Rows that are merely wrong are not thrown: they come back as rejected rows with their line numbers.
 */
export class IndicatorFileError extends Error {
  override readonly name = 'IndicatorFileError';
  /** The line (CSV) or row (XLSX) the problem is on, when it is on one. */
  readonly line: number | undefined;
  readonly lineWord: LineWord;

  constructor(
    /** Why, without the place: "et citationstegn (\") i felt 2 åbnes, men lukkes aldrig". */
    readonly reason: string,
    at?: { readonly line: number; readonly lineWord: LineWord },
  ) {
    super(at ? `${at.lineWord} ${at.line}: ${reason}` : reason);
    this.line = at?.line;
    this.lineWord = at?.lineWord ?? 'linje';
  }
}
