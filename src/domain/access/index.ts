// Public entry of access control: actors and the policy.
export * from './actor.ts';
export * from './policy.ts';
