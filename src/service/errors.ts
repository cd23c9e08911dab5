// Errors the service layer raises on purpose; web and CLI turn each into a status code or exit code.

/** The actor may not do this. Recorded in the audit log before it is raised. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/** Input was refused; `details` holds one line per problem, each naming where and what. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The record changed since the user read it (another user saved first); nothing was written. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
