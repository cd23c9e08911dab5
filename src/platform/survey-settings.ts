// The survey settings, read at start-up beside the rest of the environment: the fewest responding organisations
// a published survey figure may come from (`SURVEY_MIN_RESPONDENTS`, never below 3) and how many days after a
// round is published its raw answers and its recipients' contact data are kept (`SURVEY_RETENTION_DAYS`;
// `pejlemaerke survey purge` deletes them after that).

/** The smallest minimum there is: a figure from 1 or 2 organisations would show their own answers. */
export const SURVEY_MIN_RESPONDENTS_FLOOR = 3;
export const DEFAULT_SURVEY_RETENTION_DAYS = 365;

export interface SurveySettings {
  readonly minRespondents: number;
  readonly retentionDays: number;
}

/** Reads the survey settings; the problems say which setting is wrong and how, one line each. */
export function parseSurveySettings(
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; settings: SurveySettings } | { ok: false; problems: readonly string[] } {
  const problems: string[] = [];
  const whole = (name: string, fallback: number, min: number, max: number, example: string): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(
        `${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}, e.g. ${example}`,
      );
      return fallback;
    }
    return Number(raw);
  };
  const minRespondents = whole(
    'SURVEY_MIN_RESPONDENTS',
    SURVEY_MIN_RESPONDENTS_FLOOR,
    SURVEY_MIN_RESPONDENTS_FLOOR,
    1000,
    '5',
  );
  const retentionDays = whole('SURVEY_RETENTION_DAYS', DEFAULT_SURVEY_RETENTION_DAYS, 1, 36_500, '365');
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, settings: { minRespondents, retentionDays } };
}
