// One error type for the web layer, turned into a Danish (or English) page or a JSON body by one handler.
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 414 | 415 | 422 | 429,
    message: string,
  ) {
    super(message);
  }
}

/** `?version=` must be a whole number from 1 upwards; anything else is a 400, not a silent default. */
export function parseVersionParam(query: unknown): number | undefined {
  const raw = (query as Record<string, unknown> | undefined)?.version;
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,8}$/.test(raw))
    throw new HttpError(
      400,
      `version must be a whole number from 1 upwards, got ${JSON.stringify(raw).slice(0, 40)}`,
    );
  return Number(raw);
}
