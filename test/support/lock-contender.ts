// One of several processes that try to take one data directory's lock at the same moment (argv: the directory
// and the epoch millisecond to start at). Prints "won" or "refused", and a winner holds the lock a while so that
// every other contender meets it.
import { acquireDataDirLock, DataDirLockedError } from '../../src/store/data-dir-lock.ts';

const [dataDir, at] = process.argv.slice(2);
if (!dataDir || !at) throw new Error('usage: lock-contender.ts <dataDir> <startAt>');
while (Date.now() < Number(at)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
try {
  const lock = acquireDataDirLock(dataDir);
  process.stdout.write('won\n');
  setTimeout(() => {
    lock.release();
  }, 2_000);
} catch (e) {
  if (!(e instanceof DataDirLockedError)) throw e;
  process.stdout.write('refused\n');
}
