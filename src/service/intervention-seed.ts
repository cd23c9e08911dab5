// The first interventions of a strategy are its own: each area's and the cross-cutting ones. When a definition is
// loaded, each without a stored intervention gets one with what the definition says of it — its status, responsible
// unit, period and indicators — and nothing else: where the definition is silent the field stays unstated ("Ikke
// angivet") and the intervention is linked to no indicator, for the tovholder to fill in. Runs inside the loading
// transaction.
import type { Transaction } from 'kysely';
import type { Actor } from '../domain/access/index.ts';
import { allInterventions, CROSS_CUTTING_AREA, type StrategyDefinition } from '../domain/strategy/index.ts';
import * as store from '../store/intervention-store.ts';
import type { Tables } from '../store/tables.ts';

/** Who a stored row names as creator or last editor: the user's id, or `cli`/`system`. */
export function actorName(actor: Actor): string {
  return actor.kind === 'user' ? (actor.userId ?? actor.id) : actor.id;
}

/**
 * Adds an intervention for every one the definition states that has none yet (an archived one counts as
 * present), with the fields the definition gives. Runs inside the caller's transaction.
 */
export async function seedInterventions(
  trx: Transaction<Tables>,
  definition: StrategyDefinition,
  at: Date,
  actor: Actor,
): Promise<readonly string[]> {
  const present = await store.seededItems(trx, definition.id);
  const added: string[] = [];
  const positions = new Map<string, number>();
  for (const { area, item } of allInterventions(definition)) {
    if (present.has(item.id)) continue;
    const areaId = area?.id ?? CROSS_CUTTING_AREA;
    const position = positions.get(areaId) ?? (await store.nextPosition(trx, definition.id, areaId));
    positions.set(areaId, position + 1);
    await store.insertIntervention(trx, {
      strategyId: definition.id,
      id: item.id,
      areaId,
      sourceItem: item.id,
      title: item.text,
      description: item.budget ? `Budget: ${item.budget}` : '',
      status: item.status ?? null,
      leadCentre: item.responsible ?? null,
      involvedCentres: item.involved ?? [],
      startsOn: item.period ? `${item.period.from}-01` : null,
      endsOn: item.period?.to ? lastDayOf(item.period.to) : null,
      indicatorIds: item.indicators ?? [],
      position,
      at,
      by: actorName(actor),
    });
    added.push(item.id);
  }
  return added;
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(d).padStart(2, '0')}`;
}
