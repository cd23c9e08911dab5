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
  return rows.map(toAuditRow);
}

/** What the audit log page filters by; every field optional. `to` is exclusive. */
export interface AuditFilter {
  /** Part of a name, any case, matched against both the actor and the subject (who acted, whom it was about). */
  readonly person?: string | undefined;
  readonly action?: string | undefined;
  readonly outcome?: AuditEntry['outcome'] | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
}

function filtered(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.person) {
    // Matched literally: % and _ typed into the filter are not wildcards.
    const pattern = `%${f.person.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('actor', 'ilike', pattern), eb('subject_id', 'ilike', pattern)]));
  }
  if (f.action) q = q.where('action', '=', f.action);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  return q;
}

function toAuditRow(r: {
  id: string;
  at: Date;
  actor: string;
  actor_kind: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  origin: string | null;
  outcome: string;
  before: unknown;
  after: unknown;
}): AuditRow {
  return {
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
  };
}

/** Newest first. `beforeId` pages by key (for long exports); `offset` by position (for the page). */
export async function searchAudit(
  db: Db,
  f: AuditFilter,
  page: { readonly limit: number; readonly offset?: number; readonly beforeId?: string },
): Promise<readonly AuditRow[]> {
  let q = filtered(db, f).selectAll();
  if (page.beforeId !== undefined) q = q.where('id', '<', page.beforeId);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
  return rows.map(toAuditRow);
}

export async function countAudit(db: Db, f: AuditFilter): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every action name that occurs in the log, for the filter's choices. */
export async function listAuditActions(db: Db): Promise<readonly string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
