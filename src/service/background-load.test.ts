// The background load of the bundled dataset on both databases: stopped between parts (as a crash or a stop
// would leave it), it leaves whole batches only and says the figures are incomplete; the next start's load
// stores just what is missing, and a start after that stores nothing.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { systemActor } from '../domain/access/index.ts';
import { prepareBundledLoad } from './background-load.ts';
import { datasetLoading } from './loading-state.ts';
import { listBatches } from './observations.ts';
import { loadDefinitionFile } from './strategies.ts';

const ballerupFile = new URL(
  '../../strategies/ballerup-integrationsstrategi-2021-2023.yaml',
  import.meta.url,
);

describe.each(testDatabases)('the background load on $name', (testDatabase) => {
  it('stopped after three parts, keeps them whole; the next load completes it, the one after loads nothing', async () => {
    const database = await testDatabase.open();
    try {
      await loadDefinitionFile(
        { database, actor: systemActor, now: () => new Date('2026-05-01T10:00:00Z') },
        fileURLToPath(ballerupFile),
      );
      const first = await prepareBundledLoad(database);
      expect(datasetLoading(database)).toBe('startup');
      const stop = new AbortController();
      let started = 0;
      await expect(
        first.run({
          signal: stop.signal,
          beforePart: async () => {
            if (++started === 4) stop.abort();
          },
        }),
      ).rejects.toThrow();
      expect(await listBatches(database)).toHaveLength(3);
      expect(datasetLoading(database)).toBe('incomplete');

      const lines: string[] = [];
      const second = await prepareBundledLoad(database, { log: (l) => lines.push(l) });
      expect(second.pending).toBe(first.pending - 3);
      expect(datasetLoading(database)).toBe('startup');
      const outcomes = await second.run();
      expect(outcomes.filter((o) => o.status === 'stored')).toHaveLength(first.pending - 3);
      expect(lines).toHaveLength(first.pending - 3);
      expect(datasetLoading(database)).toBeUndefined();
      const all = (await listBatches(database)).length;
      expect(all).toBe(first.pending);

      const third = await prepareBundledLoad(database);
      expect(third.pending).toBe(0);
      expect(datasetLoading(database)).toBeUndefined();
      let partsStarted = 0;
      await third.run({ beforePart: async () => void partsStarted++ });
      expect(partsStarted).toBe(0);
      expect(await listBatches(database)).toHaveLength(all);
    } finally {
      await database.close();
    }
  });
});
