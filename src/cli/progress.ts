// A progress bar for long commands on a terminal; plain lines when the output is not a terminal (CI, pipes).
import cliProgress from 'cli-progress';
import type { Io } from './main.ts';

export interface Progress {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

export function progressBar(io: Io): Progress {
  if (!process.stderr.isTTY || io.err !== defaultErr) {
    let last = '';
    return {
      update(done, total, label) {
        if (label && label !== last) io.err(`[${done}/${total}] ${label}`);
        last = label;
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: '{bar} {value}/{total} {label}',
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label) {
      if (!started) bar.start(total, done, { label });
      started = true;
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Set by main.ts: the real stderr writer, so tests (which pass their own) get plain lines. */
export let defaultErr: Io['err'] = () => undefined;
export function setDefaultErr(err: Io['err']): void {
  defaultErr = err;
}
