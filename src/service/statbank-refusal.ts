// A StatBank file refused whole: the English message and lines for the command line, and every reason as a code
// with its figures (the first thousand), for a page to word in its own language.
import type { StatbankReason } from '../sources/statbank/index.ts';
import type { InvalidInputError } from './errors.ts';
import { ImportRefusedError, type RejectedLine } from './observations.ts';

/** One reason a file was refused: the line it is on (0 for the whole file) and the coded reason. */
export interface StatbankRefusal {
  readonly line: number;
  readonly why: StatbankReason;
}

/** Refusals kept with their codes; the count of all is kept beside them. */
export const MAX_CODED_REFUSALS = 1_000;

export class StatbankFileRefusedError extends ImportRefusedError {
  constructor(
    message: string,
    rejected: readonly RejectedLine[],
    readonly reasons: readonly StatbankRefusal[],
    /** Every refused line, also those past the kept ones. */
    readonly total: number,
  ) {
    super(message, rejected);
  }
}

/** A whole file refused for one reason (no line listed, as before codes were kept). */
export function fileRefused(message: string, why: StatbankReason, line = 0): StatbankFileRefusedError {
  return new StatbankFileRefusedError(message, [], [{ line, why }], 1);
}

const TWICE = /^(.+?), area (\S+), period (\S+?)(?:, (.+))?: given (\d+) times$/;

/**
 * The refusal of an import of a StatBank file, with codes: the rows' codes as the readers gave them (by line),
 * the import's own refusals (the same figure twice, no rows) by what they say.
 */
export function codedRefusal(
  e: InvalidInputError,
  codes: ReadonlyMap<number, StatbankReason>,
): StatbankFileRefusedError {
  if (e instanceof StatbankFileRefusedError) return e;
  if (e instanceof ImportRefusedError) {
    const total = Number(/^(\d+) of/.exec(e.message)?.[1] ?? e.rejected.length);
    const reasons = e.rejected.map((r) => ({
      line: r.line,
      why: codes.get(r.line) ?? { code: 'other' as const, params: { detail: r.reason.slice(0, 200) } },
    }));
    return new StatbankFileRefusedError(e.message, e.rejected, reasons, total);
  }
  const reasons: StatbankRefusal[] = e.message.includes('the same figure more than once')
    ? e.details.slice(0, MAX_CODED_REFUSALS).map((d): StatbankRefusal => {
        const m = TWICE.exec(d);
        return {
          line: 0,
          why: m
            ? {
                code: 'import.twice' as const,
                params: { area: m[2] ?? '', period: m[3] ?? '', dims: m[4] ?? '–', count: Number(m[5]) },
              }
            : { code: 'other' as const, params: { detail: d.slice(0, 200) } },
        };
      })
    : e.message.startsWith('the import holds no rows')
      ? [{ line: 0, why: { code: 'import.noRows' as const, params: {} } }]
      : [{ line: 0, why: { code: 'other' as const, params: { detail: e.message.slice(0, 200) } } }];
  const refused = new StatbankFileRefusedError(e.message, [], reasons, reasons.length);
  // The import's own lines (the repeated figures) stay the details the command line prints.
  Object.defineProperty(refused, 'details', { value: e.details });
  return refused;
}
