// Reading the audit log on both databases: filters by person (actor or subject, literally), action,
// outcome and time; pages; the export in key order across batches; and administrators only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { cliActor, type Actor } from '../domain/access/index.ts';
import { appendAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { exportAudit, readAuditPage } from './audit.ts';
import { ForbiddenError } from './errors.ts';

const admin: Actor = { kind: 'user', id: 'admin@ballerup.dk', roles: ['admin'], origin: '10.0.0.1' };
const editor: Actor = {
  kind: 'user',
  id: 'ed@ballerup.dk',
  roles: ['editor'],
  centres: ['c'],
  origin: '10.0.0.2',
};

describe.each(testDatabases)('audit log on $name', ({ open }) => {
  let database: Database;
  const ctx = (actor: Actor = admin) => ({ database, actor, now: () => new Date('2026-02-01T12:00:00Z') });

  beforeAll(async () => {
    database = await open();
    // 120 entries over five days: actors take turns, every third failed.
    for (let i = 0; i < 120; i++)
      await appendAudit(
        database.db,
        {
          actor: i % 2 ? 'anne@ballerup.dk' : 'bo_100%@ballerup.dk',
          actorKind: 'user',
          action: i % 4 ? 'session.login' : 'user.manage',
          subjectType: 'user',
          subjectId: i % 5 ? 'x@ballerup.dk' : 'carl@ballerup.dk',
          origin: '10.0.0.9',
          outcome: i % 3 ? 'ok' : 'failed',
        },
        new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 24), i % 24)),
      );
  });
  afterAll(async () => database.close());

  it('pages 50 at a time, newest first, with the total and the actions found', async () => {
    const p1 = await readAuditPage(ctx(), {}, 1);
    expect(p1).toMatchObject({ total: 120, page: 1, pages: 3, actions: ['session.login', 'user.manage'] });
    expect(p1.rows).toHaveLength(50);
    expect(p1.rows[0]?.at.getTime()).toBeGreaterThan(p1.rows[49]?.at.getTime() ?? 0);
    expect((await readAuditPage(ctx(), {}, 3)).rows).toHaveLength(20);
    expect((await readAuditPage(ctx(), {}, 99)).page).toBe(3);
  });

  it.each([
    [{ person: 'ANNE' }, 60],
    [{ person: 'carl' }, 24], // as subject
    [{ person: 'bo_100%' }, 60],
    [{ person: '%' }, 60], // literally, not a wildcard
    [{ person: '_' }, 60],
    [{ action: 'user.manage' }, 30],
    [{ outcome: 'failed' as const }, 40],
    [{ from: new Date('2026-01-03T00:00:00Z'), to: new Date('2026-01-04T00:00:00Z') }, 24],
    [{ person: 'anne', action: 'user.manage' }, 0],
  ])('filters %j → %i', async (filter, n) => {
    expect((await readAuditPage(ctx(), filter, 1)).total).toBe(n);
  });

  it('exports every matching entry across batches, newest first, none twice', async () => {
    const ids: string[] = [];
    for await (const r of exportAudit(ctx(), { outcome: 'ok' }, 7)) ids.push(r.id);
    expect(ids).toHaveLength(80);
    expect(new Set(ids).size).toBe(80);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => b - a));
  });

  it('lets only an administrator or the console read it, and logs a refusal', async () => {
    await expect(readAuditPage(ctx(editor), {}, 1)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(exportAudit(ctx(editor), {}).next()).rejects.toBeInstanceOf(ForbiddenError);
    expect((await readAuditPage(ctx(cliActor('op')), { outcome: 'refused' }, 1)).rows[0]).toMatchObject({
      actor: 'ed@ballerup.dk',
      action: 'audit.read',
      outcome: 'refused',
    });
  });
});
