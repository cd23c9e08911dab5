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
  /** Not ours to return: Node aborted the process, e.g. out of memory (SIGABRT, 128 + 6). */
  aborted: 134,
} as const;

/** The exit codes, as `pejlemaerke --help` ends and README.md lists them. */
export const exitCodesHelp = `
Exit codes: 0 success; 1 input refused (a definition or file with errors, an unknown user); 2 usage error;
3 environment (database unreachable or its data directory in use by another process, port in use, a bad
setting, a source that cannot be reached); 70 internal error (a bug; the message says where); 134 Node aborted
the process, e.g. out of memory (give it more with NODE_OPTIONS=--max-old-space-size=4096, or import a smaller
file); 128 + n when stopped by signal n (130 Ctrl-C, 137 killed). A command that uses the database runs inside
a running server on the same DATA_DIR and exits with that command's code.`;
