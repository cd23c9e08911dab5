// The codes a derivation names, matched to the codes its table holds. StatBank writes an all-digit code with the
// leading zeros of its code list ("000", "084", "00"), while copies of those lists often drop them ("0", "84"), and
// a total may be `0`, `00` or `TOT` depending on the table: an all-digit code is found under either spelling and
// the spelling found is said, so a definition written from either kind of list reads the table it meets.
import type { Derivation } from '../strategy/schema.ts';
import { folk1eOriginCodes } from './origin.ts';

/** An all-digit code without its leading zeros ("000" → "0", "084" → "84"); any other code as it is. */
export function canonicalCode(code: string): string {
  return /^\d+$/.test(code) ? code.replace(/^0+(?=\d)/, '') : code;
}

/** The codes of each variable the table holds (its cells' dims), e.g. HERKOMST → {00, 10, 21, …}. */
export type TableCodes = ReadonlyMap<string, ReadonlySet<string>>;

export interface ResolvedDerivation {
  /** The derivation with every code it names written as the table writes it (unchanged where the table has none). */
  readonly derivation: Derivation;
  /** What was found: a code met under another spelling, the origin variable's total, codes not read. */
  readonly notes: readonly string[];
}

/** Each variable's codes of the table by canonical spelling; a table holding two spellings of one code keeps both. */
function spellings(codes: TableCodes): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const [variable, set] of codes) {
    const byCanon = new Map<string, string[]>();
    for (const code of set) {
      const canon = canonicalCode(code);
      const list = byCanon.get(canon);
      if (list) list.push(code);
      else byCanon.set(canon, [code]);
    }
    out.set(variable, byCanon);
  }
  return out;
}

/**
 * The derivation as the table spells its codes. A code the table has as written is kept; an all-digit code the
 * table has only under another spelling (leading zeros added or dropped) is replaced by the table's and said; a
 * code the table lacks is kept, so the derivation names it as absent.
 */
export function resolveDerivationCodes(derivation: Derivation, codes: TableCodes): ResolvedDerivation {
  const byVariable = spellings(codes);
  const notes: string[] = [];
  const seen = new Set<string>();
  const resolve = (variable: string, code: string): string => {
    const table = codes.get(variable);
    if (!table || table.has(code)) return code;
    const found = byVariable.get(variable)?.get(canonicalCode(code));
    if (!found || found.length !== 1) return code;
    const spelled = found[0] as string;
    const note = `${variable} ${code} is ${spelled} in the table`;
    if (!seen.has(note)) {
      seen.add(note);
      notes.push(note);
    }
    return spelled;
  };
  const selection = (s: Readonly<Record<string, readonly string[]>> | undefined) =>
    s &&
    Object.fromEntries(Object.entries(s).map(([v, list]) => [v, list.map((c) => resolve(v, c))] as const));

  const originCodes = Object.fromEntries(
    Object.entries(derivation.originCodes ?? folk1eOriginCodes).map(([code, category]) => [
      resolve(derivation.origin, code),
      category,
    ]),
  );
  const resolved: Derivation = {
    ...derivation,
    originCodes,
    ...(derivation.select && { select: selection(derivation.select) }),
    numerator: selection(derivation.numerator) ?? {},
    denominator: selection(derivation.denominator) ?? {},
    ...(derivation.sex && {
      sex: {
        variable: derivation.sex.variable,
        total: resolve(derivation.sex.variable, derivation.sex.total),
        women: resolve(derivation.sex.variable, derivation.sex.women),
        men: resolve(derivation.sex.variable, derivation.sex.men),
      },
    }),
  };

  // The origin variable's total and the codes the derivation does not read (sub-totals such as "immigrants").
  const origins = codes.get(derivation.origin);
  if (origins) {
    const named = originCodes;
    const totals = [...origins].filter((c) => named[c] === 'all');
    if (totals.length > 0) notes.push(`${derivation.origin}'s total is ${totals.join(', ')} in the table`);
    else notes.push(`${derivation.origin} has none of the total codes named (${totalsNamed(named)})`);
    const unread = [...origins].filter((c) => named[c] === undefined).sort();
    if (unread.length > 0) notes.push(`${derivation.origin} ${unread.join(', ')} not read (not named)`);
  }
  return { derivation: resolved, notes };
}

function totalsNamed(named: Readonly<Record<string, string>>): string {
  const totals = Object.keys(named).filter((c) => named[c] === 'all');
  return totals.length > 0 ? totals.join(', ') : 'none named';
}

/**
 * Whether the derivation reads a cell of these codes: its origin is named, and it is in the selection, in the
 * numerator's or the denominator's cells, and of a sex the derivation reads. The table's other cells need not be
 * read at all (a whole table of every municipality is millions of cells; an indicator reads a few per cent).
 */
export function derivationReads(derivation: Derivation, dims: Readonly<Record<string, string>>): boolean {
  const origin = dims[derivation.origin];
  if (origin === undefined) return false;
  if ((derivation.originCodes ?? folk1eOriginCodes)[origin] === undefined) return false;
  const inSelection = (s: Readonly<Record<string, readonly string[]>> | undefined) => {
    if (!s) return true;
    for (const v in s) {
      const code = dims[v];
      if (code === undefined || !(s[v] as readonly string[]).includes(code)) return false;
    }
    return true;
  };
  if (!inSelection(derivation.select)) return false;
  if (!inSelection(derivation.numerator) && !inSelection(derivation.denominator)) return false;
  const sex = derivation.sex;
  if (sex) {
    const code = dims[sex.variable];
    if (code !== sex.total && code !== sex.women && code !== sex.men) return false;
  }
  return true;
}
