// Queries on accounts. The password hash is read only by the one function that needs it (`findLogin`); every
// other read returns a row without it, so it cannot leak into a page, a log line or an audit entry.
import { sql, type Kysely, type Transaction } from 'kysely';
import { isRole, type Role } from '../domain/access/index.ts';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface UserRow {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly centres: readonly string[];
  readonly hasPassword: boolean;
  readonly disabledAt: Date | null;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  readonly createdAt: Date;
  readonly oidcIssuer: string | null;
  readonly oidcSubject: string | null;
}

const columns = [
  'id',
  'email',
  'display_name',
  'roles',
  'centres',
  'disabled_at',
  'failed_logins',
  'locked_until',
  'created_at',
  'oidc_issuer',
  'oidc_subject',
] as const;

const hasPassword = sql<boolean>`password_hash is not null`.as('has_password');

type Raw = {
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  centres: string[];
  disabled_at: Date | null;
  failed_logins: number;
  locked_until: Date | null;
  created_at: Date;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  has_password: boolean;
};

function toRow(r: Raw): UserRow {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    roles: r.roles.filter(isRole),
    centres: r.centres,
    hasPassword: r.has_password,
    disabledAt: r.disabled_at,
    failedLogins: r.failed_logins,
    lockedUntil: r.locked_until,
    createdAt: r.created_at,
    oidcIssuer: r.oidc_issuer,
    oidcSubject: r.oidc_subject,
  };
}

const byEmail = (email: string) => sql<boolean>`lower(email) = lower(${email})`;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const r = await db
    .selectFrom('app_user')
    .select([...columns, hasPassword])
    .where(byEmail(email))
    .executeTakeFirst();
  return r && toRow(r);
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  // A malformed id is simply not found, rather than a database error.
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const r = await db
    .selectFrom('app_user')
    .select([...columns, hasPassword])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && toRow(r);
}

export async function findUserByOidc(db: Db, issuer: string, subject: string): Promise<UserRow | undefined> {
  const r = await db
    .selectFrom('app_user')
    .select([...columns, hasPassword])
    .where('oidc_issuer', '=', issuer)
    .where('oidc_subject', '=', subject)
    .executeTakeFirst();
  return r && toRow(r);
}

/** The account and its password hash, for checking a password; nothing else reads the hash. */
export async function findLogin(
  db: Db,
  email: string,
): Promise<{ readonly user: UserRow; readonly passwordHash: string | null } | undefined> {
  const r = await db
    .selectFrom('app_user')
    .select([...columns, hasPassword, 'password_hash'])
    .where(byEmail(email))
    .executeTakeFirst();
  return r && { user: toRow(r), passwordHash: r.password_hash };
}

export async function listUsers(db: Db): Promise<readonly UserRow[]> {
  const rows = await db
    .selectFrom('app_user')
    .select([...columns, hasPassword])
    .orderBy(sql`lower(email)`)
    .execute();
  return rows.map(toRow);
}

/** The active editors bound to any of `centres`, by name: the people who answer for an area. */
export async function listEditorsOfCentres(db: Db, centres: readonly string[]): Promise<readonly UserRow[]> {
  if (centres.length === 0) return [];
  const rows = await db
    .selectFrom('app_user')
    .select([...columns, hasPassword])
    .where('disabled_at', 'is', null)
    .where(sql<boolean>`'editor' = any(roles)`)
    .where(sql<boolean>`centres && ${sql.val([...centres])}::text[]`)
    .orderBy('display_name')
    .execute();
  return rows.map(toRow);
}

/**
 * How many active administrators there are besides `exceptId` (the last one may not be demoted). Every
 * administrator's row is locked, `exceptId`'s too, so two administrators demoting each other at once
 * cannot both pass the check: the second waits and then no longer counts the first.
 */
export async function countOtherActiveAdmins(db: Db, exceptId: string): Promise<number> {
  const rows = await db
    .selectFrom('app_user')
    .select('id')
    .where('disabled_at', 'is', null)
    .where(sql<boolean>`'admin' = any(roles)`)
    .forUpdate()
    .execute();
  return rows.filter((r) => r.id !== exceptId).length;
}

export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string | null;
  readonly roles: readonly Role[];
  readonly centres: readonly string[];
  readonly createdAt: Date;
  readonly oidcIssuer?: string | undefined;
  readonly oidcSubject?: string | undefined;
}

export async function insertUser(db: Db, u: NewUser): Promise<UserRow> {
  const r = await db
    .insertInto('app_user')
    .values({
      email: u.email,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      roles: [...u.roles],
      centres: [...u.centres],
      created_at: u.createdAt,
      disabled_at: null,
      locked_until: null,
      oidc_issuer: u.oidcIssuer ?? null,
      oidc_subject: u.oidcSubject ?? null,
    })
    .returning([...columns, hasPassword])
    .executeTakeFirstOrThrow();
  return toRow(r);
}

export interface UserPatch {
  readonly email?: string;
  readonly displayName?: string;
  readonly passwordHash?: string | null;
  readonly roles?: readonly Role[];
  readonly centres?: readonly string[];
  readonly disabledAt?: Date | null;
  readonly failedLogins?: number;
  readonly lockedUntil?: Date | null;
  readonly oidcIssuer?: string;
  readonly oidcSubject?: string;
}

export async function updateUser(db: Db, id: string, p: UserPatch): Promise<UserRow> {
  const r = await db
    .updateTable('app_user')
    .set({
      ...(p.email !== undefined && { email: p.email }),
      ...(p.displayName !== undefined && { display_name: p.displayName }),
      ...(p.passwordHash !== undefined && { password_hash: p.passwordHash }),
      ...(p.roles !== undefined && { roles: [...p.roles] }),
      ...(p.centres !== undefined && { centres: [...p.centres] }),
      ...(p.disabledAt !== undefined && { disabled_at: p.disabledAt }),
      ...(p.failedLogins !== undefined && { failed_logins: p.failedLogins }),
      ...(p.lockedUntil !== undefined && { locked_until: p.lockedUntil }),
      ...(p.oidcIssuer !== undefined && { oidc_issuer: p.oidcIssuer }),
      ...(p.oidcSubject !== undefined && { oidc_subject: p.oidcSubject }),
    })
    .where('id', '=', id)
    .returning([...columns, hasPassword])
    .executeTakeFirstOrThrow();
  return toRow(r);
}

/**
 * Counts one more failed login in a single statement, so two concurrent tries cannot both slip under the
 * limit. The try that reaches `limit` locks the account until `lockUntil` and starts the count again.
 */
export async function recordFailedLogin(
  db: Db,
  id: string,
  limit: number,
  lockUntil: Date,
): Promise<{ readonly failedLogins: number; readonly locked: boolean }> {
  const r = await db
    .updateTable('app_user')
    .set({
      failed_logins: sql<number>`case when failed_logins + 1 >= ${limit} then 0 else failed_logins + 1 end`,
      locked_until: sql<Date>`case when failed_logins + 1 >= ${limit} then ${lockUntil}::timestamptz else locked_until end`,
    })
    .where('id', '=', id)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
  return {
    failedLogins: r.failed_logins,
    locked:
      r.failed_logins === 0 && r.locked_until !== null && r.locked_until.getTime() === lockUntil.getTime(),
  };
}
