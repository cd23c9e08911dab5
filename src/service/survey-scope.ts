// Whose a survey round is: its focus areas are the strategy areas of the indicators its questionnaire version's
// `indicatorFeeds` feed (questionnaire → indicator ids → the area that holds each indicator in the newest
// version of the questionnaire's strategy). The policy's `survey.read` lets an editor read a round only when
// one of those areas is theirs to edit; administrators and readers read every round. A round whose feeds name
// no indicator of the strategy has no focus area, and no editor reads it.
import { areaResource, decide, type Actor, type SurveyRoundResource } from '../domain/access/index.ts';
import type { Database } from './database.ts';
import { getStrategy } from './strategies.ts';
import { roundQuestionnaire, type SurveyRoundRow } from './surveys.ts';

export interface RoundFocusArea {
  readonly id: string;
  readonly title: string;
}

export interface RoundScope {
  readonly strategyId: string;
  /** In the strategy's order of areas, each once. */
  readonly areas: readonly RoundFocusArea[];
  /** What the policy is asked about. */
  readonly resource: SurveyRoundResource;
}

type StrategyOf = Awaited<ReturnType<typeof getStrategy>>;

/** The focus areas of each round, by round id; the strategies are read once per call. */
export async function roundScopes(
  database: Database,
  rounds: readonly SurveyRoundRow[],
): Promise<ReadonlyMap<string, RoundScope>> {
  const strategies = new Map<string, StrategyOf>();
  const out = new Map<string, RoundScope>();
  for (const round of rounds) {
    const q = await roundQuestionnaire(database, round.id);
    if (!strategies.has(q.strategy)) strategies.set(q.strategy, await getStrategy(database, q.strategy));
    const strategy = strategies.get(q.strategy);
    const fed = new Set(q.indicatorFeeds.map((f) => f.indicator));
    const areas = (strategy?.definition.areas ?? []).filter((a) => a.indicators.some((i) => fed.has(i.id)));
    out.set(round.id, {
      strategyId: q.strategy,
      areas: areas.map((a) => ({ id: a.id, title: a.title })),
      resource: { kind: 'survey-round', areas: areas.map(areaResource) },
    });
  }
  return out;
}

/** The focus areas of one round. */
export async function roundScope(database: Database, round: SurveyRoundRow): Promise<RoundScope> {
  return (await roundScopes(database, [round])).get(round.id) as RoundScope;
}

/** The rounds the actor may read (`survey.read`), in the order given. */
export async function readableRounds(
  database: Database,
  actor: Actor,
  rounds: readonly SurveyRoundRow[],
): Promise<readonly SurveyRoundRow[]> {
  const scopes = await roundScopes(database, rounds);
  return rounds.filter((r) => {
    const scope = scopes.get(r.id);
    return scope !== undefined && decide(actor, 'survey.read', scope.resource).allowed;
  });
}
