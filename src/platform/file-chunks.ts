// A file read in chunks with several reads already on their way: the next chunk is usually in memory by the
// time the last one has been used, so a long import does not wait on the disk between chunks (a stream reads
// one chunk ahead, and each read waits its turn for a thread while the database and the collector busy the CPUs).
import { open } from 'node:fs/promises';

/**
 * The file's bytes, in order, in chunks of `chunkSize`. A chunk is the reader's own buffer and is filled again
 * once the next chunk is asked for: use it (decode it, hash it, copy it) before then, and do not keep it.
 */
export async function* fileChunks(file: string, chunkSize = 64 * 1024, ahead = 4): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  const buffers = Array.from({ length: ahead }, () => Buffer.allocUnsafeSlow(chunkSize));
  const reads: Promise<number>[] = [];
  let position = 0;
  const start = (slot: number): Promise<number> => {
    const at = position;
    position += chunkSize;
    return handle.read(buffers[slot] as Buffer, 0, chunkSize, at).then((r) => r.bytesRead);
  };
  try {
    for (let slot = 0; slot < ahead; slot++) reads.push(start(slot));
    for (let slot = 0; ; slot = (slot + 1) % ahead) {
      const bytes = await (reads[slot] as Promise<number>);
      if (bytes === 0) break;
      yield (buffers[slot] as Buffer).subarray(0, bytes);
      reads[slot] = start(slot);
    }
  } finally {
    // Reads still on their way finish (or fail) before the file is closed under them.
    await Promise.allSettled(reads);
    await handle.close();
  }
}
