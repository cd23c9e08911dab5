// Where a JSON text stops being JSON, as line and column: JSON.parse's own message says "position n" only for
// some mistakes and words them in English, so a questionnaire typed in the browser is scanned here instead. A
// small recursive-descent reader of RFC 8259 that stops at the first mistake; it builds nothing.

export type JsonSyntaxProblem =
  'unexpected-end' | 'unexpected-character' | 'bad-string' | 'bad-number' | 'trailing-text';

export interface JsonSyntaxError {
  readonly problem: JsonSyntaxProblem;
  /** 1-based line and column (in characters) of the mistake. */
  readonly line: number;
  readonly column: number;
  /** The character found there; absent at the end of the text. */
  readonly found?: string;
}

class Stop extends Error {
  constructor(
    readonly problem: JsonSyntaxProblem,
    readonly at: number,
  ) {
    super(problem);
  }
}

/** The first syntax mistake of a JSON text, or undefined when the text is JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const expect = (c: string) => {
    if (i >= text.length) throw new Stop('unexpected-end', i);
    if (text[i] !== c) throw new Stop('unexpected-character', i);
    i++;
  };
  const literal = (word: string) => {
    for (const c of word) expect(c);
  };
  const string = () => {
    expect('"');
    for (;;) {
      if (i >= text.length) throw new Stop('unexpected-end', i);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Stop('bad-string', i);
      if (c === 0x5c) {
        i++;
        if (i >= text.length) throw new Stop('unexpected-end', i);
        const e = text[i] as string;
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) throw new Stop('bad-string', i);
          i += 5;
        } else if ('"\\/bfnrt'.includes(e)) i++;
        else throw new Stop('bad-string', i);
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) throw new Stop(text[i] === '-' ? 'bad-number' : 'unexpected-character', i);
    const next = text[i + m[0].length];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) throw new Stop('bad-number', i + m[0].length);
    i += m[0].length;
  };
  const value = (depth: number): void => {
    if (depth > 500) throw new Stop('unexpected-character', i);
    ws();
    if (i >= text.length) throw new Stop('unexpected-end', i);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        expect(':');
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect('}');
        return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']');
        return;
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  try {
    // A byte-order mark is not JSON, but an editor may put one first; JSON.parse refuses it too.
    value(0);
    ws();
    if (i < text.length) throw new Stop('trailing-text', i);
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return locate(text, e.problem, e.at);
  }
}

function locate(text: string, problem: JsonSyntaxProblem, at: number): JsonSyntaxError {
  let line = 1;
  let start = 0;
  for (let k = 0; k < at; k++)
    if (text[k] === '\n') {
      line++;
      start = k + 1;
    }
  const column = [...text.slice(start, at)].length + 1;
  const found = at < text.length ? String.fromCodePoint(text.codePointAt(at) as number) : undefined;
  return found === undefined ? { problem, line, column } : { problem, line, column, found };
}
