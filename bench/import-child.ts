// Runs one StatBank BULK import as the CLI would and prints its time and the process's peak memory as JSON.
import { cliActor } from '../src/domain/access/index.ts';
import { importStatbankFile } from '../src/service/statbank-file.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

const file = process.argv[2] as string;
const database = await openDatabase({ url: process.env.DATABASE_URL });
await migrateToLatest(database);
const started = performance.now();
const outcome = await importStatbankFile(
  { database, actor: cliActor('bench'), now: () => new Date() },
  file,
  { table: 'FOLK1E' },
);
const seconds = (performance.now() - started) / 1000;
await database.close();
console.log(JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, stored: outcome.stored }));
