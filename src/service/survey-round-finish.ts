// What the round page says about a round's end: whether its raw answers were deleted (retention), the import
// batch its published figures were stored as, and the indicators its questionnaire feeds, with their titles.
import type { Database } from './database.ts';
import { findBatches } from './observations.ts';
import { latestLinkList } from './survey-link-lists.ts';
import { getStrategy } from './strategies.ts';
import { roundQuestionnaire } from './surveys.ts';
import { purgedAt } from '../store/survey-retention-store.ts';
import type { SurveyRoundRow } from '../store/survey-store.ts';

export interface RoundFinish {
  /** When the raw answers and contact data were deleted; undefined while they are kept. */
  readonly purgedAt: Date | undefined;
  /** The import batch of a published round: figures received and how many were new. */
  readonly batch:
    { readonly id: string; readonly figures: number; readonly stored: number; readonly at: Date } | undefined;
  readonly strategyId: string;
  /** The indicators the questionnaire feeds, in the order of its feeds; a title only if the strategy has it. */
  readonly indicators: readonly { readonly id: string; readonly title: string | undefined }[];
  /** The newest printed list of links: when, by whom, how many links it gave. */
  readonly lastLinkList: { readonly at: Date; readonly by: string; readonly links: number } | undefined;
}

export async function roundFinish(database: Database, round: SurveyRoundRow): Promise<RoundFinish> {
  const q = await roundQuestionnaire(database, round.id);
  const strategy = await getStrategy(database, q.strategy);
  const titles = new Map<string, string>();
  for (const a of strategy?.definition.areas ?? []) for (const i of a.indicators) titles.set(i.id, i.title);
  const [batch] = round.publishedBatchId ? await findBatches(database, [round.publishedBatchId]) : [];
  return {
    purgedAt: await purgedAt(database.db, round.id),
    batch: batch && {
      id: batch.id,
      figures: batch.rowsReceived,
      stored: batch.rowsStored,
      at: batch.importedAt,
    },
    strategyId: q.strategy,
    lastLinkList: await lastList(database, round.id),
    indicators: [...new Set(q.indicatorFeeds.map((f) => f.indicator))].map((id) => ({
      id,
      title: titles.get(id),
    })),
  };
}

async function lastList(database: Database, roundId: string): Promise<RoundFinish['lastLinkList']> {
  const made = (await latestLinkList(database, roundId))?.list.made;
  return made && { at: made.at, by: made.byName || made.by, links: made.recipientIds.length };
}
