// The one door every change goes through: the policy decides, the change and its audit entry are written in
// one transaction, and a refusal is itself logged. Nothing else in the system writes to the database.
import type { Transaction } from 'kysely';
import { decide, type Action, type Actor, type Resource } from '../domain/access/index.ts';
import { appendAudit, type AuditEntry } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import type { Tables } from '../store/tables.ts';
import { ForbiddenError } from './errors.ts';

/** One audit entry a change asks for. */
export interface AuditSpec {
  readonly subjectType: string;
  readonly subjectId: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** `failed` for a try that was recorded but did not succeed (a wrong password). Default `ok`. */
  readonly outcome?: 'ok' | 'failed';
  /** When one change makes two entries (a failed login that also locks the account). Default: the action. */
  readonly action?: string;
  /** Who the entry names when it is not the caller: a login is made by the anonymous visitor, done by the user. */
  readonly actor?: Actor;
}

export interface Change<T> {
  readonly result: T;
  /** Omit the audit entry when nothing changed (an idempotent repeat). */
  readonly audit?: AuditSpec | readonly AuditSpec[];
}

export interface WriteContext {
  readonly database: Database;
  readonly actor: Actor;
  /** The clock, passed in so tests can fix it. */
  readonly now: () => Date;
}

export interface GateOptions {
  /** What the action is on, for resource-scoped decisions (`area.edit`). */
  readonly resource?: Resource;
  /** Named in the audit entry of a refusal. */
  readonly subject?: { readonly type: string; readonly id: string };
}

export async function write<T>(
  ctx: WriteContext,
  action: Action,
  apply: (trx: Transaction<Tables>, at: Date) => Promise<Change<T>>,
  options: GateOptions = {},
): Promise<T> {
  const at = ctx.now();
  await authorizeAt(ctx, action, options, at);
  const who = { actor: ctx.actor.id, actorKind: ctx.actor.kind, origin: ctx.actor.origin };
  const result = await ctx.database.db.transaction().execute(async (trx) => {
    const change = await apply(trx, at);
    const specs =
      change.audit === undefined ? [] : Array.isArray(change.audit) ? change.audit : [change.audit];
    for (const { outcome, action: named, actor, ...rest } of specs as readonly AuditSpec[]) {
      const by = actor ? { actor: actor.id, actorKind: actor.kind, origin: actor.origin } : who;
      await appendAudit(trx, { ...by, action: named ?? action, outcome: outcome ?? 'ok', ...rest }, at);
    }
    return change.result;
  });
  committedWrites++;
  return result;
}

let committedWrites = 0;

/**
 * How many changes this process has committed: anything kept from an earlier read (a rendered page) is stale
 * once it moves. Changes by another process show only through what they change (e.g. the import batches).
 */
export function writeGeneration(): number {
  return committedWrites;
}

/** Asks the policy without changing anything; a refusal is logged and raised as ForbiddenError. */
export async function authorize(ctx: WriteContext, action: Action, options: GateOptions = {}): Promise<void> {
  await authorizeAt(ctx, action, options, ctx.now());
}

async function authorizeAt(ctx: WriteContext, action: Action, options: GateOptions, at: Date): Promise<void> {
  const decision = decide(ctx.actor, action, options.resource);
  if (decision.allowed) return;
  await recordRefusal(ctx, action, decision.reason, options.subject, at);
  throw new ForbiddenError(decision.reason);
}

/** Logs a refused request that never reached the policy (a failed CSRF or origin check). */
export async function recordRefusal(
  ctx: WriteContext,
  action: string,
  reason: string,
  subject?: { readonly type: string; readonly id: string },
  at: Date = ctx.now(),
): Promise<void> {
  const entry: AuditEntry = {
    actor: ctx.actor.id,
    actorKind: ctx.actor.kind,
    action,
    origin: ctx.actor.origin,
    outcome: 'refused',
    subjectType: subject?.type,
    subjectId: subject?.id,
    after: { reason },
  };
  await appendAudit(ctx.database.db, entry, at);
}
