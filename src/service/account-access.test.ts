// Role and centre changes on both databases: audited with before and after, sessions ended in the same
// transaction, the last active administrator kept (also when two administrators demote each other at once),
// and the same input rules as adding a user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../test/support/accounts.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { userActor, type Actor } from '../domain/access/index.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { findUserById } from '../store/user-store.ts';
import type { AccountInputError } from './accounts.ts';
import { changeAccess } from './accounts.ts';
import { openSession, resumeSession } from './sessions.ts';

describe.each(testDatabases)('changing role and centres on $name', ({ open }) => {
  let database: Database;
  const now = new Date('2026-01-05T09:00:00Z');
  const ctx = (actor: Actor) => ({ database, actor, now: () => now });

  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database.close());

  it('changes access, ends the sessions, logs before and after, and refuses bad input', async () => {
    const admin = await createUser(database, 'a1@ballerup.dk', 'admin');
    const editor = await createUser(database, 'e1@ballerup.dk', 'editor', ['center-for-arbejdsmarked']);
    const session = await database.db
      .transaction()
      .execute((trx) => openSession(trx, editor, now, '10.0.0.9'));
    const by = ctx(userActor(admin, '10.0.0.1'));
    for (const [input, code] of [
      [{ roles: ['editor'], centres: [] }, 'centreRequired'],
      [{ roles: ['root'], centres: [] }, 'invalid'],
      [{ roles: [], centres: [] }, 'required'],
      [{ roles: ['reader'], centres: ['center-for-arbejdsmarked'] }, 'centreNotAllowed'],
    ] as const) {
      const e = await changeAccess(by, { id: editor.id }, input).catch((x: unknown) => x);
      expect((e as AccountInputError).problems[0]?.code).toBe(code);
    }
    const r = await changeAccess(by, { id: editor.id }, { roles: ['reader'], centres: [] });
    expect(r).toMatchObject({ changed: true, sessionsEnded: 1 });
    expect((await resumeSession(database, session.token, now, '10.0.0.9')).status).toBe('ended');
    expect((await listAudit(database.db, 3)).find((a) => a.action === 'user.update')).toMatchObject({
      subjectId: 'e1@ballerup.dk',
      before: { roles: ['editor'], centres: ['center-for-arbejdsmarked'] },
      after: { roles: ['reader'], centres: [] },
    });
    expect(await changeAccess(by, { id: editor.id }, { roles: ['reader'], centres: [] })).toMatchObject({
      changed: false,
    });
  });

  it('keeps one active administrator even when two demote each other at the same time', async () => {
    const x = await createUser(database, 'x@ballerup.dk', 'admin');
    const y = await createUser(database, 'y@ballerup.dk', 'admin');
    // a1 from the first test is an administrator too: make it a reader first.
    const a1 = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'a1@ballerup.dk')
      .executeTakeFirstOrThrow();
    await changeAccess(ctx(userActor(x, '10.0.0.1')), { id: a1.id }, { roles: ['reader'], centres: [] });
    const results = await Promise.allSettled([
      changeAccess(ctx(userActor(x, '10.0.0.1')), { id: y.id }, { roles: ['reader'], centres: [] }),
      changeAccess(ctx(userActor(y, '10.0.0.2')), { id: x.id }, { roles: ['reader'], centres: [] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect((refused?.reason as AccountInputError).problems).toEqual([{ field: 'role', code: 'lastAdmin' }]);
    const roles = [
      (await findUserById(database.db, x.id))?.roles,
      (await findUserById(database.db, y.id))?.roles,
    ];
    expect(roles.filter((r) => r?.includes('admin'))).toHaveLength(1);
  });
});
