// Accounts and sessions: who may log in, with which roles and centres, and the sessions they hold.
// Written for PostgreSQL 15 and PGlite alike (gen_random_uuid is built in from PostgreSQL 13).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table app_user (
      id uuid primary key default gen_random_uuid(),
      email text not null check (length(email) between 1 and 254),
      display_name text not null check (length(display_name) between 1 and 200),
      -- null for a user who only logs in through single sign-on
      password_hash text,
      roles text[] not null check (cardinality(roles) > 0 and roles <@ array['admin', 'editor', 'reader']),
      -- the centres an editor (tovholder) acts for
      centres text[] not null default '{}',
      disabled_at timestamptz,
      failed_logins integer not null default 0 check (failed_logins >= 0),
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      oidc_issuer text,
      oidc_subject text,
      unique (oidc_issuer, oidc_subject),
      check ((oidc_issuer is null) = (oidc_subject is null))
    )`.execute(db);
  // One account per address whatever its case: Anne@Ballerup.dk and anne@ballerup.dk are the same person.
  await sql`create unique index app_user_email_lower on app_user (lower(email))`.execute(db);

  // The id is the SHA-256 of the cookie's 256-bit token, so a copy of this table cannot be used to log in.
  await sql`
    create table app_session (
      id text primary key check (id ~ '^[0-9a-f]{64}$'),
      user_id uuid not null references app_user (id),
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      -- the absolute end, however active the session is
      expires_at timestamptz not null,
      csrf_secret text not null,
      origin text,
      ended_at timestamptz,
      ended_reason text
    )`.execute(db);
  await sql`create index app_session_open_by_user on app_session (user_id) where ended_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table app_session`.execute(db);
  await sql`drop table app_user`.execute(db);
}
