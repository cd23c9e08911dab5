// Who is acting: a logged-in user with roles, the operator at the command line, the system itself at
// start-up, or the anonymous public. Every write names one, and the audit log records it.

export type Role = 'admin' | 'editor' | 'reader';

export type Actor =
  | { readonly kind: 'user'; readonly id: string; readonly roles: readonly Role[]; readonly origin: string }
  | { readonly kind: 'cli'; readonly id: string; readonly origin: 'cli' }
  | { readonly kind: 'system'; readonly id: 'system'; readonly origin: 'system' }
  | { readonly kind: 'anonymous'; readonly id: 'anonymous'; readonly origin: string };

export const systemActor: Actor = { kind: 'system', id: 'system', origin: 'system' };

export function cliActor(user: string): Actor {
  return { kind: 'cli', id: user || 'cli', origin: 'cli' };
}

export function anonymousActor(origin: string): Actor {
  return { kind: 'anonymous', id: 'anonymous', origin };
}
