// The word for any indicator's status, of every kind, and an area's summary in words that fit its indicators.
import {
  statusKeyTexts,
  type AreaOutcome,
  type AreaOutcomeValue,
  type StatusKey,
} from '../domain/engine/index.ts';
import type { Language, MessageKey, Translate } from './i18n/messages.ts';

/** A status in the engine's words: a gap's ("Gabet lukkes"), a level's ("I den ønskede retning"). */
export function statusWord(key: StatusKey | AreaOutcomeValue, lang: Language): string {
  return statusKeyTexts[key][lang];
}

/** The parts an area's count sentence can have, in the order they are read; only those above 0 are said. */
const parts: readonly (readonly [MessageKey, readonly StatusKey[]])[] = [
  ['areaCount.closing', ['closing']],
  ['areaCount.improving', ['improving']],
  ['areaCount.steady', ['steady']],
  ['areaCount.target-met', ['target-met']],
  ['areaCount.on-track', ['on-track']],
  ['areaCount.neutral', ['no-clear-change', 'no-clear-trend', 'target-unclear']],
  ['areaCount.widening', ['widening']],
  ['areaCount.worsening', ['worsening']],
  ['areaCount.changed', ['changed']],
  ['areaCount.target-not-met', ['target-not-met']],
  ['areaCount.off-track', ['off-track']],
  ['areaCount.monitor', ['monitor']],
  ['areaCount.other', ['no-spread', 'not-assessed', 'not-enough-data', 'invalid']],
];

/**
 * "2 lukkes, 1 i den ønskede retning, 1 uden status": only the statuses the area's indicators have, so an area
 * without gaps never reads "0 lukkes".
 */
export function areaCountsSentence(outcome: AreaOutcome, t: Translate): string {
  return parts
    .map(([key, statuses]) => [key, statuses.reduce((n, s) => n + outcome.counts[s], 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => t(key, { n }))
    .join(', ');
}

/** "1 indsats", "2 indsatser". */
export function countWord(n: number, one: MessageKey, other: MessageKey, t: Translate): string {
  return t(n === 1 ? one : other, { n });
}

/** An intervention's status as the pages say it; "Ikke angivet" where neither the strategy nor anyone has set it. */
export function interventionStatusText(t: Translate, status: string | null): string {
  return status === null ? t('notStated') : t(`interventionStatus.${status}` as MessageKey);
}
