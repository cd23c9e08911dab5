// The error a call throws, when a test needs its fields and not only its message.

/** What `run` throws, which must be an instance of `kind`; anything else thrown, or nothing, fails the test. */
export function thrownBy<E extends Error>(kind: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (e) {
    if (e instanceof kind) return e;
    throw e;
  }
  throw new Error(`expected a ${kind.name}, and nothing was thrown`);
}
