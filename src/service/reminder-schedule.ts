// The server's timer for the follow-up reminders: a run shortly after start, then one every hour. One run at a
// time (the next is scheduled when the last has finished, so a slow mail server never stacks them), each run's
// mail bounded by the transport's timeouts, and `stop()` cancels the next run and waits for the one under way.
// The timer functions are passed in, so a test drives the runs without waiting.

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTimers: Timers = {
  setTimeout: (run, ms) => {
    const t = setTimeout(run, ms);
    // The timer alone never keeps the process alive.
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export const REMINDER_FIRST_RUN_MS = 60_000;
export const REMINDER_EVERY_MS = 60 * 60_000;

export interface ReminderSchedule {
  /** Cancels the next run and resolves when a run under way has finished. */
  stop(): Promise<void>;
}

export function startReminderSchedule(options: {
  readonly run: () => Promise<void>;
  /** Gets a line when a run fails (the next run is still scheduled). */
  readonly log: (line: string) => void;
  readonly firstAfterMs?: number;
  readonly everyMs?: number;
  readonly timers?: Timers;
}): ReminderSchedule {
  const timers = options.timers ?? nodeTimers;
  let stopped = false;
  let handle: unknown;
  let running: Promise<void> | undefined;

  const schedule = (ms: number) => {
    if (stopped) return;
    handle = timers.setTimeout(() => {
      handle = undefined;
      running = options
        .run()
        .catch((e: unknown) =>
          options.log(
            `påmindelser om opfølgningsrunder kunne ikke sendes: ${e instanceof Error ? e.message : String(e)}`,
          ),
        )
        .finally(() => {
          running = undefined;
          schedule(options.everyMs ?? REMINDER_EVERY_MS);
        });
    }, ms);
  };
  schedule(options.firstAfterMs ?? REMINDER_FIRST_RUN_MS);

  return {
    async stop() {
      stopped = true;
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = undefined;
      await running;
    },
  };
}
