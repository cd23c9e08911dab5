// The one place that says who may do what. Pure: the write gate asks it before every change.
import type { Actor } from './actor.ts';

export type Action = 'strategy.load';

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const allow: Decision = { allowed: true };

export function decide(actor: Actor, action: Action): Decision {
  switch (action) {
    case 'strategy.load':
      // The operator at the console already holds the database; the system seeds on first start.
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      if (actor.kind === 'user' && actor.roles.includes('admin')) return allow;
      return { allowed: false, reason: 'only an administrator may load a strategy definition' };
  }
}
