// Information loss on the bundled dataset: of every share and group size the indicator views publish for every
// area (totals and breakdowns), how many are hidden. Runs the product's publishing over the whole bundle on an
// embedded database in memory: `node --import tsx scripts/disclosure-loss.ts`.
import { seedBundledDataset } from '../src/service/bundled-dataset.ts';
import { indicatorViews } from '../src/service/indicators.ts';
import { getStrategy, listStrategies } from '../src/service/strategies.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { systemActor } from '../src/domain/access/index.ts';
import { loadAreas } from '../src/sources/areas/index.ts';
import { loadDefinitionFile } from '../src/service/strategies.ts';
import type { PeriodRow } from '../src/service/indicators.ts';

const db = await openDatabase({ dataDir: 'memory://loss' });
await migrateToLatest(db);
const strategiesDir = path.join(import.meta.dirname, '..', 'strategies');
for (const f of (await readdir(strategiesDir)).filter((n) => /\.ya?ml$/.test(n)))
  await loadDefinitionFile(
    { database: db, actor: systemActor, now: () => new Date() },
    path.join(strategiesDir, f),
  );
await seedBundledDataset(db, () => undefined, { scope: 'all' });
const count = { shown: 0, hidden: 0, breakdownShown: 0, breakdownHidden: 0 };
const tally = (rows: readonly PeriodRow[], breakdown: boolean) => {
  for (const r of rows)
    for (const g of [r.target, r.comparison])
      for (const f of g ? [g.share, g.size] : []) {
        if (f.kind === 'missing') continue;
        const hidden = f.kind === 'suppressed';
        if (breakdown) count[hidden ? 'breakdownHidden' : 'breakdownShown'] += 1;
        else count[hidden ? 'hidden' : 'shown'] += 1;
      }
};
for (const v of await listStrategies(db)) {
  const s = await getStrategy(db, v.strategyId);
  if (!s) continue;
  const areas = (await loadAreas()).municipalities().map((a) => a.code);
  const views = await indicatorViews(db, s.definition, areas);
  for (const list of views.values())
    for (const view of list) {
      tally(view.rows, false);
      for (const b of view.breakdowns) for (const value of b.values) tally(value.rows, true);
    }
}
const pct = (h: number, s: number) => `${h} of ${h + s} (${((100 * h) / Math.max(1, h + s)).toFixed(1)} %)`;
console.log(`totals: hidden ${pct(count.hidden, count.shown)}`);
console.log(`breakdowns: hidden ${pct(count.breakdownHidden, count.breakdownShown)}`);
await db.close();
