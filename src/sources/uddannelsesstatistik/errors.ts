// The one error the education statistics connector throws; `reason` says which expected failure it is, so callers
// can answer each differently (ask for a key, retry later, report the cube) without reading the message.

export type UddannelsesstatistikErrorReason =
  /** UDDANNELSESSTATISTIK_API_KEY is not set. */
  | 'no-key'
  /** The key was refused (401/403). */
  | 'bad-key'
  /** No answer: refused connection, DNS failure, time limit. */
  | 'unreachable'
  /** The API answered with another error status. */
  | 'http'
  /** A page is not JSON or not a list of rows keyed by the requested labels (truncated, missing or extra keys). */
  | 'malformed'
  /** A declared query that cannot be sent as it is (a cube code or breakdown of the wrong form). */
  | 'bad-query'
  /** More pages than the limit: the answer never ended with an empty page. */
  | 'too-many-pages'
  /** Well-formed rows holding what we cannot map: an unknown area or origin, a non-number, a share out of range. */
  | 'refused';

export class UddannelsesstatistikError extends Error {
  override readonly name = 'UddannelsesstatistikError';
  constructor(
    readonly reason: UddannelsesstatistikErrorReason,
    message: string,
    /** One line per problem when several were found (the first hundred), each naming page and row. */
    readonly problems: readonly string[] = [],
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(`uddannelsesstatistik: ${message}`, options);
  }
}
