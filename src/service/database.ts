// The database handle as the layers above the service see it: a type to pass along, never to query.
export type { Database } from '../store/database.ts';
