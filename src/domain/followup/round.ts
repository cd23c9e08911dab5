// Follow-up rounds: the integration team opens a round with a deadline, and each focus area's tovholder
// writes one status note for it. The overview says, per area, whether the note is in, came in late, is
// missing, or is missing after the deadline — "who is late".
import { danishDate, parseIsoDate, type DateProblem } from './dates.ts';
import { checkText, type TextProblem } from './text.ts';

export const roundLimits = { titleMax: 200, noteMax: 5000 } as const;

/** The tovholder's own judgement of the area in the round. */
export const roundNoteStatuses = ['on-track', 'partly', 'off-track'] as const;
export type RoundNoteStatus = (typeof roundNoteStatuses)[number];

export type RoundField = 'title' | 'deadline';
export type RoundFieldError = { readonly field: RoundField; readonly problem: TextProblem | DateProblem };

export function checkRoundForm(form: {
  readonly title: string;
  readonly deadline: string;
}): { ok: true; title: string; deadline: string } | { ok: false; errors: readonly RoundFieldError[] } {
  const errors: RoundFieldError[] = [];
  const title = checkText(form.title, { max: roundLimits.titleMax, required: true, multiline: false });
  if (!title.ok) errors.push({ field: 'title', problem: title.problem });
  let deadline = '';
  if (form.deadline.trim() === '') errors.push({ field: 'deadline', problem: 'required' });
  else {
    const d = parseIsoDate(form.deadline);
    if (d.ok) deadline = d.date;
    else errors.push({ field: 'deadline', problem: d.problem });
  }
  if (errors.length > 0 || !title.ok) return { ok: false, errors };
  return { ok: true, title: title.text, deadline };
}

export type RoundNoteField = 'status' | 'body';
export type RoundNoteError = {
  readonly field: RoundNoteField;
  readonly problem: TextProblem | 'unknown';
};

export function checkRoundNoteForm(form: {
  readonly status: string;
  readonly body: string;
}): { ok: true; status: RoundNoteStatus; body: string } | { ok: false; errors: readonly RoundNoteError[] } {
  const errors: RoundNoteError[] = [];
  const status = form.status.trim();
  if (status === '') errors.push({ field: 'status', problem: 'required' });
  else if (!(roundNoteStatuses as readonly string[]).includes(status))
    errors.push({ field: 'status', problem: 'unknown' });
  const body = checkText(form.body, { max: roundLimits.noteMax, required: true, multiline: true });
  if (!body.ok) errors.push({ field: 'body', problem: body.problem });
  if (errors.length > 0 || !body.ok) return { ok: false, errors };
  return { ok: true, status: status as RoundNoteStatus, body: body.text };
}

export type AreaRoundState = 'submitted' | 'submitted-late' | 'missing' | 'late';

export interface AreaRoundEntry<Note> {
  readonly areaId: string;
  readonly state: AreaRoundState;
  /** The area's latest note in the round, if any. */
  readonly note: Note | undefined;
}

/**
 * Each area's state in a round at `now`. A note counts as late when it was written (in Danish time) after the
 * deadline day; a missing note is late from the day after the deadline.
 */
export function roundOverview<Note extends { readonly createdAt: Date }>(
  round: { readonly deadline: string },
  areaIds: readonly string[],
  latestNotes: ReadonlyMap<string, Note>,
  now: Date,
): readonly AreaRoundEntry<Note>[] {
  const today = danishDate(now);
  return areaIds.map((areaId) => {
    const note = latestNotes.get(areaId);
    if (note)
      return {
        areaId,
        note,
        state: danishDate(note.createdAt) > round.deadline ? 'submitted-late' : 'submitted',
      };
    return { areaId, note, state: today > round.deadline ? 'late' : 'missing' };
  });
}

/** Counts for a round's summary line. */
export function roundCounts(
  entries: readonly { readonly state: AreaRoundState }[],
): Record<AreaRoundState, number> {
  const counts: Record<AreaRoundState, number> = { submitted: 0, 'submitted-late': 0, missing: 0, late: 0 };
  for (const e of entries) counts[e.state] += 1;
  return counts;
}
