// The stored refresh runs as the data status page words them: the newest run (its state, when, and why it failed
// or that it was interrupted), each indicator's failed sources, and for administrators the last runs with what
// came of each source's queries and of the indicators computed from them.
import type { SourceFailure } from '../service/data-status.ts';
import type { RefreshRunView, RunOutcomeRow } from '../service/refresh-record.ts';
import { formatDateTime, formatNumber } from './format.ts';
import type { Language, MessageKey, Translate } from './i18n/messages.ts';

const sourceNames: Record<string, string> = {
  statbank: 'Statistikbanken',
  jobindsats: 'Jobindsats',
  uddannelsesstatistik: 'Uddannelsesstatistik',
};
const sourceName = (s: string | undefined, t: Translate) =>
  s === undefined ? t('datastatus.refresh.aSource') : (sourceNames[s] ?? s);
const knownReasons = new Set(['unreachable', 'refused', 'bad-key', 'unreadable', 'import-refused', 'other']);

/** Codes absent from an answer as the run keeps them ("A=1, A=2 and 39 more"), in the reader's words. */
export function absentCodesText(detail: string, t: Translate, lang: Language): string {
  const more = /^(.*) and (\d+) more$/.exec(detail);
  return more
    ? t('datastatus.history.andMore', { codes: more[1] ?? '', n: formatNumber(Number(more[2]), lang) })
    : detail;
}

/** A failed run's reason in the reader's words: the failure code, naming the source it came from. */
export function runReason(run: RefreshRunView, t: Translate): string | undefined {
  if (run.shownState === 'interrupted') return t('datastatus.run.interruptedReason');
  if (run.state !== 'failed') return undefined;
  const code = run.failureReason && knownReasons.has(run.failureReason) ? run.failureReason : 'other';
  return t(`datastatus.refresh.reason.${code}` as MessageKey, { source: sourceName(run.failureSource, t) });
}

/** The newest run, for the top of the page. */
export function newestRunSummary(run: RefreshRunView, t: Translate, lang: Language, admin: boolean) {
  const at = (d: Date) => formatDateTime(d, lang);
  const fetched = run.outcomes.filter((o) => o.source !== 'derived');
  const stored = fetched.reduce((sum, o) => sum + (o.outcome === 'stored' ? (o.stored ?? 0) : 0), 0);
  const status =
    run.shownState === 'running'
      ? t('datastatus.run.running')
      : run.shownState === 'interrupted'
        ? t('datastatus.run.interrupted')
        : run.shownState === 'failed'
          ? fetched.some((o) => o.outcome === 'stored' || o.outcome === 'unchanged')
            ? t('datastatus.run.failedPartly', {
                queries: formatNumber(
                  fetched.filter((o) => o.outcome === 'stored' || o.outcome === 'unchanged').length,
                  lang,
                ),
              })
            : t('datastatus.refresh.failed')
          : run.shownState === 'stored'
            ? t('datastatus.refresh.stored', {
                n: formatNumber(stored, lang),
                queries: formatNumber(fetched.length, lang),
              })
            : t('datastatus.refresh.nothing');
  return {
    state: run.shownState,
    status,
    reason: runReason(run, t),
    when: run.finishedAt
      ? t('datastatus.last.when', { started: at(run.startedAt), finished: at(run.finishedAt) })
      : run.shownState === 'interrupted'
        ? t('datastatus.run.lastBeat', { started: at(run.startedAt), beat: at(run.beatAt) })
        : t('datastatus.refresh.startedAt', { started: at(run.startedAt) }),
    by: admin ? startedByText(run, t) : undefined,
    detail: admin && run.state === 'failed' ? run.message : undefined,
  };
}

function startedByText(run: RefreshRunView, t: Translate): string {
  return t(run.origin === 'cli' ? 'datastatus.run.byCli' : 'datastatus.run.byWeb', { by: run.startedBy });
}

/** One indicator's warning for each of its sources whose newest refresh failed or was interrupted. */
export function sourceFailureText(f: SourceFailure, t: Translate, lang: Language): string {
  const at = formatDateTime(f.run.startedAt, lang);
  const source = sourceName(f.source, t);
  if (f.run.shownState === 'interrupted') return t('datastatus.warning.interrupted', { source, at });
  const reason = runReason(f.run, t) ?? '';
  return f.run.failureSource === undefined || f.run.failureSource === f.source
    ? t('datastatus.warning.sourceFailed', { source, at, reason })
    : t('datastatus.warning.otherFailed', { source, at, other: sourceName(f.run.failureSource, t), reason });
}

/** The last runs for an administrator, each with a line per source and one for the computed indicators. */
export function runHistory(
  runs: readonly RefreshRunView[],
  t: Translate,
  lang: Language,
  titleOf: (purpose: string) => string,
) {
  const n = (v: number) => formatNumber(v, lang);
  return runs.map((run) => {
    const lines: string[] = [];
    for (const s of run.sources) {
      const name = sourceName(s, t);
      if (run.skipped.includes(s)) {
        lines.push(`${name}: ${t('datastatus.history.skipped')}`);
        continue;
      }
      const mine = run.outcomes.filter((o) => o.source === s);
      if (mine.length === 0) continue;
      lines.push(`${name}: ${sourceParts(mine, t, n).join('; ')}`);
    }
    const computed = run.outcomes.filter((o) => o.source === 'derived');
    if (computed.length > 0) {
      const parts = sourceParts(computed, t, n);
      for (const o of computed)
        if (o.outcome === 'codes-absent')
          parts.push(
            t('datastatus.history.codesAbsent', {
              indicator: titleOf(o.purpose),
              codes: absentCodesText(o.detail ?? '', t, lang),
            }),
          );
      lines.push(`${t('datastatus.history.computed')}: ${parts.join('; ')}`);
    }
    const summary = newestRunSummary(run, t, lang, true);
    return {
      startedAt: formatDateTime(run.startedAt, lang),
      finishedAt: run.finishedAt ? formatDateTime(run.finishedAt, lang) : '–',
      by: startedByText(run, t),
      state: t(`datastatus.history.state.${run.shownState}` as MessageKey),
      failed: run.shownState === 'failed' || run.shownState === 'interrupted',
      reason: summary.reason,
      lines,
    };
  });
}

function sourceParts(rows: readonly RunOutcomeRow[], t: Translate, n: (v: number) => string): string[] {
  const count = (k: RunOutcomeRow['outcome']) => rows.filter((o) => o.outcome === k);
  const parts: string[] = [];
  const stored = count('stored');
  if (stored.length > 0)
    parts.push(
      t('datastatus.history.stored', {
        queries: n(stored.length),
        n: n(stored.reduce((sum, o) => sum + (o.stored ?? 0), 0)),
        batches: stored.flatMap((o) => (o.batchId ? [o.batchId] : [])).join(', '),
      }),
    );
  const unchanged = count('unchanged');
  if (unchanged.length > 0) parts.push(t('datastatus.history.unchanged', { queries: n(unchanged.length) }));
  for (const o of count('failed')) parts.push(t('datastatus.history.failed', { table: o.table }));
  const notStored = count('not-stored');
  if (notStored.length > 0) parts.push(t('datastatus.history.notStored', { queries: n(notStored.length) }));
  const notComputed = count('not-computed');
  if (notComputed.length > 0)
    parts.push(t('datastatus.history.notComputed', { queries: n(notComputed.length) }));
  return parts;
}
