// The policy as a table: every kind of actor × every action × whether the actor's centre owns the area.
// One row per case, so a changed rule shows up as exactly the rows it changes.
import { describe, expect, it } from 'vitest';
import {
  anonymousActor,
  cliActor,
  decide,
  systemActor,
  type Action,
  type Actor,
  type AreaResource,
  type Role,
  type SurveyRoundResource,
} from './index.ts';

const user = (roles: Role[], centres: string[] = []): Actor => ({
  kind: 'user',
  id: `${roles.join('+') || 'none'}@test`,
  roles,
  centres,
  origin: '127.0.0.1',
});

const actors: Record<string, Actor> = {
  anonymous: anonymousActor('127.0.0.1'),
  reader: user(['reader']),
  'editor of A': user(['editor'], ['centre-a']),
  'editor of B': user(['editor'], ['centre-b']),
  'editor of A and B': user(['editor'], ['centre-a', 'centre-b']),
  'editor of C': user(['editor'], ['centre-c']),
  'editor without centre': user(['editor']),
  admin: user(['admin']),
  'reader + editor of B': user(['reader', 'editor'], ['centre-b']),
  'user without role': user([]),
  cli: cliActor('operator'),
  system: systemActor,
};

/** An area led by centre A with centre C involved. */
const areaOfA: AreaResource = { kind: 'area', lead: 'centre-a', involved: ['centre-c'] };

/** A survey round about A's area and one about no area (its questionnaire feeds no indicator of the strategy). */
const roundOfA: SurveyRoundResource = {
  kind: 'survey-round',
  areas: [{ kind: 'area', lead: 'centre-b', involved: [] }, areaOfA],
};
const roundWithoutArea: SurveyRoundResource = { kind: 'survey-round', areas: [] };

type Row = [
  actor: string,
  action: Action,
  resource: 'area of A' | 'round of A' | 'round without area' | 'no area' | '-',
  allowed: boolean,
];

const rows: Row[] = [
  // strategy.load: the operator, the system and administrators
  ['anonymous', 'strategy.load', '-', false],
  ['reader', 'strategy.load', '-', false],
  ['editor of A', 'strategy.load', '-', false],
  ['editor of B', 'strategy.load', '-', false],
  ['admin', 'strategy.load', '-', true],
  ['cli', 'strategy.load', '-', true],
  ['system', 'strategy.load', '-', true],
  // evaluation.manage: administrators (and the console) open, freeze and decide evaluation rounds
  ['anonymous', 'evaluation.manage', '-', false],
  ['reader', 'evaluation.manage', '-', false],
  ['editor of A', 'evaluation.manage', '-', false],
  ['admin', 'evaluation.manage', '-', true],
  ['cli', 'evaluation.manage', '-', true],
  // area.signoff: only an editor of the lead centre (not an involved centre, not an administrator)
  ['editor of A', 'area.signoff', 'area of A', true],
  ['editor of A and B', 'area.signoff', 'area of A', true],
  ['editor of C', 'area.signoff', 'area of A', false],
  ['editor of B', 'area.signoff', 'area of A', false],
  ['admin', 'area.signoff', 'area of A', false],
  ['reader', 'area.signoff', 'area of A', false],
  ['anonymous', 'area.signoff', 'area of A', false],
  ['editor of A', 'area.signoff', 'no area', false],
  ['cli', 'area.signoff', 'area of A', true],
  // user.manage: administrators (and the console)
  ['anonymous', 'user.manage', '-', false],
  ['reader', 'user.manage', '-', false],
  ['editor of A', 'user.manage', '-', false],
  ['editor of B', 'user.manage', '-', false],
  ['editor of A and B', 'user.manage', '-', false],
  ['admin', 'user.manage', '-', true],
  ['cli', 'user.manage', '-', true],
  ['system', 'user.manage', '-', true],
  // audit.read: administrators only
  ['anonymous', 'audit.read', '-', false],
  ['reader', 'audit.read', '-', false],
  ['editor of B', 'audit.read', '-', false],
  ['admin', 'audit.read', '-', true],
  ['cli', 'audit.read', '-', true],
  // internal.read: every logged-in role, never the public
  ['anonymous', 'internal.read', '-', false],
  ['user without role', 'internal.read', '-', false],
  ['reader', 'internal.read', '-', true],
  ['editor of A', 'internal.read', '-', true],
  ['editor of B', 'internal.read', '-', true],
  ['admin', 'internal.read', '-', true],
  // area.edit: the lead's or an involved centre's editor, and administrators
  ['anonymous', 'area.edit', 'area of A', false],
  ['reader', 'area.edit', 'area of A', false],
  ['editor of A', 'area.edit', 'area of A', true],
  ['editor of B', 'area.edit', 'area of A', false],
  ['editor of C', 'area.edit', 'area of A', true],
  ['editor of A and B', 'area.edit', 'area of A', true],
  ['editor without centre', 'area.edit', 'area of A', false],
  ['reader + editor of B', 'area.edit', 'area of A', false],
  ['admin', 'area.edit', 'area of A', true],
  ['cli', 'area.edit', 'area of A', true],
  ['system', 'area.edit', 'area of A', true],
  // …and never without saying which area
  ['editor of A', 'area.edit', 'no area', false],
  ['admin', 'area.edit', 'no area', false],
  // survey.read: readers and administrators every round; an editor a round about an area they may edit
  ['anonymous', 'survey.read', 'round of A', false],
  ['user without role', 'survey.read', 'round of A', false],
  ['reader', 'survey.read', 'round of A', true],
  ['reader', 'survey.read', 'round without area', true],
  ['editor of A', 'survey.read', 'round of A', true],
  ['editor of B', 'survey.read', 'round of A', true],
  ['editor of C', 'survey.read', 'round of A', true],
  ['editor without centre', 'survey.read', 'round of A', false],
  ['editor of A', 'survey.read', 'round without area', false],
  ['editor of A', 'survey.read', 'area of A', false],
  ['admin', 'survey.read', 'round without area', true],
  ['cli', 'survey.read', 'round without area', true],
  // …and an area rule never takes a survey round for an area
  ['admin', 'area.edit', 'round of A', false],
  ['editor of A', 'area.signoff', 'round of A', false],
  // sessions: anyone may try to log in; only a holder of a session can use or end one
  ['anonymous', 'session.login', '-', true],
  ['reader', 'session.login', '-', true],
  ['anonymous', 'session.logout', '-', false],
  ['reader', 'session.logout', '-', true],
  ['anonymous', 'session.use', '-', false],
  ['editor of A', 'session.use', '-', true],
];

describe('access policy', () => {
  it.each(rows)('%s → %s (%s): %s', (actor, action, resource, allowed) => {
    const a = actors[actor] as Actor;
    const decision = decide(
      a,
      action,
      resource === 'area of A'
        ? areaOfA
        : resource === 'round of A'
          ? roundOfA
          : resource === 'round without area'
            ? roundWithoutArea
            : undefined,
    );
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) expect(decision.reason).toMatch(/\w/);
  });

  it('has a row for every action and every kind of actor', () => {
    const actions: Action[] = [
      'strategy.load',
      'user.manage',
      'audit.read',
      'internal.read',
      'area.edit',
      'survey.read',
      'session.login',
      'session.use',
      'session.logout',
    ];
    for (const action of actions)
      expect(
        rows.some((r) => r[1] === action),
        action,
      ).toBe(true);
    for (const kind of ['anonymous', 'reader', 'editor of A', 'editor of B', 'admin'])
      expect(rows.filter((r) => r[0] === kind).length, kind).toBeGreaterThanOrEqual(4);
  });
});
