// Roles from a single sign-on provider: the values of one claim (e.g. `roles` from Entra ID app roles) mapped
// to Pejlemærke roles by a table the municipality configures. Pure; unknown values are ignored, so a user
// with none of the mapped values gets no role and is refused.
import type { Role } from './actor.ts';

/** `admin`, `reader`, or `editor:<centre id>` — the right-hand side of OIDC_ROLE_MAP. */
export type RoleGrant =
  { readonly role: 'admin' | 'reader' } | { readonly role: 'editor'; readonly centre: string };

const centreId = /^[a-z0-9][a-z0-9-]{0,99}$/;

export function parseRoleGrant(text: string): RoleGrant | undefined {
  if (text === 'admin' || text === 'reader') return { role: text };
  const m = /^editor:(.+)$/.exec(text);
  if (m && centreId.test(m[1] as string)) return { role: 'editor', centre: m[1] as string };
  return undefined;
}

/** A claim's value as a list: a string, or an array whose string members count. */
export function claimValues(claim: unknown): readonly string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((v): v is string => typeof v === 'string');
  return [];
}

export function mapRoles(
  values: readonly string[],
  map: Readonly<Record<string, RoleGrant>>,
): { readonly roles: readonly Role[]; readonly centres: readonly string[] } {
  const roles = new Set<Role>();
  const centres = new Set<string>();
  for (const v of values) {
    const grant = Object.hasOwn(map, v) ? map[v] : undefined;
    if (!grant) continue;
    roles.add(grant.role);
    if (grant.role === 'editor') centres.add(grant.centre);
  }
  const order: readonly Role[] = ['admin', 'editor', 'reader'];
  return { roles: order.filter((r) => roles.has(r)), centres: [...centres].sort() };
}
