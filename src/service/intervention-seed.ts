// The first interventions of a strategy are its own bullets ("Indsatserne omfatter ..."): when a definition
// is loaded, each bullet without an intervention gets one, with the area's centres, the strategy's period and
// the area's indicators, for the tovholder to refine. Runs inside the loading transaction.
import type { Transaction } from 'kysely';
import type { Actor } from '../domain/access/index.ts';
import type { InterventionStatus } from '../domain/followup/index.ts';
import type { StrategyDefinition } from '../domain/strategy/index.ts';
import * as store from '../store/intervention-store.ts';
import type { Tables } from '../store/tables.ts';

/** Who a stored row names as creator or last editor: the user's id, or `cli`/`system`. */
export function actorName(actor: Actor): string {
  return actor.kind === 'user' ? (actor.userId ?? actor.id) : actor.id;
}

/** The status a seeded intervention starts with: under way while the strategy period runs. */
const seededStatus: InterventionStatus = 'ongoing';

/**
 * Adds an intervention for every strategy bullet that has none yet (an archived one counts as present), with
 * the area's centres, the strategy's period and the area's indicators. Runs inside the caller's transaction.
 */
export async function seedInterventions(
  trx: Transaction<Tables>,
  definition: StrategyDefinition,
  at: Date,
  actor: Actor,
): Promise<readonly string[]> {
  const present = await store.seededItems(trx, definition.id);
  const added: string[] = [];
  for (const area of definition.areas) {
    let position = await store.nextPosition(trx, definition.id, area.id);
    for (const item of area.interventions.items) {
      if (present.has(item.id)) continue;
      await store.insertIntervention(trx, {
        strategyId: definition.id,
        id: item.id,
        areaId: area.id,
        sourceItem: item.id,
        title: item.text,
        description: '',
        status: seededStatus,
        leadCentre: area.organisation.lead,
        involvedCentres: area.organisation.involved,
        startsOn: `${definition.period.from}-01`,
        endsOn: lastDayOf(definition.period.to),
        indicatorIds: area.indicators.map((i) => i.id),
        position: position++,
        at,
        by: actorName(actor),
      });
      added.push(item.id);
    }
  }
  return added;
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(d).padStart(2, '0')}`;
}
