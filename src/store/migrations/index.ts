// Every migration in order. A static list (not a folder scan) so the set is the same in every build.
import type { Migration } from 'kysely';
import * as m001 from './001-strategy.ts';

export const migrations: Record<string, Migration> = {
  '001-strategy': m001,
};
