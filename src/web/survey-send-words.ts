// A round's send job in the reader's words: its progress while it runs ("Sender invitationer: 12 af 40 sendt,
// 1 fejlet"), then its outcome with the recipients it could not mail; for the round page and its status read.
import type { SendJob, SendJobItem } from '../service/survey-send-job.ts';
import type { RecipientRow } from '../service/surveys.ts';
import { formatDateTime } from './format.ts';
import type { Language, MessageKey, Translate } from './i18n/messages.ts';

const isDone = (job: SendJob) => job.state === 'done' || job.state === 'failed';

/** The job's state as one sentence. */
export function sendJobStatus(t: Translate, lang: Language, job: SendJob): string {
  const n = (v: number) => v.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB');
  const vars = { sent: n(job.sent), due: n(job.due), failed: n(job.failed), skipped: n(job.skipped) };
  const name = t(`survey.admin.job.name.${job.mode}` as MessageKey);
  switch (job.state) {
    case 'queued':
      return t('survey.admin.job.queued', { name });
    case 'running':
      return job.startedAt === null
        ? t('survey.admin.job.queued', { name })
        : t(`survey.admin.job.running.${job.mode}` as MessageKey, vars);
    case 'done':
      return t(job.failed > 0 ? 'survey.admin.job.doneWithFailures' : 'survey.admin.job.done', {
        name,
        ...vars,
      });
    case 'failed':
      return t('survey.admin.job.failed', { name, ...vars });
  }
}

export interface SendJobView {
  readonly done: boolean;
  readonly state: SendJob['state'];
  readonly status: string;
  readonly variant: 'success' | 'warning' | 'error';
  readonly asked: string;
  readonly finished: string | undefined;
  /** The exception's message of a job that failed (English, as the code wrote it). */
  readonly detail: string | undefined;
  readonly failures: readonly {
    readonly organisation: string;
    readonly email: string;
    readonly kind: string;
    readonly reason: string;
  }[];
}

export function sendJobView(
  t: Translate,
  lang: Language,
  latest: {
    readonly job: SendJob;
    readonly failures: readonly (SendJobItem & { readonly recipient: RecipientRow | undefined })[];
  },
): SendJobView {
  const { job } = latest;
  return {
    done: isDone(job),
    state: job.state,
    status: sendJobStatus(t, lang, job),
    variant: job.state === 'failed' ? 'error' : job.failed > 0 ? 'warning' : 'success',
    asked: t('survey.admin.job.asked', { by: job.requestedBy, at: formatDateTime(job.requestedAt, lang) }),
    finished: job.finishedAt
      ? t('survey.admin.job.finished', { at: formatDateTime(job.finishedAt, lang) })
      : undefined,
    detail: job.state === 'failed' ? (job.error ?? undefined) : undefined,
    failures: isDone(job)
      ? latest.failures.map((f) => ({
          organisation: f.recipient?.organisation ?? f.recipientId,
          email: f.recipient?.email ?? '',
          kind: t(`survey.admin.mailKind.${f.kind}` as MessageKey),
          reason: f.reason ?? '',
        }))
      : [],
  };
}

/** What the status read answers: the state, whether it has ended, and the sentence. */
export function sendJobStatusJson(t: Translate, lang: Language, job: SendJob | undefined) {
  if (!job) return { state: 'none', done: true, status: '' };
  return {
    state: job.state,
    done: isDone(job),
    due: job.due,
    sent: job.sent,
    failed: job.failed,
    status: sendJobStatus(t, lang, job),
  };
}
