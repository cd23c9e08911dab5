// The one error the Jobindsats connector throws; `reason` says which of the expected failures it is, so callers
// can answer each differently (ask for a key, retry later, report the table) without reading the message.

export type JobindsatsErrorReason =
  /** JOBINDSATS_API_KEY is not set. */
  | 'no-key'
  /** The key was refused: the documented `{"Forkert nøgle eller nøglen er udløbet.":""}`, or 401/403. */
  | 'bad-key'
  /** No answer: refused connection, DNS failure, time limit. */
  | 'unreachable'
  /** The API answered with another error status. */
  | 'http'
  /** The answer is not JSON or not in the documented shape (truncated, wrong row width, wrong types). */
  | 'malformed'
  /** A table id that is not letters and digits only; refused before any request is made. */
  | 'bad-table-id'
  /** A declared query that cannot be sent as it is (no periods, a filter name without `_`, no measures). */
  | 'bad-query'
  /** The answer is well-formed but holds what we cannot map: an unknown area or origin, a non-number. */
  | 'refused';

export class JobindsatsError extends Error {
  override readonly name = 'JobindsatsError';
  constructor(
    readonly reason: JobindsatsErrorReason,
    message: string,
    /** One line per problem when several were found (the first hundred), each naming the row. */
    readonly problems: readonly string[] = [],
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(`jobindsats: ${message}`, options);
  }
}
