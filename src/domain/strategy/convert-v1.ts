// Version 1 → version 2: a version 1 definition says the same in version 2's words. Its centres become units of
// kind centre, its coordinating centre the coordination's owner; the levels keep the names the pages always
// used, and nothing that version 1 could not say (goals, targets, statuses of interventions) is added. Pure.
import type { StrategyDefinitionV1 } from './schema-v1.ts';
import { FORMAT_VERSION, strategySchema, type StrategyDefinition, type StrategyInput } from './schema.ts';

export function convertV1(v1: StrategyDefinitionV1): StrategyDefinition {
  const { formatVersion: _version, centres, coordination, organisation, areas, ...rest } = v1;
  const input: StrategyInput = {
    format: FORMAT_VERSION,
    ...rest,
    organisation: {
      ...organisation,
      units: centres.map((c) => ({ id: c.id, name: c.name, kind: 'centre' as const })),
    },
    coordination: { owner: coordination.centre, team: coordination.unit, text: coordination.text },
    areas: areas.map((a) => ({ ...a, indicators: a.indicators.map((i) => ({ ...i })) })),
  };
  // A valid version 1 definition is a valid version 2 one; parsing applies version 2's defaults.
  return strategySchema.parse(input);
}
