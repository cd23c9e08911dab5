// Local surveys: questionnaire versions (immutable, one per distinct content), survey rounds, their recipients
// (each with a personal link whose token is kept only as its SHA-256), one answer per recipient and round, and
// the log of invitations and reminders sent. Answers are organisations' answers, never published as such:
// publishing a round stores its aggregates as an import batch.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table questionnaire_version (
      questionnaire_id text not null check (questionnaire_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      version integer not null check (version >= 1),
      definition jsonb not null,
      content_sha256 text not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
      file_name text,
      created_at timestamptz not null,
      created_by text not null,
      primary key (questionnaire_id, version),
      unique (questionnaire_id, content_sha256)
    )`.execute(db);
  // A version is what answers were given to: never changed or taken away.
  await sql`
    create trigger questionnaire_version_immutable before update or delete on questionnaire_version
    for each row execute function refuse_change()`.execute(db);

  await sql`
    create table survey_round (
      id bigserial primary key,
      questionnaire_id text not null,
      questionnaire_version integer not null,
      name text not null check (length(name) between 1 and 200),
      opens_on date not null,
      closes_on date not null,
      period text not null check (period ~ '^[0-9]{4}(K[1-4]|M(0[1-9]|1[0-2]))?$'),
      scope_areas text[] not null default '{}',
      scope_types text[] not null default '{}',
      state text not null default 'open' check (state in ('open', 'closed', 'published')),
      created_at timestamptz not null,
      created_by text not null,
      closed_at timestamptz,
      published_at timestamptz,
      published_batch_id bigint references import_batch (id),
      check (opens_on <= closes_on),
      check ((state = 'open') = (closed_at is null)),
      check ((state = 'published') = (published_at is not null)),
      foreign key (questionnaire_id, questionnaire_version)
        references questionnaire_version (questionnaire_id, version)
    )`.execute(db);

  await sql`
    create table survey_recipient (
      id bigserial primary key,
      round_id bigint not null references survey_round (id),
      organisation text not null check (length(organisation) between 1 and 200),
      organisation_type text not null check (length(organisation_type) between 1 and 100),
      area text not null check (area ~ '^[0-9]{3}$'),
      contact_name text not null check (length(contact_name) between 1 and 200),
      email text not null check (length(email) between 3 and 254),
      token_hash bytea unique check (octet_length(token_hash) = 32),
      token_issued_at timestamptz,
      bounced boolean not null default false,
      created_at timestamptz not null,
      unique (round_id, email, organisation),
      check ((token_hash is null) = (token_issued_at is null))
    )`.execute(db);
  await sql`create index survey_recipient_of on survey_recipient (round_id, id)`.execute(db);

  await sql`
    create table survey_answer (
      id bigserial primary key,
      round_id bigint not null references survey_round (id),
      recipient_id bigint not null references survey_recipient (id),
      answers jsonb not null,
      current_page integer not null default 0 check (current_page >= 0),
      submitted_at timestamptz,
      updated_at timestamptz not null,
      unique (round_id, recipient_id)
    )`.execute(db);

  await sql`
    create table survey_delivery (
      id bigserial primary key,
      recipient_id bigint not null references survey_recipient (id),
      kind text not null check (kind in ('invitation', 'reminder')),
      status text not null check (status in ('sent', 'failed')),
      error text check (length(error) <= 2000),
      at timestamptz not null,
      check ((status = 'failed') = (error is not null))
    )`.execute(db);
  await sql`create index survey_delivery_of on survey_delivery (recipient_id, at)`.execute(db);
  await sql`
    create trigger survey_delivery_append_only before update or delete on survey_delivery
    for each row execute function refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table survey_delivery`.execute(db);
  await sql`drop table survey_answer`.execute(db);
  await sql`drop table survey_recipient`.execute(db);
  await sql`drop table survey_round`.execute(db);
  await sql`drop table questionnaire_version`.execute(db);
}
