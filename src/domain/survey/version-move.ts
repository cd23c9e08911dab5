// The answered-question rule: a round keeps the questionnaire version it was opened with, and may be moved to a
// newer one only when every answer given in it still fits. A question that has an answer in the round must still
// exist in the new version with the same type (a text asked as a number counts as another type), and every
// choice value present in its answers must still be a choice. A round without answers can always move.
import { allQuestions } from './parse.ts';
import { choiceValues, type Question, type Questionnaire } from './schema.ts';

export type VersionMoveProblem =
  | { readonly kind: 'removed'; readonly question: string }
  | { readonly kind: 'retyped'; readonly question: string; readonly from: string; readonly to: string }
  | { readonly kind: 'choice-dropped'; readonly question: string; readonly value: string };

/** A question's type as its answers see it: `text` with inputType number stores numbers. */
export function answerType(q: Question): string {
  return q.type === 'text' && q.inputType === 'number' ? 'text-number' : q.type;
}

function answered(v: unknown): boolean {
  return (
    v !== undefined &&
    v !== null &&
    !(typeof v === 'string' && v.trim() === '') &&
    !(Array.isArray(v) && v.length === 0)
  );
}

/**
 * What stops a round's answers (saved pages and submitted answers alike) from being read by the new version;
 * empty when the round may move. `from` is the version the round is on.
 */
export function versionMoveProblems(
  from: Questionnaire,
  to: Questionnaire,
  answers: readonly Readonly<Record<string, unknown>>[],
): readonly VersionMoveProblem[] {
  const before = new Map(allQuestions(from).map(({ question }) => [question.name, question]));
  const after = new Map(allQuestions(to).map(({ question }) => [question.name, question]));
  // Each question's answered values, in the order the questionnaire asks them.
  const given = new Map<string, Set<string>>();
  for (const row of answers)
    for (const [name, v] of Object.entries(row)) {
      if (!answered(v)) continue;
      const values = given.get(name) ?? new Set<string>();
      for (const one of Array.isArray(v) ? v : [v]) values.add(String(one));
      given.set(name, values);
    }
  const order = [...before.keys(), ...[...given.keys()].filter((n) => !before.has(n)).sort()];
  const problems: VersionMoveProblem[] = [];
  for (const name of order) {
    const values = given.get(name);
    if (!values) continue;
    const now = after.get(name);
    if (!now) {
      problems.push({ kind: 'removed', question: name });
      continue;
    }
    const was = before.get(name);
    if (was && answerType(was) !== answerType(now)) {
      problems.push({ kind: 'retyped', question: name, from: answerType(was), to: answerType(now) });
      continue;
    }
    const choices = choiceValues(now);
    if (!choices) continue;
    const offered = new Set(choices.map(String));
    for (const value of values)
      if (!offered.has(value)) problems.push({ kind: 'choice-dropped', question: name, value });
  }
  return problems;
}
