// A plain process that opens a data directory through openDatabase and keeps it open until it is told to stop
// (stdin closes) or killed: the other side of the one-process-per-directory tests. Prints "open" when it holds it.
import { openDatabase } from '../../src/store/database.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hold-data-dir.ts <dataDir>');
try {
  const database = await openDatabase({ dataDir });
  process.stdout.write('open\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    void database.close().then(() => process.exit(0));
  });
} catch (e) {
  process.stdout.write(`refused: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(3);
}
