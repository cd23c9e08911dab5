// A frozen round keeps its report's content, not only its SHA-256: the report model's canonical JSON
// (`reports/report-content.ts`) and the number of the content format it is written in, so the report is always
// produced from what was frozen, whatever later code would compute. A round frozen before this has none until
// its report is produced and today's computation gives the frozen hash; where it does not, an administrator
// may keep today's content instead, and the hash it replaces is kept beside it (`content_replaced_sha256`).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table evaluation_round
      add column content_format integer check (content_format >= 1),
      add column content_json text,
      add column content_replaced_sha256 text check (content_replaced_sha256 ~ '^[0-9a-f]{64}$'),
      add check ((content_format is null) = (content_json is null)),
      add check (content_json is null or content_sha256 is not null),
      add check (content_replaced_sha256 is null or content_json is not null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table evaluation_round drop column content_replaced_sha256, drop column content_json,
      drop column content_format`.execute(db);
}
