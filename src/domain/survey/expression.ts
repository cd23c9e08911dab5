// The visibleIf expressions a questionnaire may use: a small, whitelisted subset of SurveyJS's expression
// language. `{q} = 'x'`, `{q} != 'x'`, `{q} > 3` (also <, <=, >=), `{q} contains 'x'` (for checkboxes),
// `{q} notempty`, `{q} empty`, combined with `and`, `or` and parentheses. Anything else is refused when
// the questionnaire is read, so an expression is never evaluated that could not be understood.

export type Literal = string | number | boolean;

export type Expression =
  | { readonly kind: 'compare'; readonly question: string; readonly op: CompareOp; readonly value: Literal }
  | { readonly kind: 'contains'; readonly question: string; readonly value: Literal }
  | { readonly kind: 'empty'; readonly question: string; readonly negate: boolean }
  | { readonly kind: 'and' | 'or'; readonly left: Expression; readonly right: Expression };

export type CompareOp = '=' | '!=' | '>' | '<' | '>=' | '<=';

export type ExpressionResult =
  { readonly ok: true; readonly expression: Expression } | { readonly ok: false; readonly message: string };

type Token =
  | { readonly t: 'name'; readonly v: string }
  | { readonly t: 'literal'; readonly v: Literal }
  | { readonly t: 'op'; readonly v: CompareOp }
  | { readonly t: 'word'; readonly v: 'and' | 'or' | 'contains' | 'empty' | 'notempty' }
  | { readonly t: '(' | ')' };

const MAX_EXPRESSION_LENGTH = 500;

function tokenize(source: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ t: c });
      i++;
    } else if (c === '{') {
      const end = source.indexOf('}', i);
      if (end < 0) return `an unclosed "{" at character ${i + 1}`;
      const name = source.slice(i + 1, end).trim();
      if (!/^[A-Za-z0-9_-]+$/.test(name)) return `"{${name}}" is not a question name`;
      tokens.push({ t: 'name', v: name });
      i = end + 1;
    } else if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) return `an unclosed quote at character ${i + 1}`;
      tokens.push({ t: 'literal', v: source.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(source.slice(i));
      if (!m) return `an unexpected "${c}" at character ${i + 1}`;
      tokens.push({ t: 'literal', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[=!<>]/.test(c)) {
      const two = source.slice(i, i + 2);
      const op: CompareOp | undefined =
        two === '!=' || two === '<>'
          ? '!='
          : two === '>=' || two === '<='
            ? two
            : two === '=='
              ? '='
              : c === '=' || c === '>' || c === '<'
                ? c
                : undefined;
      if (!op) return `an unexpected "${c}" at character ${i + 1}`;
      tokens.push({ t: 'op', v: op });
      i += two === '!=' || two === '<>' || two === '>=' || two === '<=' || two === '==' ? 2 : 1;
    } else if (/[A-Za-z]/.test(c)) {
      const m = /^[A-Za-z]+/.exec(source.slice(i))!;
      const word = m[0].toLowerCase();
      if (word === 'true' || word === 'false') tokens.push({ t: 'literal', v: word === 'true' });
      else if (
        word === 'and' ||
        word === 'or' ||
        word === 'contains' ||
        word === 'empty' ||
        word === 'notempty'
      )
        tokens.push({ t: 'word', v: word });
      else return `"${m[0]}" is not supported (use and, or, contains, empty, notempty)`;
      i += m[0].length;
    } else {
      return `an unexpected "${c}" at character ${i + 1}`;
    }
  }
  return tokens;
}

/** Parses a visibleIf expression, or says in a sentence why it cannot be used. */
export function parseExpression(source: string): ExpressionResult {
  if (source.length > MAX_EXPRESSION_LENGTH)
    return { ok: false, message: `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters` };
  const lexed = tokenize(source);
  if (typeof lexed === 'string') return { ok: false, message: lexed };
  const tokens: readonly Token[] = lexed;
  if (tokens.length === 0) return { ok: false, message: 'the expression is empty' };
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];

  function orExpr(): Expression | string {
    let left = andExpr();
    while (typeof left !== 'string' && peek()?.t === 'word' && (peek() as { v: string }).v === 'or') {
      pos++;
      const right = andExpr();
      if (typeof right === 'string') return right;
      left = { kind: 'or', left, right };
    }
    return left;
  }
  function andExpr(): Expression | string {
    let left = primary();
    while (typeof left !== 'string' && peek()?.t === 'word' && (peek() as { v: string }).v === 'and') {
      pos++;
      const right = primary();
      if (typeof right === 'string') return right;
      left = { kind: 'and', left, right };
    }
    return left;
  }
  function primary(): Expression | string {
    const tok = tokens[pos++];
    if (!tok) return 'the expression ends too early';
    if (tok.t === '(') {
      const inner = orExpr();
      if (typeof inner === 'string') return inner;
      if (tokens[pos++]?.t !== ')') return 'a "(" without its ")"';
      return inner;
    }
    if (tok.t !== 'name') return 'expected a question name in braces, such as {rolle}';
    const next = tokens[pos++];
    if (!next) return `nothing follows {${tok.v}}`;
    if (next.t === 'word' && (next.v === 'empty' || next.v === 'notempty'))
      return { kind: 'empty', question: tok.v, negate: next.v === 'notempty' };
    const value = tokens[pos++];
    if (!value || value.t !== 'literal') return `expected a value such as 'ja' or 3 after {${tok.v}}`;
    if (next.t === 'word' && next.v === 'contains')
      return { kind: 'contains', question: tok.v, value: value.v };
    if (next.t === 'op') return { kind: 'compare', question: tok.v, op: next.v, value: value.v };
    return `expected =, !=, >, <, >=, <=, contains, empty or notempty after {${tok.v}}`;
  }

  const expression = orExpr();
  if (typeof expression === 'string') return { ok: false, message: expression };
  if (pos < tokens.length) return { ok: false, message: 'unexpected text after the end of the expression' };
  return { ok: true, expression };
}

/** The question names an expression refers to. */
export function referencedQuestions(e: Expression): string[] {
  switch (e.kind) {
    case 'and':
    case 'or':
      return [...referencedQuestions(e.left), ...referencedQuestions(e.right)];
    default:
      return [e.question];
  }
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Evaluates an expression against answers; an unanswered question makes a comparison false. */
export function evaluateExpression(e: Expression, answers: Readonly<Record<string, unknown>>): boolean {
  switch (e.kind) {
    case 'and':
      return evaluateExpression(e.left, answers) && evaluateExpression(e.right, answers);
    case 'or':
      return evaluateExpression(e.left, answers) || evaluateExpression(e.right, answers);
    case 'empty':
      return isEmpty(answers[e.question]) !== e.negate;
    case 'contains': {
      const v = answers[e.question];
      return Array.isArray(v)
        ? v.some((x) => x === e.value)
        : typeof v === 'string' && v.includes(String(e.value));
    }
    case 'compare': {
      const v = answers[e.question];
      if (isEmpty(v)) return e.op === '!=';
      if (e.op === '=') return v === e.value || String(v) === String(e.value);
      if (e.op === '!=') return !(v === e.value || String(v) === String(e.value));
      const a = typeof v === 'number' ? v : Number(v);
      const b = typeof e.value === 'number' ? e.value : Number(e.value);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      return e.op === '>' ? a > b : e.op === '<' ? a < b : e.op === '>=' ? a >= b : a <= b;
    }
  }
}
