// A printed list of survey links is made once per confirmation page. Showing the page offers a list: a one-time
// value of 256 random bits goes into its form and only its SHA-256 into `survey_link_list`. The POST that
// carries it makes the list — `issueLinks`, and the offer marked made in the same transaction, so of two posts
// with the same value one issues and the other, like a reload or back and forward later, issues nothing and is
// told when and by whom the list was made and how many of its links still work. A value that was never offered
// for this round, or was offered more than a day ago and never used, makes nothing.
import { randomBytes } from 'node:crypto';
import * as lists from '../store/survey-link-list-store.ts';
import type { Database } from './database.ts';
import { tokenHash } from './survey-links.ts';
import { getSurveyRound, issueLinks, type LinkIssue } from './surveys.ts';
import { write, type WriteContext } from './write-gate.ts';

export type { LinkListRow } from '../store/survey-link-list-store.ts';

/** An offer not used within a day is gone: its page was left open too long, or never sent. */
export const OFFER_LIFETIME_MS = 24 * 60 * 60 * 1000;
const NONCE_BYTES = 32;
const noncePattern = /^[A-Za-z0-9_-]{43}$/;

/** Records a confirmation page shown for the round; returns the value its form carries. */
export async function offerLinkList(ctx: WriteContext, roundId: string): Promise<string> {
  const round = await getSurveyRound(ctx.database, roundId);
  const nonce = randomBytes(NONCE_BYTES).toString('base64url');
  await write(
    ctx,
    'survey.manage',
    async (trx, at) => {
      await lists.insertOffer(trx, {
        roundId: round.id,
        nonceHash: tokenHash(nonce),
        at,
        by: ctx.actor.id,
        staleBefore: new Date(at.getTime() - OFFER_LIFETIME_MS),
      });
      return { result: undefined };
    },
    { subject: { type: 'survey-round', id: round.id } },
  );
  return nonce;
}

export type LinkListState =
  | { readonly state: 'offered' }
  | { readonly state: 'made'; readonly list: lists.LinkListRow; readonly working: number }
  | { readonly state: 'unknown' };

/** What a posted value stands for in this round: an offer still open, a list made, or nothing usable. */
export async function linkListState(
  database: Database,
  roundId: string,
  nonce: string | undefined,
  now: Date,
): Promise<LinkListState> {
  if (nonce === undefined || !noncePattern.test(nonce)) return { state: 'unknown' };
  const list = await lists.findByNonce(database.db, tokenHash(nonce));
  if (!list || list.roundId !== roundId) return { state: 'unknown' };
  if (list.made) return { state: 'made', list, working: await lists.stillWorking(database.db, list) };
  if (now.getTime() - list.offeredAt.getTime() > OFFER_LIFETIME_MS) return { state: 'unknown' };
  return { state: 'offered' };
}

export type LinkListOutcome =
  | { readonly state: 'issued'; readonly issue: LinkIssue; readonly list: lists.LinkListRow }
  | Exclude<LinkListState, { state: 'offered' }>;

class MadeMeanwhile extends Error {}

/**
 * Makes the list the value was offered for: issues the links and marks the offer made in one transaction. A
 * value already used, or not usable, issues nothing and says so.
 */
export async function makeLinkList(
  ctx: WriteContext,
  roundId: string,
  o: {
    readonly nonce: string;
    readonly baseUrl: string;
    readonly reissue: boolean;
    readonly byName?: string;
  },
): Promise<LinkListOutcome> {
  const before = await linkListState(ctx.database, roundId, o.nonce, ctx.now());
  if (before.state !== 'offered') return before;
  const nonceHash = tokenHash(o.nonce);
  let list: lists.LinkListRow | undefined;
  try {
    const issue = await issueLinks(ctx, roundId, {
      baseUrl: o.baseUrl,
      reissue: o.reissue,
      within: async (trx, at, made) => {
        list = await lists.markMade(trx, {
          nonceHash,
          roundId,
          at,
          by: ctx.actor.id,
          byName: o.byName?.slice(0, 200),
          reissue: o.reissue,
          recipientIds: made.issued.map((i) => i.recipient.id),
          kept: made.kept.length,
        });
        // Another post with the same value made the list while this one waited for the round: undo this one.
        if (!list) throw new MadeMeanwhile();
      },
    });
    return { state: 'issued', issue, list: list as lists.LinkListRow };
  } catch (e) {
    if (!(e instanceof MadeMeanwhile)) throw e;
    const after = await linkListState(ctx.database, roundId, o.nonce, ctx.now());
    return after.state === 'offered' ? { state: 'unknown' } : after;
  }
}

/** The newest list made for the round, for its page. */
export async function latestLinkList(
  database: Database,
  roundId: string,
): Promise<{ readonly list: lists.LinkListRow; readonly working: number } | undefined> {
  const list = await lists.latestMade(database.db, roundId);
  return list && { list, working: await lists.stillWorking(database.db, list) };
}
