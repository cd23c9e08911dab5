// The reminder timer driven by hand: the first run after its delay, the next only when the last has finished,
// a failed run logged and followed by the next, and stop() cancelling the next run and waiting for the current.
import { describe, expect, it } from 'vitest';
import { startReminderSchedule, type Timers } from './reminder-schedule.ts';

function handTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    setTimeout(run, ms) {
      pending.set(++next, { run, ms });
      return next;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    delays: () => [...pending.values()].map((p) => p.ms),
    /** Runs every timer due now, as if its delay had passed. */
    fire() {
      const due = [...pending.entries()];
      pending.clear();
      for (const [, p] of due) p.run();
    },
  };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('the reminder timer', () => {
  it('runs after its first delay, then every interval, one run at a time', async () => {
    const clock = handTimers();
    let finish: (() => void) | undefined;
    let runs = 0;
    const schedule = startReminderSchedule({
      run: () => {
        runs++;
        return new Promise<void>((r) => (finish = r));
      },
      log: () => undefined,
      firstAfterMs: 1000,
      everyMs: 5000,
      timers: clock.timers,
    });
    expect(clock.delays()).toEqual([1000]);
    clock.fire();
    expect(runs).toBe(1);
    // While the run is under way nothing else is scheduled.
    expect(clock.delays()).toEqual([]);
    finish?.();
    await settle();
    expect(clock.delays()).toEqual([5000]);
    clock.fire();
    expect(runs).toBe(2);
    finish?.();
    await schedule.stop();
    expect(clock.delays()).toEqual([]);
  });

  it('logs a failed run and still schedules the next', async () => {
    const clock = handTimers();
    const lines: string[] = [];
    const schedule = startReminderSchedule({
      run: () => Promise.reject(new Error('databasen svarer ikke')),
      log: (l) => lines.push(l),
      timers: clock.timers,
    });
    clock.fire();
    await settle();
    expect(lines).toEqual(['påmindelser om opfølgningsrunder kunne ikke sendes: databasen svarer ikke']);
    expect(clock.delays()).toEqual([60 * 60_000]);
    await schedule.stop();
  });

  it('stop() waits for the run under way and schedules nothing after it', async () => {
    const clock = handTimers();
    let finish: (() => void) | undefined;
    let done = false;
    const schedule = startReminderSchedule({
      run: () =>
        new Promise<void>((r) => {
          finish = () => {
            done = true;
            r();
          };
        }),
      log: () => undefined,
      timers: clock.timers,
    });
    clock.fire();
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    finish?.();
    await stopping;
    expect([done, stopped]).toEqual([true, true]);
    expect(clock.delays()).toEqual([]);
  });

  it('stop() before the first run cancels it', async () => {
    const clock = handTimers();
    let runs = 0;
    const schedule = startReminderSchedule({
      run: async () => void runs++,
      log: () => undefined,
      timers: clock.timers,
    });
    await schedule.stop();
    expect(clock.delays()).toEqual([]);
    expect(runs).toBe(0);
  });
});
