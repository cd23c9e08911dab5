// Who is acting: a logged-in user with roles, the operator at the command line, the system itself at
// start-up, or the anonymous public. Every write names one, and the audit log records it.

export type Role = 'admin' | 'editor' | 'reader';

/** Every role, in the order they are shown: admin (the coordinators), editor (tovholder), reader (e.g. a political committee). */
export const roles: readonly Role[] = ['admin', 'editor', 'reader'];

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (roles as readonly string[]).includes(v);
}

export type Actor =
  | {
      readonly kind: 'user';
      /** The login name (e-mail) as the audit log shows it. */
      readonly id: string;
      readonly roles: readonly Role[];
      readonly origin: string;
      /** For an editor: the centres they act for, and through them the areas those centres lead or join. */
      readonly centres?: readonly string[];
      /** The account's database id, when the actor came from a login. */
      readonly userId?: string;
    }
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

export function userActor(
  user: {
    readonly id: string;
    readonly email: string;
    readonly roles: readonly Role[];
    readonly centres: readonly string[];
  },
  origin: string,
): Actor {
  return { kind: 'user', id: user.email, userId: user.id, roles: user.roles, centres: user.centres, origin };
}
