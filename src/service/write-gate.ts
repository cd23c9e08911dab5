// The one door every change goes through: the policy decides, the change and its audit entry are written in
// one transaction, and a refusal is itself logged. Nothing else in the system writes to the database.
import type { Transaction } from 'kysely';
import { decide, type Action, type Actor } from '../domain/access/index.ts';
import { appendAudit } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import type { Tables } from '../store/tables.ts';
import { ForbiddenError } from './errors.ts';

export interface Change<T> {
  readonly result: T;
  /** Omit the audit entry when nothing changed (an idempotent repeat). */
  readonly audit?: {
    readonly subjectType: string;
    readonly subjectId: string;
    readonly before?: unknown;
    readonly after?: unknown;
  };
}

export interface WriteContext {
  readonly database: Database;
  readonly actor: Actor;
  /** The clock, passed in so tests can fix it. */
  readonly now: () => Date;
}

export async function write<T>(
  ctx: WriteContext,
  action: Action,
  apply: (trx: Transaction<Tables>, at: Date) => Promise<Change<T>>,
): Promise<T> {
  const at = ctx.now();
  const decision = decide(ctx.actor, action);
  const who = { actor: ctx.actor.id, actorKind: ctx.actor.kind, action, origin: ctx.actor.origin };
  if (!decision.allowed) {
    await appendAudit(
      ctx.database.db,
      { ...who, outcome: 'refused', after: { reason: decision.reason } },
      at,
    );
    throw new ForbiddenError(decision.reason);
  }
  return ctx.database.db.transaction().execute(async (trx) => {
    const change = await apply(trx, at);
    if (change.audit) await appendAudit(trx, { ...who, outcome: 'ok', ...change.audit }, at);
    return change.result;
  });
}
