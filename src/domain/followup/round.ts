// Follow-up rounds: the coordinator opens a round with a deadline, and each focus area's tovholder
// writes one status note for it. The overview says, per area, whether the note is in, came in late, is
// missing, or is missing after the deadline — "who is late".
import { danishDate, parseIsoDate, type DateProblem } from './dates.ts';
import { checkText, type TextProblem } from './text.ts';

export const roundLimits = { titleMax: 200, noteMax: 5000 } as const;

/** The tovholder's own judgement of the area in the round. */
export const roundNoteStatuses = ['on-track', 'partly', 'off-track'] as const;
export type RoundNoteStatus = (typeof roundNoteStatuses)[number];

export type RoundField = 'title' | 'deadline';
/** `inPast`: the deadline lies before today and the form did not confirm it (every area would be late at once). */
export type RoundFieldError = {
  readonly field: RoundField;
  readonly problem: TextProblem | DateProblem | 'inPast';
};

/**
 * A round's title and deadline as the administrator typed them, at `now`. The deadline is required: a round
 * exists to collect the areas' notes by a date, and "who is late" has no meaning without one. A deadline
 * before today (Danish calendar) is refused unless the form confirms it (`confirmPast`), since every area
 * that has not written would count as late at once.
 */
export function checkRoundForm(
  form: { readonly title: string; readonly deadline: string; readonly confirmPast?: boolean },
  now: Date,
):
  | { ok: true; title: string; deadline: string; pastDeadline: boolean }
  | { ok: false; errors: readonly RoundFieldError[] } {
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
  const pastDeadline = deadline !== '' && deadline < danishDate(now);
  if (pastDeadline && form.confirmPast !== true) errors.push({ field: 'deadline', problem: 'inPast' });
  if (errors.length > 0 || !title.ok) return { ok: false, errors };
  return { ok: true, title: title.text, deadline, pastDeadline };
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

/**
 * Which note a new one corrects. A round note is never changed: a correction is a newer note pointing to the
 * one it supersedes. The form carries the id of the note it was opened on (empty when there was none); if
 * another note has been written since, the new one would silently replace a text its writer never saw, so it
 * is refused as stale.
 */
export function checkSupersedes(
  currentId: string | undefined,
  given: string,
): { ok: true; supersedes: string | null } | { ok: false; problem: 'stale' } {
  const g = given.trim();
  if (currentId === undefined)
    return g === '' ? { ok: true, supersedes: null } : { ok: false, problem: 'stale' };
  return g === currentId ? { ok: true, supersedes: currentId } : { ok: false, problem: 'stale' };
}

/** A person as the follow-up names them. */
export interface Person {
  readonly displayName: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly centres: readonly string[];
  readonly disabled: boolean;
}

/**
 * Who answers for an area's note: the active editors bound to the area's lead centre (its tovholder centre),
 * by name. Administrators may write any area's note, but they are not the area's people, so they are not named.
 */
export function areaResponsibles<P extends Person>(leadCentre: string, people: readonly P[]): readonly P[] {
  return people
    .filter((p) => !p.disabled && p.roles.includes('editor') && p.centres.includes(leadCentre))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'da'));
}
