// Accounts: adding, disabling and resetting users (administrators, or the operator at the command line),
// and logging in — by password (argon2id) or through the municipality's single sign-on. Every change and
// every try goes through the write gate, so the audit log shows who, what, when and from where; password
// hashes never appear in it.
import type * as Argon2 from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { claimValues, mapRoles, userActor, type Role, type RoleGrant } from '../domain/access/index.ts';
import { endUserSessions } from '../store/session-store.ts';
import * as users from '../store/user-store.ts';
import {
  AccountInputError,
  checkEmail,
  checkNewAccount,
  checkPassword,
  checkRolesAndCentres,
  limits,
  type NewAccount,
} from './account-input.ts';
import { NotFoundError } from './errors.ts';
import { openSession, type OpenedSession } from './sessions.ts';
import { authorize, write, type AuditSpec, type WriteContext } from './write-gate.ts';

export type { UserRow } from '../store/user-store.ts';
export {
  AccountInputError,
  limits as accountLimits,
  type AccountProblem,
  type NewAccount,
} from './account-input.ts';

export const lockRules = { maxFailures: 5, lockMs: 15 * 60_000 } as const;

/** A user named by database id (web) or login e-mail (command line). */
export type UserRef = { readonly id: string } | { readonly email: string };

// Verifying against this when the e-mail is unknown makes a wrong address cost the same time as a wrong
// password, so response times do not tell which addresses have accounts.
let dummyHash: Promise<string> | undefined;

// The native argon2 module is loaded when a password is first hashed or checked, not by every command.
let argon2: Promise<typeof Argon2> | undefined;
const loadArgon2 = () => (argon2 ??= import('@node-rs/argon2'));
const hash = async (password: string) => (await loadArgon2()).hash(password);
const verify = async (hashed: string, password: string) => (await loadArgon2()).verify(hashed, password);
const dummy = () => (dummyHash ??= hash(randomBytes(24).toString('base64')));

/** The hash a login attempt is verified against: the account's, or for an unknown address one of equal cost. */
export async function hashToCheck(passwordHash: string | null | undefined): Promise<string> {
  return passwordHash ?? (await dummy());
}

/** The audit's view of an account: everything but secrets. */
function shown(u: users.UserRow) {
  return {
    email: u.email,
    displayName: u.displayName,
    roles: u.roles,
    centres: u.centres,
    disabled: u.disabledAt !== null,
    login: u.oidcSubject ? 'oidc' : 'password',
  };
}

async function findRef(db: Parameters<typeof users.findUserById>[0], ref: UserRef) {
  const u = 'id' in ref ? await users.findUserById(db, ref.id) : await users.findUserByEmail(db, ref.email);
  if (!u) throw new NotFoundError('no such user');
  return u;
}

export async function listUsers(ctx: WriteContext): Promise<readonly users.UserRow[]> {
  await authorize(ctx, 'user.manage');
  return users.listUsers(ctx.database.db);
}

export async function getUser(ctx: WriteContext, ref: UserRef): Promise<users.UserRow> {
  await authorize(ctx, 'user.manage');
  return findRef(ctx.database.db, ref);
}

export async function addUser(ctx: WriteContext, input: NewAccount): Promise<users.UserRow> {
  const account = checkNewAccount(input);
  // Hash before the transaction: argon2 takes tens of milliseconds and must not hold a connection.
  const passwordHash = account.password === undefined ? null : await hash(account.password);
  return write(
    ctx,
    'user.manage',
    async (trx, at) => {
      if (await users.findUserByEmail(trx, account.email))
        throw new AccountInputError([{ field: 'email', code: 'taken' }]);
      const user = await users.insertUser(trx, {
        email: account.email,
        displayName: account.displayName,
        passwordHash,
        roles: account.roles,
        centres: account.centres,
        createdAt: at,
      });
      return { result: user, audit: { subjectType: 'user', subjectId: user.email, after: shown(user) } };
    },
    { subject: { type: 'user', id: account.email } },
  );
}

/** Disables a user and ends every session they hold, in the same transaction. Disabling twice changes nothing. */
export async function disableUser(
  ctx: WriteContext,
  ref: UserRef,
): Promise<{ readonly user: users.UserRow; readonly sessionsEnded: number }> {
  return write(ctx, 'user.manage', async (trx, at) => {
    const before = await findRef(trx, ref);
    if (before.disabledAt) return { result: { user: before, sessionsEnded: 0 } };
    const user = await users.updateUser(trx, before.id, { disabledAt: at });
    const sessionsEnded = await endUserSessions(trx, user.id, at, 'disabled');
    return {
      result: { user, sessionsEnded },
      audit: {
        subjectType: 'user',
        subjectId: user.email,
        before: shown(before),
        after: { ...shown(user), sessionsEnded },
      },
    };
  });
}

/** Sets a new password, lifts a lock, and ends the user's sessions (whoever held the old password is out). */
export async function resetPassword(
  ctx: WriteContext,
  ref: UserRef,
  password: string,
): Promise<{ readonly user: users.UserRow; readonly sessionsEnded: number }> {
  const problem = checkPassword(password);
  if (problem) throw new AccountInputError([problem]);
  const passwordHash = await hash(password);
  return write(ctx, 'user.manage', async (trx, at) => {
    const before = await findRef(trx, ref);
    const user = await users.updateUser(trx, before.id, { passwordHash, failedLogins: 0, lockedUntil: null });
    const sessionsEnded = await endUserSessions(trx, user.id, at, 'password reset');
    return {
      result: { user, sessionsEnded },
      audit: {
        subjectType: 'user',
        subjectId: user.email,
        before: { ...shown(before), hadPassword: before.hasPassword },
        after: { ...shown(user), passwordChanged: true, sessionsEnded },
      },
    };
  });
}

/**
 * Sets a user's role and centres. A user whose access changes loses every session at once, so a demoted
 * editor's next request is logged out rather than carrying the old rights until the session expires. The last
 * active administrator cannot be demoted (or nobody could manage users again from the browser).
 */
export async function changeAccess(
  ctx: WriteContext,
  ref: UserRef,
  input: { readonly roles: readonly string[]; readonly centres: readonly string[] },
): Promise<{ readonly user: users.UserRow; readonly changed: boolean; readonly sessionsEnded: number }> {
  const centres = [...new Set(input.centres.map((c) => c.trim()))].sort();
  const problems = checkRolesAndCentres(input.roles, centres);
  if (problems.length > 0) throw new AccountInputError(problems);
  const roles = input.roles as readonly Role[];
  type Changed = { user: users.UserRow; changed: boolean; sessionsEnded: number };
  return write<Changed>(ctx, 'user.manage', async (trx, at) => {
    const before = await findRef(trx, ref);
    const same =
      JSON.stringify([...before.roles].sort()) === JSON.stringify([...roles].sort()) &&
      JSON.stringify([...before.centres].sort()) === JSON.stringify(centres);
    if (same) return { result: { user: before, changed: false, sessionsEnded: 0 } };
    if (before.roles.includes('admin') && !roles.includes('admin') && before.disabledAt === null)
      if ((await users.countOtherActiveAdmins(trx, before.id)) === 0)
        throw new AccountInputError([{ field: 'role', code: 'lastAdmin' }]);
    const user = await users.updateUser(trx, before.id, { roles, centres });
    const sessionsEnded = await endUserSessions(trx, user.id, at, 'access changed');
    return {
      result: { user, changed: true, sessionsEnded },
      audit: {
        action: 'user.update',
        subjectType: 'user',
        subjectId: user.email,
        before: shown(before),
        after: { ...shown(user), sessionsEnded },
      },
    };
  });
}

export type LoginResult =
  | { readonly ok: true; readonly user: users.UserRow; readonly session: OpenedSession }
  | {
      readonly ok: false;
      readonly reason: 'invalid' | 'locked' | 'disabled' | 'no-role' | 'email-taken' | 'invalid-claims';
    };

/**
 * Checks an e-mail and password at `ctx.now()`. The caller's actor is the anonymous visitor with their IP.
 * Five wrong passwords in a row lock the account for 15 minutes; the lock is logged. The answer to the
 * visitor is the same for an unknown address, a wrong password, a lock and a disabled account.
 */
export async function authenticate(ctx: WriteContext, email: string, password: string): Promise<LoginResult> {
  const typed = email.trim().slice(0, limits.emailMax);
  const login = checkEmail(typed) ? undefined : await users.findLogin(ctx.database.db, typed);
  const usable = password.length > 0 && password.length <= limits.passwordMax;
  let matches = false;
  try {
    matches = await verify(await hashToCheck(login?.passwordHash), usable ? password : 'x');
  } catch {
    matches = false;
  }
  matches = matches && usable && typeof login?.passwordHash === 'string';
  return write<LoginResult>(ctx, 'session.login', async (trx, at) => {
    const failed = (reason: string, extra: object = {}): AuditSpec => ({
      subjectType: 'user',
      subjectId: typed,
      outcome: 'failed',
      after: { method: 'password', reason, ...extra },
    });
    if (!login) return { result: { ok: false, reason: 'invalid' }, audit: failed('unknown user') };
    const user = await findRef(trx, { id: login.user.id });
    if (user.disabledAt) return { result: { ok: false, reason: 'disabled' }, audit: failed('user disabled') };
    if (user.lockedUntil && user.lockedUntil.getTime() > at.getTime())
      return {
        result: { ok: false, reason: 'locked' },
        audit: failed('account locked', { lockedUntil: user.lockedUntil.toISOString() }),
      };
    if (!matches) {
      const lockUntil = new Date(at.getTime() + lockRules.lockMs);
      const r = await users.recordFailedLogin(trx, user.id, lockRules.maxFailures, lockUntil);
      const audit: AuditSpec[] = [
        failed(user.hasPassword ? 'wrong password' : 'no password (single sign-on only)', {
          failedInARow: r.locked ? lockRules.maxFailures : r.failedLogins,
        }),
      ];
      if (r.locked)
        audit.push({
          action: 'user.lock',
          subjectType: 'user',
          subjectId: user.email,
          after: {
            lockedUntil: lockUntil.toISOString(),
            reason: `${lockRules.maxFailures} failed logins in a row`,
          },
        });
      return { result: { ok: false, reason: r.locked ? 'locked' : 'invalid' }, audit };
    }
    const fresh =
      user.failedLogins > 0 || user.lockedUntil
        ? await users.updateUser(trx, user.id, { failedLogins: 0, lockedUntil: null })
        : user;
    const session = await openSession(trx, fresh, at, ctx.actor.origin);
    return {
      result: { ok: true, user: fresh, session },
      audit: {
        subjectType: 'user',
        subjectId: fresh.email,
        actor: userActor(fresh, ctx.actor.origin),
        after: { method: 'password', session: session.ref },
      },
    };
  });
}

/** Who the single sign-on provider says the visitor is (from the ID token and userinfo, already verified). */
export interface OidcIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly email?: string | undefined;
  readonly emailVerified?: boolean | undefined;
  readonly name?: string | undefined;
  /** The raw value of the configured role claim. */
  readonly roleClaim: unknown;
}

/**
 * Logs in a user the provider vouched for: creates the account on first login, and on every login takes
 * name, e-mail, roles and centres from the provider (it is the source of truth). A user none of whose
 * provider roles is mapped is refused and the refusal logged.
 */
export async function loginWithOidc(
  ctx: WriteContext,
  identity: OidcIdentity,
  roleMap: Readonly<Record<string, RoleGrant>>,
): Promise<LoginResult> {
  const values = claimValues(identity.roleClaim);
  const mapped = mapRoles(values, roleMap);
  const email = (identity.email ?? '').trim();
  const name = (identity.name ?? '').trim().slice(0, limits.nameMax) || email || identity.subject;
  const subjectId = email || `${identity.subject} (${identity.issuer})`;
  return write<LoginResult>(ctx, 'session.login', async (trx, at) => {
    const failed = (reason: string): AuditSpec => ({
      subjectType: 'user',
      subjectId: subjectId.slice(0, limits.emailMax),
      outcome: 'failed',
      after: {
        method: 'oidc',
        reason,
        issuer: identity.issuer,
        subject: identity.subject,
        roleClaim: values.slice(0, 20),
      },
    });
    if (mapped.roles.length === 0)
      return { result: { ok: false, reason: 'no-role' }, audit: failed('no mapped role') };
    if (checkEmail(email) || name.length === 0)
      return { result: { ok: false, reason: 'invalid-claims' }, audit: failed('no usable e-mail claim') };
    let before = await users.findUserByOidc(trx, identity.issuer, identity.subject);
    if (!before) {
      const sameEmail = await users.findUserByEmail(trx, email);
      if (sameEmail) {
        // Linking an existing account by address is safe only when the provider vouches for the address.
        if (sameEmail.oidcSubject || identity.emailVerified !== true)
          return {
            result: { ok: false, reason: 'email-taken' },
            audit: failed('e-mail used by another account'),
          };
        before = sameEmail;
      }
    }
    if (before?.disabledAt)
      return { result: { ok: false, reason: 'disabled' }, audit: failed('user disabled') };
    const roles: readonly Role[] = mapped.roles;
    const centres = mapped.roles.includes('editor') ? mapped.centres : [];
    let user: users.UserRow;
    if (before) {
      const emailFree =
        before.email.toLowerCase() === email.toLowerCase() || !(await users.findUserByEmail(trx, email));
      user = await users.updateUser(trx, before.id, {
        ...(emailFree && { email }),
        displayName: name,
        roles,
        centres,
        oidcIssuer: identity.issuer,
        oidcSubject: identity.subject,
      });
    } else {
      user = await users.insertUser(trx, {
        email,
        displayName: name,
        passwordHash: null,
        roles,
        centres,
        createdAt: at,
        oidcIssuer: identity.issuer,
        oidcSubject: identity.subject,
      });
    }
    const session = await openSession(trx, user, at, ctx.actor.origin);
    const actor = userActor(user, ctx.actor.origin);
    const changed = !before || JSON.stringify(shown(before)) !== JSON.stringify(shown(user));
    const audit: AuditSpec[] = [];
    if (changed)
      audit.push({
        action: 'user.provision',
        actor,
        subjectType: 'user',
        subjectId: user.email,
        before: before ? shown(before) : undefined,
        after: shown(user),
      });
    audit.push({
      actor,
      subjectType: 'user',
      subjectId: user.email,
      after: { method: 'oidc', session: session.ref, issuer: identity.issuer },
    });
    return { result: { ok: true, user, session }, audit };
  });
}

/** Logs a login that failed before any account was involved (a refused single sign-on answer). */
export async function recordLoginFailure(
  ctx: WriteContext,
  method: 'password' | 'oidc',
  reason: string,
): Promise<void> {
  await write(ctx, 'session.login', async () => ({
    result: undefined,
    audit: { subjectType: 'login', subjectId: method, outcome: 'failed', after: { method, reason } },
  }));
}
