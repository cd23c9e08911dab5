// One wording for what is wrong with a form field, naming the field as its label does: the pages of
// interventions, progress notes and follow-up rounds all say it the same way.
import type { Translate } from './i18n/messages.ts';

export interface FormError {
  /** The id of the field, so the error summary can link to it. */
  readonly id: string;
  readonly message: string;
}

export function fieldMessage(
  t: Translate,
  label: string,
  problem: string,
  details: { readonly value?: string | undefined; readonly max?: number; readonly length?: number } = {},
): string {
  const vars = { field: label, value: details.value ?? '', max: details.max ?? 0, n: details.length ?? 0 };
  switch (problem) {
    case 'required':
      return t('form.required', vars);
    case 'tooLong':
      return t('form.tooLong', vars);
    case 'controlCharacters':
      return t('form.controlCharacters', vars);
    case 'format':
      return t('form.dateFormat', vars);
    case 'doesNotExist':
      return t('form.dateDoesNotExist', vars);
    case 'outOfRange':
      return t('form.dateOutOfRange', vars);
    case 'future':
      return t('form.dateFuture', vars);
    case 'endBeforeStart':
      return t('form.endBeforeStart', vars);
    case 'sameAsLead':
      return t('form.sameAsLead', vars);
    default:
      return t('form.unknownChoice', vars);
  }
}

/** The errors by field id (for the fields) and as a list (for the summary at the top). */
export function formErrors(errors: readonly FormError[]): {
  readonly byField: Record<string, string>;
  readonly list: readonly FormError[];
} {
  const byField: Record<string, string> = {};
  for (const e of errors) byField[e.id] = byField[e.id] ? `${byField[e.id]} ${e.message}` : e.message;
  return { byField, list: errors };
}
