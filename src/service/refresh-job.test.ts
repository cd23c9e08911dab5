// Refresh jobs on a real database: who may start one, one at a time, and a failure kept with its reason code.
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { anonymousActor, cliActor } from '../domain/access/index.ts';
import { JobindsatsError } from '../sources/jobindsats/index.ts';
import { StatbankRequestError, StatbankUnavailableError } from '../sources/statbank/index.ts';
import type { Database } from '../store/database.ts';
import { ForbiddenError } from './errors.ts';
import { listBatches } from './observations.ts';
import { failureReason, RefreshJobs, RefreshRunningError } from './refresh-job.ts';
import { getStrategy, loadDefinitionFile } from './strategies.ts';

const strategyFile = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
  'strategies',
  'ballerup-integrationsstrategi-2021-2023.yaml',
);

describe('failure reasons', () => {
  it('names each expected failure by its code', () => {
    expect(failureReason(new StatbankUnavailableError('x'))).toBe('unreachable');
    expect(failureReason(new StatbankRequestError('x', 400))).toBe('refused');
    expect(failureReason(new JobindsatsError('bad-key', 'x'))).toBe('bad-key');
    expect(failureReason(new JobindsatsError('unreachable', 'x'))).toBe('unreachable');
    expect(failureReason(new JobindsatsError('malformed', 'x'))).toBe('unreadable');
    expect(failureReason(new Error('x'))).toBe('other');
  });
});

describe.each(testDatabases)('refresh jobs on $name', ({ open }) => {
  let database: Database;
  let server: Server;
  let release: () => void = () => undefined;
  let arrived = false;
  let jobs: RefreshJobs;
  const ctx = () => ({ database, actor: cliActor('tester'), now: () => new Date('2026-03-01T08:00:00Z') });

  beforeAll(async () => {
    database = await open();
    await loadDefinitionFile(ctx(), strategyFile);
    // A StatBank stand-in that holds every request until released, then answers 503 (at once, once released).
    let released = false;
    const held: (() => void)[] = [];
    release = () => {
      released = true;
      for (const answer of held.splice(0)) answer();
    };
    server = createServer((req, res) => {
      req.resume();
      arrived = true;
      const answer = () => {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('busy');
      };
      if (released) answer();
      else held.push(answer);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    jobs = new RefreshJobs({
      statbankUrl: `http://127.0.0.1:${port}/v1`,
      jobindsats: { apiKey: undefined, baseUrl: 'http://127.0.0.1:9/v2' },
      uddannelsesstatistik: { apiKey: undefined, baseUrl: 'http://127.0.0.1:9' },
    });
  });
  afterAll(async () => {
    release();
    await jobs.idle();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
  });

  it('refuses a visitor, runs one at a time and keeps the failure, storing nothing', async () => {
    const s = await getStrategy(database, 'ballerup-integrationsstrategi-2021-2023');
    const definitions = s ? [s.definition] : [];
    await expect(
      jobs.start({ database, actor: anonymousActor('127.0.0.1'), now: () => new Date() }, definitions),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const job = await jobs.start(ctx(), definitions);
    expect(job.skipped).toEqual(['jobindsats', 'uddannelsesstatistik']);
    await expect(jobs.start(ctx(), definitions)).rejects.toBeInstanceOf(RefreshRunningError);
    expect(jobs.running()).toBe(job);
    // Wait for the held request to arrive, then let it fail.
    while (!arrived) await new Promise((r) => setTimeout(r, 10));
    release();
    await jobs.idle();
    expect(job.state).toBe('failed');
    expect(job.failure).toEqual({ reason: 'refused', source: 'statbank' });
    expect(jobs.running()).toBeUndefined();
    expect(jobs.lastFinished()).toBe(job);
    expect(await listBatches(database)).toEqual([]);
  });
});
