// The units of the organisation (centres, committees, the council, partners), as the loaded strategies name
// them: what an editor can be bound to. An editor edits what their units own or take part in.
import type { Database } from '../store/database.ts';
import { getStrategy, listStrategies } from './strategies.ts';

export interface Centre {
  readonly id: string;
  readonly name: string;
}

/** Every unit of every strategy's current version, by name; one entry per id. */
export async function listCentres(database: Database): Promise<readonly Centre[]> {
  const byId = new Map<string, string>();
  for (const s of await listStrategies(database)) {
    const full = await getStrategy(database, s.strategyId);
    for (const c of full?.definition.organisation.units ?? []) if (!byId.has(c.id)) byId.set(c.id, c.name);
  }
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'da'));
}
