// Retention of survey answers: once a published round is past SURVEY_RETENTION_DAYS, its raw answers and its
// recipients' contact data are deleted and the round says when (`purged_at`); its published figures stay in
// their import batch. A recipient row keeps its organisation, type and area (what the response rates count), its
// name, e-mail address and link go. The delivery log stays append-only, except that the rows of a purged round's
// recipients may be deleted (a failed send's error may quote the address).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table survey_round add column purged_at timestamptz`.execute(db);
  await sql`
    alter table survey_round add constraint survey_round_purged_published
    check (purged_at is null or state = 'published')`.execute(db);
  await sql`
    alter table survey_recipient alter column contact_name drop not null,
      alter column email drop not null`.execute(db);
  await sql`
    alter table survey_recipient add constraint survey_recipient_contact_together
    check ((contact_name is null) = (email is null))`.execute(db);
  await sql`
    create function survey_delivery_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and exists (
        select 1 from survey_recipient r join survey_round s on s.id = r.round_id
        where r.id = old.recipient_id and s.purged_at is not null
      ) then
        return old;
      end if;
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`drop trigger survey_delivery_append_only on survey_delivery`.execute(db);
  await sql`
    create trigger survey_delivery_append_only before update or delete on survey_delivery
    for each row execute function survey_delivery_guard()`.execute(db);
}

// Contact data deleted by a purge cannot come back, so the columns stay nullable.
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger survey_delivery_append_only on survey_delivery`.execute(db);
  await sql`
    create trigger survey_delivery_append_only before update or delete on survey_delivery
    for each row execute function refuse_change()`.execute(db);
  await sql`drop function survey_delivery_guard()`.execute(db);
  await sql`alter table survey_recipient drop constraint survey_recipient_contact_together`.execute(db);
  await sql`alter table survey_round drop constraint survey_round_purged_published`.execute(db);
  await sql`alter table survey_round drop column purged_at`.execute(db);
}
