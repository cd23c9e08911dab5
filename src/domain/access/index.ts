// Public entry of access control: actors, the policy, and the mapping of sign-on roles.
export * from './actor.ts';
export * from './policy.ts';
export * from './role-mapping.ts';
