// Row types of every table, as Kysely sees them. One interface per table; JSON columns typed as unknown
// and validated where they are read.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, never>;

export interface StrategyTable {
  id: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface StrategyVersionTable {
  strategy_id: string;
  version: number;
  content_hash: string;
  format_version: number;
  /** The validated definition; stored as written so a version can be shown again years later. */
  definition: ColumnType<unknown, string, never>;
  title: string;
  source_file: string;
  loaded_at: Timestamp;
  loaded_by: string;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: ColumnType<Date, Date | string | undefined, never>;
  actor: string;
  actor_kind: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  origin: string | null;
  outcome: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
}

export interface Tables {
  strategy: StrategyTable;
  strategy_version: StrategyVersionTable;
  audit_log: AuditLogTable;
}
