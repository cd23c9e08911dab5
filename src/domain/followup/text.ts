// What the system accepts as free text from a form: line ends made \n, trimmed, a bounded length counted in
// characters (not bytes), and no control characters other than line breaks and tabs. Stored as typed; the
// pages escape it when they show it.

export type TextProblem = 'required' | 'tooLong' | 'controlCharacters';

export type TextCheck = { ok: true; text: string } | { ok: false; problem: TextProblem };

export function checkText(
  raw: string,
  options: { max: number; required: boolean; multiline: boolean },
): TextCheck {
  const text = options.multiline ? raw.replace(/\r\n?/g, '\n').trim() : raw.trim();
  if (text === '') return options.required ? { ok: false, problem: 'required' } : { ok: true, text };
  if ([...text].length > options.max) return { ok: false, problem: 'tooLong' };
  const disallowed = options.multiline ? /[^\P{Cc}\n\t]/u : /\p{Cc}/u;
  if (disallowed.test(text)) return { ok: false, problem: 'controlCharacters' };
  return { ok: true, text };
}
