// A batch row written before its counts are known. An import of series the database has never seen writes its
// segments straight into `observation_segment`; its batch row is inserted first, with placeholder counts (-1),
// so the segments' foreign key is checked as each slice arrives, while the client reads on, instead of all at
// the commit. The row gets its counts, file hash and illustrative flag once, in the transaction that writes it;
// a batch can never be committed with placeholder counts, and a complete batch can never change.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function import_batch_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE'
        and old.rows_received < 0
        and new.rows_received >= 0 and new.rows_stored >= 0 and new.rows_unchanged >= 0
        and current_setting('pejlemaerke.completing_batch', true) = old.id::text
        and (new.id, new.source, new.source_table, new.query, new.file_name, new.licence, new.note,
             new.retrieved_at, new.imported_at, new.imported_by)
          is not distinct from
            (old.id, old.source, old.source_table, old.query, old.file_name, old.licence, old.note,
             old.retrieved_at, old.imported_at, old.imported_by)
      then
        return new;
      end if;
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`drop trigger import_batch_append_only on import_batch`.execute(db);
  await sql`
    create trigger import_batch_append_only before update or delete on import_batch
    for each row execute function import_batch_guard()`.execute(db);
  // At the commit, every batch inserted in the transaction must have its counts.
  await sql`
    create function import_batch_complete() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from import_batch where id = new.id and rows_received < 0) then
        raise exception 'import batch % was not completed: its counts are missing', new.id
          using errcode = 'integrity_constraint_violation';
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger import_batch_complete after insert on import_batch
    deferrable initially deferred for each row execute function import_batch_complete()`.execute(db);
  await sql`
    create trigger import_batch_no_truncate before truncate on import_batch
    for each statement execute function refuse_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migration 009 cannot be undone: import batches are kept for good');
}
