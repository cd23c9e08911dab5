// Accounts and sessions on both databases: adding users (and refusing bad input), password login with the
// lock after five failures, session expiry (idle and absolute) with the clock passed in, disabling and
// resetting (which end sessions at once), single sign-on provisioning — and the audit entry of each.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/support/databases.ts';
import { anonymousActor, cliActor, type Actor, type RoleGrant } from '../domain/access/index.ts';
import { listAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import {
  AccountInputError,
  addUser,
  authenticate,
  disableUser,
  hashToCheck,
  listUsers,
  lockRules,
  loginWithOidc,
  resetPassword,
} from './accounts.ts';
import { ForbiddenError, NotFoundError } from './errors.ts';
import { endSession, resumeSession, sessionRules } from './sessions.ts';

const password = 'korrekt-hest-batteri';
const t0 = new Date('2026-03-02T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const minutes = (n: number) => n * 60_000;

describe.each(testDatabases)('accounts on $name', ({ open }) => {
  let database: Database;
  const ctx = (actor: Actor = cliActor('operator'), now: Date = t0) => ({ database, actor, now: () => now });
  const visitor = (now: Date = t0, ip = '10.0.0.7') => ctx(anonymousActor(ip), now);

  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database.close());

  it('adds a user with an argon2id hash that no read and no audit entry shows', async () => {
    const u = await addUser(ctx(), {
      email: ' Anne@Ballerup.dk ',
      displayName: 'Anne Andersen',
      roles: ['editor'],
      centres: ['center-for-arbejdsmarked'],
      password,
    });
    expect(u).toMatchObject({ email: 'Anne@Ballerup.dk', roles: ['editor'], hasPassword: true });
    expect(JSON.stringify(u)).not.toMatch(/argon2/);
    const stored = await sql<{
      h: string;
    }>`select password_hash as h from app_user where id = ${u.id}`.execute(database.db);
    expect(stored.rows[0]?.h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const audit = await listAudit(database.db);
    expect(audit[0]).toMatchObject({
      action: 'user.manage',
      actor: 'operator',
      subjectId: 'Anne@Ballerup.dk',
    });
    expect(JSON.stringify(audit)).not.toMatch(/argon2|korrekt-hest/);
  });

  it('refuses a second account for the same address in another case, and bad input, naming each problem', async () => {
    const err = await addUser(ctx(), {
      email: 'anne@BALLERUP.dk',
      displayName: 'Anne igen',
      roles: ['reader'],
      centres: [],
      password,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountInputError);
    expect((err as AccountInputError).problems).toEqual([{ field: 'email', code: 'taken' }]);

    const bad = await addUser(ctx(), {
      email: 'ikke-en-email',
      displayName: 'x'.repeat(201),
      roles: ['editor'],
      centres: [],
      password: 'kort',
    }).catch((e: unknown) => e);
    expect((bad as AccountInputError).problems).toEqual([
      { field: 'email', code: 'invalid' },
      { field: 'displayName', code: 'tooLong' },
      { field: 'password', code: 'tooShort' },
      { field: 'centres', code: 'centreRequired' },
    ]);
    const nul = await addUser(ctx(), {
      email: 'nul@ballerup.dk',
      displayName: 'Null\u0000byte',
      roles: ['reader'],
      centres: ['center-for-arbejdsmarked'],
    }).catch((e: unknown) => e);
    expect((nul as AccountInputError).problems).toEqual([
      { field: 'displayName', code: 'controlCharacters' },
      { field: 'centres', code: 'centreNotAllowed' },
    ]);
  });

  it('lets only an administrator (or the console) manage users, and logs a refusal', async () => {
    const reader: Actor = { kind: 'user', id: 'reader@ballerup.dk', roles: ['reader'], origin: '10.1.1.1' };
    await expect(listUsers(ctx(reader))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      addUser(ctx(reader), {
        email: 'x@ballerup.dk',
        displayName: 'X',
        roles: ['admin'],
        centres: [],
        password,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listAudit(database.db))[0]).toMatchObject({
      actor: 'reader@ballerup.dk',
      action: 'user.manage',
      outcome: 'refused',
      origin: '10.1.1.1',
      subjectId: 'x@ballerup.dk',
    });
  });

  it('logs in with the right password (any case of address), opens a session and logs the login', async () => {
    const r = await authenticate(visitor(), 'ANNE@ballerup.dk', password);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.session.expiresAt).toEqual(at(sessionRules.absoluteMs));
    const state = await resumeSession(database, r.session.token, at(minutes(1)), '10.0.0.7');
    expect(state).toMatchObject({ status: 'active', user: { email: 'Anne@Ballerup.dk' } });
    // Only the token's hash is stored.
    const ids = await sql<{ id: string }>`select id from app_session`.execute(database.db);
    expect(ids.rows.map((x) => x.id)).not.toContain(r.session.token);
    expect((await listAudit(database.db))[0]).toMatchObject({
      action: 'session.login',
      actor: 'Anne@Ballerup.dk',
      actorKind: 'user',
      origin: '10.0.0.7',
      outcome: 'ok',
    });
  });

  it('answers an unknown address, a wrong password and a disabled user alike, and logs each as failed', async () => {
    const unknown = await authenticate(visitor(), 'nobody@ballerup.dk', password);
    expect(unknown).toEqual({ ok: false, reason: 'invalid' });
    expect((await listAudit(database.db))[0]).toMatchObject({
      action: 'session.login',
      actor: 'anonymous',
      outcome: 'failed',
      subjectId: 'nobody@ballerup.dk',
      after: { method: 'password', reason: 'unknown user' },
    });
  });

  it('checks an unknown address against a hash that costs what a real one does (so timing tells nothing)', async () => {
    await addUser(ctx(), {
      email: 'kim@ballerup.dk',
      displayName: 'Kim',
      roles: ['reader'],
      centres: [],
      password,
    });
    const stored = await sql<{ password_hash: string }>`
      select password_hash from app_user where email = 'kim@ballerup.dk'`.execute(database.db);
    const real = stored.rows[0]?.password_hash as string;
    const dummy = await hashToCheck(undefined);
    // $argon2id$v=19$m=…,t=…,p=…$salt$hash: the same algorithm, version and cost parameters.
    const params = (h: string) => h.split('$').slice(1, 4).join('$');
    expect(dummy).toMatch(/^\$argon2id\$/);
    expect(params(dummy)).toBe(params(real));
    expect(await hashToCheck(null)).toBe(dummy);
    expect(await hashToCheck(real)).toBe(real);
    expect(await authenticate(visitor(), 'nobody@ballerup.dk', 'forkert-forkert-forkert')).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('locks after five wrong passwords in a row for 15 minutes, logs the lock, and lets in after it', async () => {
    await addUser(ctx(), {
      email: 'bo@ballerup.dk',
      displayName: 'Bo',
      roles: ['reader'],
      centres: [],
      password,
    });
    for (let i = 1; i <= 4; i++)
      expect(await authenticate(visitor(at(i * 1000)), 'bo@ballerup.dk', 'forkert-1234567')).toEqual({
        ok: false,
        reason: 'invalid',
      });
    expect(await authenticate(visitor(at(5000)), 'bo@ballerup.dk', 'forkert-1234567')).toEqual({
      ok: false,
      reason: 'locked',
    });
    const audit = await listAudit(database.db);
    expect(audit[0]).toMatchObject({
      action: 'user.lock',
      subjectId: 'bo@ballerup.dk',
      after: { lockedUntil: at(5000 + lockRules.lockMs).toISOString() },
    });
    expect(audit[1]).toMatchObject({
      action: 'session.login',
      outcome: 'failed',
      after: { failedInARow: 5 },
    });
    // Locked: even the right password is refused, and the refusal is logged.
    expect(await authenticate(visitor(at(minutes(14))), 'bo@ballerup.dk', password)).toEqual({
      ok: false,
      reason: 'locked',
    });
    expect((await listAudit(database.db))[0]).toMatchObject({
      outcome: 'failed',
      after: { reason: 'account locked' },
    });
    // After 15 minutes the right password works and the count starts again.
    const r = await authenticate(visitor(at(5000 + lockRules.lockMs)), 'bo@ballerup.dk', password);
    expect(r.ok).toBe(true);
    const bo = (await listUsers(ctx())).find((u) => u.email === 'bo@ballerup.dk');
    expect(bo).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('counts failures in a row only: a success in between starts the count again', async () => {
    for (let i = 0; i < 4; i++)
      await authenticate(visitor(at(minutes(40))), 'bo@ballerup.dk', 'forkert-1234567');
    expect((await authenticate(visitor(at(minutes(40))), 'bo@ballerup.dk', password)).ok).toBe(true);
    for (let i = 0; i < 4; i++)
      expect((await authenticate(visitor(at(minutes(41))), 'bo@ballerup.dk', 'forkert-1234567')).ok).toBe(
        false,
      );
    expect((await authenticate(visitor(at(minutes(41))), 'bo@ballerup.dk', password)).ok).toBe(true);
  });

  it('ends a session after 30 minutes without use, and keeps one alive that is used', async () => {
    const r = await authenticate(visitor(), 'anne@ballerup.dk', password);
    if (!r.ok) throw new Error('login failed');
    // Used every 20 minutes: alive after 80 minutes.
    for (const m of [20, 40, 60, 80])
      expect((await resumeSession(database, r.session.token, at(minutes(m)), 'x')).status).toBe('active');
    // Then 30 minutes idle: ended, and stays ended.
    expect(await resumeSession(database, r.session.token, at(minutes(110)), 'x')).toEqual({
      status: 'ended',
      reason: 'idle',
    });
    expect(await resumeSession(database, r.session.token, at(minutes(111)), 'x')).toEqual({
      status: 'ended',
      reason: 'ended',
    });
    expect((await listAudit(database.db))[0]).toMatchObject({
      action: 'session.expire',
      after: { reason: 'idle' },
    });
  });

  it('ends a session 12 hours after login however much it is used', async () => {
    const r = await authenticate(visitor(), 'anne@ballerup.dk', password);
    if (!r.ok) throw new Error('login failed');
    for (let m = 25; m < 12 * 60; m += 25)
      expect((await resumeSession(database, r.session.token, at(minutes(m)), 'x')).status).toBe('active');
    expect(await resumeSession(database, r.session.token, at(sessionRules.absoluteMs), 'x')).toEqual({
      status: 'ended',
      reason: 'absolute',
    });
  });

  it('ends the session at logout', async () => {
    const r = await authenticate(visitor(), 'anne@ballerup.dk', password);
    if (!r.ok) throw new Error('login failed');
    const s = await resumeSession(database, r.session.token, t0, 'x');
    if (s.status !== 'active') throw new Error('no session');
    await endSession(ctx({ kind: 'user', id: s.user.email, roles: s.user.roles, origin: 'x' }), s.sessionId);
    expect((await resumeSession(database, r.session.token, t0, 'x')).status).toBe('ended');
    expect((await listAudit(database.db))[0]).toMatchObject({ action: 'session.logout', outcome: 'ok' });
  });

  it('refuses a made-up or malformed token without touching anything', async () => {
    expect(await resumeSession(database, 'A'.repeat(43), t0, 'x')).toEqual({
      status: 'ended',
      reason: 'unknown',
    });
    expect(await resumeSession(database, "x' or 1=1 --", t0, 'x')).toEqual({
      status: 'ended',
      reason: 'unknown',
    });
    expect(await resumeSession(database, undefined, t0, 'x')).toEqual({ status: 'none' });
  });

  it('disables a user and ends all their sessions at once, in the same transaction', async () => {
    await addUser(ctx(), {
      email: 'cc@ballerup.dk',
      displayName: 'CC',
      roles: ['reader'],
      centres: [],
      password,
    });
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await authenticate(visitor(), 'cc@ballerup.dk', password);
      if (r.ok) tokens.push(r.session.token);
    }
    const { sessionsEnded, user } = await disableUser(ctx(cliActor('operator'), at(minutes(1))), {
      email: 'cc@ballerup.dk',
    });
    expect(sessionsEnded).toBe(3);
    expect(user.disabledAt).toEqual(at(minutes(1)));
    for (const token of tokens)
      expect(await resumeSession(database, token, at(minutes(2)), 'x')).toEqual({
        status: 'ended',
        reason: 'ended',
      });
    expect(await authenticate(visitor(), 'cc@ballerup.dk', password)).toEqual({
      ok: false,
      reason: 'disabled',
    });
    expect((await listAudit(database.db)).find((a) => a.action === 'user.manage')).toMatchObject({
      subjectId: 'cc@ballerup.dk',
      before: { disabled: false },
      after: { disabled: true, sessionsEnded: 3 },
    });
    // Twice changes nothing and logs nothing.
    const before = (await listAudit(database.db)).length;
    expect((await disableUser(ctx(), { email: 'cc@ballerup.dk' })).sessionsEnded).toBe(0);
    expect((await listAudit(database.db)).length).toBe(before);
    await expect(disableUser(ctx(), { email: 'nobody@ballerup.dk' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('resets a password: the old one stops working, sessions end, a lock is lifted', async () => {
    for (let i = 0; i < lockRules.maxFailures; i++)
      await authenticate(visitor(at(minutes(200))), 'bo@ballerup.dk', 'nej-nej-nej-nej');
    const r = await resetPassword(
      ctx(cliActor('operator'), at(minutes(201))),
      { email: 'bo@ballerup.dk' },
      'en-helt-ny-adgangskode',
    );
    expect(r.user).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect((await authenticate(visitor(at(minutes(202))), 'bo@ballerup.dk', password)).ok).toBe(false);
    expect(
      (await authenticate(visitor(at(minutes(202))), 'bo@ballerup.dk', 'en-helt-ny-adgangskode')).ok,
    ).toBe(true);
    await expect(resetPassword(ctx(), { email: 'bo@ballerup.dk' }, 'kort')).rejects.toBeInstanceOf(
      AccountInputError,
    );
    expect(JSON.stringify(await listAudit(database.db))).not.toMatch(/en-helt-ny|argon2/);
  });

  describe('single sign-on', () => {
    const map: Record<string, RoleGrant> = {
      'P.Admin': { role: 'admin' },
      'P.Editor.CFA': { role: 'editor', centre: 'center-for-arbejdsmarked' },
    };
    const identity = {
      issuer: 'https://login.example',
      subject: 'sub-1',
      email: 'dorte@ballerup.dk',
      emailVerified: true,
      name: 'Dorte Dam',
    };

    it('creates the user on first login with the mapped roles, and updates them at the next', async () => {
      const first = await loginWithOidc(
        visitor(),
        { ...identity, roleClaim: ['P.Editor.CFA', 'Other'] },
        map,
      );
      expect(first).toMatchObject({
        ok: true,
        user: {
          email: 'dorte@ballerup.dk',
          roles: ['editor'],
          centres: ['center-for-arbejdsmarked'],
          hasPassword: false,
        },
      });
      const audit = await listAudit(database.db);
      expect(audit[0]).toMatchObject({
        action: 'session.login',
        actor: 'dorte@ballerup.dk',
        after: { method: 'oidc' },
      });
      expect(audit[1]).toMatchObject({ action: 'user.provision', after: { roles: ['editor'] } });
      const second = await loginWithOidc(visitor(), { ...identity, roleClaim: 'P.Admin' }, map);
      expect(second).toMatchObject({ ok: true, user: { roles: ['admin'], centres: [] } });
      expect((await listUsers(ctx())).filter((u) => u.email === 'dorte@ballerup.dk')).toHaveLength(1);
      // No password login for an account that has no password.
      expect(await authenticate(visitor(), 'dorte@ballerup.dk', '')).toEqual({
        ok: false,
        reason: 'invalid',
      });
    });

    it('refuses a user with no mapped role and logs why', async () => {
      const r = await loginWithOidc(
        visitor(),
        { ...identity, subject: 'sub-2', email: 'eve@ballerup.dk', roleClaim: ['Other'] },
        map,
      );
      expect(r).toEqual({ ok: false, reason: 'no-role' });
      expect((await listAudit(database.db))[0]).toMatchObject({
        action: 'session.login',
        outcome: 'failed',
        subjectId: 'eve@ballerup.dk',
        after: { method: 'oidc', reason: 'no mapped role', roleClaim: ['Other'] },
      });
    });

    it('links an existing password account only when the provider vouches for the address', async () => {
      const unverified = await loginWithOidc(
        visitor(),
        {
          ...identity,
          subject: 'sub-3',
          email: 'anne@ballerup.dk',
          emailVerified: false,
          roleClaim: 'P.Admin',
        },
        map,
      );
      expect(unverified).toEqual({ ok: false, reason: 'email-taken' });
      const verified = await loginWithOidc(
        visitor(),
        { ...identity, subject: 'sub-3', email: 'anne@ballerup.dk', roleClaim: 'P.Admin' },
        map,
      );
      expect(verified).toMatchObject({ ok: true, user: { email: 'anne@ballerup.dk', oidcSubject: 'sub-3' } });
    });

    it('refuses a disabled user', async () => {
      await disableUser(ctx(), { email: 'dorte@ballerup.dk' });
      expect(await loginWithOidc(visitor(), { ...identity, roleClaim: 'P.Admin' }, map)).toEqual({
        ok: false,
        reason: 'disabled',
      });
    });
  });
});
