// Reading the audit log: a filtered page for the web, and every matching entry, in batches, for the export.
// Only an administrator may read it; a refused read is itself logged.
import {
  countAudit,
  listAuditActions,
  searchAudit,
  type AuditFilter,
  type AuditRow,
} from '../store/audit-store.ts';
import { authorize, type WriteContext } from './write-gate.ts';

export type { AuditFilter, AuditRow } from '../store/audit-store.ts';

export interface AuditPage {
  readonly rows: readonly AuditRow[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  /** The action names found in the log, for the filter's choices. */
  readonly actions: readonly string[];
}

export async function readAuditPage(
  ctx: WriteContext,
  filter: AuditFilter,
  page: number,
  perPage = 50,
): Promise<AuditPage> {
  await authorize(ctx, 'audit.read');
  const db = ctx.database.db;
  const total = await countAudit(db, filter);
  const pages = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, page), pages);
  const [rows, actions] = await Promise.all([
    searchAudit(db, filter, { limit: perPage, offset: (current - 1) * perPage }),
    listAuditActions(db),
  ]);
  return { rows, total, page: current, pages, actions };
}

/** Every matching entry, newest first, read in batches by key so a long log never sits in memory whole. */
export async function* exportAudit(
  ctx: WriteContext,
  filter: AuditFilter,
  batch = 1000,
): AsyncGenerator<AuditRow> {
  await authorize(ctx, 'audit.read');
  let beforeId: string | undefined;
  for (;;) {
    const rows = await searchAudit(ctx.database.db, filter, {
      limit: batch,
      ...(beforeId !== undefined && { beforeId }),
    });
    yield* rows;
    if (rows.length < batch) return;
    beforeId = rows[rows.length - 1]?.id;
  }
}
