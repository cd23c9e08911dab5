// What an account may hold, checked once at the edge of the service: the same rules for the command line
// and the web. Problems are codes (field + what is wrong), so each entry point words them in its language.
import { isRole, type Role } from '../domain/access/index.ts';
import { InvalidInputError } from './errors.ts';

export const limits = {
  emailMax: 254,
  nameMax: 200,
  /** NIST SP 800-63B asks for at least 8; the municipality's own rule is 12. */
  passwordMin: 12,
  /** Hashing is deliberately slow; an unbounded password would make it a denial of service. */
  passwordMax: 1024,
  centreMax: 100,
} as const;

export type AccountField = 'email' | 'displayName' | 'password' | 'role' | 'centres';

export type AccountProblemCode =
  | 'required'
  | 'tooLong'
  | 'tooShort'
  | 'invalid'
  | 'controlCharacters'
  | 'taken'
  | 'centreRequired'
  | 'centreNotAllowed'
  | 'lastAdmin';

export interface AccountProblem {
  readonly field: AccountField;
  readonly code: AccountProblemCode;
}

const english: Record<AccountProblemCode, string> = {
  required: 'is required',
  tooLong: 'is too long',
  tooShort: `must be at least ${limits.passwordMin} characters`,
  invalid: 'is not valid',
  controlCharacters: 'contains control characters',
  taken: 'is already used by another account',
  centreRequired: 'an editor needs at least one centre',
  centreNotAllowed: 'only an editor is bound to centres',
  lastAdmin: 'the last active administrator cannot lose the role',
};

export class AccountInputError extends InvalidInputError {
  constructor(readonly problems: readonly AccountProblem[]) {
    super(
      'the account was refused; nothing was stored',
      problems.map((p) => `${p.field}: ${english[p.code]}`),
    );
  }
}

export interface NewAccount {
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly centres: readonly string[];
  /** Absent for an account that logs in only through single sign-on. */
  readonly password?: string | undefined;
}

// C0 and C1 controls (NUL would even make PostgreSQL refuse the row); a name or address never holds them.
const controls = /\p{Cc}/u;
const emailShape = /^[^\s@]+@[^\s@]+$/;
const centreShape = /^[a-z0-9][a-z0-9-]*$/;

export function checkEmail(email: string): AccountProblem | undefined {
  if (email === '') return { field: 'email', code: 'required' };
  if (email.length > limits.emailMax) return { field: 'email', code: 'tooLong' };
  if (controls.test(email)) return { field: 'email', code: 'controlCharacters' };
  if (!emailShape.test(email)) return { field: 'email', code: 'invalid' };
  return undefined;
}

export function checkDisplayName(name: string): AccountProblem | undefined {
  if (name === '') return { field: 'displayName', code: 'required' };
  if (name.length > limits.nameMax) return { field: 'displayName', code: 'tooLong' };
  if (controls.test(name)) return { field: 'displayName', code: 'controlCharacters' };
  return undefined;
}

export function checkPassword(password: string): AccountProblem | undefined {
  if (password === '') return { field: 'password', code: 'required' };
  // Counted in characters as a person counts them, not UTF-16 units.
  const n = [...password].length;
  if (n < limits.passwordMin) return { field: 'password', code: 'tooShort' };
  if (password.length > limits.passwordMax) return { field: 'password', code: 'tooLong' };
  if (password.includes('\u0000')) return { field: 'password', code: 'controlCharacters' };
  return undefined;
}

export function checkRolesAndCentres(
  roles: readonly string[],
  centres: readonly string[],
): readonly AccountProblem[] {
  const problems: AccountProblem[] = [];
  if (roles.length === 0) problems.push({ field: 'role', code: 'required' });
  else if (!roles.every(isRole)) problems.push({ field: 'role', code: 'invalid' });
  if (centres.some((c) => c.length > limits.centreMax || !centreShape.test(c)))
    problems.push({ field: 'centres', code: 'invalid' });
  else if (roles.includes('editor') && centres.length === 0)
    problems.push({ field: 'centres', code: 'centreRequired' });
  else if (!roles.includes('editor') && centres.length > 0)
    problems.push({ field: 'centres', code: 'centreNotAllowed' });
  return problems;
}

/** The account as it will be stored (trimmed, centres sorted and unique), or every problem with it. */
export function checkNewAccount(input: NewAccount): NewAccount {
  const email = input.email.trim();
  const displayName = input.displayName.trim();
  const centres = [...new Set(input.centres.map((c) => c.trim()))].sort();
  const problems = [
    checkEmail(email),
    checkDisplayName(displayName),
    input.password === undefined ? undefined : checkPassword(input.password),
    ...checkRolesAndCentres(input.roles, centres),
  ].filter((p): p is AccountProblem => p !== undefined);
  if (problems.length > 0) throw new AccountInputError(problems);
  return { ...input, email, displayName, centres };
}
