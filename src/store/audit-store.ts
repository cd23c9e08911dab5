// The append-only audit log: rows go in, never change. The database refuses updates and deletes itself.
import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

export interface AuditEntry {
  readonly actor: string;
  readonly actorKind: string;
  readonly action: string;
  readonly subjectType?: string | undefined;
  readonly subjectId?: string | undefined;
  /** Where the request came from: an IP address, or "cli". */
  readonly origin?: string | undefined;
  readonly outcome: 'ok' | 'refused' | 'failed';
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditRow extends AuditEntry {
  readonly id: string;
  readonly at: Date;
}

export async function appendAudit(db: Db, e: AuditEntry, at: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at,
      actor: e.actor,
      actor_kind: e.actorKind,
      action: e.action,
      subject_type: e.subjectType ?? null,
      subject_id: e.subjectId ?? null,
      origin: e.origin ?? null,
      outcome: e.outcome,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    })
    .execute();
}

export async function listAudit(db: Db, limit = 200): Promise<readonly AuditRow[]> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    actorKind: r.actor_kind,
    action: r.action,
    subjectType: r.subject_type ?? undefined,
    subjectId: r.subject_id ?? undefined,
    origin: r.origin ?? undefined,
    outcome: r.outcome as AuditEntry['outcome'],
    before: r.before ?? undefined,
    after: r.after ?? undefined,
  }));
}
