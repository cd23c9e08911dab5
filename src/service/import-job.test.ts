// Import jobs on a real database: one at a time per table (a second waits for the first), the outcome and its
// progress kept on the job, refusals kept with their codes, and the job's file removed once it ends.
import { copyFile, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor } from '../domain/access/index.ts';
import type { Database } from '../store/database.ts';
import { ImportJobs } from './import-job.ts';

const fixture = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  'sources',
  'statbank',
  'fixtures',
  'derived',
  'folk1e-151-2021K1-K2.csv',
);

describe('import jobs on pglite', () => {
  const { open } = testDatabases[0] as (typeof testDatabases)[number];
  let database: Database;
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => new Date() });
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database.close());

  const jobFile = async (content?: string) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'job-test-'));
    const file = path.join(dir, 'folk1e.csv');
    if (content === undefined) await copyFile(fixture, file);
    else await writeFile(file, content);
    return { dir, file };
  };

  it('runs one job of a table at a time, keeps each outcome, and removes the files', async () => {
    const jobs = new ImportJobs();
    const a = await jobFile();
    const b = await jobFile();
    const input = (f: { dir: string; file: string }) => ({
      file: f.file,
      removeAfter: f.dir,
      fileName: 'folk1e.csv',
      table: 'FOLK1E',
      format: 'csv' as const,
      rows: 12,
      options: { table: 'FOLK1E' },
    });
    const first = jobs.start(ctx(), input(a));
    const second = jobs.start(ctx(), input(b));
    // The second waits for the first: it has not started while the first has not ended.
    expect(second.state).toBe('queued');
    await jobs.idle();
    expect(jobs.get(first.id)).toMatchObject({ state: 'stored', rowsRead: 12 });
    expect(jobs.get(first.id)?.outcome?.stored).toBe(12);
    // The same figures again: the second job, run after the first, finds nothing new.
    expect(jobs.get(second.id)).toMatchObject({ state: 'unchanged', rowsRead: 12 });
    expect(second.createdAt.getTime()).toBeLessThanOrEqual(second.finishedAt?.getTime() ?? 0);
    await expect(stat(a.dir)).rejects.toThrow();
    await expect(stat(b.dir)).rejects.toThrow();
  });

  it('keeps a refusal with its coded reasons and every count', async () => {
    const jobs = new ImportJobs();
    const bad = await jobFile(
      ['OMRÅDE;TID;INDHOLD', ...Array.from({ length: 70 }, (_, i) => `151;20${10 + i}K9;${i}`)].join('\n'),
    );
    const job = jobs.start(ctx(), {
      file: bad.file,
      removeAfter: bad.dir,
      fileName: 'bad.csv',
      table: 'BAD1',
      format: 'csv',
      rows: 70,
      options: { table: 'BAD1' },
    });
    await jobs.idle();
    expect(job.state).toBe('refused');
    expect(job.refusedTotal).toBe(70);
    expect(job.refusals?.[0]).toEqual({ line: 2, why: { code: 'row.period', params: { period: '2010K9' } } });
    expect(jobs.get('0'.repeat(32))).toBeUndefined();
  });
});
