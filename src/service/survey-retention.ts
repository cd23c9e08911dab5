// Retention of survey answers: a published round's raw answers and its recipients' names, e-mail addresses and
// links are deleted once the round was published more than SURVEY_RETENTION_DAYS ago, or at once for a round
// named by an administrator; the published figures stay in their import batch. Each round is purged in its own
// transaction through the write gate, and the audit log names the round and how much was deleted.
import * as store from '../store/survey-retention-store.ts';
import { findRound } from '../store/survey-store.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import { write, type WriteContext } from './write-gate.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PurgedRound {
  readonly id: string;
  readonly name: string;
  readonly publishedAt: Date;
  readonly counts: store.PurgeCounts;
}

export interface PurgeOutcome {
  readonly dryRun: boolean;
  /** Published before this moment: due. */
  readonly before: Date;
  readonly rounds: readonly PurgedRound[];
}

async function purgeOne(
  ctx: WriteContext,
  round: store.DueRound,
  reason: { readonly retentionDays?: number },
): Promise<PurgedRound> {
  return write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      const counts = await store.purgeRound(trx, round.id, at);
      if (!counts) throw new ConflictError(`survey round ${round.id} is not published; nothing was deleted`);
      return {
        result: { ...round, counts },
        audit: {
          subjectType: 'survey-round',
          subjectId: round.id,
          after: { round: round.name, ...counts, ...reason },
          action: 'survey.purge',
        },
      };
    },
    { subject: { type: 'survey-round', id: round.id } },
  );
}

/**
 * Deletes the raw answers and contact data of every published round published more than `retentionDays` days
 * before now; with `dryRun` only says what would be deleted.
 */
export async function purgeExpiredSurveys(
  ctx: WriteContext,
  options: { readonly retentionDays: number; readonly dryRun?: boolean },
): Promise<PurgeOutcome> {
  const days = options.retentionDays;
  if (!Number.isInteger(days) || days < 1)
    throw new InvalidInputError(`the retention must be a whole number of days of at least 1, got ${days}`);
  const before = new Date(ctx.now().getTime() - days * DAY_MS);
  const due = await store.roundsDue(ctx.database.db, before);
  const rounds: PurgedRound[] = [];
  for (const round of due)
    rounds.push(
      options.dryRun
        ? { ...round, counts: await store.purgeCounts(ctx.database.db, round.id) }
        : await purgeOne(ctx, round, { retentionDays: days }),
    );
  return { dryRun: options.dryRun ?? false, before, rounds };
}

/** Deletes one published round's raw answers and contact data now, whatever its age. */
export async function purgeSurveyRound(
  ctx: WriteContext,
  roundId: string,
  options: { readonly dryRun?: boolean } = {},
): Promise<PurgedRound> {
  if (!/^[1-9]\d{0,15}$/.test(roundId)) throw new NotFoundError(`survey round "${roundId}" not found`);
  const round = await findRound(ctx.database.db, roundId);
  if (!round) throw new NotFoundError(`survey round "${roundId}" not found`);
  if (round.state !== 'published' || !round.publishedAt)
    throw new ConflictError(
      `survey round ${round.id} is ${round.state}, not published: its answers are deleted only after its figures are published (pejlemaerke survey publish ${round.id}); nothing was deleted`,
    );
  const due = { id: round.id, name: round.name, publishedAt: round.publishedAt };
  if (options.dryRun) return { ...due, counts: await store.purgeCounts(ctx.database.db, round.id) };
  return purgeOne(ctx, due, {});
}
