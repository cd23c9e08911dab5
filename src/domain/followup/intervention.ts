// An intervention (indsats) as the follow-up keeps it: its wording, status, the centres that carry it, its
// period and the indicators it is meant to move. The strategy's bullets are the first interventions; the
// tovholder may add more and edit them. What a form may hold is checked here, field by field.
import { parseIsoDate, type DateProblem } from './dates.ts';
import { checkText, type TextProblem } from './text.ts';

export const interventionStatuses = ['planned', 'ongoing', 'paused', 'completed', 'stopped'] as const;
export type InterventionStatus = (typeof interventionStatuses)[number];

export const interventionLimits = { titleMax: 400, descriptionMax: 5000, noteMax: 5000 } as const;

/** The fields as a form sends them: text, unchecked. */
export interface InterventionForm {
  readonly title: string;
  readonly description: string;
  readonly status: string;
  readonly leadCentre: string;
  readonly involvedCentres: readonly string[];
  readonly startsOn: string;
  readonly endsOn: string;
  readonly indicatorIds: readonly string[];
}

export interface InterventionInput {
  readonly title: string;
  readonly description: string;
  readonly status: InterventionStatus;
  readonly leadCentre: string;
  readonly involvedCentres: readonly string[];
  /** YYYY-MM-DD or null when not set. */
  readonly startsOn: string | null;
  readonly endsOn: string | null;
  readonly indicatorIds: readonly string[];
}

export type InterventionField = keyof InterventionForm;

export type FieldProblem = TextProblem | DateProblem | 'unknown' | 'sameAsLead' | 'endBeforeStart';

export interface FieldError {
  readonly field: InterventionField;
  readonly problem: FieldProblem;
  /** The offending value where one is worth naming (an unknown centre or indicator id). */
  readonly value?: string;
}

/** What the strategy allows an intervention to point at. */
export interface InterventionChoices {
  readonly centres: readonly string[];
  readonly indicators: readonly string[];
}

export function isInterventionStatus(v: string): v is InterventionStatus {
  return (interventionStatuses as readonly string[]).includes(v);
}

export function checkInterventionForm(
  form: InterventionForm,
  choices: InterventionChoices,
): { ok: true; input: InterventionInput } | { ok: false; errors: readonly FieldError[] } {
  const errors: FieldError[] = [];
  const text = (field: 'title' | 'description', max: number, required: boolean) => {
    const c = checkText(form[field], { max, required, multiline: field === 'description' });
    if (c.ok) return c.text;
    errors.push({ field, problem: c.problem });
    return '';
  };
  const title = text('title', interventionLimits.titleMax, true);
  const description = text('description', interventionLimits.descriptionMax, false);

  const status = form.status.trim();
  if (status === '') errors.push({ field: 'status', problem: 'required' });
  else if (!isInterventionStatus(status)) errors.push({ field: 'status', problem: 'unknown', value: status });

  const lead = form.leadCentre.trim();
  if (lead === '') errors.push({ field: 'leadCentre', problem: 'required' });
  else if (!choices.centres.includes(lead))
    errors.push({ field: 'leadCentre', problem: 'unknown', value: lead });

  const involved = [...new Set(form.involvedCentres.map((c) => c.trim()).filter((c) => c !== ''))];
  for (const c of involved) {
    if (!choices.centres.includes(c)) errors.push({ field: 'involvedCentres', problem: 'unknown', value: c });
    else if (c === lead) errors.push({ field: 'involvedCentres', problem: 'sameAsLead', value: c });
  }

  const date = (field: 'startsOn' | 'endsOn') => {
    const raw = form[field].trim();
    if (raw === '') return null;
    const d = parseIsoDate(raw);
    if (d.ok) return d.date;
    errors.push({ field, problem: d.problem });
    return null;
  };
  const startsOn = date('startsOn');
  const endsOn = date('endsOn');
  if (startsOn && endsOn && endsOn < startsOn) errors.push({ field: 'endsOn', problem: 'endBeforeStart' });

  const indicatorIds = [...new Set(form.indicatorIds.map((i) => i.trim()).filter((i) => i !== ''))];
  for (const i of indicatorIds)
    if (!choices.indicators.includes(i)) errors.push({ field: 'indicatorIds', problem: 'unknown', value: i });

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      title,
      description,
      status: status as InterventionStatus,
      leadCentre: lead,
      involvedCentres: involved,
      startsOn,
      endsOn,
      indicatorIds,
    },
  };
}

/**
 * Whether a change of an intervention's responsible centre takes it out of the editor's own centres: it was
 * one of theirs and the new one is not. The form asks before saving such a change.
 */
export function leadMovesAway(own: readonly string[], before: string | null, after: string): boolean {
  return before !== null && before !== after && own.includes(before) && !own.includes(after);
}
