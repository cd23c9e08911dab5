// `GET /undersoegelser/runder/<id>/udsendelse`: the round's newest send job as JSON — its state, whether it has
// ended, its counts and the sentence the round page shows — for `assets/import-job.js`, which polls it into the
// page's live region and loads the page again when the job has ended. Administrators only, like the mail.
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../service/errors.ts';
import { latestSendJob } from '../../service/survey-send-job.ts';
import { getSurveyRound } from '../../service/surveys.ts';
import { allowPage } from '../auth/access.ts';
import type { AuthDeps } from '../auth/deps.ts';
import { HttpError } from '../http-error.ts';
import { translator } from '../i18n/messages.ts';
import { requestLanguage } from '../request-language.ts';
import { sendJobStatusJson } from '../survey-send-words.ts';

export function registerSurveySendStatus(
  app: FastifyInstance,
  deps: AuthDeps,
  o: { readonly roundHref: (id: string) => string },
): void {
  app.get<{ Params: { roundId: string } }>(`${o.roundHref(':roundId')}/udsendelse`, async (req, reply) => {
    if (
      !(await allowPage(req, reply, deps, 'survey.manage', {
        subject: { type: 'survey-round', id: req.params.roundId },
      }))
    )
      return reply;
    const lang = requestLanguage(req);
    let roundId: string;
    try {
      roundId = (await getSurveyRound(deps.database, req.params.roundId)).id;
    } catch (e) {
      if (e instanceof NotFoundError) throw new HttpError(404, e.message);
      throw e;
    }
    const latest = await latestSendJob(deps.database, roundId);
    return reply
      .header('Cache-Control', 'no-store')
      .send(sendJobStatusJson(translator(lang), lang, latest?.job));
  });
}
