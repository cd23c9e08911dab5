// `npm run bench`: every performance figure of the project, each with its goal and the ratio to its anchor,
// measured in one run on this machine.
import { measureStartup } from './startup.ts';

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number) => `${Math.round(x)} ms`;

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);

  if (want('startup')) {
    const s = await measureStartup(3);
    const cold = median(s.freshDataDirMs);
    const warm = median(s.existingDataDirMs);
    const anchor = median(s.anchorMs);
    console.log('startup: npm start (bin/pejlemaerke.js serve) to first page served, embedded database');
    console.log(
      `  fresh data directory (first start, creates the database, loads the strategy): median ${ms(cold)}  runs ${s.freshDataDirMs.map(ms).join(', ')}`,
    );
    console.log(
      `  existing data directory (restart):                                           median ${ms(warm)}  runs ${s.existingDataDirMs.map(ms).join(', ')}`,
    );
    console.log(
      `  anchor, bare node:http server to first response:                              median ${ms(anchor)}`,
    );
    console.log(
      `  ratio to anchor: fresh ${(cold / anchor).toFixed(1)}x, restart ${(warm / anchor).toFixed(1)}x; goal ≤ 3000 ms: fresh ${cold <= 3000 ? 'met' : 'NOT met'}, restart ${warm <= 3000 ? 'met' : 'NOT met'}`,
    );
  }
}

await main();
