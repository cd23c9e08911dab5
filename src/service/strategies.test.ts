// Loading definitions as versions, on both databases: idempotent repeat, new version on change, nothing
// stored on a refused file, the audit entry beside every change, and the database's own append-only guard.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { ForbiddenError, InvalidInputError } from './errors.ts';
import {
  changesInVersion,
  getStrategy,
  listStrategies,
  listStrategyVersions,
  loadDefinitionFile,
} from './strategies.ts';

const example = new URL('../../test/fixtures/strategies/aarhus-sundhed-eksempel.yaml', import.meta.url);
const fixedNow = () => new Date('2026-01-15T10:00:00Z');

describe.each(testDatabases)('strategy versions on $name', ({ open }) => {
  let database: Database;
  let dir: string;
  const ctx = (actor: Actor = cliActor('tester')) => ({ database, actor, now: fixedNow });

  beforeAll(async () => {
    database = await open();
    dir = await mkdtemp(path.join(tmpdir(), 'strategy-'));
  });
  afterAll(async () => database.close());

  it('stores a new strategy as version 1 and writes an audit entry in the same transaction', async () => {
    const file = path.join(dir, 'a.yaml');
    await writeFile(file, await readFile(example));
    const outcome = await loadDefinitionFile(ctx(), file);
    expect(outcome.status).toBe('created');
    expect(outcome.version.version).toBe(1);
    const list = await listStrategies(database);
    expect(list.map((s) => s.strategyId)).toContain(outcome.version.strategyId);
    const audit = await listAudit(database.db);
    expect(audit[0]).toMatchObject({
      action: 'strategy.load',
      actor: 'tester',
      outcome: 'ok',
      subjectId: outcome.version.strategyId,
    });
  });

  it('loads the same file twice without a new version or audit entry', async () => {
    const file = path.join(dir, 'a.yaml');
    const before = (await listAudit(database.db)).length;
    const outcome = await loadDefinitionFile(ctx(), file);
    expect(outcome.status).toBe('unchanged');
    expect(outcome.version.version).toBe(1);
    expect((await listAudit(database.db)).length).toBe(before);
  });

  it('treats a comment-only edit as the same version', async () => {
    const file = path.join(dir, 'a.yaml');
    await writeFile(file, `# only a comment\n${await readFile(file, 'utf8')}`);
    expect((await loadDefinitionFile(ctx(), file)).status).toBe('unchanged');
  });

  it('keeps the old version when a changed file becomes version 2, and lists what changed', async () => {
    const file = path.join(dir, 'a.yaml');
    const text = await readFile(file, 'utf8');
    const changed = text.replace(/^title: .*$/m, 'title: Sundhedsstrategi (revideret)');
    expect(changed).not.toBe(text);
    await writeFile(file, changed);
    const outcome = await loadDefinitionFile(ctx(), file);
    expect(outcome.status).toBe('new-version');
    if (outcome.status !== 'new-version') return;
    expect(outcome.version.version).toBe(2);
    expect(outcome.changes).toEqual([
      expect.objectContaining({ kind: 'changed', path: 'title', after: 'Sundhedsstrategi (revideret)' }),
    ]);
    const id = outcome.version.strategyId;
    expect((await listStrategyVersions(database, id)).map((v) => v.version)).toEqual([2, 1]);
    expect((await getStrategy(database, id, 1))?.definition.title).not.toBe('Sundhedsstrategi (revideret)');
    expect((await getStrategy(database, id))?.version).toBe(2);
    expect(await changesInVersion(database, id, 2)).toHaveLength(1);
  });

  it('refuses an invalid file whole, naming the path, and stores nothing', async () => {
    const file = path.join(dir, 'bad.yaml');
    const text = (await readFile(example, 'utf8'))
      .replace(/^id: .*$/m, 'id: another-strategy')
      .replace(/direction: up/, 'direction: sideways');
    await writeFile(file, text);
    const err = await loadDefinitionFile(ctx(), file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).details.join('\n')).toMatch(
      /bad\.yaml:\d+:\d+: area "[^"]+" › indicator "[^"]+" › direction \(areas\[\d+]\.indicators\[\d+]\.direction\): expected "up", "down" or "parity", got "sideways"/,
    );
    expect((await listStrategies(database)).map((s) => s.strategyId)).not.toContain('another-strategy');
  });

  it('refuses a missing file with a clear message', async () => {
    const err = await loadDefinitionFile(ctx(), path.join(dir, 'nope.yaml')).catch((e: unknown) => e);
    expect((err as InvalidInputError).details[0]).toMatch(/nope\.yaml: \(file\): no such file/);
  });

  it('refuses a load by a reader and logs the refusal', async () => {
    const reader: Actor = { kind: 'user', id: 'reader-1', roles: ['reader'], origin: '127.0.0.1' };
    await expect(loadDefinitionFile(ctx(reader), path.join(dir, 'a.yaml'))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const audit = await listAudit(database.db);
    expect(audit[0]).toMatchObject({ actor: 'reader-1', outcome: 'refused', origin: '127.0.0.1' });
  });

  it('has an audit log and version history the database itself will not let anyone rewrite', async () => {
    await expect(sql`update audit_log set actor = 'someone else'`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from strategy_version`.execute(database.db)).rejects.toThrow(/append-only/);
  });
});
