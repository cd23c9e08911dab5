// The one place that says who may do what. Pure: the write gate and the web layer ask it before acting.
import type { Actor } from './actor.ts';

export type Action =
  | 'strategy.load'
  /** Store figures from the APIs and files. */
  | 'observations.import'
  /** Add, disable and reset users. */
  | 'user.manage'
  /** Read (and export) the audit log. */
  | 'audit.read'
  /** Pages for staff only: every logged-in role may read them, the public may not. */
  | 'internal.read'
  /** Change what belongs to one focus area (its notes, interventions, round notes); resource-scoped. */
  | 'area.edit'
  /** Open and close follow-up rounds for the whole strategy. */
  | 'round.manage'
  /** Open, freeze and record the decision of an evaluation round. */
  | 'evaluation.manage'
  /** Sign off an area's assessment in an evaluation: the tovholder, an editor of the area's lead centre. */
  | 'area.signoff'
  /** Register questionnaires, open, close and publish survey rounds, import recipients, read raw answers. */
  | 'survey.manage'
  /**
   * Read a survey round's page and response rates, resource-scoped to the round's focus areas (the areas of the
   * indicators its questionnaire feeds): administrators and readers read every round, an editor only a round
   * with a focus area they may edit. Recipients, mail state and raw answers stay `survey.manage`.
   */
  | 'survey.read'
  /** Answer a survey through a personal link: the link's token is the respondent's key, checked by the service. */
  | 'survey.answer'
  /** Try to log in; anyone may, and every try is recorded. */
  | 'session.login'
  /** Keep a session alive or end it when it has expired; bookkeeping of a session the actor holds. */
  | 'session.use'
  | 'session.logout';

/** A focus area as the policy needs it: the centres that answer for it (strategy definition `organisation`). */
export interface AreaResource {
  readonly kind: 'area';
  /** The tovholder centre. */
  readonly lead: string;
  readonly involved: readonly string[];
}

/** A survey round as the policy needs it: the focus areas its questionnaire feeds (none when it feeds none). */
export interface SurveyRoundResource {
  readonly kind: 'survey-round';
  readonly areas: readonly AreaResource[];
}

export type Resource = AreaResource | SurveyRoundResource;

/**
 * Why the policy refuses, as a code: the pages word each one in the reader's language, while the audit log and
 * the error raised keep the English sentence below (entries written before the codes existed hold only that).
 */
export const refusalReasons = {
  'admin-only.strategy': 'only an administrator may load a strategy definition',
  'admin-only.users': 'only an administrator may manage users',
  'admin-only.audit': 'only an administrator may read the audit log',
  'login-required': 'log in to see this page',
  'no-area': 'no focus area given',
  'other-centre': 'this area is led by another centre',
  'lead-or-admin': 'only the tovholder of the area or an administrator may change it',
  'admin-only.rounds': 'only an administrator may open or close a follow-up round',
  'admin-only.import': 'only an administrator may import figures',
  'no-session': 'there is no session to end',
  'admin-only.evaluation': 'only an administrator may open, freeze or decide an evaluation round',
  'lead-editor-only': 'only an editor of the centre that leads the area may sign off its assessment',
  'admin-only.surveys': 'only an administrator may manage surveys and read their answers',
  'survey-other-area': 'this survey round is about focus areas of other centres',
} as const;

export type RefusalCode = keyof typeof refusalReasons;

export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly code: RefusalCode; readonly reason: string };

const allow: Decision = { allowed: true };
const deny = (code: RefusalCode): Decision => ({ allowed: false, code, reason: refusalReasons[code] });

const codeByReason = new Map(
  Object.entries(refusalReasons).map(([code, reason]) => [reason as string, code as RefusalCode]),
);

/** The code of a refusal reason as the audit log holds it; undefined for a text the policy did not write. */
export function refusalCodeOf(reason: string): RefusalCode | undefined {
  return codeByReason.get(reason);
}

export function areaResource(area: {
  readonly organisation: { readonly lead: string; readonly involved: readonly string[] };
}): AreaResource {
  return { kind: 'area', lead: area.organisation.lead, involved: area.organisation.involved };
}

function hasRole(actor: Actor, role: 'admin' | 'editor' | 'reader'): boolean {
  return actor.kind === 'user' && actor.roles.includes(role);
}

export function decide(actor: Actor, action: Action, resource?: Resource): Decision {
  switch (action) {
    case 'strategy.load':
      // The operator at the console already holds the database; the system seeds on first start.
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      if (hasRole(actor, 'admin')) return allow;
      return deny('admin-only.strategy');
    case 'user.manage':
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      if (hasRole(actor, 'admin')) return allow;
      return deny('admin-only.users');
    case 'audit.read':
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      if (hasRole(actor, 'admin')) return allow;
      return deny('admin-only.audit');
    case 'internal.read':
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      if (actor.kind === 'user' && actor.roles.length > 0) return allow;
      return deny('login-required');
    case 'area.edit': {
      if (!resource || resource.kind !== 'area') return deny('no-area');
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      // The coordinators (admins) coordinate the whole strategy (coordination.unit), so it may act for any area.
      if (hasRole(actor, 'admin')) return allow;
      if (hasRole(actor, 'editor') && actor.kind === 'user') {
        const own = actor.centres ?? [];
        if (own.includes(resource.lead) || resource.involved.some((c) => own.includes(c))) return allow;
        return deny('other-centre');
      }
      return deny('lead-or-admin');
    }
    case 'round.manage':
      // The coordinators set the rounds the tovholdere report in.
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      if (hasRole(actor, 'admin')) return allow;
      return deny('admin-only.rounds');
    case 'evaluation.manage':
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      if (hasRole(actor, 'admin')) return allow;
      return deny('admin-only.evaluation');
    case 'area.signoff':
      // The sign-off is the tovholder's own: the lead centre's editors, not the involved centres nor an admin.
      if (!resource || resource.kind !== 'area') return deny('no-area');
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      if (hasRole(actor, 'editor') && actor.kind === 'user' && (actor.centres ?? []).includes(resource.lead))
        return allow;
      return deny('lead-editor-only');
    case 'observations.import':
      // Bulk figures from the APIs and files: the coordinators (admin), the console and the start-up seed.
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      if (hasRole(actor, 'admin')) return allow;
      return deny('admin-only.import');
    case 'survey.manage':
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      if (hasRole(actor, 'admin')) return allow;
      return deny('admin-only.surveys');
    case 'survey.read': {
      if (actor.kind === 'cli' || actor.kind === 'system') return allow;
      // Readers read everything and change nothing; administrators coordinate every area.
      if (hasRole(actor, 'admin') || hasRole(actor, 'reader')) return allow;
      if (hasRole(actor, 'editor')) {
        const areas = resource?.kind === 'survey-round' ? resource.areas : [];
        if (areas.some((a) => decide(actor, 'area.edit', a).allowed)) return allow;
        return deny('survey-other-area');
      }
      return deny('login-required');
    }
    case 'survey.answer':
      // Organisations answer without an account; the service lets only a valid link's holder write.
      return allow;
    case 'session.login':
      return allow;
    case 'session.use':
    case 'session.logout':
      if (actor.kind === 'user' || actor.kind === 'system' || actor.kind === 'cli') return allow;
      return deny('no-session');
  }
}
