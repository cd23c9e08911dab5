// Exit codes of the command-line tool, documented in README.md.
export const exitCodes = {
  ok: 0,
  /** Input was refused: a definition file with errors, a missing file. */
  invalidInput: 1,
  /** The command line itself was wrong: unknown command, missing argument. */
  usage: 2,
  /** The environment is not usable: database unreachable, port in use, bad setting. */
  environment: 3,
  /** An unexpected failure (a bug); the message says so. */
  internal: 70,
} as const;
