// Where start-up spends its time: at LOG_LEVEL=debug (or trace) `serve` writes one line per phase to stderr,
// each with the milliseconds since the process started (the launcher's bundling included) and since the last.
import type { Config } from '../platform/config.ts';

export interface StartupPhases {
  /** Marks the end of a phase: "opened the database", "migrated", … */
  mark(phase: string): void;
}

const quiet: StartupPhases = { mark: () => undefined };

export function startupPhases(
  level: Config['logLevel'],
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): StartupPhases {
  if (level !== 'debug' && level !== 'trace') return quiet;
  let last = performance.now();
  return {
    mark(phase) {
      const now = performance.now();
      write(`start-up: ${phase} at ${Math.round(now)} ms (+${Math.round(now - last)} ms)`);
      last = now;
    },
  };
}
